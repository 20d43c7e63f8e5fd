/**
 * The debug channel between the runner and the debug adapter (docs/debug-protocol.md): JSON
 * objects, one per line, over the Unix socket the adapter names in the run spec. The types of
 * both directions, and reading a line. Pure.
 */

/** A boundary breakpoint: every field that is present must match the call. */
export interface Breakpoint {
  id: number;
  /** Calls of this interface (`wit-studio:pipeline/plugin@0.1.0`; without `@version`: any version); '' = world functions. Absent: any. */
  interface?: string;
  /** The WIT function name (`transform`, `[method]counter.get`). Absent: every function (of the interface / component). */
  function?: string;
  /** Calls into or out of this instance (`plugin`, or a component's file name without .wasm for a single component). Absent: any. */
  component?: string;
  /** `name == <WAVE>`, `name != <WAVE>`, joined by `&&`; names are the function's parameters. */
  condition?: string;
}

export interface ExceptionFilters {
  /** Stop when a call traps. */
  traps: boolean;
  /** Stop when a call returns the `err` of its `result`. */
  errors: boolean;
}

export type AdapterCommand =
  | { cmd: 'breakpoints'; breakpoints: Breakpoint[] }
  | ({ cmd: 'exceptions' } & ExceptionFilters)
  | { cmd: 'start'; stopOnEntry: boolean }
  | { cmd: 'continue' }
  | { cmd: 'next' }
  | { cmd: 'stepOut' }
  | { cmd: 'pause' };

/** A WIT value: its WAVE text, and for records, tuples, lists, variants, options, results, flags its parts. */
export interface ValueNode {
  name: string;
  /** The WIT type as written (`list<string>`, `token`). */
  type: string;
  value: string;
  children?: ValueNode[];
}

/** A boundary call on the stack. */
export interface Frame {
  /** The call's id, as in the trace. */
  id: number;
  caller: string;
  callee: string;
  /** '' for a world function. */
  interface: string;
  function: string;
  /** Paused at its start, or at its return (then `result` or `error` is set; only the innermost frame can be at its return). */
  phase: 'call' | 'return';
  args: ValueNode[];
  result?: ValueNode;
  /** A trap's message. */
  error?: string;
}

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception';

export type RunnerMessage =
  | { type: 'ready' }
  | { type: 'stopped'; reason: StopReason; breakpointIds?: number[]; description?: string; stack: Frame[] }
  | { type: 'conditionError'; breakpointId: number; message: string };

/** A line from the adapter, or undefined if it is not a command this runner knows. */
export function parseAdapterCommand(line: string): AdapterCommand | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  switch (v.cmd) {
    case 'breakpoints':
      return Array.isArray(v.breakpoints) && v.breakpoints.every(isBreakpoint) ? { cmd: 'breakpoints', breakpoints: v.breakpoints } : undefined;
    case 'exceptions':
      return { cmd: 'exceptions', traps: v.traps === true, errors: v.errors === true };
    case 'start':
      return { cmd: 'start', stopOnEntry: v.stopOnEntry === true };
    case 'continue':
    case 'next':
    case 'stepOut':
    case 'pause':
      return { cmd: v.cmd };
    default:
      return undefined;
  }
}

function isBreakpoint(value: unknown): value is Breakpoint {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  const optionalText = (k: string) => b[k] === undefined || typeof b[k] === 'string';
  return Number.isInteger(b.id) && optionalText('interface') && optionalText('function') && optionalText('component') && optionalText('condition');
}
