/**
 * One run of a component, as the extension asks for it and both engines carry it out: the
 * bundled runner (runner.ts, a Node child process using jco) and wasmtime (toolchains/
 * wasmtime.ts). What the component may touch is only what `grants` gives it.
 *
 * The runner reads the spec from a JSON file (its argv[2]) and reports what happens as JSON
 * lines on file descriptor 3 (`RunnerEvent`, when the parent opened that pipe: startProcess's
 * `onEvent`); the component's own output goes to the runner's stdout and stderr. Pure (paths
 * only), no VS Code.
 */
import { dirname, join } from 'node:path';
import type { DirectoryGrant, Grants } from '../component/grants';
import { jcoDir } from '../toolchains/jco';

export type RunMode =
  /** A `wasi:cli/run` command, with its arguments (after argv[0], the component's path). */
  | { kind: 'command'; args: string[] }
  /**
   * One exported function, by its WIT name as wasmtime's `--invoke` takes it
   * (`ns:pkg/iface.func@1.0.0`, `iface.func`, or a bare `func` that names one export), with
   * its arguments in WAVE (`"text", 3`).
   */
  | { kind: 'invoke'; function: string; args: string }
  /** A `wasi:http/incoming-handler` served on 127.0.0.1:port (0: a free port, reported in `listening`). */
  | { kind: 'serve'; port: number };

export interface DirectoryAccess extends DirectoryGrant {
  /** The component may read but not create, change or delete anything in it (the runner only: wasmtime's CLI cannot). */
  readOnly?: boolean;
}

/** What the component may use: nothing else (no ambient files, variables or network). */
export interface RunGrants extends Grants {
  directories: DirectoryAccess[];
}

export interface RunSpec {
  /** The component's path (absolute, or relative to `cwd`); with `composition`, the name of its component to run. */
  component: string;
  mode: RunMode;
  grants: RunGrants;
  /** The run's working directory (relative host paths are resolved from it). */
  cwd: string;
  /**
   * A composition file (docs/composition.md, absolute or relative to `cwd`): its components run
   * together, instantiated in dependency order with their exports wired to each other's
   * imports and the granted WASI for the rest. The runner only (trace/composition.ts).
   */
  composition?: string;
  /** Record every call across the component boundaries into a trace file (docs/trace-format.md). The runner only. */
  trace?: TraceRequest;
  /** Run under the debugger (docs/debug-protocol.md), which needs `trace`. The runner only. */
  debug?: DebugRequest;
}

export interface DebugRequest {
  /** The Unix socket the debug adapter listens on; the runner connects to it before it instantiates anything. */
  socket: string;
}

export interface TraceRequest {
  /** Where the trace goes (JSON lines; absolute, or relative to `cwd`); replaced if it exists. */
  file: string;
  /** WAVE values longer than this many characters are cut, ending in `…(N more characters)`. Default 1024. */
  maxValueLength?: number;
}

/** What the runner reports, one JSON object per line on fd 3. */
export type RunnerEvent =
  /** The component is instantiated and starts running. */
  | { event: 'started'; pid: number }
  /** `serve`: the server accepts requests. */
  | { event: 'listening'; url: string }
  /** `invoke`: what the function returned, in WAVE (`()` for no result). */
  | { event: 'result'; wave: string }
  /** The component trapped (or its bindings failed) in `function` (WIT name; absent while instantiating). */
  | { event: 'trap'; message: string; function?: string }
  /** The run could not be carried out: unreadable spec or component, bad WAVE arguments, missing export… */
  | { event: 'error'; message: string }
  /** `trace`: the trace is complete in `file` (absolute), with this many calls; sent just before `exit`. */
  | { event: 'trace'; file: string; calls: number }
  /** The runner exits with this code (the component's exit code; 134 after a trap, as wasmtime). */
  | { event: 'exit'; code: number };

/** wasmtime's exit code after a trap on Unix (128 + SIGABRT); the runner uses it too. */
export const TRAP_EXIT_CODE = 134;

/** A process to start (with startProcess) for a run. */
export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Keep stdin open for the terminal (granted stdin); otherwise the component reads an empty stdin. */
  interactiveInput: boolean;
}

