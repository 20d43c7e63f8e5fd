// The JavaScript stubs of a world (client/src/scaffold/jsStubs.ts), compared whole: a resource
// as a class with its constructor, methods and static functions, default values of each type
// (64-bit integers as BigInts, an exported resource by its constructor), a reserved word as a
// parameter, an export of the world itself. The stubs' builds and runs are in newProject.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsStubs } from '../../../client/src/scaffold/jsStubs';
import { worldOf } from '../../helpers/wasmComponents';

const WIT = `package test:stubs;

interface store {
  flags access { read, write-all }
  resource entry {
    constructor(key: string);
    key: func() -> string;
    open: static func(key: string, mode: access) -> entry;
  }
  lookup: func(key: string, default: u64) -> option<entry>;
  make: func() -> entry;
}

world stubs {
  export store;
  export count-up: func(start: s64) -> tuple<s64, bool>;
}
`;

test('the stubs of a world with a resource, for componentize-js', async () => {
  assert.deepEqual(jsStubs(await worldOf(WIT), 'demo'), { ok: true, source: `// The exports of the world, for componentize-js (see the WIT in wit/). Every function is a
// stub that returns a default value: fill them in. WIT records are objects, enums strings,
// variants \`{ tag, val }\`, \`option<T>\` is \`T | undefined\`, 64-bit integers are BigInts.

class Entry {
  // constructor(key: string)
  constructor(key) {}

  // key: func() -> string
  key() {
    return '';
  }

  // open: static func(key: string, mode: access) -> entry
  static open(key, mode) {
    return new Entry('');
  }
}

// count-up: func(start: s64) -> tuple<s64, bool>
export function countUp(start) {
  return [0n, false];
}

export const store = {
  Entry,
  // lookup: func(key: string, default: u64) -> option<entry>
  lookup(key, default_) {
    return undefined;
  },

  // make: func() -> entry
  make() {
    return new Entry('');
  },
};
` });
});

test('two exports componentize-js would give the same name are refused', async () => {
  const wit = 'package test:clash;\n\ninterface run { go: func(); }\n\nworld clash {\n  export run;\n  export wasi:cli/run@0.2.12;\n}\n\npackage wasi:cli@0.2.12 { interface run { run: func() -> result; } }\n';
  assert.deepEqual(jsStubs(await worldOf(wit), 'demo'), { ok: false, message: 'componentize-js would export both test:clash/run and wasi:cli/run@0.2.12 as `run`; rename one of them in the WIT.' });
});
