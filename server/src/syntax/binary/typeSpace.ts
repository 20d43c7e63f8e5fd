/**
 * Gives the declarations of a component binary their type identities and
 * checks them, following wasmparser's component validator
 * (crates/wasmparser/src/validator/component.rs) for what a WIT package can
 * contain: index spaces per scope, outer and instance-export aliases, type
 * exports with `eq` and `sub resource` bounds, import/export names, and the
 * structural rules of defined and function types, with its error messages.
 */
import { interfaceVersion, isKebab, kebabKey, nameKey, parseComponentName, type ComponentNameKind } from './names';
import { DecodeError, binaryError } from './reader';
import { Remapping } from './remap';
import type { ExternName, RawAlias, RawDecl, RawDefined, RawExport, RawType, RawValType, TypeRef } from './sections';
import {
  TypeAlloc,
  type AnyTypeId,
  type ComponentId,
  type ComponentItem,
  type DefinedId,
  type DefinedType,
  type EntityType,
  type FuncId,
  type FuncType,
  type InstanceId,
  type ResourceId,
  type ValType,
} from './types';

type ScopeKind = 'component' | 'component-type' | 'instance-type';
type ExternKind = 'import' | 'export';

/** Something this decoder does not model (e.g. an instance created by instantiation). */
const UNKNOWN = undefined;

/** The resource names visible to `[method]`/`[static]`/`[constructor]` names (wasmparser's `ComponentNameContext`). */
class ResourceNames {
  private readonly byId = new Map<number, string>();
  private readonly all = new Set<string>();

  register(name: string, id: ResourceId): void {
    this.byId.set(id.uid, name);
    this.all.add(name);
  }

  has(name: string): boolean {
    return this.all.has(name);
  }

  check(id: ResourceId, name: string, offset: number): void {
    const expected = this.byId.get(id.uid);
    if (expected === undefined) {
      throw binaryError('resource used in function does not have a name in this context', offset);
    }
    if (expected !== name) throw binaryError(`function does not match expected resource name \`${expected}\``, offset);
  }
}

/** One scope's index spaces: the component itself, or a component or instance type being declared. */
export class Scope {
  readonly types: (AnyTypeId | undefined)[] = [];
  readonly funcs: (FuncId | undefined)[] = [];
  readonly instances: (InstanceId | undefined)[] = [];
  readonly components: (ComponentId | undefined)[] = [];
  readonly imports = new Map<string, ComponentItem>();
  readonly exports = new Map<string, ComponentItem>();
  /** Imports and exports in declaration order (what wit-parser's `ComponentInfo::externs` lists). */
  readonly externs: { name: string; kind: ExternKind; item: ComponentItem }[] = [];
  private readonly names = { import: new Map<string, string>(), export: new Map<string, string>() };
  private readonly resourceNames = { import: new ResourceNames(), export: new ResourceNames() };
  /** The (created) ids of imported and exported types: what other imports and exports may refer to. */
  private readonly importedTypes = new Set<number>();
  private readonly exportedTypes = new Set<number>();
  /** Resources this scope defines (by number): `sub resource` exports, and those of instances it exports. */
  private readonly definedResources: number[] = [];
  /** Set once something (an instance section, a canonical function) makes an index space unknowable. */
  instancesUnknown = false;
  funcsUnknown = false;

  constructor(
    readonly kind: ScopeKind,
    readonly alloc: TypeAlloc,
    readonly parent?: Scope,
  ) {}

  // ---- Index spaces ----

  typeAt(index: number, offset: number): AnyTypeId {
    if (index >= this.types.length) throw binaryError(`unknown type ${index}: type index out of bounds`, offset);
    const id = this.types[index];
    if (id === UNKNOWN) throw unsupported(`type ${index} comes from an instance this decoder cannot type`, offset);
    return id;
  }

  private definedAt(index: number, offset: number): DefinedId {
    const id = this.typeAt(index, offset);
    if (id.kind !== 'defined') throw binaryError(`type index ${index} is not a defined type`, offset);
    return id;
  }

  private resourceAt(index: number, offset: number): ResourceId {
    const id = this.typeAt(index, offset);
    if (id.kind !== 'resource') throw binaryError(`type index ${index} is not a resource type`, offset);
    return id;
  }

