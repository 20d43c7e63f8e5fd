/**
 * World `include` and elaboration (wit-parser's `process_world_includes` and
 * `elaborate_world`): a world's imports gain every interface its items depend on, and its
 * exports are checked not to need both an imported and an exported copy of an interface.
 */
import type { Location } from '../diagnostic';
import type { Remap } from './link';
import {
  cloneFunction,
  cloneTypeDef,
  functionResource,
  stabilityEquals,
  WorldItems,
  type IncludeName,
  type InterfaceId,
  type PackageId,
  type Stability,
  type WorldId,
  type WorldItem,
  type WorldKey,
} from './model';
import type { Resolve } from './resolve';
import { formatVersion } from '../syntax/semver';

export function processWorldIncludes(resolve: Resolve, remap: Remap, id: WorldId, pkg: PackageId): void {
  const world = resolve.worlds[id]!;
  const includes = world.includes;
  world.includes = [];
  for (const include of includes) {
    if (!resolve.includeStability(include.stability, pkg, include.span)) continue;
    resolveInclude(resolve, remap, id, include.id, include.names, include.span);
  }
  validateCaseInsensitiveNames(resolve, id);
}

/** `[method]a.b` renamed by `include … with { a as c }` is `[method]c.b`. */
function rename(original: string, include: IncludeName): string | undefined {
  if (original === include.name) return include.as;
  const close = original.indexOf(']');
  if (close < 0) return undefined;
  const kind = original.slice(0, close);
  const rest = original.slice(close + 1);
  const dot = rest.indexOf('.');
  if (dot >= 0 && rest.slice(0, dot) === include.name) return `${kind}]${include.as}.${rest.slice(dot + 1)}`;
  if (rest === include.name) return `${kind}]${include.as}`;
  return undefined;
}

function resolveInclude(
  resolve: Resolve,
  remap: Remap,
  id: WorldId,
  includeOrig: WorldId,
  names: IncludeName[],
  span: Location,
): void {
  const includeId = remap.mapWorld(includeOrig, span);
  if (includeId === undefined) return;
  const world = resolve.worlds[id]!;
  const included = resolve.worlds[includeId]!;
  const isExternal = world.package !== included.package;

  let unmatched = names;
  for (const { key } of [...included.imports, ...included.exports]) {
    if (key.kind === 'name') unmatched = unmatched.filter((n) => rename(key.name, n) === undefined);
  }
  if (unmatched.length > 0) {
    resolve.sink.error(
      span,
      `no import or export kebab-name \`${unmatched[0]!.name}\`. Note that an ID does not support renaming`,
      'invalid-include',
    );
    return;
  }
  for (const entry of [...included.imports]) includeItem(resolve, names, world.imports, entry, span, 'import', isExternal);
  for (const entry of [...included.exports]) includeItem(resolve, names, world.exports, entry, span, 'export', isExternal);
}

function includeItem(
  resolve: Resolve,
  names: IncludeName[],
  items: WorldItems,
  { key, item }: { key: WorldKey; item: WorldItem },
  span: Location,
  itemType: string,
  isExternal: boolean,
): void {
  if (key.kind === 'name') {
    const name = names.map((n) => rename(key.name, n)).find((n) => n !== undefined) ?? key.name;
    let copy: WorldItem;
    if (item.kind === 'function') copy = { kind: 'function', func: { ...cloneFunction(item.func), name } };
    else if (item.kind === 'type') {
      resolve.types.push({ ...cloneTypeDef(resolve.types[item.id]!), name });
      copy = { kind: 'type', id: resolve.types.length - 1, span: item.span };
    } else copy = { ...item };
    const newKey: WorldKey = { kind: 'name', name };
    if (items.has(newKey)) {
      resolve.sink.error(span, `${itemType} of \`${name}\` shadows previously ${itemType}ed items`, 'world-conflict');
      return;
    }
    items.set(newKey, copy);
    return;
  }
  let existing = items.get(key);
  if (!existing) {
    existing = { ...item };
    items.set(key, existing);
  }
  if (item.kind === 'interface' && existing.kind === 'interface') {
    existing.stability = mergeIncludeStability(resolve, item.stability, existing.stability, isExternal, item.span ?? span);
  }
}

function mergeIncludeStability(resolve: Resolve, from: Stability, into: Stability, isExternal: boolean, span: Location): Stability {
  if (isExternal && from.kind === 'stable') return { kind: 'unknown' };
  if (from.kind === 'unknown' || stabilityEquals(from, into)) return into;
  if (into.kind === 'unknown') return from;
  resolve.sink.error(span, `mismatch in stability from '${describeStability(from)}' to '${describeStability(into)}'`, 'invalid-gate');
  return into;
}

function describeStability(s: Stability): string {
  switch (s.kind) {
    case 'unknown':
      return 'Unknown';
    case 'stable':
      return `Stable { since: ${formatVersion(s.since)} }`;
    case 'unstable':
      return `Unstable { feature: "${s.feature}" }`;
  }
}

