// The recorder (client/src/trace/recorder.ts) on its own, with functions written here: what a
// call records (WAVE arguments and results, `err` results that jco throws, errors, traps),
// nesting across awaits and between concurrent calls, and calls that stay within one party.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTrace } from '../../../client/src/trace/format';
import type { TraceCall } from '../../../client/src/trace/model';
import { TraceRecorder, type CallSite } from '../../../client/src/trace/recorder';
import { webAssembly } from '../../../client/src/runtime/transpiled';
import { UNKNOWN_STABILITY, newTypeDef, type Func, type WitType } from '../../../server/src/syntax/binary/witModel';

function func(name: string, params: WitType[], result?: WitType): Func {
  return { name, kind: { kind: 'freestanding' }, params: params.map((ty, i) => ({ name: `p${i}`, ty })), ...(result ? { result } : {}), docs: {}, stability: UNKNOWN_STABILITY };
}

const none = { kind: 'none' } as const;
const resultOf = (ok: WitType | undefined, err: WitType) => newTypeDef({ kind: 'result', ...(ok ? { ok } : {}), err }, none);
const errorCode = newTypeDef({ kind: 'enum', cases: [{ name: 'access', docs: {} }, { name: 'not-permitted', docs: {} }] }, none, 'error-code');

function recorder(maxValueLength = 1024): { recorder: TraceRecorder; calls: () => Omit<TraceCall, 'start' | 'duration'>[]; timed: () => TraceCall[] } {
  let text = '';
  const r = new TraceRecorder({ components: { app: '/app.wasm' }, maxValueLength, write: (line) => (text += line) });
  const timed = () => {
    const read = readTrace(text);
    assert.ok(read.ok);
    return read.calls;
  };
  return { recorder: r, timed, calls: () => timed().map(({ start: _s, duration: _d, ...rest }) => rest) };
}

/** A function of `callee` that records its calls. */
function traced(r: TraceRecorder, site: CallSite, fn: (...args: unknown[]) => unknown) {
  return (...args: unknown[]) => r.call(site, undefined, args, () => fn(...args));
}

describe('trace recorder', () => {
  test('the header comes first; calls are written as they end, with WAVE values', () => {
    const { recorder: r, calls } = recorder();
    const add = traced(r, { callee: 'app', interface: 'test:math/ops', func: func('add', ['u32', 'u32'], 'u32') }, (a, b) => (a as number) + (b as number));
    const log = traced(r, { callee: 'host', interface: 'test:log/sink', func: func('log', ['string']) }, () => undefined);
    const outer = traced(r, { callee: 'app', interface: '', func: func('run', ['string'], 'u32') }, (s) => {
      log(s);
      return 7;
    });
    assert.equal(add(1, 2), 3);
    assert.equal(r.as('app', () => outer('hi')), 7, 'a call by the component itself (as its start functions do) is not a crossing');
    assert.equal(r.as('host', () => log('hi')), undefined, 'nor a call by the host to itself (the WASI shim using its own methods)');
    assert.equal(outer('hi'), 7);
    assert.deepEqual(r.header, { kind: 'wit-studio-trace', version: 1, startedAt: r.header.startedAt, components: { app: '/app.wasm' }, source: 'jco', maxValueLength: 1024 });
    assert.deepEqual(calls(), [
      { id: 1, parent: 0, caller: 'host', callee: 'app', interface: 'test:math/ops', function: 'add', args: ['1', '2'], result: '3' },
      { id: 2, parent: 0, caller: 'app', callee: 'host', interface: 'test:log/sink', function: 'log', args: ['"hi"'] },
      { id: 4, parent: 3, caller: 'app', callee: 'host', interface: 'test:log/sink', function: 'log', args: ['"hi"'] },
      { id: 3, parent: 0, caller: 'host', callee: 'app', interface: '', function: 'run', args: ['"hi"'], result: '7' },
    ]);
    assert.equal(r.calls, 4);
  });

  test('results, `err` results (jco throws their payload), errors and traps', () => {
    const { recorder: r, calls } = recorder();
    const site = (name: string, result?: WitType): CallSite => ({ callee: 'host', interface: 'test:fs/files', func: func(name, [], result) });
    const throws = (name: string, result: WitType | undefined, e: unknown) => {
      assert.throws(
        traced(r, site(name, result), () => {
          throw e;
        }),
        (thrown) => thrown === e,
      );
    };
    // Calls to the host, made by the component.
    r.as('app', () => {
      traced(r, site('ok', resultOf('u8', errorCode)), () => 3)();
      throws('denied', resultOf(undefined, errorCode), 'not-permitted');
      throws('broken', resultOf(undefined, errorCode), new TypeError('bad handle'));
      throws('plain', undefined, 'a string thrown where no result is expected');
      throws('trap', 'u8', new webAssembly.RuntimeError('unreachable'));
    });
    assert.deepEqual(
      calls().map((c) => [c.function, c.result, c.error, c.trap]),
      [
        ['ok', 'ok(3)', undefined, undefined],
        ['denied', 'err(not-permitted)', undefined, undefined],
        ['broken', undefined, 'TypeError: bad handle', undefined],
        ['plain', undefined, 'uncaught exception: a string thrown where no result is expected', undefined],
        ['trap', undefined, 'unreachable', true],
      ],
    );
  });

  test('a value that does not fit its type is shown, not thrown', () => {
    const { recorder: r, calls } = recorder();
    r.as('app', traced(r, { callee: 'host', interface: '', func: func('count', [], 'u32') }, () => 'three'));
    assert.deepEqual(calls()[0].result, '<invalid: expected a u32 value (as jco represents it), got "three">');
  });

  test('nesting follows async calls across awaits, also when they overlap', async () => {
    const { recorder: r, calls, timed } = recorder();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const read = traced(r, { callee: 'host', interface: 'test:io/files', func: func('read', ['string'], 'string') }, async (name) => {
      await tick();
      return `<${name as string}>`;
    });
    const job = traced(r, { callee: 'app', interface: '', func: func('job', ['string'], 'string') }, async (name) => {
      await tick();
      return read(name);
    });
    assert.deepEqual(await Promise.all([job('a'), job('b')]), ['<a>', '<b>']);
    assert.deepEqual(
      calls().map((c) => [c.id, c.parent, c.function, c.args[0], c.result]),
      [
        [3, 1, 'read', '"a"', '"<a>"'],
        [1, 0, 'job', '"a"', '"<a>"'],
        [4, 2, 'read', '"b"', '"<b>"'],
        [2, 0, 'job', '"b"', '"<b>"'],
      ],
    );
    const [readA, jobA] = timed();
    assert.ok(jobA.duration >= 9 && readA.duration >= 4 && readA.start >= jobA.start + 4, JSON.stringify(timed()));
  });
});
