/**
 * Substituting resources in types, as wasmparser's `Remap` does when an
 * instance type that defines resources is imported or exported: each use of
 * the type gets fresh resources, and every type that refers to them is
 * copied with the new ones (types that do not are kept as they are).
 */
import type {
  AnyTypeId,
  ComponentId,
  ComponentItem,
  DefinedId,
  DefinedType,
  EntityType,
  FuncId,
  InstanceId,
  ResourceId,
  TypeAlloc,
  ValType,
} from './types';

export class Remapping {
  /** How each type was remapped (by uid), so that every reference to it agrees. */
  private readonly types = new Map<number, AnyTypeId>();

  constructor(
    private readonly alloc: TypeAlloc,
    /** Old resource number to new resource number. */
    private readonly resources: Map<number, number>,
  ) {}

  entity(ty: EntityType): EntityType {
    switch (ty.kind) {
      case 'func':
        return { kind: 'func', id: this.func(ty.id) };
      case 'instance':
        return { kind: 'instance', id: this.instance(ty.id) };
      case 'component':
        return { kind: 'component', id: this.component(ty.id) };
      case 'type': {
        const referenced = this.any(ty.referenced);
        const created = ty.referenced === ty.created ? referenced : this.any(ty.created);
        return { kind: 'type', referenced, created };
      }
      default:
        return ty;
    }
  }

  private any(id: AnyTypeId): AnyTypeId {
    switch (id.kind) {
      case 'resource':
        return this.resource(id);
      case 'defined':
        return this.defined(id);
      case 'func':
        return this.func(id);
      case 'instance':
        return this.instance(id);
      case 'component':
        return this.component(id);
    }
  }

  private resource(id: ResourceId): ResourceId {
    const resource = this.resources.get(id.resource);
    return resource === undefined ? id : this.alloc.resourceRef(resource, id.alias);
  }

  private cached<T extends AnyTypeId>(id: T, remap: () => T | undefined): T {
    const known = this.types.get(id.uid);
    if (known) return known as T;
    const result = remap() ?? id;
    this.types.set(id.uid, result);
    return result;
  }

  /** The value type, itself when unchanged. */
  private valType(ty: ValType): ValType {
    if (ty.kind === 'primitive') return ty;
    const id = this.defined(ty.id);
    return id === ty.id ? ty : { kind: 'type', id };
  }

  /** The remapped value types, or undefined when none changed. */
  private valTypes(tys: (ValType | undefined)[]): (ValType | undefined)[] | undefined {
    const out = tys.map((t) => (t === undefined ? undefined : this.valType(t)));
    return out.some((t, i) => t !== tys[i]) ? out : undefined;
  }

  private defined(id: DefinedId): DefinedId {
    return this.cached(id, () => {
      const def = this.definedType(id.def);
      return def ? this.alloc.defined(def) : undefined;
    });
  }

  /** The definition with remapped parts, or undefined when nothing changed. */
  private definedType(def: DefinedType): DefinedType | undefined {
    switch (def.kind) {
      case 'primitive':
      case 'flags':
      case 'enum':
        return undefined;
      case 'record': {
        const tys = this.valTypes(def.fields.map((f) => f[1]));
        return tys && { kind: 'record', fields: def.fields.map(([name], i) => [name, tys[i] as ValType]) };
      }
      case 'variant': {
        const tys = this.valTypes(def.cases.map((c) => c.ty));
        return (
          tys && {
            kind: 'variant',
            cases: def.cases.map((c, i) => (tys[i] ? { name: c.name, ty: tys[i] as ValType } : { name: c.name })),
          }
        );
      }
      case 'tuple': {
        const tys = this.valTypes(def.types);
        return tys && { kind: 'tuple', types: tys as ValType[] };
      }
      case 'list':
      case 'fixed-length-list': {
        const tys = this.valTypes([def.element]);
        return tys && { ...def, element: tys[0] as ValType };
      }
      case 'option': {
        const tys = this.valTypes([def.ty]);
        return tys && { kind: 'option', ty: tys[0] as ValType };
      }
      case 'map': {
        const tys = this.valTypes([def.key, def.value]);
        return tys && { kind: 'map', key: tys[0] as ValType, value: tys[1] as ValType };
      }
      case 'result': {
        const tys = this.valTypes([def.ok, def.err]);
        return tys && { kind: 'result', ...(tys[0] ? { ok: tys[0] } : {}), ...(tys[1] ? { err: tys[1] } : {}) };
      }
      case 'own':
      case 'borrow': {
        const resource = this.resource(def.resource);
        return resource === def.resource ? undefined : { kind: def.kind, resource };
      }
      case 'future':
      case 'stream': {
        const tys = this.valTypes([def.ty]);
        return tys && { kind: def.kind, ...(tys[0] ? { ty: tys[0] } : {}) };
      }
    }
  }

  private func(id: FuncId): FuncId {
    return this.cached(id, () => {
      const { params, result } = id.func;
      const tys = this.valTypes([...params.map((p) => p[1]), result]);
      if (!tys) return undefined;
      const newResult = tys[params.length];
      return this.alloc.func({
        async: id.func.async,
        params: params.map(([name], i) => [name, tys[i] as ValType]),
        ...(newResult ? { result: newResult } : {}),
      });
    });
  }

  private items(items: Map<string, ComponentItem>): Map<string, ComponentItem> | undefined {
    let changed = false;
    const out = new Map<string, ComponentItem>();
    for (const [name, item] of items) {
      const ty = this.entity(item.ty);
      if (!sameEntity(ty, item.ty)) changed = true;
      out.set(name, { ...item, ty });
    }
    return changed ? out : undefined;
  }

  private instance(id: InstanceId): InstanceId {
    return this.cached(id, () => {
      const exports = this.items(id.instance.exports);
      const defined = id.instance.definedResources.map((r) => this.resources.get(r) ?? r);
      const resourcesChanged = defined.some((r, i) => r !== id.instance.definedResources[i]);
      if (!exports && !resourcesChanged) return undefined;
      return this.alloc.instance({ exports: exports ?? id.instance.exports, definedResources: defined });
    });
  }

  private component(id: ComponentId): ComponentId {
    return this.cached(id, () => {
      const imports = this.items(id.component.imports);
      const exports = this.items(id.component.exports);
      if (!imports && !exports) return undefined;
      return this.alloc.component({ imports: imports ?? id.component.imports, exports: exports ?? id.component.exports });
    });
  }
}

function sameEntity(a: EntityType, b: EntityType): boolean {
  if (a.kind === 'type' && b.kind === 'type') return a.referenced === b.referenced && a.created === b.created;
  if ('id' in a && 'id' in b) return a.id === b.id;
  return a === b;
}
