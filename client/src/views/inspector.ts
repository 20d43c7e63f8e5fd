/**
 * The Component Inspector: a read-only custom editor (`wit.componentInspector`) for `.wasm`
 * files. It reads the file, inspects it (server/src/syntax/binary/wasmInfo.ts), asks the bundled jco for the
 * WIT (`wasm-tools component wit`), and shows the page of views/inspectorHtml.ts; it renders
 * again when the file changes on disk. The page's "Open WIT" opens the WIT in an untitled
 * `wit` document and "Copy WIT" puts it on the clipboard.
 *
 * Commands: `wit.inspectComponent` (the file given by the explorer or the active editor, else
 * a file picker); `wit.inspector.openWit` and `wit.inspector.copyWit` (the active inspector's
 * buttons, also for tests). The extension's API hands tests the last rendered page.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { inspectWasm } from '../../../server/src/syntax/binary/wasmInfo';
import { loadJco } from '../toolchains/jco';
import { renderInspectorHtml, summarize, type InspectorModel, type InspectorSummary } from './inspectorHtml';
import { followFile, PanelSet } from './panels';

export const INSPECTOR_VIEW_TYPE = 'wit.componentInspector';

/** What the last rendered inspector showed (for tests, which cannot see into webviews). */
export interface InspectorState {
  uri: string;
  title: string;
  html: string;
  kind: InspectorSummary['kind'];
  witText?: string;
  witName?: string;
  error?: string;
  /** Capability ids, most sensitive first. */
  capabilities: string[];
  /** How many times this inspector has rendered (1 for the first time). */
  renders: number;
}

/** Reads a `.wasm` file and gathers everything the page shows. */
export async function inspectUri(uri: vscode.Uri): Promise<InspectorModel> {
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  // A plain Uint8Array (the extension host hands out Buffers; jco's bindings want the former).
  const bytes = new Uint8Array(await vscode.workspace.fs.readFile(uri));
  const inspection = inspectWasm(bytes);
  const model: InspectorModel = { fileName, inspection };
  // jco's `component wit` for components only: it panics on WIT packages ("Unexpected wit
  // package"), which leaves its instance unusable, and prints an empty world for core modules
  // (whose embedded WIT the decoder reads instead).
  if (inspection.ok && inspection.kind === 'component') {
    let jco: Awaited<ReturnType<typeof loadJco>> | undefined;
    try {
      jco = await loadJco();
    } catch {
      jco = undefined; // Without the bundled jco the page uses the WIT decoded from the binary.
    }
    if (jco) {
      try {
        model.jcoWit = { ok: true, text: await jco.componentWit(bytes) };
      } catch (e) {
        model.jcoWit = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    }
  }
  return model;
}

class InspectorPanel implements vscode.Disposable {
  summary: InspectorSummary | undefined;
  private renders = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  constructor(
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly provider: ComponentInspectorProvider,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: { type?: string }) => {
        if (message?.type === 'openWit') void this.openWit();
        else if (message?.type === 'copyWit') void this.copyWit();
      }),
    );
    this.disposables.push(followFile(uri, () => void this.render()));
  }

  async render(): Promise<void> {
    const generation = ++this.generation;
    let model: InspectorModel;
    try {
      model = await inspectUri(this.uri);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      model = {
        fileName: this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1),
        inspection: { ok: false, message: `the file could not be read: ${message}`, notWasm: true, looksLike: 'binary', sections: [], size: 0 },
      };
    }
    if (generation !== this.generation) return; // A newer render is under way.
    const nonce = randomBytes(16).toString('hex');
    const html = renderInspectorHtml(model, { nonce, cspSource: this.panel.webview.cspSource });
    this.summary = summarize(model);
    this.panel.title = this.summary.title;
    this.panel.webview.html = html;
    this.renders++;
    this.provider.recordState({
      uri: this.uri.toString(),
      title: this.summary.title,
      html,
      kind: this.summary.kind,
      ...(this.summary.witText !== undefined ? { witText: this.summary.witText } : {}),
      ...(this.summary.witName ? { witName: this.summary.witName } : {}),
      ...(this.summary.error ? { error: this.summary.error } : {}),
      capabilities: this.summary.capabilities?.capabilities.map((c) => c.id) ?? [],
      renders: this.renders,
    });
  }

  async openWit(): Promise<vscode.TextEditor | undefined> {
    const text = this.summary?.witText;
    if (text === undefined) {
      void vscode.window.showInformationMessage('This file has no WIT to open.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'wit', content: text });
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  async copyWit(): Promise<boolean> {
    const text = this.summary?.witText;
    if (text === undefined) {
      void vscode.window.showInformationMessage('This file has no WIT to copy.');
      return false;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('WIT copied to the clipboard', 3000);
    return true;
  }

  dispose(): void {
    this.generation++; // A render still loading must not touch the closed panel.
    for (const d of this.disposables) d.dispose();
  }
}

export class ComponentInspectorProvider implements vscode.CustomReadonlyEditorProvider<vscode.CustomDocument> {
  private readonly panels = new PanelSet<InspectorPanel>();
  lastState: InspectorState | undefined;

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): Promise<void> {
    const panel = new InspectorPanel(document.uri, webviewPanel, this);
    this.panels.add(panel);
    await panel.render();
  }

  recordState(state: InspectorState): void {
    this.lastState = state;
  }

  /** The active inspector, else the one used last; or the one showing `uri`. */
  panelFor(uri?: vscode.Uri): InspectorPanel | undefined {
    return uri ? this.panels.find((p) => p.uri.toString() === uri.toString()) : this.panels.current();
  }
}

/** Registers the custom editor and its commands; returns the provider (its `lastState` serves the extension's API). */
export function registerInspector(context: vscode.ExtensionContext): ComponentInspectorProvider {
  const provider = new ComponentInspectorProvider();
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(INSPECTOR_VIEW_TYPE, provider, {
      webviewOptions: { enableFindWidget: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('wit.inspectComponent', async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : (activeWasmUri() ?? (await pickWasm()));
      if (!uri) return undefined;
      await vscode.commands.executeCommand('vscode.openWith', uri, INSPECTOR_VIEW_TYPE);
      return uri;
    }),
    vscode.commands.registerCommand('wit.inspector.openWit', async (arg?: vscode.Uri) => {
      const panel = provider.panelFor(arg instanceof vscode.Uri ? arg : undefined);
      if (!panel) return undefined;
      const editor = await panel.openWit();
      return editor?.document.uri;
    }),
    vscode.commands.registerCommand('wit.inspector.copyWit', async (arg?: vscode.Uri) => {
      const panel = provider.panelFor(arg instanceof vscode.Uri ? arg : undefined);
      return panel ? panel.copyWit() : false;
    }),
  );
  return provider;
}

/** The `.wasm` file of the active editor or tab, if any. */
export function activeWasmUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  if (doc && doc.path.endsWith('.wasm')) return doc;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) {
    if (input.uri.path.endsWith('.wasm')) return input.uri;
  }
  return undefined;
}

export async function pickWasm(openLabel = 'Inspect'): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel,
    filters: { WebAssembly: ['wasm'] },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}
