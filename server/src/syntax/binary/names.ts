/**
 * Component-model import/export names, as wasmparser's `ComponentName` parses
 * them (crates/wasmparser/src/validator/names.rs): plain labels, resource
 * function names (`[constructor]r`, `[method]r.f`, `[static]r.f`), interface
 * ids (`ns:pkg/iface@1.0.0`) and the dependency/url/hash forms.
 */
import { parseVersion, type Version } from '../semver';

export type ComponentNameKind =
  | { kind: 'label'; name: string }
  | { kind: 'constructor'; resource: string }
  | { kind: 'method' | 'static'; resource: string; method: string }
  | { kind: 'interface'; name: InterfaceName }
  | { kind: 'dependency' | 'url' | 'hash'; raw: string };

/** An interface id `ns:pkg/iface@version`, split the way wasmparser's `InterfaceName` does. */
export interface InterfaceName {
  raw: string;
  namespace: string;
  package: string;
  /** The projection up to its first `/`. */
  interface: string;
  /** The text after `@`, when there is one. */
  versionText?: string;
}

export type NameResult = { ok: true; name: ComponentNameKind } | { ok: false; message: string };

/** wasmparser's `KebabStr::new` test. */
export function isKebab(s: string): boolean {
  let lower = false;
  let upper = false;
  let isFirst = true;
  let hasDigit = false;
  for (const c of s) {
    if (c >= 'a' && c <= 'z') {
      if (upper) return false;
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      if (lower) return false;
      upper = true;
    } else if (c >= '0' && c <= '9') {
      if (!lower && !upper && isFirst) return false;
      hasDigit = true;
    } else if (c === '-') {
      if (!(lower || upper || hasDigit)) return false;
      lower = false;
      upper = false;
      isFirst = false;
      hasDigit = false;
    } else {
      return false;
    }
  }
  return s.length > 0 && !s.endsWith('-');
}

/** Case-insensitive kebab equality (what wasmparser uses to find conflicting names). */
export function kebabKey(s: string): string {
  return s.toLowerCase();
}

class NameError extends Error {}

class NameParser {
  constructor(public next: string) {}

  parse(): ComponentNameKind {
    const raw = this.next;
    if (this.eat('[constructor]')) return { kind: 'constructor', resource: this.expectKebab() };
    for (const [prefix, kind] of [
      ['[method]', 'method'],
      ['[static]', 'static'],
    ] as const) {
      if (this.eat(prefix)) {
        const resource = this.takeUntil('.');
        this.kebab(resource);
        const method = this.expectKebab();
        return { kind, resource, method };
      }
    }
    if (this.eat('unlocked-dep=')) {
      this.expect('<');
      this.pkgNameQuery();
      this.expect('>');
      return { kind: 'dependency', raw };
    }
    if (this.eat('locked-dep=')) {
      this.expect('<');
      this.pkgName(false);
      this.expect('>');
      this.eatOptionalHash();
      return { kind: 'dependency', raw };
    }
    if (this.eat('url=')) {
      this.expect('<');
      const url = this.takeUpTo('>');
      if (url.includes('<')) throw new NameError('url cannot contain `<`');
      this.expect('>');
      this.eatOptionalHash();
      return { kind: 'url', raw };
    }
    if (this.eat('integrity=')) {
      this.expect('<');
      this.parseHash();
      this.expect('>');
      return { kind: 'hash', raw };
    }
    if (this.next.includes(':')) {
      this.pkgName(true);
      return { kind: 'interface', name: splitInterfaceName(raw) };
    }
    return { kind: 'label', name: this.expectKebab() };
  }

  private pkgNameQuery(): void {
    this.pkgPath(false);
    if (this.eat('@')) {
      if (this.eat('*')) return;
      this.expect('{');
      const range = this.takeUpTo('}');
      this.expect('}');
      this.semverRange(range);
    }
  }

  private pkgName(isInterfaceName: boolean): void {
    this.pkgPath(isInterfaceName);
    if (this.eat('@')) {
      const version = this.eatUpTo('>') ?? this.takeRest();
      // Interface versions are checked later, with the name's version suffix.
      if (!isInterfaceName) this.semver(version);
    }
  }

  private pkgPath(requireProjection: boolean): void {
    this.takeLowercaseKebab();
    this.expect(':');
    this.takeLowercaseKebab();
    if (this.next.startsWith('/')) {
      this.expect('/');
      this.takeKebab();
    } else if (requireProjection) {
      throw new NameError('expected `/` after package name');
    }
  }

  private semverRange(range: string): void {
    if (range === '*') return;
    if (range.startsWith('>=')) {
      const rest = range.slice(2);
      const space = rest.indexOf(' ');
      const lower = space < 0 ? rest : rest.slice(0, space);
      this.semver(lower);
      if (space >= 0) {
        const upper = rest.slice(space + 1);
        if (!upper.startsWith('<')) throw new NameError('expected `<` at start of version range upper bounds');
        this.semver(upper.slice(1));
      }
    } else if (range.startsWith('<')) {
      this.semver(range.slice(1));
    } else {
      throw new NameError('expected `>=` or `<` at start of version range');
    }
  }

