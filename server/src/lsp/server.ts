/**
 * The language server: glue between the LSP connection and the core. It keeps the open
 * documents, decides which package roots an edit affects, re-checks them (debounced) and
 * publishes the diagnostics of every file of those roots.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Diagnostic } from '../diagnostic';
import { NodeFileSystem } from '../host/nodeFileSystem';
import { analyzeRoot } from '../semantics/analyze';
import { ParseCache } from '../semantics/parseCache';
import { packageRootOf } from '../semantics/roots';

const DEBOUNCE_MS = 60;

interface Settings {
  features: string[];
  allFeatures: boolean;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const parseCache = new ParseCache();
  /** Files that currently have published diagnostics, per root. */
  const published = new Map<string, Set<string>>();
  const pending = new Map<string, NodeJS.Timeout>();
  let settings: Settings = { features: [], allFeatures: false };

  const pathOf = (uri: string) => URI.parse(uri).fsPath;
  const uriOf = (path: string) => URI.file(path).toString();

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
  }));

  connection.onInitialized(async () => {
    await refreshSettings();
  });

  connection.onDidChangeConfiguration(async () => {
    await refreshSettings();
    for (const root of published.keys()) schedule(root);
  });

  async function refreshSettings(): Promise<void> {
    try {
      const wit = (await connection.workspace.getConfiguration('wit')) as Partial<Settings> | undefined;
      settings = { features: wit?.features ?? [], allFeatures: wit?.allFeatures ?? false };
    } catch {
      // A client without configuration support: keep the defaults.
    }
  }

  function schedule(root: string): void {
    clearTimeout(pending.get(root));
    pending.set(
      root,
      setTimeout(() => {
        pending.delete(root);
        check(root);
      }, DEBOUNCE_MS),
    );
  }

  function check(root: string): void {
    try {
      const overlay = new Map(documents.all().map((d) => [pathOf(d.uri), d.getText()]));
      const fs = new NodeFileSystem(overlay);
      const analysis = analyzeRoot(fs, root, { features: new Set(settings.features), allFeatures: settings.allFeatures }, parseCache.parse);
      const byFile = new Map<string, Diagnostic[]>();
      for (const file of analysis.files.keys()) byFile.set(file, []);
      for (const d of analysis.diagnostics) {
        if (!byFile.has(d.file)) byFile.set(d.file, []);
        byFile.get(d.file)!.push(d);
      }
      const previous = published.get(root) ?? new Set();
      for (const file of previous) if (!byFile.has(file)) void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
      for (const [file, diagnostics] of byFile) {
        const text = overlay.get(file) ?? fs.readFile(file) ?? '';
        const doc = TextDocument.create(uriOf(file), 'wit', 0, text);
        void connection.sendDiagnostics({ uri: uriOf(file), diagnostics: diagnostics.map((d) => toLsp(d, doc)) });
      }
      published.set(root, new Set(byFile.keys()));
    } catch (e) {
      connection.console.error(`checking ${root} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  function toLsp(d: Diagnostic, doc: TextDocument): LspDiagnostic {
    return {
      range: { start: doc.positionAt(d.start), end: doc.positionAt(d.end) },
      message: d.message,
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: d.code,
      source: 'wit',
      ...(d.related
        ? {
            relatedInformation: d.related.map((r) => {
              const text = documents.get(uriOf(r.file))?.getText() ?? new NodeFileSystem().readFile(r.file) ?? '';
              const other = TextDocument.create(uriOf(r.file), 'wit', 0, text);
              return {
                location: { uri: uriOf(r.file), range: { start: other.positionAt(r.start), end: other.positionAt(r.end) } },
                message: r.message,
              };
            }),
          }
        : {}),
    };
  }

  documents.onDidOpen((e) => schedule(packageRootOf(pathOf(e.document.uri))));
  documents.onDidChangeContent((e) => schedule(packageRootOf(pathOf(e.document.uri))));
  documents.onDidClose((e) => schedule(packageRootOf(pathOf(e.document.uri))));
  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) schedule(packageRootOf(pathOf(change.uri)));
  });

  documents.listen(connection);
  connection.listen();
}
