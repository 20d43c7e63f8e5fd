/// <reference types="mocha" />
// The language features of the server, driven through VS Code's own commands on the
// multi-package example (types used from deps/, resources, variants, worlds).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWit, positionOf, screenshot, waitFor, workspaceRoot } from '../helpers';

const WORLD = 'multi-package/wit/world.wit';
const TYPES = 'multi-package/wit/deps/text/types.wit';

function file(relative: string): string {
  return path.join(workspaceRoot(), relative);
}

async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('language features', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    doc = (await openWit(WORLD)).document;
    // The server answers once it has started and checked the root.
    await waitFor('the server to answer', async () => (await hoverText(doc, positionOf(doc, 'doc: document', 7))) || undefined, 30000);
  });

  teardown(async () => {
    if (vscode.window.activeTextEditor?.document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('hover shows the declaration a `use` resolves to, from deps/, with its docs', async () => {
    const position = positionOf(doc, 'doc: document', 7);
    const text = await waitFor('a hover', async () => (await hoverText(doc, position)) || undefined);
    assert.match(text, /use example:text\/types@0\.1\.0\.\{document\}/);
    assert.match(text, /resolves to resource `document` · interface `types` · package `example:text@0\.1\.0`/);
    assert.match(text, /resource document \{\n {4}constructor\(text: string\);/);
    assert.match(text, /A document being processed\./);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('hover');
  });

  test('go to definition lands on the declaration in deps/; references find every use', async () => {
    const position = positionOf(doc, 'list<span>', 6);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, position);
    assert.equal(locations.length, 1);
    const target = locations[0]!;
    const uri = 'uri' in target ? target.uri : target.targetUri;
    const range = 'range' in target ? target.range : target.targetRange;
    assert.equal(uri.fsPath, file(TYPES));
    const types = await vscode.workspace.openTextDocument(file(TYPES));
    assert.equal(types.getText(range), 'span');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, position);
    const where = refs.map((r) => `${path.basename(r.uri.fsPath)}:${r.range.start.line + 1}`).sort();
    assert.deepEqual(where, ['types.wit:6', 'types.wit:18', 'world.wit:6', 'world.wit:14'].sort());
  });

  test('rename changes the name everywhere, and refuses keywords', async () => {
    const position = positionOf(doc, 'variant failure', 9);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, position, 'problem');
    const changes = edit.entries();
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]![1].map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`), ['10:11 problem', '18:52 problem']);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, position, 'record')),
      /`record` is a WIT keyword/,
    );
  });

  test('completion offers the types in scope where a type goes', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'process: func(doc: document)', 19);
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 'document'.length)), 'doc'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at.translate(0, 3));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['document', 'span', 'failure', 'level', 'u32', 'string', 'list']) assert.ok(labels.includes(expected), `${expected} in ${labels}`);
    editor.selection = new vscode.Selection(at.translate(0, 3), at.translate(0, 3));
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot('completion');
    await vscode.commands.executeCommand('hideSuggestWidget');
  });

  test('outline and workspace symbols', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const outline = (s: vscode.DocumentSymbol): string => `${s.name}${s.children.length ? `(${s.children.map(outline).join(' ')})` : ''}`;
    assert.deepEqual(symbols.map(outline), [
      'example:pipeline@0.1.0(plugin(document span level failure(unsupported invalid) process verbosity) text-plugin(example:log/logging plugin) host(plugin))',
      'example:stats@0.1.0(counts(word-count(words lines) count))',
    ]);
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'wordcount');
    assert.deepEqual(found.map((s) => s.name), ['word-count']);
  });

  test('a quick fix corrects a misspelt type', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'invalid(list<span>)', 13);
    await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 4)), 'spam'));
    const range = new vscode.Range(at, at.translate(0, 4));
    await waitFor('the error', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.message === 'type `spam` does not exist') || undefined);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
    const fix = actions.find((a) => a.title === 'Change to `span`');
    assert.ok(fix?.edit, `a fix among ${actions.map((a) => a.title)}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(doc.getText(range), 'span');
  });

  test('formatting restores the canonical layout, and format on save applies it', async () => {
    const editor = await openWit('multi-package/wit/deps/log.wit');
    const canonical = editor.document.getText();
    const messy = canonical.replace('  log: func(level: level, message: string);', '      log  :func( level:level,message : string ) ;').replace('    trace,\n', '  trace ,\n');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(canonical.length)), messy));
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', editor.document.uri, { tabSize: 2, insertSpaces: true });
    const fix = new vscode.WorkspaceEdit();
    fix.set(editor.document.uri, edits);
    await vscode.workspace.applyEdit(fix);
    assert.equal(editor.document.getText(), canonical);

    await vscode.workspace.getConfiguration('editor', { languageId: 'wit' }).update('formatOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(canonical.length)), messy));
      await editor.document.save();
      assert.equal(editor.document.getText(), canonical);
    } finally {
      await vscode.workspace.getConfiguration('editor', { languageId: 'wit' }).update('formatOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('folding, selection ranges and semantic tokens are served', async () => {
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok(folds.some((f) => doc.lineAt(f.start).text.startsWith('interface plugin')));
    const [selection] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', doc.uri, [positionOf(doc, 'verbosity', 2)]);
    assert.equal(doc.getText(selection!.range), 'verbosity');
    assert.ok(selection!.parent);
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    assert.ok(legend.tokenTypes.includes('struct'));
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(tokens.data.length > 5 * 10);
  });
});
