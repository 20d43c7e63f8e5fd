/// <reference types="mocha" />
// Measures, in a real VS Code, how long WIT Studio takes from opening a .wit file to being
// active, to its language client running, and to the file's first diagnostics. Used by
// `npm run bench` (which passes WIT_BENCH_OUT); it asserts nothing but that it finished.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import { EXTENSION_ID, openWit, waitFor } from '../helpers';

suite('activation (benchmark)', () => {
  test('open a .wit file → active → client running → diagnostics', async () => {
    const ext = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!;
    const started = performance.now();
    const editor = await openWit('multi-package/wit/world.wit');
    await waitFor('activation', () => ext.isActive, 30000);
    const activeMs = performance.now() - started;
    await waitFor('the client', () => ext.exports.languageClient()?.isRunning(), 30000);
    const clientMs = performance.now() - started;
    const uri = editor.document.uri.toString();
    await waitFor('diagnostics', () => vscode.languages.getDiagnostics().some(([u]) => u.toString() === uri), 30000);
    const diagnosticsMs = performance.now() - started;
    const out = process.env.WIT_BENCH_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify({ activeMs, clientMs, diagnosticsMs }));
  });
});
