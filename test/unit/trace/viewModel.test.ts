// The trace view's model (client/src/trace/view/traceModel.ts): the call tree from calls in the
// order they ended, self time, the timeline's lanes and what it draws of a big trace, the totals
// per function and per component, and the call list's filters.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TraceCall, TraceHeader } from '../../../client/src/trace/model';
import {
  buildCallTree,
  buildLanes,
  callsToDraw,
  filterChoices,
  functionKey,
  matchesFilters,
  summarizeTrace,
  toFilters,
} from '../../../client/src/trace/view/traceModel';

const STDOUT = 'wasi:cli/stdout@0.2.3';
const STREAMS = 'wasi:io/streams@0.2.3';

function call(id: number, parent: number, caller: string, callee: string, iface: string, fn: string, start: number, duration: number, extra: Partial<TraceCall> = {}): TraceCall {
  return { id, parent, caller, callee, interface: iface, function: fn, args: [], start, duration, ...extra };
}

/** host → plugin `process`, which writes twice to stdout; then a second `process` that traps. In the order calls ended. */
const CALLS: TraceCall[] = [
  call(2, 1, 'plugin', 'host', STDOUT, 'get-stdout', 1, 0.5),
  call(3, 1, 'plugin', 'host', STREAMS, '[method]output-stream.blocking-write-and-flush', 2, 1),
  call(4, 1, 'plugin', 'host', STREAMS, '[method]output-stream.blocking-write-and-flush', 4, 2),
  call(1, 0, 'host', 'plugin', '', 'process', 0, 10, { result: '"HELLO"' }),
  call(5, 0, 'host', 'plugin', '', 'process', 12, 3, { trap: true, error: 'unreachable' }),
];

const HEADER: TraceHeader = { kind: 'wit-studio-trace', version: 1, startedAt: 0, components: { plugin: 'plugin.wasm' }, source: 'jco', maxValueLength: 1024 };

describe('trace model: the call tree', () => {
  test('calls nest by parent whatever the order of the file; children by start', () => {
    const tree = buildCallTree(CALLS);
    assert.deepEqual(tree.roots.map((n) => n.call.id), [1, 5]);
    assert.deepEqual(tree.nodes.map((n) => n.call.id), [1, 2, 3, 4, 5]);
    const process = tree.byId.get(1)!;
    assert.deepEqual(process.children.map((n) => n.call.id), [2, 3, 4]);
    assert.deepEqual(process.children.map((n) => n.depth), [1, 1, 1]);
    assert.equal(tree.byId.get(3)!.parent, process);
  });

  test('self time is the duration less the calls made, overlapping calls counted once', () => {
    const tree = buildCallTree(CALLS);
    assert.equal(tree.byId.get(1)!.self, 10 - 0.5 - 1 - 2);
    assert.equal(tree.byId.get(2)!.self, 0.5);
    const overlapping = buildCallTree([call(1, 0, 'host', 'a', '', 'f', 0, 10), call(2, 1, 'a', 'host', 'i', 'g', 1, 4), call(3, 1, 'a', 'host', 'i', 'g', 3, 4), call(4, 1, 'a', 'host', 'i', 'g', 9, 5)]);
    // Children cover 1..7 and 9..10 (the last one ends after its parent).
    assert.equal(overlapping.byId.get(1)!.self, 3);
  });

  test('a call whose parent is not in the trace (it had not ended) is top-level; a parent must have begun first', () => {
    const tree = buildCallTree([call(7, 3, 'plugin', 'host', STDOUT, 'get-stdout', 1, 1), call(2, 9, 'host', 'plugin', '', 'run', 0, 5), call(9, 0, 'host', 'plugin', '', 'run', 8, 1)]);
    assert.deepEqual(tree.roots.map((n) => [n.call.id, n.depth]), [[2, 0], [7, 0], [9, 0]]);
    assert.deepEqual(tree.byId.get(9)!.children, []);
  });
});

describe('trace model: lanes', () => {
  test('one lane per component, with the calls made within its calls; a call into the host belongs to its caller', () => {
    const tree = buildCallTree([...CALLS, call(6, 0, 'other', 'host', STDOUT, 'get-stdout', 20, 1)]);
    const lanes = buildLanes(tree);
    assert.deepEqual(lanes.map((l) => [l.party, l.roots.map((r) => r.call.id), l.calls]), [
      ['plugin', [1, 5], 5],
      ['other', [6], 1],
    ]);
  });

  test('a big trace draws the top levels first, failed then longest first, so every call drawn has its parent drawn', () => {
    const tree = buildCallTree(CALLS);
    assert.equal(callsToDraw(tree, 10).length, 5);
    assert.deepEqual(callsToDraw(tree, 3).map((n) => n.call.id), [5, 1, 4]);
    assert.deepEqual(callsToDraw(tree, 1).map((n) => n.call.id), [5]);
  });
});

