/// <reference types="mocha" />
// The trace view (a custom editor for .witrace files) in a real VS Code, on a small trace
// written here: the host calls a plugin's `process` twice; each call writes to stdout through
// WASI, and the second one traps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../../../client/src/commands/run';
import type { WitStudioApi } from '../../../client/src/extension';
import type { TraceCall, TraceHeader } from '../../../client/src/trace/model';
import type { TraceViewState } from '../../../client/src/views/traceView';
import { EXTENSION_ID, screenshot, waitFor, workspaceRoot, buildPipeline } from '../helpers';

type Api = WitStudioApi;

async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

const STDOUT = 'wasi:cli/stdout@0.2.3';
const STREAMS = 'wasi:io/streams@0.2.3';
/** `export process: func(input: string) -> string;` (0-based line) in wit-examples/pipeline/wit/pipeline.wit. */
const PROCESS_LINE = 30;

function traceText(extra: TraceCall[] = []): string {
  const header: TraceHeader = {
    kind: 'wit-studio-trace',
    version: 1,
    startedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    components: { plugin: path.join(workspaceRoot(), 'pipeline', 'plugin', 'build', 'plugin.wasm') },
    source: 'jco',
    maxValueLength: 1024,
  };
  const definition = { file: path.join(workspaceRoot(), 'pipeline', 'wit', 'pipeline.wit'), line: PROCESS_LINE };
  const call = (id: number, parent: number, caller: string, callee: string, iface: string, fn: string, start: number, duration: number, rest: Partial<TraceCall> = {}): TraceCall => ({
    id,
    parent,
    caller,
    callee,
    interface: iface,
    function: fn,
    args: [],
    start,
    duration,
    ...rest,
  });
  // In the order the calls ended, as the recorder writes them.
  const calls = [
    call(2, 1, 'plugin', 'host', STDOUT, 'get-stdout', 1.2, 0.05, { result: 'handle<output-stream>#1' }),
    call(3, 1, 'plugin', 'host', STREAMS, '[method]output-stream.blocking-write-and-flush', 1.5, 0.8, {
      args: ['handle<output-stream>#1', '[72, 69, 76, 76, 79, 10]'],
      result: 'ok',
    }),
    call(1, 0, 'host', 'plugin', '', 'process', 1, 3, { args: ['"hello <world>"'], result: '"HELLO <WORLD>"', definition }),
    call(5, 4, 'plugin', 'host', STDOUT, 'get-stdout', 6.2, 0.05, { result: 'handle<output-stream>#2' }),
    call(4, 0, 'host', 'plugin', '', 'process', 6, 1.5, { args: ['""'], trap: true, error: 'wasm trap: wasm `unreachable` instruction executed', definition }),
    ...extra,
  ];
  return [header, ...calls].map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** Opens a trace file and waits for its view to render (a new state: each test opens the same file). */
async function open(file: string): Promise<TraceViewState> {
  const studio = await api();
  const before = studio.traceViewState();
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'wit.traceViewer');
  return waitFor(`the trace view of ${path.basename(file)}`, () => {
    const state = studio.traceViewState();
    return state && state !== before && state.uri === uri.toString() ? state : undefined;
  });
}

