/**
 * Turns the component types of a WIT package binary into WIT packages: a port
 * of wit-parser's `WitPackageDecoder` (crates/wit-parser/src/decoding.rs), with
 * its rules and error messages. Interfaces of other packages that the binary
 * imports become (partial) foreign packages, in dependency order, and the
 * package of the binary itself comes last.
 */
import { parseComponentName, interfaceVersion, type ComponentNameKind, type InterfaceName } from './names';
import { DecodeError } from './reader';
import type { AnyTypeId, ComponentItem, ComponentType, DefinedType, ValType } from './types';
import {
  WorldItems,
  UNKNOWN_STABILITY,
  isTypeDef,
  newTypeDef,
  packageNameText,
  typeDefKindName,
  type Func,
  type FunctionKind,
  type Interface,
  type Package,
  type PackageName,
  type TypeDef,
  type TypeDefKind,
  type TypeOwner,
  type WitType,
  type World,
  type WorldItem,
  type WorldKey,
} from './witModel';

export interface PackageFields {
  interfaces: Map<string, Interface>;
  worlds: Map<string, World>;
}

/** The decoded packages, in `Resolve` order (dependencies first), and which one the binary encodes. */
export interface DecodedPackages {
  packages: Package[];
  main: Package;
}

export function fail(message: string): DecodeError {
  return new DecodeError(message);
}

/** Runs `f`, adding `context` to any decoding error (anyhow's `.with_context`). */
export function withContext<T>(context: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DecodeError) throw e.within(context);
    throw e;
  }
}

/** `ComponentName::new(name, 0)` as the decoder uses it: a parse failure is an error at offset 0. */
export function componentName(name: string): ComponentNameKind {
  const parsed = parseComponentName(name);
  if (!parsed.ok) throw fail(`${parsed.message} (at offset 0x0)`);
  return parsed.name;
}

/** `InterfaceNameExt::to_package_name`. */
export function toPackageName(name: InterfaceName, item: ComponentItem): PackageName {
  const version = interfaceVersion(name, item.versionSuffix);
  if (!version.ok) throw fail(version.message);
  return { namespace: name.namespace, name: name.package, ...(version.version ? { version: version.version } : {}) };
}

function newInterface(uid: number, name?: string): Interface {
  return {
    uid,
    ...(name !== undefined ? { name } : {}),
    types: new Map(),
    functions: new Map(),
    docs: {},
    stability: UNKNOWN_STABILITY,
  };
}

function newPackage(name: PackageName): Package {
  return { name, docs: {}, interfaces: new Map(), worlds: new Map() };
}

export class WitPackageDecoder {
  private readonly foreignPackages = new Map<string, Package>();
  private readonly ifaceToPackage = new Map<Interface, string>();
  private readonly namedInterfaces = new Map<string, Interface>();
  /** Resources by owner (interface or world) and name, for `[method]r.f`-style names. */
  private readonly resources = new Map<Interface | World, Map<string, TypeDef>>();
  /** What each type id (by uid) was translated to. */
  private readonly typeMap = new Map<number, TypeDef>();
  private nextInterface = 0;

  // ---- Package-level entry points ----

  decodeV1Package(name: string, component: ComponentType, item: ComponentItem): Package {
    for (const [importName, importItem] of component.imports) {
      withContext(`failed to process import \`${importName}\``, () => this.registerImport(importName, importItem));
    }
    const parsed = componentName(name);
    if (parsed.kind !== 'interface' || parsed.name.interface !== 'wit') {
      throw fail(`package name is not a valid id: ${name}`);
    }
    const pkg = newPackage(toPackageName(parsed.name, item));
    for (const [exportName, exportItem] of component.exports) {
      const ty = exportItem.ty;
      if (ty.kind === 'instance') {
        withContext(`failed to process export \`${exportName}\``, () => this.registerInterface(exportName, exportItem, pkg));
      } else if (ty.kind === 'component') {
        const world = ty.id.component;
        withContext(`failed to process export \`${exportName}\``, () => this.registerWorld(exportName, world, pkg));
      } else {
        throw fail(`component export \`${exportName}\` is not an instance or component`);
      }
    }
    return pkg;
  }

