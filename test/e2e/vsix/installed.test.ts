/// <reference types="mocha" />
// Suite run inside VS Code (code-server) against the extension installed from the packaged
// .vsix (a marketplace-style install), not the development folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import { EXTENSION_ID, openWit, waitFor } from '../helpers';

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
});
