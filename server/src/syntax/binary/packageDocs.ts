/**
 * The `package-docs` custom section: docs and stability of a package's items,
 * which the component binary format cannot carry itself. A version byte (0 or
 * 1) followed by JSON; a port of wit-parser's `PackageMetadata`
 * (crates/wit-parser/src/metadata.rs) decoding and `inject`.
 */
import { formatVersion, parseVersion, type Version } from '../semver';
import { decodeUtf8 } from './reader';
import { fail } from './decoder';
import type { Docs, Func, Interface, Package, Stability, TypeDef, World, WorldItem, WorldKey } from './witModel';

export const PACKAGE_DOCS_SECTION = 'package-docs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface TypeMetadata {
  docs?: string;
  stability: Stability;
  items: Map<string, string>;
}

type FunctionMetadata = { docs?: string; stability?: Stability };

interface InterfaceMetadata {
  docs?: string;
  stability: Stability;
  funcs: Map<string, FunctionMetadata>;
  types: Map<string, TypeMetadata>;
}

interface WorldMetadata {
  docs?: string;
  stability: Stability;
  interfaceImportsOrExports: Map<string, InterfaceMetadata>;
  types: Map<string, TypeMetadata>;
  funcImportsOrExports: Map<string, FunctionMetadata>;
  interfaceExports: Map<string, InterfaceMetadata>;
  funcExports: Map<string, FunctionMetadata>;
  interfaceImportStability: Map<string, Stability>;
  interfaceExportStability: Map<string, Stability>;
  interfaceImportDocs: Map<string, string>;
  interfaceExportDocs: Map<string, string>;
}

export interface PackageMetadata {
  docs?: string;
  worlds: Map<string, WorldMetadata>;
  interfaces: Map<string, InterfaceMetadata>;
}

// ---- Reading the JSON (serde's `deny_unknown_fields` structures) ----

function object(value: Json, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`invalid type: expected ${what}`);
  return value;
}

function fields(value: Json, what: string, known: string[]): JsonObject {
  const o = object(value, what);
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) {
      throw fail(`unknown field \`${key}\`, expected one of ${known.map((k) => `\`${k}\``).join(', ')}`);
    }
  }
  return o;
}

function optString(value: Json | undefined, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fail(`invalid type: expected ${what} to be a string`);
  return value;
}

function map<T>(value: Json | undefined, item: (v: Json, key: string) => T): Map<string, T> {
  const out = new Map<string, T>();
  if (value === undefined) return out;
  for (const [key, v] of Object.entries(object(value, 'a map'))) out.set(key, item(v, key));
  return out;
}

function version(value: Json | undefined): Version | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fail('invalid type: expected a version string');
  const parsed = parseVersion(value);
  if (!parsed.ok) throw fail(parsed.message);
  return parsed.version;
}

function stability(value: Json | undefined): Stability {
  if (value === undefined || value === 'unknown') return { kind: 'unknown' };
  const o = object(value, 'a stability');
  const [tag, ...rest] = Object.keys(o);
  if (rest.length > 0) throw fail('invalid stability: expected a single variant');
  if (tag === 'unstable') {
    const body = fields(o[tag], 'unstable stability', ['feature', 'deprecated']);
    const feature = optString(body.feature, 'feature');
    if (feature === undefined) throw fail('missing field `feature`');
    const deprecated = version(body.deprecated);
    return { kind: 'unstable', feature, ...(deprecated ? { deprecated } : {}) };
  }
  if (tag === 'stable') {
    const body = fields(o[tag], 'stable stability', ['since', 'deprecated']);
    const since = version(body.since);
    if (!since) throw fail('missing field `since`');
    const deprecated = version(body.deprecated);
    return { kind: 'stable', since, ...(deprecated ? { deprecated } : {}) };
  }
  throw fail(`unknown variant \`${tag}\`, expected one of \`unknown\`, \`unstable\`, \`stable\``);
}

function typeMetadata(value: Json): TypeMetadata {
  const o = fields(value, 'type metadata', ['docs', 'stability', 'items']);
  const docs = optString(o.docs, 'docs');
  return {
    ...(docs !== undefined ? { docs } : {}),
    stability: stability(o.stability),
    items: map(o.items, (v) => optString(v, 'item docs') ?? ''),
  };
}

