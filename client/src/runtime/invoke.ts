/**
 * Calling a component's export the way jco's bindings expose it, and telling the outcomes
 * apart: a value; the `err` of the function's own `result` (jco returns the `ok` payload and
 * throws the `err` payload as it is, which is never an `Error`); or a trap (a
 * `WebAssembly.RuntimeError`, with wasmtime's wording thanks to jco, or any other `Error` the
 * bindings throw).
 */
import { isTypeDef, type Func } from '../../../server/src/syntax/binary/witModel';
import { resolveType } from '../component/wave';
import { webAssembly, type Exports } from './transpiled';

export type CallOutcome = { kind: 'returned'; value: unknown } | { kind: 'trapped'; message: string };

/** The function at `path` in jco's exports (`['wasi:cli/run@0.2.3', 'run']`). */
export function exportAt(exports: Exports, path: readonly string[]): ((...args: unknown[]) => unknown) | undefined {
  let at: unknown = exports;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'function' ? (at as (...args: unknown[]) => unknown) : undefined;
}

/** Calls an export; for a function returning `result`, the value is `{ tag: 'ok' | 'err', val }` as WAVE formatting expects. */
export async function callExport(fn: (...args: unknown[]) => unknown, func: Pick<Func, 'result'>, args: readonly unknown[]): Promise<CallOutcome> {
  try {
    return { kind: 'returned', value: returnedValue(func, await fn(...args)) };
  } catch (e) {
    const err = thrownErr(func, e);
    return err ? { kind: 'returned', value: err.value } : { kind: 'trapped', message: trapMessage(e) };
  }
}

/** What a call of `func` returned, as WAVE formatting expects it (an `ok` wrapped for a function returning `result`). */
export function returnedValue(func: Pick<Func, 'result'>, value: unknown): unknown {
  return returnsResult(func) ? { tag: 'ok', val: value } : value;
}

/** The `err` value (`{ tag: 'err', val }`) an exception of a call of `func` stands for, if it is one: jco throws the payload. */
export function thrownErr(func: Pick<Func, 'result'>, e: unknown): { value: unknown } | undefined {
  const payload = returnsResult(func) ? errPayload(e) : undefined;
  return payload && { value: { tag: 'err', val: payload.value } };
}

/** Whether `func` returns a `result` of its own (whose `err` jco throws). */
export function returnsResult(func: Pick<Func, 'result'>): boolean {
  const result = func.result === undefined ? undefined : resolveType(func.result);
  return result !== undefined && isTypeDef(result) && result.kind.kind === 'result';
}

/** A wasm trap (rather than an error of the host or the bindings). */
export function isTrap(e: unknown): boolean {
  return e instanceof webAssembly.RuntimeError || isStackOverflow(e);
}

// V8 overflows its own stack before wasm's limit, and jco leaves that error as it is.
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** What an exception says, worded like a wasmtime trap where it is one. */
export function trapMessage(e: unknown): string {
  if (e instanceof webAssembly.RuntimeError) return e.message;
  if (isStackOverflow(e)) return 'wasm trap: call stack exhausted';
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `uncaught exception: ${String(e)}`;
}

/** The `err` payload jco threw: any non-`Error` value (older jco: a `ComponentError`'s `payload`). */
function errPayload(e: unknown): { value: unknown } | undefined {
  if (e instanceof Error) return e.name === 'ComponentError' && 'payload' in e ? { value: e.payload } : undefined;
  return { value: e };
}
