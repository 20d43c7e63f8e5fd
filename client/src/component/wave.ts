/**
 * WAVE (WebAssembly Value Encoding, the text wasmtime's `--invoke` and wasm-tools use for
 * component values) against WIT types of the decoded model: parsing text into the JS values
 * jco's transpiled bindings take and return, and writing those values back as WAVE. Pure.
 *
 * JS values are jco's: bool → boolean; s8…u32, f32, f64 → number; s64/u64 → bigint; char and
 * string → string; list<T> → typed array for numeric T (list<u8> → Uint8Array, …), else Array;
 * tuple → Array; record → object with lowerCamelCase keys; variant → `{ tag, val }` (kebab
 * tag, no `val` without payload); enum → kebab string; option<T> → T | undefined, except an
 * option of an option → `{ tag: 'some', val } | { tag: 'none' }`; result → `{ tag: 'ok' | 'err',
 * val }` (an exported function's own result is returned or thrown instead: see runtime/invoke);
 * flags → object of booleans with lowerCamelCase keys. Resources, maps, futures and streams
 * have no WAVE syntax and are rejected.
 *
 * Errors are wasm-wave's (`invalid value type`, `error converting Wasm value: missing field
 * "a"`, …) with the range of the text they concern (see waveSyntax.ts about offsets). Two
 * choices differ: a record field the type lacks is an error (`unknown field`) where wasm-wave
 * ignores it, and an argument list may be written with or without its parentheses.
 */
import type { Primitive } from '../../../server/src/syntax/binary/types';
import { isTypeDef, typeParts, type Func, type TypeDef, type WitType } from '../../../server/src/syntax/binary/witModel';
import { typeName } from '../../../server/src/syntax/binary/witNames';
import { ErrorKind, KEYWORDS, Lexer, Parser, WaveError, labelName, parseCallSyntax, parseValueNode, type Node } from './waveSyntax';

export { WaveError } from './waveSyntax';

export type WaveResult<T> = { ok: true; value: T } | { ok: false; error: WaveError };

export interface Param {
  name: string;
  ty: WitType;
}

/** Parses one value of a type. */
export function parseValue(text: string, ty: WitType): WaveResult<unknown> {
  return attempt(() => {
    const { node, finish } = parseValueNode(text);
    const value = toJs(node, ty, text);
    finish();
    return value;
  });
}

/** Writes a resource handle (which has no WAVE syntax) for a trace: the JS object jco gives for it, and its resource type. */
export type HandleFormatter = (value: unknown, resource: TypeDef) => string;

/** Writes a value of a type (a jco JS value) as WAVE; resource handles only with `handle`, otherwise they are rejected. */
export function formatValue(value: unknown, ty: WitType, handle?: HandleFormatter): string {
  const t = resolveType(ty);
  if (!isTypeDef(t)) return formatPrimitive(value, t);
  const k = t.kind;
  const inner = (v: unknown, ty: WitType) => formatValue(v, ty, handle);
  switch (k.kind) {
    case 'list':
    case 'fixed-length-list':
      return `[${[...iterable(value, t)].map((v) => inner(v, k.ty)).join(', ')}]`;
    case 'tuple': {
      const items = [...iterable(value, t)];
      return `(${k.types.map((ty, i) => inner(items[i], ty)).join(', ')})`;
    }
    case 'record': {
      const obj = object(value, t);
      const fields = k.fields
        .filter((f) => !isNone(obj[jsName(f.name)], f.ty))
        .map((f) => `${f.name}: ${inner(obj[jsName(f.name)], f.ty)}`);
      return fields.length === 0 ? '{:}' : `{${fields.join(', ')}}`;
    }
    case 'variant': {
      const { tag, val } = tagged(value, t);
      const c = k.cases.find((c) => c.name === tag);
      if (!c) throw mismatch(t, value);
      return `${caseLabel(c.name)}${c.ty ? `(${inner(val, c.ty)})` : ''}`;
    }
    case 'enum':
      if (typeof value !== 'string' || !k.cases.some((c) => c.name === value)) throw mismatch(t, value);
      return caseLabel(value);
    case 'option': {
      const payload = optionPayload(value, t);
      return payload ? `some(${inner(payload.val, k.ty)})` : 'none';
    }
    case 'result': {
      const { tag, val } = tagged(value, t);
      if (tag !== 'ok' && tag !== 'err') throw mismatch(t, value);
      const payload = tag === 'ok' ? k.ok : k.err;
      return payload ? `${tag}(${inner(val, payload)})` : tag;
    }
    case 'flags': {
      const obj = object(value, t);
      return `{${k.flags.filter((f) => obj[jsName(f.name)]).map((f) => f.name).join(', ')}}`;
    }
    case 'own':
    case 'borrow':
      if (handle) return handle(value, resolveType(k.resource) as TypeDef);
      throw new TypeError(`${ErrorKind.wasmValue}: ${unsupportedMessage(t)}`);
    default:
      throw new TypeError(`${ErrorKind.wasmValue}: ${unsupportedMessage(t)}`);
  }
}

