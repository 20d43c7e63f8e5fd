/**
 * The packages a WAC document names, found on disk like wac's `FileSystemPackageResolver`
 * (`deps/<ns>/<name>.wasm` next to the document, or `deps/<ns>/<name>/<version>.wasm`) or
 * given by name (the `wit.wac.packages` setting, wit-check's `--dep`: "ns:name" → a `.wasm`),
 * their worlds decoded (cached per file and modification time); then the document analyzed.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { componentWorld } from '../syntax/binary/wasmInfo';
import type * as ast from '../wac/ast';
import { parseWac } from '../wac/parser';
import { analyzeWac, packageKey, referencedPackages, type WacAnalysis, type WacPackage } from '../wac/resolve';

export function isWacFile(path: string): boolean {
  return path.endsWith('.wac');
}

export class WacDocuments {
  private readonly decoded = new Map<string, { mtimeMs: number; pkg: WacPackage }>();

  /** `packages`: the `wit.wac.packages` setting; `folders`: the workspace folders (what its paths are relative to). */
  analyze(file: string, text: string, packages: Record<string, string>, folders: string[]): WacAnalysis {
    const found = new Map<string, WacPackage>();
    for (const name of referencedPackages(parseWac(text).document)) {
      const key = packageKey(name);
      if (found.has(key)) continue;
      const pkg = this.find(file, name, packages, folders);
      if (pkg) found.set(key, pkg);
    }
    return analyzeWac(text, found);
  }

  private find(file: string, name: ast.PackageName, packages: Record<string, string>, folders: string[]): WacPackage | undefined {
    const key = packageKey(name);
    const configured = packages[key] ?? (name.version === undefined ? undefined : packages[name.name]);
    if (configured !== undefined) {
      const folder = folders.find((f) => file.startsWith(f + sep)) ?? folders[0] ?? dirname(file);
      const path = isAbsolute(configured) ? configured : join(folder, configured);
      return this.decode(key, path, relative(folder, path) || path);
    }
    const deps = join(dirname(file), 'deps', ...name.name.split(':'));
    const path = name.version === undefined ? `${deps}.wasm` : join(deps, `${name.version}.wasm`);
    return this.mtime(path) === undefined ? undefined : this.decode(key, path, relative(dirname(file), path));
  }

  private mtime(path: string): number | undefined {
    try {
      const stat = statSync(path);
      return stat.isFile() ? stat.mtimeMs : undefined;
    } catch {
      return undefined;
    }
  }

  private decode(key: string, path: string, shown: string): WacPackage {
    const mtimeMs = this.mtime(path);
    if (mtimeMs === undefined) return { kind: 'error', message: `package \`${key}\`: ${shown} does not exist — build it first` };
    const cached = this.decoded.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached.pkg;
    const world = componentWorld(readFileSync(path));
    const pkg: WacPackage = world.ok
      ? { kind: 'component', world: world.world, path }
      : { kind: 'error', message: `package \`${key}\`: ${shown} is not a component that can be instantiated: ${world.message}` };
    this.decoded.set(path, { mtimeMs, pkg });
    return pkg;
  }
}
