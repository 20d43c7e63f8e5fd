/**
 * A trace file written while the run goes on, without holding the trace in memory: lines are
 * gathered and written when 64 KiB have gathered or 100 ms have passed since the last write,
 * so a killed run loses at most that much. Writes are synchronous, so `close` works in an
 * `exit` handler (after a trap or `process.exit`).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

export class TraceFileWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  // The first line (the header) is written at once.
  private lastFlush = -Infinity;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  /** Adds a line (with its newline); ignored once closed. */
  readonly write = (line: string): void => {
    if (this.fd === undefined) return;
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= FLUSH_BYTES || performance.now() - this.lastFlush >= FLUSH_MS) this.flush();
  };

  /** Why writing stopped (a full disk…): the run goes on untraced rather than failing in a traced call. */
  error: Error | undefined;

  flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    try {
      writeSync(this.fd, this.pending.join(''));
    } catch (e) {
      this.error = e as Error;
      this.release();
      return;
    }
    this.pending = [];
    this.pendingLength = 0;
    this.lastFlush = performance.now();
  }

  close(): void {
    this.flush();
    this.release();
  }

  private release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    this.pending = [];
  }
}

/** A new trace file of a run named `name`, in `.wit-traces/` of `folder` (kept, so traces can be opened again). */
export function newTraceFilePath(folder: string, name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, '');
  return join(folder, '.wit-traces', `${name.replace(/[^\w.-]+/g, '-')}-${stamp}.witrace`);
}
