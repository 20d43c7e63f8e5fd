/**
 * How a pause at the WIT boundary reads in the debugger: the names of the stack's frames
 * (`pipeline-host → plugin: transform("hello world", upper)`, `… ← ok("HELLO WORLD")` at a
 * return) and the stop's description. Pure.
 */
import type { Frame, RunnerMessage } from '../runtime/debug/protocol';

type Stopped = Extract<RunnerMessage, { type: 'stopped' }>;

export function frameName(frame: Frame): string {
  const call = `${frame.caller} → ${frame.callee}: ${frame.function}(${frame.args.map((a) => a.value).join(', ')})`;
  if (frame.phase !== 'return') return call;
  if (frame.error !== undefined) return `${call} ✗ ${frame.error}`;
  return frame.result ? `${call} ← ${frame.result.value}` : `${call} ← ()`;
}

/** What the stop says (the thread's label in the Call Stack view): the breakpoint's label, or the trap's message. */
export function stopDescription(stopped: Stopped, labelOf: (breakpointId: number) => string | undefined): string {
  switch (stopped.reason) {
    case 'breakpoint': {
      const labels = (stopped.breakpointIds ?? []).map(labelOf).filter((l): l is string => l !== undefined);
      return `Breakpoint: ${labels.length > 0 ? labels.join(', ') : (stopped.stack[0]?.function ?? '')}`;
    }
    case 'exception':
      return stopped.description ?? stopped.stack[0]?.error ?? 'Exception';
    case 'entry':
      return 'Paused on entry';
    case 'step':
      return 'Paused after step';
    case 'pause':
      return 'Paused';
  }
}
