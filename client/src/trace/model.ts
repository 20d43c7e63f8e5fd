/**
 * A trace of the calls that crossed component boundaries in one run: between the host and a
 * component, and between components of a composition. The file format is JSON lines: a
 * `TraceHeader` first, then one `TraceCall` per line in the order calls *ended* (a parent ends
 * after its children). Pure types and helpers, shared by the recorder (runtime/) and the
 * views.
 */

/** Where a call came from or went to: `host`, or the name of a component instance. */
export type Party = string;

export const HOST: Party = 'host';

export interface TraceHeader {
  kind: 'wit-studio-trace';
  /** Format version; readers refuse versions they do not know. */
  version: 1;
  /** When recording began (ms since the epoch); call times are relative to it. */
  startedAt: number;
  /** The components of the run: instance name → the .wasm it came from. */
  components: Record<string, string>;
  /** `jco`: every call at the boundaries; `wasmtime-log`: only the WASI calls Wasmtime logs, without values (partial). */
  source: 'jco' | 'wasmtime-log';
  /** Values longer than this (in characters of WAVE) are cut, with the cut said in the value. */
  maxValueLength: number;
}

export interface WitLocation {
  /** The WIT file and 0-based line of the function's definition, when the WIT source is known. */
  file: string;
  line: number;
}

export interface TraceCall {
  /** Unique in the trace, in the order calls began (1, 2, …). */
  id: number;
  /** The call this one was made within (0: none, a top-level call by the host). */
  parent: number;
  caller: Party;
  callee: Party;
  /** `wasi:cli/stdout@0.2.3`, `wit-studio:pipeline/plugin@0.1.0`, or `` for a world-level function. */
  interface: string;
  /** The WIT function name: `get-stdout`, `[method]output-stream.write`, `process`. */
  function: string;
  /** The arguments, each in WAVE (resources as `handle<type>#id`); truncated values end in `…(N more characters)`. */
  args: string[];
  /** The result in WAVE (absent for no result, or when the call failed). */
  result?: string;
  /** Milliseconds since `startedAt`. */
  start: number;
  duration: number;
  /** The call ended with a trap or a thrown error (the message), not a result. */
  error?: string;
  trap?: boolean;
  definition?: WitLocation;
}

export type TraceLine = TraceHeader | TraceCall;
