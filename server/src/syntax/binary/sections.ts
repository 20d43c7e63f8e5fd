/**
 * The binary format of a component, read into plain data: the header, the
 * top-level sections, and the items of the sections a WIT package uses (types,
 * imports, exports, aliases, custom sections). Byte layouts follow wasmparser's
 * readers (crates/wasmparser/src/readers/component/*.rs); nothing here gives
 * types identities or checks that indices make sense (see typeSpace.ts).
 */
import { Reader, binaryError } from './reader';
import type { Primitive } from './types';

export type RawValType = { kind: 'primitive'; prim: Primitive } | { kind: 'index'; index: number };

export type RawDefined =
  | { kind: 'primitive'; prim: Primitive }
  | { kind: 'record'; fields: [string, RawValType][] }
  | { kind: 'variant'; cases: { name: string; ty?: RawValType }[] }
  | { kind: 'list'; element: RawValType }
  | { kind: 'map'; key: RawValType; value: RawValType }
  | { kind: 'fixed-length-list'; element: RawValType; length: number }
  | { kind: 'tuple'; types: RawValType[] }
  | { kind: 'flags'; names: string[] }
  | { kind: 'enum'; names: string[] }
  | { kind: 'option'; ty: RawValType }
  | { kind: 'result'; ok?: RawValType; err?: RawValType }
  | { kind: 'own' | 'borrow'; index: number }
  | { kind: 'future' | 'stream'; ty?: RawValType };

export type RawType =
  | { kind: 'defined'; def: RawDefined }
  | { kind: 'func'; async: boolean; params: [string, RawValType][]; result?: RawValType }
  | { kind: 'component'; decls: RawDecl[] }
  | { kind: 'instance'; decls: RawDecl[] }
  | { kind: 'resource' };

export interface ExternName {
  name: string;
  implements?: string;
  versionSuffix?: string;
  externalId?: string;
}

export type Sort = 'module' | 'func' | 'value' | 'type' | 'component' | 'instance';

export type TypeRef =
  | { kind: 'module'; index: number }
  | { kind: 'func'; index: number }
  | { kind: 'value' }
  | { kind: 'type'; eq?: number }
  | { kind: 'instance'; index: number }
  | { kind: 'component'; index: number };

export type RawAlias =
  | { kind: 'instance-export'; sort: Sort; instance: number; name: string }
  | { kind: 'core-instance-export' }
  | { kind: 'outer'; sort: 'core-type' | 'core-module' | 'type' | 'component'; count: number; index: number };

export type RawDecl = (
  | { kind: 'core-type' }
  | { kind: 'type'; ty: RawType }
  | { kind: 'alias'; alias: RawAlias }
  | { kind: 'export'; name: ExternName; ty: TypeRef }
  | { kind: 'import'; name: ExternName; ty: TypeRef }
) & { offset: number };

export interface RawExport {
  name: ExternName;
  sort: Sort;
  index: number;
  offset: number;
}

/** A top-level section: its id and a reader of its contents. */
export interface Section {
  id: number;
  reader: Reader;
}

export const SECTION = {
  custom: 0,
  coreModule: 1,
  coreInstance: 2,
  coreType: 3,
  component: 4,
  instance: 5,
  alias: 6,
  type: 7,
  canonical: 8,
  start: 9,
  import: 10,
  export: 11,
} as const;

export type Header = { kind: 'component'; sections: Section[] } | { kind: 'module' };

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Rust's `{:#x?}` of a byte array: pretty-printed, one hex number a line. */
function hex(bytes: ArrayLike<number>): string {
  return `[\n${Array.from(bytes, (b) => `    0x${b.toString(16)},\n`).join('')}]`;
}

/**
 * Reads the header and splits a component into its top-level sections, with
 * wasmparser's errors for a bad magic number, an unknown version, truncation
 * and sections that run past the end.
 */
export function readSections(bytes: Uint8Array): Header {
  const r = Reader.of(bytes);
  if (readHeader(r) === 'module') return { kind: 'module' };
  const sections: Section[] = [];
  while (!r.atEnd) {
    const peek = r.peekBytes(4);
    if (peek && MAGIC.every((b, i) => peek[i] === b)) {
      throw binaryError('expected section, got wasm magic number', r.pos);
    }
    const idPos = r.pos;
    const id = r.u8();
    if (id & 0x80) throw binaryError('malformed section id', idPos);
    const len = r.varU32();
    const reader = r.sub(len);
    if (id > SECTION.export) throw binaryError(`malformed section id: ${id}`, reader.pos);
    // Nested modules and components are not decoded, but their headers are checked.
    if (id === SECTION.coreModule || id === SECTION.component) readHeader(reader.clone());
    sections.push({ id, reader });
  }
  return { kind: 'component', sections };
}

