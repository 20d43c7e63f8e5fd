/**
 * Deterministic mutation of WIT text, the corpora it starts from, and the robustness check
 * that the fuzz test and `scripts/fuzz.mjs` run on every mutant.
 *
 * - `Rng`: a small seeded PRNG (mulberry32); `inputRng(seed, index)` gives every input of a
 *   run its own stream, so one input is reproducible from (seed, index) alone.
 * - Token-level edits (`mutateTokens`), close to what a person typing produces: delete,
 *   duplicate or swap a token, replace an identifier by another identifier of the file or by
 *   a keyword, drop a `;`/`}`/`>`, change a version.
 * - Character-level edits (`mutateChars`): random characters (non-ASCII, control codes, `%`,
 *   `"`, `/*`, …), deleted or duplicated slices, truncation, splices of other corpus text.
 * - Generated pathological inputs (`pathologicalInput`): deep nesting and the like.
 * - Seeds: the WASI packages shipped inside jco and the wit-parser conformance cases.
 * - `checkRobustness`: parse + analyzeRoot must not throw, must finish within a budget, and
 *   every diagnostic range and syntax-tree node must lie within its file.
 *
 * When loaded as a worker thread with `workerData.witFuzz`, this module runs a fuzz range
 * itself (see `runFuzz`), so that a hang can be detected and reported by the main thread.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../../server/src/diagnostic';
import { analyzeRoot } from '../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { ParseCache } from '../../server/src/semantics/parseCache';
import { parse } from '../../server/src/syntax/parser';
import { conformanceDir, repoRoot } from './paths';

// ---------------------------------------------------------------------------------------------
// Random numbers

/** mulberry32: tiny, fast, and good enough to pick mutations. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
}

/** The PRNG of input `index` of a run with `seed`: independent of every other input. */
export function inputRng(seed: number, index: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

// ---------------------------------------------------------------------------------------------
// Tokens

export const WIT_KEYWORDS = [
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64',
  'char', 'resource', 'own', 'borrow', 'record', 'flags', 'variant', 'enum', 'bool', 'string',
  'option', 'result', 'future', 'stream', 'error-context', 'list', 'map', '_', 'as', 'from',
  'static', 'interface', 'tuple', 'world', 'import', 'export', 'package', 'constructor',
  'include', 'with', 'async',
] as const;
const KEYWORD_SET = new Set<string>(WIT_KEYWORDS);

export type TokKind = 'space' | 'comment' | 'ident' | 'keyword' | 'number' | 'punct' | 'string' | 'other';

/** A token of a deliberately simple lexer, independent of the checker's own. */
export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
}

const TOKEN = /(\s+)|(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|(%?[A-Za-z_][A-Za-z0-9_-]*)|(\d+)|(->|[=,:.;(){}<>*@/+\-])|("(?:[^"\\\n]|\\.)*"?)|([\s\S])/gy;

export function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    const kind: TokKind = m[1]
      ? 'space'
      : m[2]
        ? 'comment'
        : m[3]
          ? KEYWORD_SET.has(m[3])
            ? 'keyword'
            : 'ident'
          : m[4]
            ? 'number'
            : m[5]
              ? 'punct'
              : m[6]
                ? 'string'
                : 'other';
    toks.push({ kind, text: m[0], start: m.index });
  }
  return toks;
}

// ---------------------------------------------------------------------------------------------
// Mutations

