/**
 * Reads the `.wit` files under the debug session's WIT roots (recursively, `deps/` included),
 * for the WIT index. Build output, dependencies' node_modules and hidden folders are skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WitFile } from './witIndex';

const SKIPPED = new Set(['node_modules', 'build', 'target', 'dist', 'out']);

export async function readWitFiles(roots: readonly string[]): Promise<WitFile[]> {
  const files: WitFile[] = [];
  const seen = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name)) await visit(path);
      else if (entry.isFile() && entry.name.endsWith('.wit') && !seen.has(path)) {
        seen.add(path);
        files.push({ path, text: await readFile(path, 'utf8') });
      }
    }
  };
  for (const root of roots) await visit(root);
  return files;
}
