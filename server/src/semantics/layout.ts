/**
 * Which files make up which packages, by wit-parser's layout rules: a directory holds one
 * package (all of its `*.wit` files, not recursively, plus the packages nested in them); its
 * `deps/` folder holds dependencies, each a directory (without further `deps/`) or one file.
 * The file system is read through a snapshot, so the rules stay free of I/O.
 */

export interface DirEntry {
  name: string;
  kind: 'file' | 'directory';
}

/** A file's bytes, or why they cannot be had (e.g. a `.wat` file nothing converted). */
export type BinaryRead = { bytes: Uint8Array } | { problem: string };

/** A read-only view of files: the disk for the CLI, disk plus open editors for the server. */
export interface FileSystemSnapshot {
  /** The entries of a directory, or `undefined` if it does not exist. */
  readDirectory(path: string): DirEntry[] | undefined;
  /** A file's text, or `undefined` if it cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * The bytes of a WIT package encoded as WebAssembly: a `.wasm` file as it is, a `.wat`
   * file as the binary the host converted it to.
   */
  readBinary(path: string): BinaryRead;
  isDirectory(path: string): boolean;
}

/** The files of one package group: a directory or file, and the packages nested in it. */
export interface PackageGroup {
  /** The directory or file the group was read from. */
  path: string;
  files: string[];
  /** From a shared deps folder of the settings: used only for packages the root lacks. */
  fallback?: boolean;
}

export interface RootLayout {
  /** The root's package(s); absent when the root is itself a wasm-encoded package. */
  main?: PackageGroup;
  deps: PackageGroup[];
  /** WIT packages encoded as WebAssembly: `deps/*.wasm`, `deps/*.wat`, or the root itself. */
  binaries: string[];
}

export function isBinaryPackagePath(path: string): boolean {
  return path.endsWith('.wasm') || path.endsWith('.wat');
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Byte-wise order of names, as Rust sorts paths and file names. */
export function compareNames(a: string, b: string): number {
  // UTF-8 byte order is code point order.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return (ca.done ? 0 : 1) - (cb.done ? 0 : 1);
    const d = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function witFilesOf(fs: FileSystemSnapshot, dir: string): string[] {
  return (fs.readDirectory(dir) ?? [])
    .filter((e) => e.kind === 'file' && e.name.endsWith('.wit'))
    .map((e) => joinPath(dir, e.name))
    .sort(compareNames);
}

/**
 * The package groups of a root given to the checker (a package directory or a single file).
 * `sharedDeps` are further folders laid out like `deps/`, consulted after the root's own.
 */
export function layoutOf(fs: FileSystemSnapshot, root: string, sharedDeps: readonly string[] = []): RootLayout {
  const deps: PackageGroup[] = [];
  const binaries: string[] = [];
  const addDeps = (depsDir: string, fallback: boolean) => {
    const entries = [...(fs.readDirectory(depsDir) ?? [])].sort((a, b) => compareNames(a.name, b.name));
    for (const entry of entries) {
      const path = joinPath(depsDir, entry.name);
      const flag = fallback ? { fallback } : {};
      if (entry.kind === 'directory') deps.push({ path, files: witFilesOf(fs, path), ...flag });
      else if (entry.name.endsWith('.wit')) deps.push({ path, files: [path], ...flag });
      else if (isBinaryPackagePath(entry.name) && !fallback) binaries.push(path);
    }
  };
  if (!fs.isDirectory(root)) {
    return isBinaryPackagePath(root) ? { deps, binaries: [root] } : { main: { path: root, files: [root] }, deps, binaries };
  }
  const main = { path: root, files: witFilesOf(fs, root) };
  addDeps(joinPath(root, 'deps'), false);
  for (const dir of sharedDeps) if (dir !== joinPath(root, 'deps')) addDeps(dir, true);
  return { main, deps, binaries };
}
