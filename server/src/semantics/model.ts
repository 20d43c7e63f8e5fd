/**
 * The resolved model of WIT packages: the same shape as wit-parser's `Resolve` (arenas of
 * types, interfaces and worlds addressed by index), so that its rules port one for one.
 */
import type { Location } from '../diagnostic';
import type { PrimitiveName } from '../syntax/ast';
import { compareVersions, formatVersion, versionsEqual, type Version } from '../syntax/semver';

export type TypeId = number;
export type InterfaceId = number;
export type WorldId = number;
export type PackageId = number;

/**
 * A type: a primitive by name or a type definition by id. `'error'` stands in for a type
 * that could not be resolved (its error was reported), so checks can go on without cascades.
 */
export type Type = PrimitiveName | 'error' | TypeId;

export interface PackageName {
  namespace: string;
  name: string;
  version?: Version;
}

export function formatPackageName(p: PackageName): string {
  return `${p.namespace}:${p.name}${p.version ? `@${formatVersion(p.version)}` : ''}`;
}

/** wit-parser's `Ord` for package names (namespace, name, then version with none first). */
export function comparePackageNames(a: PackageName, b: PackageName): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (!a.version || !b.version) return (a.version ? 1 : 0) - (b.version ? 1 : 0);
  return compareVersions(a.version, b.version);
}

export type Stability =
  | { kind: 'unknown' }
  | { kind: 'stable'; since: Version; deprecated?: Version }
  | { kind: 'unstable'; feature: string; deprecated?: Version };

export const UNKNOWN_STABILITY: Stability = { kind: 'unknown' };

export function stabilityEquals(a: Stability, b: Stability): boolean {
  const sameVersion = (x?: Version, y?: Version) => (x && y ? versionsEqual(x, y) : x === y);
  if (a.kind === 'unknown' || b.kind === 'unknown') return a.kind === b.kind;
  if (a.kind === 'stable') return b.kind === 'stable' && versionsEqual(a.since, b.since) && sameVersion(a.deprecated, b.deprecated);
  return b.kind === 'unstable' && a.feature === b.feature && sameVersion(a.deprecated, b.deprecated);
}

export type TypeOwner = { kind: 'interface'; id: InterfaceId } | { kind: 'world'; id: WorldId } | { kind: 'none' };

export function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  return a.kind === b.kind && (a.kind === 'none' || a.id === (b as { id: number }).id);
}

export interface Field {
  name: string;
  type: Type;
  span: Location;
}

export interface Case {
  name: string;
  type?: Type;
  span: Location;
}

export interface NamedCase {
  name: string;
  span: Location;
}

export type TypeDefKind =
  | { kind: 'record'; fields: Field[] }
  | { kind: 'resource' }
  | { kind: 'handle'; handle: 'own' | 'borrow'; resource: TypeId }
  | { kind: 'flags'; flags: NamedCase[] }
  | { kind: 'tuple'; types: Type[] }
  | { kind: 'variant'; cases: Case[] }
  | { kind: 'enum'; cases: NamedCase[] }
  | { kind: 'option'; type: Type }
  | { kind: 'result'; ok?: Type; err?: Type }
  | { kind: 'list'; type: Type }
  | { kind: 'fixed-length-list'; type: Type; size: number }
  | { kind: 'map'; key: Type; value: Type }
  | { kind: 'future'; type?: Type }
  | { kind: 'stream'; type?: Type }
  /** `type a = b`, or a name brought in by `use`. */
  | { kind: 'type'; type: Type }
  /** A type used from another package, not known until that package is linked. */
  | { kind: 'unknown' };

export interface TypeDef {
  name?: string;
  kind: TypeDefKind;
  owner: TypeOwner;
  stability: Stability;
  externalId?: string;
  /** The definition's name (or, for an anonymous type, the type as written). */
  span: Location;
  /** For `use i.{t as u}`: where the local name `u` is bound (`span` is `t`, as in wit-parser). */
  binding?: Location;
}

export type FunctionKind =
  | { kind: 'freestanding' | 'async-freestanding' }
  | { kind: 'method' | 'async-method' | 'static' | 'async-static' | 'constructor'; resource: TypeId };

