// The trace file format (client/src/trace/format.ts): cutting long values with the cut said,
// and reading files back — complete ones, ones a killed run cut mid-line, and files that are
// not traces or of another version.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTrace, traceLine, truncateValue } from '../../../client/src/trace/format';
import type { TraceCall, TraceHeader } from '../../../client/src/trace/model';

const header: TraceHeader = { kind: 'wit-studio-trace', version: 1, startedAt: 1700000000000, components: { app: '/w/app.wasm' }, source: 'jco', maxValueLength: 1024 };
const call = (id: number, parent: number): TraceCall => ({
  id,
  parent,
  caller: 'app',
  callee: 'host',
  interface: 'wasi:cli/stdout@0.2.3',
  function: 'get-stdout',
  args: [],
  result: 'handle<output-stream>#1',
  start: id,
  duration: 0.5,
});

describe('trace format', () => {
  test('values longer than the limit end in a marker with how much was cut', () => {
    assert.equal(truncateValue('"short"', 10), '"short"');
    assert.equal(truncateValue('0123456789', 10), '0123456789');
    assert.equal(truncateValue('0123456789ab', 10), '0123456789…(2 more characters)');
    // Never half a surrogate pair: 😀 is two UTF-16 units.
    assert.equal(truncateValue('abc😀def', 4), 'abc…(5 more characters)');
  });

  test('one JSON object per line', () => {
    assert.equal(traceLine(call(1, 0)), `${JSON.stringify(call(1, 0))}\n`);
  });

  test('a complete file', () => {
    const text = [header, call(2, 1), call(1, 0)].map(traceLine).join('');
    assert.deepEqual(readTrace(text), { ok: true, header, calls: [call(2, 1), call(1, 0)], truncated: false });
    // The last newline missing but the line whole.
    assert.deepEqual(readTrace(text.trimEnd()), { ok: true, header, calls: [call(2, 1), call(1, 0)], truncated: false });
    assert.deepEqual(readTrace(traceLine(header)), { ok: true, header, calls: [], truncated: false });
  });

  test('a file cut off in its last line (a killed run): the whole lines, and the cut said', () => {
    const whole = [header, call(2, 1), call(3, 1)].map(traceLine).join('');
    const cut = whole.slice(0, whole.length - 25);
    // Call 1 had not ended when the run was killed: it is not in the file, its children are.
    assert.deepEqual(readTrace(cut), { ok: true, header, calls: [call(2, 1)], truncated: true });
  });

  test('other files are refused with a reason', () => {
    const message = (text: string) => {
      const read = readTrace(text);
      return read.ok ? 'read' : read.message;
    };
    assert.equal(message(''), 'the trace file is empty');
    assert.equal(message('hello\n'), 'not a WIT Studio trace (the first line is not JSON)');
    assert.equal(message('{"traceEvents":[]}\n'), 'not a WIT Studio trace (no `wit-studio-trace` header on the first line)');
    assert.equal(message(traceLine({ ...header, version: 2 } as unknown as TraceHeader)), 'this trace is format version 2; this version of WIT Studio reads version 1 only');
    assert.equal(message(traceLine({ ...header, source: 'strace' } as unknown as TraceHeader)), 'unknown trace source "strace"');
    assert.equal(message(`${traceLine(header)}{"id":1}\n${traceLine(call(2, 1))}`), 'line 2: not a call (id, parent, caller, callee, interface, function, args, start, duration)');
    assert.equal(message(`${traceLine(header)}{"id":\n${traceLine(call(2, 1))}`), 'line 2: not JSON');
  });
});
