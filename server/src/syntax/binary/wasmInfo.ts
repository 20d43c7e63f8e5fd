/**
 * What a `.wasm` file is and holds, read from its bytes alone (pure: no VS Code, no I/O):
 * core module, component or wasm-encoded WIT package; its sections with sizes and offsets;
 * custom sections and `producers` (top-level and of every nested module); component-level
 * imports and exports (or a core module's imports and exports); and the component's WIT
 * world with its types, decoded from the binary by the language server's decoder (the
 * interfaces it imports and exports come out whole, unlike the bare world that
 * `wasm-tools component wit` prints).
 *
 * Malformed input gives `{ ok: false, message }` with wasmparser's wording
 * (`unexpected end-of-file (at offset 0x110)`, `magic header not detected: …`,
 * `malformed section id: 48 (at offset 0xa)`, …) and the sections read before the error.
 */
import { decodePackageBinary } from './decodePackage';
import { WitPackageDecoder, type DecodedPackages, type PackageFields } from './decoder';
import { WitPrinter } from './printer';
import { DecodeError, Reader, binaryError, decodeUtf8 } from './reader';
import {
  SECTION,
  alias as readAlias,
  componentImport,
  componentType,
  customSection,
  externName,
  readItems,
  sort as readSort,
  typeRef,
  type ExternName,
  type Sort,
  type TypeRef,
} from './sections';
import { formatVersion } from '../semver';
import { interfaceId, typeName, worldKeyName } from './witNames';
import { Scope } from './typeSpace';
import { TypeAlloc, type AnyTypeId, type ComponentItem, type EntityType, type FuncId, type InstanceId } from './types';
import {
  funcItemName,
  isTypeDef,
  packageNameText,
  type Func,
  type Interface,
  type Package,
  type TypeDef,
  type World,
  type WorldItem,
  type WorldKey,
} from './witModel';

export type WasmKind = 'component' | 'module' | 'wit-package';

export interface SectionInfo {
  id: number;
  /** `type`, `code`, `core module`, `custom: producers`, … */
  name: string;
  /** Bytes of the section's contents (without its id and size). */
  size: number;
  /** Where the section starts (its id byte). */
  offset: number;
  /** The number of items, for sections that are a vector of items. */
  count?: number;
}

export interface CustomSectionInfo {
  name: string;
  size: number;
  offset: number;
}

export type NameVersion = [name: string, version: string];

/** The `producers` custom section (tool-conventions/ProducersSection.md). */
export interface Producers {
  language: NameVersion[];
  processedBy: NameVersion[];
  sdk: NameVersion[];
}

export interface CoreImport {
  module: string;
  name: string;
  kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
}

export interface CoreExport {
  name: string;
  kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
}

export interface NestedModuleInfo {
  /** Index in its component's core module index space (definitions only). */
  index: number;
  /** Where it sits: `module 0`, `component 1 › module 0`. */
  path: string;
  /** Its name from the enclosing component's `component-name` section, when there is one. */
  name?: string;
  offset: number;
  size: number;
  producers?: Producers;
  customSections: CustomSectionInfo[];
  imports: number;
  exports: number;
}

export interface WasmInfo {
  ok: true;
  kind: WasmKind;
  /** The version field of the header: 1 for core modules, 0x1000d for components. */
  version: number;
  size: number;
  sections: SectionInfo[];
  customSections: CustomSectionInfo[];
  /** The top-level `producers` section. */
  producers?: Producers;
  /** The `producers` sections of nested modules and components. */
  nestedProducers: { where: string; producers: Producers }[];
  /** Component-level import and export names (`wasi:cli/environment@0.2.0`, `run`). */
  imports: string[];
  exports: string[];
  /** A core module's own imports and exports (empty for components). */
  coreImports: CoreImport[];
  coreExports: CoreExport[];
  /** Every core module inside (at any depth). */
  nestedModules: NestedModuleInfo[];
  nestedComponents: number;
  /** For a core module carrying WIT (`component-type:…` sections, from `wasm-tools component embed`): their names. */
  componentTypeSections: string[];
  /** The WIT the binary carries (components and WIT packages). */
  wit?: WitDecode;
}

export interface WasmError {
  ok: false;
  message: string;
  /** Not WebAssembly at all (no `\0asm` magic). */
  notWasm: boolean;
  /** What the bytes look like when they are not a binary: WebAssembly text, other text, or binary data. */
  looksLike?: 'wat' | 'text' | 'binary' | 'empty';
  kind?: 'component' | 'module';
  /** The sections read before the error. */
  sections: SectionInfo[];
  size: number;
}

export type Inspection = WasmInfo | WasmError;

// ---- The structured WIT (a view of the decoded model, for display) ----

export interface FuncView {
  /** The item name (`read`, `constructor`, `get-environment`). */
  name: string;
  /** WIT text: `func(path: string) -> result<descriptor, error-code>`, `constructor(name: string)`. */
  signature: string;
  kind: 'freestanding' | 'method' | 'static' | 'constructor';
  async: boolean;
  docs?: string;
}

export interface TypeView {
  name: string;
  kind: string;
  /** The definition as WIT text (`record person { … }`, `use wasi:io/streams@0.2.0.{input-stream}`). */
  definition: string;
  docs?: string;
  /** A resource's functions. */
  functions: FuncView[];
}

