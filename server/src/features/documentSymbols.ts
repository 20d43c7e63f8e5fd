/**
 * The outline of a file (document symbols) and the search over every declaration of the
 * workspace (workspace symbols). Plain data with offsets; the LSP glue maps `SymbolKind`s.
 */
import type { Definition } from '../semantics/symbols';
import type * as ast from '../syntax/ast';
import { funcText, typeText, writeId } from './declarationText';
import type { Snapshot } from './snapshot';

export type SymbolKind =
  | 'package'
  | 'interface'
  | 'world'
  | 'record'
  | 'variant'
  | 'enum'
  | 'flags'
  | 'resource'
  | 'type'
  | 'function'
  | 'method'
  | 'constructor'
  | 'field'
  | 'case'
  | 'flag'
  | 'import'
  | 'export'
  | 'use';

export interface DocumentSymbol {
  /** The name without its `%`. */
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole declaration, with its docs and attributes. */
  start: number;
  end: number;
  /** The name (or, for unnamed imports and exports, the path). */
  selectionStart: number;
  selectionEnd: number;
  children: DocumentSymbol[];
}

/** The symbols of `file` as a tree: package, its interfaces and worlds, their members. */
export function documentSymbols(snapshot: Snapshot, file: string): DocumentSymbol[] {
  const tree = snapshot.analysis.files.get(file);
  return tree ? fileSymbols(tree) : [];
}

/** The outline of a syntax tree (no analysis needed). */
export function fileSymbols(tree: ast.SourceFile): DocumentSymbol[] {
  const header = tree.packageHeader;
  if (!header) return topLevelSymbols(tree.items);
  // The header's package holds the file's items; packages nested in the file are its siblings.
  const own = tree.items.filter((i) => i.kind !== 'package');
  const nested = tree.items.filter((i) => i.kind === 'package');
  const last = own[own.length - 1];
  return [
    symbol(packageText(header.name), 'package', withDocs(header, header.docs), header.name, topLevelSymbols(own), undefined, last?.end ?? header.end),
    ...topLevelSymbols(nested),
  ];
}

function symbol(
  name: string,
  kind: SymbolKind,
  range: ast.Range,
  selection: ast.Range,
  children: DocumentSymbol[] = [],
  detail?: string,
  end = range.end,
): DocumentSymbol {
  const result: DocumentSymbol = {
    name,
    kind,
    start: Math.min(range.start, selection.start),
    end: Math.max(end, range.end, selection.end),
    selectionStart: selection.start,
    selectionEnd: selection.end,
    children,
  };
  if (detail !== undefined) result.detail = detail;
  return result;
}

function withDocs(range: ast.Range, docs: ast.Docs): ast.Range {
  return { start: docs.range ? Math.min(docs.range.start, range.start) : range.start, end: range.end };
}

function packageText(name: ast.PackageName): string {
  return `${name.namespace.name}:${name.name?.name ?? ''}${name.version ? `@${name.version.text}` : ''}`;
}

function usePathText(path: ast.UsePath | undefined): string {
  if (!path) return '?';
  if (path.kind === 'id') return writeId(path.id.name);
  const version = path.version ? `@${path.version.text}` : '';
  return `${path.namespace.name}:${path.packageName.name}/${path.name ? writeId(path.name.name) : '?'}${version}`;
}

function topLevelSymbols(items: ast.TopLevelItem[]): DocumentSymbol[] {
  const result: DocumentSymbol[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'package':
        result.push(symbol(item.name ? packageText(item.name) : '?', 'package', withDocs(item, item.docs), item.name ?? item.keyword, topLevelSymbols(item.items)));
        break;
      case 'interface':
        if (item.name) result.push(symbol(item.name.name, 'interface', withDocs(item, item.docs), item.name, interfaceSymbols(item.items)));
        break;
      case 'world':
        if (item.name) result.push(symbol(item.name.name, 'world', withDocs(item, item.docs), item.name, worldSymbols(item.items)));
        break;
      case 'use': {
        if (!item.path) break;
        const bound = item.as ?? (item.path.kind === 'id' ? item.path.id : item.path.name);
        if (bound) result.push(symbol(bound.name, 'use', withDocs(item, item.docs), bound, [], usePathText(item.path)));
        break;
      }
    }
  }
  return result;
}

