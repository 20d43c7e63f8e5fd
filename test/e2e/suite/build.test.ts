/// <reference types="mocha" />
// Build Component and the build tasks in a real VS Code, on the examples (real clang, real jco).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../../client/src/toolchains/pipelines';
import { describeDiagnostics, screenshot, waitFor, workspaceRoot } from '../helpers';

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

function isComponent(file: string): boolean {
  const header = [...fs.readFileSync(file).subarray(0, 8)];
  return JSON.stringify(header) === JSON.stringify(COMPONENT_HEADER);
}

function example(...parts: string[]): string {
  return path.join(workspaceRoot(), ...parts);
}

suite('build', () => {
  test('Build Component on a C project folder compiles, embeds the WIT and writes a component', async function () {
    this.timeout(120000);
    const out = example('c-clock', 'build', 'clock.wasm');
    fs.rmSync(out, { force: true });
    const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(example('c-clock')))) as BuildResult;
    assert.equal(result.ok, true, result.message);
    assert.equal(result.output, out);
    assert.ok(isComponent(out), 'the output is a component');
    assert.match(result.message, /^Built build\/clock\.wasm in \d+\.\d s\.$/);
  });

  test('Build Component on a JavaScript project (componentize-js) from one of its WIT files', async function () {
    this.timeout(180000);
    const out = example('js-plugin', 'build', 'plugin.wasm');
    fs.rmSync(out, { force: true });
    const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(example('js-plugin', 'wit', 'plugin.wit')))) as BuildResult;
    assert.equal(result.ok, true, result.message);
    assert.ok(isComponent(out), 'the output is a component');
  });

  test('a compiler error becomes a problem on the C file, at its line and column', async function () {
    this.timeout(120000);
    const source = example('c-clock', 'src', 'clock.c');
    const original = fs.readFileSync(source, 'utf8');
    const anchor = '#include <time.h>\n';
    assert.ok(original.includes(anchor));
    fs.writeFileSync(source, original.replace(anchor, `${anchor}static int broken = undeclared_name;\n`));
    const line = original.slice(0, original.indexOf(anchor)).split('\n').length + 1;
    try {
      const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(example('c-clock')))) as BuildResult;
      assert.equal(result.ok, false);
      const uri = vscode.Uri.file(source);
      await waitFor('the build problem', () => describeDiagnostics(uri).length > 0 || undefined);
      assert.deepEqual(describeDiagnostics(uri), [`${line}:21-${line}:21 use of undeclared identifier 'undeclared_name'`]);
      assert.equal(vscode.languages.getDiagnostics(uri)[0].source, 'clang');
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await screenshot('build-problem');
    } finally {
      fs.writeFileSync(source, original);
    }
    // The next good build clears the problem.
    const again = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(example('c-clock')))) as BuildResult;
    assert.equal(again.ok, true, again.message);
    assert.deepEqual(describeDiagnostics(vscode.Uri.file(source)), []);
  });

  test('every project is a build task, and running one builds it', async function () {
    this.timeout(120000);
    const tasks = await vscode.tasks.fetchTasks({ type: 'wit-component' });
    const labels = tasks.map((t) => t.name).sort();
    for (const expected of ['build c-clock', 'build c-command', 'build js-plugin']) assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
    const task = tasks.find((t) => t.name === 'build c-command')!;
    assert.equal(task.group?.id, vscode.TaskGroup.Build.id);
    const out = example('c-command', 'build', 'command.wasm');
    fs.rmSync(out, { force: true });
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name === task.name) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    assert.ok(isComponent(out), 'the task wrote a component');
  });
});