suite('traces', () => {
  const file = (): string => path.join(workspaceRoot(), 'pipeline.witrace');

  setup(() => {
    fs.writeFileSync(file(), traceText());
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file(), { force: true });
  });

  test('a .witrace file opens in the trace view: the run, a timeline per component, the trap in red', async () => {
    const state = await open(file());
    assert.equal(state.title, 'pipeline.witrace');
    assert.equal(state.source, 'jco');
    assert.deepEqual([state.calls, state.failed, state.drawn, state.matching, state.truncated], [5, 1, 5, 5, false]);
    assert.equal(state.error, undefined);
    assert.match(state.html, /<span id="source">complete \(jco: every call at the boundaries, with values\)<\/span>/);
    assert.match(state.html, /<span class="badge error">1 failed call<\/span>/);
    assert.match(state.html, /<div class="lane" data-party="plugin">/);
    assert.match(state.html, /<svg class="call c0 failed" data-id="4"/);
    assert.match(state.html, /<svg class="call c-host" data-id="3"[^>]*><title>plugin → host\nwasi:io\/streams@0\.2\.3#\[method\]output-stream\.blocking-write-and-flush\(handle&lt;output-stream&gt;#1, \[72, 69, 76, 76, 79, 10\]\)/);
    assert.doesNotMatch(state.html, /more not drawn/);
    await screenshot('trace-view', 2000);
  });

  test('selecting a call shows its details; Go to WIT definition opens the WIT at its line', async () => {
    await open(file());
    assert.equal(await vscode.commands.executeCommand('wit.trace.selectCall', 4), true);
    const studio = await api();
    const selected = studio.traceViewState()?.selected;
    assert.equal(selected?.id, 4);
    assert.equal(selected?.error, 'wasm trap: wasm `unreachable` instruction executed');
    assert.equal(await vscode.commands.executeCommand('wit.trace.selectCall', 99), false);

    const uri = (await vscode.commands.executeCommand('wit.trace.goToDefinition')) as vscode.Uri | undefined;
    assert.equal(uri?.fsPath, path.join(workspaceRoot(), 'pipeline', 'wit', 'pipeline.wit'));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, uri?.fsPath);
    assert.equal(editor.selection.active.line, PROCESS_LINE);
    assert.match(editor.document.lineAt(PROCESS_LINE).text, /export process: func/);
  });

  test('Export Chrome trace writes a JSON file', async () => {
    await open(file());
    const target = vscode.Uri.file(path.join(workspaceRoot(), 'pipeline.chrome.json'));
    try {
      const written = (await vscode.commands.executeCommand('wit.trace.exportChrome', { to: target })) as vscode.Uri | undefined;
      assert.equal(written?.fsPath, target.fsPath);
      const json: unknown = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
      assert.equal(typeof json, 'object');
    } finally {
      fs.rmSync(target.fsPath, { force: true });
    }
  });

  test('the view follows the file; a file that is not a trace says why', async () => {
    const state = await open(file());
    const studio = await api();
    const more: TraceCall = { id: 6, parent: 0, caller: 'host', callee: 'plugin', interface: '', function: 'process', args: ['"again"'], result: '"AGAIN"', start: 9, duration: 1 };
    fs.writeFileSync(file(), traceText([more]));
    const grown = await waitFor('the view to follow the file', () => {
      const s = studio.traceViewState();
      return s && s.renders > state.renders ? s : undefined;
    });
    assert.equal(grown.calls, 6);

    const bad = path.join(workspaceRoot(), 'bad.witrace');
    fs.writeFileSync(bad, 'hello\n');
    // Only the new view may render from here on (the last render is what the API reports).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.commands.executeCommand('wit.openTrace', vscode.Uri.file(bad));
      const refused = await waitFor('the view of bad.witrace', () => {
        const s = studio.traceViewState();
        return s && s.uri === vscode.Uri.file(bad).toString() ? s : undefined;
      });
      assert.match(refused.error ?? '', /^Not a WIT Studio trace/);
      assert.match(refused.html, /This trace cannot be shown/);
    } finally {
      fs.rmSync(bad, { force: true });
    }
  });

  test('a traced run of the example pipeline records the calls between its components and shows them', async function () {
    this.timeout(240000);
    await buildPipeline();
    const pipeline = path.join(workspaceRoot(), 'pipeline');
    const studio = await api();
    const run = (await vscode.commands.executeCommand('wit.runComponent', vscode.Uri.file(path.join(pipeline, 'wit-studio.compose.json')), {
      mode: { kind: 'command', args: [] },
      grants: { directories: [], env: {}, network: false, stdin: false },
      trace: true,
    })) as RunRecord;
    const outcome = await run.done;
    assert.equal(outcome.result, '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"');
    assert.ok(outcome.trace && run.traceFile === outcome.trace.file, 'the run recorded a trace');
    assert.match(path.relative(workspaceRoot(), outcome.trace.file), /^\.wit-traces\/pipeline-composition-[\dT-]+\.witrace$/);
    const state = await waitFor('the trace view of the run', () => {
      const s = studio.traceViewState();
      return s && s.uri === vscode.Uri.file(outcome.trace!.file).toString() ? s : undefined;
    });
    assert.equal(state.calls, outcome.trace.calls);
    assert.match(state.html, /pipeline-host/);
    assert.match(state.html, /transform/);
    await screenshot('trace-run', 2000);

    // The binary has no WIT source positions: Go to WIT definition finds the function in the workspace's WIT.
    const lines = fs.readFileSync(outcome.trace.file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as TraceCall);
    const processCall = lines.find((c) => c.function === 'process' && c.callee === 'pipeline-host')!;
    assert.equal(await vscode.commands.executeCommand('wit.trace.selectCall', processCall.id), true);
    const uri = (await vscode.commands.executeCommand('wit.trace.goToDefinition')) as vscode.Uri | undefined;
    assert.equal(uri?.fsPath, path.join(pipeline, 'wit', 'pipeline.wit'));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.lineAt(editor.selection.active.line).text.trim(), 'export process: func(input: string) -> string;');
  });
});
