/**
 * Lowers the syntax trees of one package to an `UnresolvedPackage`: names resolved within the
 * package, types checked and ordered, references to other packages left as placeholders.
 * A port of wit-parser's `ast/resolve.rs`, rule for rule and message for message, except that
 * it records each error and carries on (with an `'error'` type where a type is unknown).
 */
import type { Location, RelatedInformation } from '../diagnostic';
import type * as ast from '../syntax/ast';
import { docsText } from './docs';
import type { DiagnosticSink } from './diagnostics';
import {
  formatPackageName,
  UNKNOWN_STABILITY,
  WorldItems,
  type Field,
  type Function,
  type FunctionKind,
  type Interface,
  type InterfaceId,
  type PackageName,
  type Param,
  type Stability,
  type Type,
  type TypeDef,
  type TypeDefKind,
  type TypeId,
  type TypeOwner,
  type World,
  type WorldId,
  type WorldItem,
  type WorldKey,
} from './model';
import { toposort, type Edge } from './toposort';

/** One file's part of a package (or the body of a nested `package … { }`). */
export interface PackageFile {
  file: string;
  header?: { name: ast.PackageName; docs: ast.Docs };
  items: ast.TopLevelItem[];
}

export type ItemRef = { kind: 'interface'; id: InterfaceId } | { kind: 'world'; id: WorldId };

export interface ForeignItem {
  item: ItemRef;
  stabilities: Stability[];
}

export interface ForeignDep {
  name: PackageName;
  /** Where the package was first named. */
  span: Location;
  items: Map<string, ForeignItem>;
}

/** A name in the source and what it refers to (for navigation). */
export interface Reference {
  at: Location;
  target: { kind: 'type'; id: TypeId } | ItemRef | { kind: 'package'; key: string };
}

export interface UnresolvedPackage {
  name: PackageName;
  nameSpan: Location;
  docs?: string;
  types: TypeDef[];
  interfaces: Interface[];
  worlds: World[];
  /** Keyed by the formatted package name, in first-use order. */
  foreignDeps: Map<string, ForeignDep>;
  /** The use sites of the leading `unknown` types (indexed by type id). */
  unknownTypeSpans: Location[];
  requiredResourceTypes: { id: TypeId; span: Location }[];
  references: Reference[];
}

type TypeOrItem = { kind: 'type'; id: TypeId } | { kind: 'item'; what: string };
interface Lookup {
  item: TypeOrItem;
  span: Location;
}

type UsePathKind = 'world' | 'interface' | 'unknown';
type PathVisitor = (
  owner: ast.Id | undefined,
  attributes: ast.Attribute[],
  path: CompletePath,
  names: ast.UseName[] | undefined,
  kind: UsePathKind,
  file: string,
) => void;

/** A use path with all of its parts present (partial paths were reported by the parser). */
type CompletePath =
  | { kind: 'id'; id: ast.Id }
  | { kind: 'package'; packageName: PackageName; packageSpan: ast.Range; name: ast.Id };

function completePath(path: ast.UsePath | undefined): CompletePath | undefined {
  if (!path) return undefined;
  if (path.kind === 'id') return { kind: 'id', id: path.id };
  if (!path.name || (path.version && !path.version.version)) return undefined;
  const packageName: PackageName = { namespace: path.namespace.name, name: path.packageName.name };
  if (path.version?.version) packageName.version = path.version.version;
  return { kind: 'package', packageName, packageSpan: path.packageSpan, name: path.name };
}

function pathName(path: CompletePath): ast.Id {
  return path.kind === 'id' ? path.id : path.name;
}

/** Visits every use path of a file in wit-parser's `for_each_path` order. */
function forEachPath(file: string, items: ast.TopLevelItem[], skip: Set<ast.TopLevelItem>, f: PathVisitor): void {
  const visitUse = (owner: ast.Id | undefined, u: ast.UseDecl) => {
    const path = completePath(u.from);
    if (path) f(owner, u.attributes, path, u.names, 'interface', file);
  };
  for (const item of items) {
    if (skip.has(item)) continue;
    switch (item.kind) {
      case 'world': {
        const imports: ast.ImportExport[] = [];
        const exports: ast.ImportExport[] = [];
        for (const member of item.items) {
          switch (member.kind) {
            case 'use':
              visitUse(undefined, member);
              break;
            case 'include': {
              const path = completePath(member.from);
              if (path && item.name) f(item.name, member.attributes, path, undefined, 'world', file);
              break;
            }
            case 'import':
              imports.push(member);
              break;
            case 'export':
              exports.push(member);
              break;
          }
        }
        for (const member of [...imports, ...exports]) {
          const extern = member.extern;
          if (!extern) continue;
          if (extern.kind === 'interface') {
            for (const inner of extern.items) if (inner.kind === 'use') visitUse(undefined, inner);
          } else if (extern.kind === 'path' || extern.kind === 'named-path') {
            const path = completePath(extern.path);
            if (path) f(undefined, member.attributes, path, undefined, 'interface', file);
          }
        }
        break;
      }
      case 'interface':
        if (!item.name) break;
        for (const member of item.items) if (member.kind === 'use') visitUse(item.name, member);
        break;
      case 'use': {
        const path = completePath(item.path);
        if (path) f(undefined, item.attributes, path, undefined, 'unknown', file);
        break;
      }
      case 'package':
        forEachPath(file, item.items, skip, f);
        break;
    }
  }
}

const OLD_FLOAT_TYPES: Record<string, string> = { float32: 'f32', float64: 'f64' };

function oldFloatHint(name: string): string | undefined {
  const renamed = OLD_FLOAT_TYPES[name];
  return renamed
    ? `the \`${name}\` type has been renamed to \`${renamed}\` and is no longer accepted, but the \`WIT_REQUIRE_F32_F64=0\` environment variable can be used to temporarily disable this error`
    : undefined;
}

