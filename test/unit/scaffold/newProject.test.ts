// New component projects (client/src/scaffold/newProject.ts) written to temporary folders,
// detected and built as WIT: Build Component does (projects.ts, pipelines.ts: componentize-js,
// clang + wasi-libc, cargo-component where installed), and run in the bundled runner: the
// stubs' default values come back as exact WAVE, the command prints its greeting, the HTTP
// server answers.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createProject, type NewProjectRequest } from '../../../client/src/scaffold/newProject';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk } from '../../../client/src/toolchains/projects';
import { cToolchainProblem, examplesDir, tempDir, toolProblem, writeFiles } from '../../helpers/toolchains';
import { runComponent } from '../../helpers/wasmComponents';

/** A workspace package with a `deps/` package, exporting values of many kinds. */
const VALUES_WIT = {
  'wit/values.wit': `package test:values@0.1.0;

interface api {
  use test:shapes/types@0.1.0.{point, shape};

  record pair { left: string, right: u64 }
  enum color { red, green }
  flags perms { read, write-access }
  variant outcome { none-yet, count(u32) }

  describe: func(name: string) -> string;
  origin: func() -> point;
  first-shape: func() -> shape;
  pair-of: func(p: pair) -> pair;
  color-of: func() -> color;
  perms-of: func() -> perms;
  outcome-of: func() -> outcome;
  maybe: func() -> option<option<u8>>;
  checked: func(n: s32) -> result<tuple<u64, char>, string>;
  samples: func() -> list<f64>;
}

world values {
  export api;
  export answer: func() -> u32;
  export greet: func(name: string);
}
`,
  'wit/deps/shapes/types.wit': `package test:shapes@0.1.0;

interface types {
  record point { x: s32, y: s32 }
  variant shape { circle(f32), square(point) }
}
`,
};

/** What each stub of the values world returns, as the runner prints it. */
const VALUES_RESULTS: [string, string, string][] = [
  ['api.describe', '"x"', '""'],
  ['api.origin', '', '{x: 0, y: 0}'],
  ['api.first-shape', '', 'circle(0)'],
  ['api.pair-of', '{left: "a", right: 1}', '{left: "", right: 0}'],
  ['api.color-of', '', 'red'],
  ['api.perms-of', '', '{}'],
  ['api.outcome-of', '', 'none-yet'],
  ['api.maybe', '', 'none'],
  ['api.checked', '1', "ok((0, '\\u{0}'))"],
  ['api.samples', '', '[]'],
  ['answer', '', '0'],
  ['greet', '"x"', '()'],
];

function valuesWorkspace(): string {
  const dir = tempDir('scaffold-ws-');
  writeFiles(dir, VALUES_WIT);
  return join(dir, 'wit', 'values.wit');
}

/** Writes a project into a new temporary folder and builds it; returns the component. */
async function scaffoldAndBuild(request: Omit<NewProjectRequest, 'parent'>): Promise<{ dir: string; files: string[]; component: string }> {
  const parent = tempDir('scaffold-');
  const created = await createProject({ ...request, parent });
  assert.ok(created.ok, created.ok ? '' : created.message);
  const project = await detectProjectOnDisk(created.dir);
  assert.ok(project.kind !== 'none', project.kind === 'none' ? project.reason : '');
  assert.deepEqual(project.notes, []);
  const log: string[] = [];
  const built = await buildProject(project, { onLine: (line) => log.push(line) });
  assert.ok(built.ok, `${built.message}\n${log.join('\n')}`);
  assert.equal(built.output, join(created.dir, 'build', `${request.name}.wasm`));
  return { dir: created.dir, files: created.files, component: built.output! };
}

async function invoke(component: string, fn: string, args: string): Promise<string> {
  const run = runComponent(component, { kind: 'invoke', function: fn, args });
  const { wave } = await run.event('result');
  await run.done;
  return wave;
}

async function commandOutput(component: string): Promise<{ code: number | null; stdout: string[] }> {
  const run = runComponent(component, { kind: 'command', args: [] });
  const { code } = await run.done;
  return { code, stdout: run.stdout };
}

async function serveOnce(component: string): Promise<{ status: number; text: string }> {
  const run = runComponent(component, { kind: 'serve', port: 0 });
  try {
    const { url } = await run.event('listening');
    const response = await fetch(url);
    return { status: response.status, text: await response.text() };
  } finally {
    await run.process.stop(500);
  }
}

