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
  /** Called for each line the process writes to file descriptor 3, a pipe opened only with this option (the runner's events). */
  onEvent?: (line: string) => void;
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
  /**
   * Stops the process and everything it started: SIGTERM to the group, SIGKILL after `graceMs`;
   * resolves once the group is gone (or after a few seconds when init is slow to reap it).
   */
  stop(graceMs?: number): Promise<ProcessResult>;
}

const running = new Set<RunningProcess>();

export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): RunningProcess {
  const child: ChildProcess = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: [options.input !== undefined || options.interactiveInput ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(options.onEvent ? ['pipe' as const] : [])],
    windowsHide: true,
  });
  let stopped = false;
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
  const events = lines(options.onEvent);
  child.stdout?.on('data', out.data);
  child.stderr?.on('data', err.data);
  child.stdio[3]?.on('data', events.data);
  if (options.input !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  }
  const done = new Promise<ProcessResult>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, stopped, error }));
    child.once('close', (code, signal) => {
      out.end();
      err.end();
      events.end();
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
      await groupGone(child.pid, GROUP_GONE_TIMEOUT_MS);
      return result;
    },
  };
  running.add(handle);
  void done.then(() => {
    running.delete(handle);
    // Children the process left running (e.g. a server it spawned) go with it.
    if (!stopped) signalGroup(child.pid, 'SIGKILL');
  });
  return handle;
}

/**
 * Killed members of the group stay zombies until init reaps them (they are its children once
 * the leader is gone), which can take a second; until then the group still exists.
 */
const GROUP_GONE_TIMEOUT_MS = 3000;

async function groupGone(pid: number | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pid !== undefined && Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
