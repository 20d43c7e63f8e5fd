/// <reference types="mocha" />
// WIT: New Component… in a real VS Code: projects written by the command (its programmatic
// argument), built by WIT: Build Component and run by WIT: Run Component; and the Getting
// Started walkthrough, whose steps name commands the extension registers and media it ships.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NewComponentRequest } from '../../../client/src/commands/newComponent';
import type { RunRecord, RunRequest } from '../../../client/src/commands/run';
import type { NewProjectResult } from '../../../client/src/scaffold/newProject';
import { EXTENSION_ID, acceptingDefaults, screenshot, workspaceRoot } from '../helpers';

const NOTHING: RunRequest['grants'] = { directories: [], env: {}, network: false, stdin: false };

async function newComponent(request: Omit<NewComponentRequest, 'parent'>): Promise<Extract<NewProjectResult, { ok: true }>> {
  const result = (await vscode.commands.executeCommand('wit.newComponent', { ...request, parent: vscode.Uri.file(workspaceRoot()) })) as NewProjectResult;
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result;
}

async function build(dir: string): Promise<vscode.Uri> {
  const built = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(dir))) as { ok: boolean; message: string; output?: string };
  assert.equal(built.ok, true, built.message);
  return vscode.Uri.file(built.output!);
}

async function run(component: vscode.Uri, mode: RunRequest['mode']): Promise<{ record: RunRecord; code: number | null; result?: string }> {
  const record = (await vscode.commands.executeCommand('wit.runComponent', component, { mode, grants: NOTHING })) as RunRecord | undefined;
  assert.ok(record, 'the run started');
  const outcome = await record.done;
  return { record, code: outcome.code, ...(outcome.result !== undefined ? { result: outcome.result } : {}) };
}

suite('new component', () => {
  // The workspace is a copy, but other suites list its projects: leave it as it was.
  const created: string[] = [];
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('wit.stopComponents');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
    // And the traces of their runs.
    const traces = path.join(workspaceRoot(), '.wit-traces');
    const names = created.map((dir) => `${path.basename(dir)}.wasm-`);
    for (const file of fs.existsSync(traces) ? fs.readdirSync(traces) : []) if (names.some((n) => file.startsWith(n))) fs.rmSync(path.join(traces, file));
  });

  test('a JavaScript wasi:cli/command: written with its stubs open, built, and run', async function () {
    this.timeout(240000);
    const project = await newComponent({ world: 'wasi:cli/command', language: 'js', name: 'e2e-hello' });
    created.push(project.dir);
    assert.equal(project.dir, path.join(workspaceRoot(), 'e2e-hello'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(project.dir, 'src', 'e2e-hello.js'));
    const component = await build(project.dir);
    assert.equal(component.fsPath, path.join(project.dir, 'build', 'e2e-hello.wasm'));
    const { record, code } = await run(component, { kind: 'command', args: [] });
    assert.equal(code, 0);
    assert.deepEqual(record.output, ['Hello from e2e-hello']);
  });

  test('a C project for a world of the workspace (the c-clock example): built, and its stubs called', async function () {
    this.timeout(120000);
    const clockWit = vscode.Uri.file(path.join(workspaceRoot(), 'c-clock', 'wit', 'clock.wit'));
    const project = await newComponent({ world: { file: clockWit, name: 'clock' }, language: 'c', name: 'e2e-clock' });
    created.push(project.dir);
    assert.ok(project.files.includes('wit/clock.wit'), project.files.join(', '));
    assert.ok(project.files.includes('wit-studio.json'), project.files.join(', '));
    const component = await build(project.dir);
    assert.equal((await run(component, { kind: 'invoke', function: 'tick', args: '' })).result, '0');
    assert.equal((await run(component, { kind: 'invoke', function: 'format-duration', args: '5' })).result, '""');
  });

  test('asked interactively from a folder in the explorer: the world, the language, the name', async function () {
    this.timeout(60000);
    const parent = path.join(workspaceRoot(), 'e2e-interactive');
    fs.mkdirSync(parent, { recursive: true });
    created.push(parent);
    const pending = vscode.commands.executeCommand('wit.newComponent', vscode.Uri.file(parent)) as Thenable<NewProjectResult | undefined>;
    // The worlds, WASI's first.
    await new Promise((r) => setTimeout(r, 2000));
    await screenshot('new-component');
    // Each question's default is what this test wants: wasi:cli/command, JavaScript, the suggested name.
    const result = await acceptingDefaults(pending);
    assert.ok(result?.ok, result && !result.ok ? result.message : 'cancelled');
    assert.equal(result.dir, path.join(parent, 'hello'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(parent, 'hello', 'src', 'hello.js'));
    assert.match(vscode.window.activeTextEditor.document.getText(), /Hello from hello/);
  });

  test('a folder that is not empty is refused', async () => {
    const result = (await vscode.commands.executeCommand('wit.newComponent', {
      world: 'wasi:cli/command',
      language: 'js',
      name: 'c-clock',
      parent: vscode.Uri.file(workspaceRoot()),
    })) as NewProjectResult;
    assert.deepEqual(result, { ok: false, message: `${path.join(workspaceRoot(), 'c-clock')} already exists and is not empty.` });
  });

  test('the Getting Started walkthrough: its steps complete on registered commands and show shipped media', async function () {
    this.timeout(30000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs = extension.packageJSON.contributes.walkthroughs as { id: string; steps: { id: string; media: { markdown: string }; completionEvents: string[] }[] }[];
    assert.deepEqual(
      walkthroughs.map((w) => [w.id, w.steps.map((s) => s.id)]),
      [['getting-started', ['create', 'build', 'inspect', 'run', 'trace']]],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthroughs[0]!.steps) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, step.media.markdown)), step.media.markdown);
      for (const event of step.completionEvents) assert.ok(commands.has(event.replace(/^onCommand:/, '')), event);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#getting-started`, false);
    await screenshot('walkthrough', 1500);
  });
});
