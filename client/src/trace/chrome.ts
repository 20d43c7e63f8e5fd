/**
 * A trace as Chrome's Trace Event Format (the JSON that Perfetto and chrome://tracing open):
 * one process per party — `host` first, then the components — each with one thread; a call
 * is a complete event (`ph: 'X'`) on its callee's thread, with times in microseconds and its
 * caller, interface, WAVE arguments and result (or error) in `args`. Metadata events name the
 * processes and threads. Pure.
 */
import { HOST, type TraceCall, type TraceHeader } from './model';

export interface ChromeEvent {
  name: string;
  ph: 'X' | 'M';
  /** Microseconds. */
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args: Record<string, unknown>;
  /** chrome://tracing's reserved colour names: traps and errors stand out. */
  cname?: string;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

export function toChromeTrace(header: TraceHeader, calls: readonly TraceCall[]): ChromeTrace {
  const parties = [HOST, ...Object.keys(header.components).filter((name) => name !== HOST)];
  for (const call of calls) for (const party of [call.caller, call.callee]) if (!parties.includes(party)) parties.push(party);
  const pidOf = (party: string) => parties.indexOf(party) + 1;
  const metadata = parties.flatMap((party, i): ChromeEvent[] => {
    const pid = i + 1;
    const wasm = header.components[party];
    const meta = (name: string, args: Record<string, unknown>): ChromeEvent => ({ name, ph: 'M', ts: 0, pid, tid: pid, args });
    return [
      meta('process_name', { name: wasm ? `${party} (${wasm})` : party }),
      meta('process_sort_index', { sort_index: i }),
      meta('thread_name', { name: party }),
    ];
  });
  // Parents first at equal times, so that viewers nest zero-length calls the right way round.
  const ordered = [...calls].sort((a, b) => a.start - b.start || a.id - b.id);
  const events = ordered.map((call): ChromeEvent => {
    const pid = pidOf(call.callee);
    return {
      name: call.function,
      cat: call.interface || 'world',
      ph: 'X',
      ts: micros(call.start),
      dur: micros(call.duration),
      pid,
      tid: pid,
      args: {
        id: call.id,
        parent: call.parent,
        caller: call.caller,
        interface: call.interface,
        args: call.args,
        ...(call.result !== undefined ? { result: call.result } : {}),
        ...(call.error !== undefined ? { error: call.error } : {}),
        ...(call.trap ? { trap: true } : {}),
      },
      ...(call.trap ? { cname: 'terrible' } : call.error !== undefined ? { cname: 'bad' } : {}),
    };
  });
  return {
    traceEvents: [...metadata, ...events],
    displayTimeUnit: 'ms',
    otherData: { source: header.source, startedAt: new Date(header.startedAt).toISOString() },
  };
}

function micros(ms: number): number {
  return Math.round(ms * 1000 * 1000) / 1000;
}
