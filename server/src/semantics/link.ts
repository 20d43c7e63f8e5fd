/**
 * Links an `UnresolvedPackage` into the `Resolve`: connects its references to other packages,
 * drops the items its feature gates exclude, and finishes its worlds. A port of wit-parser's
 * `Remap::append` with its messages; an error is recorded and linking goes on.
 */
import type { Location } from '../diagnostic';
import type { ForeignItem, UnresolvedPackage } from './lower';
import {
  cloneFunction,
  cloneTypeDef,
  cloneWorldItem,
  formatPackageName,
  functionResource,
  type Function,
  type Interface,
  type InterfaceId,
  type PackageId,
  type Type,
  type TypeDef,
  type TypeDefKind,
  type TypeId,
  type World,
  type WorldId,
  type WorldItem,
  WorldItems,
} from './model';
import type { Resolve } from './resolve';
import { elaborateWorld, processWorldIncludes } from './worlds';

/** A mapping that failed with an error already reported: uses of it stay silent. */
const FAILED = -1;
/** `undefined`: excluded by a feature gate. */
type Mapped = number | undefined;

/** How ids of an unresolved package map to ids in the `Resolve`. */
export class Remap {
  readonly types: Mapped[] = [];
  readonly interfaces: Mapped[] = [];
  readonly worlds: Mapped[] = [];
  private readonly ownHandles = new Map<TypeId, TypeId>();
  private readonly hasBorrowCache = new Map<TypeId, boolean>();

  constructor(private readonly resolve: Resolve) {}

  private apply(map: Mapped[], id: number, desc: string, span: Location, suffix = ''): number | undefined {
    if (id >= map.length) return undefined;
    const mapped = map[id];
    if (mapped === FAILED) return undefined;
    if (mapped === undefined) {
      this.resolve.sink.error(
        span,
        `found a reference to a ${desc} which is excluded due to its feature not being activated${suffix}`,
        'gated-reference',
      );
      return undefined;
    }
    return mapped;
  }

  mapType(id: TypeId, span: Location): TypeId | undefined {
    return this.apply(this.types, id, 'type', span);
  }
  mapInterface(id: InterfaceId, span: Location, suffix = ''): InterfaceId | undefined {
    return this.apply(this.interfaces, id, 'interface', span, suffix);
  }
  mapWorld(id: WorldId, span: Location, suffix = ''): WorldId | undefined {
    return this.apply(this.worlds, id, 'world', span, suffix);
  }

