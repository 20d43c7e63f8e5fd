// Instrumentation (client/src/trace/instrument.ts) of a component transpiled and instantiated
// in this process, the way the runner does it: an exported resource (its constructor, a
// method, a static) and a function taking one, called from the host; each resource object
// keeps its handle id; the classes consumers get still recognize their objects.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { componentWorld } from '../../../server/src/syntax/binary/wasmInfo';
import { instantiate, transpile, type Exports } from '../../../client/src/runtime/transpiled';
import { jcoDir } from '../../../client/src/toolchains/jco';
import { readTrace } from '../../../client/src/trace/format';
import { Instrumentation } from '../../../client/src/trace/instrument';
import { TraceRecorder } from '../../../client/src/trace/recorder';
import { WAT_MEMORY, componentFromWat } from '../../helpers/wasmComponents';

const WIT = `package test:res;

interface counters {
  resource counter {
    constructor(start: u32);
    inc: func(by: u32) -> u32;
    make: static func() -> counter;
  }
  total: func(c: borrow<counter>) -> u32;
}

world res {
  export counters;
}
`;

// A counter is a cell of this module's memory; its rep is the cell's address.
const WAT = `(module
  (import "[export]test:res/counters" "[resource-new]counter" (func $new (param i32) (result i32)))
  ${WAT_MEMORY}
  (func $cell (param $value i32) (result i32)
    (local $p i32)
    (local.set $p (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 4)))
    (i32.store (local.get $p) (local.get $value))
    (local.get $p))
  (func (export "test:res/counters#[constructor]counter") (param $start i32) (result i32)
    (call $new (call $cell (local.get $start))))
  (func (export "test:res/counters#[method]counter.inc") (param $self i32) (param $by i32) (result i32)
    (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (local.get $by)))
    (i32.load (local.get $self)))
  (func (export "test:res/counters#[static]counter.make") (result i32)
    (call $new (call $cell (i32.const 0))))
  (func (export "test:res/counters#total") (param $c i32) (result i32)
    (i32.load (local.get $c))))
`;

interface Counter {
  inc(by: number): number;
}
interface Counters {
  Counter: (new (start: number) => Counter) & { make(): Counter };
  total(c: Counter): number;
}

describe('instrumented exports', () => {
  let text = '';
  let counters: Counters;
  before(async () => {
    const bytes = await componentFromWat(WIT, WAT);
    const decoded = componentWorld(bytes);
    assert.ok(decoded.ok);
    const recorder = new TraceRecorder({ components: { res: 'res.wasm' }, maxValueLength: 1024, write: (line) => (text += line) });
    const exports: Exports = await recorder.as('res', async () => instantiate(await transpile(bytes, jcoDir()), {}));
    const traced = new Instrumentation(recorder).exports('res', decoded.world, exports);
    counters = traced['test:res/counters'] as Counters;
    assert.equal(traced.counters, counters, 'the same interface under its short name too');
  });

  test('resource constructors, methods and statics, with the resources as handles', () => {
    const { Counter } = counters;
    const c = new Counter(5);
    assert.ok(c instanceof Counter);
    assert.equal(c.inc(2), 7);
    const made = Counter.make();
    assert.ok(made instanceof Counter);
    assert.equal(made.inc(1), 1);
    assert.equal(counters.total(c), 7);
    const read = readTrace(text);
    assert.ok(read.ok);
    const host = { parent: 0, caller: 'host', callee: 'res', interface: 'test:res/counters' };
    assert.deepEqual(
      read.calls.map(({ start: _s, duration: _d, ...call }) => call),
      [
        { id: 1, ...host, function: '[constructor]counter', args: ['5'], result: 'handle<counter>#1' },
        { id: 2, ...host, function: '[method]counter.inc', args: ['handle<counter>#1', '2'], result: '7' },
        { id: 3, ...host, function: '[static]counter.make', args: [], result: 'handle<counter>#2' },
        { id: 4, ...host, function: '[method]counter.inc', args: ['handle<counter>#2', '1'], result: '1' },
        { id: 5, ...host, function: 'total', args: ['handle<counter>#1'], result: '7' },
      ],
    );
  });
});
