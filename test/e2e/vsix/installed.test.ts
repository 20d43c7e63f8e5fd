/// <reference types="mocha" />
// Suite run inside VS Code (code-server) against the extension installed from the packaged
// .vsix (a marketplace-style install), not the development folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import type { RunRecord } from '../../../client/src/commands/run';
import { httpHandlerComponent } from '../../helpers/wasmComponents';
import { describeDiagnostics, EXTENSION_ID, openWit, replaceText, waitFor, workspaceRoot } from '../helpers';

suite('WIT Studio installed from the .vsix', () => {
  test('is installed in the extensions folder and activates on a .wit file', async () => {
    const extensionsDir = process.env.WIT_E2E_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'WIT_E2E_EXTENSIONS_DIR is not set');
    const ext = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    assert.ok(
      ext.extensionPath.startsWith(extensionsDir + path.sep),
      `extensionPath ${ext.extensionPath} is not inside ${extensionsDir}`,
    );

    const editor = await openWit('wit/world.wit');
    assert.equal(editor.document.languageId, 'wit');
    await waitFor('the extension to activate', () => ext.isActive, 20000);
    const client = ext.exports?.languageClient();
    assert.ok(client, 'the extension exports no language client');
    await waitFor('the bundled language server to run', () => client.isRunning(), 20000);
  });

  test('the bundled server checks WIT as you type', async () => {
    const editor = await openWit('wit/world.wit');
    await replaceText(editor, 'string', 'strin');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('strin')) + 1;
    const column = editor.document.lineAt(line - 1).text.indexOf('strin') + 1;
    await waitFor('a diagnostic', () => describeDiagnostics(editor.document.uri).length > 0 || undefined, 30000);
    assert.deepEqual(describeDiagnostics(editor.document.uri), [`${line}:${column}-${line}:${column + 5} name \`strin\` does not exist`]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('ships the bundle and the grammar, and no sources or node_modules', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'language-configuration.json']) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), `${f} is missing from the installed extension`);
    }
    for (const g of ext.packageJSON.contributes.grammars as { path: string }[]) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, g.path)), `grammar ${g.path} is missing`);
    }
    for (const d of ['node_modules', 'out', 'test', 'client', 'server', 'scripts']) {
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, d)), `${d}/ should not ship in the .vsix`);
    }
  });

  test('generates TypeScript types with the jco it ships', async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'wit', 'world.wit'));
    const outcome = (await vscode.commands.executeCommand('wit.generateBindings', { file, world: 'hello', language: 'ts-guest' })) as { ok: boolean; main?: string; message?: string };
    assert.ok(outcome.ok, outcome.message);
    assert.equal(outcome.main, path.join(workspaceRoot(), 'types', 'hello.d.ts'));
    assert.match(fs.readFileSync(outcome.main!, 'utf8'), /^declare module '/m);
  });

  test('inspects and runs a component with the runtime it ships', async function () {
    this.timeout(120000);
    const file = path.join(workspaceRoot(), 'server.wasm');
    fs.writeFileSync(file, await httpHandlerComponent());
    const uri = vscode.Uri.file(file);
    const api = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!.exports;
    await vscode.commands.executeCommand('wit.inspectComponent', uri);
    const state = await waitFor('the inspector', () => api.inspectorState());
    assert.equal(state.kind, 'component');
    assert.match(state.witText ?? '', /export wasi:http\/incoming-handler@0\.2\.12;/);

    const run = (await vscode.commands.executeCommand('wit.runComponent', uri, {
      mode: { kind: 'serve', port: 0 },
      grants: { directories: [], env: {}, network: false, stdin: false },
    })) as RunRecord;
    const listening = await waitFor('the server', () => run.events.find((e) => e.event === 'listening'), 60000);
    assert.ok(listening.event === 'listening');
    assert.equal(await (await fetch(listening.url)).text(), 'hello from a WAT component\n');
    await run.stop();
    assert.equal((await run.done).stopped, true);
  });
});
