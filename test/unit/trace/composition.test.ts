// Composition files (client/src/trace/composition.ts): which are accepted and why others are
// not, the instantiation plan against the components' worlds, and the run spec made from a
// file — the example pipeline's among them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { COMPOSITION_FILE, checkComposition, compositionRunSpec, parseComposition, planLinks, singleComponent, type Composition } from '../../../client/src/trace/composition';
import { checkRunSpec } from '../../../client/src/runtime/runSpec';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { examplesDir } from '../../helpers/toolchains';
import { NO_GRANTS, wasiPackages, worldOf } from '../../helpers/wasmComponents';

const base: Composition = {
  components: { app: 'app.wasm', lib: 'lib.wasm', util: 'util.wasm' },
  wire: { app: { 'test:c/api@1.0.0': 'lib' }, lib: { 'test:c/util@1.0.0': 'util' } },
  run: { component: 'app', invoke: 'main("x")' },
};

function problem(value: unknown): string {
  const checked = checkComposition(value);
  return checked.ok ? 'ok' : checked.message;
}

describe('composition files', () => {
  test('the example pipeline has one', () => {
    const parsed = parseComposition(readFileSync(join(examplesDir, 'pipeline', COMPOSITION_FILE), 'utf8'));
    assert.deepEqual(parsed, {
      ok: true,
      value: {
        components: { 'pipeline-host': 'host/build/host.wasm', plugin: 'plugin/build/plugin.wasm' },
        wire: { 'pipeline-host': { 'wit-studio:pipeline/plugin@0.1.0': 'plugin' } },
        run: { component: 'pipeline-host', invoke: 'process("hello world")' },
      },
    });
  });

  test('what is wrong is said', () => {
    assert.equal(problem(base), 'ok');
    assert.deepEqual(checkComposition({ components: { a: 'a.wasm' }, run: { component: 'a' } }), { ok: true, value: { components: { a: 'a.wasm' }, wire: {}, run: { component: 'a' } } });
    assert.deepEqual(parseComposition('{'), { ok: false, message: "not JSON: Expected property name or '}' in JSON at position 1" });
    assert.equal(problem([]), '`components` must name at least one component');
    assert.equal(problem({ ...base, components: {} }), '`components` must name at least one component');
    assert.equal(problem({ ...base, components: { App: 'a.wasm' } }), 'component name "App": use kebab-case (lowercase letters, digits, dashes)');
    assert.equal(problem({ ...base, components: { ...base.components, host: 'h.wasm' } }), '`host` cannot name a component: traces call the runner that');
    assert.equal(problem({ ...base, components: { ...base.components, app: 3 } }), '`components.app` must be the path of a .wasm');
    assert.equal(problem({ ...base, wire: { nope: {} } }), '`wire` names "nope", which is not one of the components');
    assert.equal(problem({ ...base, wire: { app: { 'test:c/api@1.0.0': 'nope' } } }), '`wire.app`: test:c/api@1.0.0 comes from "nope", which is not one of the components');
    assert.equal(problem({ ...base, wire: { app: { 'test:c/api@1.0.0': 'app' } } }), '`wire.app`: a component cannot provide its own import test:c/api@1.0.0');
    assert.equal(problem({ ...base, wire: { ...base.wire, util: { 'test:c/app': 'app' } } }), 'the components import from each other in a cycle: app → lib → util → app');
    assert.equal(problem({ ...base, run: { component: 'other' } }), '`run.component` must name the component to run');
    assert.equal(problem({ ...base, run: { component: 'app', invoke: 'main' } }), '`run.invoke` must be a call, e.g. `process("hello")`');
    assert.equal(problem({ ...base, run: { component: 'app', args: [1] } }), '`run.args` must be a list of strings');
    assert.equal(problem({ ...base, run: { component: 'app', invoke: 'f()', args: [] } }), '`run` has either `invoke` (a function) or `args` (a command), not both');
  });

  test('the run spec of a file: its `run`, from the file`s folder', () => {
    assert.deepEqual(compositionRunSpec('/w/p/wit-studio.compose.json', base, NO_GRANTS, { file: 'trace.jsonl' }), {
      component: 'app',
      composition: '/w/p/wit-studio.compose.json',
      mode: { kind: 'invoke', function: 'main', args: '"x"' },
      grants: NO_GRANTS,
      cwd: '/w/p',
      trace: { file: 'trace.jsonl' },
    });
    const command = compositionRunSpec('/w/p/c.json', { ...base, run: { component: 'app', args: ['-v'] } }, NO_GRANTS);
    assert.deepEqual([command.mode, 'trace' in command], [{ kind: 'command', args: ['-v'] }, false]);
  });

  test('run specs carry the composition and the trace; the runner checks them', () => {
    const spec = compositionRunSpec('/w/p/wit-studio.compose.json', base, NO_GRANTS, { file: 't.jsonl', maxValueLength: 64 });
    assert.deepEqual(checkRunSpec(spec), { ok: true, spec });
    const problemOf = (change: Record<string, unknown>) => {
      const checked = checkRunSpec({ ...spec, ...change });
      return checked.ok ? 'ok' : checked.message;
    };
    assert.equal(problemOf({ composition: 3 }), '`composition` must be the path of a composition file');
    assert.equal(problemOf({ trace: {} }), '`trace.file` must be a path');
    assert.equal(problemOf({ trace: { file: 't', maxValueLength: 0 } }), '`trace.maxValueLength` must be a positive whole number');
  });

  test('one component is a composition of one, named after its file', () => {
    assert.deepEqual(singleComponent('build/app.wasm'), { components: { 'app.wasm': 'build/app.wasm' }, wire: {}, run: { component: 'app.wasm' } });
  });
});

