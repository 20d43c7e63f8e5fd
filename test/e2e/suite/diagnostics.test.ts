/// <reference types="mocha" />
// Diagnostics as you type, in a real VS Code, on the multi-package example.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeDiagnostics, openWit, replaceText, screenshot, waitFor, workspaceRoot } from '../helpers';

suite('diagnostics', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll' as string).then(undefined, () => undefined);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.isDirty) {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  test('a clean package has none; a typo is reported where it is, and goes away when fixed', async () => {
    const editor = await openWit('multi-package/wit/world.wit');
    const uri = editor.document.uri;
    await waitFor('diagnostics to be published', () => vscode.languages.getDiagnostics().some(([u]) => u.toString() === uri.toString()), 30000);
    assert.deepEqual(describeDiagnostics(uri), []);

    await replaceText(editor, 'process: func(doc: document)', 'process: func(doc: documnt)');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('documnt')) + 1;
    await waitFor('the error', () => describeDiagnostics(uri).length > 0 || undefined);
    assert.deepEqual(describeDiagnostics(uri), [`${line}:22-${line}:29 name \`documnt\` does not exist`]);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('diagnostics');

    await replaceText(editor, 'documnt', 'document');
    await waitFor('the error to go away', () => describeDiagnostics(uri).length === 0 || undefined);
  });

  test('an edit in one file can cause an error in another, with the other place as related information', async () => {
    // host.wit sorts before world.wit, so the interface added to it comes first and world.wit's is the duplicate.
    const host = await openWit('multi-package/wit/host.wit');
    await replaceText(host, 'world text-plugin-host {', 'interface plugin {}\n\nworld text-plugin-host {');
    const world = vscode.Uri.file(path.join(workspaceRoot(), 'multi-package/wit/world.wit'));
    const diagnostic = await waitFor('the duplicate', () => vscode.languages.getDiagnostics(world).find((d) => d.message.includes('duplicate')));
    assert.equal(diagnostic.message, 'duplicate item named `plugin`');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [4, 10, 16]);
    const related = diagnostic.relatedInformation?.[0];
    assert.ok(related, 'related information points at the first definition');
    assert.equal(related.location.uri.fsPath, host.document.uri.fsPath);
    assert.equal(related.location.range.start.line, 3);
    assert.equal(related.message, 'the first definition');
    await vscode.window.showTextDocument(host.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the duplicate to go away', () => !vscode.languages.getDiagnostics(world).some((d) => d.message.includes('duplicate')) || undefined);
  });
});