  decodeInterface(name: string, imports: Map<string, ComponentItem>, item: ComponentItem, fields: PackageFields): PackageName {
    const parsed = withContext('expected world name to have an ID form', () => this.parseComponentName(name));
    if (parsed.kind !== 'interface') throw fail('expected world name to be fully qualified');
    const pkg = toPackageName(parsed.name, item);
    for (const [importName, importItem] of imports) {
      withContext(`failed to process import \`${importName}\``, () => this.registerImport(importName, importItem));
    }
    this.registerInterface(name, item, fields);
    return pkg;
  }

  decodeWorld(name: string, item: ComponentItem, fields: PackageFields): PackageName {
    if (item.ty.kind !== 'component') throw fail(`\`${name}\` is not a component`);
    const world = item.ty.id.component;
    const parsed = withContext('expected world name to have an ID form', () => this.parseComponentName(name));
    if (parsed.kind !== 'interface') throw fail('expected world name to be fully qualified');
    const pkg = toPackageName(parsed.name, item);
    this.registerWorld(name, world, fields);
    return pkg;
  }

  // ---- Interfaces ----

  private decodeWorldInstance(name: string, item: ComponentItem, fields: PackageFields): { key: WorldKey; item: WorldItem } {
    let key: WorldKey;
    let iface: Interface;
    if (item.implements !== undefined) {
      iface = this.registerImport(item.implements, item);
      key = { kind: 'name', name };
    } else {
      const parsed = this.parseComponentName(name);
      if (parsed.kind === 'interface') {
        iface = this.registerImport(name, item);
        key = { kind: 'interface', iface };
      } else {
        ({ key, iface } = this.registerInterface(name, item, fields));
      }
    }
    return {
      key,
      item: {
        kind: 'interface',
        iface,
        stability: UNKNOWN_STABILITY,
        docs: {},
        ...(item.externalId !== undefined ? { externalId: item.externalId } : {}),
      },
    };
  }

  /**
   * `name` is an interface of another package (whose view is filled in lazily,
   * with just what this binary shows of it) or one defined earlier in this
   * package (whose types must then line up with its definition).
   */
  private registerImport(name: string, item: ComponentItem): Interface {
    if (item.ty.kind !== 'instance') throw fail(`import \`${name}\` is not an instance`);
    const instance = item.ty.id.instance;
    const local = this.namedInterfaces.get(name);
    const iface = local ?? this.extractDepInterface(name, item);
    const owner: TypeOwner = { kind: 'interface', iface };
    for (const [exportName, exportItem] of instance.exports) {
      const ty = exportItem.ty;
      if (ty.kind === 'type') {
        const existing = iface.types.get(exportName);
        if (existing) {
          if (ty.referenced.kind === 'defined') this.registerDefined(existing, ty.referenced.def);
          else if (ty.referenced.kind !== 'resource') throw fail(`instance type export \`${exportName}\` is not a value type`);
          if (this.typeMap.has(ty.created.uid)) {
            throw fail(`instance type export \`${exportName}\` is registered twice`);
          }
          this.typeMap.set(ty.created.uid, existing);
        } else {
          if (local) throw fail(`instance type export \`${exportName}\` not defined in interface`);
          const id = this.registerTypeExport(exportName, exportItem, owner);
          iface.types.set(exportName, id);
        }
      } else if (ty.kind === 'func') {
        if (iface.functions.has(exportName)) continue;
        if (local) throw fail(`instance function export \`${exportName}\` not defined in interface`);
        iface.functions.set(exportName, this.convertFunction(exportName, exportItem, owner));
      } else {
        throw fail(`instance type export \`${exportName}\` is not a type`);
      }
    }
    return iface;
  }

  private findAlias(id: AnyTypeId): TypeDef | undefined {
    let cur: AnyTypeId | undefined = id;
    while (cur) {
      const found = this.typeMap.get(cur.uid);
      if (found) return found;
      cur = cur.aliasOf;
    }
    return undefined;
  }

