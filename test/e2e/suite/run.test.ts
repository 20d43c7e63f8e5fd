/// <reference types="mocha" />
// Run Component in a real VS Code: real components from the examples, run in the bundled jco
// with only what each run grants. (Wasmtime runs: see test/unit/runtime, where wasmtime is installed.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord, RunRequest } from '../../../client/src/commands/run';
import type { WitStudioApi } from '../../../client/src/extension';
import { EXTENSION_ID, screenshot, waitFor, workspaceRoot } from '../helpers';

async function api(): Promise<WitStudioApi> {
  const extension = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

async function built(project: string, output: string): Promise<vscode.Uri> {
  const file = path.join(workspaceRoot(), project, 'build', output);
  if (!fs.existsSync(file)) {
    const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(path.join(workspaceRoot(), project)))) as { ok: boolean; message: string };
    assert.equal(result.ok, true, result.message);
  }
  return vscode.Uri.file(file);
}

async function run(component: vscode.Uri, request: RunRequest): Promise<RunRecord> {
  const record = (await vscode.commands.executeCommand('wit.runComponent', component, request)) as RunRecord | undefined;
  assert.ok(record, 'the run started');
  return record;
}

const NOTHING: RunRequest['grants'] = { directories: [], env: {}, network: false, stdin: false };

function processGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

suite('run', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('wit.stopComponents');
  });

  test('a command gets its arguments and only the granted variables and directory', async function () {
    this.timeout(120000);
    const component = await built('c-command', 'command.wasm');
    const data = path.join(workspaceRoot(), 'c-command', 'data');
    const record = await run(component, {
      mode: { kind: 'command', args: ['--read', '/data/hello.txt'] },
      grants: { ...NOTHING, directories: [{ host: data, guest: '/data' }], env: { GREETING: 'hi' } },
    });
    const outcome = await record.done;
    assert.equal(outcome.code, 0);
    assert.deepEqual(record.output, ['argc: 3', `arg[0]: ${component.fsPath}`, 'arg[1]: --read', 'arg[2]: /data/hello.txt', 'env: 1 variable', 'env GREETING=hi', 'read /data/hello.txt: granted data']);
    await screenshot('run-command');
  });

  test('a directory that was not granted cannot be read', async function () {
    this.timeout(60000);
    const component = await built('c-command', 'command.wasm');
    const record = await run(component, { mode: { kind: 'command', args: ['--read', '/data/hello.txt'] }, grants: NOTHING });
    const outcome = await record.done;
    assert.equal(outcome.code, 1);
    assert.ok(record.output.includes('env: 0 variables'), record.output.join('\n'));
    assert.match(record.output.at(-1) ?? '', /^cannot read \/data\/hello\.txt: /);
  });

  test('an exported function is called with WAVE arguments and its result printed as WAVE', async function () {
    this.timeout(60000);
    const component = await built('c-clock', 'clock.wasm');
    const record = await run(component, { mode: { kind: 'invoke', function: 'format-duration', args: '3723004' }, grants: NOTHING });
    const outcome = await record.done;
    assert.equal(outcome.result, '"1 h 2 min 3.004 s"');
    assert.equal(outcome.code, 0);
    const bad = await run(component, { mode: { kind: 'invoke', function: 'format-duration', args: '"soon"' }, grants: NOTHING });
    const failed = await bad.done;
    assert.notEqual(failed.code, 0);
    assert.match(failed.error ?? '', /invalid value type/);
  });

  test('standard input reaches the component when granted, and stopping a waiting component leaves no process', async function () {
    this.timeout(60000);
    const component = await built('c-command', 'command.wasm');
    const record = await run(component, { mode: { kind: 'command', args: ['--cat'] }, grants: { ...NOTHING, stdin: true } });
    const started = await waitFor('the component to start', () => record.events.find((e) => e.event === 'started'));
    assert.ok(started.event === 'started');
    assert.equal((await api()).runs().at(-1), record);
    await vscode.commands.executeCommand('workbench.action.terminal.sendSequence', { text: 'one line\r' });
    await waitFor('the echoed line', () => record.output.includes('stdin: one line'));
    assert.equal(record.outcome, undefined, 'it still waits for input');
    await vscode.commands.executeCommand('wit.stopComponents');
    const outcome = await record.done;
    assert.equal(outcome.stopped, true);
    assert.ok(processGone(started.pid), 'the process group is gone');
  });

  test('an HTTP handler is served on a local port', async function () {
    this.timeout(180000);
    const component = await built('http-hello', 'hello.wasm');
    const record = await run(component, { mode: { kind: 'serve', port: 0 }, grants: NOTHING });
    const listening = await waitFor('the server', () => record.events.find((e) => e.event === 'listening'), 60000);
    assert.ok(listening.event === 'listening');
    const response = await fetch(listening.url);
    assert.equal(response.status, 200);
    assert.equal((await response.text()).trim(), 'hello from WIT Studio');
    await record.stop();
    assert.equal((await record.done).stopped, true);
  });

  test('asked interactively: what to run, then the capabilities to grant, then the arguments', async function () {
    this.timeout(120000);
    const component = await built('c-command', 'command.wasm');
    const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const pending = vscode.commands.executeCommand('wit.runComponent', component) as Thenable<RunRecord | undefined>;
    const runsBefore = (await api()).runs().length;
    // Only a command to run, so the first question is the capabilities (nothing checked the first time)…
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot('run-capabilities');
    await accept();
    // …then the arguments (none).
    await new Promise((r) => setTimeout(r, 800));
    await accept();
    const record = await pending;
    assert.ok(record, 'the run started');
    assert.equal((await api()).runs().length, runsBefore + 1);
    assert.deepEqual(record.grants, { directories: [], env: {}, network: false, stdin: false });
    const outcome = await record.done;
    assert.equal(outcome.code, 0);
    assert.deepEqual(record.output.slice(0, 3), ['argc: 1', `arg[0]: ${component.fsPath}`, 'env: 0 variables']);
  });
});