export interface InterfaceView {
  /** `wasi:io/error@0.2.0`, a plain name for an interface defined inline in a world. */
  name: string;
  docs?: string;
  types: TypeView[];
  functions: FuncView[];
}

export type WorldItemView =
  | { kind: 'interface'; name: string; iface: InterfaceView }
  | { kind: 'function'; name: string; func: FuncView }
  | { kind: 'type'; name: string; type: TypeView };

export interface WorldView {
  /** `root:component/root` for a component. */
  id: string;
  name: string;
  docs?: string;
  imports: WorldItemView[];
  exports: WorldItemView[];
}

export interface PackageView {
  name: string;
  docs?: string;
  interfaces: InterfaceView[];
  worlds: WorldView[];
}

export type WitDecode =
  | {
      ok: true;
      /** The WIT: the package, then the packages it uses in nested `package … { … }` blocks. */
      text: string;
      /** The binary's own package alone (what `wasm-tools component wit` prints for a component). */
      mainText: string;
      package: PackageView;
      /** A component's world (`root`), or the world a core module carries. */
      world?: WorldView;
      /** The packages it uses (as far as the binary shows them). */
      dependencies: PackageView[];
    }
  | { ok: false; message: string };

// ---- Entry point ----

/**
 * The URI scheme of a component's WIT as a read-only document (`wit-component:/abs/x.wasm.wit`):
 * the language server points definitions into it, the client serves its text (`componentWitText`).
 */
export const COMPONENT_WIT_SCHEME = 'wit-component';

/** The WIT a binary carries, as the inspector shows it (its package, then the packages it uses nested). */
export function componentWitText(bytes: Uint8Array): string | undefined {
  const info = inspectWasm(bytes);
  return info.ok && info.wit?.ok ? info.wit.text : undefined;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const COMPONENT_VERSION = 0x1000d;

const CORE_SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];
const COMPONENT_SECTIONS = ['custom', 'core module', 'core instance', 'core type', 'component', 'instance', 'alias', 'type', 'canonical', 'start', 'import', 'export'];
/** Sections that are not a vector of items. */
const CORE_SINGLE = new Set([0, 8, 12]);
const COMPONENT_SINGLE = new Set([0, 1, 4, 9]);

export function sectionName(kind: 'module' | 'component', id: number): string {
  return (kind === 'module' ? CORE_SECTIONS : COMPONENT_SECTIONS)[id] ?? `unknown (${id})`;
}