/** The magic number and version at the start of a module or component. */
function readHeader(r: Reader): 'module' | 'component' {
  const start = r.pos;
  const magic = r.bytes(4);
  if (!MAGIC.every((b, i) => magic[i] === b)) {
    throw binaryError(
      `magic header not detected: bad magic number - expected=${hex(MAGIC)} actual=${hex(magic)}`,
      start,
    );
  }
  const version = r.u32le();
  const num = version & 0xffff;
  const layer = Math.floor(version / 0x10000);
  if (num === 1 && layer === 0) return 'module';
  if (num === 0xd && layer === 1) return 'component';
  // `{:#10x}`: `0x` and the hex digits, right-aligned in ten columns.
  throw binaryError(`unknown binary version: ${`0x${version.toString(16)}`.padStart(10, ' ')}`, start + 4);
}

/** Reads a section that is a count followed by items, as wasmparser's `SectionLimited`. */
export function readItems<T>(r: Reader, item: (r: Reader, offset: number) => T): T[] {
  const count = r.varU32();
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(item(r, r.pos));
  if (!r.atEnd) throw binaryError('section size mismatch: unexpected data at the end of the section', r.pos);
  return out;
}

function vec<T>(r: Reader, item: (r: Reader) => T): T[] {
  const count = r.varU32();
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(item(r));
  return out;
}

const PRIMITIVES: Record<number, Primitive> = {
  0x7f: 'bool',
  0x7e: 's8',
  0x7d: 'u8',
  0x7c: 's16',
  0x7b: 'u16',
  0x7a: 's32',
  0x79: 'u32',
  0x78: 's64',
  0x77: 'u64',
  0x76: 'f32',
  0x75: 'f64',
  0x74: 'char',
  0x73: 'string',
  0x64: 'error-context',
};

function valType(r: Reader): RawValType {
  const prim = PRIMITIVES[r.peek()];
  if (prim) {
    r.u8();
    return { kind: 'primitive', prim };
  }
  const index = r.varS33();
  // wasmparser keeps the low 32 bits (`as u32`).
  return { kind: 'index', index: ((index % 2 ** 32) + 2 ** 32) % 2 ** 32 };
}

function optionalValType(r: Reader, what = 'optional component value type'): RawValType | undefined {
  const b = r.u8();
  if (b === 0) return undefined;
  if (b === 1) return valType(r);
  throw r.invalidLeadingByte(b, what);
}

function definedType(r: Reader, byte: number): RawDefined {
  switch (byte) {
    case 0x72:
      return { kind: 'record', fields: vec(r, (r) => [r.string(), valType(r)] as [string, RawValType]) };
    case 0x71:
      return {
        kind: 'variant',
        cases: vec(r, (r) => {
          const name = r.string();
          const ty = optionalValType(r);
          const zero = r.u8();
          if (zero !== 0) throw r.invalidLeadingByte(zero, 'zero byte required');
          return ty ? { name, ty } : { name };
        }),
      };
    case 0x70:
      return { kind: 'list', element: valType(r) };
    case 0x63:
      return { kind: 'map', key: valType(r), value: valType(r) };
    case 0x6f:
      return { kind: 'tuple', types: vec(r, valType) };
    case 0x6e:
      return { kind: 'flags', names: vec(r, (r) => r.string()) };
    case 0x6d:
      return { kind: 'enum', names: vec(r, (r) => r.string()) };
    case 0x6b:
      return { kind: 'option', ty: valType(r) };
    case 0x6a: {
      const ok = optionalValType(r);
      const err = optionalValType(r);
      return { kind: 'result', ...(ok ? { ok } : {}), ...(err ? { err } : {}) };
    }
    case 0x69:
      return { kind: 'own', index: r.varU32() };
    case 0x68:
      return { kind: 'borrow', index: r.varU32() };
    case 0x67: {
      const element = valType(r);
      return { kind: 'fixed-length-list', element, length: r.varU32() };
    }
    case 0x66:
    case 0x65: {
      const ty = optionalValType(r);
      return { kind: byte === 0x66 ? 'stream' : 'future', ...(ty ? { ty } : {}) };
    }
    default:
      throw r.invalidLeadingByte(byte, 'component defined type');
  }
}

