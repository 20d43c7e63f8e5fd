// The debug adapter (dist/debugAdapter.js) driven by a scripted DAP client, debugging real
// runs in the bundled runner: the example pipeline (a C host calling a JavaScript plugin,
// built here) and WAT components (a greeter whose `boom` traps).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, before, beforeEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ComponentLaunchArguments } from '../../../client/src/debug/session';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { COMPOSITION_FILE } from '../../../client/src/trace/composition';
import { readTrace } from '../../../client/src/trace/format';
import { repoRoot } from '../../helpers/paths';
import { cToolchainProblem, examplesDir, groupMembers, tempCopy, tempDir } from '../../helpers/toolchains';
import { greeterComponent, httpHandlerComponent } from '../../helpers/wasmComponents';

const ADAPTER = join(repoRoot, 'dist', 'debugAdapter.js');

/** Everything a session said, for assertions after it ended. */
interface Recorded {
  output: string[];
  stopped: DebugProtocol.StoppedEvent[];
}

function record(dc: DebugClient): Recorded {
  const seen: Recorded = { output: [], stopped: [] };
  dc.on('output', (e: DebugProtocol.OutputEvent) => seen.output.push(e.body.output));
  dc.on('stopped', (e: DebugProtocol.StoppedEvent) => seen.stopped.push(e));
  return seen;
}

/** Launches with the given breakpoints set in the configuration phase; resolves with their answers. */
async function launchWith(
  dc: DebugClient,
  args: ComponentLaunchArguments,
  configure: () => Promise<unknown> = async () => undefined,
): Promise<unknown> {
  const [configured] = await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      const answer = await configure();
      await dc.configurationDoneRequest();
      return answer;
    }),
    dc.launch(args),
  ]);
  return configured;
}

interface Pause {
  reason: string;
  description: string | undefined;
  frames: { name: string; source?: string; line: number }[];
  /** Each scope of the innermost frame: its variables as `name: type = value`, children indented. */
  scopes: Record<string, string[]>;
}

async function variablesOf(dc: DebugClient, ref: number, indent = ''): Promise<string[]> {
  const lines: string[] = [];
  for (const v of (await dc.variablesRequest({ variablesReference: ref })).body.variables) {
    lines.push(`${indent}${v.name}: ${v.type} = ${v.value}`);
    if (v.variablesReference > 0) lines.push(...(await variablesOf(dc, v.variablesReference, `${indent}  `)));
  }
  return lines;
}

/** Waits for the next stop and reads the stack and the innermost frame's scopes. */
async function nextPause(dc: DebugClient): Promise<Pause> {
  const stopped = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  const stack = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  const scopes: Record<string, string[]> = {};
  for (const scope of (await dc.scopesRequest({ frameId: stack[0].id })).body.scopes) scopes[scope.name] = await variablesOf(dc, scope.variablesReference);
  return {
    reason: stopped.body.reason,
    description: stopped.body.description,
    frames: stack.map((f) => ({ name: f.name, ...(f.source?.path ? { source: f.source.path } : {}), line: f.line })),
    scopes,
  };
}

