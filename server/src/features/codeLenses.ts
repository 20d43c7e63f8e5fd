/**
 * The worlds bindings can be generated for: one per `world` declaration of a file, with the
 * name wit-bindgen and jco select it by from the file's package root — the plain name for a
 * world of the root package, `ns:pkg/world@version` for one of a nested package or of `deps/`.
 * From the file's tree alone (the client lists worlds with it too, without an analysis).
 */
import type * as ast from '../syntax/ast';
import type { Snapshot } from './snapshot';

export interface WorldTarget {
  /** The world's name as declared (without `%`). */
  name: string;
  /** How tools select it from the package root (`--world`). */
  world: string;
  /** The world's name in the file (where its code lens goes). */
  start: number;
  end: number;
}

export interface FilePlace {
  /** Whether the file is a dependency (in `deps/`) of the root, rather than the root's package. */
  dependency: boolean;
  /** The package a file of a dependency without a `package` header belongs to (another file of its folder names it). */
  folderPackage?: ast.PackageName;
}

export function worldTargets(tree: ast.SourceFile, place: FilePlace): WorldTarget[] {
  const filePackage = place.dependency ? (tree.packageHeader?.name ?? place.folderPackage) : undefined;
  const targets: WorldTarget[] = [];
  const collect = (items: readonly ast.TopLevelItem[], pkg: ast.PackageName | undefined) => {
    for (const item of items) {
      if (item.kind === 'package') collect(item.items, item.name);
      else if (item.kind === 'world' && item.name) {
        // A dependency's world cannot be selected without its package's name.
        const world = pkg ? qualified(pkg, item.name.name) : place.dependency ? undefined : item.name.name;
        if (world !== undefined) targets.push({ name: item.name.name, world, start: item.name.start, end: item.name.end });
      }
    }
  };
  collect(tree.items, filePackage);
  return targets;
}

/** The world targets of a file of an analysed root. */
export function worldTargetsOf(snapshot: Snapshot, file: string): WorldTarget[] {
  const tree = snapshot.analysis.files.get(file);
  if (!tree) return [];
  const group = snapshot.analysis.layout.deps.find((g) => g.files.includes(file));
  const folderPackage = group?.files.map((f) => snapshot.analysis.files.get(f)?.packageHeader?.name).find((name) => name !== undefined);
  return worldTargets(tree, { dependency: group !== undefined, ...(folderPackage ? { folderPackage } : {}) });
}

/** `ns:pkg/world@version`, wit-parser's syntax for a world of another package than the root's. */
function qualified(pkg: ast.PackageName, world: string): string | undefined {
  if (!pkg.name) return undefined;
  return `${pkg.namespace.name}:${pkg.name.name}/${world}${pkg.version ? `@${pkg.version.text}` : ''}`;
}