/** Inspects the bytes of a `.wasm` file. Never throws for bad input: malformed files give `{ ok: false }`. */
export function inspectWasm(bytes: Uint8Array): Inspection {
  const sections: SectionInfo[] = [];
  if (!startsWithMagic(bytes)) {
    // A few bytes of the magic number: a truncated binary, as wasmparser sees it.
    const truncated = bytes.length > 0 && bytes.length < 4 && isMagicPrefix(bytes);
    const message = bytes.length === 0 || truncated ? 'unexpected end-of-file (at offset 0x0)' : magicError(bytes).message;
    return { ok: false, message, notWasm: !truncated, looksLike: classifyNonWasm(bytes), sections, size: bytes.length };
  }
  let kind: 'component' | 'module' | undefined;
  try {
    const r = Reader.of(bytes);
    kind = readHeader(r);
    const binary = walk(bytes, 0, kind, '', sections);
    return finish(bytes, kind, binary, sections);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return {
      ok: false,
      message: [...e.contexts, e.message].join(': '),
      notWasm: false,
      ...(kind ? { kind } : {}),
      sections,
      size: bytes.length,
    };
  }
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

function isMagicPrefix(bytes: Uint8Array): boolean {
  return Array.from(bytes).every((b, i) => MAGIC[i] === b);
}

function magicError(bytes: Uint8Array): DecodeError {
  const hex = (b: ArrayLike<number>): string => `[\n${Array.from(b, (x) => `    0x${x.toString(16)},\n`).join('')}]`;
  return binaryError(`magic header not detected: bad magic number - expected=${hex(MAGIC)} actual=${hex(bytes.subarray(0, 4))}`, 0);
}

function classifyNonWasm(bytes: Uint8Array): WasmError['looksLike'] {
  if (bytes.length === 0) return 'empty';
  const text = decodeUtf8(bytes.subarray(0, Math.min(bytes.length, 4096)));
  // A cut in the middle of a UTF-8 sequence is still text.
  const textual = text !== undefined || decodeUtf8(bytes.subarray(0, Math.min(bytes.length, 4093))) !== undefined;
  if (!textual || /[\0-\x08\x0e-\x1f]/.test(text ?? '')) return 'binary';
  const trimmed = (text ?? '').replace(/^(\s|;;[^\n]*\n|\(;[\s\S]*?;\))*/, '');
  return trimmed.startsWith('(') ? 'wat' : 'text';
}

/** The magic number and version; wasmparser's errors for unknown versions. */
function readHeader(r: Reader): 'module' | 'component' {
  const start = r.pos;
  const magic = r.bytes(4);
  if (!MAGIC.every((b, i) => magic[i] === b)) throw magicError(magic);
  const version = r.u32le();
  if (version === 1) return 'module';
  if (version === COMPONENT_VERSION) return 'component';
  throw binaryError(`unknown binary version: ${`0x${version.toString(16)}`.padStart(10, ' ')}`, start + 4);
}

// ---- Walking the sections ----

interface RawSection {
  id: number;
  offset: number;
  /** The contents. */
  reader: Reader;
}

interface Walked {
  kind: 'module' | 'component';
  sections: RawSection[];
  customSections: CustomSectionInfo[];
  producers?: Producers;
  nestedProducers: { where: string; producers: Producers }[];
  modules: NestedModuleInfo[];
  components: number;
  coreImports: CoreImport[];
  coreExports: CoreExport[];
  imports: string[];
  exports: string[];
  componentTypeSections: string[];
  /** The contents of the first `component-type` section. */
  componentType?: Uint8Array;
}

/**
 * Splits a module or component (whose header starts at `start`) into sections, recording them
 * in `out` (top level only), and walks nested modules and components.
 */
function walk(
  bytes: Uint8Array,
  start: number,
  kind: 'module' | 'component',
  path: string,
  out: SectionInfo[] | undefined,
  end = bytes.length,
  /** Where a nested module or component must end (its section's end), which may lie past `end` in a truncated file. */
  maxOffset?: number,
): Walked {
  const r = new Reader(bytes, start + 8, end);
  const result: Walked = {
    kind,
    sections: [],
    customSections: [],
    nestedProducers: [],
    modules: [],
    components: 0,
    coreImports: [],
    coreExports: [],
    imports: [],
    exports: [],
    componentTypeSections: [],
  };
  const maxId = kind === 'module' ? 13 : SECTION.export;
  const single = kind === 'module' ? CORE_SINGLE : COMPONENT_SINGLE;
  let moduleIndex = 0;
  let componentIndex = 0;
  let moduleNames = new Map<number, string>();
  const ownModules: NestedModuleInfo[] = [];
  let lastOrder = 0;
  const counts: SectionCounts = {};
  while (!r.atEnd) {
    const peek = r.peekBytes(4);
    if (peek && MAGIC.every((b, i) => peek[i] === b)) throw binaryError('expected section, got wasm magic number', r.pos);
    const offset = r.pos;
    const id = r.u8();
    if (id & 0x80) throw binaryError('malformed section id', offset);
    const lenPos = r.pos;
    const len = r.varU32();
    const contentStart = r.pos;
    if (maxOffset !== undefined && contentStart + len > maxOffset) {
      throw binaryError(`section too large, ${len} goes past 0x${maxOffset.toString(16)}`, lenPos);
    }
    if (kind === 'module' && id > 0 && id <= 13) {
      const order = MODULE_ORDER[id];
      if (lastOrder >= order) throw binaryError('section out of order', contentStart);
      lastOrder = order;
    }
    if (kind === 'module' && id === 10) {
      // The count comes first, then the counts of the function and code sections must agree.
      counts.code = new Reader(bytes, contentStart, Math.min(end, contentStart + len)).varU32();
      checkFunctionCodeCounts(counts, contentStart);
    }
    // wasmparser reads nested modules and components, and function bodies, as they come:
    // when the file ends inside one, the error is where its contents run out.
    if (contentStart + len > end && id <= maxId) {
      const nestedBinary = kind === 'component' && (id === SECTION.coreModule || id === SECTION.component);
      const code = kind === 'module' && id === 10;
      if (nestedBinary) {
        const nestedKind = readHeader(new Reader(bytes, contentStart, end));
        walk(bytes, contentStart, nestedKind, path, undefined, end, contentStart + len);
      } else if (code) {
        const bodies = new Reader(bytes, contentStart, end);
        const count = bodies.varU32();
        for (let i = 0; i < count; i++) {
          const size = bodies.varU32();
          if (bodies.pos + size > end) throw binaryError('unexpected end-of-file', bodies.pos);
          bodies.pos += size;
        }
      }
      throw binaryError('unexpected end-of-file', nestedBinary || code ? end : contentStart);
    }
    const contents = r.sub(len);
    if (id > maxId) throw binaryError(`malformed section id: ${id}`, contents.pos);
    const info: SectionInfo = { id, name: sectionName(kind, id), size: len, offset };
    if (!single.has(id)) {
      const count = contents.clone().varU32();
      info.count = count;
    }
    if (id === 0) {
      const { name, data } = customSection(contents.clone());
      info.name = `custom: ${name}`;
      result.customSections.push({ name, size: len, offset });
      if (name === 'producers') {
        const producers = parseProducers(data);
        if (producers) result.producers = producers;
      } else if (name === 'component-name' && kind === 'component') {
        moduleNames = componentModuleNames(data);
      } else if (name.startsWith('component-type')) {
        result.componentTypeSections.push(name);
        result.componentType ??= data;
      }
    }
    out?.push(info);
    result.sections.push({ id, offset, reader: contents });

    if (kind === 'module') {
      if (id === 2) result.coreImports = readItems(contents.clone(), coreImport);
      else if (id === 7) result.coreExports = readItems(contents.clone(), coreExport);
      else if (id === 3) counts.functions = info.count;
      else if (id === 12) counts.dataCount = contents.clone().varU32();
      else if (id === 11) {
        counts.data = info.count;
        checkDataCount(counts, contents.end);
      }
    } else if (id === SECTION.coreModule || id === SECTION.component) {
      const nestedStart = contents.pos;
      const nestedKind = readHeader(contents.clone());
      const expected = id === SECTION.coreModule ? 'module' : 'component';
      if (nestedKind !== expected) {
        throw binaryError(`expected a ${expected} but found a ${nestedKind}`, nestedStart + 4);
      }
      const where = `${path}${path ? ' › ' : ''}${expected} ${id === SECTION.coreModule ? moduleIndex : componentIndex}`;
      const nested = walk(bytes, nestedStart, nestedKind, where, undefined, contents.end, contents.end);
      if (id === SECTION.coreModule) {
        const info: NestedModuleInfo = {
          index: moduleIndex,
          path: where,
          offset: nestedStart,
          size: len,
          ...(nested.producers ? { producers: nested.producers } : {}),
          customSections: nested.customSections,
          imports: nested.coreImports.length,
          exports: nested.coreExports.length,
        };
        result.modules.push(info);
        ownModules.push(info);
        if (nested.producers) result.nestedProducers.push({ where, producers: nested.producers });
        moduleIndex++;
      } else {
        result.components += 1 + nested.components;
        result.modules.push(...nested.modules);
        result.nestedProducers.push(...(nested.producers ? [{ where, producers: nested.producers }] : []), ...nested.nestedProducers);
        componentIndex++;
      }
    } else if (id === SECTION.import) {
      for (const item of readItems(contents.clone(), componentImport)) result.imports.push(item.name.name);
    } else if (id === SECTION.export) {
      for (const item of readItems(contents.clone(), exportItem)) result.exports.push(item.name.name);
    }
  }
  if (kind === 'module') {
    checkFunctionCodeCounts(counts, r.pos);
    checkDataCount(counts, r.pos);
  }
  // Names come from the `component-name` section, which follows the modules it names.
  for (const m of ownModules) {
    const name = moduleNames.get(m.index);
    if (name !== undefined) m.name = name;
  }
  return result;
}

/** The place of each core section in a module (wasmparser's `Order`: tags before globals, data count before code). */
const MODULE_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

interface SectionCounts {
  functions?: number;
  code?: number;
  dataCount?: number;
  data?: number;
}

function checkFunctionCodeCounts(c: SectionCounts, pos: number): void {
  if (c.functions !== undefined && c.code !== undefined && c.functions !== c.code) {
    throw binaryError('function and code section have inconsistent lengths', pos);
  }
  if (c.functions !== undefined && c.code === undefined && c.functions > 0) {
    throw binaryError('function section has non-zero count but code section is absent', pos);
  }
  if (c.functions === undefined && c.code !== undefined && c.code > 0) {
    throw binaryError('function section is absent but code section has non-zero count', pos);
  }
}

function checkDataCount(c: SectionCounts, pos: number): void {
  if (c.dataCount !== undefined && c.data !== undefined && c.dataCount !== c.data) {
    throw binaryError('data count and data section have inconsistent lengths', pos);
  }
  if (c.dataCount !== undefined && c.data === undefined && c.dataCount > 0) {
    throw binaryError('data count is non-zero but data section is absent', pos);
  }
}

function finish(bytes: Uint8Array, kind: 'module' | 'component', walked: Walked, sections: SectionInfo[]): WasmInfo {
  let infoKind: WasmKind = kind;
  let wit: WitDecode | undefined;
  if (kind === 'component') {
    const packageLike = walked.imports.length === 0 && walked.exports.length > 0 && allTypeExports(walked);
    if (packageLike) {
      wit = decodeWitPackageView(bytes);
      if (wit.ok) infoKind = 'wit-package';
    }
    if (!wit?.ok) wit = decodeComponentWorld(walked);
  } else if (walked.componentType) {
    wit = decodeEmbeddedWorld(walked.componentType);
  }
  return {
    ok: true,
    kind: infoKind,
    version: kind === 'module' ? 1 : COMPONENT_VERSION,
    size: bytes.length,
    sections,
    customSections: walked.customSections,
    ...(walked.producers ? { producers: walked.producers } : {}),
    nestedProducers: walked.nestedProducers,
    imports: walked.imports,
    exports: walked.exports,
    coreImports: walked.coreImports,
    coreExports: walked.coreExports,
    nestedModules: walked.modules,
    nestedComponents: walked.components,
    componentTypeSections: walked.componentTypeSections,
    ...(wit ? { wit } : {}),
  };
}

function allTypeExports(walked: Walked): boolean {
  for (const s of walked.sections) {
    if (s.id !== SECTION.export) continue;
    if (!readItems(s.reader.clone(), exportItem).every((e) => e.sort === 'type')) return false;
  }
  return true;
}

// ---- Item readers ----

interface ExportItem {
  name: ExternName;
  sort: Sort;
  index: number;
  /** The ascribed type (`(export "f" (func 3) (func (type 5)))`). */
  ty?: TypeRef;
  offset: number;
}

/** A component export with its optional type ascription (sections.ts's reader drops it). */
function exportItem(r: Reader, offset: number): ExportItem {
  const name = externName(r);
  const sort = readSort(r);
  const index = r.varU32();
  const tag = r.u8();
  let ty: TypeRef | undefined;
  if (tag === 1) ty = typeRef(r);
  else if (tag !== 0) throw r.invalidLeadingByte(tag, 'optional component export type');
  return { name, sort, index, ...(ty ? { ty } : {}), offset };
}

const CORE_KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;

function coreImport(r: Reader): CoreImport {
  const module = r.string();
  const name = r.string();
  const b = r.u8();
  switch (b) {
    case 0x00:
      r.varU32();
      break;
    case 0x01:
      skipRefType(r);
      skipLimits(r);
      break;
    case 0x02:
      skipLimits(r);
      break;
    case 0x03:
      skipValType(r);
      r.u8();
      break;
    case 0x04:
      r.u8();
      r.varU32();
      break;
    default:
      throw r.invalidLeadingByte(b, 'external kind');
  }
  return { module, name, kind: CORE_KINDS[b] };
}

function coreExport(r: Reader): CoreExport {
  const name = r.string();
  const b = r.u8();
  if (b > 4) throw r.invalidLeadingByte(b, 'external kind');
  r.varU32();
  return { name, kind: CORE_KINDS[b] };
}

function skipLimits(r: Reader): void {
  const flags = r.u8();
  r.skipVarInt();
  if (flags & 0x01) r.skipVarInt();
  if (flags & 0x08) r.varU32();
}

function skipRefType(r: Reader): void {
  const b = r.u8();
  if (b === 0x63 || b === 0x64) {
    if (r.peek() === 0x65) r.u8();
    r.varS33();
  }
}

function skipValType(r: Reader): void {
  const b = r.peek();
  if (b === 0x63 || b === 0x64) skipRefType(r);
  else r.u8();
}

/** The `producers` section; undefined when it is malformed (custom sections are not validated). */
export function parseProducers(data: Uint8Array): Producers | undefined {
  try {
    const r = Reader.of(data);
    const out: Producers = { language: [], processedBy: [], sdk: [] };
    const fields = r.varU32();
    for (let i = 0; i < fields; i++) {
      const field = r.string();
      const count = r.varU32();
      const values: NameVersion[] = [];
      for (let j = 0; j < count; j++) values.push([r.string(), r.string()]);
      if (field === 'language') out.language.push(...values);
      else if (field === 'processed-by') out.processedBy.push(...values);
      else if (field === 'sdk') out.sdk.push(...values);
      else return undefined;
    }
    return out;
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

/** Core module names from a `component-name` section (subsection 1, sort core module). */
function componentModuleNames(data: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  try {
    const r = Reader.of(data);
    while (!r.atEnd) {
      const id = r.u8();
      const size = r.varU32();
      const sub = r.sub(size);
      if (id !== 1) continue;
      const b1 = sub.u8();
      const b2 = b1 === 0 ? sub.u8() : undefined;
      if (b1 !== 0 || b2 !== 0x11) continue;
      const count = sub.varU32();
      for (let i = 0; i < count; i++) {
        const index = sub.varU32();
        names.set(index, sub.string());
      }
    }
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
  return names;
}

// ---- The WIT of a WIT package ----

function decodeWitPackageView(bytes: Uint8Array): WitDecode {
  try {
    const { packages, main } = decodePackageBinary(bytes);
    return witDecode(main, packages.filter((p) => p !== main));
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: false, message: [...e.contexts, e.message].join(': ') };
  }
}

/**
 * The WIT a core module carries for `wasm-tools component new`: its `component-type` section
 * holds the world's package, encoded as a WIT package.
 */
function decodeEmbeddedWorld(data: Uint8Array): WitDecode {
  try {
    const { packages, main } = decodePackageBinary(data);
    const worlds = [...main.worlds.values()];
    return witDecode(main, packages.filter((p) => p !== main), worlds[worlds.length - 1]);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: false, message: [...e.contexts, e.message].join(': ') };
  }
}

function witDecode(main: Package, dependencies: Package[], world?: World): WitDecode {
  return {
    ok: true,
    text: new WitPrinter().print(main, dependencies),
    mainText: new WitPrinter().print(main, []),
    package: packageView(main),
    ...(world ? { world: worldView(world) } : {}),
    dependencies: dependencies.map(packageView),
  };
}

// ---- The world of an actual component ----

/** A nested component, typed when (and each time) it is instantiated. */
interface ComponentDef {
  bytes: RawSection[];
  parent: Scope;
}

interface ScopeState {
  scope: Scope;
  /** The component index space's definitions (undefined for imported or aliased components). */
  defs: (ComponentDef | undefined)[];
}

/** Something an instantiation passes for an import. */
type Arg =
  | { sort: 'type'; id: AnyTypeId }
  | { sort: 'func'; id: FuncId }
  | { sort: 'instance'; id: InstanceId }
  | { sort: 'component'; id: ComponentItem['ty'] | undefined; def?: ComponentDef }
  | { sort: 'other' };

/**
 * The component's type as wasmparser's validator gives it, in the parts a world needs:
 * imports are typed by the type, import and alias sections; exports by canonical `lift`s,
 * instances (instantiated nested components, typed with their arguments, or bundles of
 * exports) and type ascriptions. Then wit-parser's `decode_component` turns it into the
 * world `root:component/root`.
 */
function decodeComponentWorld(walked: Walked): WitDecode {
  try {
    const decoded = decodeComponentPackages(walked);
    const world = decoded.main.worlds.get('root');
    return witDecode(
      decoded.main,
      decoded.packages.filter((p) => p !== decoded.main),
      world,
    );
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: false, message: [...e.contexts, e.message].join(': ') };
  }
}

function decodeComponentPackages(walked: Walked): DecodedPackages {
  return decodeComponentScope(walked).packages;
}

function decodeComponentScope(walked: Walked): { packages: DecodedPackages; scope: Scope } {
  const alloc = new TypeAlloc();
  const state: ScopeState = { scope: new Scope('component', alloc), defs: [] };
  typeComponent(walked.sections, state, undefined);
  const { scope } = state;
  const componentId = alloc.component({ imports: scope.imports, exports: scope.exports });
  const item: ComponentItem = { ty: { kind: 'component', id: componentId } };
  const decoder = new WitPackageDecoder();
  const fields: PackageFields = { interfaces: new Map(), worlds: new Map() };
  const name = decoder.decodeWorld('root:component/root', item, fields);
  return { packages: decoder.finish({ name, docs: {}, interfaces: fields.interfaces, worlds: fields.worlds }), scope };
}

/** A component's type as the validator sees it: its imports and exports (in declaration order), typed. */
export interface ComponentTypes {
  world: World;
  imports: ReadonlyMap<string, ComponentItem>;
  exports: ReadonlyMap<string, ComponentItem>;
}

/**
 * The decoded world of a component together with the type model it was decoded from (what an
 * encoder needs to declare the same imports again, e.g. the composer's).
 */
export function componentTypes(bytes: Uint8Array): { ok: true; types: ComponentTypes } | { ok: false; message: string } {
  try {
    const kind = readHeader(Reader.of(bytes));
    if (kind !== 'component') return { ok: false, message: 'not a component (a core module)' };
    const { packages, scope } = decodeComponentScope(walk(bytes, 0, kind, '', undefined));
    const world = packages.main.worlds.get('root');
    if (!world) return { ok: false, message: 'the component has no world' };
    return { ok: true, types: { world, imports: scope.imports, exports: scope.exports } };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: false, message: [...e.contexts, e.message].join(': ') };
  }
}