describe('the debug adapter on the example pipeline', async () => {
  const noC = await cToolchainProblem();
  let pipeline: string;
  let program: string;
  let witFile: string;
  let dc: DebugClient;
  let seen: Recorded;
  const launchArgs = (more: Partial<ComponentLaunchArguments> = {}): ComponentLaunchArguments => ({ program, nodePath: process.execPath, ...more });

  before(async () => {
    if (noC) return;
    pipeline = tempCopy(join(examplesDir, 'pipeline'));
    for (const part of ['plugin', 'host']) {
      const built = await buildProject((await detectProjectOnDisk(join(pipeline, part))) as Project);
      assert.ok(built.ok, built.message);
    }
    program = join(pipeline, COMPOSITION_FILE);
    witFile = join(pipeline, 'wit', 'pipeline.wit');
  });
  beforeEach(async () => {
    dc = new DebugClient(process.execPath, ADAPTER, 'wit-component');
    seen = record(dc);
    await dc.start();
  });
  afterEach(async () => {
    await dc.stop();
  });

  test('a breakpoint on the transform line is verified and hit with its arguments; continue runs to the end, with the trace', { skip: noC }, async () => {
    const answer = (await launchWith(dc, launchArgs(), () => dc.setBreakpointsRequest({ source: { path: witFile }, breakpoints: [{ line: 14 }, { line: 9 }] }))) as DebugProtocol.SetBreakpointsResponse;
    assert.deepEqual(
      answer.body.breakpoints.map((b) => [b.verified, b.line, b.message]),
      [
        [true, 14, undefined],
        [false, 9, 'no WIT function, interface or world on this line'],
      ],
    );
    const pause = await nextPause(dc);
    assert.equal(pause.reason, 'breakpoint');
    assert.equal(pause.description, 'Breakpoint: plugin.transform');
    assert.deepEqual(pause.frames, [
      { name: 'pipeline-host → plugin: transform("hello world", upper)', source: witFile, line: 14 },
      { name: 'host → pipeline-host: process("hello world")', source: witFile, line: 31 },
    ]);
    assert.deepEqual(pause.scopes, { Arguments: ['input: string = "hello world"', 'style: style = upper'] });
    const ended = Promise.all([dc.waitForEvent('exited'), dc.waitForEvent('witTrace'), dc.waitForEvent('terminated')]);
    await dc.continueRequest({ threadId: 1 });
    const [exited, witTrace] = (await ended) as [DebugProtocol.ExitedEvent, DebugProtocol.Event, DebugProtocol.Event];
    assert.equal(exited.body.exitCode, 0);
    assert.ok(seen.output.includes('result: "HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"\n'), seen.output.join(''));
    const traceFile = (witTrace.body as { file: string }).file;
    assert.equal(dirname(traceFile), join(pipeline, '.wit-traces'));
    const trace = readTrace(readFileSync(traceFile, 'utf8'));
    assert.ok(trace.ok);
    assert.deepEqual(
      trace.calls.map((c) => c.function),
      ['name', 'transform', 'count', 'process'],
    );
    assert.equal(seen.stopped.length, 1);
  });

  test('a conditional breakpoint whose condition is false is not hit', { skip: noC }, async () => {
    const answer = (await launchWith(dc, launchArgs(), () => dc.setBreakpointsRequest({ source: { path: witFile }, breakpoints: [{ line: 14, condition: 'input == "x"' }] }))) as DebugProtocol.SetBreakpointsResponse;
    assert.equal(answer.body.breakpoints[0].verified, true);
    const exited = (await dc.waitForEvent('exited')) as DebugProtocol.ExitedEvent;
    assert.equal(exited.body.exitCode, 0);
    assert.deepEqual(seen.stopped, []);
  });

  test('a conditional breakpoint whose condition holds is hit; function breakpoints by name', { skip: noC }, async () => {
    const answer = (await launchWith(dc, launchArgs(), () =>
      dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'plugin.count', condition: 'input == "hello world"' }, { name: 'nothing' }] }),
    )) as DebugProtocol.SetFunctionBreakpointsResponse;
    assert.deepEqual(
      answer.body.breakpoints.map((b) => [b.verified, b.message]),
      [
        [true, undefined],
        [false, 'no component of this run imports or exports a function nothing'],
      ],
    );
    const pause = await nextPause(dc);
    assert.equal(pause.description, 'Breakpoint: plugin.count');
    assert.equal(pause.frames[0].name, 'pipeline-host → plugin: count("hello world")');
    await dc.continueRequest({ threadId: 1 });
    await dc.waitForEvent('terminated');
  });

  test('next from stopOnEntry visits every boundary call and return in order; stepOut shows the result', { skip: noC }, async () => {
    await launchWith(dc, launchArgs({ stopOnEntry: true }));
    const visited: string[] = [];
    const first = await nextPause(dc);
    assert.equal(first.reason, 'entry');
    visited.push(first.frames[0].name);
    const ended = dc.waitForEvent('terminated');
    for (;;) {
      const next = Promise.race([nextPause(dc), ended.then(() => undefined)]);
      await dc.nextRequest({ threadId: 1 });
      const pause = await next;
      if (!pause) break;
      assert.equal(pause.reason, 'step');
      visited.push(pause.frames[0].name);
    }
    assert.deepEqual(visited, [
      'host → pipeline-host: process("hello world")',
      'pipeline-host → plugin: name()',
      'pipeline-host → plugin: name() ← "case-plugin"',
      'pipeline-host → plugin: transform("hello world", upper)',
      'pipeline-host → plugin: transform("hello world", upper) ← ok("HELLO WORLD")',
      'pipeline-host → plugin: count("hello world")',
      'pipeline-host → plugin: count("hello world") ← {words: 2, lines: 1, chars: 11}',
      'host → pipeline-host: process("hello world") ← "HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"',
    ]);
  });

  test('the errors exception filter stops at a return of result::err', { skip: noC }, async () => {
    await launchWith(dc, launchArgs({ invoke: 'process("")' }), () => dc.setExceptionBreakpointsRequest({ filters: ['traps', 'errors'] }));
    const pause = await nextPause(dc);
    assert.equal(pause.reason, 'exception');
    assert.match(pause.frames[0].name, /^pipeline-host → plugin: transform\("", upper\) ← err\(".+"\)$/);
    await dc.continueRequest({ threadId: 1 });
    await dc.waitForEvent('terminated');
  });

  test('stepOut from a call pauses at its return, with its result as a WIT value', { skip: noC }, async () => {
    await launchWith(dc, launchArgs(), () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'count' }] }));
    await nextPause(dc);
    const out = nextPause(dc);
    await dc.stepOutRequest({ threadId: 1 });
    const pause = await out;
    assert.equal(pause.reason, 'step');
    assert.equal(pause.frames[0].name, 'pipeline-host → plugin: count("hello world") ← {words: 2, lines: 1, chars: 11}');
    assert.deepEqual(pause.scopes, {
      Arguments: ['input: string = "hello world"'],
      Result: ['result: counts = {words: 2, lines: 1, chars: 11}', '  words: u32 = 2', '  lines: u32 = 1', '  chars: u32 = 11'],
    });
    await dc.continueRequest({ threadId: 1 });
    await dc.waitForEvent('terminated');
  });
});

