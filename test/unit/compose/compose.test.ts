// The built-in composer (client/src/compose/compose.ts) on real components: WAT components
// made with the bundled jco, and the example pipeline built as the extension builds it (a C
// host calling a JavaScript plugin). Each composed binary is checked by jco's wasm-tools
// (print → parse round trip, its WIT world) and run by the bundled runner, which must give
// what the same components give when run as separate instances.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { composeComponents, type ComposeInput, type Composed } from '../../../client/src/compose/compose';
import type { RunMode, RunSpec } from '../../../client/src/runtime/runSpec';
import { startRun } from '../../../client/src/runtime/session';
import { COMPOSITION_FILE, compositionRunSpec, parseComposition } from '../../../client/src/trace/composition';
import { loadJco } from '../../../client/src/toolchains/jco';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { cToolchainProblem, examplesDir, tempCopy, tempDir } from '../../helpers/toolchains';
import { NO_GRANTS, WAT_MEMORY, appComponent, componentFromWat, greeterComponent } from '../../helpers/wasmComponents';

const invoke = (fn: string, args: string): RunMode => ({ kind: 'invoke', function: fn, args });

function composed(input: ComposeInput): Composed {
  const result = composeComponents(input);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

function composeError(input: ComposeInput): string {
  const result = composeComponents(input);
  assert.ok(!result.ok, 'composed, but should not have');
  return result.message;
}

/** What the bundled runner gives for a spec: the result (WAVE) and stdout. */
async function run(spec: RunSpec): Promise<{ result?: string; stdout: string[]; code: number | null }> {
  const stdout: string[] = [];
  let result: string | undefined;
  const handle = await startRun(spec, { kind: 'jco', runtime: { path: process.execPath } }, {
    onEvent: (e) => {
      if (e.event === 'result') result = e.wave;
    },
    onOutput: (line, stream) => stream === 'stdout' && stdout.push(line),
  });
  const outcome = await handle.done;
  return { result, stdout, code: outcome.code };
}

/** wasm-tools prints the binary as component text that parses back to a component of the same world. */
async function assertRoundTrips(bytes: Uint8Array): Promise<void> {
  const jco = await loadJco();
  const reparsed = await jco.parse(await jco.print(bytes));
  assert.deepEqual(await worldLines(reparsed), await worldLines(bytes));
}

/** The world wasm-tools finds in a component, its lines trimmed, without blank ones. */
async function worldLines(bytes: Uint8Array): Promise<string[]> {
  const wit = await (await loadJco()).componentWit(bytes);
  const start = wit.indexOf('world root');
  return wit
    .slice(start, wit.indexOf('\n}', start) + 2)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

describe('the built-in composer', () => {
  let dir: string;
  let app: Uint8Array;
  let greeter: Uint8Array;
  before(async () => {
    dir = tempDir('compose-');
    [app, greeter] = await Promise.all([appComponent(), greeterComponent()]);
    writeFileSync(join(dir, 'app.wasm'), app);
    writeFileSync(join(dir, 'greeter.wasm'), greeter);
  });

  test('app + greeter: one component that imports what the greeter imports and exports what the app exports', async () => {
    const result = composed({ components: { app, greeter }, wire: { app: { 'test:trace/greet': 'greeter' } } });
    assert.deepEqual(result.order, ['greeter', 'app']);
    assert.deepEqual(result.imports, ['wasi:io/error@0.2.12', 'wasi:io/streams@0.2.12', 'wasi:cli/stdout@0.2.12']);
    assert.deepEqual(result.exports, ['run', 'crash']);
    await assertRoundTrips(result.bytes);
    assert.deepEqual(await worldLines(result.bytes), [
      'world root {',
      'import wasi:io/error@0.2.12;',
      'import wasi:io/streams@0.2.12;',
      'import wasi:cli/stdout@0.2.12;',
      '',
      'export run: func(name: string) -> string;',
      'export crash: func();',
      '}',
    ].filter(Boolean));

    writeFileSync(join(dir, COMPOSITION_FILE), JSON.stringify({ components: { app: 'app.wasm', greeter: 'greeter.wasm' }, wire: { app: { 'test:trace/greet': 'greeter' } }, run: { component: 'app' } }));
    const separate = await run({ component: 'app', composition: COMPOSITION_FILE, mode: invoke('run', '"wit"'), cwd: dir, grants: NO_GRANTS });
    writeFileSync(join(dir, 'composed.wasm'), result.bytes);
    const fused = await run({ component: 'composed.wasm', mode: invoke('run', '"wit"'), cwd: dir, grants: NO_GRANTS });
    assert.deepEqual(separate, { result: '"hello, wit"', stdout: ['hello, wit'], code: 0 });
    assert.deepEqual(fused, separate);
  });

  test('a wire may name the export: the composed component exports only what was chosen, renamed', async () => {
    const result = composed({
      components: { app, greeter },
      wire: { app: { 'test:trace/greet': { instance: 'greeter', export: 'test:trace/greet' } } },
      exports: [{ instance: 'app', name: 'run', as: 'greet-all' }],
    });
    assert.deepEqual(result.exports, ['greet-all']);
    await assertRoundTrips(result.bytes);
    writeFileSync(join(dir, 'renamed.wasm'), result.bytes);
    assert.equal((await run({ component: 'renamed.wasm', mode: invoke('greet-all', '"x"'), cwd: dir, grants: NO_GRANTS })).result, '"hello, x"');
  });

  test('unwired, the app\'s import stays an import of the composition', async () => {
    const result = composed({ components: { app, greeter }, wire: {}, root: 'app' });
    assert.deepEqual(result.imports, ['test:trace/greet', 'wasi:io/error@0.2.12', 'wasi:io/streams@0.2.12', 'wasi:cli/stdout@0.2.12']);
    await assertRoundTrips(result.bytes);
  });

  test('an export whose functions differ from the import is refused, saying what differs', async () => {
    const other = await componentFromWat(
      `package test:trace;
interface greet {
  hello: func(name: u32) -> string;
}
world other { export greet; }`,
      `(module
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 4096))
  (func (export "test:trace/greet#hello") (param i32) (result i32) (i32.const 0)))`,
    );
    assert.equal(
      composeError({ components: { app, other }, wire: { app: { 'test:trace/greet': 'other' } } }),
      "other's export test:trace/greet does not fit app's import test:trace/greet: function hello: parameter name: string in the import, u32 in the export",
    );
  });

  test('a resource crosses the inner boundary: the consumer makes, uses and drops the provider\'s counters', async () => {
    const wit = `package test:res;
interface counters {
  resource counter {
    constructor(start: u32);
    get: func() -> u32;
  }
}
world provider { export counters; }
world consumer {
  import counters;
  export run: func(n: u32) -> u32;
}
`;
    const only = (world: string) => wit.replace(/world (\w+) \{[^}]*\}\n/g, (w, name) => (name === world ? w : ''));
    const provider = await componentFromWat(
      only('provider'),
      `(module
  (import "[export]test:res/counters" "[resource-new]counter" (func $new (param i32) (result i32)))
  ${WAT_MEMORY}
  (func (export "test:res/counters#[constructor]counter") (param $start i32) (result i32) (call $new (local.get $start)))
  (func (export "test:res/counters#[method]counter.get") (param $rep i32) (result i32) (i32.add (local.get $rep) (i32.const 1))))`,
    );
    const consumer = await componentFromWat(
      only('consumer'),
      `(module
  (import "test:res/counters" "[constructor]counter" (func $new (param i32) (result i32)))
  (import "test:res/counters" "[method]counter.get" (func $get (param i32) (result i32)))
  (import "test:res/counters" "[resource-drop]counter" (func $drop (param i32)))
  ${WAT_MEMORY}
  (func (export "run") (param $n i32) (result i32)
    (local $counter i32) (local $value i32)
    (local.set $counter (call $new (local.get $n)))
    (local.set $value (call $get (local.get $counter)))
    (call $drop (local.get $counter))
    (local.get $value)))`,
    );
    const result = composed({ components: { consumer, provider }, wire: { consumer: { 'test:res/counters': 'provider' } } });
    assert.deepEqual([result.order, result.imports, result.exports], [['provider', 'consumer'], [], ['run']]);
    await assertRoundTrips(result.bytes);
    writeFileSync(join(dir, 'counters.wasm'), result.bytes);
    const fused = await run({ component: 'counters.wasm', mode: invoke('run', '41'), cwd: dir, grants: NO_GRANTS });
    assert.deepEqual(fused, { result: '42', stdout: [], code: 0 });
  });

  test('wiring problems are named', () => {
    assert.equal(composeError({ components: {}, wire: {} }), 'there are no components to compose');
    assert.equal(composeError({ components: { app, greeter }, wire: { app: { 'test:trace/greet': 'nobody' } } }), '`wire.app`: test:trace/greet comes from "nobody", which is not one of the components');
    assert.equal(composeError({ components: { app, greeter }, wire: { app: { 'test:trace/greet': 'app' } } }), '`wire.app`: a component cannot provide its own import test:trace/greet');
    assert.equal(composeError({ components: { app, greeter }, wire: { greeter: { 'test:trace/greet': 'app' } } }), 'greeter does not import test:trace/greet (wired in the composition)');
    assert.equal(composeError({ components: { app, greeter }, wire: { app: { 'test:trace/greet': { instance: 'greeter', export: 'nope' } } } }), "greeter has no export nope (wired to app's import test:trace/greet)");
    assert.equal(composeError({ components: { app, greeter }, wire: {} }), 'app, greeter are not imported from by any other component: say which is the root (whose exports are exported) or list the exports');
    assert.equal(composeError({ components: { app, greeter }, wire: {}, exports: [{ instance: 'app', name: 'nope' }] }), 'app does not export nope');
    assert.equal(composeError({ components: { app: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) }, wire: {} }), 'app is not a component that can be composed: not a component (a core module)');
  });
});

