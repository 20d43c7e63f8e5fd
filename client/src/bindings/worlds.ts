/**
 * The worlds of a WIT package root on disk — those of its own files, nested packages included,
 * named as tools select them (the language server's code lenses name them the same way).
 * Node, no VS Code.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { worldTargets } from '../../../server/src/features/codeLenses';
import { parse } from '../../../server/src/syntax/parser';

export interface RootWorld {
  /** The package root (the folder with the `.wit` files and `deps/`). */
  root: string;
  /** The file that declares it. */
  file: string;
  name: string;
  /** As tools select it from the root. */
  world: string;
}

export async function worldsOfRoot(root: string): Promise<RootWorld[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const worlds: RootWorld[] = [];
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.wit')).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(root, entry.name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const target of worldTargets(parse(text), { dependency: false })) worlds.push({ root, file, name: target.name, world: target.world });
  }
  return worlds;
}

/** The plain name of a world selector: `wasi:cli/command@0.2.3` → `command`. */
export function worldNameOf(selector: string): string {
  return selector.slice(selector.lastIndexOf('/') + 1).replace(/@.*$/, '').replace(/^%/, '');
}
