// The Chrome trace export (client/src/trace/chrome.ts), checked against the Trace Event
// Format's rules for what Perfetto and chrome://tracing read: a `traceEvents` array; every
// event with name, ph, ts (µs), pid, tid; complete events with dur; metadata naming each
// process and thread; complete events on one thread nested, never overlapping in part.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toChromeTrace, type ChromeEvent } from '../../../client/src/trace/chrome';
import type { TraceCall, TraceHeader } from '../../../client/src/trace/model';

const header: TraceHeader = {
  kind: 'wit-studio-trace',
  version: 1,
  startedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  components: { 'pipeline-host': '/w/host.wasm', plugin: '/w/plugin.wasm' },
  source: 'jco',
  maxValueLength: 1024,
};
const plugin = { parent: 1, caller: 'pipeline-host', callee: 'plugin', interface: 'wit-studio:pipeline/plugin@0.1.0' };
// In file order: as calls ended.
const calls: TraceCall[] = [
  { id: 2, ...plugin, function: 'name', args: [], result: '"case-plugin"', start: 1.5, duration: 0.25 },
  { id: 4, parent: 3, caller: 'plugin', callee: 'host', interface: 'wasi:cli/stdout@0.2.3', function: 'get-stdout', args: [], result: 'handle<output-stream>#1', start: 2.1, duration: 0.05 },
  { id: 3, ...plugin, function: 'transform', args: ['"hi"', 'upper'], start: 2, duration: 0.5, error: 'wasm trap: wasm `unreachable` instruction executed', trap: true },
  { id: 1, parent: 0, caller: 'host', callee: 'pipeline-host', interface: '', function: 'process', args: ['"hi"'], start: 1, duration: 2, error: 'wasm trap: wasm `unreachable` instruction executed', trap: true },
];

/** The format's required fields, by phase (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU). */
function checkEvent(e: ChromeEvent): void {
  assert.equal(typeof e.name, 'string');
  assert.ok(['X', 'M'].includes(e.ph), e.ph);
  assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), 'pid and tid are integers');
  assert.ok(typeof e.ts === 'number' && e.ts >= 0, 'ts in microseconds');
  assert.equal(typeof e.args, 'object');
  if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0, 'complete events have a duration');
  if (e.ph === 'M') {
    assert.ok(['process_name', 'thread_name', 'process_sort_index'].includes(e.name), e.name);
    if (e.name.endsWith('_name')) assert.equal(typeof e.args.name, 'string');
    else assert.equal(typeof e.args.sort_index, 'number');
  }
}

describe('Chrome trace export', () => {
  const trace = toChromeTrace(header, calls);

  test('is JSON of the Trace Event Format', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace);
    assert.ok(Array.isArray(trace.traceEvents));
    assert.equal(trace.displayTimeUnit, 'ms');
    assert.deepEqual(trace.otherData, { source: 'jco', startedAt: '2025-01-02T03:04:05.000Z' });
    trace.traceEvents.forEach(checkEvent);
  });

  test('a process and a thread per party, named; the host first', () => {
    const meta = trace.traceEvents.filter((e) => e.ph === 'M').map((e) => [e.name, e.pid, e.tid, e.args.name ?? e.args.sort_index]);
    assert.deepEqual(meta, [
      ['process_name', 1, 1, 'host'],
      ['process_sort_index', 1, 1, 0],
      ['thread_name', 1, 1, 'host'],
      ['process_name', 2, 2, 'pipeline-host (/w/host.wasm)'],
      ['process_sort_index', 2, 2, 1],
      ['thread_name', 2, 2, 'pipeline-host'],
      ['process_name', 3, 3, 'plugin (/w/plugin.wasm)'],
      ['process_sort_index', 3, 3, 2],
      ['thread_name', 3, 3, 'plugin'],
    ]);
    const named = new Set(trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.pid));
    for (const e of trace.traceEvents) assert.ok(named.has(e.pid), `process ${e.pid} is named`);
  });

  test('a complete event per call, on its callee, in microseconds, with the values', () => {
    const complete = trace.traceEvents.filter((e) => e.ph === 'X');
    assert.deepEqual(
      complete.map((e) => [e.name, e.cat, e.pid, e.ts, e.dur, e.cname]),
      [
        ['process', 'world', 2, 1000, 2000, 'terrible'],
        ['name', 'wit-studio:pipeline/plugin@0.1.0', 3, 1500, 250, undefined],
        ['transform', 'wit-studio:pipeline/plugin@0.1.0', 3, 2000, 500, 'terrible'],
        ['get-stdout', 'wasi:cli/stdout@0.2.3', 1, 2100, 50, undefined],
      ],
    );
    assert.deepEqual(complete[2].args, {
      id: 3,
      parent: 1,
      caller: 'pipeline-host',
      interface: 'wit-studio:pipeline/plugin@0.1.0',
      args: ['"hi"', 'upper'],
      error: 'wasm trap: wasm `unreachable` instruction executed',
      trap: true,
    });
    assert.deepEqual(complete[1].args, { id: 2, parent: 1, caller: 'pipeline-host', interface: 'wit-studio:pipeline/plugin@0.1.0', args: [], result: '"case-plugin"' });
  });

  test('complete events on one thread nest', () => {
    const byThread = new Map<string, ChromeEvent[]>();
    for (const e of trace.traceEvents.filter((e) => e.ph === 'X')) byThread.set(`${e.pid}/${e.tid}`, [...(byThread.get(`${e.pid}/${e.tid}`) ?? []), e]);
    for (const events of byThread.values()) {
      for (const a of events) {
        for (const b of events) {
          const aEnd = a.ts + (a.dur as number);
          const bEnd = b.ts + (b.dur as number);
          const disjoint = aEnd <= b.ts || bEnd <= a.ts;
          const nested = (a.ts <= b.ts && bEnd <= aEnd) || (b.ts <= a.ts && aEnd <= bEnd);
          assert.ok(disjoint || nested, `${a.name} and ${b.name} overlap in part`);
        }
      }
    }
  });

  test('parties not in the header (a trace of a run that named none) still get a process', () => {
    const bare = toChromeTrace({ ...header, components: {} }, [calls[0]]);
    assert.deepEqual(
      bare.traceEvents.filter((e) => e.name === 'thread_name').map((e) => [e.pid, e.args.name]),
      [
        [1, 'host'],
        [2, 'pipeline-host'],
        [3, 'plugin'],
      ],
    );
  });
});
