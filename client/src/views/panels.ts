/**
 * What the extension's webview editors share on the VS Code side: the set of open panels of one
 * kind (commands act on the active one, else the one used last) and following a file on disk.
 */
import * as vscode from 'vscode';

export interface Panel extends vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
}

export class PanelSet<P extends Panel> {
  private readonly panels = new Set<P>();
  private last: P | undefined;

  /** Tracks `p` until its webview panel closes, then disposes it. */
  add(p: P): void {
    this.panels.add(p);
    this.last = p;
    p.panel.onDidChangeViewState(() => {
      if (p.panel.active) this.last = p;
    });
    p.panel.onDidDispose(() => {
      p.dispose();
      this.panels.delete(p);
      if (this.last === p) this.last = [...this.panels].pop();
    });
  }

  /** The active panel, else the one used last. */
  current(): P | undefined {
    return [...this.panels].find((p) => p.panel.active) ?? this.last;
  }

  find(predicate: (p: P) => boolean): P | undefined {
    return [...this.panels].find(predicate);
  }
}

/** Calls `changed` shortly after the file changes, appears or goes (tools write files in several steps). */
export function followFile(uri: vscode.Uri, changed: () => void, delayMs = 150): vscode.Disposable {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = undefined;
      changed();
    }, delayMs);
  };
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), base));
  const subscriptions = [watcher, watcher.onDidChange(schedule), watcher.onDidCreate(schedule), watcher.onDidDelete(schedule)];
  return new vscode.Disposable(() => {
    if (pending) clearTimeout(pending);
    for (const s of subscriptions) s.dispose();
  });
}
