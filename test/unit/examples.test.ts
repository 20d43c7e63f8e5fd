// Every component example in wit-examples/ builds with buildProject (a copy in a temporary
// folder) into a component with the interfaces its world promises; the pipeline's two
// components link and run together. The C examples are skipped without a C toolchain.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test, type TestContext } from 'node:test';
import { buildProject } from '../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project, type ProjectKind } from '../../client/src/toolchains/projects';
import { findTool } from '../../client/src/toolchains/tools';
import { COMPONENT_HEADER, cToolchainProblem, examplesDir, headerVersion, readWasm, tempCopy, tempDir, toolProblem } from '../helpers/toolchains';

interface Example {
  /** The project folder, relative to wit-examples/. */
  path: string;
  kind: ProjectKind;
  world: string;
  exports: string[];
  /** Imports that are not WASI's. */
  ownImports: string[];
  /** WASI interfaces that must be among the imports. */
  wasiImports: string[];
}

const EXAMPLES: Example[] = [
  { path: 'js-plugin', kind: 'js', world: 'plugin', exports: ['wit-studio:text-plugin/text@0.1.0'], ownImports: [], wasiImports: [] },
  {
    path: 'http-hello',
    kind: 'js',
    world: 'hello',
    exports: ['wasi:http/incoming-handler@0.2.12'],
    ownImports: [],
    wasiImports: ['wasi:http/types@0.2.12', 'wasi:io/streams@0.2.12'],
  },
  {
    path: 'c-clock',
    kind: 'c',
    world: 'clock',
    exports: ['now-ms', 'elapsed', 'tick', 'format-duration', 'stamp'],
    ownImports: [],
    wasiImports: ['wasi:clocks/monotonic-clock@0.2.12', 'wasi:clocks/wall-clock@0.2.12'],
  },
  {
    path: 'c-command',
    kind: 'c',
    world: 'command',
    exports: ['wasi:cli/run@0.2.12'],
    ownImports: [],
    wasiImports: ['wasi:cli/environment@0.2.12', 'wasi:filesystem/preopens@0.2.12', 'wasi:cli/stdout@0.2.12'],
  },
  { path: 'pipeline/plugin', kind: 'js', world: 'text-plugin', exports: ['wit-studio:pipeline/plugin@0.1.0'], ownImports: ['wit-studio:text/types@0.1.0'], wasiImports: [] },
  {
    path: 'pipeline/host',
    kind: 'c',
    world: 'host',
    exports: ['process'],
    // Exactly what the plugin exports (and the types its interface uses).
    ownImports: ['wit-studio:text/types@0.1.0', 'wit-studio:pipeline/plugin@0.1.0'],
    wasiImports: [],
  },
];

/** Builds an example in `root` (a copy of wit-examples/ or of its pipeline/) and checks the component. */
async function buildExample(t: TestContext, example: Example, root: string): Promise<string> {
  const detection = await detectProjectOnDisk(join(root, example.path));
  assert.notEqual(detection.kind, 'none', detection.kind === 'none' ? detection.reason : '');
  const project = detection as Project;
  assert.deepEqual({ kind: project.kind, world: project.world, notes: project.notes }, { kind: example.kind, world: example.world, notes: [] });
  const result = await buildProject(project);
  t.diagnostic(`${example.path}: ${result.message}`);
  assert.ok(result.ok, result.message);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.output, project.out);

  const { bytes, info } = readWasm(project.out);
  assert.equal(headerVersion(bytes), COMPONENT_HEADER);
  assert.equal(info.kind, 'component');
  assert.deepEqual(info.exports, example.exports);
  assert.deepEqual(
    info.imports.filter((name) => !name.startsWith('wasi:')),
    example.ownImports,
  );
  for (const wasi of example.wasiImports) assert.ok(info.imports.includes(wasi), `${example.path} imports ${wasi}`);
  return project.out;
}

describe('the examples', async () => {
  const noC = await cToolchainProblem();

  test('are detected from their folders as they are, without notes', async () => {
    for (const example of EXAMPLES) {
      const detection = await detectProjectOnDisk(join(examplesDir, example.path));
      assert.deepEqual({ kind: detection.kind, notes: detection.notes }, { kind: example.kind, notes: [] }, example.path);
    }
  });

  for (const example of EXAMPLES.filter((e) => !e.path.startsWith('pipeline/'))) {
    test(`${example.path} builds into a component`, { skip: example.kind === 'c' ? noC : undefined }, async (t) => {
      await buildExample(t, example, dirname(tempCopy(join(examplesDir, example.path))));
    });
  }

  test('pipeline: the host and the plugin build, link and run together', { skip: noC }, async (t) => {
    const root = dirname(tempCopy(join(examplesDir, 'pipeline')));
    const [plugin, host] = [EXAMPLES.find((e) => e.path === 'pipeline/plugin')!, EXAMPLES.find((e) => e.path === 'pipeline/host')!];
    const pluginWasm = await buildExample(t, plugin, root);
    const hostWasm = await buildExample(t, host, root);

    // The plugin's exports are the host's imports: jco's JS bindings of the two, linked by hand.
    const plugged = await instantiate(pluginWasm, {});
    const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
    const app = await instantiate(hostWasm, { ...new WASIShim().getImportObject(), 'wit-studio:pipeline/plugin': plugged.plugin, 'wit-studio:text/types': {} });
    assert.equal(app.process('hello world'), 'HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)');
    assert.equal(app.process(''), 'error: empty input (case-plugin)');
  });

  test('c-command runs in Wasmtime with what it was granted', { skip: noC ?? (await toolProblem('wasmtime')) }, async (t) => {
    const example = EXAMPLES.find((e) => e.path === 'c-command')!;
    const component = await buildExample(t, example, dirname(tempCopy(join(examplesDir, example.path))));
    const data = tempDir('data-');
    writeFileSync(join(data, 'note.txt'), 'granted\n');
    const wasmtime = await findTool('wasmtime');
    assert.ok(wasmtime.found);
    const run = spawnSync(wasmtime.path, ['run', '--dir', `${data}::/data`, '--env', 'GREETING=hi', component, 'one', '--read', '/data/note.txt'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^arg\[1\]: one$/m);
    assert.match(run.stdout, /^env GREETING=hi$/m);
    assert.match(run.stdout, /^read \/data\/note\.txt: granted$/m);
  });
});

/** A component instantiated in this process through jco's JS bindings (`--instantiation async`). */
async function instantiate(component: string, imports: Record<string, unknown>): Promise<Record<string, any>> {
  const { transpile } = await import('@bytecodealliance/jco');
  const dir = tempDir('transpiled-');
  const { files } = await transpile(readFileSync(component), { name: 'component', instantiation: 'async' });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const bindings = await import(pathToFileURL(join(dir, 'component.js')).href);
  // (The repository's TypeScript library has no WebAssembly types.)
  const { WebAssembly } = globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } };
  return bindings.instantiate((file: string) => WebAssembly.compile(readFileSync(join(dir, file))), imports);
}
