/**
 * The debugger inside a run: told of every boundary call by the trace recorder, it pauses the
 * run (blocking the main thread) where the adapter's breakpoints, exception filters and steps
 * say (pausing.ts), and describes the stack of active calls with their values. The commands
 * come through the channel (channel.ts), read at each boundary event.
 */
import type { WitType } from '../../../../server/src/syntax/binary/witModel';
import { formatValue } from '../../component/wave';
import type { CallEnd, CallObserver, CallSite } from '../../trace/recorder';
import type { TraceCall } from '../../trace/model';
import { paramValues, type TraceValues } from '../../trace/wave';
import { returnsResult, trapMessage } from '../invoke';
import type { ChannelCommand, DebugChannel } from './channel';
import { BreakpointSet, decidePause, exceptionStop, stepOutMode, type CallEnding, type StepMode, type Stop } from './pausing';
import type { ExceptionFilters, Frame } from './protocol';
import { valueNode } from './valueTree';

/** A boundary call that has begun and not yet ended. */
interface ActiveCall {
  call: TraceCall;
  site: CallSite;
  params: readonly unknown[];
  end?: CallEnd;
}

export class RunDebugger implements CallObserver {
  private breakpoints = new BreakpointSet([]);
  private exceptions: ExceptionFilters = { traps: false, errors: false };
  private mode: StepMode = { kind: 'run' };
  /** Innermost last. */
  private readonly stack: ActiveCall[] = [];
  /** The exception that ended the last call that threw: the calls it unwinds next end with it too. */
  private lastThrown: unknown;

  /**
   * `values`: the trace's formatting (resources keep their trace ids); `leaveOut`: takes the time
   * the run was held (waiting for the adapter, paused) out of the trace's times; `onClosed`: the
   * adapter is gone, the run must end (it does not return).
   */
  constructor(
    private readonly channel: DebugChannel,
    private readonly values: TraceValues,
    private readonly leaveOut: (ms: number) => void,
    private readonly onClosed: (reason: string) => never,
  ) {}

  /** Says `ready` and blocks until the adapter has configured the run and said `start`. */
  waitForStart(): void {
    this.channel.send({ type: 'ready' });
    const held = performance.now();
    this.awaitStart();
    this.leaveOut(performance.now() - held);
  }

  private awaitStart(): void {
    for (;;) {
      for (const command of this.channel.waitForCommands()) {
        if (command.cmd === 'start') {
          this.mode = command.stopOnEntry ? { kind: 'entry' } : { kind: 'run' };
          return;
        }
        this.configure(command);
      }
    }
  }

  began(call: TraceCall, site: CallSite, self: unknown, args: readonly unknown[]): void {
    const params = paramValues(site.func, self, args);
    this.stack.push({ call, site, params });
    this.takeCommands();
    const argText = (i: number) => this.waveOf(params[i], site.func.params[i].ty);
    const hits = this.breakpoints.hits(call, site.func, argText);
    for (const e of hits.errors) this.channel.send({ type: 'conditionError', ...e });
    const stop = decidePause({ phase: 'call', breakpointIds: hits.ids }, this.mode);
    if (stop) this.pause(stop, 'call');
  }

  ended(_call: TraceCall, site: CallSite, end: CallEnd): void {
    const active = this.stack[this.stack.length - 1];
    active.end = end;
    this.takeCommands();
    const exception = exceptionStop(this.exceptions, this.ending(site, end));
    if (end.kind === 'threw') this.lastThrown = end.error;
    const stop = decidePause({ phase: 'return', depth: this.stack.length, ...(exception !== undefined ? { exception } : {}) }, this.mode);
    if (stop) this.pause(stop, 'return');
    this.stack.pop();
  }

  private ending(site: CallSite, end: CallEnd): CallEnding {
    if (end.kind === 'threw') return { kind: 'trapped', message: trapMessage(end.error), firstSeen: end.error !== this.lastThrown };
    const { result } = site.func;
    const isErr = result !== undefined && returnsResult(site.func) && (end.value as { tag?: unknown }).tag === 'err';
    return isErr ? { kind: 'returned', err: this.values.value(end.value, result) } : { kind: 'returned' };
  }

  /** Sends `stopped` and blocks until a command resumes the run. */
  private pause(stop: Stop, phase: 'call' | 'return'): void {
    this.channel.send({ type: 'stopped', ...stop, stack: this.frames() });
    const held = performance.now();
    this.awaitResume(phase);
    this.leaveOut(performance.now() - held);
  }

  private awaitResume(phase: 'call' | 'return'): void {
    for (;;) {
      for (const command of this.channel.waitForCommands()) {
        const resumed = this.resumption(command, phase);
        if (resumed) {
          this.mode = resumed;
          return;
        }
        this.configure(command);
      }
    }
  }

  /** The mode a command resumes a paused run in, if it is one that does. */
  private resumption(command: ChannelCommand, phase: 'call' | 'return'): StepMode | undefined {
    switch (command.cmd) {
      case 'continue':
        return { kind: 'run' };
      case 'next':
        return { kind: 'next' };
      case 'stepOut':
        return stepOutMode(phase, this.stack.length);
      default:
        return undefined;
    }
  }

  /** Applies what arrived while the run was going. */
  private takeCommands(): void {
    for (const command of this.channel.received()) {
      if (command.cmd === 'pause') this.mode = { kind: 'pause' };
      else this.configure(command);
    }
  }

  /** Settings: breakpoints, exception filters; the end of the channel. (Steps mean nothing while running.) */
  private configure(command: ChannelCommand): void {
    if (command.cmd === 'breakpoints') this.breakpoints = new BreakpointSet(command.breakpoints);
    else if (command.cmd === 'exceptions') this.exceptions = { traps: command.traps, errors: command.errors };
    else if (command.cmd === 'closed') this.onClosed(command.reason);
  }

  /** The stack, innermost first. */
  private frames(): Frame[] {
    const text = (value: unknown, ty: WitType) => this.values.value(value, ty);
    return this.stack
      .map(({ call, site, params, end }): Frame => {
        const frame: Frame = {
          id: call.id,
          caller: call.caller,
          callee: call.callee,
          interface: call.interface,
          function: call.function,
          phase: end ? 'return' : 'call',
          args: site.func.params.map((p, i) => valueNode(p.name, params[i], p.ty, text)),
        };
        if (end?.kind === 'threw') frame.error = trapMessage(end.error);
        else if (end && site.func.result !== undefined) frame.result = valueNode('result', end.value, site.func.result, text);
        return frame;
      })
      .reverse();
  }

  /** A value in full WAVE (never cut: conditions compare it whole). */
  private waveOf(value: unknown, ty: WitType): string {
    try {
      return formatValue(value, ty, this.values.handle);
    } catch (e) {
      return `<invalid: ${(e as Error).message}>`;
    }
  }
}