function functionMetadata(value: Json): FunctionMetadata {
  // Untagged: either just the docs (the v0 form) or an object with docs and stability.
  if (value === null) return {};
  if (typeof value === 'string') return { docs: value };
  const o = fields(value, 'function metadata', ['docs', 'stability']);
  const docs = optString(o.docs, 'docs');
  return { ...(docs !== undefined ? { docs } : {}), stability: stability(o.stability) };
}

function interfaceMetadata(value: Json): InterfaceMetadata {
  const o = fields(value, 'interface metadata', ['docs', 'stability', 'funcs', 'types']);
  const docs = optString(o.docs, 'docs');
  return {
    ...(docs !== undefined ? { docs } : {}),
    stability: stability(o.stability),
    funcs: map(o.funcs, functionMetadata),
    types: map(o.types, typeMetadata),
  };
}

const WORLD_FIELDS = [
  'docs',
  'stability',
  'interfaces',
  'types',
  'funcs',
  'interface_exports',
  'func_exports',
  'interface_import_stability',
  'interface_export_stability',
  'interface_import_docs',
  'interface_export_docs',
];

function worldMetadata(value: Json): WorldMetadata {
  const o = fields(value, 'world metadata', WORLD_FIELDS);
  const docs = optString(o.docs, 'docs');
  return {
    ...(docs !== undefined ? { docs } : {}),
    stability: stability(o.stability),
    interfaceImportsOrExports: map(o.interfaces, interfaceMetadata),
    types: map(o.types, typeMetadata),
    funcImportsOrExports: map(o.funcs, functionMetadata),
    interfaceExports: map(o.interface_exports, interfaceMetadata),
    funcExports: map(o.func_exports, functionMetadata),
    interfaceImportStability: map(o.interface_import_stability, (v) => stability(v)),
    interfaceExportStability: map(o.interface_export_stability, (v) => stability(v)),
    interfaceImportDocs: map(o.interface_import_docs, (v) => optString(v, 'docs') ?? ''),
    interfaceExportDocs: map(o.interface_export_docs, (v) => optString(v, 'docs') ?? ''),
  };
}

/** `PackageMetadata::decode`. */
export function decodePackageDocs(data: Uint8Array): PackageMetadata {
  const first = data[0];
  if (first !== 0 && first !== 1) {
    throw fail(`expected package-docs version 1, got ${first === undefined ? 'None' : `Some(${first})`}`);
  }
  const text = decodeUtf8(data.subarray(1));
  if (text === undefined) throw fail('invalid unicode in the package-docs section');
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    throw fail(`invalid JSON in the package-docs section: ${(e as Error).message}`);
  }
  const o = fields(json, 'package metadata', ['docs', 'worlds', 'interfaces']);
  const docs = optString(o.docs, 'docs');
  return {
    ...(docs !== undefined ? { docs } : {}),
    worlds: map(o.worlds, worldMetadata),
    interfaces: map(o.interfaces, interfaceMetadata),
  };
}

// ---- Injecting it into the decoded package ----

function setDocs(target: Docs, docs: string | undefined): void {
  if (docs !== undefined) target.contents = docs;
}

function injectType(meta: TypeMetadata, ty: TypeDef): void {
  if (meta.items.size > 0) {
    const kind = ty.kind;
    const items =
      kind.kind === 'record'
        ? kind.fields
        : kind.kind === 'flags'
          ? kind.flags
          : kind.kind === 'variant' || kind.kind === 'enum'
            ? kind.cases
            : undefined;
    if (!items) throw fail(`got 'items' for unexpected type ${ty.name ?? '(anonymous)'}`);
    let unused = meta.items.size;
    for (const item of items) {
      const docs = meta.items.get(item.name);
      if (docs !== undefined) {
        item.docs.contents = docs;
        unused--;
      }
    }
    if (unused > 0) throw fail("not all 'items' match type items");
  }
  setDocs(ty.docs, meta.docs);
  ty.stability = meta.stability;
}

function injectFunction(meta: FunctionMetadata, func: Func): void {
  // Like wit-parser, the docs are replaced even when the metadata has none.
  if (meta.docs !== undefined) func.docs.contents = meta.docs;
  else delete func.docs.contents;
  if (meta.stability) func.stability = meta.stability;
}

