// Shared helpers for the suites that run inside VS Code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'wit-studio.wit-studio';

/** The first workspace folder (the runner's copy of test/fixtures/e2e-workspace). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri.fsPath;
}

export async function openWit(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), relative));
  return vscode.window.showTextDocument(doc);
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Asks the runner for a screenshot of the whole window (saved only when it was started with
 * --screenshots DIR) and waits until it is taken; `settleMs` first lets a webview paint. The runner writes `<name>.done` into
 * $WIT_E2E_SCREENSHOT_ACK once the picture is on disk.
 */
export async function screenshot(name: string, settleMs = 0): Promise<void> {
  const ackDir = process.env.WIT_E2E_SCREENSHOT_ACK;
  if (!ackDir) return;
  // Webviews paint in their own frame, after the extension has handed them the page.
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name: ${name}`);
  console.log(`SCREENSHOT ${name}`);
  const done = path.join(ackDir, `${name}.done`);
  await waitFor(`screenshot ${name}`, () => fs.existsSync(done), 15000);
}

/** The position of the `occurrence`-th (0-based) `text` in the document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0, occurrence = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.getText().indexOf(text, at + 1);
    if (at < 0) throw new Error(`"${text}" (occurrence ${occurrence}) is not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + offset);
}

/** Replaces the first `from` in the editor's document with `to`. */
export async function replaceText(editor: vscode.TextEditor, from: string, to: string): Promise<void> {
  const start = positionOf(editor.document, from);
  const ok = await editor.edit((b) => b.replace(new vscode.Range(start, start.translate(0, from.length)), to));
  if (!ok) throw new Error(`could not edit ${editor.document.uri.fsPath}`);
}

/** `line:col-line:col message` (1-based) of the diagnostics of a document, for exact comparisons. */
export function describeDiagnostics(uri: vscode.Uri, severity = vscode.DiagnosticSeverity.Error): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === severity)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`);
}

/** Builds the example pipeline's host and plugin (with WIT: Build Component) unless an earlier suite did. */
export async function buildPipeline(): Promise<void> {
  const pipeline = path.join(workspaceRoot(), 'pipeline');
  for (const project of ['host', 'plugin']) {
    if (fs.existsSync(path.join(pipeline, project, 'build', `${project}.wasm`))) continue;
    const built = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(path.join(pipeline, project)))) as { ok: boolean; message: string };
    assert.equal(built.ok, true, built.message);
  }
}

/** Waits for `done`, accepting the default of every question shown meanwhile (however long each takes to appear). */
export async function acceptingDefaults<T>(done: Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(done).finally(() => (settled = true));
  while (!settled) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 700));
  }
  return result;
}