  private instanceAt(index: number, offset: number): InstanceId {
    if (this.instancesUnknown) throw unsupported(`instance ${index} has a type this decoder cannot know`, offset);
    if (index >= this.instances.length) throw binaryError(`unknown instance ${index}: instance index out of bounds`, offset);
    const id = this.instances[index];
    if (id === UNKNOWN) throw unsupported(`instance ${index} has a type this decoder cannot know`, offset);
    return id;
  }

  private addEntity(ty: EntityType): void {
    switch (ty.kind) {
      case 'func':
        this.funcs.push(ty.id);
        return;
      case 'instance':
        this.instances.push(ty.id);
        return;
      case 'component':
        this.components.push(ty.id);
        return;
      case 'type':
        this.types.push(ty.created);
        return;
      default:
        return;
    }
  }

  // ---- Types ----

  private valType(raw: RawValType, offset: number): ValType {
    return raw.kind === 'primitive' ? raw : { kind: 'type', id: this.definedAt(raw.index, offset) };
  }

  createType(raw: RawType, offset: number): AnyTypeId {
    switch (raw.kind) {
      case 'defined':
        return this.alloc.defined(this.definedType(raw.def, offset));
      case 'func':
        return this.alloc.func(this.funcType(raw, offset));
      case 'component': {
        const scope = new Scope('component-type', this.alloc, this);
        for (const decl of raw.decls) scope.declare(decl, offset);
        return this.alloc.component({ imports: scope.imports, exports: scope.exports });
      }
      case 'instance': {
        const scope = new Scope('instance-type', this.alloc, this);
        for (const decl of raw.decls) scope.declare(decl, offset);
        return this.alloc.instance({ exports: scope.exports, definedResources: scope.definedResources });
      }
      case 'resource':
        if (this.kind !== 'component') {
          throw binaryError('resources can only be defined within a concrete component', offset);
        }
        return this.alloc.resource();
    }
  }

  private definedType(raw: RawDefined, offset: number): DefinedType {
    const vt = (t: RawValType): ValType => this.valType(t, offset);
    switch (raw.kind) {
      case 'primitive':
        return raw;
      case 'record': {
        if (raw.fields.length === 0) throw binaryError('record type must have at least one field', offset);
        const seen = new Map<string, string>();
        return {
          kind: 'record',
          fields: raw.fields.map(([name, ty]) => {
            kebabName(name, 'record field', offset);
            const prev = seen.get(kebabKey(name));
            if (prev !== undefined) {
              throw binaryError(`record field name \`${name}\` conflicts with previous field name \`${prev}\``, offset);
            }
            seen.set(kebabKey(name), name);
            return [name, vt(ty)] as [string, ValType];
          }),
        };
      }
      case 'variant': {
        if (raw.cases.length === 0) throw binaryError('variant type must have at least one case', offset);
        const seen = new Map<string, string>();
        return {
          kind: 'variant',
          cases: raw.cases.map((c) => {
            kebabName(c.name, 'variant case', offset);
            const prev = seen.get(kebabKey(c.name));
            if (prev !== undefined) {
              throw binaryError(`variant case name \`${c.name}\` conflicts with previous case name \`${prev}\``, offset);
            }
            seen.set(kebabKey(c.name), c.name);
            return c.ty ? { name: c.name, ty: vt(c.ty) } : { name: c.name };
          }),
        };
      }
      case 'list':
        return { kind: 'list', element: vt(raw.element) };
      case 'map':
        return { kind: 'map', key: vt(raw.key), value: vt(raw.value) };
      case 'fixed-length-list':
        if (raw.length === 0) throw binaryError('Fixed-length lists must have more than zero elements', offset);
        return { kind: 'fixed-length-list', element: vt(raw.element), length: raw.length };
      case 'tuple':
        if (raw.types.length === 0) throw binaryError('tuple type must have at least one type', offset);
        return { kind: 'tuple', types: raw.types.map(vt) };
      case 'flags': {
        if (raw.names.length === 0) throw binaryError('flags must have at least one entry', offset);
        if (raw.names.length > 32) throw binaryError('cannot have more than 32 flags', offset);
        uniqueNames(raw.names, 'flag', (name, prev) => `flag name \`${name}\` conflicts with previous flag name \`${prev}\``, offset);
        return { kind: 'flags', names: raw.names };
      }
      case 'enum': {
        if (raw.names.length === 0) throw binaryError('enum type must have at least one variant', offset);
        uniqueNames(raw.names, 'enum tag', (name, prev) => `enum tag name \`${name}\` conflicts with previous tag name \`${prev}\``, offset);
        return { kind: 'enum', names: raw.names };
      }
      case 'option':
        return { kind: 'option', ty: vt(raw.ty) };
      case 'result':
        return {
          kind: 'result',
          ...(raw.ok ? { ok: vt(raw.ok) } : {}),
          ...(raw.err ? { err: vt(raw.err) } : {}),
        };
      case 'own':
      case 'borrow':
        return { kind: raw.kind, resource: this.resourceAt(raw.index, offset) };
      case 'future':
        return { kind: 'future', ...(raw.ty ? { ty: vt(raw.ty) } : {}) };
      case 'stream': {
        const ty = raw.ty ? vt(raw.ty) : undefined;
        const prim = ty?.kind === 'primitive' ? ty.prim : ty?.id.def.kind === 'primitive' ? ty.id.def.prim : undefined;
        if (prim === 'char') {
          throw binaryError(
            '`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now',
            offset,
          );
        }
        return { kind: 'stream', ...(ty ? { ty } : {}) };
      }
    }
  }