interface ItemDecl {
  node: ast.InterfaceDecl | ast.WorldDecl;
  file: string;
  fileIndex: number;
}

/** Lowers the files of one package (wit-parser's `Resolver`). */
export class PackageLowerer {
  private packageName?: { name: PackageName; span: Location };
  private packageDocs?: string;
  private packageDocsSpan?: Location;
  private readonly files: PackageFile[] = [];

  private readonly types: TypeDef[] = [];
  private readonly interfaces: Interface[] = [];
  private readonly worlds: World[] = [];
  private readonly anonTypes = new Map<string, TypeId>();
  private cur = 0;
  private readonly astItems: Map<string, ItemRef>[] = [];
  private readonly packageItems = new Map<string, ItemRef>();
  private readonly interfaceTypes: Map<string, Lookup>[] = [];
  private readonly foreignDeps = new Map<string, ForeignDep>();
  private readonly foreignInterfaces = new Set<InterfaceId>();
  private typeLookup = new Map<string, Lookup>();
  private readonly unknownTypeSpans: Location[] = [];
  private readonly requiredResourceTypes: { id: TypeId; span: Location }[] = [];
  private readonly references: Reference[] = [];
  /** Items whose names clash with an earlier item: reported, lowered, but not nameable. */
  private readonly duplicates = new Set<ast.TopLevelItem>();
  /**
   * Local interfaces resolved so far. After a `use` cycle (reported) an interface may be
   * resolved before one it uses; names used from that one are then not reported again.
   */
  private readonly resolvedInterfaces = new Set<InterfaceId>();

  constructor(private readonly sink: DiagnosticSink) {}

  private loc(range: ast.Range, file = this.files[this.cur]!.file): Location {
    return { file, start: range.start, end: range.end };
  }

  private error(range: ast.Range, message: string, code: Parameters<DiagnosticSink['error']>[2], related?: RelatedInformation[]): void {
    this.sink.error(this.loc(range), message, code, related);
  }

  /** wit-parser's `Resolver::push`. */
  push(file: PackageFile): void {
    if (file.header?.name.name) {
      const header = file.header;
      const name = packageNameOf(header.name);
      const span = { file: file.file, start: header.name.start, end: header.name.end };
      if (name) {
        if (this.packageName && formatPackageName(this.packageName.name) !== formatPackageName(name)) {
          this.sink.error(
            span,
            `package identifier \`${formatPackageName(name)}\` does not match previous package name of \`${formatPackageName(this.packageName.name)}\``,
            'package-name-mismatch',
            [{ ...this.packageName.span, message: 'the previous package name' }],
          );
        } else {
          this.packageName = { name, span };
        }
      }
      const docs = docsText(header.docs);
      if (docs !== undefined) {
        const docsSpan = { file: file.file, start: header.docs.range!.start, end: header.docs.range!.end };
        if (this.packageDocs !== undefined) {
          this.sink.error(docsSpan, "found doc comments on multiple 'package' items", 'package-docs-conflict', [
            { ...this.packageDocsSpan!, message: 'the other package docs' },
          ]);
        } else {
          this.packageDocs = docs;
          this.packageDocsSpan = docsSpan;
        }
      }
    }
    for (const item of file.items) {
      if (item.kind === 'package' && item.name) {
        this.sink.error(
          { file: file.file, start: item.name.start, end: item.name.end },
          'nested packages must be placed at the top-level',
          'nested-package',
        );
      }
    }
    this.files.push(file);
  }

  /** wit-parser's `Resolver::resolve`. */
  resolve(): UnresolvedPackage | undefined {
    if (!this.packageName) {
      const first = this.files[0];
      if (first) {
        const at = first.items[0] ?? { start: 0, end: 0 };
        this.sink.error(
          { file: first.file, start: at.start, end: at.start },
          'no `package` header was found in any WIT file for this package',
          'missing-package-header',
        );
      }
    }
    this.populateForeignDeps();
    const { interfaceOrder, worldOrder } = this.populateAstItems();
    this.populateForeignTypes();

    for (const { node, fileIndex, id } of interfaceOrder) {
      this.cur = fileIndex;
      const iface = node as ast.InterfaceDecl;
      this.resolveInterface(id, iface.items, iface.attributes);
    }
    for (const { node, fileIndex, id } of worldOrder) {
      this.cur = fileIndex;
      this.resolveWorld(id, node as ast.WorldDecl);
    }
    if (!this.packageName) return undefined;
    return {
      name: this.packageName.name,
      nameSpan: this.packageName.span,
      ...(this.packageDocs !== undefined ? { docs: this.packageDocs } : {}),
      types: this.types,
      interfaces: this.interfaces,
      worlds: this.worlds,
      foreignDeps: this.foreignDeps,
      unknownTypeSpans: this.unknownTypeSpans,
      requiredResourceTypes: this.requiredResourceTypes,
      references: this.references,
    };
  }

  private populateForeignDeps(): void {
    for (const file of this.files) {
      forEachPath(file.file, file.items, this.duplicates, (_owner, attributes, path, _names, kind, fileName) => {
        if (path.kind !== 'package') return;
        const stability = this.stability(attributes, fileName);
        const key = formatPackageName(path.packageName);
        let dep = this.foreignDeps.get(key);
        if (!dep) {
          dep = { name: path.packageName, span: this.loc(path.packageSpan, fileName), items: new Map() };
          this.foreignDeps.set(key, dep);
        }
        let entry = dep.items.get(path.name.name);
        if (!entry) {
          const span = this.loc(path.name, fileName);
          const item: ItemRef =
            kind === 'world' ? { kind: 'world', id: this.allocWorld(span) } : { kind: 'interface', id: this.allocInterface(span) };
          if (item.kind === 'interface') this.foreignInterfaces.add(item.id);
          entry = { item, stabilities: [] };
          dep.items.set(path.name.name, entry);
        }
        entry.stabilities.push(stability);
      });
    }
  }

