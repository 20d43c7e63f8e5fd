/// <reference types="mocha" />
// WAC compositions in a real VS Code: the example pipeline.wac checked against the built
// components (configured in wit-examples/.vscode/settings.json), hover and definition.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { greeterComponent } from '../../helpers/wasmComponents';
import { describeDiagnostics, openWit, positionOf, replaceText, screenshot, waitFor, workspaceRoot, buildPipeline } from '../helpers';

suite('WAC', () => {
  suiteSetup(async function () {
    this.timeout(240000);
    await buildPipeline();
  });

  teardown(async () => {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  test('pipeline.wac is clean; a wrong export is reported where it is', async function () {
    this.timeout(60000);
    const editor = await openWit('pipeline/pipeline.wac');
    const uri = editor.document.uri;
    assert.equal(editor.document.languageId, 'wac');
    await waitFor('diagnostics to be published', () => vscode.languages.getDiagnostics().some(([u]) => u.toString() === uri.toString()), 30000);
    assert.deepEqual(describeDiagnostics(uri), []);

    await replaceText(editor, 'plugin: plugin.plugin', 'plugin: plugin.plugn');
    await waitFor('the error', () => describeDiagnostics(uri).length > 0 || undefined);
    assert.deepEqual(describeDiagnostics(uri), ['11:17-11:23 the instance has no export named `plugn`']);
    const position = positionOf(editor.document, 'plugn', 2);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('wac-diagnostics');
  });

  test('hover shows the WIT of an export; definition goes to the WIT interface', async function () {
    this.timeout(60000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // and the last test's hover with them
    const editor = await openWit('pipeline/pipeline.wac');
    const doc = editor.document;
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'host.process', 6));
      return h.length > 0 ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    editor.selection = new vscode.Selection(positionOf(doc, 'host.process', 6), positionOf(doc, 'host.process', 6));
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('wac-hover');
    assert.match(text, /process: func\(input: string\) -> string;/);
    assert.match(text, /export `process` of instance `host`/);

    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'plugin.plugin', 8));
    assert.equal(locations.length, 1);
    const target = locations[0]!;
    const uri = 'uri' in target ? target.uri : target.targetUri;
    const range = 'range' in target ? target.range : target.targetSelectionRange ?? target.targetRange;
    assert.equal(uri.fsPath, path.join(workspaceRoot(), 'pipeline', 'wit', 'pipeline.wit'));
    const witDoc = await vscode.workspace.openTextDocument(uri);
    assert.equal(witDoc.getText(range), 'plugin');
    assert.equal(witDoc.lineAt(range.start.line).text, 'interface plugin {');
  });

  test("definition goes into a component's WIT when the workspace has no source of it", async function () {
    this.timeout(60000);
    const dir = path.join(workspaceRoot(), 'wac-deps-e2e');
    fs.mkdirSync(path.join(dir, 'deps', 'test'), { recursive: true });
    try {
      fs.writeFileSync(path.join(dir, 'deps', 'test', 'greeter.wasm'), await greeterComponent());
      fs.writeFileSync(path.join(dir, 'greet.wac'), 'package test:greeting;\n\nlet greeter = new test:greeter { ... };\n\nexport greeter.greet;\n');
      const editor = await openWit('wac-deps-e2e/greet.wac');
      const doc = editor.document;
      await waitFor('diagnostics to be published', () => vscode.languages.getDiagnostics().some(([u]) => u.toString() === doc.uri.toString()), 30000);
      assert.deepEqual(describeDiagnostics(doc.uri), []);
      const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'greeter.greet', 9));
      assert.equal(locations.length, 1);
      const target = locations[0]!;
      const uri = 'uri' in target ? target.uri : target.targetUri;
      const range = 'range' in target ? target.range : target.targetSelectionRange ?? target.targetRange;
      assert.equal(uri.scheme, 'wit-component');
      assert.equal(uri.path, `${path.join(dir, 'deps', 'test', 'greeter.wasm')}.wit`);
      const witDoc = await vscode.workspace.openTextDocument(uri);
      assert.equal(witDoc.lineAt(range.start.line).text, '  interface greet {');
      assert.equal(witDoc.getText(range), 'greet');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
