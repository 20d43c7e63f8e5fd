import type { BinaryRead, DirEntry, FileSystemSnapshot } from './layout';

/** A `FileSystemSnapshot` of files held in memory, keyed by absolute `/`-separated path. */
export class MemoryFileSystem implements FileSystemSnapshot {
  private readonly files = new Map<string, string>();
  private readonly binaries = new Map<string, Uint8Array>();
  private readonly dirs = new Map<string, Map<string, DirEntry['kind']>>();

  constructor(files: Record<string, string> | Iterable<[string, string]> = {}) {
    const entries = Symbol.iterator in files ? (files as Iterable<[string, string]>) : Object.entries(files);
    for (const [path, text] of entries) this.write(path, text);
  }

  write(path: string, text: string): void {
    this.files.set(path, text);
    let child = path;
    for (let dir = parentOf(child); dir !== undefined; child = dir, dir = parentOf(dir)) {
      let entries = this.dirs.get(dir);
      if (!entries) this.dirs.set(dir, (entries = new Map()));
      entries.set(child.slice(dir === '/' ? 1 : dir.length + 1), child === path ? 'file' : 'directory');
    }
  }

  /** Adds a binary file (a wasm-encoded WIT package). */
  writeBinary(path: string, bytes: Uint8Array): void {
    this.write(path, '');
    this.files.delete(path);
    this.binaries.set(path, bytes);
  }

  readBinary(path: string): BinaryRead {
    const bytes = this.binaries.get(path);
    if (bytes) return { bytes };
    const text = this.files.get(path);
    return text === undefined ? { problem: `failed to read path for WIT [${path}]` } : { bytes: new TextEncoder().encode(text) };
  }

  readDirectory(path: string): DirEntry[] | undefined {
    const entries = this.dirs.get(trimSlash(path));
    return entries && [...entries].map(([name, kind]) => ({ name, kind }));
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  isDirectory(path: string): boolean {
    return this.dirs.has(trimSlash(path));
  }
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function parentOf(path: string): string | undefined {
  if (path === '/' || !path.startsWith('/')) return undefined;
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.slice(0, i);
}