function validateCaseInsensitiveNames(resolve: Resolve, id: WorldId): void {
  const world = resolve.worlds[id]!;
  const check = (items: WorldItems, itemType: string) => {
    const seen = new Map<string, string>();
    for (const { key } of items) {
      if (key.kind !== 'name') continue;
      const lower = key.name.toLowerCase();
      const existing = seen.get(lower);
      if (existing !== undefined && existing !== key.name) {
        resolve.sink.error(
          world.span,
          `${itemType} \`${key.name}\` in world \`${world.name}\` conflicts with ${itemType} \`${existing}\` (kebab-case identifiers are case-insensitive)`,
          'world-conflict',
        );
        return;
      }
      seen.set(lower, key.name);
    }
  };
  check(world.imports, 'import');
  check(world.exports, 'export');
}

/** The order in which a world's items are printed (interfaces, types, functions). */
function sortKey(resolve: Resolve, item: WorldItem): number {
  switch (item.kind) {
    case 'interface':
      return 0;
    case 'type': {
      const ty = resolve.types[item.id]!;
      if (ty.kind.kind === 'type' && typeof ty.kind.type === 'number') {
        const target = resolve.types[ty.kind.type]!;
        const sameOwner =
          target.owner.kind === ty.owner.kind && (target.owner.kind === 'none' || target.owner.id === (ty.owner as { id: number }).id);
        if (!sameOwner) return 1;
      }
      return 2;
    }
    case 'function':
      return functionResource(item.func.kind) === undefined ? 3 : 4;
  }
}

function sortedEntries(resolve: Resolve, items: Iterable<{ key: WorldKey; item: WorldItem }>) {
  return [...items].map((e, i) => ({ ...e, i })).sort((a, b) => sortKey(resolve, a.item) - sortKey(resolve, b.item) || a.i - b.i);
}

export function elaborateWorld(resolve: Resolve, id: WorldId, span: Location): void {
  const world = resolve.worlds[id]!;
  const imports = new WorldItems();
  for (const { key, item } of sortedEntries(resolve, world.imports)) {
    if (item.kind === 'interface') {
      elaborateImport(resolve, imports, key, item.id, item.stability, item);
    } else if (item.kind === 'function') {
      imports.set(key, item);
    } else {
      const dep = resolve.typeInterfaceDep(item.id);
      if (dep !== undefined) {
        elaborateImport(resolve, imports, { kind: 'interface', id: dep }, dep, resolve.types[item.id]!.stability);
      }
      imports.set(key, item);
    }
  }

  const exports = new WorldItems();
  const exportInterfaces = new WorldItems();
  for (const { key, item } of world.exports) {
    if (item.kind === 'interface') exportInterfaces.set(key, item);
    else if (item.kind === 'function') exports.set(key, item);
  }

  const requiredImports = new Set<InterfaceId>();
  for (const { key, item } of exportInterfaces) {
    if (!addExport(resolve, imports, exports, exportInterfaces, requiredImports, key, item, true)) {
      resolve.sink.error(
        span,
        `interface \`${resolve.nameWorldKey(key)}\` transitively depends on an interface in incompatible ways`,
        'transitive-dependency',
      );
      break;
    }
  }

  const sorted = new WorldItems();
  for (const { key, item } of sortedEntries(resolve, imports)) sorted.set(key, item);
  world.imports = sorted;
  world.exports = exports;
}

function elaborateImport(
  resolve: Resolve,
  imports: WorldItems,
  key: WorldKey,
  id: InterfaceId,
  stability: Stability,
  original?: Extract<WorldItem, { kind: 'interface' }>,
): void {
  if (imports.has(key)) return;
  for (const dep of resolve.interfaceDirectDeps(id)) {
    elaborateImport(resolve, imports, { kind: 'interface', id: dep }, dep, stability);
  }
  imports.set(key, {
    kind: 'interface',
    id,
    stability,
    ...(original?.externalId !== undefined ? { externalId: original.externalId } : {}),
  });
}

function addExport(
  resolve: Resolve,
  imports: WorldItems,
  exports: WorldItems,
  exportInterfaces: WorldItems,
  requiredImports: Set<InterfaceId>,
  key: WorldKey,
  item: WorldItem,
  isExport: boolean,
): boolean {
  if (exports.has(key)) return isExport;
  if (item.kind !== 'interface') return true;
  if (!isExport && requiredImports.has(item.id)) return true;
  for (const dep of resolve.interfaceDirectDeps(item.id)) {
    const depKey: WorldKey = { kind: 'interface', id: dep };
    const depItem: WorldItem = {
      kind: 'interface',
      id: dep,
      stability: item.stability,
      ...(item.externalId !== undefined ? { externalId: item.externalId } : {}),
    };
    if (!addExport(resolve, imports, exports, exportInterfaces, requiredImports, depKey, depItem, isExport && exportInterfaces.has(depKey))) {
      return false;
    }
  }
  if (isExport) {
    if (requiredImports.has(item.id)) return false;
    exports.set(key, item);
  } else {
    requiredImports.add(item.id);
    if (!imports.has(key)) imports.set(key, item);
  }
  return true;
}