export interface Mutant {
  text: string;
  /** What was done, for failure reports. */
  edits: string[];
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function show(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

const VERSION = /(\d+)\.(\d+)\.(\d+)((?:[-+][0-9A-Za-z.+-]*)?)/g;

/** One token-level edit; `undefined` when the text has nothing the chosen edit applies to. */
function tokenEdit(text: string, rng: Rng, forced?: number): Mutant | undefined {
  const toks = tokenize(text);
  const sig = toks.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  if (sig.length === 0) return undefined;
  const idents = sig.filter((t) => t.kind === 'ident');
  const op = forced ?? rng.int(10);
  switch (op) {
    case 0: {
      const t = rng.pick(sig);
      return { text: splice(text, t.start, t.start + t.text.length, ''), edits: [`delete ${show(t.text)} at ${t.start}`] };
    }
    case 1: {
      const t = rng.pick(sig);
      const sep = rng.chance(0.5) ? ' ' : '';
      return { text: splice(text, t.start, t.start, t.text + sep), edits: [`duplicate ${show(t.text)} at ${t.start}`] };
    }
    case 2: {
      if (sig.length < 2) return undefined;
      const i = rng.int(sig.length - 1);
      const a = sig[i]!;
      const b = sig[i + 1]!;
      const between = text.slice(a.start + a.text.length, b.start);
      return {
        text: splice(text, a.start, b.start + b.text.length, b.text + between + a.text),
        edits: [`swap ${show(a.text)} and ${show(b.text)} at ${a.start}`],
      };
    }
    case 3:
    case 4: {
      if (idents.length === 0) return undefined;
      const t = rng.pick(idents);
      const names = [...new Set(idents.map((x) => x.text))];
      const other = rng.pick(names);
      if (other === t.text) return undefined;
      return { text: splice(text, t.start, t.start + t.text.length, other), edits: [`replace ${show(t.text)} at ${t.start} by ${show(other)}`] };
    }
    case 5: {
      const pool = sig.filter((t) => t.kind === 'ident' || t.kind === 'keyword');
      if (pool.length === 0) return undefined;
      const t = rng.pick(pool);
      const kw = rng.pick(WIT_KEYWORDS);
      if (kw === t.text) return undefined;
      return { text: splice(text, t.start, t.start + t.text.length, kw), edits: [`replace ${show(t.text)} at ${t.start} by keyword ${show(kw)}`] };
    }
    case 6:
    case 7: {
      const closers = sig.filter((t) => t.text === ';' || t.text === '}' || t.text === '>');
      if (closers.length === 0) return undefined;
      const t = rng.pick(closers);
      return { text: splice(text, t.start, t.start + 1, ''), edits: [`drop ${show(t.text)} at ${t.start}`] };
    }
    case 8: {
      const versions = [...text.matchAll(VERSION)];
      if (versions.length === 0) return undefined;
      const m = rng.pick(versions);
      const [whole, major, minor, patch, rest] = m;
      const choices = [
        `${+major! + 1}.${minor}.${patch}${rest}`,
        `${major}.${+minor! + 1}.${patch}${rest}`,
        `${major}.${minor}.${+patch! + 1}${rest}`,
        `${major}.${minor}${rest}`,
        `${major}.${minor}.${patch}-rc.1`,
        `${major}.${minor}.${patch}+build.5`,
        `0${major}.${minor}.${patch}${rest}`,
        `${major}.${minor}.${patch}-`,
        `${major}.${minor}.${patch}${rest}.0`,
        `${major}.${minor}.x`,
        '99999999999999999999.0.0',
      ];
      const replacement = rng.pick(choices);
      return {
        text: splice(text, m.index!, m.index! + whole!.length, replacement),
        edits: [`version ${show(whole!)} at ${m.index} -> ${show(replacement)}`],
      };
    }
    default: {
      const t = rng.pick(sig);
      const insert = rng.pick([';', ',', '{', '}', '<', '>', '(', ')', ':', '.', '/', '@', '->', '*', '=', 'x', '%x', '_', '-']);
      return { text: splice(text, t.start, t.start, insert), edits: [`insert ${show(insert)} at ${t.start}`] };
    }
  }
}

/** `count` token-level edits (each retried until one applies). */
export function mutateTokens(text: string, rng: Rng, count = 1): Mutant {
  let current: Mutant = { text, edits: [] };
  for (let n = 0; n < count; n++) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const m = tokenEdit(current.text, rng);
      if (m && m.text !== current.text) {
        current = { text: m.text, edits: [...current.edits, ...m.edits] };
        break;
      }
    }
  }
  return current;
}

/** Keywords that can stand in for one another without breaking the syntax (often). */
const KEYWORD_CLASSES: readonly (readonly string[])[] = [
  ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'bool', 'string', 'error-context'],
  ['list', 'option', 'future', 'stream', 'borrow', 'own'],
  ['result', 'tuple', 'map'],
  ['import', 'export', 'include', 'use'],
  ['interface', 'world'],
  ['record', 'variant', 'enum', 'flags', 'resource'],
  ['static', 'async', 'constructor', 'func'],
];

const ATTRIBUTES = [
  '@since(version = 0.2.0)',
  '@since(version = 1.0.0)',
  '@unstable(feature = active)',
  '@unstable(feature = inactive)',
  '@deprecated(version = 0.2.0)',
  '@since(version = 0.2.0, feature = active)',
];

/**
 * One edit that mostly keeps the syntax and so reaches name resolution and validation: delete,
 * duplicate, swap or move a line; swap a keyword for one of its kind; rename an identifier to
 * another one of the file; add an attribute; change a version.
 */