/**
 * The decoded WIT model of a component's world (`root`), with its typed functions: what a host
 * needs to call its exports (the same decoding as `inspectWasm`'s `wit.world`, as objects).
 */
export function componentWorld(bytes: Uint8Array): { ok: true; world: World } | { ok: false; message: string } {
  try {
    const kind = readHeader(Reader.of(bytes));
    if (kind !== 'component') return { ok: false, message: 'not a component (a core module)' };
    const world = decodeComponentPackages(walk(bytes, 0, kind, '', undefined)).main.worlds.get('root');
    return world ? { ok: true, world } : { ok: false, message: 'the component has no world' };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { ok: false, message: [...e.contexts, e.message].join(': ') };
  }
}

function typeComponent(sections: RawSection[], state: ScopeState, args: Map<string, Arg> | undefined): void {
  const { scope } = state;
  const sync = (): void => {
    while (state.defs.length < scope.components.length) state.defs.push(undefined);
  };
  for (const section of sections) {
    const r = section.reader.clone();
    switch (section.id) {
      case SECTION.type:
        readItems(r, (r, offset) => scope.types.push(scope.createType(componentType(r), offset)));
        break;
      case SECTION.import:
        readItems(r, (r, offset) => {
          const item = componentImport(r, offset);
          const arg = args?.get(item.name.name);
          if (arg && bind(state, item.ty, arg)) return;
          scope.declare({ kind: 'import', name: item.name, ty: item.ty, offset }, offset);
        });
        break;
      case SECTION.alias:
        readItems(r, (r, offset) => scope.alias(readAlias(r), offset));
        break;
      case SECTION.canonical:
        readCanonicals(r, scope);
        break;
      case SECTION.instance:
        readItems(r, (r, offset) => scope.instances.push(instance(r, offset, state)));
        break;
      case SECTION.component: {
        const nested = r.bytes(r.remaining);
        const nestedWalk = walk(nested, 0, 'component', 'nested', undefined);
        sync();
        scope.components.push(undefined);
        state.defs.push({ bytes: nestedWalk.sections, parent: scope });
        break;
      }
      case SECTION.export:
        readItems(r, (r, offset) => {
          const item = exportItem(r, offset);
          if (item.ty) scope.declare({ kind: 'export', name: item.name, ty: item.ty, offset }, offset);
          else scope.exportItem({ name: item.name, sort: item.sort, index: item.index, offset });
        });
        break;
    }
    sync();
  }
}

