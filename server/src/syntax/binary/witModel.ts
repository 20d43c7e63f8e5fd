/**
 * The WIT that a package binary decodes to: a small mirror of wit-parser's
 * `Resolve` (packages, interfaces, worlds, type definitions, functions), with
 * object references in place of arena ids.
 */
import { formatVersion, type Version } from '../semver';
import type { Primitive } from './types';

export interface Docs {
  contents?: string;
}

export type Stability =
  | { kind: 'unknown' }
  | { kind: 'unstable'; feature: string; deprecated?: Version }
  | { kind: 'stable'; since: Version; deprecated?: Version };

export interface PackageName {
  namespace: string;
  name: string;
  version?: Version;
}

/** A WIT type: a primitive, or a (named or anonymous) type definition. */
export type WitType = Primitive | TypeDef;

export type TypeOwner = { kind: 'interface'; iface: Interface } | { kind: 'world'; world: World } | { kind: 'none' };

export type TypeDefKind =
  | { kind: 'record'; fields: { name: string; ty: WitType; docs: Docs }[] }
  | { kind: 'resource' }
  | { kind: 'own' | 'borrow'; resource: TypeDef }
  | { kind: 'flags'; flags: { name: string; docs: Docs }[] }
  | { kind: 'tuple'; types: WitType[] }
  | { kind: 'variant'; cases: { name: string; ty?: WitType; docs: Docs }[] }
  | { kind: 'enum'; cases: { name: string; docs: Docs }[] }
  | { kind: 'option'; ty: WitType }
  | { kind: 'result'; ok?: WitType; err?: WitType }
  | { kind: 'list'; ty: WitType }
  | { kind: 'map'; key: WitType; value: WitType }
  | { kind: 'fixed-length-list'; ty: WitType; length: number }
  | { kind: 'future' | 'stream'; ty?: WitType }
  | { kind: 'type'; ty: WitType };

export interface TypeDef {
  readonly tag: 'typedef';
  name?: string;
  kind: TypeDefKind;
  docs: Docs;
  stability: Stability;
  owner: TypeOwner;
  externalId?: string;
}

export type FunctionKind =
  | { kind: 'freestanding' | 'async-freestanding' }
  | { kind: 'method' | 'async-method' | 'static' | 'async-static' | 'constructor'; resource: TypeDef };

export interface Func {
  /** The full name, with `[method]r.` etc. prefixes. */
  name: string;
  kind: FunctionKind;
  params: { name: string; ty: WitType }[];
  result?: WitType;
  docs: Docs;
  stability: Stability;
  externalId?: string;
}

export interface Interface {
  readonly uid: number;
  name?: string;
  types: Map<string, TypeDef>;
  functions: Map<string, Func>;
  docs: Docs;
  stability: Stability;
  package?: Package;
}

export type WorldKey = { kind: 'name'; name: string } | { kind: 'interface'; iface: Interface };

export type WorldItem =
  | { kind: 'interface'; iface: Interface; stability: Stability; docs: Docs; externalId?: string }
  | { kind: 'function'; func: Func }
  | { kind: 'type'; type: TypeDef };

/** An insertion-ordered map keyed by `WorldKey` (wit-parser's `IndexMap<WorldKey, WorldItem>`). */
export class WorldItems {
  private readonly entries = new Map<string, { key: WorldKey; item: WorldItem }>();

  private static id(key: WorldKey): string {
    return key.kind === 'name' ? `name:${key.name}` : `iface:${key.iface.uid}`;
  }

  /** Inserts or replaces (keeping the position), like `IndexMap::insert`. */
  set(key: WorldKey, item: WorldItem): void {
    this.entries.set(WorldItems.id(key), { key, item });
  }

  get(key: WorldKey): WorldItem | undefined {
    return this.entries.get(WorldItems.id(key))?.item;
  }

  get size(): number {
    return this.entries.size;
  }

  [Symbol.iterator](): IterableIterator<{ key: WorldKey; item: WorldItem }> {
    return this.entries.values();
  }
}

export interface World {
  name: string;
  imports: WorldItems;
  exports: WorldItems;
  docs: Docs;
  stability: Stability;
  package?: Package;
}

export interface Package {
  name: PackageName;
  docs: Docs;
  interfaces: Map<string, Interface>;
  worlds: Map<string, World>;
}

export const UNKNOWN_STABILITY: Stability = { kind: 'unknown' };

export function isTypeDef(ty: WitType): ty is TypeDef {
  return typeof ty !== 'string';
}

export function newTypeDef(kind: TypeDefKind, owner: TypeOwner, name?: string, externalId?: string): TypeDef {
  return {
    tag: 'typedef',
    ...(name !== undefined ? { name } : {}),
    kind,
    docs: {},
    stability: UNKNOWN_STABILITY,
    owner,
    ...(externalId !== undefined ? { externalId } : {}),
  };
}

/** The name of a kind, as `TypeDefKind::as_str` spells it in messages. */
export function typeDefKindName(kind: TypeDefKind): string {
  return kind.kind === 'fixed-length-list' ? 'fixed-length list' : kind.kind;
}

/** The types a value of this kind holds (a list's element, a record's fields, a variant's payloads…); none for a handle or a leaf. */
export function typeParts(kind: TypeDefKind): WitType[] {
  switch (kind.kind) {
    case 'list':
    case 'fixed-length-list':
    case 'option':
    case 'type':
      return [kind.ty];
    case 'future':
    case 'stream':
      return kind.ty ? [kind.ty] : [];
    case 'tuple':
      return kind.types;
    case 'record':
      return kind.fields.map((f) => f.ty);
    case 'variant':
      return kind.cases.flatMap((c) => (c.ty ? [c.ty] : []));
    case 'result':
      return [kind.ok, kind.err].filter((t): t is WitType => t !== undefined);
    case 'map':
      return [kind.key, kind.value];
    default:
      return [];
  }
}

/** `Function::item_name`: the name without its `[method]r.`-style prefix. */
export function funcItemName(func: Func): string {
  switch (func.kind.kind) {
    case 'freestanding':
    case 'async-freestanding':
      return func.name;
    case 'constructor':
      return 'constructor';
    default:
      return func.name.slice(func.name.indexOf('.') + 1);
  }
}

export function funcResource(func: Func): TypeDef | undefined {
  return 'resource' in func.kind ? func.kind.resource : undefined;
}

/** `Display for PackageName`: `ns:name@version`. */
export function packageNameText(name: PackageName): string {
  return `${name.namespace}:${name.name}${name.version ? `@${formatVersion(name.version)}` : ''}`;
}