describe('the example pipeline, composed', async () => {
  const noC = await cToolchainProblem();

  test('host + plugin: the composed component has the host\'s world without the plugin import, and runs as the two do', { skip: noC }, async () => {
    const root = dirname(tempCopy(join(examplesDir, 'pipeline')));
    const dir = join(root, 'pipeline');
    for (const part of ['plugin', 'host']) {
      const built = await buildProject((await detectProjectOnDisk(join(dir, part))) as Project);
      assert.ok(built.ok, built.message);
    }
    const file = join(dir, COMPOSITION_FILE);
    const composition = parseComposition(readFileSync(file, 'utf8'));
    assert.ok(composition.ok, composition.ok ? '' : composition.message);
    const components = Object.fromEntries(Object.entries(composition.value.components).map(([name, path]) => [name, new Uint8Array(readFileSync(join(dir, path)))]));

    const result = composed({ components, wire: composition.value.wire });
    assert.deepEqual(result.order, ['plugin', 'pipeline-host']);
    assert.deepEqual(result.exports, ['process']);
    assert.ok(!result.imports.includes('wit-studio:pipeline/plugin@0.1.0'), result.imports.join(', '));
    // Too big to print as text (the plugin holds a JavaScript engine): jco's transpilation in the runs validates it.
    const world = await worldLines(result.bytes);
    assert.ok(!world.some((l) => l.includes('wit-studio:pipeline')), world.join('\n'));
    assert.equal(world.at(-2), 'export process: func(input: string) -> string;');

    const separate = await run(compositionRunSpec(file, composition.value, NO_GRANTS));
    writeFileSync(join(dir, 'pipeline.wasm'), result.bytes);
    const fused = await run({ component: 'pipeline.wasm', mode: invoke('process', '"hello world"'), cwd: dir, grants: NO_GRANTS });
    assert.deepEqual(separate, { result: '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"', stdout: [], code: 0 });
    assert.deepEqual(fused, separate);
  });
});