/** A `ComponentType` (the item of a type section, or of a type declaration). */
export function componentType(r: Reader): RawType {
  const byte = r.u8();
  switch (byte) {
    case 0x3f: {
      skipCoreValType(r);
      const dtor = r.u8();
      if (dtor === 1) r.varU32();
      else if (dtor !== 0) throw r.invalidLeadingByte(dtor, 'resource destructor');
      return { kind: 'resource' };
    }
    case 0x40:
    case 0x43: {
      const params = vec(r, (r) => [r.string(), valType(r)] as [string, RawValType]);
      const tag = r.u8();
      let result: RawValType | undefined;
      if (tag === 0) result = valType(r);
      else if (tag === 1) {
        const n = r.u8();
        if (n !== 0) throw r.invalidLeadingByte(n, 'number of results');
      } else throw r.invalidLeadingByte(tag, 'component function results');
      return { kind: 'func', async: byte === 0x43, params, ...(result ? { result } : {}) };
    }
    case 0x41:
      return { kind: 'component', decls: vec(r, (r) => declaration(r, true)) };
    case 0x42:
      return { kind: 'instance', decls: vec(r, (r) => declaration(r, false)) };
    default: {
      const prim = PRIMITIVES[byte];
      return { kind: 'defined', def: prim ? { kind: 'primitive', prim } : definedType(r, byte) };
    }
  }
}

function declaration(r: Reader, inComponent: boolean): RawDecl {
  const offset = r.pos;
  const byte = r.u8();
  switch (byte) {
    case 0x00:
      skipCoreType(r);
      return { kind: 'core-type', offset };
    case 0x01:
      return { kind: 'type', ty: componentType(r), offset };
    case 0x02:
      return { kind: 'alias', alias: alias(r), offset };
    case 0x03:
      if (inComponent) return { kind: 'import', name: externName(r), ty: typeRef(r), offset };
      break;
    case 0x04:
      return { kind: 'export', name: externName(r), ty: typeRef(r), offset };
  }
  throw r.invalidLeadingByte(byte, 'component or instance type declaration');
}

/** `ComponentExternName`: the name string and, after a 0x02 prefix, its options. */
export function externName(r: Reader): ExternName {
  const prefix = r.u8();
  if (prefix !== 0 && prefix !== 1 && prefix !== 2) throw r.invalidLeadingByte(prefix, 'component name');
  const out: ExternName = { name: r.string() };
  if (prefix === 2) {
    const count = r.varU32();
    for (let i = 0; i < count; i++) {
      const pos = r.pos;
      const opt = r.u8();
      const field = opt === 0 ? 'implements' : opt === 1 ? 'versionSuffix' : opt === 2 ? 'externalId' : undefined;
      if (!field) throw r.invalidLeadingByte(opt, 'name option');
      if (out[field] !== undefined) {
        const what = opt === 0 ? 'implements' : opt === 1 ? 'versionsuffix' : 'external-id';
        throw binaryError(`duplicate '${what}' option in name`, pos);
      }
      out[field] = r.string();
    }
  }
  return out;
}

/** `ComponentExternalKind`. */
export function sort(r: Reader): Sort {
  const offset = r.pos;
  const b1 = r.u8();
  if (b1 === 0x00) {
    const b2 = r.u8();
    if (b2 === 0x11) return 'module';
    throw r.invalidLeadingByte(b2, 'component external kind', offset + 1);
  }
  const kinds: Record<number, Sort> = { 1: 'func', 2: 'value', 3: 'type', 4: 'component', 5: 'instance' };
  const kind = kinds[b1];
  if (!kind) throw r.invalidLeadingByte(b1, 'component external kind', offset);
  return kind;
}

export function typeRef(r: Reader): TypeRef {
  const kind = sort(r);
  switch (kind) {
    case 'module':
    case 'func':
    case 'instance':
    case 'component':
      return { kind, index: r.varU32() };
    case 'value':
      valType(r);
      return { kind: 'value' };
    case 'type': {
      const b = r.u8();
      if (b === 0) return { kind: 'type', eq: r.varU32() };
      if (b === 1) return { kind: 'type' };
      throw r.invalidLeadingByte(b, 'type bound');
    }
  }
}

export function alias(r: Reader): RawAlias {
  const offset = r.pos;
  const b1 = r.u8();
  const b2 = b1 === 0 ? r.u8() : undefined;
  const target = r.u8();
  switch (target) {
    case 0x00: {
      r.pos = offset;
      const s = sort(r);
      r.u8();
      return { kind: 'instance-export', sort: s, instance: r.varU32(), name: r.string() };
    }
    case 0x01:
      if (b2 === undefined) throw r.invalidLeadingByte(b1, 'core instance export kind', offset);
      r.varU32();
      r.string();
      return { kind: 'core-instance-export' };
    case 0x02: {
      let outerSort: 'core-type' | 'core-module' | 'type' | 'component';
      if (b1 === 0x00) {
        if (b2 === 0x10) outerSort = 'core-type';
        else if (b2 === 0x11) outerSort = 'core-module';
        else throw r.invalidLeadingByte(b2 ?? 0, 'component outer alias kind', offset + 1);
      } else if (b1 === 0x03) outerSort = 'type';
      else if (b1 === 0x04) outerSort = 'component';
      else throw r.invalidLeadingByte(b1, 'component outer alias kind', offset);
      return { kind: 'outer', sort: outerSort, count: r.varU32(), index: r.varU32() };
    }
    default:
      throw r.invalidLeadingByte(target, 'alias');
  }
}

