/**
 * A Wasmtime log (`WASMTIME_LOG=wasmtime_wasi=trace wasmtime run …`, on stderr) read into the
 * trace model, `source: 'wasmtime-log'`. Wasmtime's CLI prints tracing-subscriber's default
 * format, one event per line:
 *
 *     2025-03-04T10:00:00.000100Z TRACE wit-bindgen import{module="streams" function="[method]output-stream.blocking-write-and-flush"}: wasmtime_wasi::p2::bindings::sync::generated::wasi::io::streams: call self_=Resource { rep: 1, state: "borrow" } contents="..."
 *
 * time, level, the spans the event is in (`name{fields}:`, outermost first), the target (the
 * Rust module), then the message and fields. Bindings made by `wasmtime::component::bindgen!`
 * with `tracing` (all of wasmtime-wasi's) open a `wit-bindgen import{module, function}` span
 * per WASI call, with a `call` event (the arguments, by parameter name, in Rust's `Debug`
 * notation; values holding lists are written `"..."` unless Wasmtime was built with verbose
 * tracing) and a `return` event (`result=…`). Embedders whose export bindings trace too add a
 * `wit-bindgen export{module, function}` span around what a call of an export does. Preview 1
 * (wiggle) logs `wiggle abi{module, function}` spans with an event of the arguments and one of
 * `result=…`. Lines without a time (`WASMTIME_LOG_NO_CONTEXT=1`) take the last time logged (0 if none was).
 *
 * The trace is partial: only calls to the host (and exports, when logged), arguments as
 * `name: value` in Rust's notation rather than WAVE, no versions in interface names. Other
 * lines (the component's own output, other logs) are skipped. Pure.
 */
import { HOST, type TraceCall, type TraceHeader } from './model';
import { DEFAULT_MAX_VALUE_LENGTH, TRACE_VERSION, truncateValue } from './format';

