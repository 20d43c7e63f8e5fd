// The match table of a composition (client/src/compose/plan.ts): which export satisfies each
// import, type mismatches with what differs, imports several components export, the root, and
// what stays an import — on components made from WIT with the bundled jco.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { describeImport, planComposition, type CompositionPlan, type PlanComponent } from '../../../client/src/compose/plan';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { wasiPackages, worldOf } from '../../helpers/wasmComponents';

const pkg = (version: string, body: string, greet = 'hello: func(name: string) -> string;') => `package test:p@${version};
interface greet { ${greet} }
interface log { write: func(line: string); }
${body}
${wasiPackages('cli', 'io', 'clocks', 'filesystem', 'random', 'sockets')}`;

describe('composition plans', () => {
  let app: World;
  let greeter: World;
  let greeter11: World;
  let badGreeter: World;
  let logger: World;
  before(async () => {
    app = await worldOf(pkg('1.0.0', 'world app { import greet; import log; import wasi:cli/stdout@0.2.12; export run: func() -> string; }'));
    greeter = await worldOf(pkg('1.0.0', 'world greeter { import log; export greet; }'));
    greeter11 = await worldOf(pkg('1.1.0', 'world greeter { export greet; }'));
    badGreeter = await worldOf(pkg('1.0.0', 'world greeter { export greet; }', 'hello: func(name: u32) -> string;'));
    logger = await worldOf(pkg('1.0.0', 'world logger { export log; }'));
  });

  const plan = (components: Record<string, World>, options = {}): CompositionPlan =>
    planComposition(Object.entries(components).map(([name, world]): PlanComponent => ({ name, world })), options);

  test('every import gets the export of its interface; the root is the one nothing imports from', () => {
    const p = plan({ app, greeter, logger });
    assert.deepEqual(p.problems, []);
    assert.equal(p.root, 'app');
    assert.deepEqual(p.imports.map(describeImport), [
      'app imports test:p/greet@1.0.0 ← greeter exports it',
      'app imports test:p/log@1.0.0 ← logger exports it',
      'app imports wasi:io/error@0.2.12 stays an import of the composed component',
      'app imports wasi:io/poll@0.2.12 stays an import of the composed component',
      'app imports wasi:io/streams@0.2.12 stays an import of the composed component',
      'app imports wasi:cli/stdout@0.2.12 stays an import of the composed component',
      'greeter imports test:p/log@1.0.0 ← logger exports it',
    ]);
    assert.deepEqual(p.wire, {
      app: { 'test:p/greet@1.0.0': { instance: 'greeter', export: 'test:p/greet@1.0.0' }, 'test:p/log@1.0.0': { instance: 'logger', export: 'test:p/log@1.0.0' } },
      greeter: { 'test:p/log@1.0.0': { instance: 'logger', export: 'test:p/log@1.0.0' } },
    });
  });

  test('another version of the interface will do, and says so; what nothing exports stays an import', () => {
    const p = plan({ app, greeter11 });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.imports.map(describeImport).slice(0, 2), [
      'app imports test:p/greet@1.0.0 ← greeter11 exports test:p/greet@1.1.0',
      'app imports test:p/log@1.0.0 stays an import of the composed component (no component here exports it)',
    ]);
  });

  test('an export that does not fit is an error naming the import, the export and what differs', () => {
    const p = plan({ app, badGreeter });
    assert.deepEqual(p.problems, [
      "app imports test:p/greet@1.0.0, but badGreeter's export test:p/greet@1.0.0 does not fit it: function hello: parameter name: string in the import, u32 in the export",
    ]);
    assert.match(describeImport(p.imports[0]), /^✗ app imports test:p\/greet@1\.0\.0 ← badGreeter's export test:p\/greet@1\.0\.0 does not fit: function hello: /);
  });

  test('two components exporting an import: a choice to make, then the one chosen', () => {
    const p = plan({ app, greeter, greeter11, logger });
    assert.deepEqual(p.problems, ['app imports test:p/greet@1.0.0, which greeter and greeter11 export: choose one']);
    assert.equal(describeImport(p.imports[0]), '? app imports test:p/greet@1.0.0 ← greeter and greeter11 export it: choose one');
    const chosen = plan({ app, greeter, greeter11, logger }, { wire: { app: { 'test:p/greet@1.0.0': 'greeter11' } } });
    assert.deepEqual(chosen.problems, []);
    assert.deepEqual(chosen.components, ['app', 'greeter11', 'logger']);
    assert.deepEqual(chosen.unused, ['greeter'], 'nothing imports from the greeter not chosen');
    assert.deepEqual(chosen.wire.app['test:p/greet@1.0.0'], { instance: 'greeter11', export: 'test:p/greet@1.1.0' });
  });

  test('the root: given, or asked for when several components feed no other', () => {
    const p = plan({ greeter11, logger });
    assert.equal(p.root, undefined);
    assert.deepEqual(p.rootCandidates, ['greeter11', 'logger']);
    assert.deepEqual(p.problems, ['greeter11 and logger are not imported from by any other component: choose the root (the one whose exports the composition exports)']);
    const given = plan({ greeter, logger }, { root: 'greeter' });
    assert.deepEqual([given.root, given.problems, given.components], ['greeter', [], ['greeter', 'logger']]);
    assert.deepEqual(plan({ app, logger }, { root: 'nope' }).problems[0], 'the root nope is not one of the components');
  });

  test('a composition file`s wiring is taken as it is: the rest stays imports', () => {
    const p = plan({ app, greeter, logger }, { wire: { app: { 'test:p/greet@1.0.0': 'greeter' } }, matchRest: false, root: 'app' });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.components, ['app', 'greeter']);
    assert.deepEqual(p.unused, ['logger']);
    assert.equal(describeImport(p.imports.find((i) => i.component === 'greeter')!), 'greeter imports test:p/log@1.0.0 stays an import of the composed component (no component here exports it)');
    assert.deepEqual(plan({ app, logger }, { wire: { app: { 'test:p/greet@1.0.0': 'logger' } }, matchRest: false, root: 'app' }).problems, ['app imports test:p/greet@1.0.0 from logger, which does not export it']);
  });
});
