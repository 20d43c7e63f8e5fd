// The runner's side of the debug channel (docs/debug-protocol.md), driven by a scripted fake
// adapter: a Unix socket server here, speaking the JSON lines, and the real bundled runner
// started as the extension starts it (session.ts's startRun), running components made from WAT
// (an app calling a greeter, which writes to stdout through WASI and can trap) and the example
// pipeline.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { AdapterCommand, Frame, RunnerMessage } from '../../../client/src/runtime/debug/protocol';
import { TRAP_EXIT_CODE, type RunSpec, type RunnerEvent } from '../../../client/src/runtime/runSpec';
import { startRun, type RunHandle } from '../../../client/src/runtime/session';
import { COMPOSITION_FILE, compositionRunSpec, parseComposition } from '../../../client/src/trace/composition';
import { readTrace } from '../../../client/src/trace/format';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { cToolchainProblem, examplesDir, groupMembers, tempCopy, tempDir } from '../../helpers/toolchains';
import { NO_GRANTS, appComponent, greeterComponent } from '../../helpers/wasmComponents';

/** The adapter's side: listens, takes the runner's one connection, sends commands, reads messages in order. */
class FakeAdapter {
  private connection: Socket | undefined;
  private readonly messages: RunnerMessage[] = [];
  private waiting: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly socket: string,
  ) {
    server.on('connection', (c) => {
      this.connection = c;
      let buffer = '';
      c.setEncoding('utf8');
      c.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          this.messages.push(JSON.parse(buffer.slice(0, nl)) as RunnerMessage);
          buffer = buffer.slice(nl + 1);
        }
        this.waiting?.();
      });
      c.on('close', () => {
        this.closed = true;
        this.waiting?.();
      });
    });
  }

  static async listen(): Promise<FakeAdapter> {
    const socket = join(tempDir('debug-channel-'), 'channel.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    return new FakeAdapter(server, socket);
  }

  send(command: AdapterCommand): void {
    assert.ok(this.connection, 'the runner is connected');
    this.connection.write(`${JSON.stringify(command)}\n`);
  }

  /** The runner's next message (fails after a while, or if the channel closes first). */
  async next(): Promise<RunnerMessage> {
    const deadline = Date.now() + 30_000;
    while (this.messages.length === 0) {
      assert.ok(!this.closed, 'the runner closed the channel');
      assert.ok(Date.now() < deadline, 'a message from the runner');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 200);
      });
    }
    return this.messages.shift() as RunnerMessage;
  }

  async stopped(): Promise<Extract<RunnerMessage, { type: 'stopped' }>> {
    const m = await this.next();
    assert.equal(m.type, 'stopped', JSON.stringify(m));
    return m as Extract<RunnerMessage, { type: 'stopped' }>;
  }

  /** Closes the connection (the adapter going away) and stops listening. */
  close(): void {
    this.connection?.destroy();
    this.server.close();
  }
}

interface DebuggedRun {
  adapter: FakeAdapter;
  handle: RunHandle;
  events: RunnerEvent[];
  stdout: string[];
}

/** Starts a debugged run as the extension does, and takes the runner's `ready`. */
async function startDebugged(spec: Omit<RunSpec, 'grants' | 'debug'>): Promise<DebuggedRun> {
  const adapter = await FakeAdapter.listen();
  const events: RunnerEvent[] = [];
  const stdout: string[] = [];
  const handle = await startRun({ ...spec, grants: NO_GRANTS, debug: { socket: adapter.socket } }, { kind: 'jco', runtime: { path: process.execPath } }, {
    onEvent: (event) => events.push(event),
    onOutput: (line, stream) => stream === 'stdout' && stdout.push(line),
  });
  assert.deepEqual(await adapter.next(), { type: 'ready' });
  return { adapter, handle, events, stdout };
}

/** A frame in one line: `caller → callee interface#function phase (args) = result`. */
function frameLine(f: Frame): string {
  const args = f.args.map((a) => `${a.name}: ${a.value}`).join(', ');
  const end = f.result ? ` = ${f.result.value}` : f.error ? ` ! ${f.error}` : '';
  return `${f.id} ${f.caller} → ${f.callee} ${f.interface}#${f.function} ${f.phase} (${args})${end}`;
}

const stackLines = (m: { stack: Frame[] }) => m.stack.map(frameLine);

