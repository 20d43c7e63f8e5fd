/**
 * Where the runner says what happens: JSON lines (`RunnerEvent`) on fd 3 when the parent
 * opened it as a pipe; otherwise (the runner started by hand) the same in words on stdout and
 * stderr, much as wasmtime prints them.
 */
import { fstatSync, writeSync } from 'node:fs';
import type { RunnerEvent } from './runSpec';

const EVENTS_FD = 3;

export class Reporter {
  private readonly toPipe = isPipe(EVENTS_FD);

  emit(event: RunnerEvent): void {
    try {
      this.write(event);
    } catch {
      // The reader is gone (EPIPE): the run goes on without it.
    }
  }

  private write(event: RunnerEvent): void {
    if (this.toPipe) {
      writeSync(EVENTS_FD, `${JSON.stringify(event)}\n`);
      return;
    }
    switch (event.event) {
      case 'result':
        writeSync(1, `${event.wave}\n`);
        break;
      case 'listening':
        writeSync(2, `Serving HTTP on ${event.url}\n`);
        break;
      case 'trap':
        writeSync(2, `Error: ${event.message}${event.function ? `\n  while running ${event.function}` : ''}\n`);
        break;
      case 'error':
        writeSync(2, `error: ${event.message}\n`);
        break;
      case 'trace':
        writeSync(2, `Traced ${event.calls} call${event.calls === 1 ? '' : 's'} into ${event.file}\n`);
        break;
    }
  }
}

function isPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