/** A Node to run the runner with: `node`, or VS Code's own executable run as Node. */
export interface NodeRuntime {
  path: string;
  /** An Electron executable (VS Code's): run with ELECTRON_RUN_AS_NODE=1. */
  electron?: boolean;
}

/** The bundled runner, `dist/runtime/runner.mjs`, found from wherever this code runs. */
export function runnerPath(from?: string): string {
  return join(dirname(jcoDir(from)), 'runtime', 'runner.mjs');
}

/** The runner process for a spec written (as JSON) to `specPath`. */
export function runnerLaunch(spec: RunSpec, specPath: string, runtime: NodeRuntime, env: NodeJS.ProcessEnv = process.env): Launch {
  return {
    command: runtime.path,
    args: [runnerPath(), specPath],
    cwd: spec.cwd,
    env: runtime.electron ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : env,
    interactiveInput: spec.grants.stdin,
  };
}

/** A line of the runner's fd 3, or undefined if it is not an event. */
export function parseRunnerEvent(line: string): RunnerEvent | undefined {
  try {
    const value = JSON.parse(line) as { event?: unknown };
    return typeof value === 'object' && value !== null && typeof value.event === 'string' ? (value as RunnerEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a spec read from JSON; the message says what is wrong. */
export function checkRunSpec(value: unknown): { ok: true; spec: RunSpec } | { ok: false; message: string } {
  const v = value as Partial<RunSpec> | null;
  const problem = ((): string | undefined => {
    if (typeof v !== 'object' || v === null) return 'the run spec is not a JSON object';
    if (typeof v.component !== 'string') return '`component` must be a path';
    if (typeof v.cwd !== 'string') return '`cwd` must be a path';
    const m = v.mode as Partial<{ kind: string; args: unknown; function: unknown; port: unknown }> | undefined;
    if (m?.kind === 'command' && !(Array.isArray(m.args) && m.args.every((a) => typeof a === 'string'))) return '`mode.args` must be a list of strings';
    if (m?.kind === 'invoke' && (typeof m.function !== 'string' || typeof m.args !== 'string')) return '`mode.function` and `mode.args` must be strings';
    if (m?.kind === 'serve' && !(Number.isInteger(m.port) && (m.port as number) >= 0 && (m.port as number) < 65536)) return '`mode.port` must be a port number (0: any)';
    if (m?.kind !== 'command' && m?.kind !== 'invoke' && m?.kind !== 'serve') return '`mode.kind` must be command, invoke or serve';
    const g = v.grants as Partial<RunGrants> | undefined;
    if (typeof g !== 'object' || g === null) return '`grants` is missing';
    const dirsOk = Array.isArray(g.directories) && g.directories.every((d) => typeof d?.host === 'string' && typeof d?.guest === 'string');
    if (!dirsOk) return '`grants.directories` must be a list of { host, guest, readOnly? }';
    if (typeof g.env !== 'object' || g.env === null || !Object.values(g.env).every((x) => typeof x === 'string')) return '`grants.env` must map names to strings';
    if (typeof g.network !== 'boolean' || typeof g.stdin !== 'boolean') return '`grants.network` and `grants.stdin` must be true or false';
    if (v.composition !== undefined && typeof v.composition !== 'string') return '`composition` must be the path of a composition file';
    const t = v.trace as Partial<TraceRequest> | undefined;
    if (t !== undefined && (typeof t !== 'object' || t === null || typeof t.file !== 'string')) return '`trace.file` must be a path';
    if (t?.maxValueLength !== undefined && !(Number.isInteger(t.maxValueLength) && t.maxValueLength > 0)) return '`trace.maxValueLength` must be a positive whole number';
    const d = v.debug as Partial<DebugRequest> | undefined;
    if (d !== undefined && (typeof d !== 'object' || d === null || typeof d.socket !== 'string')) return '`debug.socket` must be a path';
    if (d !== undefined && t === undefined) return '`debug` needs `trace` (a debugged run is traced)';
    return undefined;
  })();
  return problem === undefined ? { ok: true, spec: v as RunSpec } : { ok: false, message: problem };
}
