/**
 * The trace file format (docs/trace-format.md): JSON lines, a `TraceHeader` first, then one
 * `TraceCall` per line. Writing a line, cutting long values (with the cut said in the value),
 * and reading a file back, as the viewer does. Pure.
 */
import type { TraceCall, TraceHeader, TraceLine } from './model';

/** The version this code writes and reads. */
export const TRACE_VERSION = 1;

/** How many characters of a WAVE value a trace keeps unless the run asks otherwise. */
export const DEFAULT_MAX_VALUE_LENGTH = 1024;

/** One line of the file, with its newline. */
export function traceLine(line: TraceLine): string {
  return `${JSON.stringify(line)}\n`;
}

/**
 * A value cut to `max` characters (UTF-16 code units, never splitting a surrogate pair) and
 * ending in `…(N more characters)`; shorter values as they are.
 */
export function truncateValue(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = isLowSurrogate(value.charCodeAt(max)) ? max - 1 : max;
  return `${value.slice(0, cut)}…(${value.length - cut} more characters)`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export type ReadTrace =
  | {
      ok: true;
      header: TraceHeader;
      /** In the order of the file: the order calls ended. */
      calls: TraceCall[];
      /**
       * The last line was cut off (the run was killed while writing it): it is left out. Calls
       * that had not ended when a run stopped are never in the file, so a call's `parent` may be
       * missing from `calls`.
       */
      truncated: boolean;
    }
  | { ok: false; message: string };

/** Reads a trace file's text; refuses other formats and versions with a message that says why. */
export function readTrace(text: string): ReadTrace {
  const lines = text.split('\n');
  // A file that ends with its newline has an empty last element; one killed mid-line does not.
  const last = lines.pop() as string;
  const cutLine = last.trim() === '' ? undefined : last;
  if (lines.length === 0) {
    return cutLine === undefined ? { ok: false, message: 'the trace file is empty' } : readWhole(cutLine);
  }
  const header = parseHeader(lines[0]);
  if (typeof header === 'string') return { ok: false, message: header };
  const calls: TraceCall[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const call = parseCall(lines[i]);
    if (typeof call === 'string') return { ok: false, message: `line ${i + 1}: ${call}` };
    calls.push(call);
  }
  let truncated = false;
  if (cutLine !== undefined) {
    const call = parseCall(cutLine);
    if (typeof call === 'string') truncated = true;
    else calls.push(call);
  }
  return { ok: true, header, calls, truncated };
}

/** A file of one line without its newline: the header alone, or nothing readable. */
function readWhole(line: string): ReadTrace {
  const header = parseHeader(line);
  if (typeof header === 'string') return { ok: false, message: header };
  return { ok: true, header, calls: [], truncated: false };
}

function parseHeader(line: string): TraceHeader | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not a WIT Studio trace (the first line is not JSON)';
  }
  const h = value as Partial<TraceHeader> | null;
  if (typeof h !== 'object' || h === null || h.kind !== 'wit-studio-trace') return 'not a WIT Studio trace (no `wit-studio-trace` header on the first line)';
  if (h.version !== TRACE_VERSION) {
    return `this trace is format version ${JSON.stringify(h.version)}; this version of WIT Studio reads version ${TRACE_VERSION} only`;
  }
  if (typeof h.startedAt !== 'number' || typeof h.components !== 'object' || h.components === null || typeof h.maxValueLength !== 'number') {
    return 'the trace header is incomplete (startedAt, components, maxValueLength)';
  }
  if (h.source !== 'jco' && h.source !== 'wasmtime-log') return `unknown trace source ${JSON.stringify(h.source)}`;
  return h as TraceHeader;
}

function parseCall(line: string): TraceCall | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const c = value as Partial<TraceCall> | null;
  if (typeof c !== 'object' || c === null) return 'not a call';
  const numbers = typeof c.id === 'number' && typeof c.parent === 'number' && typeof c.start === 'number' && typeof c.duration === 'number';
  const strings = typeof c.caller === 'string' && typeof c.callee === 'string' && typeof c.interface === 'string' && typeof c.function === 'string';
  if (!numbers || !strings || !Array.isArray(c.args)) return 'not a call (id, parent, caller, callee, interface, function, args, start, duration)';
  return c as TraceCall;
}