/**
 * Puts an instantiation argument into the index space an import would have filled. Types it
 * brings in count as imported, so that the component may export types that refer to them
 * (wasmparser's "named types" rule).
 */
function bind(state: ScopeState, ty: TypeRef, arg: Arg): boolean {
  const { scope } = state;
  if (ty.kind === 'type' && arg.sort === 'type') {
    scope.types.push(arg.id);
    markNamed(scope, arg.id);
  } else if (ty.kind === 'func' && arg.sort === 'func') scope.funcs.push(arg.id);
  else if (ty.kind === 'instance' && arg.sort === 'instance') {
    scope.instances.push(arg.id);
    for (const item of arg.id.instance.exports.values()) if (item.ty.kind === 'type') markNamed(scope, item.ty.created);
  } else if (ty.kind === 'component' && arg.sort === 'component') {
    scope.components.push(arg.id?.kind === 'component' ? arg.id.id : undefined);
    while (state.defs.length < scope.components.length - 1) state.defs.push(undefined);
    state.defs.push(arg.def);
  } else return false;
  return true;
}

/** What `Scope` records for an imported type (its sets of named types are private to it). */
function markNamed(scope: Scope, id: AnyTypeId): void {
  const named = scope as unknown as { importedTypes?: Set<number>; exportedTypes?: Set<number> };
  if (!named.importedTypes || !named.exportedTypes) throw new Error('typeSpace.Scope no longer keeps importedTypes/exportedTypes');
  named.importedTypes.add(id.uid);
  named.exportedTypes.add(id.uid);
}

