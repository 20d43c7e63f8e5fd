/**
 * The symbol index of an analysis: every declared name (with its declaration node) and every
 * use of a name resolved to the declaration it refers to. Navigation, hover, rename and
 * completion are queries on it.
 */
import type { Location } from '../diagnostic';
import type * as ast from '../syntax/ast';
import type { AnalyzedPackage, RootAnalysis } from './analyze';
import type { Reference } from './lower';
import type { TypeDef } from './model';

export type DefinitionKind =
  | 'package'
  | 'interface'
  | 'world'
  | 'type'
  | 'function'
  | 'field'
  | 'case'
  | 'flag'
  | 'param'
  | 'import'
  | 'export'
  | 'use';

export interface Definition {
  kind: DefinitionKind;
  name: string;
  file: string;
  /** The name as written (with its `%`, if any). */
  nameStart: number;
  nameEnd: number;
  /** The whole declaration. */
  start: number;
  end: number;
  container?: Definition;
  /** The syntax node that declares it. */
  node: DeclarationNode;
}

export type DeclarationNode =
  | { kind: 'package'; name: ast.PackageName; docs?: ast.Docs }
  | { kind: 'interface'; decl: ast.InterfaceDecl | Extract<ast.ExternKind, { kind: 'interface' }>; item?: ast.ImportExport }
  | { kind: 'world'; decl: ast.WorldDecl }
  | { kind: 'type'; decl: ast.TypeDecl }
  | { kind: 'function'; decl: ast.FuncDecl | ast.ResourceFunc | Extract<ast.ExternKind, { kind: 'func' }>; item?: ast.ImportExport }
  | { kind: 'field'; field: ast.RecordBody['fields'][number] }
  | { kind: 'case'; variantCase: ast.VariantBody['cases'][number] | ast.EnumBody['cases'][number] }
  | { kind: 'flag'; flag: ast.FlagsBody['flags'][number] }
  | { kind: 'param'; param: ast.Param }
  | { kind: 'named-path'; item: ast.ImportExport; extern: Extract<ast.ExternKind, { kind: 'named-path' }> }
  | { kind: 'use'; use: ast.UseDecl | ast.TopLevelUse; name: ast.UseName | undefined };

export interface ResolvedReference {
  file: string;
  start: number;
  end: number;
  target: Definition;
}

/** The declarations of one file, by the offset of their names (they depend on its tree alone). */
interface FileDeclarations {
  definitions: Definition[];
  named: Map<number, Definition>;
}

interface FileEntry extends FileDeclarations {
  references: ResolvedReference[];
}

export class SymbolIndex {
  readonly definitions: Definition[] = [];
  readonly references: ResolvedReference[] = [];
  private readonly byTarget = new Map<Definition, ResolvedReference[]>();
  private readonly byFile = new Map<string, FileEntry>();

  addFile(file: string, declarations: FileDeclarations): void {
    this.byFile.set(file, { ...declarations, references: [] });
    for (const def of declarations.definitions) this.definitions.push(def);
  }

  /** Adds a reference (references of a package come without duplicates, see `buildSymbolIndex`). */
  addReference(ref: ResolvedReference): void {
    this.references.push(ref);
    this.fileEntry(ref.file).references.push(ref);
    const list = this.byTarget.get(ref.target);
    if (list) list.push(ref);
    else this.byTarget.set(ref.target, [ref]);
  }

  /** The definition whose name is exactly at `at`. */
  definitionNamedAt(at: Location): Definition | undefined {
    const def = this.byFile.get(at.file)?.named.get(at.start);
    return def && def.nameEnd === at.end ? def : undefined;
  }

  definitionsIn(file: string): readonly Definition[] {
    return this.byFile.get(file)?.definitions ?? [];
  }

  referencesIn(file: string): readonly ResolvedReference[] {
    return this.byFile.get(file)?.references ?? [];
  }

  /** The reference or declared name under `offset` (touching either end counts). */
  at(file: string, offset: number): { reference?: ResolvedReference; definition?: Definition } {
    const entry = this.byFile.get(file);
    if (!entry) return {};
    const touches = (start: number, end: number) => start <= offset && offset <= end;
    const reference = entry.references.find((r) => touches(r.start, r.end));
    if (reference) return { reference, definition: reference.target };
    const definition = entry.definitions.find((d) => touches(d.nameStart, d.nameEnd));
    return definition ? { definition } : {};
  }

