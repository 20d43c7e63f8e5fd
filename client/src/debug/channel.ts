/**
 * The adapter's end of the debug channel: a Unix socket in a private temporary folder (mode
 * 0700, so no other user can connect), which the runner connects to once. JSON lines both
 * ways; commands sent before the runner connects are not possible (the runner speaks first,
 * with `ready`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterCommand, RunnerMessage } from '../runtime/debug/protocol';

export class DebugChannel {
  private socket: Socket | undefined;

  private constructor(
    readonly path: string,
    private readonly dir: string,
    private readonly server: Server,
  ) {}

  /** Listens; `onMessage` receives each message of the runner. */
  static async open(onMessage: (message: RunnerMessage) => void): Promise<DebugChannel> {
    const dir = await mkdtemp(join(tmpdir(), 'wit-debug-'));
    const path = join(dir, 'channel.sock');
    let channel: DebugChannel | undefined;
    const server = createServer((socket) => {
      if (!channel || channel.socket) {
        socket.destroy();
        return;
      }
      channel.socket = socket;
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const message = parseMessage(line);
          if (message) onMessage(message);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    channel = new DebugChannel(path, dir, server);
    return channel;
  }

  send(command: AdapterCommand): void {
    if (this.socket?.writable) this.socket.write(`${JSON.stringify(command)}\n`);
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

function parseMessage(line: string): RunnerMessage | undefined {
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return typeof value === 'object' && value !== null && typeof value.type === 'string' ? (value as RunnerMessage) : undefined;
  } catch {
    return undefined;
  }
}
