/**
 * Child processes for builds and runs: started from an argument array (never a shell
 * string) in a process group of their own, their output streamed line by line, and stopped
 * by signalling the whole group, so that nothing they started is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called for each line of standard output / standard error (without the line end). */
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Written to standard input, which is then closed; without it, stdin is closed at once. */
  input?: string | Uint8Array;
  /** Keep stdin open for the caller (see `RunningProcess.stdin`). */
  interactiveInput?: boolean;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether it ended because `stop` was called. */
  stopped: boolean;
  /** An error starting it (e.g. the program does not exist). */
  error?: Error;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessResult>;
  readonly stdin: NodeJS.WritableStream | null;
  /** Stops the process and everything it started: SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<ProcessResult>;
}

const running = new Set<RunningProcess>();

export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): RunningProcess {
  const child: ChildProcess = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: [options.input !== undefined || options.interactiveInput ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stopped = false;
  let exited = false;
  const lines = (emit: ((line: string) => void) | undefined) => {
    let buffer = '';
    return {
      data: (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          emit?.(buffer.slice(0, nl).replace(/\r$/, ''));
          buffer = buffer.slice(nl + 1);
        }
      },
      end: () => {
        if (buffer) emit?.(buffer);
        buffer = '';
      },
    };
  };
  const out = lines(options.onStdout);
  const err = lines(options.onStderr);
  child.stdout?.on('data', out.data);
  child.stderr?.on('data', err.data);
  if (options.input !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  }
  const done = new Promise<ProcessResult>((resolve) => {
    child.once('error', (error) => {
      exited = true;
      resolve({ code: null, signal: null, stopped, error });
    });
    child.once('close', (code, signal) => {
      exited = true;
      out.end();
      err.end();
      resolve({ code, signal, stopped });
    });
  });
  const handle: RunningProcess = {
    pid: child.pid,
    done,
    stdin: child.stdin,
    async stop(graceMs = 2000) {
      stopped = true;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
      const result = await done;
      clearTimeout(timer);
      // The leader may be gone while what it started lives on: make sure the group is.
      signalGroup(child.pid, 'SIGKILL');
      return result;
    },
  };
  running.add(handle);
  void done.then(() => {
    running.delete(handle);
    if (!exited) return;
    // Children the process left running (e.g. a server it spawned) go with it.
    if (!stopped) signalGroup(child.pid, 'SIGKILL');
  });
  return handle;
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Runs to the end; the output is collected as well as streamed. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<ProcessResult & { stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const p = startProcess(command, args, {
    ...options,
    onStdout: (l) => {
      stdout.push(l);
      options.onStdout?.(l);
    },
    onStderr: (l) => {
      stderr.push(l);
      options.onStderr?.(l);
    },
  });
  const result = await p.done;
  return { ...result, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** Stops every process still running (on deactivation). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(500)));
}
