/**
 * The runner's end of the debug channel, on its main thread. A worker thread
 * (channelWorker.ts) owns the socket: the main thread may be blocked inside a component's
 * call, where no event loop runs. The worker passes each command on a MessagePort and counts
 * it in shared memory; the main thread sees the count change at its next boundary event (a
 * load, no waiting) and reads the commands synchronously (`receiveMessageOnPort`), or, when
 * paused, sleeps in `Atomics.wait` until the count changes. What the main thread sends goes
 * through the worker, which runs while the main thread is blocked.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import type { AdapterCommand, RunnerMessage } from './protocol';

/** What the worker passes on: the adapter's commands, and the end of the channel. */
export type ChannelCommand = AdapterCommand | { cmd: 'closed'; reason: string };

/** What the worker is started with. */
export interface ChannelWorkerData {
  socket: string;
  /** Int32Array over a SharedArrayBuffer: [0] counts the commands posted on `commands`. */
  count: Int32Array;
  commands: MessagePort;
}

/** The worker's file, bundled next to the runner (scripts/build.mjs). */
export const CHANNEL_WORKER_FILE = 'debugChannel.mjs';

export class DebugChannel {
  private seen = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly count: Int32Array,
    private readonly commands: MessagePort,
  ) {}

  /** Connects to the adapter's socket through a worker started from `runtimeDir`. */
  static open(socket: string, runtimeDir: string): DebugChannel {
    const count = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const data: ChannelWorkerData = { socket, count, commands: port2 };
    const worker = new Worker(join(runtimeDir, CHANNEL_WORKER_FILE), { workerData: data, transferList: [port2] });
    // The run ends when the component does, whatever the channel is doing.
    worker.unref();
    return new DebugChannel(worker, count, port1);
  }

  send(message: RunnerMessage): void {
    this.worker.postMessage(message);
  }

  /** The commands that came since the last look, without waiting (none, mostly: one load). */
  received(): ChannelCommand[] {
    return Atomics.load(this.count, 0) === this.seen ? [] : this.drain();
  }

  /** Blocks the thread until commands come. */
  waitForCommands(): ChannelCommand[] {
    for (;;) {
      const commands = this.drain();
      if (commands.length > 0) return commands;
      Atomics.wait(this.count, 0, this.seen);
    }
  }

  private drain(): ChannelCommand[] {
    this.seen = Atomics.load(this.count, 0);
    const out: ChannelCommand[] = [];
    for (let m = receiveMessageOnPort(this.commands); m; m = receiveMessageOnPort(this.commands)) out.push(m.message as ChannelCommand);
    return out;
  }
}