/**
 * Parses the arguments of a function: `a, b` (what goes between the parentheses of a call) or
 * `(a, b)` (for one tuple parameter, `(1, 2)` is that tuple). Trailing `option` arguments may
 * be left out (they are `none`), as in wasm-wave.
 */
export function parseArgs(text: string, params: readonly Param[]): WaveResult<unknown[]> {
  const bare = attempt(() => argsOfList(text, params));
  if (bare.ok || !/^(?:\s|\/\/[^\n]*)*\(/.test(text)) return bare;
  const parenthesized = attempt(() => argsOfTuple(text, params));
  // When both readings fail, the one that got further is what was meant.
  return parenthesized.ok || parenthesized.error.start > bare.error.start ? parenthesized : bare;
}

/** `a, b` (a trailing comma allowed), the whole text. */
function argsOfList(text: string, params: readonly Param[]): unknown[] {
  const parser = new Parser(new Lexer(text));
  const nodes: Node[] = [];
  while (!parser.atEnd()) {
    nodes.push(parser.parseNode());
    if (parser.atEnd()) break;
    parser.advance();
    parser.expect('Comma');
  }
  return argsOf(nodes.length > 0 ? nodes : undefined, params, text, { noArgs: [0, 0], missing: [text.length, text.length] });
}

/** `(a, b)`, the whole text. */
function argsOfTuple(text: string, params: readonly Param[]): unknown[] {
  const parser = new Parser(new Lexer(text));
  parser.advance();
  parser.expect('ParenOpen');
  const tuple = parser.nextIs('ParenClose') ? (parser.advance(), undefined) : parser.parseTuple();
  const args = argsOf(tuple?.children, params, text, { noArgs: [0, 0], missing: [parser.token().end - 1, parser.token().end] });
  parser.finish();
  return args;
}

/** Writes arguments as `a, b` (what `parseArgs` reads). */
export function formatArgs(values: readonly unknown[], params: readonly Param[]): string {
  return params.map((p, i) => formatValue(values[i], p.ty)).join(', ');
}

/**
 * Parses a call, `name(args)`, as wasmtime's `--invoke` takes it. `paramsOf` gives the
 * parameters of the named function, or why there is no such function.
 */
export function parseCall(text: string, paramsOf: (name: string) => readonly Param[] | string): WaveResult<{ name: string; args: unknown[] }> {
  return attempt(() => {
    const call = parseCallSyntax(text);
    const params = paramsOf(call.name);
    if (typeof params === 'string') throw new WaveError(params, call.nameStart, call.nameEnd);
    const missing: [number, number] = call.params ? [call.params.end - 1, call.params.end] : [0, 0];
    return { name: call.name, args: argsOf(call.params?.children, params, text, { noArgs: [call.nameStart, call.nameEnd], missing }) };
  });
}

/** `name(a, b)`. */
export function formatCall(name: string, values: readonly unknown[], params: readonly Param[]): string {
  return `${name}(${formatArgs(values, params)})`;
}

/** What a call returned, as wasmtime prints it: the value, or `()` for a function without result. */
export function formatResult(func: Pick<Func, 'result'>, value: unknown): string {
  return func.result === undefined ? '()' : formatValue(value, func.result);
}

/** Why values of this type cannot be written in WAVE (a resource, map, future, stream…), if so. */
export function unsupportedPart(ty: WitType, seen = new Set<TypeDef>()): string | undefined {
  const t = resolveType(ty);
  if (!isTypeDef(t)) return t === 'error-context' ? unsupportedMessage(t) : undefined;
  if (seen.has(t)) return undefined;
  seen.add(t);
  switch (t.kind.kind) {
    case 'list':
    case 'fixed-length-list':
    case 'option':
    case 'tuple':
    case 'record':
    case 'variant':
    case 'result':
      return typeParts(t.kind)
        .map((x) => unsupportedPart(x, seen))
        .find((m) => m);
    case 'enum':
    case 'flags':
      return undefined;
    default:
      return unsupportedMessage(t);
  }
}

/** The JS name jco gives a WIT name (heck's lowerCamelCase): `write-all` → `writeAll`, `HTTP-ok` → `httpOk`. */
export function jsName(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

// ---- Text → JS ----

function attempt<T>(f: () => T): WaveResult<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof WaveError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * wasm-wave's `to_wasm_params`: the arguments (undefined: none given at all) against the
 * parameters; `noArgs` and `missing` are where to point when arguments are missing.
 */
function argsOf(nodes: Node[] | undefined, params: readonly Param[], src: string, at: { noArgs: [number, number]; missing: [number, number] }): unknown[] {
  if (!nodes) {
    if (params.length > 0) throw new WaveError(`${ErrorKind.invalidParams}: no params provided, but ${params.length} required`, ...at.noArgs);
    return [];
  }
  const values = nodes.map((node, i) => {
    if (i >= params.length) throw new WaveError(`${ErrorKind.invalidParams}: more param(s) than expected`, node.start, node.end);
    return toJs(node, params[i].ty, src);
  });
  for (const p of params.slice(values.length)) {
    if (!isOption(p.ty)) throw new WaveError(`${ErrorKind.invalidParams}: missing required param(s)`, ...at.missing);
    values.push(none(p.ty));
  }
  return values;
}

function toJs(node: Node, ty: WitType, src: string): unknown {
  const t = resolveType(ty);
  if (!isTypeDef(t)) return primitive(node, t, src);
  const k = t.kind;
  switch (k.kind) {
    case 'list':
    case 'fixed-length-list': {
      const items = ofType(node, 'List').children.map((n) => toJs(n, k.ty, src));
      if (k.kind === 'fixed-length-list' && items.length !== k.length) {
        throw valueError(node, `expected ${k.length} list elements; got ${items.length}`);
      }
      return listValue(items, k.ty);
    }
    case 'tuple': {
      const items = ofType(node, 'Tuple').children;
      if (items.length !== k.types.length) throw valueError(node, `expected ${k.types.length} tuple elements; got ${items.length}`);
      return items.map((n, i) => toJs(n, k.types[i], src));
    }
    case 'record':
      return record(node, k.fields, src);
    case 'variant': {
      const [label, payload] = variantParts(node, src);
      const c = k.cases.find((c) => c.name === label);
      if (!c) throw valueError(node, `unknown case ${JSON.stringify(label)}`);
      const val = maybePayload(node, label, c.ty, payload, src);
      return c.ty === undefined ? { tag: c.name } : { tag: c.name, val };
    }
    case 'enum': {
      const label = labelOf(ofType(node, 'Label'), src);
      if (!k.cases.some((c) => c.name === label)) throw valueError(node, `unknown case ${JSON.stringify(label)}`);
      return label;
    }
    case 'option':
      return option(node, t, k.ty, src);
    case 'result': {
      if (node.type === 'ResultOk') return { tag: 'ok', val: maybePayload(node, 'ok', k.ok, node.children[0], src) };
      if (node.type === 'ResultErr') return { tag: 'err', val: maybePayload(node, 'err', k.err, node.children[0], src) };
      if (k.ok !== undefined && flattenable(k.ok)) return { tag: 'ok', val: toJs(node, k.ok, src) };
      throw invalidType(node);
    }
    case 'flags': {
      const flags = new Set(ofType(node, 'Flags').children.map((n) => labelOf(n, src)));
      const unknown = [...flags].find((f) => !k.flags.some((d) => d.name === f));
      if (unknown !== undefined) throw valueError(node, `unknown case ${JSON.stringify(unknown)}`);
      return Object.fromEntries(k.flags.map((f) => [jsName(f.name), flags.has(f.name)]));
    }
    default:
      throw valueError(node, unsupportedMessage(t));
  }
}

function record(node: Node, fields: { name: string; ty: WitType }[], src: string): Record<string, unknown> {
  const given = new Map<string, { label: Node; value: Node }>();
  const children = ofType(node, 'Record').children;
  for (let i = 0; i < children.length; i += 2) given.set(labelOf(children[i], src), { label: children[i], value: children[i + 1] });
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const entry = given.get(f.name);
    if (entry) out[jsName(f.name)] = toJs(entry.value, f.ty, src);
    else if (isOption(f.ty)) out[jsName(f.name)] = none(f.ty);
    else throw valueError(node, `missing field ${JSON.stringify(f.name)}`);
  }
  for (const [name, { label }] of given) {
    if (!fields.some((f) => f.name === name)) throw new WaveError(`${ErrorKind.wasmValue}: unknown field ${JSON.stringify(name)}`, label.start, label.end);
  }
  return out;
}

function option(node: Node, t: TypeDef, payload: WitType, src: string): unknown {
  const nested = isNestedOption(t);
  const some = (val: unknown) => (nested ? { tag: 'some', val } : val);
  if (node.type === 'OptionSome') return some(toJs(node.children[0], payload, src));
  if (node.type === 'OptionNone') return none(t);
  if (flattenable(payload)) return some(toJs(node, payload, src));
  throw invalidType(node);
}

function variantParts(node: Node, src: string): [string, Node | undefined] {
  if (node.type === 'Label') return [labelOf(node, src), undefined];
  if (node.type === 'VariantWithPayload') return [labelOf(node.children[0], src), node.children[1]];
  throw invalidType(node);
}

function maybePayload(node: Node, label: string, ty: WitType | undefined, payload: Node | undefined, src: string): unknown {
  if (ty !== undefined && payload) return toJs(payload, ty, src);
  if (ty === undefined && !payload) return undefined;
  throw valueError(node, `${payload ? 'unexpected' : 'missing'} payload for ${JSON.stringify(label)} case`);
}

const INTEGERS: Record<string, [bigint, bigint]> = {
  s8: [-(2n ** 7n), 2n ** 7n - 1n],
  u8: [0n, 2n ** 8n - 1n],
  s16: [-(2n ** 15n), 2n ** 15n - 1n],
  u16: [0n, 2n ** 16n - 1n],
  s32: [-(2n ** 31n), 2n ** 31n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

function primitive(node: Node, prim: Primitive, src: string): unknown {
  const text = src.slice(node.start, node.end);
  switch (prim) {
    case 'bool':
      if (node.type === 'BoolTrue') return true;
      if (node.type === 'BoolFalse') return false;
      throw invalidType(node);
    case 'f32':
    case 'f64': {
      ofType(node, 'Number');
      const n = text === 'nan' ? NaN : text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
      return prim === 'f32' ? Math.fround(n) : n;
    }
    case 'char':
      return charValue(ofType(node, 'Char'), src);
    case 'string':
      if (node.type === 'String') return unescapeString(src.slice(node.start + 1, node.end - 1), node.start + 1);
      if (node.type === 'MultilineString') return multilineString(src.slice(node.start + 3, node.end - 3), node.start + 3);
      throw invalidType(node);
    default: {
      const range = INTEGERS[prim];
      if (!range) throw valueError(node, unsupportedMessage(prim));
      ofType(node, 'Number');
      // Rust's integer `FromStr`: digits, with a minus sign for signed types only.
      if (!/^-?[0-9]+$/.test(text) || (range[0] === 0n && text.startsWith('-'))) throw new WaveError(ErrorKind.invalidValue, node.start, node.end);
      const n = BigInt(text);
      if (n < range[0] || n > range[1]) throw new WaveError(ErrorKind.invalidValue, node.start, node.end);
      return prim === 's64' || prim === 'u64' ? n : Number(n);
    }
  }
}

function charValue(node: Node, src: string): string {
  const inner = src.slice(node.start + 1, node.end - 1);
  if (!inner.startsWith('\\')) return inner;
  const escaped = unescape(inner, 0);
  if (!escaped) throw new WaveError(ErrorKind.invalidEscape, node.start, node.end);
  return escaped.ch;
}

/** A single-line string's contents (between its quotes, which start at `pos`). */
function unescapeString(inner: string, pos: number): string {
  let out = '';
  for (let i = 0; i < inner.length; ) {
    const slash = inner.indexOf('\\', i);
    if (slash < 0) return out + inner.slice(i);
    out += inner.slice(i, slash);
    const escaped = unescape(inner, slash);
    if (!escaped) throw new WaveError(ErrorKind.invalidEscape, pos + slash, pos + slash + 1);
    out += escaped.ch;
    i = slash + escaped.length;
  }
  return out;
}

/** A multiline string's contents (between its `"""`s, which start at `pos`): wasm-wave's dedent rules. */
function multilineString(inner: string, pos: number): string {
  const end = pos + inner.length;
  const src = inner.startsWith('\r') ? inner.slice(1) : inner;
  let next = pos + (inner.startsWith('\r') ? 2 : 1);
  const lines = src.split('\n');
  const indent = lines.pop() as string;
  const invalid = (detail: string, start: number, stop: number) => new WaveError(`${ErrorKind.invalidMultilineString}: ${detail}`, start, stop);
  if (/[^ ]/.test(indent)) throw invalid('closing """ must be on a line preceded only by spaces', end - 3, end);
  if (lines.shift() !== '') throw invalid('opening """ must be followed immediately by newline', pos, pos + 1);
  const out: string[] = [];
  for (const line of lines) {
    const start = next;
    next += line.length + 1;
    if (!line.startsWith(indent)) throw invalid('lines must be indented at least as much as closing """', start, start + 1);
    const body = line.slice(indent.length);
    out.push(unescapeString(body.endsWith('\r') ? body.slice(0, -1) : body, start + indent.length));
  }
  return out.join('\n');
}

/** The escape at `src[i]` (a backslash): its character and length, or undefined if invalid. */
function unescape(src: string, i: number): { ch: string; length: number } | undefined {
  const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', t: '\t', n: '\n', r: '\r' };
  const c = src[i + 1];
  if (c !== undefined && c in simple) return { ch: simple[c], length: 2 };
  const m = /^u\{([0-9a-fA-F]{1,6})\}/.exec(src.slice(i + 1, i + 11));
  if (!m) return undefined;
  const code = parseInt(m[1], 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { ch: String.fromCodePoint(code), length: m[0].length + 1 };
}

function listValue(items: unknown[], element: WitType): unknown {
  const e = resolveType(element);
  const typed = isTypeDef(e) ? undefined : TYPED_ARRAYS[e];
  return typed ? typed.from(items as never[]) : items;
}

const TYPED_ARRAYS: Record<string, { from(items: never[]): unknown }> = {
  u8: Uint8Array,
  s8: Int8Array,
  u16: Uint16Array,
  s16: Int16Array,
  u32: Uint32Array,
  s32: Int32Array,
  u64: BigUint64Array,
  s64: BigInt64Array,
  f32: Float32Array,
  f64: Float64Array,
};

// ---- JS → text ----

function formatPrimitive(value: unknown, prim: Primitive): string {
  switch (prim) {
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(prim, value);
      return String(value);
    case 'f32':
    case 'f64':
      if (typeof value !== 'number') throw mismatch(prim, value);
      return formatFloat(value, prim);
    case 'char':
      if (typeof value !== 'string' || [...value].length !== 1) throw mismatch(prim, value);
      return `'${escapeChar(value)}'`;
    case 'string':
      if (typeof value !== 'string') throw mismatch(prim, value);
      return `"${[...value].map(escapeChar).join('')}"`;
    default:
      if (!INTEGERS[prim]) throw new TypeError(`${ErrorKind.wasmValue}: ${unsupportedMessage(prim)}`);
      if (typeof value !== 'number' && typeof value !== 'bigint') throw mismatch(prim, value);
      return String(value);
  }
}

/** Rust's `Display` for floats: the shortest digits that read back the same, never an exponent. */
export function formatFloat(n: number, prim: 'f32' | 'f64'): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0';
  let text = String(n);
  if (prim === 'f32') {
    for (let digits = 1; digits <= 9; digits++) {
      text = n.toPrecision(digits);
      if (Math.fround(Number(text)) === n) break;
    }
  }
  return plainDecimal(text);
}

/** `1.5e-7` → `0.00000015`, `3.4e+38` → `340…0`. */
function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return sign + out;
}

/** Rust's escaping of one character as wasm-wave writes it (`escape_default` / `escape_unicode` / `escape_debug`). */
function escapeChar(ch: string): string {
  const special: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\t': '\\t', '\r': '\\r', '\n': '\\n' };
  if (special[ch]) return special[ch];
  if (ch !== ' ' && NOT_PRINTABLE.test(ch)) return `\\u{${(ch.codePointAt(0) as number).toString(16)}}`;
  return ch;
}

/** Rust's `char::escape_debug` escapes these: not printable (control, format, separators, unassigned, …) or extending a grapheme. */
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Grapheme_Extend}]$/u;

