/**
 * The server's mutable state: open documents, settings, and the latest snapshot of each
 * package root (computed on demand, dropped when a file of the root changes).
 */
import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { createSnapshot, type Snapshot } from '../features/snapshot';
import { convertWatPackages } from '../host/convertWat';
import { NodeFileSystem } from '../host/nodeFileSystem';
import type { BinaryRead } from '../semantics/layout';
import { AnalysisMemo, analyzeRoot } from '../semantics/analyze';
import { ParseCache } from '../semantics/parseCache';
import { packageRootOf } from '../semantics/roots';

export interface Settings {
  features: string[];
  allFeatures: boolean;
  /** Folders laid out like `deps/` whose packages every package may use. */
  depsFolders: string[];
  /** `wit.wac.packages`: WAC package names → their `.wasm`, relative to the workspace folder. */
  wacPackages: Record<string, string>;
}

export const DEFAULT_SETTINGS: Settings = { features: [], allFeatures: false, depsFolders: [], wacPackages: {} };

const MAX_SCANNED_FILES = 5000;

export function pathOf(uri: string): string {
  return URI.parse(uri).fsPath;
}

export function uriOf(path: string): string {
  return URI.file(path).toString();
}

export class Workspace {
  settings: Settings = DEFAULT_SETTINGS;
  folders: string[] = [];
  private readonly snapshots = new Map<string, Snapshot>();
  /** What the last check of each root can lend the next one. */
  private readonly memos = new Map<string, AnalysisMemo>();
  private readonly parseCache = new ParseCache();
  /** `.wat` packages converted to binaries (conversion needs jco, which is asynchronous). */
  private converted = new Map<string, BinaryRead>();
  /** Roots seen in the workspace folders or through opened documents. */
  readonly roots = new Set<string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.snapshots.clear();
    this.memos.clear();
  }

  /** Finds the package roots of the `.wit` files in the workspace folders. */
  scanFolders(): void {
    let budget = MAX_SCANNED_FILES;
    const walk = (dir: string, depth: number) => {
      if (depth > 12 || budget <= 0) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'target') continue;
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full, depth + 1);
        else if (e.name.endsWith('.wit') && budget-- > 0) this.roots.add(packageRootOf(full));
      }
    };
    for (const folder of this.folders) walk(folder, 0);
  }

  /** A file changed: the snapshot of its root is stale (and every root, for shared deps). */
  invalidate(file: string): string[] {
    const inShared = this.sharedDeps().some((dir) => file.startsWith(`${dir}/`));
    if (inShared) {
      this.snapshots.clear();
      return [...this.roots];
    }
    const root = packageRootOf(file);
    // A `.wasm` (a build output, say) makes no package of its folder: only `.wit` files or a known package's deps do.
    if (!file.endsWith('.wit') && !this.roots.has(root)) return [];
    this.roots.add(root);
    this.snapshots.delete(root);
    return [root];
  }

  /** Converts the root's `.wat` packages, so that the next snapshot can read them. */
  async prepare(root: string): Promise<void> {
    const fresh = await convertWatPackages(new NodeFileSystem(), [root]);
    if (fresh.size === 0) return;
    this.converted = new Map([...this.converted, ...fresh]);
    this.snapshots.delete(root);
  }

  snapshotOf(root: string): Snapshot {
    let snapshot = this.snapshots.get(root);
    if (!snapshot) {
      const overlay = new Map(this.documents.all().map((d) => [pathOf(d.uri), d.getText()]));
      const analysis = analyzeRoot(
        new NodeFileSystem(overlay, this.converted),
        root,
        { features: new Set(this.settings.features), allFeatures: this.settings.allFeatures, sharedDeps: this.sharedDeps() },
        this.parseCache.parse,
        this.memoOf(root),
      );
      snapshot = createSnapshot(analysis);
      this.snapshots.set(root, snapshot);
      this.roots.add(root);
    }
    return snapshot;
  }

  snapshotForUri(uri: string): { snapshot: Snapshot; file: string } {
    const file = pathOf(uri);
    return { snapshot: this.snapshotOf(packageRootOf(file)), file };
  }

  private memoOf(root: string): AnalysisMemo {
    let memo = this.memos.get(root);
    if (!memo) this.memos.set(root, (memo = new AnalysisMemo()));
    return memo;
  }

  private sharedDeps(): string[] {
    return this.settings.depsFolders.flatMap((d) => (isAbsolute(d) ? [d] : this.folders.map((f) => join(f, d))));
  }
}
