/**
 * The debug channel's worker thread (channel.ts): connects to the adapter's socket, writes
 * what the main thread sends as JSON lines, and passes each command line it reads to the
 * main thread, waking it. When the socket closes, the adapter is gone: the main thread is told,
 * and if it does not end the process soon (a component spinning without crossing a
 * boundary never looks), the worker kills it, so that no run is left orphaned.
 */
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { ChannelCommand, ChannelWorkerData } from './channel';
import { parseAdapterCommand, type RunnerMessage } from './protocol';

/** How long the main thread has to end the run itself once the adapter is gone. */
const EXIT_GRACE_MS = 2000;

const { socket: path, count, commands } = workerData as ChannelWorkerData;

function pass(command: ChannelCommand): void {
  commands.postMessage(command);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
}

const socket = connect(path);
socket.setEncoding('utf8');
let buffer = '';
socket.on('data', (chunk: string) => {
  buffer += chunk;
  let nl: number;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const command = parseAdapterCommand(buffer.slice(0, nl));
    buffer = buffer.slice(nl + 1);
    if (command) pass(command);
  }
});
let problem = 'the debug adapter closed the channel';
socket.on('error', (e) => (problem = `the debug channel failed: ${e.message}`));
socket.on('close', () => {
  pass({ cmd: 'closed', reason: problem });
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), EXIT_GRACE_MS);
});
// Written once connected (net buffers until then).
parentPort?.on('message', (message: RunnerMessage) => socket.write(`${JSON.stringify(message)}\n`));