function lineEdit(text: string, rng: Rng): Mutant | undefined {
  const lines = text.split(/(?<=\n)/);
  const real = lines.map((_, i) => i).filter((i) => /\S/.test(lines[i]!) && !/^\s*\/\//.test(lines[i]!));
  if (real.length === 0) return undefined;
  const show1 = (i: number) => show(lines[i]!.trim());
  switch (rng.int(9)) {
    case 0: {
      const i = rng.pick(real);
      return { text: [...lines.slice(0, i), ...lines.slice(i + 1)].join(''), edits: [`delete line ${i + 1} ${show1(i)}`] };
    }
    case 1: {
      const i = rng.pick(real);
      return { text: [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join(''), edits: [`duplicate line ${i + 1} ${show1(i)}`] };
    }
    case 2: {
      const i = rng.pick(real);
      const j = rng.chance(0.5) ? Math.min(lines.length - 1, i + 1) : rng.pick(real);
      if (i === j) return undefined;
      const copy = [...lines];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return { text: copy.join(''), edits: [`swap lines ${i + 1} and ${j + 1}`] };
    }
    case 3: {
      const i = rng.pick(real);
      const copy = [...lines];
      const [line] = copy.splice(i, 1);
      const j = rng.int(copy.length + 1);
      copy.splice(j, 0, line!);
      return { text: copy.join(''), edits: [`move line ${i + 1} ${show1(i)} to ${j + 1}`] };
    }
    case 4:
    case 5: {
      const kws = tokenize(text).filter((t) => t.kind === 'keyword' && KEYWORD_CLASSES.some((c) => c.includes(t.text)));
      if (kws.length === 0) return undefined;
      const t = rng.pick(kws);
      const other = rng.pick(KEYWORD_CLASSES.find((c) => c.includes(t.text))!);
      if (other === t.text) return undefined;
      return { text: splice(text, t.start, t.start + t.text.length, other), edits: [`keyword ${show(t.text)} at ${t.start} -> ${show(other)}`] };
    }
    case 6: {
      const idents = tokenize(text).filter((t) => t.kind === 'ident');
      if (idents.length === 0) return undefined;
      const t = rng.pick(idents);
      const other = rng.pick([...new Set(idents.map((x) => x.text))]);
      if (other === t.text) return undefined;
      return { text: splice(text, t.start, t.start + t.text.length, other), edits: [`rename ${show(t.text)} at ${t.start} to ${show(other)}`] };
    }
    case 7: {
      const i = rng.pick(real);
      const at = lines.slice(0, i).join('').length + (/^\s*/.exec(lines[i]!)?.[0].length ?? 0);
      const attr = rng.pick(ATTRIBUTES);
      return { text: splice(text, at, at, `${attr} `), edits: [`attribute ${attr} on line ${i + 1} ${show1(i)}`] };
    }
    default:
      return tokenEdit(text, rng, 8);
  }
}

/** `count` line- and keyword-level edits (each retried until one applies). */
export function mutateLines(text: string, rng: Rng, count = 1): Mutant {
  let current: Mutant = { text, edits: [] };
  for (let n = 0; n < count; n++) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const m = lineEdit(current.text, rng);
      if (m && m.text !== current.text) {
        current = { text: m.text, edits: [...current.edits, ...m.edits] };
        break;
      }
    }
  }
  return current;
}

/** Characters that lexers get wrong: non-ASCII, control codes, surrogates, comment openers. */
const ODD_CHARS = [
  '%', '"', '/*', '*/', '//', '/**', '\\', '@', '-', '--', '_', '0', '9', '.', ':', '%%', '""',
  '\0', '\x01', '\x07', '\x08', '\x1b', '\x7f', '\t', '\r', '\r\n', '\v', '\f', '\n',
  '\u00a0', '\u00e9', '\u00df', '\u0394', '\u4e2d', '\u{1f600}', '\ufeff', '\u200b', '\u200d',
  '\u202e', '\u2066', '\u2028', '\u2029', '\u0301', '\ufffd', '\ud800', '\udc00', '\u{10ffff}',
  '\u0085', '\u061c', 'ǅ', 'Ⅻ', '٣',
];

function randomChars(rng: Rng): string {
  let s = '';
  const n = rng.chance(0.7) ? 1 : rng.range(2, 8);
  for (let i = 0; i < n; i++) {
    s += rng.chance(0.5) ? rng.pick(ODD_CHARS) : String.fromCharCode(rng.range(0x20, 0x7e));
  }
  return s;
}

/** One character-level edit. `others` are texts to splice from. */
function charEdit(text: string, rng: Rng, others: readonly string[]): Mutant {
  const at = rng.int(text.length + 1);
  switch (rng.int(8)) {
    case 0:
    case 1:
    case 2: {
      const s = randomChars(rng);
      return { text: splice(text, at, at, s), edits: [`insert ${show(s)} at ${at}`] };
    }
    case 3: {
      const n = rng.range(1, 20);
      return { text: splice(text, at, at + n, ''), edits: [`delete ${n} chars at ${at}`] };
    }
    case 4:
      return { text: text.slice(0, at), edits: [`truncate at ${at}`] };
    case 5: {
      const n = rng.range(1, 60);
      const s = text.slice(at, at + n);
      return { text: splice(text, at, at, s), edits: [`duplicate ${show(s)} at ${at}`] };
    }
    case 6: {
      const other = others.length > 0 ? rng.pick(others) : text;
      const from = rng.int(other.length + 1);
      const s = other.slice(from, from + rng.range(1, 120));
      return { text: splice(text, at, at, s), edits: [`splice ${show(s)} at ${at}`] };
    }
    default: {
      const s = randomChars(rng);
      return { text: splice(text, at, at + 1, s), edits: [`replace char at ${at} by ${show(s)}`] };
    }
  }
}

