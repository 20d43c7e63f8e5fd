/// <reference types="mocha" />
// Smoke suite run inside a real VS Code (code-server) against the development extension:
// activation on a .wit file, the language id, the language configuration and the grammar.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import { EXTENSION_ID, openWit, screenshot, waitFor } from '../helpers';

suite('WIT language (development extension)', () => {
  let ext: vscode.Extension<WitStudioApi>;

  suiteSetup(() => {
    const found = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed`);
    ext = found;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('opening a .wit file gives it the wit language and activates the extension', async () => {
    const editor = await openWit('multi-package/wit/world.wit');
    assert.equal(editor.document.languageId, 'wit');
    try {
      await waitFor('the extension to activate', () => ext.isActive, 20000);
    } catch (err) {
      // Surface the activation error, if any, rather than a bare timeout.
      await ext.activate();
      throw err;
    }
    const client = ext.exports?.languageClient();
    assert.ok(client, 'the extension exports no language client');
    await waitFor('the language client to run', () => client.isRunning(), 20000);
    await screenshot('wit-editor');
  });

  test('the language configuration is in effect (line comments)', async () => {
    const editor = await openWit('multi-package/wit/world.wit');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('process: func('));
    const before = editor.document.lineAt(line).text;
    editor.selection = new vscode.Selection(line, 4, line, 4);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.equal(editor.document.lineAt(line).text, before.replace(/^(\s*)/, '$1// '));
    assert.ok(editor.document.isDirty);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.lineAt(line).text, before);
  });

  test('the TextMate grammar is contributed and its file exists', () => {
    const grammars = (ext.packageJSON.contributes?.grammars ?? []) as { language?: string; scopeName: string; path: string }[];
    const wit = grammars.find((g) => g.language === 'wit');
    assert.ok(wit, 'no grammar is contributed for the wit language');
    assert.equal(wit.scopeName, 'source.wit');
    const file = path.join(ext.extensionPath, wit.path);
    assert.ok(fs.existsSync(file), `grammar file ${file} does not exist`);
    const grammar = JSON.parse(fs.readFileSync(file, 'utf8')) as { scopeName?: string };
    assert.equal(grammar.scopeName, 'source.wit');
  });
});