  private allocInterface(span: Location): InterfaceId {
    this.interfaceTypes.push(new Map());
    this.interfaces.push({ types: new Map(), functions: new Map(), stability: UNKNOWN_STABILITY, span });
    return this.interfaces.length - 1;
  }

  private allocWorld(span: Location): WorldId {
    this.worlds.push({
      name: '',
      imports: new WorldItems(),
      exports: new WorldItems(),
      includes: [],
      stability: UNKNOWN_STABILITY,
      span,
    });
    return this.worlds.length - 1;
  }

  private populateAstItems(): {
    interfaceOrder: (ItemDecl & { id: number })[];
    worldOrder: (ItemDecl & { id: number })[];
  } {
    const packageItems = new Map<string, { span: Location; decl: ItemDecl }>();
    const order = new Map<string, Edge[]>();
    this.files.forEach((file, fileIndex) => {
      for (const item of file.items) {
        if ((item.kind !== 'interface' && item.kind !== 'world') || !item.name) continue;
        const span = this.loc(item.name, file.file);
        const prev = packageItems.get(item.name.name);
        if (prev) {
          this.sink.error(span, `duplicate item named \`${item.name.name}\``, 'duplicate-name', [
            { ...prev.span, message: 'the first definition' },
          ]);
          this.duplicates.add(item);
          continue;
        }
        packageItems.set(item.name.name, { span, decl: { node: item, file: file.file, fileIndex } });
        order.set(item.name.name, []);
      }
    });

    // Dependencies between interfaces and worlds induced by `use` and `include`.
    type Source = { kind: 'foreign' } | { kind: 'local'; id: ast.Id; file: string };
    this.files.forEach((file) => {
      const fileNamespace = new Map<string, { span: Location; source: Source }>();
      for (const item of file.items) {
        let name: ast.Id | undefined;
        let source: Source;
        if (item.kind === 'use') {
          const path = completePath(item.path);
          if (!path) continue;
          name = item.as ?? pathName(path);
          source = path.kind === 'id' ? { kind: 'local', id: path.id, file: file.file } : { kind: 'foreign' };
        } else if (item.kind === 'interface' || item.kind === 'world') {
          if (!item.name || this.duplicates.has(item)) continue;
          name = item.name;
          source = { kind: 'local', id: item.name, file: file.file };
        } else continue;
        const span = this.loc(name, file.file);
        const prev = fileNamespace.get(name.name);
        if (prev) {
          this.sink.error(span, `duplicate name \`${name.name}\` in this file`, 'duplicate-name', [
            { ...prev.span, message: 'the first definition' },
          ]);
          continue;
        }
        fileNamespace.set(name.name, { span, source });
      }
      forEachPath(file.file, file.items, this.duplicates, (owner, _attributes, path, _names, _kind, fileName) => {
        if (!owner || path.kind !== 'id') return;
        const used = path.id;
        const local = fileNamespace.get(used.name);
        if (local?.source.kind === 'foreign') return;
        if (local?.source.kind === 'local') {
          order.get(owner.name)?.push({ name: local.source.id.name, at: this.loc(local.source.id, local.source.file) });
        } else if (packageItems.has(used.name)) {
          order.get(owner.name)?.push({ name: used.name, at: this.loc(used, fileName) });
        } else {
          this.sink.error(this.loc(used, fileName), `interface or world \`${used.name}\` does not exist`, 'unknown-name');
        }
      });
    });

    const sorted = toposort('interface or world', order, this.sink);
    const ids = new Map<string, ItemRef>();
    const interfaceOrder: (ItemDecl & { id: number })[] = [];
    const worldOrder: (ItemDecl & { id: number })[] = [];
    const allocate = (name: string, decl: ItemDecl, span: Location) => {
      if (decl.node.kind === 'interface') {
        const id = this.allocInterface(span);
        this.interfaces[id]!.name = name;
        interfaceOrder.push({ ...decl, id });
        return { kind: 'interface', id } as const;
      }
      const id = this.allocWorld(span);
      this.worlds[id]!.name = name;
      worldOrder.push({ ...decl, id });
      return { kind: 'world', id } as const;
    };
    for (const name of sorted) {
      const { decl, span } = packageItems.get(name)!;
      ids.set(name, allocate(name, decl, span));
    }
    // Duplicates are lowered too (so errors inside them are found) but cannot be named.
    this.files.forEach((file, fileIndex) => {
      for (const item of file.items) {
        if (!this.duplicates.has(item) || (item.kind !== 'interface' && item.kind !== 'world') || !item.name) continue;
        allocate(item.name.name, { node: item, file: file.file, fileIndex }, this.loc(item.name, file.file));
      }
    });

    this.files.forEach((file) => {
      const items = new Map<string, ItemRef>();
      for (const item of file.items) {
        if (item.kind === 'use') {
          const path = completePath(item.path);
          if (!path) continue;
          if (item.attributes.length > 0) {
            this.sink.error(this.loc(item.span, file.file), 'attributes not allowed on top-level use', 'invalid-attribute');
          }
          const name = item.as ?? pathName(path);
          let target: ItemRef | undefined;
          if (path.kind === 'id') {
            target = ids.get(path.id.name);
            if (!target) {
              this.sink.error(this.loc(path.id, file.file), `interface or world \`${path.id.name}\` does not exist`, 'unknown-name');
              continue;
            }
            this.references.push({ at: this.loc(path.id, file.file), target });
          } else {
            const key = formatPackageName(path.packageName);
            target = this.foreignDeps.get(key)!.items.get(path.name.name)!.item;
            this.references.push(
              { at: this.loc(path.packageSpan, file.file), target: { kind: 'package', key } },
              { at: this.loc(path.name, file.file), target },
            );
          }
          if (!items.has(name.name)) items.set(name.name, target);
        } else if ((item.kind === 'interface' || item.kind === 'world') && item.name && !this.duplicates.has(item)) {
          const ref = ids.get(item.name.name)!;
          if (!items.has(item.name.name)) items.set(item.name.name, ref);
          this.packageItems.set(item.name.name, ref);
        }
      }
      this.astItems.push(items);
    });
    return { interfaceOrder, worldOrder };
  }