export function mutateChars(text: string, rng: Rng, count = 1, others: readonly string[] = []): Mutant {
  let current: Mutant = { text, edits: [] };
  for (let n = 0; n < count; n++) {
    const m = charEdit(current.text, rng, others);
    current = { text: m.text, edits: [...current.edits, ...m.edits] };
  }
  return current;
}

/** Nesting and size extremes: deep types, deep nested packages, long runs of openers. */
export function pathologicalInput(rng: Rng): Mutant {
  const depth = rng.pick([99, 100, 101, 150, 1000, 5000]);
  const header = 'package a:b;\n';
  switch (rng.int(12)) {
    case 0:
      return { text: `${header}interface i { type t = ${'list<'.repeat(depth)}u8${'>'.repeat(depth)}; }`, edits: [`list<…> ${depth} deep`] };
    case 1:
      return { text: `${header}interface i { type t = ${'list<'.repeat(depth)}u8; }`, edits: [`unclosed list< ${depth} deep`] };
    case 2: {
      const n = Math.min(depth, 150);
      return { text: `${'package a:b {\n'.repeat(n)}${'}\n'.repeat(rng.chance(0.5) ? n : 0)}`, edits: [`${n} nested package a:b {`] };
    }
    case 3: {
      const kinds = ['option<', 'result<', 'tuple<', 'list<', 'future<', 'stream<', 'borrow<', 'own<', 'map<u8, '];
      let open = '';
      const closes: string[] = [];
      for (let i = 0; i < depth; i++) {
        const k = rng.pick(kinds);
        open += k;
        closes.push(k === 'result<' ? ', u8>' : '>');
      }
      return { text: `${header}interface i { f: func() -> ${open}u8${closes.reverse().join('')}; }`, edits: [`mixed type nesting ${depth} deep`] };
    }
    case 4:
      return { text: header + rng.pick(['{', '(', '<', '[', '/*', '%', '"', '@', '.', ':']).repeat(depth * 4), edits: [`${depth * 4} repeated openers`] };
    case 5:
      return { text: `${header}interface i {\n${'  type t = u8;\n'.repeat(depth)}}`, edits: [`${depth} duplicate types`] };
    case 6:
      return { text: `${header}interface ${'a'.repeat(depth * 50)} { f: func(${'x: u8, '.repeat(depth)}); }`, edits: [`long identifier and ${depth} params`] };
    case 7:
      return { text: `${header}world w {\n${'  include w;\n'.repeat(Math.min(depth, 300))}}`, edits: ['self includes'] };
    case 8:
      return { text: `${header}@since(version = ${'9'.repeat(depth)}.0.0)\ninterface i {}`, edits: [`${depth}-digit version`] };
    case 9: {
      let s = header;
      for (let i = 0; i < Math.min(depth, 400); i++) s += `interface i${i} { use i${i + 1}.{t}; type u = t; }\n`;
      return { text: `${s}interface i${Math.min(depth, 400)} { use i0.{t}; type t = u8; }`, edits: ['long use cycle'] };
    }
    case 10:
      return { text: `${header}interface i { ${'type t = t;'.repeat(depth)} variant v { ${'a(v), '.repeat(depth)} } }`, edits: ['self-referential types'] };
    default:
      return { text: `${header}interface i { f: func() -> ${'tuple<'.repeat(Math.min(depth, 90))}${'u8, '.repeat(depth)}${'>'.repeat(Math.min(depth, 90))}; }`, edits: ['wide tuples'] };
  }
}

// ---------------------------------------------------------------------------------------------
// Corpora

/** A root as the checkers take it: its files by path relative to a base directory. */
export interface WitCase {
  name: string;
  /** The root, relative to the base: a `.wit` file or a package directory. */
  root: string;
  files: Map<string, string>;
  /** What the corpus says the reference does with it, when it says. */
  expect?: 'accept' | 'reject';
  /** WIT packages encoded as WebAssembly (`.wasm`/`.wat` deps): their bytes, by path like `files`. */
  binaries: Map<string, Uint8Array>;
}

export const jcoBuiltinDir = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');

