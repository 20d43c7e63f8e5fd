/**
 * WIT types as C types whose layout in memory is the canonical ABI's, so a value is the same
 * bytes in C and across the component boundary: records and tuples are structs (C aligns
 * fields as the ABI does), variants a `tag` of the ABI's discriminant size and a union `val`,
 * `option` `{ is_some, val }`, `result` `{ is_err, val.ok | val.err }`, enums and flags the
 * smallest unsigned integer, strings and lists `{ ptr, len }` (UTF-8 for strings).
 *
 * `CTypes` names each type on first use, collects the declarations for the header in
 * dependency order, and the functions that free what a value owns (its strings and lists).
 * Resources, futures, streams, maps and fixed-length lists have no C type here: the caller
 * refuses them first (see cUnsupported.ts). Pure.
 */
import { isTypeDef, type Interface, type TypeDef, type WitType } from '../../../server/src/syntax/binary/witModel';
import { typeName } from '../../../server/src/syntax/binary/witNames';
import type { Primitive } from '../../../server/src/syntax/binary/types';
import { discriminantBytes, flagsBytes } from '../component/canonicalAbi';
import { resolveType } from '../component/wave';
import { cIdent, snakeCase, type CNames } from './cNames';

const PRIMITIVES: Record<Exclude<Primitive, 'string' | 'error-context'>, string> = {
  bool: 'bool',
  s8: 'int8_t',
  u8: 'uint8_t',
  s16: 'int16_t',
  u16: 'uint16_t',
  s32: 'int32_t',
  u32: 'uint32_t',
  s64: 'int64_t',
  u64: 'uint64_t',
  f32: 'float',
  f64: 'double',
  char: 'uint32_t',
};

/** `uint8_t`, `uint16_t` or `uint32_t`. */
export function unsignedType(bytes: 1 | 2 | 4): string {
  return `uint${bytes * 8}_t`;
}

interface Declared {
  /** The C type name (`api_point_t`). */
  name: string;
  /** The name without `_t`, from which its constants and free function are named. */
  base: string;
  /** Enums and variants: the constant of each case, in order. */
  cases?: string[];
}

export class CTypes {
  /** Type declarations for the header, each after those it uses. */
  readonly declarations: string[] = [];
  /** The functions freeing what values own, each after those it calls. */
  readonly freeFunctions: string[] = [];
  private readonly declared = new Map<TypeDef | string, Declared>();
  private readonly frees = new Map<string, string>();

  /**
   * @param prefix the C name of the world, which prefixes its own types and the anonymous ones
   * @param interfacePrefix the prefix of the C names of an interface's types
   */
  constructor(
    private readonly names: CNames,
    private readonly prefix: string,
    private readonly interfacePrefix: (iface: Interface) => string,
  ) {}

  /** The C type of a WIT type, declared on first use. */
  name(ty: WitType): string {
    return this.declare(ty)?.name ?? PRIMITIVES[ty as keyof typeof PRIMITIVES];
  }

  /** The constant naming case `index` of an enum or a variant. */
  caseConstant(ty: TypeDef, index: number): string {
    return this.declare(ty)!.cases![index];
  }

  /** The C expression of the type's default value: 0, false, "", [], none, ok, the first case, {} for flags, records of defaults. */
  defaultValue(ty: WitType): string {
    const t = resolveType(ty);
    if (!isTypeDef(t)) return t === 'bool' ? 'false' : t === 'string' ? `(${this.name(ty)}){0}` : '0';
    switch (t.kind.kind) {
      case 'enum':
        return this.caseConstant(t, 0);
      case 'flags':
        return '0';
      case 'variant':
        return `(${this.name(ty)}){ .tag = ${this.caseConstant(t, 0)} }`;
      case 'option':
        return `(${this.name(ty)}){ .is_some = false }`;
      case 'result':
        return `(${this.name(ty)}){ .is_err = false }`;
      default:
        return `(${this.name(ty)}){0}`;
    }
  }

