/**
 * Declares types of the decoded model (server/src/syntax/binary/types.ts) again in another
 * component: value, function and instance types, in the binary format. A type with a key
 * (typeKeys.ts) is declared once, where its import declares it, and reached from elsewhere by
 * aliases (`alias export` of the imported instance in the component, `alias outer` inside an
 * instance type); anonymous types (`list<u8>`, `result<…>`) are written out where used. So
 * the imports of a composition keep their `use`s and their resources shared. Pure.
 */
import { ByteWriter, SORT } from './bytes';
import { splitKey, type TypeKeys } from './typeKeys';
import type { AnyTypeId, ComponentItem, DefinedType, FuncType, Primitive, ValType } from '../../../server/src/syntax/binary/types';

export class ComposeError extends Error {}

const PRIMITIVE_BYTES: Record<Primitive, number> = {
  bool: 0x7f,
  s8: 0x7e,
  u8: 0x7d,
  s16: 0x7c,
  u16: 0x7b,
  s32: 0x7a,
  u32: 0x79,
  s64: 0x78,
  u64: 0x77,
  f32: 0x76,
  f64: 0x75,
  char: 0x74,
  string: 0x73,
  'error-context': 0x64,
};

/** Where types are declared: the composed component, or an instance type inside it. */
export abstract class TypeScope {
  /** Keyed types already declared here → their index. */
  protected readonly keyed = new Map<string, number>();
  /** Anonymous types written out here (by source and uid) → their index. */
  private readonly anonymous = new Map<string, number>();

  /** Declares a type (its encoding), giving its index. */
  abstract define(bytes: Uint8Array): number;

  /** The index of a keyed type here, declaring an alias to it when it is declared elsewhere; undefined when it cannot be reached. */
  abstract reach(key: string): number | undefined;

  /** Records that a keyed type has an index here. */
  setKey(key: string, index: number): void {
    this.keyed.set(key, index);
  }

  /** The index of a type of `source`'s model here. */
  typeIndex(source: Source, id: AnyTypeId): number {
    if (id.kind === 'resource') {
      const key = source.keys.keyOf(id);
      const index = key === undefined ? undefined : this.reach(key);
      if (index === undefined) throw new ComposeError(`${source.name}: a resource ${key ? `(${splitKey(key).name} of ${splitKey(key).instance ?? 'the world'}) ` : ''}cannot be declared here: it does not come from an import of the composition`);
      return index;
    }
    if (id.kind !== 'defined') throw new ComposeError(`${source.name}: a ${id.kind} type where a value type was expected`);
    const key = source.keys.keyOf(id);
    if (key !== undefined) {
      const index = this.reach(key);
      if (index !== undefined) return index;
    }
    // An anonymous type, or a value type whose declaration cannot be reached: written out (value types are structural).
    const cacheKey = `${source.name}\0${id.uid}`;
    const known = this.anonymous.get(cacheKey);
    if (known !== undefined) return known;
    const index = this.define(this.definedType(source, id.def));
    this.anonymous.set(cacheKey, index);
    return index;
  }

  valType(w: ByteWriter, source: Source, ty: ValType): void {
    if (ty.kind === 'primitive') w.u8(PRIMITIVE_BYTES[ty.prim]);
    else w.s33(this.typeIndex(source, ty.id));
  }

  private optionalValType(w: ByteWriter, source: Source, ty: ValType | undefined): void {
    if (ty === undefined) w.u8(0x00);
    else this.valType(w.u8(0x01), source, ty);
  }

  /** `defvaltype`. */
  definedType(source: Source, def: DefinedType): Uint8Array {
    const w = new ByteWriter();
    switch (def.kind) {
      case 'primitive':
        w.u8(PRIMITIVE_BYTES[def.prim]);
        break;
      case 'record':
        w.u8(0x72).vec(def.fields, (w, [name, ty]) => this.valType(w.string(name), source, ty));
        break;
      case 'variant':
        w.u8(0x71).vec(def.cases, (w, c) => {
          this.optionalValType(w.string(c.name), source, c.ty);
          w.u8(0x00);
        });
        break;
      case 'list':
        this.valType(w.u8(0x70), source, def.element);
        break;
      case 'fixed-length-list':
        this.valType(w.u8(0x67), source, def.element);
        w.u32(def.length);
        break;
      case 'map':
        this.valType(w.u8(0x63), source, def.key);
        this.valType(w, source, def.value);
        break;
      case 'tuple':
        w.u8(0x6f).vec(def.types, (w, ty) => this.valType(w, source, ty));
        break;
      case 'flags':
        w.u8(0x6e).vec(def.names, (w, name) => w.string(name));
        break;
      case 'enum':
        w.u8(0x6d).vec(def.names, (w, name) => w.string(name));
        break;
      case 'option':
        this.valType(w.u8(0x6b), source, def.ty);
        break;
      case 'result':
        this.optionalValType(w.u8(0x6a), source, def.ok);
        this.optionalValType(w, source, def.err);
        break;
      case 'own':
      case 'borrow':
        w.u8(def.kind === 'own' ? 0x69 : 0x68).u32(this.typeIndex(source, def.resource));
        break;
      case 'future':
      case 'stream':
        this.optionalValType(w.u8(def.kind === 'future' ? 0x65 : 0x66), source, def.ty);
        break;
    }
    return w.finish();
  }