/** The WASI releases shipped in jco: version → package directory name → `package.wit` text. */
export function wasiReleases(): Map<string, Map<string, string>> {
  const releases = new Map<string, Map<string, string>>();
  for (const version of readdirSync(jcoBuiltinDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort()) {
    const packages = new Map<string, string>();
    for (const name of readdirSync(join(jcoBuiltinDir, version)).sort()) {
      packages.set(name, readFileSync(join(jcoBuiltinDir, version, name, 'package.wit'), 'utf8'));
    }
    releases.set(version, packages);
  }
  return releases;
}

function readTree(dir: string, into: Map<string, string>, base: string, binaries: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readTree(path, into, base, binaries);
    else if (name.endsWith('.wit')) into.set(relative(base, path), readFileSync(path, 'utf8'));
    else if (name.endsWith('.wasm') || name.endsWith('.wat')) binaries.set(relative(base, path), readFileSync(path));
  }
}

/**
 * Every WASI package of jco's corpus as a root `<pkg>/package.wit` with the other packages of
 * its release in `<pkg>/deps/`, plus wasi-tls (with its own deps/) and jco:node (many files,
 * WASI 0.2.12 and wasi-tls as deps).
 */
export function wasiCases(): WitCase[] {
  const cases: WitCase[] = [];
  const releases = wasiReleases();
  for (const [version, packages] of releases) {
    for (const [name, text] of packages) {
      const files = new Map<string, string>([[`${name}/package.wit`, text]]);
      for (const [other, t] of packages) if (other !== name) files.set(`${name}/deps/${other}.wit`, t);
      cases.push({ name: `wasi ${version} ${name}`, root: name, files, expect: 'accept', binaries: new Map() });
    }
  }
  const tls = join(jcoBuiltinDir, 'wasi-tls-0.2.0-draft');
  if (existsSync(tls)) {
    const files = new Map<string, string>();
    const binaries = new Map<string, Uint8Array>();
    readTree(tls, files, jcoBuiltinDir, binaries);
    cases.push({ name: 'wasi-tls-0.2.0-draft', root: 'wasi-tls-0.2.0-draft', files, expect: 'accept', binaries });
  }
  const node = join(jcoBuiltinDir, 'jco-node-0.1.0');
  const wasi = releases.get('0.2.12');
  if (existsSync(node) && existsSync(tls) && wasi) {
    const files = new Map<string, string>();
    for (const name of readdirSync(node).filter((n) => n.endsWith('.wit')).sort()) {
      files.set(`jco-node/${name}`, readFileSync(join(node, name), 'utf8'));
    }
    for (const [name, text] of wasi) files.set(`jco-node/deps/${name}.wit`, text);
    for (const name of readdirSync(tls).filter((n) => n.endsWith('.wit')).sort()) {
      files.set(`jco-node/deps/wasi-tls/${name}`, readFileSync(join(tls, name), 'utf8'));
    }
    cases.push({ name: 'jco-node-0.1.0', root: 'jco-node', files, expect: 'accept', binaries: new Map() });
  }
  return cases;
}

/** The conformance cases: files and package directories, pass cases and parse-fail cases. */
export function conformanceCases(dir = conformanceDir()): WitCase[] {
  if (!dir) return [];
  const cases: WitCase[] = [];
  const isCase = (n: string) => !n.endsWith('.json') && !n.endsWith('.result') && !n.endsWith('.md') && n !== 'parse-fail';
  for (const [sub, expect] of [['cases', 'accept'], ['cases/parse-fail', 'reject']] as const) {
    const base = join(dir, sub);
    for (const name of readdirSync(base).filter(isCase).sort()) {
      const path = join(base, name);
      const files = new Map<string, string>();
      const binaries = new Map<string, Uint8Array>();
      if (statSync(path).isDirectory()) readTree(path, files, base, binaries);
      else if (name.endsWith('.wit')) files.set(name, readFileSync(path, 'utf8'));
      else continue;
      cases.push({ name: `${sub.replace(/^cases\/?/, '') || 'pass'}/${name}`, root: name, files, expect, binaries });
    }
  }
  return cases;
}

/** The texts to mutate: every `.wit` file of both corpora, of the examples and of the syntax fixtures. */
export function seedTexts(): string[] {
  const texts: string[] = [];
  for (const c of [...conformanceCases(), ...wasiCases()]) for (const text of c.files.values()) texts.push(text);
  for (const dir of [join(repoRoot, 'wit-examples'), join(repoRoot, 'test', 'fixtures', 'syntax')]) {
    const files = new Map<string, string>();
    readTree(dir, files, dir, new Map());
    texts.push(...files.values());
  }
  return [...new Set(texts)];
}

// ---------------------------------------------------------------------------------------------
// Robustness

export interface FuzzInput {
  index: number;
  /** Files by absolute path (a MemoryFileSystem's). */
  files: Map<string, string>;
  root: string;
  /** The file that was mutated or generated. */
  target: string;
  edits: string[];
  allFeatures: boolean;
}

export interface FuzzCorpus {
  texts: string[];
  /** WASI releases as package lists, to give some mutants real deps. */
  releases: string[][];
}

