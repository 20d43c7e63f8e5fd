import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { BinaryRead, DirEntry, FileSystemSnapshot } from '../semantics/layout';

/**
 * The disk as a `FileSystemSnapshot`, optionally overlaid with unsaved editor contents.
 * Symbolic links count as what they point to, as wit-parser follows them.
 */
export class NodeFileSystem implements FileSystemSnapshot {
  constructor(
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
    /** `.wat` files converted to binaries by the host (or why they could not be). */
    private readonly converted: ReadonlyMap<string, BinaryRead> = new Map(),
  ) {}

  readBinary(path: string): BinaryRead {
    const converted = this.converted.get(path);
    if (converted) return converted;
    if (path.endsWith('.wat')) {
      return { problem: `cannot read WebAssembly text (.wat) here: convert ${path} to a .wasm binary (e.g. with \`wasm-tools parse\`)` };
    }
    try {
      return { bytes: readFileSync(path) };
    } catch {
      return { problem: `failed to read path for WIT [${path}]` };
    }
  }

  readDirectory(path: string): DirEntry[] | undefined {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return undefined;
    }
    const entries: DirEntry[] = [];
    for (const name of names) {
      const full = path.endsWith('/') ? path + name : `${path}/${name}`;
      try {
        entries.push({ name, kind: statSync(full).isDirectory() ? 'directory' : 'file' });
      } catch {
        // A dangling link: not a package file.
      }
    }
    return entries;
  }

  readFile(path: string): string | undefined {
    const open = this.overlay.get(path);
    if (open !== undefined) return open;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  }
}
