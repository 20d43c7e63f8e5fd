// Traces recorded by the bundled runner (dist/runtime/runner.mjs), started as the extension
// starts it (a spec with `trace`, and `composition` for several components): the example
// pipeline built with buildProject (a C host calling a JavaScript plugin), and components made
// here from WAT — a greeter that writes to stdout through WASI and can trap, and an app
// that calls it. Each call is checked exactly but for its times.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { TRAP_EXIT_CODE, type RunMode, type RunSpec, type RunnerEvent } from '../../../client/src/runtime/runSpec';
import { startRun } from '../../../client/src/runtime/session';
import { COMPOSITION_FILE, compositionRunSpec, parseComposition } from '../../../client/src/trace/composition';
import { readTrace } from '../../../client/src/trace/format';
import type { TraceCall } from '../../../client/src/trace/model';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { cToolchainProblem, examplesDir, tempCopy, tempDir } from '../../helpers/toolchains';
import { NO_GRANTS, appComponent, greeterComponent, httpHandlerComponent } from '../../helpers/wasmComponents';

interface TracedRun {
  code: number | null;
  events: RunnerEvent[];
  stdout: string[];
  /** The trace's calls without their times, in the file's order (the order they ended). */
  calls: Omit<TraceCall, 'start' | 'duration'>[];
  /** The trace, times included. */
  timed: TraceCall[];
  components: Record<string, string>;
}

/** Runs as the extension does (session.ts's startRun with the bundled runner) and reads the trace. */
async function runTraced(spec: Omit<RunSpec, 'grants'>): Promise<TracedRun> {
  const events: RunnerEvent[] = [];
  const stdout: string[] = [];
  const handle = await startRun({ ...spec, grants: NO_GRANTS }, { kind: 'jco', runtime: { path: process.execPath } }, {
    onEvent: (event) => events.push(event),
    onOutput: (line, stream) => stream === 'stdout' && stdout.push(line),
  });
  const outcome = await handle.done;
  assert.ok(outcome.trace, JSON.stringify(events));
  const read = readTrace(readFileSync(outcome.trace.file, 'utf8'));
  assert.ok(read.ok, read.ok ? '' : read.message);
  assert.equal(read.truncated, false);
  assert.equal(outcome.trace.calls, read.calls.length);
  for (const call of read.calls) assert.ok(call.start >= 0 && call.duration >= 0, JSON.stringify(call));
  const calls = read.calls.map(({ start: _start, duration: _duration, ...rest }) => rest);
  return { code: outcome.code, events, stdout, calls, timed: read.calls, components: read.header.components };
}

const invoke = (fn: string, args: string): RunMode => ({ kind: 'invoke', function: fn, args });