function caseLabel(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

function iterable(value: unknown, t: TypeDef): Iterable<unknown> {
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) throw mismatch(t, value);
  return value as Iterable<unknown>;
}

function object(value: unknown, t: TypeDef): Record<string, unknown> {
  if (value === null || typeof value !== 'object') throw mismatch(t, value);
  return value as Record<string, unknown>;
}

function tagged(value: unknown, t: TypeDef): { tag: unknown; val: unknown } {
  const obj = object(value, t);
  return { tag: obj.tag, val: obj.val };
}

/** The payload of a jco option value of type `t` (an option type), or undefined for `none`. */
export function optionPayload(value: unknown, t: TypeDef): { val: unknown } | undefined {
  if (isNone(value, t)) return undefined;
  return { val: isNestedOption(t) ? tagged(value, t).val : value };
}

function isNone(value: unknown, ty: WitType): boolean {
  const t = resolveType(ty);
  if (!isTypeDef(t) || t.kind.kind !== 'option') return false;
  return isNestedOption(t) ? tagged(value, t).tag === 'none' : value === undefined || value === null;
}

function mismatch(ty: WitType, value: unknown): TypeError {
  const shown = typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new TypeError(`expected a ${typeName(ty)} value (as jco represents it), got ${shown}`);
}

// ---- Types ----