  private parseHash(): void {
    const integrity = this.takeUpTo('>');
    let any = false;
    for (const hash of integrity.split(/\s+/).filter((h) => h !== '')) {
      any = true;
      const algorithm = ['sha256', 'sha384', 'sha512'].find((a) => hash.startsWith(a));
      if (!algorithm) throw new NameError(`unrecognized hash algorithm: \`${hash}\``);
      let rest = hash.slice(algorithm.length);
      if (!rest.startsWith('-')) throw new NameError(`expected \`-\` after hash algorithm: ${hash}`);
      rest = rest.slice(1);
      const q = rest.indexOf('?');
      const base64 = q < 0 ? rest : rest.slice(0, q);
      if (!isBase64(base64)) throw new NameError(`not valid base64: \`${base64}\``);
    }
    if (!any) throw new NameError('integrity hash cannot be empty');
  }

  private eatOptionalHash(): void {
    if (!this.eat(',')) return;
    this.expect('integrity=<');
    this.parseHash();
    this.expect('>');
  }

  private eat(prefix: string): boolean {
    if (!this.next.startsWith(prefix)) return false;
    this.next = this.next.slice(prefix.length);
    return true;
  }

  private expect(prefix: string): void {
    if (!this.eat(prefix)) throw new NameError(`expected \`${prefix}\` at \`${this.next}\``);
  }

  private eatUpTo(c: string): string | undefined {
    const i = this.next.indexOf(c);
    if (i < 0) return undefined;
    const taken = this.next.slice(0, i);
    this.next = this.next.slice(i);
    return taken;
  }

  private takeUntil(c: string): string {
    const taken = this.eatUpTo(c);
    if (taken === undefined) throw new NameError(`failed to find \`${c}\` character`);
    this.next = this.next.slice(c.length);
    return taken;
  }

  private takeUpTo(c: string): string {
    const taken = this.eatUpTo(c);
    if (taken === undefined) throw new NameError(`failed to find \`${c}\` character`);
    return taken;
  }

  private takeRest(): string {
    const rest = this.next;
    this.next = '';
    return rest;
  }

  private kebab(s: string): string {
    if (!isKebab(s)) throw new NameError(`\`${s}\` is not in kebab case`);
    return s;
  }

  private semver(s: string): void {
    const v = parseVersion(s);
    if (!v.ok) throw new NameError(`\`${s}\` is not a valid semver: ${v.message}`);
  }

  private takeKebab(): string {
    const m = /[^a-zA-Z0-9-]/.exec(this.next);
    if (!m) return this.expectKebab();
    const kebab = this.next.slice(0, m.index);
    this.next = this.next.slice(m.index);
    return this.kebab(kebab);
  }

  private takeLowercaseKebab(): string {
    const kebab = this.takeKebab();
    const upper = /[A-Z]/.exec(kebab);
    if (upper) throw new NameError(`character \`${upper[0]}\` is not lowercase in package name/namespace`);
    return kebab;
  }

  private expectKebab(): string {
    return this.kebab(this.takeRest());
  }
}

function isBase64(s: string): boolean {
  if (s === '') return false;
  let equals = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/[0-9a-zA-Z+/]/.test(c) && equals === 0) continue;
    if (c === '=' && i > 0 && equals < 2) {
      equals++;
      continue;
    }
    return false;
  }
  return true;
}

function splitInterfaceName(raw: string): InterfaceName {
  const colon = raw.lastIndexOf(':');
  const slash = raw.indexOf('/');
  const at = raw.indexOf('@');
  const projection = raw.slice(slash + 1, at < 0 ? raw.length : at);
  const projectionSlash = projection.indexOf('/');
  return {
    raw,
    namespace: raw.slice(0, colon),
    package: raw.slice(colon + 1, slash),
    interface: projectionSlash < 0 ? projection : projection.slice(0, projectionSlash),
    ...(at >= 0 ? { versionText: raw.slice(at + 1) } : {}),
  };
}

/** `ComponentName::new(name, offset)`: the parsed name, or wasmparser's message (without offset). */
export function parseComponentName(name: string): NameResult {
  const parser = new NameParser(name);
  try {
    const parsed = parser.parse();
    if (parser.next !== '') return { ok: false, message: `trailing characters found: \`${parser.next}\`` };
    return { ok: true, name: parsed };
  } catch (e) {
    if (e instanceof NameError) return { ok: false, message: e.message };
    throw e;
  }
}

/** `InterfaceName::version(suffix)`: the version of an interface id, joined with its version suffix. */
export function interfaceVersion(
  name: InterfaceName,
  suffix: string | undefined,
): { ok: true; version?: Version } | { ok: false; message: string } {
  if (name.versionText === undefined) return { ok: true };
  const parsed = parseVersion(suffix === undefined ? name.versionText : `${name.versionText}${suffix}`);
  return parsed.ok ? { ok: true, version: parsed.version } : { ok: false, message: parsed.message };
}

/** The key wasmparser compares names by: `[method]a.a` equals `a`, and kebab parts ignore case. */
export function nameKey(name: ComponentNameKind): string {
  switch (name.kind) {
    case 'label':
      return `label:${kebabKey(name.name)}`;
    case 'constructor':
      return `constructor:${kebabKey(name.resource)}`;
    case 'method':
    case 'static':
      return kebabKey(name.resource) === kebabKey(name.method)
        ? `label:${kebabKey(name.resource)}`
        : `func:${kebabKey(name.resource)}.${kebabKey(name.method)}`;
    case 'interface':
      return `interface:${name.name.raw}`;
    default:
      return `${name.kind}:${name.raw}`;
  }
}
