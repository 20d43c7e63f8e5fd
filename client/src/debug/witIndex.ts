/**
 * Where the WIT of a debugged run is written: the interfaces, functions and worlds of given
 * `.wit` file texts (parsed with the language server's parser), with their lines. A line of a
 * file becomes a boundary breakpoint target (a function, a whole interface, or — on a `world`
 * line — every boundary call of the components of that world); a call of the stack trace
 * (interface + function) becomes the line of its declaration. Pure: the texts are given.
 *
 * Lines are 0-based. A file without a `package` header belongs to the package named by another
 * file of its folder (wit-parser's rule for a package directory). A world's `include`s are not
 * followed: it is matched on the imports and exports written in it.
 */
import { dirname } from 'node:path';
import type * as ast from '../../../server/src/syntax/ast';
import { parse } from '../../../server/src/syntax/parser';

export interface WitFile {
  path: string;
  text: string;
}

export interface WitLine {
  file: string;
  line: number;
}

/** A world as written: the names of its imports and exports as a component names them (`wasi:cli/stdout@0.2.3`, `plugin` → its full id, `process`). */
export interface WorldShape {
  /** `ns:pkg/world@version`. */
  id: string;
  imports: string[];
  exports: string[];
}

export type WitTarget =
  /** Calls of one function: of an interface (its id), or of a world (`interface` '', its `world`). */
  | { kind: 'function'; interface: string; function: string; world?: string }
  | { kind: 'interface'; interface: string }
  | { kind: 'world'; world: WorldShape };

export type LineTarget = { ok: true; target: WitTarget } | { ok: false; message: string };

export const NOTHING_ON_LINE = 'no WIT function, interface or world on this line';

interface Declaration {
  target: WitTarget;
  file: string;
  /** The lines it answers for: its header line, or all lines of a function's declaration. */
  first: number;
  last: number;
}

export class WitIndex {
  private constructor(
    private readonly declarations: readonly Declaration[],
    private readonly files: ReadonlySet<string>,
  ) {}

  static of(files: readonly WitFile[]): WitIndex {
    const parsed = files.map((f) => ({ ...f, tree: parse(f.text) }));
    const folderPackage = new Map<string, ast.PackageName>();
    for (const f of parsed) if (f.tree.packageHeader) folderPackage.set(dirname(f.path), f.tree.packageHeader.name);
    const declarations: Declaration[] = [];
    for (const f of parsed) {
      const pkg = f.tree.packageHeader?.name ?? folderPackage.get(dirname(f.path));
      const lines = lineStarts(f.text);
      collect(f.tree.items, pkg, { file: f.path, line: (offset) => lineOf(lines, offset) }, declarations);
    }
    return new WitIndex(declarations, new Set(files.map((f) => f.path)));
  }

  /** What a breakpoint on this line of this file breaks on; a function wins over the interface or world around it. */
  targetAt(file: string, line: number): LineTarget {
    const here = this.declarations.filter((d) => d.file === file && d.first <= line && line <= d.last);
    const found = here.find((d) => d.target.kind === 'function') ?? here[0];
    return found ? { ok: true, target: found.target } : { ok: false, message: NOTHING_ON_LINE };
  }