  /** Creates `unknown` types for every name used from an interface of another package. */
  private populateForeignTypes(): void {
    this.files.forEach((file, i) => {
      this.cur = i;
      forEachPath(file.file, file.items, this.duplicates, (_owner, attributes, path, names) => {
        if (!names) return;
        const stability = this.stability(attributes, file.file);
        const externalId = this.externalId(attributes, file.file);
        const resolved = this.resolveItemPath(path);
        if (!resolved) return;
        const iface = this.interfaceOf(resolved.item, resolved.name, resolved.span);
        if (iface === undefined || !this.foreignInterfaces.has(iface)) return;
        const lookup = this.interfaceTypes[iface]!;
        for (const name of names) {
          if (lookup.has(name.name.name)) continue;
          const span = this.loc(name.name);
          this.types.push({
            name: name.name.name,
            kind: { kind: 'unknown' },
            owner: { kind: 'interface', id: iface },
            stability,
            span,
            ...(externalId !== undefined ? { externalId } : {}),
          });
          const id = this.types.length - 1;
          this.unknownTypeSpans[id] = span;
          lookup.set(name.name.name, { item: { kind: 'type', id }, span });
          this.interfaces[iface]!.types.set(name.name.name, id);
        }
      });
    });
  }

  // -----------------------------------------------------------------------------------------
  // Worlds

  private resolveWorld(worldId: WorldId, world: ast.WorldDecl): void {
    const w = this.worlds[worldId]!;
    w.stability = this.stability(world.attributes);

    this.resolveTypes(
      { kind: 'world', id: worldId },
      world.items.filter((i): i is ast.UseDecl | ast.TypeDecl => i.kind === 'use' || i.kind === 'type'),
    );
    for (const item of world.items) if (item.kind === 'include') this.resolveInclude(worldId, item);

    for (const [name, { item, span }] of this.typeLookup) {
      if (item.kind !== 'type') continue;
      w.imports.set({ kind: 'name', name }, { kind: 'type', id: item.id, span });
    }

    const importedInterfaces = new Set<InterfaceId>();
    const exportedInterfaces = new Set<InterfaceId>();
    for (const item of world.items) {
      if (item.kind === 'type') {
        if (item.type.kind === 'resource' && item.name) {
          for (const func of item.type.funcs) {
            const resolved = this.resolveResourceFunc(func, item.name);
            if (resolved && !w.imports.has({ kind: 'name', name: resolved.name })) {
              w.imports.set({ kind: 'name', name: resolved.name }, { kind: 'function', func: resolved });
            }
          }
        }
        continue;
      }
      if (item.kind !== 'import' && item.kind !== 'export') continue;
      const extern = item.extern;
      if (!extern) continue;
      const desc = item.kind;
      const worldItem = this.resolveWorldItem(item.attributes, extern);
      if (!worldItem) continue;
      let key: WorldKey;
      switch (extern.kind) {
        case 'interface':
        case 'named-path':
          key = { kind: 'name', name: extern.name.name };
          break;
        case 'func':
          key = { kind: 'name', name: (worldItem as { kind: 'function'; func: Function }).func.name };
          break;
        case 'path':
          key = { kind: 'interface', id: (worldItem as { kind: 'interface'; id: InterfaceId }).id };
          break;
      }
      const spanOfKind = externSpan(extern);
      if (key.kind === 'interface') {
        const seen = desc === 'import' ? importedInterfaces : exportedInterfaces;
        if (seen.has(key.id)) {
          this.error(spanOfKind, `interface cannot be ${desc}ed more than once`, 'world-conflict');
          continue;
        }
        seen.add(key.id);
      }
      const dst = desc === 'import' ? w.imports : w.exports;
      const prev = dst.get(key);
      if (prev) {
        const prevKind = prev.kind === 'interface' ? 'interface' : prev.kind === 'function' ? 'func' : 'type';
        const name = key.kind === 'name' ? key.name : '';
        this.error(spanOfKind, `${desc} \`${name}\` conflicts with prior ${prevKind} of same name`, 'world-conflict');
        continue;
      }
      dst.set(key, worldItem);
    }
    this.typeLookup = new Map();
  }

  private resolveWorldItem(attributes: ast.Attribute[], extern: ast.ExternKind): WorldItem | undefined {
    switch (extern.kind) {
      case 'interface': {
        const prev = this.typeLookup;
        this.typeLookup = new Map();
        const id = this.allocInterface(this.loc(extern.name));
        this.resolveInterface(id, extern.items, attributes);
        this.typeLookup = prev;
        const externalId = this.externalId(attributes);
        return {
          kind: 'interface',
          id,
          stability: this.interfaces[id]!.stability,
          span: this.loc(extern.name),
          ...(externalId !== undefined ? { externalId } : {}),
        };
      }
      case 'path':
      case 'named-path': {
        const stability = this.stability(attributes);
        const externalId = this.externalId(attributes);
        const path = completePath(extern.path);
        if (!path) return undefined;
        const resolved = this.resolveItemPath(path);
        if (!resolved) return undefined;
        const id = this.interfaceOf(resolved.item, resolved.name, resolved.span);
        if (id === undefined) return undefined;
        return {
          kind: 'interface',
          id,
          stability,
          span: extern.kind === 'path' ? resolved.span : this.loc(extern.name),
          ...(externalId !== undefined ? { externalId } : {}),
        };
      }
      case 'func': {
        const func = this.resolveFunction(
          attributes,
          extern.name.name,
          extern.name,
          extern.func,
          extern.func.async ? { kind: 'async-freestanding' } : { kind: 'freestanding' },
        );
        return { kind: 'function', func };
      }
    }
  }