  private funcType(raw: Extract<RawType, { kind: 'func' }>, offset: number): FuncType {
    const seen = new Map<string, string>();
    const params = raw.params.map(([name, ty]) => {
      kebabName(name, 'function parameter', offset);
      const prev = seen.get(kebabKey(name));
      if (prev !== undefined) {
        throw binaryError(`function parameter name \`${name}\` conflicts with previous parameter name \`${prev}\``, offset);
      }
      seen.set(kebabKey(name), name);
      return [name, this.valType(ty, offset)] as [string, ValType];
    });
    const result = raw.result ? this.valType(raw.result, offset) : undefined;
    if (result && containsBorrow(result)) throw binaryError('function result cannot contain a `borrow` type', offset);
    return { async: raw.async, params, ...(result ? { result } : {}) };
  }

  // ---- Declarations ----

  declare(decl: RawDecl, offset: number): void {
    switch (decl.kind) {
      case 'core-type':
        return;
      case 'type':
        this.types.push(this.createType(decl.ty, offset));
        return;
      case 'alias':
        this.alias(decl.alias, offset);
        return;
      case 'import':
      case 'export':
        this.addExtern(decl.kind, decl.name, this.checkTypeRef(decl.ty, offset), offset);
        return;
    }
  }

  alias(alias: RawAlias, offset: number): void {
    switch (alias.kind) {
      case 'instance-export': {
        // Instances made by instantiation (in actual components) are not typed here.
        if (this.instancesUnknown || (alias.instance < this.instances.length && this.instances[alias.instance] === UNKNOWN)) {
          this.pushUnknown(alias.sort);
          return;
        }
        const item = this.instanceAt(alias.instance, offset).instance.exports.get(alias.name);
        if (!item) throw binaryError(`instance ${alias.instance} has no export named \`${alias.name}\``, offset);
        if (item.ty.kind !== alias.sort) {
          throw binaryError(`export \`${alias.name}\` for instance ${alias.instance} is not a ${alias.sort}`, offset);
        }
        this.addEntity(item.ty);
        return;
      }
      case 'core-instance-export':
        return;
      case 'outer': {
        let target: Scope = this;
        for (let i = 0; i < alias.count; i++) {
          if (!target.parent) throw binaryError(`invalid outer alias count of ${alias.count}`, offset);
          target = target.parent;
        }
        if (alias.sort === 'type') this.types.push(target.typeAt(alias.index, offset));
        else if (alias.sort === 'component') {
          if (alias.index >= target.components.length) {
            throw binaryError(`unknown component ${alias.index}: component index out of bounds`, offset);
          }
          this.components.push(target.components[alias.index]);
        }
        return;
      }
    }
  }

  private pushUnknown(sort: string): void {
    if (sort === 'type') this.types.push(UNKNOWN);
    else if (sort === 'instance') this.instances.push(UNKNOWN);
    else if (sort === 'func') this.funcs.push(UNKNOWN);
    else if (sort === 'component') this.components.push(UNKNOWN);
  }