/** A type with its `type a = b` aliases (and `use`s) followed. */
export function resolveType(ty: WitType): WitType {
  while (isTypeDef(ty) && ty.kind.kind === 'type') ty = ty.kind.ty;
  return ty;
}

function isOption(ty: WitType): boolean {
  const t = resolveType(ty);
  return isTypeDef(t) && t.kind.kind === 'option';
}

/** jco writes an option of an option with tags, so that `some(none)` and `none` differ. */
function isNestedOption(t: TypeDef): boolean {
  return t.kind.kind === 'option' && isOption(t.kind.ty);
}

function none(ty: WitType): unknown {
  const t = resolveType(ty);
  return isTypeDef(t) && isNestedOption(t) ? { tag: 'none' } : undefined;
}

/** wasm-wave writes the payload of `some` / `ok` bare unless it is an option or result itself. */
function flattenable(ty: WitType): boolean {
  const t = resolveType(ty);
  return !isTypeDef(t) || (t.kind.kind !== 'option' && t.kind.kind !== 'result');
}

function unsupportedMessage(ty: WitType): string {
  const t = resolveType(ty);
  const own = isTypeDef(t) && (t.kind.kind === 'own' || t.kind.kind === 'borrow' || t.kind.kind === 'resource');
  return `unsupported type ${typeName(ty)}${own ? ' (resource handles have no WAVE syntax)' : ''}`;
}

function ofType(node: Node, type: Node['type']): Node {
  if (node.type !== type) throw invalidType(node);
  return node;
}

function labelOf(node: Node, src: string): string {
  if (node.type !== 'Label') throw invalidType(node);
  return labelName(src.slice(node.start, node.end));
}

function invalidType(node: Node): WaveError {
  return new WaveError(ErrorKind.invalidType, node.start, node.end);
}

function valueError(node: Node, message: string): WaveError {
  return new WaveError(`${ErrorKind.wasmValue}: ${message}`, node.start, node.end);
}
