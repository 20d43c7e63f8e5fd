/**
 * Starting a run (runSpec.ts) with one of the engines — the bundled runner in jco, or
 * wasmtime — and following it: the component's output, what happened (result, trap, the URL
 * it serves on), its end. The process runs in its own group, so `stop` leaves nothing behind.
 * Pure Node (no VS Code).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { startProcess, type RunningProcess } from '../toolchains/process';
import { wasmtimeLaunch, wasmtimeListeningUrl } from '../toolchains/wasmtime';
import { traceLine } from '../trace/format';
import { WASMTIME_TRACE_ENV, isWasmtimeCallLog, parseWasmtimeLog } from '../trace/wasmtimeLog';
import { parseRunnerEvent, runnerLaunch, type Launch, type NodeRuntime, type RunSpec, type RunnerEvent, type TraceRequest } from './runSpec';

export type Engine = { kind: 'jco'; runtime: NodeRuntime } | { kind: 'wasmtime'; path: string; imports: readonly string[] };

export interface RunOutcome {
  /** The exit code (null when it was stopped or could not start). */
  code: number | null;
  stopped: boolean;
  /** `invoke`: the result in WAVE (jco runs). */
  result?: string;
  trap?: { message: string; function?: string };
  /** Why the run could not be carried out (bad arguments, missing export, engine failed to start…). */
  error?: string;
  /** The trace file (a spec with `trace`), once complete, and how many calls it holds. */
  trace?: { file: string; calls: number };
}

export interface RunHandlers {
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  onEvent?: (event: RunnerEvent) => void;
}

export interface RunHandle {
  /** Things the engine cannot do as granted (wasmtime's CLI); shown before the run. */
  readonly warnings: string[];
  readonly done: Promise<RunOutcome>;
  /** Standard input, when it was granted. */
  readonly stdin: NodeJS.WritableStream | null;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const TRAP_LINE = /wasm trap: (.*)$/;

export async function startRun(spec: RunSpec, engine: Engine, handlers: RunHandlers = {}): Promise<RunHandle> {
  if (engine.kind === 'wasmtime' && spec.composition) {
    throw new Error('compositions need the bundled runner (jco engine): wasmtime runs one component');
  }
  const outcome: RunOutcome = { code: null, stopped: false };
  const note = (event: RunnerEvent) => {
    if (event.event === 'result') outcome.result = event.wave;
    else if (event.event === 'trap') outcome.trap = { message: event.message, ...(event.function ? { function: event.function } : {}) };
    else if (event.event === 'error') outcome.error = event.message;
    else if (event.event === 'trace') outcome.trace = { file: event.file, calls: event.calls };
    handlers.onEvent?.(event);
  };
  let launch: Launch & { warnings?: string[] };
  let specDir: string | undefined;
  if (engine.kind === 'jco') {
    // The spec holds granted variables: a private file, removed when the run ends.
    specDir = await mkdtemp(join(tmpdir(), 'wit-run-'));
    const specPath = join(specDir, 'spec.json');
    await writeFile(specPath, JSON.stringify(spec), { mode: 0o600 });
    launch = runnerLaunch(spec, specPath, engine.runtime);
  } else {
    launch = wasmtimeLaunch(spec, { wasmtime: engine.path, imports: engine.imports });
    if (spec.trace) launch = { ...launch, env: { ...launch.env, ...WASMTIME_TRACE_ENV } };
  }
  // A traced Wasmtime run: its call log is kept for the trace, out of the component's output.
  const wasmtimeLog: string[] | undefined = engine.kind === 'wasmtime' && spec.trace ? [] : undefined;
  // wasmtime has no event channel: what the runner reports as events is read from its stderr.
  const fromWasmtimeStderr = (line: string) => {
    const url = wasmtimeListeningUrl(line);
    if (url) note({ event: 'listening', url });
    const trap = TRAP_LINE.exec(line);
    if (trap) note({ event: 'trap', message: `wasm trap: ${trap[1]}` });
  };
  const proc: RunningProcess = startProcess(launch.command, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    interactiveInput: launch.interactiveInput,
    onStdout: (line) => handlers.onOutput?.(line, 'stdout'),
    onStderr: (line) => {
      if (wasmtimeLog && isWasmtimeCallLog(line)) wasmtimeLog.push(line);
      else handlers.onOutput?.(line, 'stderr');
      if (engine.kind === 'wasmtime') fromWasmtimeStderr(line);
    },
    ...(engine.kind === 'jco'
      ? {
          onEvent: (line: string) => {
            const event = parseRunnerEvent(line);
            if (event) note(event);
          },
        }
      : {}),
  });
  const done = proc.done.then(async (result) => {
    if (specDir) await rm(specDir, { recursive: true, force: true });
    outcome.code = result.stopped ? null : result.code;
    outcome.stopped = result.stopped;
    if (result.error) outcome.error = `${launch.command} could not be started: ${result.error.message}`;
    if (wasmtimeLog && spec.trace) outcome.trace = await writeWasmtimeTrace(wasmtimeLog, spec, spec.trace);
    return outcome;
  });
  return {
    warnings: launch.warnings ?? [],
    done,
    stdin: proc.stdin,
    pid: proc.pid,
    stop: async () => {
      await proc.stop();
    },
  };
}

/** Wasmtime's call log as a trace file (partial: WASI calls only, values as Wasmtime logs them). */
async function writeWasmtimeTrace(log: readonly string[], spec: RunSpec, trace: TraceRequest): Promise<{ file: string; calls: number }> {
  const path = resolve(spec.cwd, spec.component);
  const { header, calls } = parseWasmtimeLog(log.join('\n'), { component: { name: basename(path), path }, ...(trace.maxValueLength ? { maxValueLength: trace.maxValueLength } : {}) });
  const file = resolve(spec.cwd, trace.file);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, [header, ...calls].map(traceLine).join(''));
  return { file, calls: calls.length };
}