describe('traces of runs', () => {
  let dir: string;
  before(async () => {
    dir = tempDir('trace-components-');
    writeFileSync(join(dir, 'greeter.wasm'), await greeterComponent());
    writeFileSync(join(dir, 'app.wasm'), await appComponent());
    writeFileSync(
      join(dir, 'wit-studio.compose.json'),
      JSON.stringify({ components: { app: 'app.wasm', greeter: 'greeter.wasm' }, wire: { app: { 'test:trace/greet': 'greeter' } }, run: { component: 'app', invoke: 'run("wit")' } }),
    );
  });

  test('one component: its export, and the WASI calls it makes within it, resources as handles', async () => {
    const run = await runTraced({ component: 'greeter.wasm', mode: invoke('hello', '"wit"'), cwd: dir, trace: { file: 'out/greeter.jsonl' } });
    assert.equal(run.code, 0);
    assert.deepEqual(run.components, { 'greeter.wasm': join(dir, 'greeter.wasm') });
    const wasi = { caller: 'greeter.wasm', callee: 'host', parent: 1 };
    assert.deepEqual(run.calls, [
      { id: 2, ...wasi, interface: 'wasi:cli/stdout@0.2.12', function: 'get-stdout', args: [], result: 'handle<output-stream>#1' },
      {
        id: 3,
        ...wasi,
        interface: 'wasi:io/streams@0.2.12',
        function: '[method]output-stream.blocking-write-and-flush',
        args: ['handle<output-stream>#1', '[104, 101, 108, 108, 111, 44, 32, 119, 105, 116]'],
        result: 'ok',
      },
      { id: 1, parent: 0, caller: 'host', callee: 'greeter.wasm', interface: 'test:trace/greet', function: 'hello', args: ['"wit"'], result: '"hello, wit"' },
    ]);
    const [stdout, write, hello] = run.timed;
    assert.ok(hello.start <= stdout.start && write.start + write.duration <= hello.start + hello.duration, 'the WASI calls happen within the export call');
    assert.deepEqual(run.events.map((e) => e.event), ['started', 'result', 'trace', 'exit']);
    assert.deepEqual(run.stdout, ['hello, wit']);
  });

  test('values longer than maxValueLength are cut, and the cut is said', async () => {
    const name = 'x'.repeat(200);
    const run = await runTraced({ component: 'greeter.wasm', mode: invoke('hello', JSON.stringify(name)), cwd: dir, trace: { file: 'out/long.jsonl', maxValueLength: 24 } });
    const hello = run.calls.find((c) => c.function === 'hello');
    // 24 characters of each value: the argument is 202 characters in WAVE, the result 209, the bytes written 1033.
    assert.deepEqual(hello?.args, ['"xxxxxxxxxxxxxxxxxxxxxxx…(178 more characters)']);
    assert.equal(hello?.result, '"hello, xxxxxxxxxxxxxxxx…(185 more characters)');
    const write = run.calls.find((c) => c.function === '[method]output-stream.blocking-write-and-flush');
    assert.deepEqual(write?.args, ['handle<output-stream>#1', '[104, 101, 108, 108, 111…(1009 more characters)']);
  });

  test('a composition: calls between its components, named, nested in the call that made them', async () => {
    const run = await runTraced({ component: 'app', composition: 'wit-studio.compose.json', mode: invoke('run', '"wit"'), cwd: dir, trace: { file: 'out/composed.jsonl' } });
    assert.equal(run.code, 0);
    assert.deepEqual(run.components, { app: join(dir, 'app.wasm'), greeter: join(dir, 'greeter.wasm') });
    assert.deepEqual(
      run.calls.map((c) => [c.id, c.parent, `${c.caller} → ${c.callee}`, c.function, c.args.join(', '), c.result]),
      [
        [3, 2, 'greeter → host', 'get-stdout', '', 'handle<output-stream>#1'],
        [4, 2, 'greeter → host', '[method]output-stream.blocking-write-and-flush', 'handle<output-stream>#1, [104, 101, 108, 108, 111, 44, 32, 119, 105, 116]', 'ok'],
        [2, 1, 'app → greeter', 'hello', '"wit"', '"hello, wit"'],
        [1, 0, 'host → app', 'run', '"wit"', '"hello, wit"'],
      ],
    );
    assert.deepEqual(run.events.find((e) => e.event === 'result'), { event: 'result', wave: '"hello, wit"' });
  });

  test('a trap is recorded with its message in every call it ends, and the trace is complete', async () => {
    const run = await runTraced({ component: 'app', composition: 'wit-studio.compose.json', mode: invoke('crash', ''), cwd: dir, trace: { file: 'out/trap.jsonl' } });
    assert.equal(run.code, TRAP_EXIT_CODE);
    const trap = run.events.find((e) => e.event === 'trap');
    assert.deepEqual(trap, { event: 'trap', message: 'wasm trap: wasm `unreachable` instruction executed', function: 'crash' });
    assert.deepEqual(run.calls, [
      { id: 2, parent: 1, caller: 'app', callee: 'greeter', interface: 'test:trace/greet', function: 'boom', args: [], error: 'wasm trap: wasm `unreachable` instruction executed', trap: true },
      { id: 1, parent: 0, caller: 'host', callee: 'app', interface: '', function: 'crash', args: [], error: 'wasm trap: wasm `unreachable` instruction executed', trap: true },
    ]);
    assert.deepEqual(run.events.map((e) => e.event).slice(-2), ['trace', 'exit']);
  });

  test('a run killed in the middle leaves a readable trace of the calls that ended', async () => {
    const spec: RunSpec = { component: 'greeter.wasm', mode: invoke('spin', ''), cwd: dir, grants: NO_GRANTS, trace: { file: 'out/killed.jsonl' } };
    const handle = await startRun(spec, { kind: 'jco', runtime: { path: process.execPath } });
    const file = join(dir, 'out/killed.jsonl');
    // Lines are written as the run goes (every 100 ms at most).
    const deadline = Date.now() + 20_000;
    try {
      while (!existsSync(file) || readFileSync(file, 'utf8').split('\n').length < 100) {
        assert.ok(Date.now() < deadline, 'the trace grows while the run goes on');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      // SIGTERM cannot interrupt the loop: the group is killed, and the trace never ends.
      await handle.stop();
    }
    const outcome = await handle.done;
    assert.deepEqual([outcome.stopped, outcome.trace], [true, undefined]);
    const read = readTrace(readFileSync(file, 'utf8'));
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.ok(read.calls.length >= 99);
    // `spin` (call 1) never ended, so it is not in the file; the calls made within it are.
    assert.deepEqual(new Set(read.calls.map((c) => `${c.parent} ${c.caller} → ${c.callee} ${c.function}`)), new Set(['1 greeter.wasm → host get-stdout']));
  });

  test('a stopped server ends its trace: the requests it handled, the WASI HTTP calls within them', async () => {
    const server = join(dir, 'server.wasm');
    writeFileSync(server, await httpHandlerComponent());
    const events: RunnerEvent[] = [];
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const handle = await startRun({ component: server, mode: { kind: 'serve', port: 0 }, cwd: dir, grants: NO_GRANTS, trace: { file: 'out/server.jsonl' } }, { kind: 'jco', runtime: { path: process.execPath } }, {
      onEvent: (event) => {
        events.push(event);
        if (event.event === 'listening') listening(event.url);
      },
    });
    assert.equal(await (await fetch(await url)).text(), 'hello from a WAT component\n');
    await handle.stop();
    const outcome = await handle.done;
    assert.ok(outcome.trace, JSON.stringify(events));
    const read = readTrace(readFileSync(outcome.trace.file, 'utf8'));
    assert.ok(read.ok);
    const types = 'wasi:http/types@0.2.12';
    assert.deepEqual(
      read.calls.map((c) => [c.id, c.parent, `${c.caller} → ${c.callee}`, c.interface, c.function, c.args.join(', '), c.result]),
      [
        [2, 1, 'server.wasm → host', types, '[constructor]fields', '', 'handle<fields>#1'],
        [3, 1, 'server.wasm → host', types, '[constructor]outgoing-response', 'handle<fields>#1', 'handle<outgoing-response>#1'],
        [4, 1, 'server.wasm → host', types, '[method]outgoing-response.body', 'handle<outgoing-response>#1', 'ok(handle<outgoing-body>#1)'],
        [5, 1, 'server.wasm → host', types, '[static]response-outparam.set', 'handle<response-outparam>#1, ok(handle<outgoing-response>#1)', undefined],
        [6, 1, 'server.wasm → host', types, '[method]outgoing-body.write', 'handle<outgoing-body>#1', 'ok(handle<output-stream>#1)'],
        [
          7,
          1,
          'server.wasm → host',
          'wasi:io/streams@0.2.12',
          '[method]output-stream.blocking-write-and-flush',
          'handle<output-stream>#1, [104, 101, 108, 108, 111, 32, 102, 114, 111, 109, 32, 97, 32, 87, 65, 84, 32, 99, 111, 109, 112, 111, 110, 101, 110, 116, 10]',
          'ok',
        ],
        [8, 1, 'server.wasm → host', types, '[static]outgoing-body.finish', 'handle<outgoing-body>#1, none', 'ok'],
        [1, 0, 'host → server.wasm', 'wasi:http/incoming-handler@0.2.12', 'handle', 'handle<incoming-request>#1, handle<response-outparam>#1', undefined],
      ],
    );
  });

  test('compositions that cannot run say why', async () => {
    const bad = join(dir, 'unwired.compose.json');
    writeFileSync(bad, JSON.stringify({ components: { app: 'app.wasm', greeter: 'greeter.wasm' }, run: { component: 'app' } }));
    const spec: RunSpec = { component: 'app', composition: bad, mode: invoke('run', '"x"'), cwd: dir, grants: NO_GRANTS };
    const outcome = await (await startRun(spec, { kind: 'jco', runtime: { path: process.execPath } })).done;
    assert.deepEqual([outcome.code, outcome.error], [1, 'app imports test:trace/greet, which the runner does not provide (only WASI): wire it to greeter']);
    await assert.rejects(startRun(spec, { kind: 'wasmtime', path: 'wasmtime', imports: [] }), /^Error: compositions need the bundled runner \(jco engine\): wasmtime runs one component$/);
  });
});

describe('the example pipeline, traced', async () => {
  const noC = await cToolchainProblem();

  test('process("hello world"): the host calls the plugin three times within its export', { skip: noC }, async () => {
    const root = dirname(tempCopy(join(examplesDir, 'pipeline')));
    for (const part of ['plugin', 'host']) {
      const project = (await detectProjectOnDisk(join(root, 'pipeline', part))) as Project;
      const built = await buildProject(project);
      assert.ok(built.ok, built.message);
    }
    const file = join(root, 'pipeline', COMPOSITION_FILE);
    const composition = parseComposition(readFileSync(file, 'utf8'));
    assert.ok(composition.ok, composition.ok ? '' : composition.message);
    const spec = compositionRunSpec(file, composition.value, NO_GRANTS, { file: 'trace.jsonl' });
    assert.deepEqual(spec.mode, invoke('process', '"hello world"'));
    const run = await runTraced(spec);
    assert.equal(run.code, 0);
    assert.deepEqual(run.events.find((e) => e.event === 'result'), { event: 'result', wave: '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"' });
    const plugin = { parent: 1, caller: 'pipeline-host', callee: 'plugin', interface: 'wit-studio:pipeline/plugin@0.1.0' };
    assert.deepEqual(run.calls, [
      { id: 2, ...plugin, function: 'name', args: [], result: '"case-plugin"' },
      { id: 3, ...plugin, function: 'transform', args: ['"hello world"', 'upper'], result: 'ok("HELLO WORLD")' },
      { id: 4, ...plugin, function: 'count', args: ['"hello world"'], result: '{words: 2, lines: 1, chars: 11}' },
      { id: 1, parent: 0, caller: 'host', callee: 'pipeline-host', interface: '', function: 'process', args: ['"hello world"'], result: '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"' },
    ]);
    // Each plugin call within the host's export, one after the other.
    const [name, transform, count, process] = run.timed;
    assert.ok(process.start <= name.start && name.start + name.duration <= transform.start && transform.start + transform.duration <= count.start);
    assert.ok(count.start + count.duration <= process.start + process.duration);

    // The plugin's own `result` error is a result of the call, not an error.
    const failed = await runTraced({ ...spec, mode: invoke('process', '""') });
    assert.deepEqual(
      failed.calls.map((c) => [c.function, c.result, c.error]),
      [
        ['name', '"case-plugin"', undefined],
        ['transform', 'err("empty input")', undefined],
        ['count', '{words: 0, lines: 0, chars: 0}', undefined],
        ['process', '"error: empty input (case-plugin)"', undefined],
      ],
    );
  });
});