describe('the debug adapter on WAT components', () => {
  let dir: string;
  let dc: DebugClient;
  before(async () => {
    dir = tempDir('debug-greeter-');
    writeFileSync(join(dir, 'greeter.wasm'), await greeterComponent());
  });
  beforeEach(async () => {
    dc = new DebugClient(process.execPath, ADAPTER, 'wit-component');
    await dc.start();
  });
  afterEach(async () => {
    await dc.stop();
  });
  test('a trap stops as an exception with its message, in the call that trapped', async () => {
    await launchWith(dc, { program: join(dir, 'greeter.wasm'), invoke: 'boom()', nodePath: process.execPath });
    const pause = await nextPause(dc);
    assert.equal(pause.reason, 'exception');
    assert.match(pause.description ?? '', /unreachable/);
    assert.equal(pause.frames.length, 1);
    assert.match(pause.frames[0].name, /^host → greeter\.wasm: boom\(\) ✗ .*unreachable/);
    assert.deepEqual(Object.keys(pause.scopes), ['Arguments', 'Error']);
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: 1 });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 134);
  });

  test('disconnecting while paused stops the run: no process of its group is left', async () => {
    const processEvent = dc.waitForEvent('process');
    await launchWith(dc, { program: join(dir, 'greeter.wasm'), invoke: 'hello("wit")', stopOnEntry: true, nodePath: process.execPath });
    const pid = ((await processEvent).body as { systemProcessId: number }).systemProcessId;
    const pause = await nextPause(dc);
    assert.equal(pause.frames[0].name, 'host → greeter.wasm: hello("wit")');
    assert.ok(groupMembers(pid).length > 0);
    await dc.disconnectRequest({});
    assert.deepEqual(groupMembers(pid), []);
  });

  test('an HTTP handler: a request stops at its handle call, and the response goes out on continue', async () => {
    writeFileSync(join(dir, 'server.wasm'), await httpHandlerComponent());
    const seen = record(dc);
    const processEvent = dc.waitForEvent('process');
    await launchWith(dc, { program: join(dir, 'server.wasm'), mode: { kind: 'serve', port: 0 }, nodePath: process.execPath }, () =>
      dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'wasi:http/incoming-handler#handle' }] }),
    );
    const pid = ((await processEvent).body as { systemProcessId: number }).systemProcessId;
    let url: string | undefined;
    while (!(url = seen.output.map((o) => /serving HTTP on (\S+)/.exec(o)?.[1]).find((u) => u))) await new Promise((r) => setTimeout(r, 50));
    const response = fetch(url);
    const pause = await nextPause(dc);
    assert.equal(pause.reason, 'breakpoint');
    assert.match(pause.frames[0].name, /^host → server\.wasm: handle\(handle<incoming-request>#\d+, handle<response-outparam>#\d+\)$/);
    assert.deepEqual(Object.keys(pause.scopes), ['Arguments']);
    await dc.continueRequest({ threadId: 1 });
    const answered = await response;
    assert.deepEqual([answered.status, await answered.text()], [200, 'hello from a WAT component\n']);
    await dc.disconnectRequest({});
    assert.deepEqual(groupMembers(pid), []);
  });

  test('a launch that cannot run says why', async () => {
    const empty = tempDir('debug-missing-');
    await assert.rejects(dc.launch({ program: join(empty, 'missing.wasm') }), /^Error: Cannot debug .*missing\.wasm: missing\.wasm \(.*\) cannot be read: is it built\?$/);
    // Nothing was started: no trace.
    assert.equal(existsSync(join(empty, '.wit-traces')), false);
  });
});