function interfaceSymbols(items: ast.InterfaceItem[]): DocumentSymbol[] {
  const result: DocumentSymbol[] = [];
  for (const item of items) {
    if (item.kind === 'type') pushDefined(result, typeSymbol(item));
    else if (item.kind === 'func') result.push(symbol(item.name.name, 'function', withDocs(item, item.docs), item.name, [], funcText(item.func)));
    else result.push(...useSymbols(item));
  }
  return result;
}

function pushDefined(list: DocumentSymbol[], s: DocumentSymbol | undefined): void {
  if (s) list.push(s);
}

function worldSymbols(items: ast.WorldItem[]): DocumentSymbol[] {
  const result: DocumentSymbol[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'type':
        pushDefined(result, typeSymbol(item));
        break;
      case 'use':
        result.push(...useSymbols(item));
        break;
      case 'import':
      case 'export':
        pushDefined(result, externSymbol(item));
        break;
      case 'include':
        break;
    }
  }
  return result;
}

function externSymbol(item: ast.ImportExport): DocumentSymbol | undefined {
  const extern = item.extern;
  if (!extern) return undefined;
  const range = withDocs(item, item.docs);
  switch (extern.kind) {
    case 'interface':
      return symbol(extern.name.name, item.kind, range, extern.name, interfaceSymbols(extern.items), 'interface');
    case 'func':
      return symbol(extern.name.name, item.kind, range, extern.name, [], funcText(extern.func));
    case 'named-path':
      return symbol(extern.name.name, item.kind, range, extern.name, [], usePathText(extern.path));
    case 'path':
      return symbol(usePathText(extern.path), item.kind, range, extern.path);
  }
}

function useSymbols(use: ast.UseDecl): DocumentSymbol[] {
  const path = usePathText(use.from);
  const single = use.names.length === 1;
  return use.names.map((n) => {
    const local = n.as ?? n.name;
    const range = single ? withDocs(use, use.docs) : { start: n.name.start, end: local.end };
    return symbol(local.name, 'use', range, local, [], n.as ? `${path}.{${writeId(n.name.name)}}` : path);
  });
}

function typeSymbol(decl: ast.TypeDecl): DocumentSymbol | undefined {
  if (!decl.name) return undefined;
  const range = withDocs(decl, decl.docs);
  const body = decl.type;
  switch (body.kind) {
    case 'record':
      return symbol(
        decl.name.name,
        'record',
        range,
        decl.name,
        body.fields.map((f) => symbol(f.name.name, 'field', withDocs(f, f.docs), f.name, [], typeText(f.type))),
      );
    case 'variant':
      return symbol(
        decl.name.name,
        'variant',
        range,
        decl.name,
        body.cases.map((c) => symbol(c.name.name, 'case', withDocs(c, c.docs), c.name, [], c.type ? typeText(c.type) : undefined)),
      );
    case 'enum':
      return symbol(decl.name.name, 'enum', range, decl.name, body.cases.map((c) => symbol(c.name.name, 'case', withDocs(c, c.docs), c.name)));
    case 'flags':
      return symbol(decl.name.name, 'flags', range, decl.name, body.flags.map((f) => symbol(f.name.name, 'flag', withDocs(f, f.docs), f.name)));
    case 'resource':
      return symbol(decl.name.name, 'resource', range, decl.name, body.funcs.map(resourceFuncSymbol));
    default:
      return symbol(decl.name.name, 'type', range, decl.name, [], typeText(body));
  }
}

function resourceFuncSymbol(f: ast.ResourceFunc): DocumentSymbol {
  const range = withDocs(f, f.docs);
  if (f.kind === 'constructor') {
    const params = f.func.params.map((p) => `${writeId(p.name.name)}: ${typeText(p.type)}`).join(', ');
    return symbol('constructor', 'constructor', range, f.name, [], `constructor(${params})${f.func.result ? ` -> ${typeText(f.func.result)}` : ''}`);
  }
  return symbol(f.name.name, 'method', range, f.name, [], funcText(f.func, f.kind === 'static' ? 'static ' : ''));
}