export function componentExport(r: Reader, offset: number): RawExport {
  const name = externName(r);
  const s = sort(r);
  const index = r.varU32();
  const tag = r.u8();
  if (tag === 1) typeRef(r);
  else if (tag !== 0) throw r.invalidLeadingByte(tag, 'optional component export type');
  return { name, sort: s, index, offset };
}

export function componentImport(r: Reader, offset: number): { name: ExternName; ty: TypeRef; offset: number } {
  return { name: externName(r), ty: typeRef(r), offset };
}

// ---- Core types: only skipped, since WIT packages never contain them. ----

function skipCoreType(r: Reader): void {
  const b = r.peek();
  if (b === 0x00) {
    r.u8();
    const x = r.peek();
    if (x !== 0x50) throw r.invalidLeadingByte(x, 'non-final sub type', r.pos);
    skipRecGroup(r);
  } else if (b === 0x50) {
    r.u8();
    vec(r, skipModuleTypeDecl);
  } else {
    skipRecGroup(r);
  }
}

function skipModuleTypeDecl(r: Reader): void {
  const b = r.u8();
  switch (b) {
    case 0x00:
      r.string();
      r.string();
      skipCoreTypeRef(r);
      return;
    case 0x01:
      skipRecGroup(r);
      return;
    case 0x02: {
      const kind = r.u8();
      if (kind !== 0x10) throw r.invalidLeadingByte(kind, 'outer alias kind');
      const target = r.u8();
      if (target !== 0x01) throw r.invalidLeadingByte(target, 'outer alias target');
      r.varU32();
      r.varU32();
      return;
    }
    case 0x03:
      r.string();
      skipCoreTypeRef(r);
      return;
    default:
      throw r.invalidLeadingByte(b, 'type definition');
  }
}

function skipCoreTypeRef(r: Reader): void {
  const b = r.u8();
  switch (b) {
    case 0x00:
      r.varU32();
      return;
    case 0x01:
      skipCoreValType(r);
      skipLimits(r);
      return;
    case 0x02:
      skipLimits(r);
      return;
    case 0x03: {
      skipCoreValType(r);
      r.u8();
      return;
    }
    case 0x04:
      r.u8();
      r.varU32();
      return;
    default:
      throw r.invalidLeadingByte(b, 'external kind');
  }
}

function skipLimits(r: Reader): void {
  const flags = r.u8();
  r.skipVarInt();
  if (flags & 0x01) r.skipVarInt();
  if (flags & 0x08) r.varU32();
}

function skipRecGroup(r: Reader): void {
  if (r.peek() === 0x4e) {
    r.u8();
    vec(r, skipSubType);
  } else {
    skipSubType(r);
  }
}

function skipSubType(r: Reader): void {
  const b = r.peek();
  if (b === 0x50 || b === 0x4f) {
    r.u8();
    vec(r, (r) => r.varU32());
  }
  skipCompositeType(r);
}

function skipCompositeType(r: Reader): void {
  let b = r.u8();
  if (b === 0x65) b = r.u8();
  switch (b) {
    case 0x60:
      vec(r, skipCoreValType);
      vec(r, skipCoreValType);
      return;
    case 0x5f:
      vec(r, skipFieldType);
      return;
    case 0x5e:
      skipFieldType(r);
      return;
    case 0x5d:
      r.varS33();
      return;
    default:
      throw r.invalidLeadingByte(b, 'type');
  }
}

function skipFieldType(r: Reader): void {
  const b = r.peek();
  if (b === 0x78 || b === 0x77) r.u8();
  else skipCoreValType(r);
  r.u8();
}

function skipCoreValType(r: Reader): void {
  const b = r.u8();
  if (b >= 0x67 && b <= 0x7f) return; // numeric, vector and abbreviated reference types
  if (b === 0x63 || b === 0x64) {
    if (r.peek() === 0x65) r.u8();
    r.varS33();
    return;
  }
  throw r.invalidLeadingByte(b, 'value type');
}

export function customSection(r: Reader): { name: string; data: Uint8Array } {
  const name = r.string();
  return { name, data: r.bytes(r.remaining) };
}