export interface Param {
  name: string;
  type: Type;
  span: Location;
}

export interface Function {
  /** The mangled name: `f`, `[method]r.f`, `[static]r.f` or `[constructor]r`. */
  name: string;
  kind: FunctionKind;
  params: Param[];
  result?: Type;
  stability: Stability;
  externalId?: string;
  span: Location;
}

export interface Interface {
  name?: string;
  types: Map<string, TypeId>;
  functions: Map<string, Function>;
  stability: Stability;
  package?: PackageId;
  span: Location;
}

export type WorldKey = { kind: 'name'; name: string } | { kind: 'interface'; id: InterfaceId };

export type WorldItem =
  | { kind: 'interface'; id: InterfaceId; stability: Stability; externalId?: string; span?: Location }
  | { kind: 'function'; func: Function }
  | { kind: 'type'; id: TypeId; span: Location };

export interface WorldEntry {
  key: WorldKey;
  item: WorldItem;
}

/** An insertion-ordered map of world imports or exports keyed by `WorldKey`. */
export class WorldItems {
  private readonly byName = new Map<string, WorldEntry>();
  private readonly byInterface = new Map<InterfaceId, WorldEntry>();
  private readonly order: WorldEntry[] = [];

  get size(): number {
    return this.order.length;
  }
  private entry(key: WorldKey): WorldEntry | undefined {
    return key.kind === 'name' ? this.byName.get(key.name) : this.byInterface.get(key.id);
  }
  get(key: WorldKey): WorldItem | undefined {
    return this.entry(key)?.item;
  }
  has(key: WorldKey): boolean {
    return this.entry(key) !== undefined;
  }
  /** Inserts or replaces; returns the item that was there before. */
  set(key: WorldKey, item: WorldItem): WorldItem | undefined {
    const existing = this.entry(key);
    if (existing) {
      const prev = existing.item;
      existing.item = item;
      return prev;
    }
    const entry = { key, item };
    if (key.kind === 'name') this.byName.set(key.name, entry);
    else this.byInterface.set(key.id, entry);
    this.order.push(entry);
    return undefined;
  }
  [Symbol.iterator](): IterableIterator<WorldEntry> {
    return this.order[Symbol.iterator]();
  }
}

export interface IncludeName {
  name: string;
  as: string;
}

export interface WorldInclude {
  stability: Stability;
  id: WorldId;
  names: IncludeName[];
  span: Location;
}

export interface World {
  name: string;
  imports: WorldItems;
  exports: WorldItems;
  includes: WorldInclude[];
  stability: Stability;
  package?: PackageId;
  span: Location;
}

export interface Package {
  name: PackageName;
  docs?: string;
  interfaces: Map<string, InterfaceId>;
  worlds: Map<string, WorldId>;
  /** The package name in its `package` declaration. */
  span: Location;
}

export function functionResource(kind: FunctionKind): TypeId | undefined {
  return 'resource' in kind ? kind.resource : undefined;
}

/** A copy of a type definition whose parts linking may rewrite (spans and versions are shared). */
export function cloneTypeDef(ty: TypeDef): TypeDef {
  return { ...ty, owner: { ...ty.owner }, kind: cloneKind(ty.kind) };
}

function cloneKind(kind: TypeDefKind): TypeDefKind {
  switch (kind.kind) {
    case 'record':
      return { kind: 'record', fields: kind.fields.map((f) => ({ ...f })) };
    case 'variant':
      return { kind: 'variant', cases: kind.cases.map((c) => ({ ...c })) };
    case 'tuple':
      return { kind: 'tuple', types: [...kind.types] };
    case 'flags':
    case 'enum':
      return kind;
    default:
      return { ...kind };
  }
}

export function cloneFunction(func: Function): Function {
  return { ...func, kind: { ...func.kind }, params: func.params.map((p) => ({ ...p })) };
}

export function cloneWorldItem(item: WorldItem): WorldItem {
  switch (item.kind) {
    case 'function':
      return { kind: 'function', func: cloneFunction(item.func) };
    default:
      return { ...item };
  }
}
