/// <reference types="mocha" />
// Restricted mode (an untrusted workspace): the WIT language features work, but nothing is
// built or run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import { describeDiagnostics, EXTENSION_ID, openWit, replaceText, waitFor, workspaceRoot } from '../helpers';

suite('an untrusted workspace', () => {
  test('is untrusted, and the language server still checks WIT', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const editor = await openWit('c-clock/wit/clock.wit');
    await waitFor('the extension', () => vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)?.isActive);
    await replaceText(editor, '-> u32', '-> u322');
    await waitFor('a diagnostic', () => describeDiagnostics(editor.document.uri).length > 0 || undefined, 30000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  // (Tasks are VS Code's to refuse: in restricted mode it asks for trust before it lists or runs any.)
  test('builds and runs are refused', async () => {
    const project = path.join(workspaceRoot(), 'c-clock');
    const output = path.join(project, 'build', 'clock.wasm');
    assert.equal(await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(project)), undefined);
    assert.equal(fs.existsSync(output), false, 'nothing was built');
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]));
    const run = await vscode.commands.executeCommand('wit.runComponent', vscode.Uri.file(output), {
      mode: { kind: 'invoke', function: 'tick', args: '' },
      grants: { directories: [], env: {}, network: false, stdin: false },
    });
    assert.equal(run, undefined);
    assert.deepEqual(vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!.exports.runs(), []);
    assert.notEqual(await vscode.commands.executeCommand('wit.debugComponent', vscode.Uri.file(output)), true);
    assert.equal(vscode.debug.activeDebugSession, undefined, 'no debug session started');
  });

  test('Generate Bindings: TypeScript types come from the bundled jco, wit-bindgen is not run', async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'c-clock', 'wit', 'clock.wit'));
    const types = (await vscode.commands.executeCommand('wit.generateBindings', { file, world: 'clock', language: 'ts-guest' })) as { ok: boolean; files: string[] };
    assert.deepEqual([types.ok, types.files], [true, [path.join(workspaceRoot(), 'c-clock', 'types', 'clock.d.ts')]]);
    const rust = (await vscode.commands.executeCommand('wit.generateBindings', { file, world: 'clock', language: 'rust' })) as { ok: boolean; message: string };
    assert.deepEqual(rust, { ok: false, message: 'wit-bindgen runs only in a trusted workspace.' });
    assert.equal(fs.existsSync(path.join(workspaceRoot(), 'c-clock', 'bindings')), false);
  });
});