describe('debugging a run through the debug channel', () => {
  let dir: string;
  const composed = (fn: string, args: string, trace: string): Omit<RunSpec, 'grants' | 'debug'> => ({
    component: 'app',
    composition: 'wit-studio.compose.json',
    mode: { kind: 'invoke', function: fn, args },
    cwd: dir,
    trace: { file: trace },
  });
  before(async () => {
    dir = tempDir('debug-components-');
    writeFileSync(join(dir, 'greeter.wasm'), await greeterComponent());
    writeFileSync(join(dir, 'app.wasm'), await appComponent());
    writeFileSync(
      join(dir, 'wit-studio.compose.json'),
      JSON.stringify({ components: { app: 'app.wasm', greeter: 'greeter.wasm' }, wire: { app: { 'test:trace/greet': 'greeter' } }, run: { component: 'app' } }),
    );
  });

  test('a breakpoint on greet#hello, then next, stepOut and continue to the end', async () => {
    const { adapter, handle, events, stdout } = await startDebugged(composed('run', '"wit"', 'out/steps.jsonl'));
    adapter.send({ cmd: 'breakpoints', breakpoints: [{ id: 7, interface: 'test:trace/greet', function: 'hello' }] });
    adapter.send({ cmd: 'start', stopOnEntry: false });

    const hit = await adapter.stopped();
    assert.deepEqual([hit.reason, hit.breakpointIds], ['breakpoint', [7]]);
    assert.deepEqual(stackLines(hit), ['2 app → greeter test:trace/greet#hello call (name: "wit")', '1 host → app #run call (name: "wit")']);
    assert.deepEqual(hit.stack[0].args, [{ name: 'name', type: 'string', value: '"wit"' }]);
    assert.deepEqual([events.some((e) => e.event === 'result'), stdout], [false, []], 'paused before the greeter printed anything');
    // Held here a while: the trace's times leave pauses out.
    await new Promise((r) => setTimeout(r, 400));

    // next: the first boundary call within hello, the greeter asking the host for stdout.
    adapter.send({ cmd: 'next' });
    const wasi = await adapter.stopped();
    assert.equal(wasi.reason, 'step');
    assert.deepEqual(stackLines(wasi), [
      '3 greeter → host wasi:cli/stdout@0.2.12#get-stdout call ()',
      '2 app → greeter test:trace/greet#hello call (name: "wit")',
      '1 host → app #run call (name: "wit")',
    ]);

    // stepOut from its start: its return, with the resource it returned.
    adapter.send({ cmd: 'stepOut' });
    const stdoutReturned = await adapter.stopped();
    assert.equal(stdoutReturned.reason, 'step');
    assert.equal(frameLine(stdoutReturned.stack[0]), '3 greeter → host wasi:cli/stdout@0.2.12#get-stdout return () = handle<output-stream>#1');
    assert.deepEqual(stdoutReturned.stack[0].result, { name: 'result', type: 'output-stream', value: 'handle<output-stream>#1' });

    // stepOut from a return: out of the caller, hello (past its write to stdout).
    adapter.send({ cmd: 'stepOut' });
    const helloReturned = await adapter.stopped();
    assert.deepEqual(stackLines(helloReturned), ['2 app → greeter test:trace/greet#hello return (name: "wit") = "hello, wit"', '1 host → app #run call (name: "wit")']);
    assert.deepEqual(helloReturned.stack[0].result, { name: 'result', type: 'string', value: '"hello, wit"' });

    adapter.send({ cmd: 'continue' });
    const outcome = await handle.done;
    adapter.close();
    assert.deepEqual([outcome.code, outcome.result, outcome.error], [0, '"hello, wit"', undefined]);
    assert.deepEqual(stdout, ['hello, wit']);
    assert.ok(outcome.trace);
    const trace = readTrace(readFileSync(outcome.trace.file, 'utf8'));
    assert.ok(trace.ok);
    assert.deepEqual(
      trace.calls.map((c) => `${c.id} ${c.caller} → ${c.callee} ${c.function} = ${c.result}`),
      ['3 greeter → host get-stdout = handle<output-stream>#1', '4 greeter → host [method]output-stream.blocking-write-and-flush = ok', '2 app → greeter hello = "hello, wit"', '1 host → app run = "hello, wit"'],
    );
    const run = trace.calls.find((c) => c.id === 1)!;
    assert.ok(run.duration < 400, `run took ${run.duration} ms in the trace, pauses included`);
  });

  test('conditions: a breakpoint stops only when its condition holds; one that cannot be evaluated is reported once and counts as true', async () => {
    const { adapter, handle } = await startDebugged(composed('run', '"a b"', 'out/conditions.jsonl'));
    adapter.send({
      cmd: 'breakpoints',
      breakpoints: [
        { id: 1, function: 'hello', condition: 'name == "wit"' },
        { id: 2, component: 'greeter', function: 'hello', condition: 'name != "x" && name ==   "a\\u{20}b"' },
        { id: 3, interface: '', function: 'run', condition: 'name == "other"' },
        { id: 4, interface: 'test:trace/greet@1.0.0', function: 'hello' },
        { id: 5, function: 'hello', condition: 'nom == "a b"' },
      ],
    });
    adapter.send({ cmd: 'start', stopOnEntry: false });
    assert.deepEqual(await adapter.next(), { type: 'conditionError', breakpointId: 5, message: 'no parameter nom (the parameters: name)' });
    const hit = await adapter.stopped();
    assert.deepEqual([hit.reason, hit.breakpointIds, hit.stack[0].function], ['breakpoint', [2, 5], 'hello']);
    adapter.send({ cmd: 'continue' });
    const outcome = await handle.done;
    adapter.close();
    assert.deepEqual([outcome.code, outcome.result], [0, '"hello, a b"']);
  });

  test('a trap stops as an exception, with its message, before the run reports it; the calls it unwinds do not stop again', async () => {
    const { adapter, handle, events } = await startDebugged(composed('crash', '', 'out/trap.jsonl'));
    adapter.send({ cmd: 'exceptions', traps: true, errors: false });
    adapter.send({ cmd: 'start', stopOnEntry: false });
    const trap = await adapter.stopped();
    const message = 'wasm trap: wasm `unreachable` instruction executed';
    assert.deepEqual([trap.reason, trap.description], ['exception', message]);
    assert.deepEqual(stackLines(trap), [`2 app → greeter test:trace/greet#boom return () ! ${message}`, '1 host → app #crash call ()']);
    assert.equal(events.some((e) => e.event === 'trap'), false, 'the run has not reported the trap yet');
    adapter.send({ cmd: 'continue' });
    const outcome = await handle.done;
    adapter.close();
    assert.deepEqual([outcome.code, outcome.trap], [TRAP_EXIT_CODE, { message, function: 'crash' }]);
    assert.equal(outcome.trace?.calls, 2);
  });

  test('stopOnEntry pauses at the first boundary call; breakpoints set while paused apply', async () => {
    const { adapter, handle } = await startDebugged({ component: 'greeter.wasm', mode: { kind: 'invoke', function: 'hello', args: '"wit"' }, cwd: dir, trace: { file: 'out/entry.jsonl' } });
    adapter.send({ cmd: 'start', stopOnEntry: true });
    const entry = await adapter.stopped();
    assert.deepEqual([entry.reason, stackLines(entry)], ['entry', ['1 host → greeter.wasm test:trace/greet#hello call (name: "wit")']]);
    adapter.send({ cmd: 'breakpoints', breakpoints: [{ id: 1, component: 'greeter', interface: 'wasi:io/streams' }] });
    adapter.send({ cmd: 'continue' });
    const write = await adapter.stopped();
    assert.deepEqual([write.reason, write.breakpointIds], ['breakpoint', [1]]);
    assert.deepEqual(write.stack[0].function, '[method]output-stream.blocking-write-and-flush');
    const [self, contents] = write.stack[0].args;
    assert.deepEqual(self, { name: 'self', type: 'borrow<output-stream>', value: 'handle<output-stream>#1' });
    assert.deepEqual(contents.value, '[104, 101, 108, 108, 111, 44, 32, 119, 105, 116]');
    assert.deepEqual(contents.children?.slice(0, 2), [
      { name: '[0]', type: 'u8', value: '104' },
      { name: '[1]', type: 'u8', value: '101' },
    ]);
    adapter.send({ cmd: 'continue' });
    const outcome = await handle.done;
    adapter.close();
    assert.deepEqual([outcome.code, outcome.result], [0, '"hello, wit"']);
  });

  test('the adapter closing the channel ends the run and leaves no process; the trace is complete', async () => {
    const { adapter, handle } = await startDebugged(composed('run', '"wit"', 'out/closed.jsonl'));
    adapter.send({ cmd: 'start', stopOnEntry: true });
    await adapter.stopped();
    const pid = handle.pid as number;
    assert.ok(groupMembers(pid).length > 0);
    adapter.close();
    const outcome = await handle.done;
    assert.deepEqual([outcome.code, outcome.error, outcome.trace?.calls], [1, 'the debug adapter closed the channel', 0]);
    assert.deepEqual(groupMembers(pid), []);
  });

  test('a pause sent while a component runs takes effect at its next boundary call', async () => {
    const { adapter, handle } = await startDebugged({ component: 'greeter.wasm', mode: { kind: 'invoke', function: 'spin', args: '' }, cwd: dir, trace: { file: 'out/spin.jsonl' } });
    adapter.send({ cmd: 'start', stopOnEntry: false });
    // spin asks for stdout (and drops it) forever: once its trace grows, it is running.
    const trace = join(dir, 'out/spin.jsonl');
    const deadline = Date.now() + 20_000;
    while (!existsSync(trace) || readFileSync(trace, 'utf8').split('\n').length < 50) {
      assert.ok(Date.now() < deadline, 'spin runs');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    adapter.send({ cmd: 'pause' });
    const paused = await adapter.stopped();
    assert.equal(paused.reason, 'pause');
    assert.equal(paused.stack.length, 2);
    assert.match(frameLine(paused.stack[0]), /^\d+ greeter\.wasm → host wasi:cli\/stdout@0\.2\.12#get-stdout (call \(\)|return \(\) = handle<output-stream>#\d+)$/);
    assert.equal(frameLine(paused.stack[1]), '1 host → greeter.wasm test:trace/greet#spin call ()');
    await handle.stop();
    adapter.close();
    assert.deepEqual(groupMembers(handle.pid as number), []);
  });
});

describe('debugging the example pipeline', async () => {
  const noC = await cToolchainProblem();

  test('next from the entry: every boundary event in order', { skip: noC }, async () => {
    const root = dirname(tempCopy(join(examplesDir, 'pipeline')));
    for (const part of ['plugin', 'host']) {
      const built = await buildProject((await detectProjectOnDisk(join(root, 'pipeline', part))) as Project);
      assert.ok(built.ok, built.message);
    }
    const file = join(root, 'pipeline', COMPOSITION_FILE);
    const composition = parseComposition(readFileSync(file, 'utf8'));
    assert.ok(composition.ok);
    const { grants: _grants, ...spec } = compositionRunSpec(file, composition.value, NO_GRANTS, { file: 'trace.jsonl' });
    const { adapter, handle } = await startDebugged(spec);
    adapter.send({ cmd: 'start', stopOnEntry: true });
    const seen: string[] = [];
    for (let stop = await adapter.stopped(); ; stop = await adapter.stopped()) {
      const [top] = stop.stack;
      seen.push(`${stop.reason} ${top.phase} ${top.function} ${stop.stack.length}${top.result ? ` = ${top.result.value}` : ''}`);
      adapter.send({ cmd: 'next' });
      if (top.function === 'process' && top.phase === 'return') break;
    }
    const outcome = await handle.done;
    adapter.close();
    // The C host calls nothing from WASI while processing, the plugin (componentize-js) neither:
    // the only boundary calls are the export and the plugin's three functions.
    assert.deepEqual(seen, [
      'entry call process 1',
      'step call name 2',
      'step return name 2 = "case-plugin"',
      'step call transform 2',
      'step return transform 2 = ok("HELLO WORLD")',
      'step call count 2',
      'step return count 2 = {words: 2, lines: 1, chars: 11}',
      'step return process 1 = "HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"',
    ]);
    assert.deepEqual([outcome.code, outcome.result], [0, '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"']);

    // The `errors` filter: transform returns the `err` of its result (jco throws it) for an empty input.
    const failing = await startDebugged({ ...spec, mode: { kind: 'invoke', function: 'process', args: '""' } });
    failing.adapter.send({ cmd: 'exceptions', traps: true, errors: true });
    failing.adapter.send({ cmd: 'start', stopOnEntry: false });
    const err = await failing.adapter.stopped();
    assert.deepEqual([err.reason, err.description], ['exception', 'returned err("empty input")']);
    assert.deepEqual(stackLines(err), [
      '3 pipeline-host → plugin wit-studio:pipeline/plugin@0.1.0#transform return (input: "", style: upper) = err("empty input")',
      '1 host → pipeline-host #process call (input: "")',
    ]);
    assert.deepEqual(err.stack[0].result, { name: 'result', type: 'result<string, string>', value: 'err("empty input")', children: [{ name: 'err', type: 'string', value: '"empty input"' }] });
    failing.adapter.send({ cmd: 'continue' });
    const failed = await failing.handle.done;
    failing.adapter.close();
    assert.deepEqual([failed.code, failed.result], [0, '"error: empty input (case-plugin)"']);
  });
});