  private extractDepInterface(nameString: string, item: ComponentItem): Interface {
    const parsed = componentName(nameString);
    if (parsed.kind !== 'interface') throw fail(`package name is not a valid id: ${nameString}`);
    const packageName = toPackageName(parsed.name, item);
    const key = packageNameText(packageName);
    let pkg = this.foreignPackages.get(key);
    if (!pkg) {
      pkg = newPackage(packageName);
      this.foreignPackages.set(key, pkg);
    }
    let iface = pkg.interfaces.get(parsed.name.interface);
    if (!iface) {
      iface = newInterface(this.nextInterface++, parsed.name.interface);
      pkg.interfaces.set(parsed.name.interface, iface);
    }
    this.ifaceToPackage.set(iface, key);
    return iface;
  }

  /** Translates an instance type into an interface: named (`ns:pkg/name`) ones join the package. */
  private registerInterface(name: string, item: ComponentItem, fields: PackageFields): { key: WorldKey; iface: Interface } {
    if (item.ty.kind !== 'instance') throw fail(`\`${name}\` is not an instance`);
    const instance = item.ty.id.instance;
    if (this.namedInterfaces.has(name)) {
      const iface = this.registerImport(name, item);
      return { key: { kind: 'interface', iface }, iface };
    }
    const interfaceName = this.extractInterfaceName(name);
    const iface = newInterface(this.nextInterface++, interfaceName);
    const owner: TypeOwner = { kind: 'interface', iface };
    for (const [exportName, exportItem] of instance.exports) {
      const ty = exportItem.ty;
      if (ty.kind === 'type') {
        const id = withContext(`failed to register type export '${exportName}'`, () =>
          this.registerTypeExport(exportName, exportItem, owner),
        );
        iface.types.set(exportName, id);
      } else if (ty.kind === 'func') {
        const func = withContext(`failed to convert function '${exportName}'`, () =>
          this.convertFunction(exportName, exportItem, owner),
        );
        iface.functions.set(exportName, func);
      } else {
        throw fail(`instance type export \`${exportName}\` is not a type or function`);
      }
    }
    if (interfaceName === undefined) return { key: { kind: 'name', name }, iface };
    if (fields.interfaces.has(interfaceName)) throw fail(`duplicate interface added for "${name}"`);
    fields.interfaces.set(interfaceName, iface);
    this.namedInterfaces.set(name, iface);
    return { key: { kind: 'interface', iface }, iface };
  }

  private parseComponentName(name: string): ComponentNameKind {
    return withContext(`cannot extract item name from: ${name}`, () => componentName(name));
  }

  private extractInterfaceName(name: string): string | undefined {
    const parsed = this.parseComponentName(name);
    if (parsed.kind === 'interface') return parsed.name.interface;
    if (parsed.kind === 'label') return undefined;
    throw fail(`cannot extract item name from: ${name}`);
  }

  // ---- Types ----

  private registerTypeExport(name: string, item: ComponentItem, owner: TypeOwner): TypeDef {
    if (item.ty.kind !== 'type') throw fail(`\`${name}\` is not a type`);
    const { referenced, created } = item.ty;
    const prev = this.findAlias(referenced);
    let kind: TypeDefKind;
    if (prev) {
      kind = { kind: 'type', ty: prev };
    } else if (referenced.kind === 'defined') {
      const def = referenced.def;
      kind = withContext('failed to convert unaliased type', () => this.convertDefined(def));
    } else if (referenced.kind === 'resource') {
      kind = { kind: 'resource' };
    } else {
      throw fail(`type export \`${name}\` is not a value type or resource`);
    }
    const ty = newTypeDef(kind, owner, name, item.externalId);
    if (kind.kind === 'resource' && owner.kind !== 'none') {
      const key = owner.kind === 'interface' ? owner.iface : owner.world;
      let byName = this.resources.get(key);
      if (!byName) this.resources.set(key, (byName = new Map()));
      byName.set(name, ty);
    }
    if (this.typeMap.has(created.uid)) {
      throw fail(
        `cannot represent this component in WIT: the type \`${name}\` appears more than once ` +
          '(for example, when an imported instance is re-exported under a new name)',
      );
    }
    this.typeMap.set(created.uid, ty);
    return ty;
  }

  // ---- Worlds ----