  private resolveInclude(worldId: WorldId, include: ast.IncludeDecl): void {
    const stability = this.stability(include.attributes);
    const path = completePath(include.from);
    if (!path) return;
    const resolved = this.resolveItemPath(path);
    if (!resolved) return;
    if (resolved.item.kind !== 'world') {
      this.sink.error(resolved.span, `name \`${resolved.name}\` is defined as an interface, not a world`, 'wrong-kind');
      return;
    }
    this.worlds[worldId]!.includes.push({
      stability,
      id: resolved.item.id,
      names: include.names.filter((n) => n.as).map((n) => ({ name: n.name.name, as: n.as!.name })),
      span: resolved.span,
    });
  }

  // -----------------------------------------------------------------------------------------
  // Interfaces

  private resolveInterface(id: InterfaceId, items: ast.InterfaceItem[], attributes: ast.Attribute[]): void {
    const iface = this.interfaces[id]!;
    iface.stability = this.stability(attributes);

    this.resolveTypes(
      { kind: 'interface', id },
      items.filter((i): i is ast.UseDecl | ast.TypeDecl => i.kind === 'use' || i.kind === 'type'),
    );
    for (const [name, { item }] of this.typeLookup) {
      if (item.kind === 'type') iface.types.set(name, item.id);
    }

    const funcs: Function[] = [];
    for (const item of items) {
      if (item.kind === 'func') {
        this.defineName(item.name, { kind: 'item', what: 'function' });
        if (!item.func) continue;
        funcs.push(
          this.resolveFunction(
            item.attributes,
            item.name.name,
            item.name,
            item.func,
            item.func.async ? { kind: 'async-freestanding' } : { kind: 'freestanding' },
          ),
        );
      } else if (item.kind === 'type' && item.type.kind === 'resource' && item.name) {
        for (const func of item.type.funcs) {
          const resolved = this.resolveResourceFunc(func, item.name);
          if (resolved) funcs.push(resolved);
        }
      }
    }
    for (const func of funcs) if (!iface.functions.has(func.name)) iface.functions.set(func.name, func);
    this.interfaceTypes[id] = this.typeLookup;
    this.typeLookup = new Map();
    this.resolvedInterfaces.add(id);
  }

  private resolveTypes(owner: TypeOwner, items: (ast.UseDecl | ast.TypeDecl)[]): void {
    for (const item of items) if (item.kind === 'use') this.resolveUse(owner, item);

    const typeDeps = new Map<string, Edge[]>();
    const typeDefs = new Map<string, ast.TypeDecl | undefined>();
    for (const item of items) {
      if (item.kind === 'type') {
        if (!item.name) continue;
        if (typeDefs.has(item.name.name)) {
          this.error(item.name, `name \`${item.name.name}\` is defined more than once`, 'duplicate-name');
          continue;
        }
        typeDefs.set(item.name.name, item);
        const deps: Edge[] = [];
        collectDeps(item.type, (id) => deps.push({ name: id.name, at: this.loc(id) }));
        typeDeps.set(item.name.name, deps);
      } else {
        for (const name of item.names) {
          const n = name.as ?? name.name;
          typeDeps.set(n.name, []);
          typeDefs.set(n.name, undefined);
        }
      }
    }
    const order = toposort('type', typeDeps, this.sink, oldFloatHint);
    for (const name of order) {
      const def = typeDefs.get(name);
      if (!def || !def.name) continue;
      const stability = this.stability(def.attributes);
      const externalId = this.externalId(def.attributes);
      const kind = this.resolveTypeDef(def.type, stability);
      this.types.push({
        name: def.name.name,
        kind,
        owner,
        stability,
        span: this.loc(def.name),
        ...(externalId !== undefined ? { externalId } : {}),
      });
      this.defineName(def.name, { kind: 'type', id: this.types.length - 1 });
    }
  }

  private resolveUse(owner: TypeOwner, u: ast.UseDecl): void {
    const path = completePath(u.from);
    const resolved = path && this.resolveItemPath(path);
    const useFrom = resolved && this.interfaceOf(resolved.item, resolved.name, resolved.span);
    const stability = this.stability(u.attributes);
    const externalId = this.externalId(u.attributes);
    for (const name of u.names) {
      let target: TypeId | undefined;
      const known = useFrom !== undefined && (this.foreignInterfaces.has(useFrom) || this.resolvedInterfaces.has(useFrom));
      if (useFrom !== undefined && known) {
        const found = this.interfaceTypes[useFrom]!.get(name.name.name);
        if (!found) {
          this.error(name.name, `name \`${name.name.name}\` does not exist`, 'unknown-name');
        } else if (found.item.kind === 'item') {
          this.error(name.name, `cannot import ${found.item.what} \`${name.name.name}\``, 'wrong-kind');
        } else {
          target = found.item.id;
          this.references.push({ at: this.loc(name.name), target: { kind: 'type', id: target } });
        }
      }
      const local = name.as ?? name.name;
      this.types.push({
        name: local.name,
        kind: { kind: 'type', type: target ?? 'error' },
        owner,
        stability,
        span: this.loc(name.name),
        ...(name.as ? { binding: this.loc(name.as) } : {}),
        ...(externalId !== undefined ? { externalId } : {}),
      });
      this.defineName(local, { kind: 'type', id: this.types.length - 1 });
    }
  }