  /**
   * Links the package. `knownPackages` are the packages wit-parser would have linked before
   * this one (its "known packages" when a dependency is missing): the order of linking here
   * may differ from the reference's, which is kept for messages.
   */
  append(unresolved: UnresolvedPackage, knownPackages: readonly string[]): PackageId {
    const resolve = this.resolve;
    resolve.packages.push({
      name: unresolved.name,
      ...(unresolved.docs !== undefined ? { docs: unresolved.docs } : {}),
      interfaces: new Map(),
      worlds: new Map(),
      span: unresolved.nameSpan,
    });
    const pkg = resolve.packages.length - 1;
    resolve.packageNames.set(formatPackageName(unresolved.name), pkg);
    this.processForeignDeps(pkg, unresolved, knownPackages);

    const foreignTypes = this.types.length;
    const foreignInterfaces = this.interfaces.length;
    const foreignWorlds = this.worlds.length;

    for (let id = foreignTypes; id < unresolved.types.length; id++) {
      const ty: TypeDef = cloneTypeDef(unresolved.types[id]!);
      if (!resolve.includeStability(ty.stability, pkg, ty.span)) {
        this.types.push(undefined);
        continue;
      }
      this.updateTypeDef(ty.kind, ty.span);
      resolve.types.push(ty);
      let newId = resolve.types.length - 1;
      if (ty.name === undefined && ty.owner.kind === 'none' && ty.kind.kind === 'handle' && ty.kind.handle === 'own') {
        const existing = this.ownHandles.get(ty.kind.resource);
        if (existing !== undefined) newId = existing;
        else this.ownHandles.set(ty.kind.resource, newId);
      }
      this.types.push(newId);
    }

    for (let id = foreignInterfaces; id < unresolved.interfaces.length; id++) {
      const iface: Interface = cloneInterface(unresolved.interfaces[id]!);
      if (!resolve.includeStability(iface.stability, pkg, iface.span)) {
        this.interfaces.push(undefined);
        continue;
      }
      iface.package = pkg;
      this.updateInterface(iface);
      resolve.interfaces.push(iface);
      this.interfaces.push(resolve.interfaces.length - 1);
    }

    const newTypes = (): TypeId[] =>
      this.types.slice(foreignTypes).filter((t): t is number => t !== undefined && t !== FAILED);
    for (const id of newTypes()) {
      const ty = resolve.types[id]!;
      if (ty.owner.kind !== 'interface') continue;
      const mapped = this.mapInterface(ty.owner.id, ty.span, '; this type is not gated by a feature but its interface is');
      ty.owner = mapped === undefined ? { kind: 'none' } : { kind: 'interface', id: mapped };
    }

    for (let id = foreignWorlds; id < unresolved.worlds.length; id++) {
      const world = cloneWorld(unresolved.worlds[id]!);
      if (!resolve.includeStability(world.stability, pkg, world.span)) {
        this.worlds.push(undefined);
        continue;
      }
      this.updateWorld(world, pkg);
      resolve.worlds.push(world);
      this.worlds.push(resolve.worlds.length - 1);
    }

    for (const id of newTypes()) {
      const ty = resolve.types[id]!;
      if (ty.owner.kind !== 'world') continue;
      const mapped = this.mapWorld(ty.owner.id, ty.span, '; this type is not gated by a feature but its world is');
      ty.owner = mapped === undefined ? { kind: 'none' } : { kind: 'world', id: mapped };
    }

    for (const id of this.worlds.slice(foreignWorlds)) {
      if (id === undefined || id === FAILED) continue;
      processWorldIncludes(resolve, this, id, pkg);
      elaborateWorld(resolve, id, resolve.worlds[id]!.span);
    }

    for (const id of this.interfaces.slice(foreignInterfaces)) {
      if (id === undefined || id === FAILED) continue;
      const iface = resolve.interfaces[id]!;
      iface.package = pkg;
      if (iface.name !== undefined && !resolve.packages[pkg]!.interfaces.has(iface.name)) {
        resolve.packages[pkg]!.interfaces.set(iface.name, id);
      }
    }
    for (const id of this.worlds.slice(foreignWorlds)) {
      if (id === undefined || id === FAILED) continue;
      const world = resolve.worlds[id]!;
      world.package = pkg;
      if (!resolve.packages[pkg]!.worlds.has(world.name)) resolve.packages[pkg]!.worlds.set(world.name, id);
    }
    return pkg;
  }