  /**
   * The declaration of a called function: `iface` as a call names it (`ns:pkg/i@1.0.0`, or ''
   * for a world's function, then preferring `worlds`). A versioned id also finds an unversioned
   * declaration and the other way round.
   */
  locate(iface: string, func: string, worlds: readonly string[] = []): WitLine | undefined {
    const candidates = this.declarations.filter((d) => d.target.kind === 'function' && d.target.function === func && sameInterface(d.target.interface, iface));
    const preferred = candidates.find((d) => d.target.kind === 'function' && d.target.world !== undefined && worlds.includes(d.target.world));
    const found = preferred ?? candidates[0];
    return found && { file: found.file, line: found.first };
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The worlds declared in the files. */
  worlds(): WorldShape[] {
    return this.declarations.flatMap((d) => (d.target.kind === 'world' ? [d.target.world] : []));
  }
}

/** `a:b/i@1.0.0` is `a:b/i` (either without a version matches any version); '' only ''. */
export function sameInterface(a: string, b: string): boolean {
  return a === b || (a !== '' && b !== '' && (a.replace(/@[^@]*$/, '') === b || b.replace(/@[^@]*$/, '') === a));
}

interface Place {
  file: string;
  line: (offset: number) => number;
}

function collect(items: readonly ast.TopLevelItem[], pkg: ast.PackageName | undefined, place: Place, out: Declaration[]): void {
  for (const item of items) {
    if (item.kind === 'package') {
      collect(item.items, item.name, place, out);
    } else if (item.kind === 'interface' && item.name) {
      const id = qualified(pkg, item.name.name);
      out.push(header(place, item, item.name, { kind: 'interface', interface: id }));
      collectFunctions(item.items, id, place, out);
    } else if (item.kind === 'world' && item.name) {
      const world = worldShape(qualified(pkg, item.name.name), item, pkg);
      out.push(header(place, item, item.name, { kind: 'world', world }));
      for (const member of item.items) {
        if (member.kind !== 'import' && member.kind !== 'export') continue;
        const extern = member.extern;
        if (extern?.kind === 'func') {
          out.push(declaration(place, extern.name, member.end, { kind: 'function', interface: '', function: extern.name.name, world: world.id }));
        } else if (extern?.kind === 'interface') {
          // An interface written inline: a component names it by its plain name.
          out.push(header(place, extern, extern.name, { kind: 'interface', interface: extern.name.name }));
          collectFunctions(extern.items, extern.name.name, place, out);
        }
      }
    }
  }
}

function collectFunctions(items: readonly ast.InterfaceItem[], iface: string, place: Place, out: Declaration[]): void {
  const fn = (name: string): WitTarget => ({ kind: 'function', interface: iface, function: name });
  for (const item of items) {
    if (item.kind === 'func') {
      out.push(declaration(place, item.name, item.end, fn(item.name.name)));
    } else if (item.kind === 'type' && item.name && item.type.kind === 'resource') {
      const resource = item.name.name;
      for (const f of item.type.funcs) {
        const name = f.kind === 'constructor' ? `[constructor]${resource}` : `[${f.kind}]${resource}.${f.name.name}`;
        out.push(declaration(place, f.name, f.end, fn(name)));
      }
    }
  }
}

/** An interface or world: its header line, from its keyword to its name. */
function header(place: Place, decl: ast.Range, name: ast.Id, target: WitTarget): Declaration {
  return { target, file: place.file, first: place.line(decl.start), last: place.line(name.end) };
}

/** A function: from its name to the end of its declaration. */
function declaration(place: Place, name: ast.Id, end: number, target: WitTarget): Declaration {
  return { target, file: place.file, first: place.line(name.start), last: place.line(end) };
}

function worldShape(id: string, world: ast.WorldDecl, pkg: ast.PackageName | undefined): WorldShape {
  const shape: WorldShape = { id, imports: [], exports: [] };
  for (const member of world.items) {
    if (member.kind !== 'import' && member.kind !== 'export') continue;
    const name = externName(member.extern, pkg);
    if (name) (member.kind === 'import' ? shape.imports : shape.exports).push(name);
  }
  return shape;
}

function externName(extern: ast.ExternKind | undefined, pkg: ast.PackageName | undefined): string | undefined {
  if (!extern) return undefined;
  if (extern.kind !== 'path') return extern.name.name;
  const path = extern.path;
  if (path.kind === 'id') return qualified(pkg, path.id.name);
  if (!path.name) return undefined;
  return `${path.namespace.name}:${path.packageName.name}/${path.name.name}${path.version ? `@${path.version.text}` : ''}`;
}

/** `ns:pkg/name@version`; the plain name outside a package. */
function qualified(pkg: ast.PackageName | undefined, name: string): string {
  if (!pkg?.name) return name;
  return `${pkg.namespace.name}:${pkg.name.name}/${name}${pkg.version ? `@${pkg.version.text}` : ''}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