  private resolveResourceFunc(func: ast.ResourceFunc, resource: ast.Id): Function | undefined {
    const found = this.typeLookup.get(resource.name);
    if (!found || found.item.kind !== 'type') return undefined;
    const resourceId = found.item.id;
    const isAsync = func.func.async;
    let name: string;
    let kind: FunctionKind;
    switch (func.kind) {
      case 'method':
        name = `[method]${resource.name}.${func.name.name}`;
        kind = { kind: isAsync ? 'async-method' : 'method', resource: resourceId };
        break;
      case 'static':
        name = `[static]${resource.name}.${func.name.name}`;
        kind = { kind: isAsync ? 'async-static' : 'static', resource: resourceId };
        break;
      case 'constructor':
        name = `[constructor]${resource.name}`;
        kind = { kind: 'constructor', resource: resourceId };
        break;
    }
    return this.resolveFunction(func.attributes, name, func.name, func.func, kind);
  }

  private resolveFunction(
    attributes: ast.Attribute[],
    name: string,
    nameSpan: ast.Range,
    func: ast.Func,
    kind: FunctionKind,
  ): Function {
    const stability = this.stability(attributes);
    const externalId = this.externalId(attributes);
    const params = this.resolveParams(func, kind);
    const result = this.resolveResult(func.result, kind);
    return {
      name,
      kind,
      params,
      ...(result !== undefined ? { result } : {}),
      stability,
      span: this.loc(nameSpan),
      ...(externalId !== undefined ? { externalId } : {}),
    };
  }

  private resolveParams(func: ast.Func, kind: FunctionKind): Param[] {
    const params: Param[] = [];
    if (kind.kind === 'method' || kind.kind === 'async-method') {
      const handle: TypeDefKind = { kind: 'handle', handle: 'borrow', resource: kind.resource };
      const type = this.anonTypeDef({
        kind: handle,
        owner: { kind: 'none' },
        stability: this.findStability(handle, UNKNOWN_STABILITY),
        span: this.loc(func.span),
      });
      params.push({ name: 'self', type, span: this.loc(func.span) });
    }
    for (const param of func.params) {
      if (params.some((p) => p.name === param.name.name)) {
        this.error(param.name, `param \`${param.name.name}\` is defined more than once`, 'duplicate-name');
        continue;
      }
      params.push({ name: param.name.name, type: this.resolveType(param.type, UNKNOWN_STABILITY), span: this.loc(param.name) });
    }
    return params;
  }

  private resolveResult(result: ast.TypeExpr | undefined, kind: FunctionKind): Type | undefined {
    if (kind.kind !== 'constructor') return result ? this.resolveType(result, UNKNOWN_STABILITY) : undefined;
    if (!result) return kind.resource;
    const resolved = this.resolveType(result, UNKNOWN_STABILITY);
    if (resolved === 'error') return resolved;
    const def = typeof resolved === 'number' ? this.types[resolved]!.kind : undefined;
    if (def?.kind !== 'result') {
      this.error(result.span, 'if a constructor return type is declared it must be a `result`', 'invalid-constructor');
      return 'error';
    }
    if (def.ok !== kind.resource) {
      const okSpan = result.kind === 'result' && result.ok ? typeSpan(result.ok) : result.span;
      if (def.ok !== 'error') this.error(okSpan, 'the `ok` type must be the resource being constructed', 'invalid-constructor');
      return 'error';
    }
    return resolved;
  }

  // -----------------------------------------------------------------------------------------
  // Names and paths

  private resolveItemPath(path: CompletePath): { item: ItemRef; name: string; span: Location } | undefined {
    if (path.kind === 'id') {
      const item = this.astItems[this.cur]!.get(path.id.name) ?? this.packageItems.get(path.id.name);
      const span = this.loc(path.id);
      if (!item) {
        this.sink.error(span, `interface or world \`${path.id.name}\` does not exist`, 'unknown-name');
        return undefined;
      }
      this.references.push({ at: span, target: item });
      return { item, name: path.id.name, span };
    }
    const key = formatPackageName(path.packageName);
    const item = this.foreignDeps.get(key)!.items.get(path.name.name)!.item;
    const span = this.loc(path.name);
    this.references.push({ at: this.loc(path.packageSpan), target: { kind: 'package', key } }, { at: span, target: item });
    return { item, name: path.name.name, span };
  }

  private interfaceOf(item: ItemRef, name: string, span: Location): InterfaceId | undefined {
    if (item.kind === 'interface') return item.id;
    this.sink.error(span, `name \`${name}\` is defined as a world, not an interface`, 'wrong-kind');
    return undefined;
  }

  private defineName(name: ast.Id, item: TypeOrItem): void {
    if (this.typeLookup.has(name.name)) {
      const prev = this.typeLookup.get(name.name)!;
      this.error(name, `name \`${name.name}\` is defined more than once`, 'duplicate-name', [
        { ...prev.span, message: 'the first definition' },
      ]);
      return;
    }
    this.typeLookup.set(name.name, { item, span: this.loc(name) });
  }

  private resolveTypeName(name: ast.Id): Type {
    const found = this.typeLookup.get(name.name);
    if (!found) {
      this.error(name, `name \`${name.name}\` does not exist`, 'unknown-name');
      return 'error';
    }
    if (found.item.kind === 'item') {
      this.error(name, `cannot use ${found.item.what} \`${name.name}\` as a type`, 'wrong-kind');
      return 'error';
    }
    this.references.push({ at: this.loc(name), target: { kind: 'type', id: found.item.id } });
    return found.item.id;
  }

