/**
 * The trace view: a read-only custom editor (`wit.traceViewer`) for `.witrace` files, and the same
 * page for a trace in memory (`showTrace`, after a traced run). It reads the file
 * (trace/format.ts), shows the page of trace/view/traceHtml.ts, renders again when the file
 * changes, and answers the page: the details of the call selected, "Go to WIT definition",
 * "Export Chrome trace" (trace/chrome.ts) and "Open raw file".
 *
 * Commands: `wit.openTrace` (the file given, else a picker); `wit.trace.selectCall` (an id),
 * `wit.trace.goToDefinition` (an id, else the selected call) and `wit.trace.exportChrome`
 * (`{ to }`, else a save dialog) act on the active trace view, also for tests. The extension's
 * API hands tests the last state.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fusedNote, innerComponents } from '../compose/fused';
import { toChromeTrace } from '../trace/chrome';
import { readTrace } from '../trace/format';
import type { TraceCall, TraceHeader } from '../trace/model';
import { MAX_DRAWN, renderCallDetails, renderTraceErrorHtml, renderTraceHtml } from '../trace/view/traceHtml';
import { analyzeTrace, matchesFilters, toFilters, type TraceAnalysis, type TraceFilters } from '../trace/view/traceModel';
import { followFile, PanelSet } from './panels';

export const TRACE_VIEW_TYPE = 'wit.traceViewer';
/** The panels of traces shown from memory (not custom editors: there is no file). */
export const TRACE_PANEL_TYPE = 'wit.tracePanel';

/** What the last trace view showed (for tests, which cannot see into webviews). */
export interface TraceViewState {
  /** The trace file; absent for a trace shown from memory. */
  uri?: string;
  title: string;
  source?: TraceHeader['source'];
  calls: number;
  failed: number;
  /** How many calls the timeline draws. */
  drawn: number;
  filters: TraceFilters;
  /** How many calls the filters let through. */
  matching: number;
  selected?: TraceCall;
  /** The file's last line was cut off. */
  truncated: boolean;
  /** Why the file could not be shown. */
  error?: string;
  html: string;
  /** How many times this view has rendered (1 for the first time). */
  renders: number;
}

/** A trace in memory, as a traced run hands it over. */
export interface TraceData {
  header: TraceHeader;
  calls: readonly TraceCall[];
  title?: string;
}

/** What the page posts (traceHtml.ts). */
type PageMessage = { type?: string; id?: unknown; filters?: unknown } | undefined;

type Loaded = { ok: true; header: TraceHeader; calls: readonly TraceCall[]; truncated: boolean } | { ok: false; message: string };

