// Finding a component's exports by the names wasmtime's `--invoke` takes, and where jco's
// exports object holds them (client/src/component/worldItems.ts).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { exportedFunctions, findExport, findInterfaceExport, importNames } from '../../../client/src/component/worldItems';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { worldOf } from '../../helpers/wasmComponents';

const WIT = `package demo:app@1.2.0;

interface first {
  run: func() -> u32;
  only-first: func();
}

interface second {
  run: func() -> u32;
  resource counter {
    constructor();
    bump: func();
  }
}

interface imported {
  log: func(message: string);
}

world app {
  import imported;
  import notify: func(count: u32);
  export first;
  export second;
  export local: interface {
    hello-world: func() -> string;
  }
  export run-all: func();
}
`;

describe('component exports by name', () => {
  let world: World;
  before(async () => {
    world = await worldOf(WIT);
  });

  test('every freestanding export, with its WIT name and jco path', () => {
    assert.deepEqual(
      exportedFunctions(world).map((f) => [f.name, f.jsPath.join(' › ')]),
      [
        ['run-all', 'runAll'],
        ['demo:app/first.run@1.2.0', 'demo:app/first@1.2.0 › run'],
        ['demo:app/first.only-first@1.2.0', 'demo:app/first@1.2.0 › onlyFirst'],
        ['demo:app/second.run@1.2.0', 'demo:app/second@1.2.0 › run'],
        ['local.hello-world', 'local › helloWorld'],
      ],
    );
  });

  test('names as wasmtime resolves them', () => {
    const name = (n: string) => {
      const f = findExport(world, n);
      return typeof f === 'string' ? f : f.name;
    };
    assert.equal(name('demo:app/first.run@1.2.0'), 'demo:app/first.run@1.2.0');
    assert.equal(name('demo:app/second.run'), 'demo:app/second.run@1.2.0');
    assert.equal(name('second.run'), 'demo:app/second.run@1.2.0');
    assert.equal(name('only-first'), 'demo:app/first.only-first@1.2.0');
    assert.equal(name('hello-world'), 'local.hello-world');
    assert.equal(name('run-all'), 'run-all');
    assert.equal(name('run'), 'Multiple exported funcs named `run`: demo:app/first.run@1.2.0, demo:app/second.run@1.2.0; use one of these names.');
    assert.equal(name('bump'), 'No exported func named `bump` in component.');
    assert.equal(name('demo:app/first.run@1.0.0'), 'No exported func named `demo:app/first.run@1.0.0` in component.');
    assert.equal(findInterfaceExport(world, 'demo:app/second', 'run')?.name, 'demo:app/second.run@1.2.0');
  });

  test('import names, as the import object needs them', () => {
    assert.deepEqual(importNames(world), ['demo:app/imported@1.2.0', 'notify']);
  });
});
