/**
 * The values of a traced call in WAVE (component/wave.ts), as a trace shows them: resources,
 * which WAVE cannot write, as `handle<type>#id` with an id per JS object (the same object
 * keeps its id for the whole run); values longer than the trace allows cut with
 * `…(N more characters)`; a value that does not fit its type (a host function returning the
 * wrong thing) as `<invalid: why>` rather than failing the call.
 */
import { formatValue, type HandleFormatter } from '../component/wave';
import type { Func, WitType } from '../../../server/src/syntax/binary/witModel';
import { truncateValue } from './format';

export class TraceValues {
  private readonly ids = new WeakMap<object, number>();
  private readonly lastId = new Map<string, number>();
  /** A resource handle as the trace writes it. */
  readonly handle: HandleFormatter = (value, resource) => {
    const type = resource.name ?? 'resource';
    return `handle<${type}>#${typeof value === 'object' && value !== null ? this.idOf(value, type) : '?'}`;
  };

  constructor(private readonly maxLength: number) {}

  value(value: unknown, ty: WitType): string {
    let text: string;
    try {
      text = formatValue(value, ty, this.handle);
    } catch (e) {
      text = `<invalid: ${(e as Error).message}>`;
    }
    return truncateValue(text, this.maxLength);
  }

  /** The arguments of a call; a method's `self` is its first parameter (jco's `this`). */
  args(func: Func, self: unknown, args: readonly unknown[]): string[] {
    const values = paramValues(func, self, args);
    return func.params.map((p, i) => this.value(values[i], p.ty));
  }

  /** Ids count per resource type: `handle<descriptor>#1`, `handle<output-stream>#1`. */
  private idOf(object: object, type: string): number {
    let id = this.ids.get(object);
    if (id === undefined) {
      id = (this.lastId.get(type) ?? 0) + 1;
      this.lastId.set(type, id);
      this.ids.set(object, id);
    }
    return id;
  }
}

/** The values of a call's parameters, in order: a method's `self` (jco's `this`) is its first. */
export function paramValues(func: Func, self: unknown, args: readonly unknown[]): readonly unknown[] {
  return func.kind.kind === 'method' || func.kind.kind === 'async-method' ? [self, ...args] : args;
}