function injectInterface(meta: InterfaceMetadata, iface: Interface): void {
  for (const [name, data] of meta.types) {
    const ty = iface.types.get(name);
    if (!ty) throw fail(`missing type "${name}"`);
    injectType(data, ty);
  }
  for (const [name, data] of meta.funcs) {
    const func = iface.functions.get(name);
    if (!func) throw fail(`missing func "${name}"`);
    injectFunction(data, func);
  }
  setDocs(iface.docs, meta.docs);
  iface.stability = meta.stability;
}

function worldKeyName(key: WorldKey): string {
  if (key.kind === 'name') return key.name;
  const iface = key.iface;
  const pkg = iface.package?.name;
  if (!pkg || iface.name === undefined) return '';
  return `${pkg.namespace}:${pkg.name}/${iface.name}${pkg.version ? `@${formatVersion(pkg.version)}` : ''}`;
}

function injectWorld(meta: WorldMetadata, world: World): void {
  const byName = (items: World['imports'], name: string): WorldItem | undefined =>
    items.get({ kind: 'name', name });
  for (const [entries, onlyExport] of [
    [meta.interfaceImportsOrExports, false],
    [meta.interfaceExports, true],
  ] as const) {
    for (const [name, data] of entries) {
      const item = onlyExport ? byName(world.exports, name) : (byName(world.imports, name) ?? byName(world.exports, name));
      if (item?.kind !== 'interface') throw fail(`missing interface "${name}"`);
      item.stability = data.stability;
      injectInterface(data, item.iface);
    }
  }
  for (const [name, data] of meta.types) {
    const item = byName(world.imports, name);
    if (item?.kind !== 'type') throw fail(`missing type "${name}"`);
    injectType(data, item.type);
  }
  // Interface imports and exports by their `name_world_key`.
  const keyed = new Map<string, WorldItem>();
  for (const [items, isImport] of [
    [world.imports, true],
    [world.exports, false],
  ] as const) {
    for (const { key, item } of items) {
      if (item.kind === 'interface') keyed.set(`${isImport}:${worldKeyName(key)}`, item);
    }
  }
  const interfaceItem = (name: string, isImport: boolean): Extract<WorldItem, { kind: 'interface' }> => {
    const item = keyed.get(`${isImport}:${name}`);
    if (!item) throw fail(`missing interface \`${name}\``);
    if (item.kind !== 'interface') throw fail(`item \`${name}\` wasn't an interface`);
    return item;
  };
  for (const [entries, isImport] of [
    [meta.interfaceImportStability, true],
    [meta.interfaceExportStability, false],
  ] as const) {
    for (const [name, s] of entries) interfaceItem(name, isImport).stability = s;
  }
  for (const [entries, isImport] of [
    [meta.interfaceImportDocs, true],
    [meta.interfaceExportDocs, false],
  ] as const) {
    for (const [name, docs] of entries) interfaceItem(name, isImport).docs.contents = docs;
  }
  for (const [entries, onlyExport] of [
    [meta.funcImportsOrExports, false],
    [meta.funcExports, true],
  ] as const) {
    for (const [name, data] of entries) {
      const item = onlyExport ? byName(world.exports, name) : (byName(world.imports, name) ?? byName(world.exports, name));
      if (item?.kind !== 'function') throw fail(`missing func "${name}"`);
      injectFunction(data, item.func);
    }
  }
  setDocs(world.docs, meta.docs);
  world.stability = meta.stability;
}

/** `PackageMetadata::inject`: overrides the docs and stability of `pkg`'s items. */
export function injectPackageDocs(meta: PackageMetadata, pkg: Package): void {
  for (const [name, data] of meta.worlds) {
    const world = pkg.worlds.get(name);
    if (!world) throw fail(`missing world "${name}"`);
    injectWorld(data, world);
  }
  for (const [name, data] of meta.interfaces) {
    const iface = pkg.interfaces.get(name);
    if (!iface) throw fail(`missing interface "${name}"`);
    injectInterface(data, iface);
  }
  setDocs(pkg.docs, meta.docs);
}