function instance(r: Reader, offset: number, state: ScopeState): InstanceId | undefined {
  const { scope } = state;
  const tag = r.u8();
  if (tag === 0x00) {
    const index = r.varU32();
    const count = r.varU32();
    const args = new Map<string, Arg>();
    for (let i = 0; i < count; i++) {
      const name = r.string();
      const sort = readSort(r);
      const idx = r.varU32();
      args.set(name, argOf(state, sort, idx, offset));
    }
    if (index >= scope.components.length) throw binaryError(`unknown component ${index}: component index out of bounds`, offset);
    const def = state.defs[index];
    if (def) {
      const child: ScopeState = { scope: new Scope('component', scope.alloc, def.parent), defs: [] };
      typeComponent(def.bytes, child, args);
      return scope.alloc.instance({ exports: child.scope.exports, definedResources: [] });
    }
    const imported = scope.components[index];
    return imported ? scope.alloc.instance({ exports: imported.component.exports, definedResources: [] }) : undefined;
  }
  if (tag === 0x01) {
    const count = r.varU32();
    const exports = new Map<string, ComponentItem>();
    let known = true;
    for (let i = 0; i < count; i++) {
      const name = externName(r);
      const sort = readSort(r);
      const idx = r.varU32();
      const arg = argOf(state, sort, idx, offset);
      const ty = entityOf(arg);
      if (ty) exports.set(name.name, { ty });
      else if (sort !== 'module' && sort !== 'value') known = false;
    }
    return known ? scope.alloc.instance({ exports, definedResources: [] }) : undefined;
  }
  throw r.invalidLeadingByte(tag, 'instance');
}

