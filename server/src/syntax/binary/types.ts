/**
 * The component-model types a WIT package binary declares, with identities the
 * way wasmparser's validator gives them (`ComponentAnyTypeId` and friends):
 * every type definition is a new id, `(export "t" (type (eq N)))` creates a new
 * id that aliases N's (`with_unique` / `peel_alias`), and outer aliases reuse
 * the id they name. wit-parser's decoder relies on these identities to tell a
 * `use` of a type from a new definition.
 */

export type Primitive =
  | 'bool'
  | 's8'
  | 'u8'
  | 's16'
  | 'u16'
  | 's32'
  | 'u32'
  | 's64'
  | 'u64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string'
  | 'error-context';

export type ValType = { kind: 'primitive'; prim: Primitive } | { kind: 'type'; id: DefinedId };

export type DefinedType =
  | { kind: 'primitive'; prim: Primitive }
  | { kind: 'record'; fields: [string, ValType][] }
  | { kind: 'variant'; cases: { name: string; ty?: ValType }[] }
  | { kind: 'list'; element: ValType }
  | { kind: 'map'; key: ValType; value: ValType }
  | { kind: 'fixed-length-list'; element: ValType; length: number }
  | { kind: 'tuple'; types: ValType[] }
  | { kind: 'flags'; names: string[] }
  | { kind: 'enum'; names: string[] }
  | { kind: 'option'; ty: ValType }
  | { kind: 'result'; ok?: ValType; err?: ValType }
  | { kind: 'own' | 'borrow'; resource: ResourceId }
  | { kind: 'future' | 'stream'; ty?: ValType };

export interface FuncType {
  async: boolean;
  params: [string, ValType][];
  result?: ValType;
}

export interface InstanceType {
  exports: Map<string, ComponentItem>;
  /** The resources the instance type itself defines (by resource number), which each import or export of it freshens. */
  definedResources: number[];
}

export interface ComponentType {
  imports: Map<string, ComponentItem>;
  exports: Map<string, ComponentItem>;
}

interface IdBase {
  /** Identity: two ids are the same type id exactly when their uids are equal. */
  readonly uid: number;
  /** The id this one was made from by `with_unique` (what `peel_alias` returns). */
  readonly aliasOf?: AnyTypeId;
}
export interface DefinedId extends IdBase {
  readonly kind: 'defined';
  readonly def: DefinedType;
}
/**
 * wasmparser's `AliasableResourceId`: a resource and an alias number. Objects are
 * interned by `TypeAlloc`, so equal pairs are the same object (and have the same uid).
 */
export interface ResourceId extends IdBase {
  readonly kind: 'resource';
  readonly resource: number;
  readonly alias: number;
}
export interface FuncId extends IdBase {
  readonly kind: 'func';
  readonly func: FuncType;
}
export interface InstanceId extends IdBase {
  readonly kind: 'instance';
  readonly instance: InstanceType;
}
export interface ComponentId extends IdBase {
  readonly kind: 'component';
  readonly component: ComponentType;
}
export type AnyTypeId = DefinedId | ResourceId | FuncId | InstanceId | ComponentId;

/** What an import or export is (wasmparser's `ComponentEntityType`). */
export type EntityType =
  | { kind: 'func'; id: FuncId }
  | { kind: 'instance'; id: InstanceId }
  | { kind: 'component'; id: ComponentId }
  | { kind: 'type'; referenced: AnyTypeId; created: AnyTypeId }
  | { kind: 'module' }
  | { kind: 'value' };

/** An import or export with the options of its name (wasmparser's `ComponentItem`). */
export interface ComponentItem {
  ty: EntityType;
  implements?: string;
  externalId?: string;
  versionSuffix?: string;
}

/** Allocates type ids. */
export class TypeAlloc {
  private next = 0;
  private nextResource = 0;
  private nextAlias = 1;
  /** For each alias number, the one it was made from (0 is a resource's own). */
  private readonly aliasOf = new Map<number, number>();
  private readonly resources = new Map<string, ResourceId>();

  defined(def: DefinedType): DefinedId {
    return { kind: 'defined', uid: this.next++, def };
  }

  /** A brand new resource. */
  resource(): ResourceId {
    return this.resourceRef(this.nextResource++, 0);
  }

  /** The id of `resource` under `alias` (the same object every time). */
  resourceRef(resource: number, alias: number): ResourceId {
    const key = `${resource}:${alias}`;
    let id = this.resources.get(key);
    if (!id) {
      const prev = this.aliasOf.get(alias);
      id = {
        kind: 'resource',
        uid: this.next++,
        resource,
        alias,
        ...(prev !== undefined ? { aliasOf: this.resourceRef(resource, prev) } : {}),
      };
      this.resources.set(key, id);
    }
    return id;
  }

  func(func: FuncType): FuncId {
    return { kind: 'func', uid: this.next++, func };
  }

  instance(instance: InstanceType): InstanceId {
    return { kind: 'instance', uid: this.next++, instance };
  }

  component(component: ComponentType): ComponentId {
    return { kind: 'component', uid: this.next++, component };
  }

  /** `TypeAlloc::with_unique`: a new id for the same type, remembering what it aliases. */
  withUnique<T extends AnyTypeId>(id: T): T {
    if (id.kind === 'resource') {
      const alias = this.nextAlias++;
      this.aliasOf.set(alias, id.alias);
      return this.resourceRef(id.resource, alias) as T;
    }
    return { ...id, uid: this.next++, aliasOf: id };
  }
}