  private validateResource(name: ast.Id): TypeId | undefined {
    const id = this.resolveTypeName(name);
    if (typeof id !== 'number') return undefined;
    for (let cur = id; ; ) {
      const kind = this.types[cur]!.kind;
      if (kind.kind === 'resource') return id;
      if (kind.kind === 'type' && typeof kind.type === 'number') {
        cur = kind.type;
        continue;
      }
      if (kind.kind === 'unknown') {
        this.requiredResourceTypes.push({ id: cur, span: this.loc(name) });
        return id;
      }
      if (!(kind.kind === 'type' && kind.type === 'error')) {
        this.error(name, `type \`${name.name}\` used in a handle must be a resource`, 'invalid-handle');
      }
      return undefined;
    }
  }

  // -----------------------------------------------------------------------------------------
  // Types

  private resolveTypeDef(ty: ast.TypeDefBody, stability: Stability): TypeDefKind {
    switch (ty.kind) {
      case 'primitive':
        return { kind: 'type', type: ty.name };
      case 'error':
        return { kind: 'type', type: 'error' };
      case 'name':
        return { kind: 'type', type: this.resolveTypeName(ty.id) };
      case 'list': {
        const element = this.resolveType(ty.element, stability);
        return ty.size !== undefined ? { kind: 'fixed-length-list', type: element, size: ty.size } : { kind: 'list', type: element };
      }
      case 'map': {
        const key = this.resolveType(ty.key, stability);
        const value = this.resolveType(ty.value, stability);
        if (typeof key === 'number' || ['f32', 'f64', 'error-context'].includes(key)) {
          this.error(
            ty.span,
            'invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string',
            'invalid-map-key',
          );
        }
        return { kind: 'map', key, value };
      }
      case 'handle': {
        if (!ty.resource) return { kind: 'type', type: 'error' };
        const resource = this.validateResource(ty.resource);
        return resource === undefined ? { kind: 'type', type: 'error' } : { kind: 'handle', handle: ty.handle, resource };
      }
      case 'resource': {
        let constructors = 0;
        const names = new Set<string>();
        for (const func of ty.funcs) {
          if (func.kind === 'constructor') {
            if (++constructors > 1) this.error(func.name, 'duplicate constructors', 'duplicate-name');
          } else if (names.has(func.name.name)) {
            this.error(func.name, `duplicate function name \`${func.name.name}\``, 'duplicate-name');
          } else names.add(func.name.name);
        }
        return { kind: 'resource' };
      }
      case 'record': {
        const fields: Field[] = ty.fields.map((field) => ({
          name: field.name.name,
          type: this.resolveType(field.type, stability),
          span: this.loc(field.name),
        }));
        return { kind: 'record', fields };
      }
      case 'flags':
        return { kind: 'flags', flags: ty.flags.map((f) => this.namedCase(f)) };
      case 'tuple':
        return { kind: 'tuple', types: ty.types.map((t) => this.resolveType(t, stability)) };
      case 'variant': {
        if (ty.cases.length === 0) this.error(ty.span, 'empty variant', 'empty-type');
        return {
          kind: 'variant',
          cases: ty.cases.map((c) => ({
            name: c.name.name,
            ...(c.type ? { type: this.resolveType(c.type, stability) } : {}),
            span: this.loc(c.name),
          })),
        };
      }
      case 'enum':
        if (ty.cases.length === 0) this.error(ty.span, 'empty enum', 'empty-type');
        return { kind: 'enum', cases: ty.cases.map((c) => this.namedCase(c)) };
      case 'option':
        return { kind: 'option', type: this.resolveType(ty.element, stability) };
      case 'result':
        return {
          kind: 'result',
          ...(ty.ok ? { ok: this.resolveType(ty.ok, stability) } : {}),
          ...(ty.err ? { err: this.resolveType(ty.err, stability) } : {}),
        };
      case 'future':
      case 'stream':
        return { kind: ty.kind, ...(ty.element ? { type: this.resolveType(ty.element, stability) } : {}) };
    }
  }

  private namedCase(c: { name: ast.Id }): { name: string; span: Location } {
    return { name: c.name.name, span: this.loc(c.name) };
  }

  private resolveType(ty: ast.TypeExpr, stability: Stability): Type {
    const kind = this.resolveTypeDef(ty, stability);
    return this.anonTypeDef({
      kind,
      owner: { kind: 'none' },
      stability: this.findStability(kind, stability),
      span: this.loc(ty.span),
    });
  }

  /** An anonymous type inherits the stability of the first of its parts that has one. */
  private findStability(kind: TypeDefKind, stability: Stability): Stability {
    if (stability.kind !== 'unknown') return stability;
    const of = (t: Type | undefined): Stability | undefined => {
      if (typeof t !== 'number') return undefined;
      const s = this.types[t]!.stability;
      return s.kind === 'unknown' ? undefined : s;
    };
    let found: Stability | undefined;
    switch (kind.kind) {
      case 'type':
        found = of(kind.type);
        break;
      case 'handle':
        found = of(kind.resource);
        break;
      case 'tuple':
        for (const t of kind.types) if ((found = of(t))) break;
        break;
      case 'list':
      case 'fixed-length-list':
      case 'option':
        found = of(kind.type);
        break;
      case 'map':
        found = of(kind.key) ?? of(kind.value);
        break;
      case 'future':
      case 'stream':
        found = of(kind.type);
        break;
      case 'result':
        found = of(kind.ok) ?? of(kind.err);
        break;
    }
    return found ?? UNKNOWN_STABILITY;
  }

