/// <reference types="mocha" />
// The Component Inspector (a custom editor for .wasm) in a real VS Code, on a component built
// from the examples and on a corrupt file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitStudioApi } from '../../../client/src/extension';
import type { InspectorState } from '../../../client/src/views/inspector';
import { EXTENSION_ID, screenshot, waitFor, workspaceRoot } from '../helpers';

async function api(): Promise<WitStudioApi> {
  const extension = vscode.extensions.getExtension<WitStudioApi>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

async function inspect(file: string, previousRenders = 0): Promise<InspectorState> {
  const studio = await api();
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('wit.inspectComponent', uri);
  return waitFor(`the inspector of ${path.basename(file)}`, () => {
    const state = studio.inspectorState();
    return state && state.uri === uri.toString() && state.renders > previousRenders ? state : undefined;
  });
}

async function built(project: string, output: string): Promise<string> {
  const file = path.join(workspaceRoot(), project, 'build', output);
  if (!fs.existsSync(file)) {
    const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(path.join(workspaceRoot(), project)))) as { ok: boolean; message: string };
    assert.equal(result.ok, true, result.message);
  }
  return file;
}

suite('inspector', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a WASI command: its world, and its capabilities grouped by what they grant', async function () {
    this.timeout(120000);
    const state = await inspect(await built('c-command', 'command.wasm'));
    assert.equal(state.kind, 'component');
    assert.equal(state.title, 'command.wasm');
    assert.equal(state.witName, 'root:component/root');
    assert.match(state.witText ?? '', /export wasi:cli\/run@0\.2\.\d+;/);
    assert.match(state.witText ?? '', /import wasi:filesystem\/preopens@0\.2\.\d+;/);
    // Files, environment and stdio come before the harmless ones.
    assert.deepEqual(state.capabilities.slice(0, 2), ['files', 'environment']);
    for (const id of ['stdio', 'clocks', 'exit']) assert.ok(state.capabilities.includes(id), `${id} in ${state.capabilities.join(', ')}`);
    assert.match(state.html, /Read and write files in the directories you grant it/);
    await screenshot('inspector', 1000);
  });

  test('Open WIT opens the world as a WIT document', async function () {
    this.timeout(120000);
    const state = await inspect(await built('c-clock', 'clock.wasm'));
    const uri = (await vscode.commands.executeCommand('wit.inspector.openWit')) as vscode.Uri;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    assert.equal(doc.languageId, 'wit');
    assert.equal(doc.getText(), state.witText);
    assert.match(doc.getText(), /export format-duration: func\(ms: u64\) -> string;/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a corrupt file gets a clear message, and the page follows the file on disk', async () => {
    const file = path.join(workspaceRoot(), 'corrupt.wasm');
    fs.writeFileSync(file, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x30, 0x00]));
    try {
      const state = await inspect(file);
      assert.equal(state.kind, 'error');
      assert.equal(state.error, 'This WebAssembly file is corrupt: malformed section id: 48 (at offset 0xa)');
      assert.match(state.html, /malformed section id: 48/);

      fs.writeFileSync(file, 'hello');
      const studio = await api();
      const changed = await waitFor('the page to follow the file', () => {
        const s = studio.inspectorState();
        return s && s.renders > state.renders ? s : undefined;
      });
      assert.equal(changed.error, 'Not a WebAssembly file: it is a text file, and WebAssembly binaries start with the bytes `\\0asm`.');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
