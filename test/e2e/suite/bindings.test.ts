/// <reference types="mocha" />
// WIT: Generate Bindings in a real VS Code: the code lens the language server puts on each
// world, TypeScript guest and host types written by the bundled jco and opened, and Rust with
// wit-bindgen — generated where it is installed, else the "not installed" answer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BindingsOutcome } from '../../../client/src/bindings/generate';
import type { BindingsCommandRequest } from '../../../client/src/commands/bindings';
import { findTool } from '../../../client/src/toolchains/tools';
import { openWit, screenshot, waitFor, workspaceRoot } from '../helpers';

const generate = (request: BindingsCommandRequest) => vscode.commands.executeCommand<BindingsOutcome>('wit.generateBindings', request);

suite('Generate Bindings', () => {
  const multiPackage = (...parts: string[]) => path.join(workspaceRoot(), 'multi-package', ...parts);
  const worldFile = () => vscode.Uri.file(multiPackage('wit', 'world.wit'));

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a code lens on each world runs wit.generateBindings with the file and the world', async () => {
    const editor = await openWit('multi-package/wit/world.wit');
    const lenses = await waitFor('the code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found && found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => [`${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.character + 1}`, l.command?.title, l.command?.command, ...(l.command?.arguments ?? [])]),
      [
        ['25:7-18', 'Generate Bindings', 'wit.generateBindings', editor.document.uri.toString(), 'text-plugin'],
        ['32:7-11', 'Generate Bindings', 'wit.generateBindings', editor.document.uri.toString(), 'host'],
      ],
    );
    editor.revealRange(lenses[0]!.range, vscode.TextEditorRevealType.AtTop);
    await screenshot('bindings-codelens', 1500);
  });

  test('asked interactively from the code lens: the language, then the folder (the default offered)', async () => {
    const editor = await openWit('pipeline/wit/pipeline.wit');
    const lenses = await waitFor('the code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found && found.length > 0 ? found : undefined;
    });
    const host = lenses.find((l) => l.command?.arguments?.[1] === 'host')!.command!;
    const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const pending = vscode.commands.executeCommand<BindingsOutcome | undefined>(host.command, ...host.arguments!);
    // The language: the first is the TypeScript guest types.
    await new Promise((r) => setTimeout(r, 1000));
    await accept();
    // The folder: the project's types/.
    await new Promise((r) => setTimeout(r, 800));
    await accept();
    const outcome = await pending;
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'cancelled');
    assert.equal(outcome.main, path.join(workspaceRoot(), 'pipeline', 'types', 'host.d.ts'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, outcome.main);
  });

  test('TypeScript guest types go to the project\'s types/ folder, and the world\'s file opens', async () => {
    const outcome = await generate({ file: worldFile(), world: 'host', language: 'ts-guest' });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'cancelled');
    const types = multiPackage('types');
    assert.deepEqual(
      outcome.files.map((f) => path.relative(types, f)),
      ['host.d.ts', 'interfaces/example-log-logging.d.ts', 'interfaces/example-pipeline-plugin.d.ts', 'interfaces/example-stats-counts.d.ts', 'interfaces/example-text-types.d.ts'],
    );
    assert.ok(outcome.files.every((f) => fs.existsSync(f)));
    const active = await waitFor('the opened types', () => vscode.window.activeTextEditor);
    assert.equal(active.document.uri.fsPath, path.join(types, 'host.d.ts'));
    assert.match(active.document.getText(), /^declare module 'example:pipeline\/host@0\.1\.0' \{$/m);
  });

  test('host types go to the folder asked for, and a world of a dependency is found by its qualified name', async () => {
    const outDir = vscode.Uri.file(path.join(workspaceRoot(), 'http-hello', 'host-types'));
    const outcome = await generate({ file: vscode.Uri.file(path.join(workspaceRoot(), 'http-hello', 'wit', 'world.wit')), world: 'wasi:http/proxy@0.2.12', language: 'ts-host', outDir });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'cancelled');
    assert.equal(outcome.main, path.join(outDir.fsPath, 'proxy.d.ts'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, outcome.main);
    assert.match(fs.readFileSync(outcome.main!, 'utf8'), /^export \* as incomingHandler from '\.\/interfaces\/wasi-http-incoming-handler\.js'; \/\/ export wasi:http\/incoming-handler@0\.2\.12$/m);
  });

  test('Rust uses wit-bindgen: generated where it is installed, else the answer says how to install it', async () => {
    const outDir = vscode.Uri.file(multiPackage('bindings', 'rust'));
    const outcome = await generate({ file: worldFile(), world: 'text-plugin', language: 'rust', outDir });
    const witBindgen = await findTool('wit-bindgen');
    if (witBindgen.found) {
      assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'cancelled');
      assert.equal(outcome.main, path.join(outDir.fsPath, 'text_plugin.rs'));
      return;
    }
    assert.ok(outcome && !outcome.ok);
    assert.match(outcome.message, /^wit-bindgen generates bindings for Rust, .* but it was not found on PATH\. Install: cargo install wit-bindgen-cli --locked\./);
    assert.equal(outcome.missingTool?.setting, 'wit.toolchains.witBindgen');
    assert.equal(fs.existsSync(outDir.fsPath), false, 'nothing was written');
  });
});