function argOf(state: ScopeState, sort: Sort, index: number, offset: number): Arg {
  const { scope } = state;
  const known = <T>(space: (T | undefined)[], what: string): T | undefined => {
    if (index >= space.length) throw binaryError(`unknown ${what} ${index}: ${what} index out of bounds`, offset);
    return space[index];
  };
  switch (sort) {
    case 'type': {
      const id = known(scope.types, 'type');
      return id ? { sort: 'type', id } : { sort: 'other' };
    }
    case 'func': {
      const id = known(scope.funcs, 'function');
      return id ? { sort: 'func', id } : { sort: 'other' };
    }
    case 'instance': {
      const id = known(scope.instances, 'instance');
      return id ? { sort: 'instance', id } : { sort: 'other' };
    }
    case 'component': {
      const id = known(scope.components, 'component');
      return { sort: 'component', id: id ? { kind: 'component', id } : undefined, ...(state.defs[index] ? { def: state.defs[index] } : {}) };
    }
    default:
      return { sort: 'other' };
  }
}

function entityOf(arg: Arg): EntityType | undefined {
  switch (arg.sort) {
    case 'type':
      return { kind: 'type', referenced: arg.id, created: arg.id };
    case 'func':
      return { kind: 'func', id: arg.id };
    case 'instance':
      return { kind: 'instance', id: arg.id };
    case 'component':
      return arg.id;
    default:
      return undefined;
  }
}

/**
 * The canonical section: `lift` makes a component function of the given type; every other
 * canonical function is a core function. Encodings follow wasmparser's `CanonicalFunction`.
 */
function readCanonicals(r: Reader, scope: Scope): void {
  const count = r.varU32();
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const op = r.u8();
    const opts = (): void => {
      const n = r.varU32();
      for (let k = 0; k < n; k++) {
        const o = r.u8();
        if (o === 0x03 || o === 0x04 || o === 0x05 || o === 0x07 || o === 0x08) r.varU32();
        else if (o > 0x09) throw r.invalidLeadingByte(o, 'canonical option');
      }
    };
    switch (op) {
      case 0x00: {
        const b = r.u8();
        if (b !== 0x00) throw r.invalidLeadingByte(b, 'canonical function lift');
        r.varU32();
        opts();
        const typeIndex = r.varU32();
        const id = scope.typeAt(typeIndex, offset);
        if (id.kind !== 'func') throw binaryError(`type index ${typeIndex} is not a function type`, offset);
        scope.funcs.push(id);
        break;
      }
      case 0x01: {
        const b = r.u8();
        if (b !== 0x00) throw r.invalidLeadingByte(b, 'canonical function lower');
        r.varU32();
        opts();
        break;
      }
      case 0x02:
      case 0x03:
      case 0x04:
      case 0x07:
      case 0x0e:
      case 0x13:
      case 0x14:
      case 0x15:
      case 0x1a:
      case 0x1b:
      case 0x40:
        r.varU32();
        break;
      case 0x05:
      case 0x08:
      case 0x0d:
      case 0x1e:
      case 0x1f:
      case 0x22:
      case 0x23:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0x28:
      case 0x42:
        break;
      case 0x06:
      case 0x0c:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x2d:
        r.u8();
        break;
      case 0x09: {
        const b = r.u8();
        if (b === 0x00) skipComponentValType(r);
        else if (b === 0x01) r.u8();
        else throw r.invalidLeadingByte(b, 'component function results');
        opts();
        break;
      }
      case 0x0a:
      case 0x0b:
        r.u8();
        r.varU32();
        break;
      case 0x0f:
      case 0x10:
      case 0x16:
      case 0x17:
        r.varU32();
        opts();
        break;
      case 0x11:
      case 0x12:
      case 0x18:
      case 0x19:
        r.varU32();
        r.u8();
        break;
      case 0x1c:
      case 0x1d:
        opts();
        break;
      case 0x20:
      case 0x21:
        r.u8();
        r.varU32();
        break;
      case 0x27:
      case 0x41:
        r.varU32();
        r.varU32();
        break;
      default:
        throw r.invalidLeadingByte(op, 'canonical function');
    }
  }
}

