// Project detection (client/src/toolchains/projects.ts) on in-memory folders: each kind from
// its configuration or its conventions, what detection notes, and why a folder is no project.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectProject, memoryProjectReader, type Detection, type Project } from '../../../client/src/toolchains/projects';

const WORLD = (name: string) => `package demo:app@0.1.0;\n\nworld ${name} {\n  export run: func() -> string;\n}\n`;
const JCO_DEPS = { devDependencies: { '@bytecodealliance/jco': '^1.35.0', '@bytecodealliance/componentize-js': '^0.22.0' } };

/** Detects the project at `/ws/<projectDir>` of a tree of files (paths relative to /ws). */
function detect(files: Record<string, string>, projectDir = 'app'): Promise<Detection> {
  return detectProject(`/ws/${projectDir}`, memoryProjectReader(files, projectDir));
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

async function project(files: Record<string, string>, projectDir = 'app'): Promise<Project> {
  const detection = await detect(files, projectDir);
  assert.notEqual(detection.kind, 'none', detection.kind === 'none' ? detection.reason : '');
  return detection as Project;
}

async function reason(files: Record<string, string>): Promise<string> {
  const detection = await detect(files);
  assert.equal(detection.kind, 'none');
  return (detection as { reason: string }).reason;
}

describe('JavaScript projects', () => {
  test('package.json "witStudio" says everything', async () => {
    const p = await project({
      'app/package.json': json({ name: 'my-plugin', ...JCO_DEPS, witStudio: { wit: 'wit', world: 'plugin', entry: 'src/plugin.js', out: 'dist/p.wasm', disable: ['all'] } }),
      'app/src/plugin.js': 'export const run = () => "hi";\n',
      'app/wit/plugin.wit': WORLD('plugin'),
    });
    assert.deepEqual(p, {
      kind: 'js',
      dir: '/ws/app',
      name: 'my-plugin',
      configSource: 'package.json',
      witPath: '/ws/app/wit',
      world: 'plugin',
      worlds: ['plugin'],
      entry: '/ws/app/src/plugin.js',
      out: '/ws/app/dist/p.wasm',
      disableFeatures: ['all'],
      notes: [],
    });
  });

  test('a dependency on jco, a wit/ folder and src/index.js are enough', async () => {
    const p = await project({
      'app/package.json': json({ name: 'conventional', ...JCO_DEPS }),
      'app/src/index.js': '',
      'app/wit/world.wit': WORLD('greeter'),
    });
    assert.deepEqual(
      { kind: p.kind, configSource: p.configSource, entry: p.entry, world: p.world, out: p.out, notes: p.notes },
      { kind: 'js', configSource: 'package.json', entry: '/ws/app/src/index.js', world: 'greeter', out: '/ws/app/build/greeter.wasm', notes: [] },
    );
  });

  test('"main" of package.json is the entry when "witStudio" has none', async () => {
    const p = await project({ 'app/package.json': json({ ...JCO_DEPS, main: './lib/component.mjs' }), 'app/lib/component.mjs': '', 'app/wit/w.wit': WORLD('w') });
    assert.equal(p.entry, '/ws/app/lib/component.mjs');
    assert.equal(p.name, 'app');
  });

  test('notes what is odd but usable', async () => {
    const p = await project({
      'app/package.json': json({ witStudio: { entry: 'src/missing.js', world: 'nope', bundle: 'yes', disable: 3 } }),
      'app/wit/w.wit': WORLD('one') + WORLD('two').replace(/^package.*\n/, ''),
    });
    assert.deepEqual(p.notes, [
      'package.json "witStudio": "bundle" must be true or false; it was ignored.',
      'package.json "witStudio": "disable" must be a list of strings; it was ignored.',
      'The world "nope" is not one of the WIT package\'s worlds (one, two).',
      'The entry "src/missing.js" does not exist.',
      'package.json does not depend on @bytecodealliance/jco and @bytecodealliance/componentize-js; the ones next to WIT Studio are used.',
    ]);
  });

  test('several worlds and none chosen: a note, and no world', async () => {
    const p = await project({ 'app/package.json': json(JCO_DEPS), 'app/index.js': '', 'app/wit/a.wit': WORLD('one'), 'app/wit/b.wit': 'package demo:app@0.1.0;\nworld two {}\n' });
    assert.equal(p.world, undefined);
    assert.deepEqual(p.worlds, ['one', 'two']);
    assert.deepEqual(p.notes, ['The WIT defines several worlds (one, two): choose one with "world" in package.json "witStudio".']);
  });

  test('worlds of nested packages are not the root package\'s', async () => {
    const p = await project({ 'app/package.json': json(JCO_DEPS), 'app/index.js': '', 'app/wit/a.wit': `${WORLD('root')}\npackage demo:nested {\n  world inner {}\n}\n` });
    assert.deepEqual(p.worlds, ['root']);
    assert.equal(p.world, 'root');
  });

  test('a JavaScript project without WIT or without an entry is none, saying what is missing', async () => {
    assert.equal(
      await reason({ 'app/package.json': json({ witStudio: { entry: 'index.js' } }), 'app/index.js': '' }),
      'A JavaScript (componentize-js) project needs its WIT: a wit/ folder, or "wit" in package.json "witStudio".',
    );
    assert.equal(
      await reason({ 'app/package.json': json(JCO_DEPS), 'app/wit/w.wit': WORLD('w') }),
      'A JavaScript component project needs its entry module: "entry" in package.json "witStudio" (or "main", or src/index.js).',
    );
  });
});

describe('C projects', () => {
  test('sources in src/ with a main: a command', async () => {
    const p = await project({ 'app/src/main.c': 'int main(void) { return 0; }\n', 'app/src/util.c': '', 'app/wit/w.wit': WORLD('cmd') });
    assert.deepEqual(p, {
      kind: 'c',
      dir: '/ws/app',
      name: 'app',
      configSource: 'convention',
      witPath: '/ws/app/wit',
      world: 'cmd',
      worlds: ['cmd'],
      sources: ['/ws/app/src/main.c', '/ws/app/src/util.c'],
      execModel: 'command',
      out: '/ws/app/build/cmd.wasm',
      notes: [],
    });
  });

  test('a main in a comment does not make a command', async () => {
    const p = await project({ 'app/lib.c': '// int main(void) is elsewhere\n/* int main() */\nint f(void) { return 1; }\n', 'app/wit/w.wit': WORLD('lib') });
    assert.equal(p.execModel, 'reactor');
  });

  test('wit-studio.json with the WIT in a sibling folder (the pipeline host)', async () => {
    const p = await project(
      {
        'pipeline/wit/pipeline.wit': 'package demo:pipeline@0.1.0;\ninterface plugin { name: func() -> string; }\nworld text-plugin { export plugin; }\nworld host { import plugin; }\n',
        'pipeline/host/wit-studio.json': json({ kind: 'c', wit: '../wit', world: 'host', sources: ['src/host.c'], execModel: 'reactor', out: 'build/host.wasm', cflags: ['-DNDEBUG'] }),
        'pipeline/host/src/host.c': '',
      },
      'pipeline/host',
    );
    assert.deepEqual(p, {
      kind: 'c',
      dir: '/ws/pipeline/host',
      name: 'host',
      configSource: 'wit-studio.json',
      witPath: '/ws/pipeline/wit',
      world: 'host',
      worlds: ['text-plugin', 'host'],
      sources: ['/ws/pipeline/host/src/host.c'],
      execModel: 'reactor',
      cflags: ['-DNDEBUG'],
      out: '/ws/pipeline/host/build/host.wasm',
      notes: [],
    });
  });

  test('a kind without what it needs is none; a wrong exec model is noted', async () => {
    assert.equal(
      await reason({ 'app/wit-studio.json': json({ kind: 'c' }), 'app/wit/w.wit': WORLD('w') }),
      'A C/C++ component project needs sources: "sources" in wit-studio.json, or .c/.cpp files in the folder or src/.',
    );
    const p = await project({ 'app/wit-studio.json': json({ execModel: 'library' }), 'app/a.c': '', 'app/wit/w.wit': WORLD('w') });
    assert.deepEqual(p.notes, ['"execModel" must be "reactor" or "command", not "library"; it was ignored.']);
  });
});

describe('Rust, Python and core-module projects', () => {
  test('a cargo-component crate', async () => {
    const p = await project({
      'app/Cargo.toml': '[package]\nname = "my-crate"\nversion = "0.1.0"\n\n[package.metadata.component]\npackage = "demo:app"\n\n[package.metadata.component.target]\npath = "wit"\nworld = "greeter"\n',
      'app/src/lib.rs': '',
      'app/wit/w.wit': WORLD('greeter'),
    });
    assert.deepEqual(p, {
      kind: 'rust',
      dir: '/ws/app',
      name: 'my-crate',
      configSource: 'Cargo.toml',
      witPath: '/ws/app/wit',
      world: 'greeter',
      worlds: ['greeter'],
      out: '/ws/app/target/wasm32-wasip1/release/my_crate.wasm',
      notes: [],
    });
  });

  test('a componentize-py app', async () => {
    const p = await project({ 'app/app.py': 'class Run: ...\n', 'app/wit/w.wit': WORLD('py') });
    assert.deepEqual(
      { kind: p.kind, entry: p.entry, world: p.world, out: p.out, configSource: p.configSource },
      { kind: 'python', entry: 'app', world: 'py', out: '/ws/app/build/py.wasm', configSource: 'convention' },
    );
  });

  test('a core module and its WIT', async () => {
    const p = await project({ 'app/module.wasm': '\0asm', 'app/world.wit': WORLD('core') });
    assert.deepEqual(
      { kind: p.kind, core: p.core, witPath: p.witPath, execModel: p.execModel, out: p.out },
      { kind: 'core-wasm', core: '/ws/app/module.wasm', witPath: '/ws/app/world.wit', execModel: undefined, out: '/ws/app/build/core.wasm' },
    );
    assert.equal(
      await reason({ 'app/wit-studio.json': json({ kind: 'core-wasm' }), 'app/a.wasm': '', 'app/b.wasm': '', 'app/wit/w.wit': WORLD('w') }),
      'Several .wasm files here (a.wasm, b.wasm): set "core" in wit-studio.json.',
    );
  });
});

describe('no project', () => {
  test('says why, in one sentence', async () => {
    assert.equal(await reason({}), 'The folder is empty or cannot be read.');
    assert.equal(await reason({ 'app/README.md': '' }), 'No component project here: no wit-studio.json, no package.json "witStudio", no wit/ folder.');
    assert.equal(await reason({ 'app/Cargo.toml': '[package]\nname = "plain"\n' }), 'Cargo.toml has no [package.metadata.component] section (cargo-component projects have one).');
    assert.equal(
      await reason({ 'app/wit/w.wit': WORLD('w'), 'app/notes.txt': '' }),
      'The folder has WIT but no sources a WIT Studio build knows (package.json with jco/componentize-js, Cargo.toml with [package.metadata.component], app.py or pyproject.toml for componentize-py, C/C++ sources, or a core .wasm).',
    );
    assert.equal(await reason({ 'app/wit-studio.json': json({ kind: 'go' }) }), 'Unknown project kind "go" (expected js, rust, python, c or core-wasm).');
  });

  test('a broken wit-studio.json is noted and ignored', async () => {
    const detection = await detect({ 'app/wit-studio.json': '[1, 2]', 'app/main.c': 'int main() {}', 'app/wit/w.wit': WORLD('w') });
    assert.equal(detection.kind, 'c');
    assert.deepEqual(detection.notes, ['wit-studio.json is not a JSON object; it was ignored.']);
    const unparsable = await detect({ 'app/wit-studio.json': '{ "kind": ', 'app/main.c': '', 'app/wit/w.wit': WORLD('w') });
    assert.match(unparsable.notes[0], /^wit-studio\.json is not valid JSON \(.+\); it was ignored\.$/);
  });
});
