/// <reference types="mocha" />
// WIT: Compose Components in a real VS Code, on the example pipeline (a C host importing the
// plugin interface a JavaScript plugin exports): composed by the built-in composer, opened in
// the inspector, run — with the same result as the two components run as a composition — and
// asked interactively from an explorer selection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComposeRequest, ComposeResult } from '../../../client/src/commands/compose';
import type { RunRecord, RunRequest } from '../../../client/src/commands/run';
import type { WitStudioApi } from '../../../client/src/extension';
import { EXTENSION_ID, screenshot, waitFor, workspaceRoot, buildPipeline } from '../helpers';

async function api(): Promise<WitStudioApi> {
  const extension = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

const NOTHING: RunRequest['grants'] = { directories: [], env: {}, network: false, stdin: false };
const PROCESS: RunRequest['mode'] = { kind: 'invoke', function: 'process', args: '"hello world"' };

suite('Compose Components', () => {
  const pipeline = (): string => path.join(workspaceRoot(), 'pipeline');
  const host = (): vscode.Uri => vscode.Uri.file(path.join(pipeline(), 'host', 'build', 'host.wasm'));
  const plugin = (): vscode.Uri => vscode.Uri.file(path.join(pipeline(), 'plugin', 'build', 'plugin.wasm'));

  suiteSetup(async function () {
    this.timeout(240000);
    await buildPipeline();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('wit.stopComponents');
  });

  test('the built-in composer makes one component: opened in the inspector, it runs as the composition does', async function () {
    this.timeout(120000);
    const studio = await api();
    const output = vscode.Uri.file(path.join(pipeline(), 'composed', 'pipeline.wasm'));
    fs.rmSync(output.fsPath, { force: true });
    const request: ComposeRequest = { components: [host(), plugin()], composer: 'builtin', output };
    const result = (await vscode.commands.executeCommand('wit.composeComponents', request)) as ComposeResult;
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.deepEqual([result.output, result.composer, result.exports], [output.fsPath, 'builtin', ['process']]);
    assert.ok(result.table.includes('host imports wit-studio:pipeline/plugin@0.1.0 ← plugin exports it'), result.table.join('\n'));
    assert.ok(fs.existsSync(output.fsPath));

    const inspector = await waitFor('the inspector of the composed component', () => {
      const state = studio.inspectorState();
      return state && state.uri === output.toString() ? state : undefined;
    });
    assert.equal(inspector.kind, 'component');
    assert.match(inspector.witText ?? '', /export process: func\(input: string\) -> string;/);
    assert.doesNotMatch(inspector.witText ?? '', /import wit-studio:pipeline\/plugin/);
    await screenshot('compose-inspector', 2000);

    const composed = (await vscode.commands.executeCommand('wit.runComponent', output, { mode: PROCESS, grants: NOTHING, trace: true })) as RunRecord;
    const separate = (await vscode.commands.executeCommand('wit.runComponent', vscode.Uri.file(path.join(pipeline(), 'wit-studio.compose.json')), {
      mode: PROCESS,
      grants: NOTHING,
      trace: false,
    })) as RunRecord;
    const [fused, apart] = [await composed.done, await separate.done];
    assert.equal(apart.result, '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"');
    assert.equal(fused.result, apart.result);
    // The trace of the fused binary says what it cannot show.
    assert.ok(fused.trace, 'the run of the composed component was traced');
    const trace = await waitFor('the trace view of the composed run', () => {
      const state = studio.traceViewState();
      return state && state.uri === vscode.Uri.file(fused.trace!.file).toString() ? state : undefined;
    });
    assert.match(trace.html, /Calls inside a composed component are not recorded/);
    assert.match(trace.html, /a composition of 2 components \(plugin, host\)/);
  });

  test('from an explorer selection: the match table, then the output, then the composition', async function () {
    this.timeout(120000);
    const output = path.join(pipeline(), 'host', 'build', 'host.composed.wasm');
    fs.rmSync(output, { force: true });
    const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const pending = vscode.commands.executeCommand('wit.composeComponents', host(), [host(), plugin()]) as Thenable<ComposeResult | undefined>;
    // The table: its first item composes.
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot('compose-table');
    await accept();
    // The output file, by default next to the root.
    await new Promise((r) => setTimeout(r, 800));
    await accept();
    const result = await pending;
    assert.ok(result?.ok, result && !result.ok ? result.message : 'cancelled');
    assert.equal(result.output, output);
    assert.ok(fs.existsSync(output));
  });

  test('a .wac file, composed by the built-in composer through the WAC core, runs as the composition does', async function () {
    this.timeout(120000);
    const wac = vscode.Uri.file(path.join(pipeline(), 'pipeline.wac'));
    const result = (await vscode.commands.executeCommand('wit.composeComponents', { components: [wac], composer: 'builtin' } satisfies ComposeRequest)) as ComposeResult;
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.deepEqual([result.output, result.composer, result.exports], [path.join(pipeline(), 'pipeline.composed.wasm'), 'builtin', ['process']]);
    const record = (await vscode.commands.executeCommand('wit.runComponent', vscode.Uri.file(result.output), { mode: PROCESS, grants: NOTHING, trace: false })) as RunRecord;
    assert.equal((await record.done).result, '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"');
  });
});