  private registerWorld(name: string, ty: ComponentType, fields: PackageFields): World {
    const worldName = this.extractInterfaceName(name);
    if (worldName === undefined) throw fail('expected world name to have an ID form');
    const world: World = {
      name: worldName,
      imports: new WorldItems(),
      exports: new WorldItems(),
      docs: {},
      stability: UNKNOWN_STABILITY,
    };
    const owner: TypeOwner = { kind: 'world', world };
    for (const [importName, item] of ty.imports) {
      let entry: { key: WorldKey; item: WorldItem };
      if (item.ty.kind === 'instance') entry = this.decodeWorldInstance(importName, item, fields);
      else if (item.ty.kind === 'type') {
        entry = { key: { kind: 'name', name: importName }, item: { kind: 'type', type: this.registerTypeExport(importName, item, owner) } };
      } else if (item.ty.kind === 'func') {
        entry = {
          key: { kind: 'name', name: importName },
          item: { kind: 'function', func: this.convertFunction(importName, item, owner) },
        };
      } else {
        throw fail(`component import \`${importName}\` is not an instance, func, or type`);
      }
      world.imports.set(entry.key, entry.item);
    }
    for (const [exportName, item] of ty.exports) {
      let entry: { key: WorldKey; item: WorldItem };
      if (item.ty.kind === 'instance') entry = this.decodeWorldInstance(exportName, item, fields);
      else if (item.ty.kind === 'func') {
        entry = {
          key: { kind: 'name', name: exportName },
          item: { kind: 'function', func: this.convertFunction(exportName, item, owner) },
        };
      } else {
        throw fail(`component export \`${exportName}\` is not an instance or function`);
      }
      world.exports.set(entry.key, entry.item);
    }
    if (fields.worlds.has(worldName)) throw fail(`duplicate world added for "${name}"`);
    fields.worlds.set(worldName, world);
    return world;
  }

  // ---- Functions and value types ----

  private convertFunction(name: string, item: ComponentItem, owner: TypeOwner): Func {
    if (item.ty.kind !== 'func') throw fail(`\`${name}\` is not a function`);
    const ty = item.ty.id.func;
    const parsed = componentName(name);
    const params = withContext('failed to convert params', () =>
      ty.params.map(([paramName, paramTy]) => ({ name: paramName, ty: this.convertValType(paramTy) })),
    );
    const result = ty.result
      ? withContext('failed to convert anonymous result type', () => this.convertValType(ty.result as ValType))
      : undefined;
    const resource = (resourceName: string): TypeDef => {
      const key = owner.kind === 'interface' ? owner.iface : owner.kind === 'world' ? owner.world : undefined;
      const found = key && this.resources.get(key)?.get(resourceName);
      if (!found) throw fail(`function \`${name}\` refers to resource \`${resourceName}\`, which is not defined here`);
      return found;
    };
    let kind: FunctionKind;
    switch (parsed.kind) {
      case 'label':
        kind = { kind: ty.async ? 'async-freestanding' : 'freestanding' };
        break;
      case 'constructor':
        kind = { kind: 'constructor', resource: resource(parsed.resource) };
        break;
      case 'method':
        kind = { kind: ty.async ? 'async-method' : 'method', resource: resource(parsed.resource) };
        break;
      case 'static':
        kind = { kind: ty.async ? 'async-static' : 'static', resource: resource(parsed.resource) };
        break;
      default:
        throw fail(`function name \`${name}\` is not a plain or resource function name`);
    }
    return {
      name,
      kind,
      params,
      ...(result !== undefined ? { result } : {}),
      docs: {},
      stability: UNKNOWN_STABILITY,
      ...(item.externalId !== undefined ? { externalId: item.externalId } : {}),
    };
  }

  private convertValType(ty: ValType): WitType {
    if (ty.kind === 'primitive') return ty.prim;
    const known = this.typeMap.get(ty.id.uid);
    if (known) return known;
    const kind = this.convertDefined(ty.id.def);
    switch (kind.kind) {
      case 'resource':
      case 'record':
      case 'enum':
      case 'variant':
      case 'flags':
        throw fail(`unexpected unnamed type of kind '${typeDefKindName(kind)}'`);
    }
    const def = newTypeDef(kind, { kind: 'none' });
    this.typeMap.set(ty.id.uid, def);
    return def;
  }