  private checkTypeRef(ty: TypeRef, offset: number): EntityType {
    switch (ty.kind) {
      case 'module':
        return { kind: 'module' };
      case 'value':
        return { kind: 'value' };
      case 'func': {
        const id = this.typeAt(ty.index, offset);
        if (id.kind !== 'func') throw binaryError(`type index ${ty.index} is not a function type`, offset);
        return { kind: 'func', id };
      }
      case 'instance': {
        const id = this.typeAt(ty.index, offset);
        if (id.kind !== 'instance') throw binaryError(`type index ${ty.index} is not an instance type`, offset);
        return { kind: 'instance', id };
      }
      case 'component': {
        const id = this.typeAt(ty.index, offset);
        if (id.kind !== 'component') throw binaryError(`type index ${ty.index} is not a component type`, offset);
        return { kind: 'component', id };
      }
      case 'type': {
        if (ty.eq === undefined) {
          const id = this.alloc.resource();
          return { kind: 'type', referenced: id, created: id };
        }
        const referenced = this.typeAt(ty.eq, offset);
        return { kind: 'type', referenced, created: this.alloc.withUnique(referenced) };
      }
    }
  }

  /** A top-level export of the component (its export section). */
  exportItem(raw: RawExport): void {
    let ty: EntityType;
    switch (raw.sort) {
      case 'type': {
        const referenced = this.typeAt(raw.index, raw.offset);
        ty = { kind: 'type', referenced, created: this.alloc.withUnique(referenced) };
        break;
      }
      case 'func': {
        if (!this.funcsUnknown && raw.index >= this.funcs.length) {
          throw binaryError(`unknown function ${raw.index}: function index out of bounds`, raw.offset);
        }
        const id = this.funcsUnknown ? UNKNOWN : this.funcs[raw.index];
        if (id === UNKNOWN) throw unsupported('a function this decoder cannot type is exported', raw.offset);
        ty = { kind: 'func', id };
        break;
      }
      case 'instance':
        ty = { kind: 'instance', id: this.instanceAt(raw.index, raw.offset) };
        break;
      case 'component': {
        const id = this.components[raw.index];
        if (id === UNKNOWN) throw unsupported('a component this decoder cannot type is exported', raw.offset);
        ty = { kind: 'component', id };
        break;
      }
      default:
        ty = { kind: raw.sort };
    }
    this.addExtern('export', raw.name, ty, raw.offset);
  }

  // ---- Names (wasmparser's `validate_extern`) ----

  private addExtern(kind: ExternKind, name: ExternName, entity: EntityType, offset: number): void {
    // wasmparser's `add_entity`: an instance type's own resources are freshened, the
    // item joins its index space, after the check that every type it refers to is
    // itself imported or exported (is "named").
    const ty = entity.kind === 'instance' ? { kind: 'instance' as const, id: this.freshen(entity.id, kind) } : entity;
    if (ty.kind === 'type' && ty.created.kind === 'resource') {
      if (kind === 'export' && ty.created === ty.referenced) this.definedResources.push(ty.created.resource);
      this.resourceNames[kind].register(name.name, ty.created);
    }
    this.addEntity(ty);
    if (!this.registerNamedTypes(kind, ty)) {
      throw binaryError(`${ty.kind} not valid to be used as ${kind}`, offset);
    }

    const parsed = parseComponentName(name.name);
    if (!parsed.ok) {
      throw binaryError(`${kind} name \`${name.name}\` is not a valid extern name\n${parsed.message}`, offset);
    }
    const kebab = parsed.name;
    if (kind === 'export' && (kebab.kind === 'hash' || kebab.kind === 'url' || kebab.kind === 'dependency')) {
      throw binaryError(`name \`${name.name}\` is not a valid export name`, offset);
    }
    if (name.implements !== undefined) {
      if (kebab.kind !== 'label') throw binaryError(`name \`${name.name}\` is not valid with \`implements\``, offset);
      if (ty.kind !== 'instance') throw binaryError('only instances can have an `implements`', offset);
      const implemented = parseComponentName(name.implements);
      if (!implemented.ok) {
        throw binaryError(`\`${name.implements}\` is not a valid name\n${implemented.message}`, offset);
      }
      if (implemented.name.kind !== 'interface') {
        throw binaryError(`name \`${name.implements}\` must be an interface`, offset);
      }
    }
    if (name.versionSuffix !== undefined && ty.kind !== 'instance') {
      throw binaryError('only instances can have an `versionsuffix`', offset);
    }
    try {
      this.checkName(kind, kebab, name.versionSuffix, ty, offset);
    } catch (e) {
      if (e instanceof DecodeError) {
        throw new DecodeError(`${kind} name \`${name.name}\` is not valid\n${e.message}`);
      }
      throw e;
    }

    const key = nameKey(kebab);
    const prev = this.names[kind].get(key);
    if (prev !== undefined) {
      throw binaryError(`${kind} name \`${name.name}\` conflicts with previous name \`${prev}\``, offset);
    }
    this.names[kind].set(key, name.name);
    const items = kind === 'import' ? this.imports : this.exports;
    if (items.has(name.name)) {
      throw binaryError(`${kind} name \`${name.name}\` conflicts with previous name \`${name.name}\``, offset);
    }
    const item: ComponentItem = {
      ty,
      ...(name.implements !== undefined ? { implements: name.implements } : {}),
      ...(name.versionSuffix !== undefined ? { versionSuffix: name.versionSuffix } : {}),
      ...(name.externalId !== undefined ? { externalId: name.externalId } : {}),
    };
    items.set(name.name, item);
    this.externs.push({ name: name.name, kind, item });
  }

