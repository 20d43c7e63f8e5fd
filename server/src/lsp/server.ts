/**
 * The language server: glue between the LSP connection and the core. Every request takes the
 * snapshot of the package root of its document, calls a pure feature function, and converts
 * offsets to LSP positions. Diagnostics are pushed (debounced) for every file of each root
 * an edit touches.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CompletionItemKind,
  FoldingRangeKind,
  SemanticTokensBuilder,
  SymbolKind,
  DiagnosticSeverity,
  DiagnosticTag,
  ErrorCodes,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction as LspCodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
  type SelectionRange as LspSelectionRange,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../diagnostic';
import { codeActions, unusedUses } from '../features/codeActions';
import { worldTargetsOf } from '../features/codeLenses';
import { completions, type CompletionKind } from '../features/completion';
import { documentSymbols, workspaceSymbols, type DocumentSymbol, type SymbolKind as WitSymbolKind } from '../features/documentSymbols';
import { foldingRanges } from '../features/folding';
import { formatDocument, formatRange, type TextEdit as FormatEdit } from '../features/formatting';
import { selectionRanges } from '../features/selectionRanges';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../features/semanticTokens';
import { hover } from '../features/hover';
import { documentHighlights, findDefinition, findReferences, findTypeDefinition } from '../features/navigation';
import { prepareRename, rename, type Edit } from '../features/rename';
import type { Snapshot } from '../features/snapshot';
import { Positions } from './convert';
import { runSafe } from './runSafe';
import { DEFAULT_SETTINGS, pathOf, uriOf, Workspace, type Settings } from './workspace';
import { findWitDeclaration, wacDefinition, wacHover } from '../wac/features';
import type { WacAnalysis } from '../wac/resolve';
import { isWacFile, WacDocuments } from '../host/wacPackages';
import { componentWitLocation, toLspDiagnostics } from './wacDocuments';

const DEBOUNCE_MS = 60;

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  type: CompletionItemKind.Struct,
  builtin: CompletionItemKind.TypeParameter,
  interface: CompletionItemKind.Interface,
  world: CompletionItemKind.Module,
  package: CompletionItemKind.Module,
  attribute: CompletionItemKind.Property,
};

const SYMBOL_KINDS: Record<WitSymbolKind, SymbolKind> = {
  package: SymbolKind.Package,
  interface: SymbolKind.Interface,
  world: SymbolKind.Module,
  record: SymbolKind.Struct,
  variant: SymbolKind.Enum,
  enum: SymbolKind.Enum,
  flags: SymbolKind.Enum,
  resource: SymbolKind.Class,
  type: SymbolKind.TypeParameter,
  function: SymbolKind.Function,
  method: SymbolKind.Method,
  constructor: SymbolKind.Constructor,
  field: SymbolKind.Field,
  case: SymbolKind.EnumMember,
  flag: SymbolKind.EnumMember,
  import: SymbolKind.Namespace,
  export: SymbolKind.Namespace,
  use: SymbolKind.Variable,
};

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(documents);
  /** Files with published diagnostics, per root (to clear them when they go away). */
  const published = new Map<string, Set<string>>();
  const pending = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params) => {
    workspace.folders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (workspace.folders.length === 0 && params.rootUri) workspace.folders = [pathOf(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        typeDefinitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['.', '{', ':', '<', '@', ' ', '/'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceOrganizeImports] },
        codeLensProvider: { resolveProvider: false },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
          full: true,
        },
      },
    };
  });

  connection.onInitialized(async () => {
    await refreshSettings();
    workspace.scanFolders();
    for (const root of workspace.roots) schedule(root);
  });

  connection.onDidChangeConfiguration(async () => {
    await refreshSettings();
    for (const root of workspace.roots) schedule(root);
    scheduleWac();
  });

  async function refreshSettings(): Promise<void> {
    let settings: Settings = DEFAULT_SETTINGS;
    try {
      const wit = (await connection.workspace.getConfiguration('wit')) as (Partial<Settings> & { wac?: { packages?: Record<string, string> } }) | undefined;
      settings = {
        features: wit?.features ?? [],
        allFeatures: wit?.allFeatures ?? false,
        depsFolders: wit?.depsFolders ?? [],
        wacPackages: wit?.wac?.packages ?? {},
      };
    } catch {
      // A client without configuration support: keep the defaults.
    }
    workspace.setSettings(settings);
  }

  function schedule(root: string): void {
    clearTimeout(pending.get(root));
    pending.set(
      root,
      setTimeout(() => {
        pending.delete(root);
        void publish(root);
      }, DEBOUNCE_MS),
    );
  }

  function changed(uri: string): void {
    const path = pathOf(uri);
    if (isWacFile(path)) return scheduleWac(uri);
    // A rebuilt component changes what the WAC documents that use it see.
    if (/\.(wasm|wat)$/.test(path)) scheduleWac();
    for (const root of workspace.invalidate(path)) schedule(root);
  }

  // ---- WAC documents: checked on their own, against the components they name ----

  const wac = new WacDocuments();

  function wacAnalysis(uri: string): { analysis: WacAnalysis; doc: TextDocument } | undefined {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    return { analysis: wac.analyze(pathOf(uri), doc.getText(), workspace.settings.wacPackages, workspace.folders), doc };
  }

  /** Re-checks one WAC document, or every open one. */
  function scheduleWac(uri?: string): void {
    const uris = uri ? [uri] : documents.all().map((d) => d.uri).filter((u) => isWacFile(pathOf(u)));
    for (const u of uris) {
      const key = `wac:${u}`;
      clearTimeout(pending.get(key));
      pending.set(
        key,
        setTimeout(() => {
          pending.delete(key);
          try {
            const checked = wacAnalysis(u);
            void connection.sendDiagnostics({ uri: u, diagnostics: checked ? toLspDiagnostics(checked.analysis, checked.doc) : [] });
          } catch (e) {
            connection.console.error(`checking ${u} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
        }, DEBOUNCE_MS),
      );
    }
  }

  async function publish(root: string): Promise<void> {
    try {
      await workspace.prepare(root);
      const snapshot = workspace.snapshotOf(root);
      const positions = new Positions(snapshot);
      const byFile = new Map<string, Diagnostic[]>();
      for (const file of snapshot.analysis.files.keys()) byFile.set(file, [...unusedUses(snapshot, file)]);
      for (const d of snapshot.analysis.diagnostics) {
        if (!byFile.has(d.file)) byFile.set(d.file, []);
        byFile.get(d.file)!.push(d);
      }
      for (const file of published.get(root) ?? []) {
        if (!byFile.has(file)) void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
      }
      for (const [file, diagnostics] of byFile) {
        void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: diagnostics.map((d) => toLspDiagnostic(d, positions)) });
      }
      published.set(root, new Set(byFile.keys()));
    } catch (e) {
      connection.console.error(`checking ${root} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /** Runs a request on the snapshot of the document's root. */
  function onDocument<T>(name: string, uri: string, token: Parameters<typeof runSafe>[2], empty: T, work: (snapshot: Snapshot, file: string, positions: Positions) => T) {
    return runSafe(connection, name, token, empty, () => {
      if (isWacFile(pathOf(uri))) return empty;
      const { snapshot, file } = workspace.snapshotForUri(uri);
      return work(snapshot, file, new Positions(snapshot));
    });
  }

  connection.onHover((p, token) =>
    isWacFile(pathOf(p.textDocument.uri))
      ? runSafe(connection, 'hover', token, null, () => {
          const checked = wacAnalysis(p.textDocument.uri);
          const h = checked && wacHover(checked.analysis, checked.doc.offsetAt(p.position));
          return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: { start: checked.doc.positionAt(h.start), end: checked.doc.positionAt(h.end) } } : null;
        })
      : onDocument('hover', p.textDocument.uri, token, null, (snapshot, file, positions) => {
      const h = hover(snapshot, file, positions.offset(file, p.position));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: positions.range(file, h.start, h.end) } : null;
    }),
  );

  connection.onDefinition((p, token) =>
    isWacFile(pathOf(p.textDocument.uri))
      ? runSafe(connection, 'definition', token, null, () => {
          const checked = wacAnalysis(p.textDocument.uri);
          const target = checked && wacDefinition(checked.analysis, checked.doc.offsetAt(p.position));
          if (!target) return null;
          if (target.kind === 'document') return { uri: p.textDocument.uri, range: { start: checked.doc.positionAt(target.start), end: checked.doc.positionAt(target.end) } };
          for (const root of workspace.roots) {
            const snapshot = workspace.snapshotOf(root);
            const found = findWitDeclaration([snapshot], target);
            if (found) return new Positions(snapshot).location(found);
          }
          return componentWitLocation(target) ?? null;
        })
      : onDocument('definition', p.textDocument.uri, token, null, (snapshot, file, positions) => {
      const target = findDefinition(snapshot, file, positions.offset(file, p.position));
      return target ? positions.location(target) : null;
    }),
  );

  connection.onTypeDefinition((p, token) =>
    onDocument('type definition', p.textDocument.uri, token, null, (snapshot, file, positions) => {
      const target = findTypeDefinition(snapshot, file, positions.offset(file, p.position));
      return target ? positions.location(target) : null;
    }),
  );

  connection.onReferences((p, token) =>
    onDocument('references', p.textDocument.uri, token, [], (snapshot, file, positions) =>
      findReferences(snapshot, file, positions.offset(file, p.position), p.context.includeDeclaration).map((r) => positions.location(r)),
    ),
  );

  connection.onDocumentHighlight((p, token) =>
    onDocument('highlight', p.textDocument.uri, token, [], (snapshot, file, positions) =>
      documentHighlights(snapshot, file, positions.offset(file, p.position)).map((r) => ({ range: positions.range(file, r.start, r.end) })),
    ),
  );

  connection.onPrepareRename((p, token) =>
    onDocument('prepare rename', p.textDocument.uri, token, null, (snapshot, file, positions) => {
      const prepared = prepareRename(snapshot, file, positions.offset(file, p.position));
      if (!prepared.ok) throw new ResponseError(ErrorCodes.InvalidRequest, prepared.message);
      return positions.range(file, prepared.range.start, prepared.range.end);
    }),
  );

  connection.onRenameRequest((p, token) => {
    const result = onDocument('rename', p.textDocument.uri, token, null as WorkspaceEdit | null | ResponseError<void>, (snapshot, file, positions) => {
      const renamed = rename(snapshot, file, positions.offset(file, p.position), p.newName);
      if (!renamed.ok) return new ResponseError<void>(ErrorCodes.InvalidRequest, renamed.message);
      return workspaceEdit(renamed.edits, positions);
    });
    return result;
  });

  connection.onCompletion((p, token) =>
    onDocument('completion', p.textDocument.uri, token, [], (snapshot, file, positions) =>
      completions(snapshot, file, positions.offset(file, p.position)).map((item) => ({
        label: item.label,
        kind: COMPLETION_KINDS[item.kind],
        ...(item.detail ? { detail: item.detail } : {}),
        ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
        ...(item.sortText ? { sortText: item.sortText } : {}),
        insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: positions.range(file, item.replaceStart, item.replaceEnd), newText: item.insertText ?? item.label },
      })),
    ),
  );

  connection.onCodeAction((p, token) =>
    onDocument('code actions', p.textDocument.uri, token, [] as LspCodeAction[], (snapshot, file, positions) => {
      const range = { start: positions.offset(file, p.range.start), end: positions.offset(file, p.range.end) };
      const diagnostics = [...snapshot.analysis.diagnostics.filter((d) => d.file === file), ...unusedUses(snapshot, file)];
      return codeActions(snapshot, file, range, diagnostics)
        .filter((a) => !p.context.only || p.context.only.some((k) => a.kind.startsWith(k)))
        .map((a) => ({
          title: a.title,
          kind: a.kind,
          edit: workspaceEdit(a.edits, positions),
          ...(a.diagnostic ? { diagnostics: [toLspDiagnostic(a.diagnostic, positions)] } : {}),
          ...(a.isPreferred ? { isPreferred: true } : {}),
        }));
    }),
  );

  // The client's `wit.generateBindings` takes the file and the world as its package root selects it.
  connection.onCodeLens((p, token) =>
    onDocument('code lenses', p.textDocument.uri, token, [], (snapshot, file, positions) =>
      worldTargetsOf(snapshot, file).map((t) => ({
        range: positions.range(file, t.start, t.end),
        command: { title: 'Generate Bindings', command: 'wit.generateBindings', arguments: [p.textDocument.uri, t.world] },
      })),
    ),
  );

  const toTextEdits = (file: string, positions: Positions, edits: FormatEdit[]) =>
    edits.map((e) => ({ range: positions.range(file, e.start, e.end), newText: e.newText }));
  const indentOf = (options: { tabSize: number; insertSpaces: boolean }) => ({ indent: options.insertSpaces ? ' '.repeat(options.tabSize) : '\t' });

  connection.onDocumentFormatting((p, token) =>
    onDocument('formatting', p.textDocument.uri, token, [], (snapshot, file, positions) => {
      const tree = snapshot.analysis.files.get(file);
      return tree ? toTextEdits(file, positions, formatDocument(tree, indentOf(p.options))) : [];
    }),
  );

  connection.onDocumentRangeFormatting((p, token) =>
    onDocument('range formatting', p.textDocument.uri, token, [], (snapshot, file, positions) => {
      const tree = snapshot.analysis.files.get(file);
      const range = { start: positions.offset(file, p.range.start), end: positions.offset(file, p.range.end) };
      return tree ? toTextEdits(file, positions, formatRange(tree, range, indentOf(p.options))) : [];
    }),
  );

  connection.onDocumentSymbol((p, token) =>
    onDocument('document symbols', p.textDocument.uri, token, [] as LspDocumentSymbol[], (snapshot, file, positions) => {
      const convert = (s: DocumentSymbol): LspDocumentSymbol => ({
        name: s.name || '?',
        ...(s.detail ? { detail: s.detail } : {}),
        kind: SYMBOL_KINDS[s.kind],
        range: positions.range(file, s.start, s.end),
        selectionRange: positions.range(file, s.selectionStart, s.selectionEnd),
        children: s.children.map(convert),
      });
      return documentSymbols(snapshot, file).map(convert);
    }),
  );

  connection.onWorkspaceSymbol((p, token) =>
    runSafe(connection, 'workspace symbols', token, [], () => {
      const snapshots = [...workspace.roots].map((root) => workspace.snapshotOf(root));
      return workspaceSymbols(snapshots, p.query).map((s) => {
        const positions = new Positions(snapshots.find((snap) => snap.analysis.files.has(s.file))!);
        return {
          name: s.name,
          kind: SYMBOL_KINDS[s.kind],
          ...(s.containerName ? { containerName: s.containerName } : {}),
          location: positions.location(s),
        };
      });
    }),
  );

  connection.languages.semanticTokens.on((p, token) =>
    onDocument('semantic tokens', p.textDocument.uri, token, { data: [] }, (snapshot, file, positions) => {
      const builder = new SemanticTokensBuilder();
      for (const t of semanticTokens(snapshot, file)) {
        const at = positions.position(file, t.start);
        const modifiers = t.modifiers.reduce((bits, m) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(m)), 0);
        builder.push(at.line, at.character, t.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), modifiers);
      }
      return builder.build();
    }),
  );

  connection.onFoldingRanges((p, token) =>
    onDocument('folding', p.textDocument.uri, token, [], (snapshot, file, positions) => {
      const tree = snapshot.analysis.files.get(file);
      if (!tree) return [];
      const kinds = { comment: FoldingRangeKind.Comment, imports: FoldingRangeKind.Imports, region: FoldingRangeKind.Region };
      return foldingRanges(tree)
        .map((r) => ({ startLine: positions.position(file, r.start).line, endLine: positions.position(file, r.end).line, ...(r.kind ? { kind: kinds[r.kind] } : {}) }))
        .filter((r) => r.endLine > r.startLine);
    }),
  );

  connection.onSelectionRanges((p, token) =>
    onDocument('selection ranges', p.textDocument.uri, token, [] as LspSelectionRange[], (snapshot, file, positions) => {
      const tree = snapshot.analysis.files.get(file);
      if (!tree) return [];
      const chains = selectionRanges(tree, p.positions.map((pos) => positions.offset(file, pos)));
      return chains.map((chain) =>
        chain.reduceRight<LspSelectionRange | undefined>(
          (parent, r) => ({ range: positions.range(file, r.start, r.end), ...(parent ? { parent } : {}) }),
          undefined,
        ) ?? { range: positions.range(file, 0, 0) },
      );
    }),
  );

  documents.onDidOpen((e) => changed(e.document.uri));
  documents.onDidChangeContent((e) => changed(e.document.uri));
  documents.onDidClose((e) => changed(e.document.uri));
  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) changed(change.uri);
  });

  documents.listen(connection);
  connection.listen();
}

function workspaceEdit(edits: Edit[], positions: Positions): WorkspaceEdit {
  const changes: WorkspaceEdit['changes'] = {};
  for (const e of edits) {
    (changes[uriOf(e.file)] ??= []).push({ range: positions.range(e.file, e.start, e.end), newText: e.newText });
  }
  return { changes };
}

function toLspDiagnostic(d: Diagnostic, positions: Positions): LspDiagnostic {
  const severity = {
    error: DiagnosticSeverity.Error,
    warning: DiagnosticSeverity.Warning,
    information: DiagnosticSeverity.Information,
    hint: DiagnosticSeverity.Hint,
  }[d.severity];
  return {
    range: positions.range(d.file, d.start, d.end),
    message: d.message,
    severity,
    code: d.code,
    source: 'wit',
    ...(d.code === 'unused-use' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.related
      ? { relatedInformation: d.related.map((r) => ({ location: positions.location(r), message: r.message })) }
      : {}),
  };
}