  /** Whether a value of the type holds strings or lists (memory to free). */
  ownsMemory(ty: WitType): boolean {
    const t = resolveType(ty);
    if (!isTypeDef(t)) return t === 'string';
    const k = t.kind;
    switch (k.kind) {
      case 'list':
        return true;
      case 'record':
        return k.fields.some((f) => this.ownsMemory(f.ty));
      case 'tuple':
        return k.types.some((ty) => this.ownsMemory(ty));
      case 'variant':
        return k.cases.some((c) => c.ty !== undefined && this.ownsMemory(c.ty));
      case 'option':
        return this.ownsMemory(k.ty);
      case 'result':
        return [k.ok, k.err].some((ty) => ty !== undefined && this.ownsMemory(ty));
      default:
        return false;
    }
  }

  /** The statement freeing what the value at `pointer` owns (the type must own memory). */
  free(ty: WitType, pointer: string): string {
    return `${this.freeFunction(ty)}(${pointer});`;
  }

  // --- declarations ---------------------------------------------------------------------

  private declare(ty: WitType): Declared | undefined {
    if (!isTypeDef(ty)) return ty === 'string' ? this.declareOnce('string', `${this.prefix}_string`, (self) => stringBody(self.name)) : undefined;
    if (ty.name === undefined) {
      if (ty.kind.kind === 'type') return this.declare(ty.kind.ty);
      // Anonymous types are structural: `list<u32>` is one C type wherever it occurs.
      const id = this.structuralId(ty);
      return this.declareOnce(id, `${this.prefix}_${id}`, (self) => this.body(ty, self), `// ${typeName(ty)}`);
    }
    // `use i.{t}` names the same type again: one C type for both.
    if (ty.kind.kind === 'type' && isTypeDef(ty.kind.ty) && ty.kind.ty.name === ty.name) return this.declare(ty.kind.ty);
    const owner = ty.owner;
    const prefix = owner.kind === 'interface' ? this.interfacePrefix(owner.iface) : this.prefix;
    const docs = ty.docs.contents ? commentLines(ty.docs.contents) : [];
    const what = ty.kind.kind === 'type' ? `type ${ty.name} = ${typeName(ty.kind.ty)}` : `${ty.kind.kind} ${ty.name}`;
    return this.declareOnce(ty, `${prefix}_${snakeCase(ty.name)}`, (self) => this.body(ty, self), [`// ${what}`, ...docs].join('\n'));
  }

  private declareOnce(key: TypeDef | string, base: string, body: (self: Declared) => string, comment?: string): Declared {
    const known = this.declared.get(key);
    if (known) return known;
    base = this.names.claim(base, '_t');
    const self: Declared = { name: `${base}_t`, base };
    this.declared.set(key, self);
    // The body declares the types it uses first.
    const text = body(self);
    this.declarations.push([...(comment ? [comment] : []), text].join('\n'));
    return self;
  }

  /** A name for an anonymous type from its structure: `list_u32`, `option_string`, `result_void_api_error`. */
  private structuralId(ty: WitType): string {
    if (!isTypeDef(ty)) return ty;
    if (ty.name !== undefined) return this.declare(ty)!.base;
    const k = ty.kind;
    const id = (t: WitType | undefined) => (t === undefined ? 'void' : this.structuralId(t));
    switch (k.kind) {
      case 'list':
        return `list_${id(k.ty)}`;
      case 'option':
        return `option_${id(k.ty)}`;
      case 'result':
        return `result_${id(k.ok)}_${id(k.err)}`;
      case 'tuple':
        return `tuple${k.types.length}_${k.types.map(id).join('_')}`;
      case 'type':
        return id(k.ty);
      default:
        throw new Error(`no C type for ${typeName(ty)}`);
    }
  }