export function loadFuzzCorpus(): FuzzCorpus {
  return { texts: seedTexts(), releases: [...wasiReleases().values()].map((r) => [...r.values()]) };
}

/** Input `index` of a fuzz run with `seed`: a function of (corpus, seed, index) only. */
export function fuzzInput(corpus: FuzzCorpus, seed: number, index: number): FuzzInput {
  const rng = inputRng(seed, index);
  const allFeatures = rng.chance(0.2);
  if (rng.chance(0.03)) {
    const m = pathologicalInput(rng);
    return { index, files: new Map([['/fuzz/input.wit', m.text]]), root: '/fuzz/input.wit', target: '/fuzz/input.wit', edits: m.edits, allFeatures };
  }
  const withDeps = rng.chance(0.1) && corpus.releases.length > 0;
  const release = withDeps ? rng.pick(corpus.releases) : [];
  const base = withDeps ? rng.pick(release) : rng.pick(corpus.texts);
  let text = base;
  const edits: string[] = [];
  const rounds = rng.pick([1, 1, 1, 2, 2, 3, 4, 8]);
  for (let i = 0; i < rounds; i++) {
    const r = rng.next();
    const m = r < 0.35 ? mutateTokens(text, rng, 1) : r < 0.5 ? mutateLines(text, rng, 1) : mutateChars(text, rng, 1, corpus.texts);
    text = m.text;
    edits.push(...m.edits);
  }
  if (!withDeps) {
    return { index, files: new Map([['/fuzz/input.wit', text]]), root: '/fuzz/input.wit', target: '/fuzz/input.wit', edits, allFeatures };
  }
  const files = new Map<string, string>([['/fuzz/pkg/package.wit', text]]);
  release.forEach((t, i) => t !== base && files.set(`/fuzz/pkg/deps/p${i}.wit`, t));
  return { index, files, root: '/fuzz/pkg', target: '/fuzz/pkg/package.wit', edits, allFeatures };
}

/** Problems with one node: offsets that are not integers within [0, length], or start > end. */
function rangeProblem(start: unknown, end: unknown, length: number): string | undefined {
  if (typeof start !== 'number' || typeof end !== 'number') return 'missing start/end';
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `non-integer range ${start}..${end}`;
  if (start < 0 || start > end || end > length) return `range ${start}..${end} outside 0..${length} or reversed`;
  return undefined;
}

/** Walks every object of a syntax tree; any object with numeric `start`/`end` is a node. */
export function treeProblems(root: unknown, length: number): string[] {
  const problems: string[] = [];
  const seen = new Set<object>();
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '$' }];
  while (stack.length > 0 && problems.length < 5) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const node = value as Record<string, unknown>;
    if (typeof node.start === 'number' || typeof node.end === 'number') {
      const p = rangeProblem(node.start, node.end, length);
      if (p) problems.push(`node ${path}${typeof node.kind === 'string' ? ` (${node.kind})` : ''}: ${p}`);
    }
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
    else for (const key of Object.keys(node)) stack.push({ value: node[key], path: `${path}.${key}` });
  }
  return problems;
}

export interface RobustnessResult {
  problems: string[];
  ms: number;
  diagnostics: number;
}

/**
 * Parses the target and analyzes the root; reports exceptions, slowness beyond `budgetMs`,
 * diagnostics (and their related locations) outside their file, and tree nodes outside theirs.
 */