  /** Interns anonymous types as wit-parser does (an `own<T>` is just `T`). */
  private anonTypeDef(def: Omit<TypeDef, 'name'>): Type {
    const k = def.kind;
    let key: string;
    switch (k.kind) {
      case 'type':
        return k.type;
      case 'handle':
        if (k.handle === 'own') return k.resource;
        key = `borrow ${k.resource}`;
        break;
      case 'resource':
      case 'unknown':
        throw new Error(`anonymous ${k.kind} type`);
      default:
        key = anonKey(k);
    }
    const existing = this.anonTypes.get(key);
    if (existing !== undefined) return existing;
    this.types.push(def);
    const id = this.types.length - 1;
    this.anonTypes.set(key, id);
    return id;
  }

  // -----------------------------------------------------------------------------------------
  // Attributes

  private stability(attributes: ast.Attribute[], file?: string): Stability {
    let since: ast.Attribute | undefined;
    let deprecated: ast.Attribute | undefined;
    let unstable: ast.Attribute | undefined;
    const twice = (a: ast.Attribute, name: string) =>
      this.sink.error(this.loc(a.span, file), `cannot specify @${name} twice`, 'invalid-gate');
    for (const a of attributes) {
      if (a.kind === 'since') {
        if (since) twice(a, 'since');
        else since = a;
      } else if (a.kind === 'deprecated') {
        if (deprecated) twice(a, 'deprecated');
        else deprecated = a;
      } else if (a.kind === 'unstable') {
        if (unstable) twice(a, 'unstable');
        else unstable = a;
      }
    }
    const deprecatedVersion = deprecated?.kind === 'deprecated' ? deprecated.version : undefined;
    if (since && unstable) {
      this.sink.error(this.loc(since.span, file), 'cannot specify both @since and @unstable', 'invalid-gate');
      return UNKNOWN_STABILITY;
    }
    if (since?.kind === 'since') {
      if (!since.version) return UNKNOWN_STABILITY;
      return { kind: 'stable', since: since.version, ...(deprecatedVersion ? { deprecated: deprecatedVersion } : {}) };
    }
    if (unstable?.kind === 'unstable') {
      if (!unstable.feature) return UNKNOWN_STABILITY;
      return { kind: 'unstable', feature: unstable.feature.name, ...(deprecatedVersion ? { deprecated: deprecatedVersion } : {}) };
    }
    if (deprecated) {
      this.sink.error(
        this.loc(deprecated.span, file),
        'cannot specify both @deprecated without @since or @unstable',
        'invalid-gate',
      );
    }
    return UNKNOWN_STABILITY;
  }

  private externalId(attributes: ast.Attribute[], file?: string): string | undefined {
    let found: string | undefined;
    for (const a of attributes) {
      if (a.kind !== 'external-id' || a.id === undefined) continue;
      if (found !== undefined) {
        this.sink.error(this.loc(a.span, file), 'cannot specify @external-id twice', 'invalid-attribute');
        continue;
      }
      found = a.id;
    }
    return found;
  }
}

export function packageNameOf(name: ast.PackageName): PackageName | undefined {
  if (!name.name || (name.version && !name.version.version)) return undefined;
  return {
    namespace: name.namespace.name,
    name: name.name.name,
    ...(name.version?.version ? { version: name.version.version } : {}),
  };
}

function externSpan(extern: ast.ExternKind): ast.Range {
  switch (extern.kind) {
    case 'path':
      return extern.path.kind === 'id' ? extern.path.id : (extern.path.name ?? extern.path);
    default:
      return extern.name;
  }
}

function typeSpan(ty: ast.TypeExpr): ast.Range {
  return ty.span;
}

/** What makes two anonymous types the same type (wit-parser's `Key`). */
function anonKey(k: TypeDefKind): string {
  const t = (x: Type | undefined) => (x === undefined ? '-' : String(x));
  switch (k.kind) {
    case 'record':
      return `R${k.fields.map((f) => `${f.name}:${t(f.type)}`).join(',')}`;
    case 'variant':
      return `V${k.cases.map((c) => `${c.name}:${t(c.type)}`).join(',')}`;
    case 'flags':
      return `F${k.flags.map((f) => f.name).join(',')}`;
    case 'enum':
      return `E${k.cases.map((c) => c.name).join(',')}`;
    case 'tuple':
      return `T${k.types.join(',')}`;
    case 'list':
      return `l${t(k.type)}`;
    case 'fixed-length-list':
      return `L${t(k.type)},${k.size}`;
    case 'map':
      return `m${t(k.key)},${t(k.value)}`;
    case 'option':
      return `o${t(k.type)}`;
    case 'result':
      return `r${t(k.ok)},${t(k.err)}`;
    case 'future':
      return `f${t(k.type)}`;
    case 'stream':
      return `s${t(k.type)}`;
    case 'handle':
      return `${k.handle}${k.resource}`;
    case 'type':
      return `=${t(k.type)}`;
    case 'resource':
    case 'unknown':
      return k.kind;
  }
}

/** The names a type definition refers to (its edges in the type dependency graph). */
function collectDeps(ty: ast.TypeDefBody, push: (id: ast.Id) => void): void {
  switch (ty.kind) {
    case 'name':
      push(ty.id);
      break;
    case 'handle':
      if (ty.resource) push(ty.resource);
      break;
    case 'record':
      for (const f of ty.fields) collectDeps(f.type, push);
      break;
    case 'tuple':
      for (const t of ty.types) collectDeps(t, push);
      break;
    case 'variant':
      for (const c of ty.cases) if (c.type) collectDeps(c.type, push);
      break;
    case 'option':
    case 'list':
      collectDeps(ty.element, push);
      break;
    case 'map':
      collectDeps(ty.key, push);
      collectDeps(ty.value, push);
      break;
    case 'result':
      if (ty.ok) collectDeps(ty.ok, push);
      if (ty.err) collectDeps(ty.err, push);
      break;
    case 'future':
    case 'stream':
      if (ty.element) collectDeps(ty.element, push);
      break;
  }
}