function skipComponentValType(r: Reader): void {
  const b = r.peek();
  if (b >= 0x73 && b <= 0x7f) r.u8();
  else r.varS33();
}

// ---- Views of the decoded model ----

function docsOf(docs: { contents?: string }): { docs?: string } {
  return docs.contents ? { docs: docs.contents } : {};
}

export function packageView(pkg: Package): PackageView {
  return {
    name: packageNameText(pkg.name),
    ...docsOf(pkg.docs),
    interfaces: [...pkg.interfaces.values()].map((i) => interfaceView(i, interfaceId(i))),
    worlds: [...pkg.worlds.values()].map(worldView),
  };
}

function worldView(world: World): WorldView {
  const items = (entries: Iterable<{ key: WorldKey; item: WorldItem }>): WorldItemView[] =>
    [...entries].map(({ key, item }): WorldItemView => {
      const name = worldKeyName(key);
      switch (item.kind) {
        case 'interface':
          return { kind: 'interface', name, iface: interfaceView(item.iface, name) };
        case 'function':
          return { kind: 'function', name, func: funcView(item.func) };
        case 'type':
          return { kind: 'type', name, type: typeView(name, item.type, []) };
      }
    });
  return {
    id: world.package ? worldId(world.package, world.name) : world.name,
    name: world.name,
    ...docsOf(world.docs),
    imports: items(world.imports),
    exports: items(world.exports),
  };
}

function worldId(pkg: Package, world: string): string {
  const { namespace, name, version } = pkg.name;
  return `${namespace}:${name}/${world}${version ? `@${formatVersion(version)}` : ''}`;
}

function interfaceView(iface: Interface, name: string): InterfaceView {
  const byResource = new Map<TypeDef, Func[]>();
  const functions: FuncView[] = [];
  for (const func of iface.functions.values()) {
    const resource = 'resource' in func.kind ? func.kind.resource : undefined;
    if (resource) {
      const list = byResource.get(resource) ?? [];
      list.push(func);
      byResource.set(resource, list);
    } else functions.push(funcView(func));
  }
  return {
    name,
    ...docsOf(iface.docs),
    types: [...iface.types].map(([typeName, ty]) => typeView(typeName, ty, byResource.get(ty) ?? [])),
    functions,
  };
}

export function funcView(func: Func): FuncView {
  const k = func.kind.kind;
  const kind: FuncView['kind'] = k === 'constructor' ? 'constructor' : k.endsWith('method') ? 'method' : k.endsWith('static') ? 'static' : 'freestanding';
  const isAsync = k.startsWith('async');
  const params = (kind === 'method' ? func.params.slice(1) : func.params).map((p) => `${p.name}: ${typeName(p.ty)}`).join(', ');
  let signature: string;
  if (kind === 'constructor') {
    const result = func.result;
    const shorthand = result !== undefined && isTypeDef(result) && result.kind.kind === 'own';
    signature = `constructor(${params})${shorthand || result === undefined ? '' : ` -> ${typeName(result)}`}`;
  } else {
    signature = `${kind === 'static' ? 'static ' : ''}${isAsync ? 'async ' : ''}func(${params})${func.result !== undefined ? ` -> ${typeName(func.result)}` : ''}`;
  }
  return { name: funcItemName(func), signature, kind, async: isAsync, ...docsOf(func.docs) };
}

function typeView(name: string, ty: TypeDef, funcs: Func[]): TypeView {
  return {
    name,
    kind: ty.kind.kind === 'type' && isTypeDef(ty.kind.ty) && ty.kind.ty.owner !== ty.owner && ty.kind.ty.name ? 'use' : ty.kind.kind,
    definition: typeDefinition(name, ty),
    ...docsOf(ty.docs),
    functions: funcs.map(funcView),
  };
}


function typeDefinition(name: string, ty: TypeDef): string {
  const k = ty.kind;
  const block = (keyword: string, lines: string[]): string =>
    lines.length === 0 ? `${keyword} ${name} {}` : `${keyword} ${name} {\n${lines.map((l) => `  ${l},`).join('\n')}\n}`;
  switch (k.kind) {
    case 'record':
      return block('record', k.fields.map((f) => `${f.name}: ${typeName(f.ty)}`));
    case 'variant':
      return block('variant', k.cases.map((c) => (c.ty ? `${c.name}(${typeName(c.ty)})` : c.name)));
    case 'enum':
      return block('enum', k.cases.map((c) => c.name));
    case 'flags':
      return block('flags', k.flags.map((f) => f.name));
    case 'resource':
      return `resource ${name}`;
    case 'type': {
      const target = k.ty;
      if (isTypeDef(target) && target.name !== undefined && target.owner !== ty.owner && target.owner.kind === 'interface') {
        const from = interfaceId(target.owner.iface);
        return `use ${from}.{${target.name === name ? name : `${target.name} as ${name}`}}`;
      }
      return `type ${name} = ${typeName(target)}`;
    }
    default:
      return `type ${name} = ${typeName({ ...ty, name: undefined } as TypeDef)}`;
  }
}
