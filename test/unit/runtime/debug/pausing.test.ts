// When a debugged run pauses (client/src/runtime/debug/pausing.ts): breakpoints matched by
// place and condition, the exception filters, the step modes, with the exact reasons.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BreakpointSet, decidePause, exceptionStop, matchesPlace, stepOutMode, type BoundaryCall } from '../../../../client/src/runtime/debug/pausing';
import type { Func } from '../../../../server/src/syntax/binary/witModel';

const transform: BoundaryCall = { caller: 'pipeline-host', callee: 'plugin', interface: 'wit-studio:pipeline/plugin@0.1.0', function: 'transform' };
const run: BoundaryCall = { caller: 'host', callee: 'greeter.wasm', interface: '', function: 'run' };
const func = (...names: string[]): Func => ({ name: 'f', kind: { kind: 'freestanding' }, params: names.map((name) => ({ name, ty: 'string' })), docs: {}, stability: { kind: 'unknown' } });

describe('pausing at boundary events', () => {
  test('a breakpoint matches by interface (with or without version), function and component (callee or caller)', () => {
    const matches = (b: object, call: BoundaryCall) => matchesPlace({ id: 1, ...b }, call);
    assert.equal(matches({}, transform), true);
    assert.equal(matches({ interface: 'wit-studio:pipeline/plugin@0.1.0', function: 'transform' }, transform), true);
    assert.equal(matches({ interface: 'wit-studio:pipeline/plugin' }, transform), true);
    assert.equal(matches({ interface: 'wit-studio:pipeline/plugin@0.2.0' }, transform), false);
    assert.equal(matches({ interface: 'wit-studio:pipeline/other' }, transform), false);
    assert.equal(matches({ interface: '' }, transform), false);
    assert.equal(matches({ interface: '', function: 'run' }, run), true);
    assert.equal(matches({ function: 'count' }, transform), false);
    assert.equal(matches({ component: 'plugin' }, transform), true);
    assert.equal(matches({ component: 'pipeline-host' }, transform), true);
    assert.equal(matches({ component: 'greeter' }, transform), false);
    assert.equal(matches({ component: 'greeter' }, run), true, 'a single component by its file name without .wasm');
  });

  test('conditions: hits only when they hold; an error once per breakpoint, the breakpoint then counting as hit', () => {
    const set = new BreakpointSet([
      { id: 1, function: 'transform', condition: 'input == "hi"' },
      { id: 2, function: 'transform', condition: 'nope == 1' },
      { id: 3, function: 'count' },
      { id: 4, condition: '  ' },
    ]);
    const f = func('input');
    assert.deepEqual(set.hits(transform, f, () => '"hi"'), { ids: [1, 2, 4], errors: [{ breakpointId: 2, message: 'no parameter nope (the parameters: input)' }] });
    assert.deepEqual(set.hits(transform, f, () => '"ho"'), { ids: [2, 4], errors: [] });
  });

  test('calls pause for breakpoints first, then for the step asked for', () => {
    assert.deepEqual(decidePause({ phase: 'call', breakpointIds: [3, 5] }, { kind: 'next' }), { reason: 'breakpoint', breakpointIds: [3, 5] });
    assert.deepEqual(decidePause({ phase: 'call', breakpointIds: [] }, { kind: 'entry' }), { reason: 'entry' });
    assert.deepEqual(decidePause({ phase: 'call', breakpointIds: [] }, { kind: 'pause' }), { reason: 'pause' });
    assert.deepEqual(decidePause({ phase: 'call', breakpointIds: [] }, { kind: 'next' }), { reason: 'step' });
    assert.equal(decidePause({ phase: 'call', breakpointIds: [] }, { kind: 'stepOut', depth: 1 }), undefined);
    assert.equal(decidePause({ phase: 'call', breakpointIds: [] }, { kind: 'run' }), undefined);
  });

  test('returns pause for exceptions first, for next and pause, and for stepOut at its depth or above', () => {
    assert.deepEqual(decidePause({ phase: 'return', depth: 3, exception: 'wasm trap: x' }, { kind: 'run' }), { reason: 'exception', description: 'wasm trap: x' });
    assert.deepEqual(decidePause({ phase: 'return', depth: 3 }, { kind: 'next' }), { reason: 'step' });
    assert.deepEqual(decidePause({ phase: 'return', depth: 3 }, { kind: 'pause' }), { reason: 'pause' });
    assert.equal(decidePause({ phase: 'return', depth: 3 }, { kind: 'stepOut', depth: 2 }), undefined);
    assert.deepEqual(decidePause({ phase: 'return', depth: 2 }, { kind: 'stepOut', depth: 2 }), { reason: 'step' });
    assert.deepEqual(decidePause({ phase: 'return', depth: 1 }, { kind: 'stepOut', depth: 2 }), { reason: 'step' });
    assert.equal(decidePause({ phase: 'return', depth: 1 }, { kind: 'run' }), undefined);
  });

  test('stepOut: from a call to its return, from a return to its caller’s, from the outermost return to the end', () => {
    assert.deepEqual(stepOutMode('call', 2), { kind: 'stepOut', depth: 2 });
    assert.deepEqual(stepOutMode('return', 2), { kind: 'stepOut', depth: 1 });
    assert.deepEqual(stepOutMode('return', 1), { kind: 'run' });
  });

  test('exception filters: traps (once, where they happen), err returns', () => {
    const both = { traps: true, errors: true };
    assert.equal(exceptionStop(both, { kind: 'trapped', message: 'wasm trap: unreachable', firstSeen: true }), 'wasm trap: unreachable');
    assert.equal(exceptionStop(both, { kind: 'trapped', message: 'wasm trap: unreachable', firstSeen: false }), undefined);
    assert.equal(exceptionStop({ traps: false, errors: true }, { kind: 'trapped', message: 'm', firstSeen: true }), undefined);
    assert.equal(exceptionStop(both, { kind: 'returned', err: 'err("empty input")' }), 'returned err("empty input")');
    assert.equal(exceptionStop({ traps: true, errors: false }, { kind: 'returned', err: 'err("empty input")' }), undefined);
    assert.equal(exceptionStop(both, { kind: 'returned' }), undefined);
  });
});