describe('new JavaScript projects (componentize-js)', () => {
  test('wasi:cli/command prints its greeting', async () => {
    const { files, component } = await scaffoldAndBuild({ world: 'wasi:cli/command', language: 'js', name: 'hello' });
    assert.deepEqual(files, [
      'package.json',
      'src/hello.js',
      'wit/deps/cli/package.wit',
      'wit/deps/clocks/package.wit',
      'wit/deps/filesystem/package.wit',
      'wit/deps/io/package.wit',
      'wit/deps/random/package.wit',
      'wit/deps/sockets/package.wit',
      'wit/world.wit',
    ]);
    assert.deepEqual(await commandOutput(component), { code: 0, stdout: ['Hello from hello'] });
  });

  test('wasi:http/proxy answers 200 with its hello', async () => {
    const { component } = await scaffoldAndBuild({ world: 'wasi:http/proxy', language: 'js', name: 'hello-http' });
    assert.deepEqual(await serveOnce(component), { status: 200, text: 'hello from hello-http\n' });
  });

  test('a workspace world with records, variants, flags and a deps/ package: every stub returns its default', async () => {
    const { dir, files, component } = await scaffoldAndBuild({ world: { file: valuesWorkspace(), name: 'values' }, language: 'js', name: 'values-js' });
    assert.deepEqual(files, ['package.json', 'src/values-js.js', 'wit/deps/shapes/types.wit', 'wit/values.wit']);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).witStudio, { wit: 'wit', world: 'values', entry: 'src/values-js.js', out: 'build/values-js.wasm' });
    // A run transpiles the 12 MB component (2–3 s): the functions whose values jco represents in ways of its own.
    const jsSpecific = ['api.pair-of', 'api.first-shape', 'api.perms-of', 'api.maybe', 'api.checked', 'greet'];
    for (const [fn, args, expected] of VALUES_RESULTS.filter(([fn]) => jsSpecific.includes(fn))) assert.equal(await invoke(component, fn, args), expected, fn);
  });

  test('the js-plugin example world: a resource as a class, results as their ok value', async () => {
    const { files, component } = await scaffoldAndBuild({ world: { file: join(examplesDir, 'js-plugin/wit/plugin.wit'), name: 'plugin' }, language: 'js', name: 'my-plugin' });
    assert.deepEqual(files, ['package.json', 'src/my-plugin.js', 'wit/plugin.wit']);
    assert.equal(await invoke(component, 'text.tokenize', '"a b"'), '[]');
    // WAVE leaves out a record's fields that are none (`longest`).
    assert.equal(await invoke(component, 'text.analyze', '"a"'), 'ok({tokens: 0, words: 0, numbers: 0, kinds: []})');
  });
});

describe('new C projects (clang + wasi-libc)', async () => {
  const skip = await cToolchainProblem();

  test('wasi:cli/command is a main that prints its greeting', { skip }, async () => {
    const { files, component } = await scaffoldAndBuild({ world: 'wasi:cli/command', language: 'c', name: 'hello-c' });
    assert.deepEqual(files.filter((f) => !f.startsWith('wit/deps/')), ['src/main.c', 'wit-studio.json', 'wit/world.wit']);
    assert.deepEqual(await commandOutput(component), { code: 0, stdout: ['Hello from hello-c'] });
  });

  test('a workspace world with a deps/ package: every stub returns its default', { skip }, async () => {
    const { component } = await scaffoldAndBuild({ world: { file: valuesWorkspace(), name: 'values' }, language: 'c', name: 'values-c' });
    for (const [fn, args, expected] of VALUES_RESULTS) assert.equal(await invoke(component, fn, args), expected, fn);
  });

  test('the c-clock example world: u32, u64 and string stubs', { skip }, async () => {
    const { dir, component } = await scaffoldAndBuild({ world: { file: join(examplesDir, 'c-clock/wit/clock.wit'), name: 'clock' }, language: 'c', name: 'my-clock' });
    assert.equal(await invoke(component, 'tick', ''), '0');
    assert.equal(await invoke(component, 'format-duration', '5'), '""');
    assert.ok(existsSync(join(dir, 'wit', 'clock.wit')));
  });

  test('a world of a package in deps/ is included by a package of the project; the deps/ folder is copied', { skip }, async () => {
    const ws = tempDir('scaffold-deps-');
    writeFiles(ws, {
      'wit/app.wit': 'package test:app;\n\nworld app {}\n',
      'wit/deps/greeter/greeter.wit': 'package test:greeter@0.1.0;\n\nworld greeter {\n  export greet: func(name: string) -> string;\n}\n',
    });
    const { dir, files, component } = await scaffoldAndBuild({ world: { file: join(ws, 'wit/deps/greeter/greeter.wit'), name: 'greeter' }, language: 'c', name: 'my-greeter' });
    assert.deepEqual(files.filter((f) => f.startsWith('wit/')), ['wit/deps/greeter/greeter.wit', 'wit/world.wit']);
    assert.equal(
      readFileSync(join(dir, 'wit/world.wit'), 'utf8'),
      'package component:my-greeter;\n\n/// The world greeter of test:greeter@0.1.0, from deps/.\nworld my-greeter {\n  include test:greeter/greeter@0.1.0;\n}\n',
    );
    assert.equal(await invoke(component, 'greet', '"x"'), '""');
  });
});