  /**
   * `prepare_instance_import` / `prepare_instance_export`: each import or export of an
   * instance type that defines resources gets fresh ones (exported ones become this
   * scope's own), so that two uses of one type do not share them.
   */
  private freshen(id: InstanceId, kind: ExternKind): InstanceId {
    const defined = id.instance.definedResources;
    if (defined.length === 0) return id;
    const mapping = new Map<number, number>();
    for (const old of defined) {
      const fresh = this.alloc.resource().resource;
      mapping.set(old, fresh);
      if (kind === 'export') this.definedResources.push(fresh);
    }
    const remap = new Remapping(this.alloc, mapping);
    const exports = new Map([...id.instance.exports].map(([name, item]): [string, ComponentItem] => [name, { ...item, ty: remap.entity(item.ty) }]));
    return this.alloc.instance({ exports, definedResources: [] });
  }

  /** wasmparser's `validate_and_register_named_types` (instance types skip the check). */
  private registerNamedTypes(kind: ExternKind, ty: EntityType): boolean {
    if (this.kind === 'instance-type') return true;
    const set = kind === 'import' ? this.importedTypes : this.exportedTypes;
    switch (ty.kind) {
      case 'type':
        if (!allNamed(ty.referenced, set)) return false;
        if (kind === 'import') this.importedTypes.add(ty.created.uid);
        this.exportedTypes.add(ty.created.uid);
        return true;
      case 'instance':
        for (const item of ty.id.instance.exports.values()) {
          if (!this.registerNamedTypes(kind, item.ty)) return false;
        }
        return true;
      case 'func':
        return funcNamed(ty.id.func, set);
      default:
        return true;
    }
  }

  private checkName(
    kind: ExternKind,
    name: ComponentNameKind,
    versionSuffix: string | undefined,
    ty: EntityType,
    offset: number,
  ): void {
    const func = (): FuncType => {
      if (ty.kind !== 'func') throw binaryError('item is not a func', offset);
      return ty.id.func;
    };
    const resources = this.resourceNames[kind];
    switch (name.kind) {
      case 'interface': {
        const version = interfaceVersion(name.name, versionSuffix);
        if (!version.ok) throw binaryError(`invalid interface version: ${version.message}`, offset);
        return;
      }
      case 'constructor': {
        const f = func();
        if (f.async) throw binaryError('constructor function cannot be async', offset);
        if (!f.result) throw binaryError('function should return one value', offset);
        let resource: ResourceId | undefined;
        if (f.result.kind === 'type') {
          const def = f.result.id.def;
          if (def.kind === 'own') resource = def.resource;
          else if (def.kind === 'result' && def.ok?.kind === 'type' && def.ok.id.def.kind === 'own') {
            resource = def.ok.id.def.resource;
          }
        }
        if (!resource) throw binaryError('function should return `(own $T)` or `(result (own $T))`', offset);
        resources.check(resource, name.resource, offset);
        return;
      }
      case 'method': {
        const f = func();
        const first = f.params[0];
        if (!first) throw binaryError('function should have at least one argument', offset);
        if (first[0] !== 'self') throw binaryError('function should have a first argument called `self`', offset);
        const self = first[1];
        if (self.kind !== 'type' || self.id.def.kind !== 'borrow') {
          throw binaryError('function should take a first argument of `(borrow $T)`', offset);
        }
        resources.check(self.id.def.resource, name.resource, offset);
        return;
      }
      case 'static':
        func();
        if (!resources.has(name.resource)) throw binaryError('static resource name is not known in this context', offset);
        return;
      default:
        return;
    }
  }
}

