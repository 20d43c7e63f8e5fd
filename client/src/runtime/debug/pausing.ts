/**
 * When a debugged run pauses at a boundary event (a call across a component boundary beginning
 * or ending), and why: the breakpoints the call matches, the exception filters, and the step
 * the adapter asked for. Pure.
 */
import type { Func } from '../../../../server/src/syntax/binary/witModel';
import type { TraceCall } from '../../trace/model';
import { compileCondition, type CompiledCondition } from './conditions';
import type { Breakpoint, ExceptionFilters, StopReason } from './protocol';

export type BoundaryCall = Pick<TraceCall, 'caller' | 'callee' | 'interface' | 'function'>;

export interface ConditionError {
  breakpointId: number;
  message: string;
}

/** The breakpoints the adapter set; each condition compiled once per function, each error reported once. */
export class BreakpointSet {
  private readonly compiled = new Map<number, WeakMap<Func, CompiledCondition>>();
  private readonly reported = new Set<number>();

  constructor(readonly breakpoints: readonly Breakpoint[]) {}

  /**
   * The ids of the breakpoints a call of `func` matches (`argText(i)`: its parameter i in
   * WAVE), and the conditions that could not be evaluated (they count as true), new ones only.
   */
  hits(call: BoundaryCall, func: Func, argText: (index: number) => string): { ids: number[]; errors: ConditionError[] } {
    const ids: number[] = [];
    const errors: ConditionError[] = [];
    for (const b of this.breakpoints) {
      if (!matchesPlace(b, call)) continue;
      const condition = b.condition?.trim() ? this.condition(b, func) : undefined;
      if (condition && !condition.ok && !this.reported.has(b.id)) {
        this.reported.add(b.id);
        errors.push({ breakpointId: b.id, message: condition.message });
      }
      if (!condition || !condition.ok || condition.holds(argText)) ids.push(b.id);
    }
    return { ids, errors };
  }

  private condition(b: Breakpoint, func: Func): CompiledCondition {
    let byFunc = this.compiled.get(b.id);
    if (!byFunc) this.compiled.set(b.id, (byFunc = new WeakMap()));
    let c = byFunc.get(func);
    if (!c) byFunc.set(func, (c = compileCondition(b.condition as string, func.params)));
    return c;
  }
}

/** Whether a breakpoint's interface, function and component (those it names) are the call's. */
export function matchesPlace(b: Breakpoint, call: BoundaryCall): boolean {
  if (b.function !== undefined && b.function !== call.function) return false;
  if (b.interface !== undefined && b.interface !== call.interface && !(b.interface !== '' && !b.interface.includes('@') && withoutVersion(call.interface) === b.interface)) return false;
  if (b.component !== undefined && instanceName(call.callee) !== b.component && instanceName(call.caller) !== b.component) return false;
  return true;
}

function withoutVersion(iface: string): string {
  return iface.replace(/@[^@]*$/, '');
}

/** A single component's party is its file name (`greeter.wasm`); breakpoints name it without `.wasm`. */
function instanceName(party: string): string {
  return party.replace(/\.wasm$/, '');
}

/** What the run does until the next pause. */
export type StepMode =
  | { kind: 'run' }
  /** Pause at the first boundary event (stopOnEntry). */
  | { kind: 'entry' }
  | { kind: 'pause' }
  /** Pause at the next boundary event. */
  | { kind: 'next' }
  /** Pause when a call returns with at most this many calls on the stack (itself included). */
  | { kind: 'stepOut'; depth: number };

/** `stepOut` from a pause at `phase` of the innermost of `depth` calls: to its return, or (paused at its return) to its caller's. */
export function stepOutMode(phase: 'call' | 'return', depth: number): StepMode {
  const target = phase === 'call' ? depth : depth - 1;
  return target > 0 ? { kind: 'stepOut', depth: target } : { kind: 'run' };
}

/** How a call ended, for the exception filters. */
export type CallEnding =
  | { kind: 'returned'; /** The `err` of its own `result`, in WAVE. */ err?: string }
  /** `firstSeen`: not already stopped on as it unwound an inner call. */
  | { kind: 'trapped'; message: string; firstSeen: boolean };

/** Why a call's ending stops for the exception filters (the stop's description), if it does. */
export function exceptionStop(filters: ExceptionFilters, ending: CallEnding): string | undefined {
  if (ending.kind === 'trapped') return filters.traps && ending.firstSeen ? ending.message : undefined;
  return filters.errors && ending.err !== undefined ? `returned ${ending.err}` : undefined;
}

export type BoundaryEvent =
  | { phase: 'call'; /** Ids of the breakpoints it hits. */ breakpointIds: readonly number[] }
  | { phase: 'return'; /** Calls on the stack, the returning one included. */ depth: number; /** Set when it stops for an exception filter. */ exception?: string };

export interface Stop {
  reason: StopReason;
  breakpointIds?: number[];
  description?: string;
}

/** Whether the run pauses at this event, and why. */
export function decidePause(event: BoundaryEvent, mode: StepMode): Stop | undefined {
  if (event.phase === 'call') {
    if (event.breakpointIds.length > 0) return { reason: 'breakpoint', breakpointIds: [...event.breakpointIds] };
    if (mode.kind === 'entry' || mode.kind === 'pause') return { reason: mode.kind };
    return mode.kind === 'next' ? { reason: 'step' } : undefined;
  }
  if (event.exception !== undefined) return { reason: 'exception', description: event.exception };
  if (mode.kind === 'pause') return { reason: 'pause' };
  if (mode.kind === 'next' || (mode.kind === 'stepOut' && event.depth <= mode.depth)) return { reason: 'step' };
  return undefined;
}