describe('new Rust projects (cargo-component)', async () => {
  const skip = (await toolProblem('cargo-component')) ?? (await toolProblem('cargo'));

  test('wasi:cli/command is a binary crate that prints its greeting', { skip }, async () => {
    const parent = tempDir('scaffold-rust-');
    const created = await createProject({ world: 'wasi:cli/command', language: 'rust', name: 'hello-rust', parent });
    assert.ok(created.ok, created.ok ? '' : created.message);
    assert.deepEqual(created.files, ['.gitignore', 'Cargo.toml', 'src/main.rs']);
    const project = await detectProjectOnDisk(created.dir);
    assert.equal(project.kind, 'rust');
    const built = await buildProject(project as Exclude<typeof project, { kind: 'none' }>);
    assert.ok(built.ok, built.message);
    assert.deepEqual(await commandOutput(built.output!), { code: 0, stdout: ['Hello from hello-rust'] });
  });
});

describe('what New Component refuses', () => {
  test('a folder that is not empty, and names that are not kebab-case', async () => {
    const parent = tempDir('scaffold-refuse-');
    mkdirSync(join(parent, 'taken'));
    writeFileSync(join(parent, 'taken', 'notes.txt'), 'mine');
    assert.deepEqual(await createProject({ world: 'wasi:cli/command', language: 'js', name: 'taken', parent }), { ok: false, message: `${join(parent, 'taken')} already exists and is not empty.` });
    assert.equal(readFileSync(join(parent, 'taken', 'notes.txt'), 'utf8'), 'mine');
    assert.deepEqual(await createProject({ world: 'wasi:cli/command', language: 'js', name: 'My App', parent }), {
      ok: false,
      message: 'Use lowercase kebab-case: letters, digits and dashes, starting with a letter (e.g. hello-world).',
    });
  });

  test('Rust for worlds other than wasi:cli/command, with what to do instead; nothing is written', async () => {
    const parent = tempDir('scaffold-refuse-');
    const result = await createProject({ world: 'wasi:http/proxy', language: 'rust', name: 'server', parent });
    assert.deepEqual(result, {
      ok: false,
      message: 'Rust projects are made here for wasi:cli/command only. For the world server, run `cargo component new --lib` and set [package.metadata.component.target] path = "wit", world = "server" in its Cargo.toml.',
    });
    assert.equal(existsSync(join(parent, 'server')), false);
  });

  test('a world whose WIT does not resolve, with jco\'s reason', async () => {
    const ws = tempDir('scaffold-bad-');
    writeFiles(ws, { 'wit/bad.wit': 'package test:bad;\n\nworld bad {\n  export nope;\n}\n' });
    const result = await createProject({ world: { file: join(ws, 'wit/bad.wit'), name: 'bad' }, language: 'js', name: 'bad-project', parent: ws });
    assert.deepEqual(result, { ok: false, message: 'The WIT of the world bad does not resolve: failed to parse package: wit/' });
    assert.equal(existsSync(join(ws, 'bad-project')), false);
  });
});