describe('instantiation plans', () => {
  const worlds = new Map<string, World>();
  /** `lib`, but of version 1.1.0 of the package. */
  let lib11: World;
  before(async () => {
    const pkg = (body: string, version = '1.0.0') => `package test:c@${version};
interface types { record point { x: u32 } }
interface util { use types.{point}; norm: func(p: point) -> u32; }
interface api { greet: func(name: string) -> string; }
${body}
${wasiPackages('cli', 'io', 'clocks', 'filesystem', 'random', 'sockets')}`;
    worlds.set('app', await worldOf(pkg('world app { import api; import wasi:cli/stdout@0.2.12; export run: func() -> u32; }')));
    worlds.set('lib', await worldOf(pkg('world lib { import util; export api; }')));
    worlds.set('util', await worldOf(pkg('world utils { export util; }')));
    lib11 = await worldOf(pkg('world lib { import util; export api; }', '1.1.0'));
  });

  test('providers first; imports from components, the runner (WASI) or nowhere (types only)', () => {
    const plan = planLinks(base, worlds);
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    assert.deepEqual(plan.value.order, ['util', 'lib', 'app']);
    assert.deepEqual(Object.fromEntries([...plan.value.imports].map(([name, sources]) => [name, Object.fromEntries(sources)])), {
      app: {
        'test:c/api@1.0.0': { kind: 'component', name: 'lib', export: 'test:c/api@1.0.0' },
        'wasi:io/error@0.2.12': { kind: 'host' },
        'wasi:io/poll@0.2.12': { kind: 'host' },
        'wasi:io/streams@0.2.12': { kind: 'host' },
        'wasi:cli/stdout@0.2.12': { kind: 'host' },
      },
      lib: { 'test:c/types@1.0.0': { kind: 'types' }, 'test:c/util@1.0.0': { kind: 'component', name: 'util', export: 'test:c/util@1.0.0' } },
      // The types its export uses.
      util: { 'test:c/types@1.0.0': { kind: 'types' } },
    });
  });

  test('an export of another version of the interface fits', () => {
    const mixed = new Map([...worlds, ['lib', lib11]]);
    const plan = planLinks({ ...base, wire: { app: { 'test:c/api@1.0.0': 'lib' }, lib: { 'test:c/util@1.1.0': 'util' } } }, mixed);
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    assert.deepEqual(plan.value.imports.get('app')?.get('test:c/api@1.0.0'), { kind: 'component', name: 'lib', export: 'test:c/api@1.1.0' });
    assert.deepEqual(plan.value.imports.get('lib')?.get('test:c/util@1.1.0'), { kind: 'component', name: 'util', export: 'test:c/util@1.0.0' });
  });

  test('missing and wrong wires are explained', () => {
    const message = (c: Composition) => {
      const plan = planLinks(c, worlds);
      return plan.ok ? 'ok' : plan.message;
    };
    assert.equal(message({ ...base, wire: { lib: base.wire.lib } }), 'app imports test:c/api@1.0.0, which the runner does not provide (only WASI): wire it to lib');
    assert.equal(message({ ...base, wire: { ...base.wire, app: { 'test:c/api@1.0.0': 'util' } } }), 'util does not export test:c/api@1.0.0, which app imports from it');
    assert.equal(message({ ...base, wire: { ...base.wire, util: { 'test:c/api@1.0.0': 'lib' } } }), 'util does not import test:c/api@1.0.0 (wired in the composition)');
  });
});