  private convertDefined(ty: DefinedType): TypeDefKind {
    const vt = (t: ValType): WitType => this.convertValType(t);
    switch (ty.kind) {
      case 'primitive':
        return { kind: 'type', ty: ty.prim };
      case 'list':
        return { kind: 'list', ty: vt(ty.element) };
      case 'map':
        return { kind: 'map', key: vt(ty.key), value: vt(ty.value) };
      case 'fixed-length-list':
        return { kind: 'fixed-length-list', ty: vt(ty.element), length: ty.length };
      case 'tuple':
        return { kind: 'tuple', types: ty.types.map(vt) };
      case 'option':
        return { kind: 'option', ty: vt(ty.ty) };
      case 'result':
        return {
          kind: 'result',
          ...(ty.ok ? { ok: vt(ty.ok) } : {}),
          ...(ty.err ? { err: vt(ty.err) } : {}),
        };
      case 'record':
        return {
          kind: 'record',
          fields: ty.fields.map(([name, fieldTy]) => ({
            name,
            ty: withContext(`failed to convert record field '${name}'`, () => vt(fieldTy)),
            docs: {},
          })),
        };
      case 'variant':
        return {
          kind: 'variant',
          cases: ty.cases.map((c) => ({ name: c.name, ...(c.ty ? { ty: vt(c.ty) } : {}), docs: {} })),
        };
      case 'flags':
        return { kind: 'flags', flags: ty.names.map((name) => ({ name, docs: {} })) };
      case 'enum':
        return { kind: 'enum', cases: ty.names.map((name) => ({ name, docs: {} })) };
      case 'own':
      case 'borrow': {
        const resource = this.typeMap.get(ty.resource.uid);
        if (!resource) throw fail(`the resource of a \`${ty.kind}\` handle is not a named type`);
        return { kind: ty.kind, resource };
      }
      case 'future':
      case 'stream':
        return { kind: ty.kind, ...(ty.ty ? { ty: vt(ty.ty) } : {}) };
    }
  }

  /**
   * The `Registrar`: checks that the binary's structure of a type matches the
   * WIT type it was already decoded to, and records the binary's anonymous
   * types as those WIT types.
   */
  private registerDefined(id: TypeDef, def: DefinedType): void {
    const kind = id.kind;
    const named = kind.kind === 'type' && isTypeDef(kind.ty);
    const expect = <K extends TypeDefKind['kind']>(k: K, what: string): Extract<TypeDefKind, { kind: K }> | undefined => {
      if (kind.kind === k) return kind as Extract<TypeDefKind, { kind: K }>;
      if (named) return undefined;
      throw fail(`expected ${what}`);
    };
    switch (def.kind) {
      case 'primitive':
      case 'flags':
      case 'enum':
      case 'own':
      case 'borrow':
        return;
      case 'list': {
        const k = expect('list', 'a list');
        if (k) this.registerValType(def.element, k.ty);
        return;
      }
      case 'map': {
        const k = expect('map', 'a map');
        if (k) {
          this.registerValType(def.key, k.key);
          this.registerValType(def.value, k.value);
        }
        return;
      }
      case 'fixed-length-list': {
        if (kind.kind === 'fixed-length-list' && kind.length === def.length) this.registerValType(def.element, kind.ty);
        else if (!named) throw fail(`expected a fixed-length ${def.length} list`);
        return;
      }
      case 'tuple': {
        const k = expect('tuple', 'a tuple');
        if (!k) return;
        if (k.types.length !== def.types.length) throw fail('mismatched number of tuple fields');
        def.types.forEach((t, i) => this.registerValType(t, k.types[i]));
        return;
      }
      case 'option': {
        const k = expect('option', 'an option');
        if (k) this.registerValType(def.ty, k.ty);
        return;
      }
      case 'result': {
        const k = expect('result', 'a result');
        if (!k) return;
        for (const [a, b] of [
          [def.ok, k.ok],
          [def.err, k.err],
        ] as const) {
          if (a && b) this.registerValType(a, b);
          else if (a || b) throw fail('disagreement on result structure');
        }
        return;
      }
      case 'record': {
        const k = expect('record', 'a record');
        if (!k) return;
        if (k.fields.length !== def.fields.length) throw fail('mismatched number of record fields');
        def.fields.forEach(([name, t], i) => {
          if (name !== k.fields[i].name) throw fail('mismatched field order');
          this.registerValType(t, k.fields[i].ty);
        });
        return;
      }
      case 'variant': {
        const k = expect('variant', 'a variant');
        if (!k) return;
        if (k.cases.length !== def.cases.length) throw fail('mismatched number of variant cases');
        def.cases.forEach((c, i) => {
          const witCase = k.cases[i];
          if (c.name !== witCase.name) throw fail('mismatched case order');
          if (c.ty && witCase.ty) this.registerValType(c.ty, witCase.ty);
          else if (c.ty || witCase.ty) throw fail('disagreement on case type');
        });
        return;
      }
      case 'future':
      case 'stream': {
        const k = expect(def.kind, `a ${def.kind}`);
        if (!k) return;
        if (def.ty && k.ty) this.registerValType(def.ty, k.ty);
        else if (def.ty || k.ty) throw fail(`disagreement on ${def.kind} payload`);
        return;
      }
    }
  }