  private processForeignDeps(pkg: PackageId, unresolved: UnresolvedPackage, known: readonly string[]): void {
    const resolve = this.resolve;
    type Site = { packageKey: string; name: string; span: Location; entry: ForeignItem };
    const interfaceSites = new Map<InterfaceId, Site>();
    const worldSites = new Map<WorldId, Site>();
    for (const [packageKey, dep] of unresolved.foreignDeps) {
      for (const [name, entry] of dep.items) {
        const site = { packageKey, name, span: dep.span, entry };
        if (entry.item.kind === 'interface') interfaceSites.set(entry.item.id, site);
        else worldSites.set(entry.item.id, site);
      }
    }

    const lookupPackage = (site: Site): PackageId | undefined => {
      const found = resolve.packageNames.get(site.packageKey);
      if (found !== undefined) return found;
      resolve.sink.error(
        site.span,
        known.length === 0
          ? `package '${site.packageKey}' not found`
          : `package '${site.packageKey}' not found. known packages:${known.map((k) => `\n    ${k}`).join('')}`,
        'unknown-package',
      );
      return undefined;
    };
    const enabled = (site: Site, span: Location) =>
      site.entry.stabilities.some((s) => resolve.includeStability(s, pkg, span));

    /** The leading (foreign) items of the package, mapped to what other packages define. */
    const mapForeign = (kind: 'interface' | 'world', items: { span: Location }[], sites: Map<number, Site>, map: Mapped[]) => {
      for (let id = 0; id < items.length; id++) {
        const site = sites.get(id);
        if (!site) break;
        const span = items[id]!.span;
        const foreignPkg = lookupPackage(site);
        if (foreignPkg === undefined) {
          map.push(FAILED);
          continue;
        }
        if (!enabled(site, span)) {
          map.push(undefined);
          continue;
        }
        const p = resolve.packages[foreignPkg]!;
        const found = (kind === 'interface' ? p.interfaces : p.worlds).get(site.name);
        if (found === undefined) {
          resolve.sink.error(span, `${kind} '${site.name}' not found in package '${formatPackageName(p.name)}'`, 'unknown-name');
        }
        map.push(found ?? FAILED);
      }
    };
    mapForeign('interface', unresolved.interfaces, interfaceSites, this.interfaces);
    mapForeign('world', unresolved.worlds, worldSites, this.worlds);

    for (let id = 0; id < unresolved.types.length; id++) {
      const ty = unresolved.types[id]!;
      if (ty.kind.kind !== 'unknown') break;
      if (!resolve.includeStability(ty.stability, pkg, ty.span)) {
        this.types.push(undefined);
        continue;
      }
      const span = unresolved.unknownTypeSpans[id]!;
      const owner = ty.owner.kind === 'interface' ? this.mapInterface(ty.owner.id, span) : undefined;
      if (owner === undefined) {
        this.types.push(FAILED);
        continue;
      }
      const found = resolve.interfaces[owner]!.types.get(ty.name!);
      if (found === undefined) {
        resolve.sink.error(span, `type \`${ty.name}\` not defined in interface`, 'unknown-name');
      }
      this.types.push(found ?? FAILED);
    }

    for (const { id, span } of unresolved.requiredResourceTypes) {
      const mapped = this.types[id];
      if (mapped === undefined || mapped === FAILED) continue;
      for (let cur = mapped; ; ) {
        const kind = resolve.types[cur]!.kind;
        if (kind.kind === 'type' && typeof kind.type === 'number') {
          cur = kind.type;
          continue;
        }
        if (kind.kind !== 'resource' && !(kind.kind === 'type' && kind.type === 'error')) {
          resolve.sink.error(span, 'type used in a handle must be a resource', 'invalid-handle');
        }
        break;
      }
    }
  }

  private updateTypeDef(kind: TypeDefKind, span: Location): void {
    const ty = (t: Type) => this.updateType(t, span);
    switch (kind.kind) {
      case 'handle': {
        const mapped = this.mapType(kind.resource, span);
        if (mapped === undefined) Object.assign(kind, { kind: 'type', type: 'error' });
        else kind.resource = mapped;
        break;
      }
      case 'record':
        for (const field of kind.fields) field.type = this.updateType(field.type, field.span);
        break;
      case 'tuple':
        kind.types = kind.types.map(ty);
        break;
      case 'variant':
        for (const c of kind.cases) if (c.type !== undefined) c.type = ty(c.type);
        break;
      case 'option':
      case 'list':
      case 'fixed-length-list':
        kind.type = ty(kind.type);
        break;
      case 'future':
      case 'stream':
        if (kind.type !== undefined) kind.type = ty(kind.type);
        break;
      case 'map':
        kind.key = ty(kind.key);
        kind.value = ty(kind.value);
        break;
      case 'result':
        if (kind.ok !== undefined) kind.ok = ty(kind.ok);
        if (kind.err !== undefined) kind.err = ty(kind.err);
        break;
      case 'type':
        // `type a = r` of a resource `r` stays an alias (usable as the resource and its handle).
        if (typeof kind.type === 'number') kind.type = this.mapType(kind.type, span) ?? 'error';
        break;
    }
  }

  /** Maps a type reference; a reference to a resource becomes an `own` handle. */
  private updateType(t: Type, span: Location): Type {
    if (typeof t !== 'number') return t;
    const id = this.mapType(t, span);
    if (id === undefined) return 'error';
    let cur = id;
    for (;;) {
      const kind = this.resolve.types[cur]!.kind;
      if (kind.kind === 'type' && typeof kind.type === 'number') cur = kind.type;
      else if (kind.kind === 'resource') break;
      else return id;
    }
    let handle = this.ownHandles.get(id);
    if (handle === undefined) {
      this.resolve.types.push({
        kind: { kind: 'handle', handle: 'own', resource: id },
        owner: { kind: 'none' },
        stability: { kind: 'unknown' },
        span,
      });
      handle = this.resolve.types.length - 1;
      this.ownHandles.set(id, handle);
    }
    return handle;
  }