  /** `functype`. */
  funcType(source: Source, func: FuncType): Uint8Array {
    const w = new ByteWriter().u8(func.async ? 0x43 : 0x40);
    w.vec(func.params, (w, [name, ty]) => this.valType(w.string(name), source, ty));
    if (func.result === undefined) w.u8(0x01).u8(0x00);
    else this.valType(w.u8(0x00), source, func.result);
    return w.finish();
  }
}

/** A component whose types are declared again: its instance name and the keys of its import types. */
export interface Source {
  name: string;
  keys: TypeKeys;
}

/** An export of an imported instance, from the component whose import declares it. */
export interface InstanceExport {
  name: string;
  source: Source;
  item: ComponentItem;
}

/**
 * The type of an imported instance (`instancetype`), declared inside `outer`: each type export
 * is a new resource (`sub resource`), a new definition, or equal to the type it `use`s (an
 * `alias outer` to where the composition declares it); each function export gets its type.
 */
export class InstanceTypeScope extends TypeScope {
  private readonly decls: Uint8Array[] = [];
  private types = 0;

  constructor(
    private readonly outer: TypeScope,
    /** The import being declared (the instance part of its keys). */
    private readonly importName: string,
  ) {
    super();
  }

  define(bytes: Uint8Array): number {
    this.decls.push(Uint8Array.of(0x01, ...bytes));
    return this.types++;
  }

  reach(key: string): number | undefined {
    const known = this.keyed.get(key);
    if (known !== undefined) return known;
    if (splitKey(key).instance === this.importName) return undefined;
    const outerIndex = this.outer.reach(key);
    if (outerIndex === undefined) return undefined;
    // alias outer 1 <index> (sort type).
    this.decls.push(new ByteWriter().u8(0x02).u8(SORT.type).u8(0x02).u32(1).u32(outerIndex).finish());
    this.keyed.set(key, this.types);
    return this.types++;
  }

  /** Declares the exports, in order. */
  declare(exports: InstanceExport[]): void {
    for (const { name, source, item } of exports) {
      const ty = item.ty;
      const ownKey = `${this.importName}#${name}`;
      const decl = new ByteWriter().u8(0x04).u8(0x00).string(name);
      if (ty.kind === 'type') {
        const origin = source.keys.keyOf(ty.referenced);
        if (ty.referenced.kind === 'resource' && origin === ownKey) {
          decl.u8(SORT.type).u8(0x01);
        } else {
          const target = origin !== undefined && origin !== ownKey ? this.reach(origin) : undefined;
          let index = target;
          if (index === undefined) {
            if (ty.referenced.kind === 'resource') {
              throw new ComposeError(`${source.name} imports ${this.importName}, whose ${name} is a resource of ${origin ? splitKey(origin).instance : 'no import'}, which the composition does not import`);
            }
            if (ty.referenced.kind !== 'defined') throw new ComposeError(`${this.importName}: the export ${name} is a ${ty.referenced.kind} type, which the composer does not support`);
            index = this.define(this.definedType(source, ty.referenced.def));
          }
          decl.u8(SORT.type).u8(0x00).u32(index);
        }
        this.decls.push(decl.finish());
        // What refers to the export (or to the resource it is) refers to the export's index.
        this.keyed.set(ownKey, this.types);
        if (ty.referenced.kind === 'resource' && origin !== undefined) this.keyed.set(origin, this.types);
        this.types++;
      } else if (ty.kind === 'func') {
        const index = this.define(this.funcType(source, ty.id.func));
        decl.u8(SORT.func).u32(index);
        this.decls.push(decl.finish());
      } else {
        throw new ComposeError(`${this.importName}: the export ${name} is a ${ty.kind}, which the composer cannot declare in an import`);
      }
    }
  }

  /** `instancetype`. */
  encode(): Uint8Array {
    const w = new ByteWriter().u8(0x42).u32(this.decls.length);
    for (const d of this.decls) w.bytes(d);
    return w.finish();
  }
}