  private registerValType(wasm: ValType, wit: WitType): void {
    if (wasm.kind === 'primitive') {
      if (isTypeDef(wit)) throw fail('expected a primitive type');
      return;
    }
    if (!isTypeDef(wit)) throw fail('expected id-based type');
    const prev = this.typeMap.get(wasm.id.uid);
    this.typeMap.set(wasm.id.uid, wit);
    if (!prev) this.registerDefined(wit, wasm.id.def);
  }

  // ---- Finishing ----

  /** Orders the foreign packages so that dependencies come first, then adds `main` (merging same-named packages). */
  finish(main: Package): DecodedPackages {
    const keys = [...this.foreignPackages.keys()];
    const order: string[] = [];
    const visiting = new Set<string>();
    const visit = (key: string): void => {
      if (order.includes(key) || visiting.has(key)) return;
      visiting.add(key);
      const pkg = this.foreignPackages.get(key) as Package;
      for (const iface of pkg.interfaces.values()) {
        for (const dep of interfaceDirectDeps(iface)) {
          const depKey = this.ifaceToPackage.get(dep);
          if (depKey !== undefined && depKey !== key) visit(depKey);
        }
      }
      visiting.delete(key);
      order.push(key);
    };
    for (const key of keys) visit(key);

    const packages: Package[] = [];
    const insert = (pkg: Package): Package => {
      const key = packageNameText(pkg.name);
      let target = packages.find((p) => packageNameText(p.name) === key);
      if (!target) {
        target = { name: pkg.name, docs: pkg.docs, interfaces: new Map(), worlds: new Map() };
        packages.push(target);
      }
      for (const [name, iface] of pkg.interfaces) {
        if (target.interfaces.has(name)) throw fail(`interface \`${name}\` is defined twice in package \`${key}\``);
        target.interfaces.set(name, iface);
        iface.package = target;
      }
      for (const [name, world] of pkg.worlds) {
        if (target.worlds.has(name)) throw fail(`world \`${name}\` is defined twice in package \`${key}\``);
        target.worlds.set(name, world);
        world.package = target;
        for (const { key: itemKey, item } of [...world.imports, ...world.exports]) {
          if (itemKey.kind === 'name' && item.kind === 'interface' && item.iface.name === undefined) {
            item.iface.package = target;
          }
        }
      }
      return target;
    };
    for (const key of order) insert(this.foreignPackages.get(key) as Package);
    const mainPackage = insert(main);
    return { packages, main: mainPackage };
  }
}

/** `Resolve::interface_direct_deps`: the interfaces whose types `iface` uses. */
export function interfaceDirectDeps(iface: Interface): Interface[] {
  const out: Interface[] = [];
  for (const ty of iface.types.values()) {
    const dep = typeInterfaceDep(ty);
    if (dep) out.push(dep);
  }
  return out;
}

function typeInterfaceDep(ty: TypeDef): Interface | undefined {
  if (ty.kind.kind !== 'type' || !isTypeDef(ty.kind.ty)) return undefined;
  const other = ty.kind.ty;
  if (sameOwner(ty.owner, other.owner)) return undefined;
  return other.owner.kind === 'interface' ? other.owner.iface : undefined;
}

export function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  if (a.kind === 'interface' && b.kind === 'interface') return a.iface === b.iface;
  if (a.kind === 'world' && b.kind === 'world') return a.world === b.world;
  return a.kind === 'none' && b.kind === 'none';
}