class TracePanel implements vscode.Disposable {
  private trace: TraceAnalysis | undefined;
  private loaded: Loaded | undefined;
  private filters: TraceFilters = {};
  private selected: number | undefined;
  private html = '';
  private renders = 0;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly source: vscode.Uri | TraceData,
    private readonly provider: TraceViewProvider,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    this.disposables.push(panel.webview.onDidReceiveMessage((m: PageMessage) => this.onMessage(m)));
    if (source instanceof vscode.Uri) this.disposables.push(followFile(source, () => void this.render()));
  }

  get uri(): vscode.Uri | undefined {
    return this.source instanceof vscode.Uri ? this.source : undefined;
  }

  get title(): string {
    return this.source instanceof vscode.Uri ? path.posix.basename(this.source.path) : (this.source.title ?? 'Trace');
  }

  async render(): Promise<void> {
    const generation = ++this.generation;
    const loaded = await this.load();
    if (generation !== this.generation) return; // A newer render is under way.
    this.loaded = loaded;
    const options = { nonce: randomBytes(16).toString('hex'), cspSource: this.panel.webview.cspSource };
    if (loaded.ok) {
      this.trace = analyzeTrace(loaded.header, loaded.calls);
      if (this.selected !== undefined && !this.trace.tree.byId.has(this.selected)) this.selected = undefined;
      const fusedNotes = await this.fusedNotes(loaded.header);
      if (generation !== this.generation) return;
      const page = { title: this.title, trace: this.trace, hasFile: this.uri !== undefined, truncated: loaded.truncated, filters: this.filters, selected: this.selected, fusedNotes };
      this.html = renderTraceHtml(page, options);
    } else {
      this.trace = undefined;
      this.html = renderTraceErrorHtml(this.title, loaded.message, options);
    }
    this.panel.title = this.title;
    this.panel.webview.html = this.html;
    this.renders++;
    this.record();
  }

  /** What the trace cannot show of the run's components that are compositions (read from their binaries, when they are still there). */
  private async fusedNotes(header: TraceHeader): Promise<string[]> {
    const notes: string[] = [];
    for (const file of Object.values(header.components)) {
      const bytes = await vscode.workspace.fs.readFile(this.resolve(file)).then((b) => new Uint8Array(b), () => undefined);
      const inner = bytes && innerComponents(bytes);
      if (inner) notes.push(fusedNote(inner));
    }
    return notes;
  }

  private async load(): Promise<Loaded> {
    if (!(this.source instanceof vscode.Uri)) return { ok: true, header: this.source.header, calls: this.source.calls, truncated: false };
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.source));
    } catch (e) {
      return { ok: false, message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
    const read = readTrace(text);
    return read.ok ? read : { ok: false, message: `${read.message[0].toUpperCase()}${read.message.slice(1)}.` };
  }

  private record(): void {
    const trace = this.trace;
    const selected = this.selected === undefined ? undefined : trace?.tree.byId.get(this.selected)?.call;
    this.provider.lastState = {
      ...(this.uri ? { uri: this.uri.toString() } : {}),
      title: this.title,
      ...(trace ? { source: trace.header.source } : {}),
      calls: trace?.summary.calls ?? 0,
      failed: trace?.summary.errors ?? 0,
      drawn: Math.min(trace?.summary.calls ?? 0, MAX_DRAWN),
      filters: this.filters,
      matching: trace?.tree.nodes.filter((n) => matchesFilters(n.call, this.filters)).length ?? 0,
      ...(selected ? { selected } : {}),
      truncated: this.loaded?.ok === true && this.loaded.truncated,
      ...(this.loaded?.ok === false ? { error: this.loaded.message } : {}),
      html: this.html,
      renders: this.renders,
    };
  }

  private onMessage(m: PageMessage): void {
    const id = typeof m?.id === 'number' ? m.id : undefined;
    switch (m?.type) {
      case 'select':
        if (id !== undefined) this.select(id);
        break;
      case 'filters':
        this.filters = toFilters(m.filters);
        this.record();
        break;
      case 'goToDefinition':
        void this.goToDefinition(id);
        break;
      case 'exportChrome':
        void this.exportChrome();
        break;
      case 'openRaw':
        if (this.uri) void vscode.commands.executeCommand('vscode.openWith', this.uri, 'default', vscode.ViewColumn.Beside);
        break;
    }
  }

  /** Shows a call's details in the page; false when the trace has no such call. */
  select(id: number): boolean {
    if (!this.trace?.tree.byId.has(id)) return false;
    this.selected = id;
    void this.panel.webview.postMessage({ type: 'details', id, html: renderCallDetails(this.trace, id) });
    this.record();
    return true;
  }

  /** Opens the WIT file of a call's function (the selected call's by default) at its line. */
  async goToDefinition(id = this.selected): Promise<vscode.TextEditor | undefined> {
    const call = id === undefined ? undefined : this.trace?.tree.byId.get(id)?.call;
    if (!call) {
      void vscode.window.showInformationMessage('Select a call first.');
      return undefined;
    }
    const location = call.definition ? new vscode.Location(this.resolve(call.definition.file), new vscode.Position(call.definition.line, 0)) : await findInWorkspace(call, this.componentPath(call));
    if (!location) {
      void vscode.window.showInformationMessage(`No WIT in the workspace defines ${call.interface ? `${call.interface}.` : ''}${call.function}.`);
      return undefined;
    }
    try {
      return await vscode.window.showTextDocument(location.uri, { viewColumn: vscode.ViewColumn.Beside, selection: location.range });
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot open ${location.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** The .wasm of the component whose side of the call defines the function (the callee's for its exports). */
  private componentPath(call: TraceCall): string | undefined {
    const components = this.trace?.header.components ?? {};
    const file = components[call.callee] ?? components[call.caller];
    return file === undefined ? undefined : this.resolve(file).fsPath;
  }

  /** A definition's file: absolute, or relative to the trace file's folder (else the workspace's). */
  private resolve(file: string): vscode.Uri {
    if (path.isAbsolute(file)) return vscode.Uri.file(file);
    const base = this.uri ? vscode.Uri.joinPath(this.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    return base ? vscode.Uri.joinPath(base, file) : vscode.Uri.file(file);
  }

  /** Writes the trace as Chrome trace JSON to `target`, else where the user picks; returns the file. */
  async exportChrome(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!this.loaded?.ok) return undefined;
    const suggested = this.uri ? this.uri.with({ path: this.uri.path.replace(/(\.witrace)?$/, '.chrome.json') }) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const file =
      target ??
      (await vscode.window.showSaveDialog({ ...(suggested ? { defaultUri: suggested } : {}), filters: { 'Chrome trace': ['json'] }, saveLabel: 'Export' }));
    if (!file) return undefined;
    const json = JSON.stringify(toChromeTrace(this.loaded.header, this.loaded.calls));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(json));
    if (!target) void vscode.window.showInformationMessage(`Saved ${path.posix.basename(file.path)}: open it in ui.perfetto.dev or chrome://tracing.`);
    return file;
  }

  dispose(): void {
    this.generation++; // A render still loading must not touch the closed panel.
    for (const d of this.disposables) d.dispose();
  }
}

export class TraceViewProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  private readonly panels = new PanelSet<TracePanel>();
  /** What the last trace view showed, or the last change of its filters or selection. */
  lastState: TraceViewState | undefined;

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    await this.open(webviewPanel, document.uri);
  }

  /** Shows a trace: a file in the custom editor, or a trace in memory in a panel of its own. */
  async showTrace(trace: vscode.Uri | TraceData): Promise<void> {
    if (trace instanceof vscode.Uri) {
      await vscode.commands.executeCommand('vscode.openWith', trace, TRACE_VIEW_TYPE);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(TRACE_PANEL_TYPE, trace.title ?? 'Trace', vscode.ViewColumn.Active, WEBVIEW_OPTIONS);
    await this.open(webviewPanel, trace);
  }

  /** The active trace view, else the one used last. */
  current(): TracePanel | undefined {
    return this.panels.current();
  }

  private async open(webviewPanel: vscode.WebviewPanel, source: vscode.Uri | TraceData): Promise<void> {
    const panel = new TracePanel(webviewPanel, source, this);
    this.panels.add(panel);
    await panel.render();
  }
}

/** The page keeps its filters, scroll and zoom while hidden; Find works in it. */
const WEBVIEW_OPTIONS = { retainContextWhenHidden: true, enableFindWidget: true };

/** Registers the custom editor and its commands; returns the provider (`showTrace`, and `lastState` for the extension's API). */
export function registerTraceView(context: vscode.ExtensionContext): TraceViewProvider {
  const provider = new TraceViewProvider();
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(TRACE_VIEW_TYPE, provider, { webviewOptions: WEBVIEW_OPTIONS, supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('wit.openTrace', async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : await pickTrace();
      if (uri) await provider.showTrace(uri);
      return uri;
    }),
    vscode.commands.registerCommand('wit.trace.selectCall', (id: number) => provider.current()?.select(id) ?? false),
    vscode.commands.registerCommand('wit.trace.goToDefinition', async (id?: number) => {
      const editor = await provider.current()?.goToDefinition(typeof id === 'number' ? id : undefined);
      return editor?.document.uri;
    }),
    // `{ to }` rather than a Uri: menus pass the editor's file (the trace itself) as the first argument.
    vscode.commands.registerCommand('wit.trace.exportChrome', (options?: { to?: unknown }) =>
      provider.current()?.exportChrome(options?.to instanceof vscode.Uri ? options.to : undefined),
    ),
  );
  return provider;
}

async function pickTrace(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Trace',
    filters: { 'WIT Studio trace': ['witrace'] },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}

/**
 * A traced function's definition, found by the language server's workspace symbols: a function
 * of that name in the interface (or resource) the call names. Traces of binaries carry no WIT
 * source positions, but the workspace usually has the WIT the component was built from.
 */
async function findInWorkspace(call: TraceCall, near: string | undefined): Promise<vscode.Location | undefined> {
  // `[method]output-stream.write` → `write` in `output-stream`; `wit-studio:pipeline/plugin@0.1.0` → `plugin`.
  const member = /^\[(?:method|static)\]([^.]+)\.(.+)$/.exec(call.function);
  const constructor = /^\[constructor\](.+)$/.exec(call.function);
  const name = member ? member[2] : constructor ? 'constructor' : call.function;
  const container = member?.[1] ?? constructor?.[1] ?? /\/([^@/]+)(?:@.*)?$/.exec(call.interface)?.[1];
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', name)) ?? [];
  const candidates = symbols.filter((s) => s.name === name && (container === undefined || s.containerName === container));
  // The WIT a component was built from is usually next to it: the candidate sharing the longest path with it.
  const closeness = (s: vscode.SymbolInformation) => (near ? commonPrefixLength(s.location.uri.fsPath, near) : 0) - (s.location.uri.path.includes('/deps/') ? 0.5 : 0);
  return candidates.sort((a, b) => closeness(b) - closeness(a))[0]?.location;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
