/**
 * Recording calls across component boundaries as `TraceCall`s, streamed to a sink as JSON
 * lines (format.ts) in the order they end. Which call is running is kept in an
 * AsyncLocalStorage, so nesting stays right whether jco's bindings call synchronously or
 * (in async instantiation, JSPI) across awaits. The caller of a call is the party whose code
 * is running when it begins: the callee of the innermost running call, or `host`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Func } from '../../../server/src/syntax/binary/witModel';
import { isTrap, returnedValue, thrownErr, trapMessage } from '../runtime/invoke';
import { HOST, type Party, type TraceCall, type TraceHeader } from './model';
import { TRACE_VERSION, traceLine } from './format';
import { TraceValues } from './wave';

/** A traced function: who provides it and what it is in WIT. */
export interface CallSite {
  callee: Party;
  /** The interface's name (`wasi:io/streams@0.2.3`), or `` for a world function. */
  interface: string;
  func: Func;
}

/** Who is running: the innermost call, or (id 0) a component running its start functions. */
type Frame = Pick<TraceCall, 'id' | 'callee'>;

/** How a recorded call ended: the value it returned (a function's own `result` as `{ tag, val }`, even when jco threw its `err`), or the exception it threw. */
export type CallEnd = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown };

/** Told of each recorded call as it begins and as it ends (before its line is written): the debugger (runtime/debug/). */
export interface CallObserver {
  began(call: TraceCall, site: CallSite, self: unknown, args: readonly unknown[]): void;
  ended(call: TraceCall, site: CallSite, end: CallEnd): void;
}

export interface RecorderOptions {
  components: Record<string, string>;
  maxValueLength: number;
  /** Receives each line of the trace (the header at once). */
  write: (line: string) => void;
}

export class TraceRecorder {
  readonly header: TraceHeader;
  /** The calls written so far. */
  calls = 0;
  private readonly running = new AsyncLocalStorage<Frame>();
  /** How this trace writes values (resources by their ids in it). */
  readonly values: TraceValues;
  private origin = performance.now();
  private lastId = 0;
  private readonly write: (line: string) => void;
  /** Told of each call (the debugger); without one, recording costs what it did. */
  observer: CallObserver | undefined;

  constructor(options: RecorderOptions) {
    this.header = {
      kind: 'wit-studio-trace',
      version: TRACE_VERSION,
      startedAt: Date.now(),
      components: options.components,
      source: 'jco',
      maxValueLength: options.maxValueLength,
    };
    this.values = new TraceValues(options.maxValueLength);
    this.write = options.write;
    this.write(traceLine(this.header));
  }

  /** Runs `body` as code of `party` (a component instantiating): the calls it makes are that party's. */
  as<T>(party: Party, body: () => T): T {
    return this.running.run({ id: 0, callee: party }, body);
  }

  /**
   * Calls `invoke` — the function at `site` with `self` (a method's resource) and `args` — and
   * records the call. A call within one party (the WASI shim using its own methods) is not a
   * boundary crossing and is not recorded.
   */
  call(site: CallSite, self: unknown, args: unknown[], invoke: () => unknown): unknown {
    const parent = this.running.getStore();
    const caller = parent?.callee ?? HOST;
    if (caller === site.callee) return invoke();
    const call: TraceCall = {
      id: ++this.lastId,
      parent: parent?.id ?? 0,
      caller,
      callee: site.callee,
      interface: site.interface,
      function: site.func.name,
      args: this.values.args(site.func, self, args),
      start: this.now(),
      duration: 0,
    };
    this.observer?.began(call, site, self, args);
    let result: unknown;
    try {
      result = this.running.run(call, invoke);
    } catch (e) {
      this.threw(call, site, e);
      throw e;
    }
    if (!isPromise(result)) {
      this.returned(call, site, result);
      return result;
    }
    return result.then(
      (value) => {
        this.returned(call, site, value);
        return value;
      },
      (e: unknown) => {
        this.threw(call, site, e);
        throw e;
      },
    );
  }

  private returned(call: TraceCall, site: CallSite, returned: unknown): void {
    const { func } = site;
    const value = returnedValue(func, returned);
    if (func.result !== undefined) call.result = this.values.value(value, func.result);
    this.observer?.ended(call, site, { kind: 'returned', value });
    this.end(call);
  }

  /** jco throws the `err` of a function's own `result`: that is a result, not an error. */
  private threw(call: TraceCall, site: CallSite, e: unknown): void {
    const { func } = site;
    const err = thrownErr(func, e);
    if (err && func.result !== undefined) {
      call.result = this.values.value(err.value, func.result);
    } else {
      call.error = trapMessage(e);
      if (isTrap(e)) call.trap = true;
    }
    this.observer?.ended(call, site, err ? { kind: 'returned', value: err.value } : { kind: 'threw', error: e });
    this.end(call);
  }

  private end(call: TraceCall): void {
    call.duration = round(this.now() - call.start);
    this.calls++;
    this.write(traceLine(call));
  }

  /** Leaves a stretch of time out of the trace (a debugger pause): later times are as if it had not passed. */
  leaveOut(ms: number): void {
    this.origin += ms;
  }

  /** Milliseconds since the header's `startedAt`, to the microsecond. */
  private now(): number {
    return round(performance.now() - this.origin);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