export interface WasmtimeLogOptions {
  /** The component that ran: its name in the trace (its file name, as the runner names it) and its path. */
  component: { name: string; path: string };
  maxValueLength?: number;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const PREFIX = /^(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z\s+)?(?:(?:TRACE|DEBUG|INFO|WARN|ERROR)\s+)?/;
const SPAN = /(wit-bindgen import|wit-bindgen export|wiggle abi)\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\}/g;
const TARGET = /^([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*): /;
const FIELD_START = /^[A-Za-z_][\w.]*=/;

interface Span {
  kind: 'import' | 'export' | 'wiggle';
  interface: string;
  function: string;
  /** The span and those around it, as written: which events belong to one call. */
  key: string;
}

interface Open {
  call: TraceCall;
  key: string;
  /** The last time seen within it (for export spans, whose end is not logged). */
  last: number;
}

/** Whether a line of Wasmtime's stderr is a call logged by `WASMTIME_LOG` (rather than the component's own output). */
export function isWasmtimeCallLog(line: string): boolean {
  SPAN.lastIndex = 0;
  return SPAN.test(line.replace(ANSI, ''));
}

/** The environment that makes Wasmtime log every WASI call (what `parseWasmtimeLog` reads). */
export const WASMTIME_TRACE_ENV = { WASMTIME_LOG: 'wasmtime_wasi=trace' } as const;

export function parseWasmtimeLog(text: string, options: WasmtimeLogOptions): { header: TraceHeader; calls: TraceCall[] } {
  const max = options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  const component = options.component.name;
  const calls: TraceCall[] = [];
  const open: Open[] = [];
  let startedAt: number | undefined;
  let lastId = 0;
  let now = 0;

  const close = (entry: Open, end: number) => {
    entry.call.duration = round(end - entry.call.start);
    calls.push(entry.call);
    open.splice(open.indexOf(entry), 1);
  };
  const begin = (span: Span, parent: Open | undefined, args: string[]): Open => {
    const exported = span.kind === 'export';
    const call: TraceCall = {
      id: ++lastId,
      parent: parent?.call.id ?? 0,
      caller: exported ? HOST : component,
      callee: exported ? component : HOST,
      interface: span.interface,
      function: span.function,
      args,
      start: now,
      duration: 0,
    };
    const entry = { call, key: span.key, last: now };
    open.push(entry);
    return entry;
  };

  for (const raw of text.split('\n')) {
    const line = raw.replace(ANSI, '').trimEnd();
    const rest = afterSpans(line);
    const target = TARGET.exec(rest)?.[1];
    const spans = spansOf(line, target);
    if (spans.length === 0) continue;
    const prefix = PREFIX.exec(line) as RegExpExecArray;
    if (prefix[1]) {
      const at = Date.parse(`${prefix[1]}Z`) + Number(`0${prefix[2] ?? ''}`) * 1000;
      startedAt ??= at;
      now = round(at - startedAt);
    }
    // Exports (outermost) are open while events happen inside them; they close when none does any more.
    for (const entry of [...open].reverse()) {
      if (entry.call.caller === HOST && !spans.some((s) => s.key === entry.key)) close(entry, entry.last);
    }
    let parent: Open | undefined;
    for (const span of spans.slice(0, -1)) {
      parent = open.find((o) => o.key === span.key) ?? begin(span, parent, []);
      parent.last = now;
    }
    const innermost = spans[spans.length - 1];
    const { message, fields } = eventFields(target === undefined ? rest : rest.slice(target.length + 2));
    const result = fields.find((f) => f.name === 'result');
    const current = open.find((o) => o.key === innermost.key);
    if (innermost.kind === 'export') {
      (current ?? begin(innermost, parent, [])).last = now;
    } else if (message === 'call' || (innermost.kind === 'wiggle' && !result)) {
      begin(innermost, parent, fields.map((f) => truncateValue(`${f.name === 'self_' ? 'self' : f.name}: ${f.value}`, max)));
    } else if (message === 'return' || (innermost.kind === 'wiggle' && result)) {
      // wiggle logs no event for a call without arguments: it begins and ends at its result.
      const entry = current ?? begin(innermost, parent, []);
      if (result) entry.call.result = truncateValue(result.value, max);
      close(entry, now);
    }
  }
  for (const entry of [...open].reverse()) {
    if (entry.call.callee === HOST) entry.call.error = 'no return in the log (the run ended during this call)';
    close(entry, entry.call.callee === HOST ? now : entry.last);
  }
  const header: TraceHeader = {
    kind: 'wit-studio-trace',
    version: TRACE_VERSION,
    startedAt: startedAt ?? 0,
    components: { [component]: options.component.path },
    source: 'wasmtime-log',
    maxValueLength: max,
  };
  return { header, calls };
}

/** The spans of interest of a line, outermost first, each keyed by itself and those around it. */
function spansOf(line: string, target: string | undefined): Span[] {
  const spans: Span[] = [];
  let key = '';
  for (const m of line.matchAll(SPAN)) {
    key += m[0];
    const fields = Object.fromEntries(eventFields(m[2]).fields.map((f) => [f.name, unquote(f.value)]));
    const kind = m[1] === 'wit-bindgen import' ? 'import' : m[1] === 'wit-bindgen export' ? 'export' : 'wiggle';
    const module = fields.module ?? '';
    spans.push({ kind, interface: kind === 'import' ? interfaceOf(target, module) : module === 'default' ? '' : module, function: fields.function ?? '', key });
  }
  return spans;
}

/** What follows the spans: the target, the event's message and its fields. */
function afterSpans(line: string): string {
  let end = 0;
  for (const m of line.matchAll(SPAN)) end = (m.index as number) + m[0].length;
  return line.slice(end).replace(/^:\s*/, '');
}

/**
 * `wasi:io/streams` from a target ending in `::wasi::io::streams` (the module bindgen! makes
 * for the interface); otherwise the span's module, the interface's plain name (`streams`).
 * A function of the world itself (`<no module>`) has none.
 */
function interfaceOf(target: string | undefined, module: string): string {
  const m = target && /(?:^|::)wasi::(\w+)::(\w+)$/.exec(target);
  if (m) return `wasi:${kebab(m[1])}/${kebab(m[2])}`;
  return module === '<no module>' || module === '<no owner>' ? '' : module;
}

function kebab(snake: string): string {
  return snake.replace(/_/g, '-');
}

/**
 * `call self_=Resource { rep: 1, state: "borrow" } contents="..."` → the message (`call`) and the
 * fields: a field begins where a space outside quotes and brackets is followed by `name=`.
 */
function eventFields(text: string): { message: string | undefined; fields: { name: string; value: string }[] } {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ' ' && depth === 0 && FIELD_START.test(text.slice(i + 1))) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  const message = parts.length > 0 && !FIELD_START.test(parts[0]) ? parts.shift()?.trim() : undefined;
  const fields = parts.map((p) => {
    const eq = p.indexOf('=');
    return { name: p.slice(0, eq), value: p.slice(eq + 1).trim() };
  });
  return { message: message || undefined, fields };
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value.slice(1, -1);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