  private updateInterface(iface: Interface): void {
    for (const [name, ty] of [...iface.types]) {
      const mapped = this.types[ty];
      if (mapped === undefined || mapped === FAILED) iface.types.delete(name);
      else iface.types.set(name, mapped);
    }
    const pkg = iface.package!;
    for (const [name, func] of [...iface.functions]) {
      if (!this.resolve.includeStability(func.stability, pkg, func.span)) {
        iface.functions.delete(name);
        continue;
      }
      this.updateFunction(func, func.span);
    }
  }

  updateFunction(func: Function, span: Location): void {
    const resource = functionResource(func.kind);
    if (resource !== undefined && 'resource' in func.kind) {
      func.kind.resource = this.mapType(resource, span) ?? resource;
    }
    for (const param of func.params) param.type = this.updateType(param.type, span);
    if (func.result !== undefined) {
      func.result = this.updateType(func.result, span);
      if (this.typeHasBorrow(func.result)) {
        this.resolve.sink.error(
          span,
          `function \`${func.name}\` returns a type which contains a \`borrow<T>\` which is not supported`,
          'borrow-in-result',
        );
      }
    }
  }

  private updateWorld(world: World, pkg: PackageId): void {
    const imports = world.imports;
    const exports = world.exports;
    world.imports = new WorldItems();
    world.exports = new WorldItems();
    const entries = [...[...imports].map((e) => ({ ...e, isImport: true })), ...[...exports].map((e) => ({ ...e, isImport: false }))];
    for (const { key, item, isImport } of entries) {
      const span = worldItemSpan(item, world.span);
      if (item.kind === 'type') {
        const mapped = this.mapType(item.id, span);
        if (mapped === undefined) continue;
        item.id = mapped;
      }
      const stability =
        item.kind === 'interface' ? item.stability : item.kind === 'function' ? item.func.stability : this.resolve.types[item.id]!.stability;
      if (!this.resolve.includeStability(stability, pkg, span)) continue;
      let newKey = key;
      if (key.kind === 'interface') {
        const mapped = this.mapInterface(key.id, span);
        if (mapped === undefined) continue;
        newKey = { kind: 'interface', id: mapped };
      }
      if (item.kind === 'interface') {
        const mapped = this.mapInterface(item.id, span);
        if (mapped === undefined) continue;
        item.id = mapped;
      } else if (item.kind === 'function') {
        this.updateFunction(item.func, span);
      }
      (isImport ? world.imports : world.exports).set(newKey, item);
    }
  }

  private typeHasBorrow(t: Type): boolean {
    if (typeof t !== 'number') return false;
    const cached = this.hasBorrowCache.get(t);
    if (cached !== undefined) return cached;
    this.hasBorrowCache.set(t, false);
    const kind = this.resolve.types[t]!.kind;
    const any = (types: (Type | undefined)[]) => types.some((x) => x !== undefined && this.typeHasBorrow(x));
    let result: boolean;
    switch (kind.kind) {
      case 'type':
      case 'list':
      case 'fixed-length-list':
      case 'option':
        result = this.typeHasBorrow(kind.type);
        break;
      case 'future':
      case 'stream':
        result = any([kind.type]);
        break;
      case 'variant':
        result = any(kind.cases.map((c) => c.type));
        break;
      case 'handle':
        result = kind.handle === 'borrow';
        break;
      case 'record':
        result = any(kind.fields.map((f) => f.type));
        break;
      case 'tuple':
        result = any(kind.types);
        break;
      case 'map':
        result = any([kind.key, kind.value]);
        break;
      case 'result':
        result = any([kind.ok, kind.err]);
        break;
      default:
        result = false;
    }
    this.hasBorrowCache.set(t, result);
    return result;
  }
}

export function worldItemSpan(item: WorldItem, fallback: Location): Location {
  switch (item.kind) {
    case 'interface':
      return item.span ?? fallback;
    case 'function':
      return item.func.span;
    case 'type':
      return item.span;
  }
}

function cloneInterface(iface: Interface): Interface {
  return {
    ...iface,
    types: new Map(iface.types),
    functions: new Map([...iface.functions].map(([name, f]) => [name, cloneFunction(f)])),
  };
}

function cloneWorld(world: World): World {
  const copy = (items: WorldItems) => {
    const out = new WorldItems();
    for (const { key, item } of items) out.set(key, cloneWorldItem(item));
    return out;
  };
  return { ...world, imports: copy(world.imports), exports: copy(world.exports), includes: [...world.includes] };
}