// ---------------------------------------------------------------------------------------------
// Workspace symbols

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** The name of the enclosing declaration (`interface` of a type, `record` of a field…). */
  containerName?: string;
  file: string;
  /** The declared name. */
  start: number;
  end: number;
}

/** The symbol kind of an indexed declaration (`undefined` for parameters). */
export function symbolKindOf(def: Definition): SymbolKind | undefined {
  const node = def.node;
  switch (def.kind) {
    case 'type':
      if (node.kind !== 'type') return 'type';
      switch (node.decl.type.kind) {
        case 'record':
        case 'variant':
        case 'enum':
        case 'flags':
        case 'resource':
          return node.decl.type.kind;
        default:
          return 'type';
      }
    case 'function':
      if (node.kind === 'function' && (node.decl.kind === 'method' || node.decl.kind === 'static')) return 'method';
      if (node.kind === 'function' && node.decl.kind === 'constructor') return 'constructor';
      return 'function';
    case 'param':
      return undefined;
    default:
      return def.kind;
  }
}

const DEFAULT_LIMIT = 200;

/**
 * The declarations of all snapshots whose names match `query` (case-insensitively, as a
 * subsequence), exact matches first, then prefixes, substrings and scattered matches; the
 * root's own files before its dependencies. Parameters and `use` bindings are left out.
 */
export function workspaceSymbols(snapshots: readonly Snapshot[], query: string, limit = DEFAULT_LIMIT): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  const seen = new Set<string>();
  const candidates: { symbol: WorkspaceSymbol; rank: number; spread: number; dependency: boolean }[] = [];
  for (const snapshot of snapshots) {
    const own = new Set(snapshot.analysis.layout.main?.files ?? []);
    for (const def of snapshot.index.definitions) {
      if (def.kind === 'use') continue;
      const kind = symbolKindOf(def);
      if (!kind) continue;
      const key = `${def.file}\0${def.nameStart}`;
      if (seen.has(key)) continue;
      const match = fuzzyMatch(def.name.toLowerCase(), q);
      if (!match) continue;
      seen.add(key);
      const symbol: WorkspaceSymbol = { name: def.name, kind, file: def.file, start: def.nameStart, end: def.nameEnd };
      if (def.container) symbol.containerName = def.container.name;
      candidates.push({ symbol, ...match, dependency: !own.has(def.file) });
    }
  }
  candidates.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.spread - b.spread ||
      Number(a.dependency) - Number(b.dependency) ||
      a.symbol.name.length - b.symbol.name.length ||
      (a.symbol.name < b.symbol.name ? -1 : a.symbol.name > b.symbol.name ? 1 : 0) ||
      (a.symbol.file < b.symbol.file ? -1 : a.symbol.file > b.symbol.file ? 1 : 0) ||
      a.symbol.start - b.symbol.start,
  );
  return candidates.slice(0, Math.max(0, limit)).map((c) => c.symbol);
}

/**
 * How `query` (lower case) matches `name` (lower case): rank 0 exact, 1 prefix, 2 substring,
 * 3 subsequence (with `spread`, the characters skipped inside the match); `undefined` if not.
 */
export function fuzzyMatch(name: string, query: string): { rank: number; spread: number } | undefined {
  if (query === '') return { rank: 0, spread: 0 };
  if (name === query) return { rank: 0, spread: 0 };
  if (name.startsWith(query)) return { rank: 1, spread: 0 };
  if (name.includes(query)) return { rank: 2, spread: 0 };
  let at = -1;
  let first = -1;
  for (const c of query) {
    at = name.indexOf(c, at + 1);
    if (at < 0) return undefined;
    if (first < 0) first = at;
  }
  return { rank: 3, spread: at - first + 1 - query.length };
}