  /** `typedef … name_t;` and the constants of its cases or flags. */
  private body(ty: TypeDef, self: Declared): string {
    const k = ty.kind;
    const struct = (members: string[]) => `typedef struct {\n${members.map((m) => indent(m)).join('\n')}\n} ${self.name};`;
    const union = (members: string[]) => (members.length === 0 ? [] : [`union {\n${members.map((m) => indent(m)).join('\n')}\n} val;`]);
    const constant = (name: string) => `${self.base}_${snakeCase(name)}`.toUpperCase();
    switch (k.kind) {
      case 'type':
        return `typedef ${this.name(k.ty)} ${self.name};`;
      case 'record':
        return struct(k.fields.map((f) => `${this.name(f.ty)} ${cIdent(f.name)};`));
      case 'tuple':
        return struct(k.types.map((t, i) => `${this.name(t)} f${i};`));
      case 'list':
        return struct([`${this.name(k.ty)} *ptr;`, 'size_t len;']);
      case 'option':
        return struct(['bool is_some;', `${this.name(k.ty)} val;`]);
      case 'result': {
        const cases = [k.ok && `${this.name(k.ok)} ok;`, k.err && `${this.name(k.err)} err;`].filter((m): m is string => !!m);
        return struct(['bool is_err;', ...union(cases)]);
      }
      case 'enum': {
        self.cases = k.cases.map((c) => this.names.claim(constant(c.name)));
        return `typedef ${unsignedType(discriminantBytes(k.cases.length))} ${self.name};\nenum { ${self.cases.join(', ')} };`;
      }
      case 'variant': {
        self.cases = k.cases.map((c) => this.names.claim(constant(c.name)));
        const payloads = k.cases.flatMap((c) => (c.ty === undefined ? [] : [`${this.name(c.ty)} ${cIdent(c.name)};`]));
        return `${struct([`${unsignedType(discriminantBytes(k.cases.length))} tag;`, ...union(payloads)])}\nenum { ${self.cases.join(', ')} };`;
      }
      case 'flags': {
        const bits = k.flags.map((f, i) => `#define ${this.names.claim(constant(f.name))} (1u << ${i})`);
        return [`typedef ${unsignedType(flagsBytes(k.flags.length))} ${self.name};`, ...bits].join('\n');
      }
      default:
        throw new Error(`no C type for ${typeName(ty)}`);
    }
  }

  // --- freeing ----------------------------------------------------------------------------

  /** The function freeing what a value of the type owns, written on first use. */
  private freeFunction(ty: WitType): string {
    const t = resolveType(ty);
    // Only strings and type definitions own memory: they have a declaration.
    const declared = this.declare(t)!;
    const known = this.frees.get(declared.name);
    if (known) return known;
    const name = `${this.names.claim(declared.base, '_free')}_free`;
    this.frees.set(declared.name, name);
    const statements = this.freeStatements(t);
    this.freeFunctions.push(`static void ${name}(${declared.name} *value) {\n${statements.map((s) => indent(s)).join('\n')}\n}`);
    return name;
  }

  private freeStatements(t: WitType): string[] {
    const owned = (ty: WitType | undefined): ty is WitType => ty !== undefined && this.ownsMemory(ty);
    const release = 'if (value->len > 0) free(value->ptr);';
    if (!isTypeDef(t)) return [release];
    const k = t.kind;
    switch (k.kind) {
      case 'list':
        return [...(owned(k.ty) ? [`for (size_t i = 0; i < value->len; i++) ${this.free(k.ty, '&value->ptr[i]')}`] : []), release];
      case 'record':
        return k.fields.filter((f) => owned(f.ty)).map((f) => this.free(f.ty, `&value->${cIdent(f.name)}`));
      case 'tuple':
        return k.types.flatMap((ty, i) => (owned(ty) ? [this.free(ty, `&value->f${i}`)] : []));
      case 'option':
        return [`if (value->is_some) ${this.free(k.ty, '&value->val')}`];
      case 'result': {
        const ok = owned(k.ok) ? this.free(k.ok, '&value->val.ok') : undefined;
        const err = owned(k.err) ? this.free(k.err, '&value->val.err') : undefined;
        if (ok && err) return [`if (value->is_err) ${err}`, `else ${ok}`];
        return [err ? `if (value->is_err) ${err}` : `if (!value->is_err) ${ok}`];
      }
      case 'variant': {
        const cases = k.cases.flatMap((c, i) => (owned(c.ty) ? [`case ${this.caseConstant(t, i)}:\n${indent(this.free(c.ty, `&value->val.${cIdent(c.name)}`))}\n${indent('break;')}`] : []));
        return [`switch (value->tag) {\n${cases.map((c) => indent(c)).join('\n')}\n}`];
      }
      default:
        throw new Error(`${typeName(t)} owns no memory`);
    }
  }
}

function stringBody(name: string): string {
  return `typedef struct {\n  char *ptr; // UTF-8, not NUL-terminated\n  size_t len; // in bytes\n} ${name};`;
}

/** Indents every line of a block by two spaces. */
export function indent(block: string): string {
  return block
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

/** Doc comments as `//` lines. */
export function commentLines(text: string): string[] {
  return text.split('\n').map((line) => `//${line ? ` ${line}` : ''}`);
}