  referencesTo(def: Definition): readonly ResolvedReference[] {
    return this.byTarget.get(def) ?? [];
  }

  private fileEntry(file: string): FileEntry {
    let entry = this.byFile.get(file);
    if (!entry) this.byFile.set(file, (entry = { definitions: [], references: [], named: new Map() }));
    return entry;
  }
}

const declarationsByTree = new WeakMap<ast.SourceFile, FileDeclarations>();

/** Builds the index of everything the analysis saw. */
export function buildSymbolIndex(analysis: RootAnalysis): SymbolIndex {
  const index = new SymbolIndex();
  for (const [file, tree] of analysis.files) {
    let declarations = declarationsByTree.get(tree);
    if (!declarations || declarations.definitions[0]?.file !== file) {
      const definitions = collectDefinitions(file, tree);
      declarations = { definitions, named: new Map(definitions.map((d) => [d.nameStart, d])) };
      declarationsByTree.set(tree, declarations);
    }
    index.addFile(file, declarations);
  }
  for (const pkg of analysis.packages) {
    // A package linked in an earlier check (same remap) refers to the same declarations.
    let refs = pkg.remap && referencesByLink.get(pkg.remap);
    if (!refs) {
      refs = [];
      const foreign = foreignItems(pkg);
      const seen = new Set<string>();
      for (const ref of pkg.unresolved.references) {
        // The lowering meets some names twice (a use path is resolved in two passes).
        const key = `${ref.at.file}\0${ref.at.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const location = targetLocation(analysis, pkg, ref, foreign);
        const target = location && index.definitionNamedAt(location);
        if (target) refs.push({ file: ref.at.file, start: ref.at.start, end: ref.at.end, target });
      }
      if (pkg.remap) referencesByLink.set(pkg.remap, refs);
    }
    for (const ref of refs) index.addReference(ref);
  }
  return index;
}

/** The resolved references of each linked package, kept while its link is reused. */
const referencesByLink = new WeakMap<object, ResolvedReference[]>();

/** Where the thing a reference names is declared. */
function targetLocation(analysis: RootAnalysis, pkg: AnalyzedPackage, ref: Reference, foreign: Set<string>): Location | undefined {
  const resolve = analysis.resolve;
  const target = ref.target;
  const declaredAt = (ty: TypeDef) => ty.binding ?? ty.span;
  switch (target.kind) {
    case 'package': {
      const id = resolve.packageNames.get(target.key);
      return id === undefined ? undefined : resolve.packages[id]!.span;
    }
    case 'type': {
      const ty = pkg.unresolved.types[target.id]!;
      if (ty.kind.kind !== 'unknown') return declaredAt(ty);
      const mapped = pkg.remap?.types[target.id];
      return mapped === undefined || mapped < 0 ? undefined : declaredAt(resolve.types[mapped]!);
    }
    case 'interface': {
      const iface = pkg.unresolved.interfaces[target.id]!;
      if (!foreign.has(`interface ${target.id}`)) return iface.span;
      const mapped = pkg.remap?.interfaces[target.id];
      return mapped === undefined || mapped < 0 ? undefined : resolve.interfaces[mapped]!.span;
    }
    case 'world': {
      const world = pkg.unresolved.worlds[target.id]!;
      if (!foreign.has(`world ${target.id}`)) return world.span;
      const mapped = pkg.remap?.worlds[target.id];
      return mapped === undefined || mapped < 0 ? undefined : resolve.worlds[mapped]!.span;
    }
  }
}

/** The interfaces and worlds of a package that stand for items of other packages. */
function foreignItems(pkg: AnalyzedPackage): Set<string> {
  const result = new Set<string>();
  for (const dep of pkg.unresolved.foreignDeps.values()) {
    for (const { item } of dep.items.values()) result.add(`${item.kind} ${item.id}`);
  }
  return result;
}

function collectDefinitions(file: string, tree: ast.SourceFile): Definition[] {
  const defs: Definition[] = [];
  const add = (
    kind: DefinitionKind,
    name: ast.Id | ast.PackageName,
    range: ast.Range,
    node: DeclarationNode,
    container?: Definition,
  ): Definition => {
    const text =
      'namespace' in name ? `${name.namespace.name}:${name.name?.name ?? ''}${name.version ? `@${name.version.text}` : ''}` : name.name;
    const def: Definition = {
      kind,
      name: text,
      file,
      nameStart: name.start,
      nameEnd: name.end,
      start: range.start,
      end: range.end,
      node,
      ...(container ? { container } : {}),
    };
    defs.push(def);
    return def;
  };

  const interfaceItems = (items: ast.InterfaceItem[], container: Definition) => {
    for (const item of items) {
      if (item.kind === 'type') typeDecl(item, container);
      else if (item.kind === 'func') {
        const fn = add('function', item.name, item, { kind: 'function', decl: item }, container);
        params(item.func, fn);
      } else useDecl(item, container);
    }
  };

  const params = (func: ast.Func | undefined, container: Definition) => {
    for (const param of func?.params ?? []) add('param', param.name, { start: param.name.start, end: param.type.end }, { kind: 'param', param }, container);
  };

  const useDecl = (u: ast.UseDecl, container: Definition) => {
    for (const name of u.names) {
      add('use', name.as ?? name.name, { start: name.name.start, end: (name.as ?? name.name).end }, { kind: 'use', use: u, name }, container);
    }
  };

  const typeDecl = (decl: ast.TypeDecl, container: Definition) => {
    if (!decl.name) return;
    const def = add('type', decl.name, decl, { kind: 'type', decl }, container);
    const body = decl.type;
    switch (body.kind) {
      case 'record':
        for (const field of body.fields) add('field', field.name, field, { kind: 'field', field }, def);
        break;
      case 'variant':
      case 'enum':
        for (const c of body.cases) add('case', c.name, c, { kind: 'case', variantCase: c }, def);
        break;
      case 'flags':
        for (const flag of body.flags) add('flag', flag.name, flag, { kind: 'flag', flag }, def);
        break;
      case 'resource':
        for (const func of body.funcs) {
          const fn = add('function', func.name, func, { kind: 'function', decl: func }, def);
          params(func.func, fn);
        }
        break;
    }
  };

  const items = (list: ast.TopLevelItem[], container: Definition | undefined) => {
    for (const item of list) {
      switch (item.kind) {
        case 'package': {
          if (!item.name) break;
          const pkg = add('package', item.name, item, { kind: 'package', name: item.name, docs: item.docs });
          items(item.items, pkg);
          break;
        }
        case 'use':
          if (item.path) {
            const bound = item.as ?? (item.path.kind === 'id' ? item.path.id : item.path.name);
            if (bound) add('use', bound, item, { kind: 'use', use: item, name: undefined }, container);
          }
          break;
        case 'interface':
          if (item.name) interfaceItems(item.items, add('interface', item.name, item, { kind: 'interface', decl: item }, container));
          break;
        case 'world': {
          if (!item.name) break;
          const world = add('world', item.name, item, { kind: 'world', decl: item }, container);
          for (const member of item.items) {
            if (member.kind === 'type') typeDecl(member, world);
            else if (member.kind === 'use') useDecl(member, world);
            else if (member.kind === 'import' || member.kind === 'export') {
              const extern = member.extern;
              if (!extern) continue;
              if (extern.kind === 'interface') {
                const iface = add(member.kind, extern.name, member, { kind: 'interface', decl: extern, item: member }, world);
                interfaceItems(extern.items, iface);
              } else if (extern.kind === 'func') {
                const fn = add(member.kind, extern.name, member, { kind: 'function', decl: extern, item: member }, world);
                params(extern.func, fn);
              } else if (extern.kind === 'named-path') {
                add(member.kind, extern.name, member, { kind: 'named-path', item: member, extern }, world);
              }
            }
          }
          break;
        }
      }
    }
  };

  const header = tree.packageHeader;
  const pkg = header?.name ? add('package', header.name, header, { kind: 'package', name: header.name, docs: header.docs }) : undefined;
  items(tree.items, pkg);
  return defs;
}