export function checkRobustness(input: FuzzInput, budgetMs: number, parseFile: (path: string, text: string) => ReturnType<typeof parse> = (_p, t) => parse(t)): RobustnessResult {
  const problems: string[] = [];
  const started = performance.now();
  let diagnostics: Diagnostic[] = [];
  try {
    const text = input.files.get(input.target)!;
    const tree = parse(text);
    const fs = new MemoryFileSystem(input.files);
    const analysis = analyzeRoot(fs, input.root, { features: new Set(['active']), allFeatures: input.allFeatures }, parseFile);
    const ms = performance.now() - started;
    if (ms > budgetMs) problems.push(`took ${ms.toFixed(0)} ms (budget ${budgetMs} ms)`);
    diagnostics = analysis.diagnostics;
    const lengthOf = (file: string) => input.files.get(file)?.length ?? 0;
    for (const d of diagnostics) {
      const p = rangeProblem(d.start, d.end, lengthOf(d.file));
      if (p) problems.push(`diagnostic "${d.message}" in ${d.file}: ${p}`);
      for (const r of d.related ?? []) {
        const q = rangeProblem(r.start, r.end, lengthOf(r.file));
        if (q) problems.push(`related "${r.message}" of "${d.message}" in ${r.file}: ${q}`);
      }
      if (typeof d.message !== 'string' || d.message.length === 0) problems.push(`diagnostic without a message at ${d.file}:${d.start}`);
    }
    for (const e of tree.errors) {
      const p = rangeProblem(e.start, e.end, text.length);
      if (p) problems.push(`syntax error "${e.message}": ${p}`);
    }
    problems.push(...treeProblems(tree, text.length).map((p) => `parse(target): ${p}`));
    for (const [path, file] of analysis.files) {
      if (file.text !== input.files.get(path)) problems.push(`tree of ${path} is not of its text`);
      if (path !== input.target) continue;
      problems.push(...treeProblems(file, file.text.length).map((p) => `${path}: ${p}`));
    }
  } catch (e) {
    problems.push(`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  return { problems, ms: performance.now() - started, diagnostics: diagnostics.length };
}

// ---------------------------------------------------------------------------------------------
// Fuzz runs (in a worker thread, watched for hangs)

export interface FuzzFailure {
  seed: number;
  index: number;
  edits: string[];
  problems: string[];
  files: Map<string, string>;
  target: string;
  root: string;
}

export interface FailureGroup {
  kind: string;
  count: number;
  /** The smallest inputs of this kind (at most `keepPerKind`), smallest first. */
  examples: FuzzFailure[];
}

export interface FuzzReport {
  seed: number;
  count: number;
  checked: number;
  /** Every failing input, counted; see `groups` for the inputs kept. */
  failureCount: number;
  groups: FailureGroup[];
  /** Inputs whose check was abandoned after `hangMs` without progress. */
  hangs: number;
  elapsedMs: number;
  slowest: { index: number; ms: number };
  diagnostics: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** First input index (to resume or to reproduce one input). */
  start?: number;
  /** Per-input time that counts as a failure. */
  budgetMs?: number;
  /** Time without progress after which the worker is stopped and the input reported as a hang. */
  hangMs?: number;
  /** Inputs kept per kind of failure (the smallest ones). */
  keepPerKind?: number;
  /** Worker threads, each running a contiguous part of the range (default: up to 2). */
  workers?: number;
  onProgress?: (done: number) => void;
}

interface WorkerJob {
  seed: number;
  from: number;
  to: number;
  budgetMs: number;
}

type WorkerMessage =
  | { kind: 'failure'; index: number; edits: string[]; problems: string[]; files: [string, string][]; target: string; root: string }
  | { kind: 'done'; checked: number; slowest: { index: number; ms: number }; diagnostics: number };

/** A failure's kind: its first problem with numbers, paths and quoted text blurred. */
export function failureKind(f: FuzzFailure): string {
  const first = (f.problems[0] ?? '').split('\n')[0]!;
  return first
    .replace(/^[^:]*\.wit: /, '')
    .replace(/^parse\(target\): /, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\$[.\w[\]]*/g, '$…')
    .replace(/\d+/g, 'N');
}

/** Failures by kind: counts of all, and the smallest few inputs of each. */
class FailureGroups {
  private readonly groups = new Map<string, FailureGroup>();

  constructor(private readonly keep: number) {}

  add(f: FuzzFailure): void {
    const kind = failureKind(f);
    let g = this.groups.get(kind);
    if (!g) this.groups.set(kind, (g = { kind, count: 0, examples: [] }));
    g.count++;
    const size = (x: FuzzFailure) => [...x.files.values()].reduce((n, t) => n + t.length, 0);
    g.examples.push(f);
    g.examples.sort((a, b) => size(a) - size(b));
    g.examples.length = Math.min(g.examples.length, this.keep);
  }

  list(): FailureGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count);
  }
}

/** Runs `count` inputs in a worker thread; a hang is reported and the run resumes after it. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { seed, count } = options;
  const start = options.start ?? 0;
  const budgetMs = options.budgetMs ?? 2000;
  const hangMs = options.hangMs ?? Math.max(10_000, budgetMs * 5);
  const groups = new FailureGroups(options.keepPerKind ?? 3);
  const report: FuzzReport = { seed, count, checked: 0, failureCount: 0, groups: [], hangs: 0, elapsedMs: 0, slowest: { index: -1, ms: 0 }, diagnostics: 0 };
  const started = performance.now();
  let corpus: FuzzCorpus | undefined;
  const done = new Int32Array(options.workers ?? Math.min(2, availableParallelism()));
  const runRange = async (slot: number, first: number, end: number): Promise<void> => {
    let from = first;
    while (from < end) {
      const progress = new Int32Array(new SharedArrayBuffer(8));
      progress[0] = from;
      const job: WorkerJob = { seed, from, to: end, budgetMs };
      const worker = new Worker(__filename, { workerData: { witFuzz: job, progress } });
      const outcome = await new Promise<{ hungAt?: number; error?: unknown }>((resolve) => {
        let last = -1;
        let lastChange = performance.now();
        const timer = setInterval(() => {
          const now = Atomics.load(progress, 0);
          done[slot] = now - first;
          options.onProgress?.(done.reduce((a, b) => a + b, 0));
          if (now !== last) {
            last = now;
            lastChange = performance.now();
          } else if (performance.now() - lastChange > hangMs) {
            clearInterval(timer);
            void worker.terminate();
            resolve({ hungAt: now });
          }
        }, 100);
        worker.on('message', (m: WorkerMessage) => {
          if (m.kind === 'failure') {
            report.failureCount++;
            groups.add({ seed, index: m.index, edits: m.edits, problems: m.problems, files: new Map(m.files), target: m.target, root: m.root });
          } else {
            report.checked += m.checked;
            report.diagnostics += m.diagnostics;
            if (m.slowest.ms > report.slowest.ms) report.slowest = m.slowest;
          }
        });
        worker.on('error', (error) => {
          clearInterval(timer);
          resolve({ error });
        });
        worker.on('exit', () => {
          clearInterval(timer);
          resolve({});
        });
      });
      if (outcome.error !== undefined) throw outcome.error;
      if (outcome.hungAt === undefined) return;
      corpus ??= loadFuzzCorpus();
      const input = fuzzInput(corpus, seed, outcome.hungAt);
      report.hangs++;
      report.failureCount++;
      report.checked += outcome.hungAt - from + 1;
      groups.add({
        seed,
        index: outcome.hungAt,
        edits: input.edits,
        problems: [`no result after ${hangMs} ms (hang)`],
        files: input.files,
        target: input.target,
        root: input.root,
      });
      from = outcome.hungAt + 1;
    }
  };
  const slots = done.length;
  const bounds = Array.from({ length: slots + 1 }, (_, i) => start + Math.round((count * i) / slots));
  await Promise.all(Array.from({ length: slots }, (_, i) => runRange(i, bounds[i]!, bounds[i + 1]!)));
  report.groups = groups.list();
  report.elapsedMs = performance.now() - started;
  return report;
}

function workerMain(job: WorkerJob, progress: Int32Array): void {
  const corpus = loadFuzzCorpus();
  const cache = new ParseCache();
  let slowest = { index: -1, ms: 0 };
  let diagnostics = 0;
  for (let i = job.from; i < job.to; i++) {
    Atomics.store(progress, 0, i);
    const input = fuzzInput(corpus, job.seed, i);
    const result = checkRobustness(input, job.budgetMs, cache.parse);
    diagnostics += result.diagnostics;
    if (result.ms > slowest.ms) slowest = { index: i, ms: result.ms };
    if (result.problems.length > 0) {
      const message: WorkerMessage = { kind: 'failure', index: i, edits: input.edits, problems: result.problems, files: [...input.files], target: input.target, root: input.root };
      parentPort!.postMessage(message);
    }
  }
  Atomics.store(progress, 0, job.to);
  const done: WorkerMessage = { kind: 'done', checked: job.to - job.from, slowest, diagnostics };
  parentPort!.postMessage(done);
}

/** A failure as text: seed, index, edits, problems and the mutated input (JSON-quoted). */
export function formatFailure(f: FuzzFailure, maxInput = Infinity): string {
  const text = f.files.get(f.target) ?? '';
  const shown = text.length > maxInput ? `${JSON.stringify(text.slice(0, maxInput))} … (${text.length} chars)` : JSON.stringify(text);
  return [
    `input #${f.index} (seed ${f.seed}; reproduce: node scripts/fuzz.mjs --seed ${f.seed} --start ${f.index} --count 1)`,
    `  root ${f.root}${f.files.size > 1 ? ` (${f.files.size} files; deps unchanged)` : ''}`,
    `  edits: ${f.edits.join('; ')}`,
    ...f.problems.map((p) => `  problem: ${p.split('\n').slice(0, 6).join('\n    ')}`),
    `  ${f.target}: ${shown}`,
  ].join('\n');
}

/** The report as text: one line of figures, then each kind of failure with its smallest inputs. */
export function formatReport(report: FuzzReport, maxInput = Infinity): string {
  const lines = [
    `fuzz: ${report.checked} inputs (seed ${report.seed}) in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
      `(${((report.elapsedMs * 1000) / Math.max(1, report.checked)).toFixed(0)} µs each); ${report.diagnostics} diagnostics; ` +
      `slowest #${report.slowest.index} ${report.slowest.ms.toFixed(1)} ms; ${report.failureCount} failing inputs ` +
      `of ${report.groups.length} kinds; ${report.hangs} hangs`,
  ];
  for (const g of report.groups) {
    lines.push('', `${g.count} × ${g.kind}`);
    for (const f of g.examples) lines.push(formatFailure(f, maxInput));
  }
  return lines.join('\n');
}

if (!isMainThread && (workerData as { witFuzz?: WorkerJob } | null)?.witFuzz) {
  const data = workerData as { witFuzz: WorkerJob; progress: Int32Array };
  workerMain(data.witFuzz, data.progress);
}