function kebabName(name: string, what: string, offset: number): void {
  if (isKebab(name)) return;
  if (name === '') throw binaryError(`${what} name cannot be empty`, offset);
  throw binaryError(`${what} name \`${name}\` is not in kebab case`, offset);
}

function uniqueNames(names: string[], what: string, conflict: (name: string, prev: string) => string, offset: number): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    kebabName(name, what, offset);
    const prev = seen.get(kebabKey(name));
    if (prev !== undefined) throw binaryError(conflict(name, prev), offset);
    seen.set(kebabKey(name), name);
  }
}

function containsBorrow(ty: ValType, seen = new Set<number>()): boolean {
  if (ty.kind === 'primitive' || seen.has(ty.id.uid)) return false;
  seen.add(ty.id.uid);
  const def = ty.id.def;
  const any = (tys: (ValType | undefined)[]): boolean => tys.some((t) => t !== undefined && containsBorrow(t, seen));
  switch (def.kind) {
    case 'borrow':
      return true;
    case 'record':
      return any(def.fields.map((f) => f[1]));
    case 'variant':
      return any(def.cases.map((c) => c.ty));
    case 'list':
    case 'fixed-length-list':
      return any([def.element]);
    case 'map':
      return any([def.key, def.value]);
    case 'tuple':
      return any(def.types);
    case 'option':
      return any([def.ty]);
    case 'result':
      return any([def.ok, def.err]);
    default:
      return false;
  }
}

/** `all_valtypes_named`: every type `id` refers to is in `set`. */
function allNamed(id: AnyTypeId, set: Set<number>): boolean {
  switch (id.kind) {
    case 'resource':
    case 'component':
      return true;
    case 'func':
      return funcNamed(id.func, set);
    case 'instance':
      return [...id.instance.exports.values()].every((item) => {
        const ty = item.ty;
        if (ty.kind === 'func') return funcNamed(ty.id.func, set);
        if (ty.kind === 'type') return allNamed(ty.created, set);
        if (ty.kind === 'instance') return allNamed(ty.id, set);
        return true;
      });
    case 'defined': {
      const def = id.def;
      const named = (t: ValType | undefined): boolean => t === undefined || valTypeNamed(t, set);
      switch (def.kind) {
        case 'primitive':
        case 'flags':
        case 'enum':
          return true;
        case 'record':
          return def.fields.every((f) => named(f[1]));
        case 'tuple':
          return def.types.every(named);
        case 'variant':
          return def.cases.every((c) => named(c.ty));
        case 'result':
          return named(def.ok) && named(def.err);
        case 'list':
        case 'fixed-length-list':
          return named(def.element);
        case 'option':
          return named(def.ty);
        case 'map':
          return named(def.key) && named(def.value);
        case 'own':
        case 'borrow':
          return set.has(def.resource.uid);
        case 'future':
        case 'stream':
          return named(def.ty);
      }
    }
  }
}

function funcNamed(func: FuncType, set: Set<number>): boolean {
  return func.params.every(([, t]) => valTypeNamed(t, set)) && (func.result === undefined || valTypeNamed(func.result, set));
}

/** `type_named_valtype`: records, variants, enums and flags must be named; others only their parts. */
function valTypeNamed(ty: ValType, set: Set<number>): boolean {
  if (ty.kind === 'primitive') return true;
  const def = ty.id.def;
  const named = (t: ValType | undefined): boolean => t === undefined || valTypeNamed(t, set);
  switch (def.kind) {
    case 'primitive':
      return true;
    case 'flags':
    case 'enum':
    case 'record':
    case 'variant':
      return set.has(ty.id.uid);
    case 'tuple':
      return def.types.every(named);
    case 'result':
      return named(def.ok) && named(def.err);
    case 'list':
    case 'fixed-length-list':
    case 'option':
      return named(def.kind === 'option' ? def.ty : def.element);
    case 'map':
      return named(def.key) && named(def.value);
    case 'own':
    case 'borrow':
      return set.has(def.resource.uid);
    case 'future':
    case 'stream':
      return named(def.ty);
  }
}

function unsupported(what: string, offset: number): DecodeError {
  return binaryError(`unsupported by this decoder: ${what}`, offset);
}