describe('trace model: summary', () => {
  test('totals, self time and failures per function and per component called', () => {
    const s = summarizeTrace(buildCallTree(CALLS));
    assert.deepEqual([s.calls, s.errors, s.start, s.end], [5, 1, 0, 15]);
    assert.deepEqual(s.byFunction, [
      { name: 'process', calls: 2, total: 13, self: 6.5 + 3, errors: 1 },
      { name: `${STREAMS}#[method]output-stream.blocking-write-and-flush`, calls: 2, total: 3, self: 3, errors: 0 },
      { name: `${STDOUT}#get-stdout`, calls: 1, total: 0.5, self: 0.5, errors: 0 },
    ]);
    assert.deepEqual(s.byComponent, [
      { name: 'plugin', calls: 2, total: 13, self: 9.5, errors: 1 },
      { name: 'host', calls: 3, total: 3.5, self: 3.5, errors: 0 },
    ]);
  });

  test('a call made within a call of the same function or component counts once in the total', () => {
    // a.f → b.g → a.f (re-entered): f's and a's totals are the outer call's duration.
    const s = summarizeTrace(buildCallTree([call(1, 0, 'host', 'a', 'i', 'f', 0, 10), call(2, 1, 'a', 'b', 'j', 'g', 1, 8), call(3, 2, 'b', 'a', 'i', 'f', 2, 4)]));
    assert.deepEqual(s.byFunction.find((t) => t.name === 'i#f'), { name: 'i#f', calls: 2, total: 10, self: 2 + 4, errors: 0 });
    assert.deepEqual(s.byComponent.find((t) => t.name === 'a'), { name: 'a', calls: 2, total: 10, self: 6, errors: 0 });
  });

  test('an empty trace', () => {
    const s = summarizeTrace(buildCallTree([]));
    assert.deepEqual([s.calls, s.start, s.end, s.byFunction.length], [0, 0, 0, 0]);
  });

  test('function keys: interface#function, or the name alone for a world-level function', () => {
    assert.equal(functionKey(CALLS[0]), 'wasi:cli/stdout@0.2.3#get-stdout');
    assert.equal(functionKey(CALLS[3]), 'process');
  });
});

describe('trace model: filters', () => {
  const ids = (filters: Parameters<typeof matchesFilters>[1]): number[] => CALLS.filter((c) => matchesFilters(c, filters)).map((c) => c.id);

  test('by component (calling or called), interface (`` for world functions), part of the name, failed only', () => {
    assert.deepEqual(ids({}), [2, 3, 4, 1, 5]);
    assert.deepEqual(ids({ component: 'plugin' }), [2, 3, 4, 1, 5]);
    assert.deepEqual(ids({ component: 'nobody' }), []);
    assert.deepEqual(ids({ interface: '' }), [1, 5]);
    assert.deepEqual(ids({ interface: STDOUT }), [2]);
    assert.deepEqual(ids({ function: 'WRITE' }), [3, 4]);
    assert.deepEqual(ids({ function: 'io/streams' }), [3, 4]);
    assert.deepEqual(ids({ errorsOnly: true }), [5]);
    assert.deepEqual(ids({ interface: '', errorsOnly: true }), [5]);
    assert.equal(matchesFilters(call(9, 0, 'a', 'host', 'i', 'f', 0, 1, { error: 'boom' }), { errorsOnly: true }), true);
  });

  test('filters from the page keep only well-formed fields', () => {
    assert.deepEqual(toFilters({ component: 'plugin', interface: '', function: '', errorsOnly: true, extra: 1 }), { component: 'plugin', interface: '', errorsOnly: true });
    assert.deepEqual(toFilters({ component: 3, errorsOnly: 'yes' }), {});
    assert.deepEqual(toFilters(null), {});
  });

  test('the choices: the host, the components of the run, any other party; interfaces sorted', () => {
    const choices = filterChoices({ ...HEADER, components: { plugin: 'p.wasm', idle: 'i.wasm' } }, [...CALLS, call(6, 0, 'ghost', 'host', STDOUT, 'get-stdout', 20, 1)]);
    assert.deepEqual(choices, { parties: ['host', 'plugin', 'idle', 'ghost'], interfaces: ['', STDOUT, STREAMS] });
  });
});
