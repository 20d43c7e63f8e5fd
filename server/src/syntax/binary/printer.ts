/**
 * Prints decoded WIT packages as WIT text, exactly as wit-component's
 * `WitPrinter` (crates/wit-component/src/printing.rs) does — the output of
 * `wasm-tools component wit` — including its layout, `%` escapes of keywords,
 * docs, `@since`/`@unstable`/`@deprecated` gates and `@external-id`.
 */
import { formatVersion, type Version } from '../semver';
import { fail } from './decoder';
import {
  funcItemName,
  funcResource,
  isTypeDef,
  packageNameText,
  type Docs,
  type Func,
  type Interface,
  type Package,
  type Stability,
  type TypeDef,
  type TypeDefKind,
  type TypeOwner,
  type WitType,
  type World,
  type WorldItem,
  type WorldKey,
} from './witModel';

export interface PrintOptions {
  /** Print doc comments (default true). */
  docs?: boolean;
  /**
   * Print `@unstable(feature = …)` gates (and the `@deprecated` that goes with
   * them), as `wasm-tools component wit` does. Default false: wit-parser keeps
   * every item of a decoded package whatever features are enabled, so text
   * that is checked again must not gate them.
   */
  unstableGates?: boolean;
}

/** wit-component's `OutputToString`: two-space indentation, started lazily after newlines. */
class Output {
  private indent = 0;
  private out = '';
  private needsIndent = false;

  private indentIfNeeded(): void {
    if (this.needsIndent) {
      this.out += '  '.repeat(this.indent);
      this.needsIndent = false;
    }
  }

  str(s: string): void {
    this.indentIfNeeded();
    this.out += s;
  }

  indentStart(): void {
    this.out += ' {';
    this.indent++;
    this.newline();
  }

  indentEnd(): void {
    this.indent = Math.max(0, this.indent - 1);
    this.indentIfNeeded();
    this.out += '}';
    this.newline();
  }

  newline(): void {
    this.out += '\n';
    this.needsIndent = true;
  }

  doc(line: string): void {
    this.indentIfNeeded();
    this.out += line === '' ? '///' : `/// ${line}`;
    this.newline();
  }

  semicolon(): void {
    this.indentIfNeeded();
    this.out += ';';
    this.newline();
  }

  toString(): string {
    return this.out;
  }
}

const KEYWORDS = new Set([
  'use',
  'type',
  'func',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'f32',
  'f64',
  'float32',
  'float64',
  'char',
  'resource',
  'record',
  'flags',
  'variant',
  'enum',
  'bool',
  'string',
  'option',
  'result',
  'future',
  'stream',
  'list',
  'own',
  'borrow',
  '_',
  'as',
  'from',
  'static',
  'interface',
  'tuple',
  'world',
  'import',
  'export',
  'package',
  'with',
  'include',
  'constructor',
  'error-context',
  'async',
  'map',
]);

/** A name as WIT source spells it: keywords get a `%`. */
export function escapeName(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

/**
 * Characters wit-parser refuses anywhere in WIT source (control codes other than
 * tab and line ends, bidirectional overrides, deprecated code points). Docs read
 * from a binary may hold them; printed, they become U+FFFD so the text still parses.
 */
const UNREADABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u0149\u0673\u0f77\u0f79\u17a3\u17a4\u17b4\u17b5]/g;

/** Rust's `str::lines`: split on `\n`, drop one trailing `\r` per line and a final empty line. */
function lines(text: string): string[] {
  const out = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  return (a === undefined) === (b === undefined) && (a === undefined || formatVersion(a) === formatVersion(b as Version));
}

function sameStability(a: Stability, b: Stability): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return a.kind === b.kind;
  if (a.kind === 'unstable' && b.kind === 'unstable') return a.feature === b.feature && sameVersion(a.deprecated, b.deprecated);
  if (a.kind === 'stable' && b.kind === 'stable') return sameVersion(a.since, b.since) && sameVersion(a.deprecated, b.deprecated);
  return false;
}

/**
 * Whether two interfaces are the same one. Named interfaces compare by package
 * and name, so that views of one package merged from several binaries (see
 * merge.ts) still print as one; inline ones by identity.
 */
function sameInterface(a: Interface, b: Interface): boolean {
  if (a === b) return true;
  return (
    a.name !== undefined &&
    a.name === b.name &&
    a.package !== undefined &&
    b.package !== undefined &&
    packageNameText(a.package.name) === packageNameText(b.package.name)
  );
}

function sameOwner(a: TypeOwner, b: TypeOwner): boolean {
  if (a.kind === 'interface' && b.kind === 'interface') return sameInterface(a.iface, b.iface);
  if (a.kind === 'world' && b.kind === 'world') return a.world === b.world;
  return a.kind === b.kind;
}

/** Resource functions by the name of their resource (names are unique where they are declared). */
function groupByResource(funcs: Func[]): { resourceFuncs: Map<string, Func[]>; freestanding: Func[] } {
  const resourceFuncs = new Map<string, Func[]>();
  const freestanding: Func[] = [];
  for (const func of funcs) {
    const resource = funcResource(func)?.name;
    if (resource === undefined) {
      freestanding.push(func);
      continue;
    }
    const list = resourceFuncs.get(resource) ?? [];
    list.push(func);
    resourceFuncs.set(resource, list);
  }
  return { resourceFuncs, freestanding };
}

export class WitPrinter {
  private readonly output = new Output();
  private anyItems = false;
  private readonly emitDocs: boolean;
  private readonly unstableGates: boolean;

  constructor(options: PrintOptions = {}) {
    this.emitDocs = options.docs ?? true;
    this.unstableGates = options.unstableGates ?? false;
  }

  /** Prints `main` as the file's package and `nested` in `package … { … }` blocks after it. */
  print(main: Package, nested: Package[]): string {
    this.printPackage(main, true);
    nested.forEach((pkg, i) => {
      if (i > 0) {
        this.output.newline();
        this.output.newline();
      }
      this.printPackage(pkg, false);
    });
    return this.output.toString();
  }

  private printPackage(pkg: Package, isMain: boolean): void {
    this.printDocs(pkg.docs);
    this.output.str('package ');
    this.output.str(`${escapeName(pkg.name.namespace)}:${escapeName(pkg.name.name)}`);
    if (pkg.name.version) this.output.str(escapeName(`@${formatVersion(pkg.name.version)}`));
    if (isMain) {
      this.output.semicolon();
      this.output.newline();
    } else {
      this.output.indentStart();
    }
    for (const [name, iface] of pkg.interfaces) {
      this.printDocs(iface.docs);
      this.printStability(iface.stability);
      this.output.str('interface ');
      this.output.str(escapeName(name));
      this.output.indentStart();
      this.printInterface(iface);
      this.output.indentEnd();
      if (isMain) this.output.newline();
    }
    for (const [name, world] of pkg.worlds) {
      this.printDocs(world.docs);
      this.printStability(world.stability);
      this.output.str('world ');
      this.output.str(escapeName(name));
      this.output.indentStart();
      this.printWorld(world);
      this.output.indentEnd();
    }
    if (!isMain) this.output.indentEnd();
  }

  private newItem(): void {
    if (this.anyItems) this.output.newline();
    this.anyItems = true;
  }

  private printInterface(iface: Interface): void {
    const prevItems = this.anyItems;
    this.anyItems = false;
    const { resourceFuncs, freestanding } = groupByResource([...iface.functions.values()]);
    this.printTypes({ kind: 'interface', iface }, [...iface.types], resourceFuncs);
    for (const func of freestanding) {
      this.newItem();
      this.printDocs(func.docs);
      this.printStability(func.stability);
      this.printExternalId(func.externalId);
      this.output.str(escapeName(funcItemName(func)));
      this.output.str(': ');
      this.printFunction(func);
      this.output.semicolon();
    }
    this.anyItems = prevItems;
  }

  private printTypes(owner: TypeOwner, types: [string, TypeDef][], resourceFuncs: Map<string, Func[]>): void {
    const toDeclare: TypeDef[] = [];
    const toImport: { owner: TypeOwner; ty: TypeDef; names: [string, string][] }[] = [];
    for (const [name, ty] of types) {
      if (ty.kind.kind === 'type' && isTypeDef(ty.kind.ty)) {
        const other = ty.kind.ty;
        if (other.owner.kind !== 'none' && !sameOwner(owner, other.owner)) {
          if (other.name === undefined) throw fail('cannot import unnamed type');
          const last = toImport[toImport.length - 1];
          if (
            last &&
            sameOwner(last.owner, other.owner) &&
            sameStability(ty.stability, last.ty.stability) &&
            ty.externalId === last.ty.externalId
          ) {
            last.names.push([name, other.name]);
            continue;
          }
          toImport.push({ owner: other.owner, ty, names: [[name, other.name]] });
          continue;
        }
      }
      toDeclare.push(ty);
    }

    const myPackage = owner.kind === 'interface' ? owner.iface.package : owner.kind === 'world' ? owner.world.package : undefined;
    for (const { owner: from, ty, names } of toImport) {
      this.anyItems = true;
      this.printStability(ty.stability);
      this.printExternalId(ty.externalId);
      this.output.str('use ');
      if (from.kind !== 'interface') throw fail('types can only be used from interfaces');
      this.printPathToInterface(from.iface, myPackage);
      this.output.str('.{');
      names.forEach(([mine, theirs], i) => {
        if (i > 0) this.output.str(', ');
        this.output.str(mine === theirs ? escapeName(mine) : `${escapeName(theirs)} as ${escapeName(mine)}`);
      });
      this.output.str('}');
      this.output.semicolon();
    }

    for (const ty of toDeclare) {
      this.newItem();
      this.printDocs(ty.docs);
      this.printStability(ty.stability);
      this.printExternalId(ty.externalId);
      if (ty.kind.kind === 'resource') this.printResource(ty, resourceFuncs.get(ty.name ?? '') ?? []);
      else this.declareType(ty);
    }
  }

  private printResource(ty: TypeDef, funcs: Func[]): void {
    this.output.str('resource ');
    this.output.str(escapeName(ty.name ?? ''));
    if (funcs.length === 0) {
      this.output.semicolon();
      return;
    }
    this.output.indentStart();
    for (const func of funcs) {
      this.printDocs(func.docs);
      this.printStability(func.stability);
      this.printExternalId(func.externalId);
      switch (func.kind.kind) {
        case 'constructor':
          break;
        case 'method':
        case 'async-method':
          this.output.str(`${escapeName(funcItemName(func))}: `);
          break;
        case 'static':
        case 'async-static':
          this.output.str(`${escapeName(funcItemName(func))}: static `);
          break;
        default:
          throw fail('a freestanding function among resource functions');
      }
      this.printFunction(func);
      this.output.semicolon();
    }
    this.output.indentEnd();
  }

  private printFunction(func: Func): void {
    const kind = func.kind.kind;
    if (kind === 'async-freestanding' || kind === 'async-method' || kind === 'async-static') this.output.str('async ');
    this.output.str(kind === 'constructor' ? 'constructor(' : 'func(');
    const params = kind === 'method' || kind === 'async-method' ? func.params.slice(1) : func.params;
    params.forEach((param, i) => {
      if (i > 0) this.output.str(', ');
      this.output.str(`${escapeName(param.name)}: `);
      this.printTypeName(param.ty);
    });
    this.output.str(')');
    if (isConstructorShorthand(func)) return;
    if (func.result !== undefined) {
      this.output.str(' -> ');
      this.printTypeName(func.result);
    }
  }

  private printWorld(world: World): void {
    const prevItems = this.anyItems;
    this.anyItems = false;
    const types: [string, TypeDef][] = [];
    const resourceFuncs = new Map<string, Func[]>();
    const functionImports: { key: WorldKey; item: WorldItem }[] = [];
    for (const entry of world.imports) {
      const { key, item } = entry;
      if (item.kind === 'type') {
        if (key.kind !== 'name') throw fail('a type imported by interface name');
        types.push([key.name, item.type]);
        continue;
      }
      if (item.kind === 'function') {
        const resource = funcResource(item.func)?.name;
        if (resource !== undefined) {
          const list = resourceFuncs.get(resource) ?? [];
          list.push(item.func);
          resourceFuncs.set(resource, list);
        } else {
          functionImports.push(entry);
        }
        continue;
      }
      this.printWorldItem(key, item, world.package, 'import');
      this.anyItems = true;
    }
    this.printTypes({ kind: 'world', world }, types, resourceFuncs);
    for (const { key, item } of functionImports) {
      this.printWorldItem(key, item, world.package, 'import');
      this.anyItems = true;
    }
    if (world.exports.size > 0) this.newItem();
    for (const { key, item } of world.exports) this.printWorldItem(key, item, world.package, 'export');
    this.anyItems = prevItems;
  }

  private printWorldItem(key: WorldKey, item: WorldItem, pkg: Package | undefined, keyword: string): void {
    let docs: Docs | undefined;
    if (item.kind === 'interface') {
      if (item.docs.contents !== undefined) docs = item.docs;
      else if (key.kind === 'name') docs = item.iface.docs;
    } else if (item.kind === 'function') {
      docs = item.func.docs;
    }
    if (docs) this.printDocs(docs);
    const stability = item.kind === 'interface' ? item.stability : item.kind === 'function' ? item.func.stability : item.type.stability;
    this.printStability(stability);
    const externalId = item.kind === 'interface' ? item.externalId : item.kind === 'function' ? item.func.externalId : item.type.externalId;
    this.printExternalId(externalId);
    this.output.str(`${keyword} `);
    if (key.kind === 'name') {
      if (item.kind === 'interface') {
        this.output.str(`${escapeName(key.name)}: `);
        if (item.iface.name === undefined) {
          this.output.str('interface');
          this.output.indentStart();
          this.printInterface(item.iface);
          this.output.indentEnd();
        } else {
          this.printPathToInterface(item.iface, pkg);
          this.output.semicolon();
        }
      } else if (item.kind === 'function') {
        this.output.str(`${escapeName(item.func.name)}: `);
        this.printFunction(item.func);
        this.output.semicolon();
      }
    } else {
      this.printPathToInterface(key.iface, pkg);
      this.output.semicolon();
    }
  }

  private printPathToInterface(iface: Interface, current: Package | undefined): void {
    const name = escapeName(iface.name ?? '');
    const pkg = iface.package;
    if (!pkg || (current && packageNameText(pkg.name) === packageNameText(current.name))) {
      this.output.str(name);
      return;
    }
    this.output.str(`${escapeName(pkg.name.namespace)}:${escapeName(pkg.name.name)}/${name}`);
    if (pkg.name.version) this.output.str(escapeName(`@${formatVersion(pkg.name.version)}`));
  }

  private printTypeName(ty: WitType): void {
    if (!isTypeDef(ty)) this.output.str(ty);
    else if (ty.name !== undefined) this.output.str(escapeName(ty.name));
    else this.printAnonymous(ty.kind);
  }

  /** An anonymous type, written out in full. */
  private printAnonymous(kind: TypeDefKind): void {
    switch (kind.kind) {
      case 'own':
      case 'borrow':
        this.printHandle(kind.kind, kind.resource, false);
        return;
      case 'resource':
        throw fail('resolve has an unnamed resource type');
      case 'tuple':
        this.output.str('tuple<');
        kind.types.forEach((t, i) => {
          if (i > 0) this.output.str(', ');
          this.printTypeName(t);
        });
        this.output.str('>');
        return;
      case 'option':
        this.output.str('option<');
        this.printTypeName(kind.ty);
        this.output.str('>');
        return;
      case 'result':
        this.printResult(kind.ok, kind.err);
        return;
      case 'record':
        throw fail('resolve has an unnamed record type');
      case 'flags':
        throw fail('resolve has unnamed flags type');
      case 'enum':
        throw fail('resolve has unnamed enum type');
      case 'variant':
        throw fail('resolve has unnamed variant type');
      case 'list':
        this.output.str('list<');
        this.printTypeName(kind.ty);
        this.output.str('>');
        return;
      case 'map':
        this.output.str('map<');
        this.printTypeName(kind.key);
        this.output.str(', ');
        this.printTypeName(kind.value);
        this.output.str('>');
        return;
      case 'fixed-length-list':
        this.output.str('list<');
        this.printTypeName(kind.ty);
        this.output.str(`, ${kind.length}>`);
        return;
      case 'type':
        this.printTypeName(kind.ty);
        return;
      case 'future':
      case 'stream':
        this.output.str(kind.kind);
        if (kind.ty !== undefined) {
          this.output.str('<');
          this.printTypeName(kind.ty);
          this.output.str('>');
        }
        return;
    }
  }

  private printHandle(kind: 'own' | 'borrow', resource: TypeDef, forceOwn: boolean): void {
    if (resource.name === undefined) throw fail('unnamed resource type');
    if (kind === 'borrow') this.output.str(`borrow<${escapeName(resource.name)}>`);
    else if (forceOwn) this.output.str(`own<${escapeName(resource.name)}>`);
    else this.output.str(escapeName(resource.name));
  }

  private printResult(ok: WitType | undefined, err: WitType | undefined): void {
    this.output.str('result');
    if (ok === undefined && err === undefined) return;
    this.output.str('<');
    if (ok !== undefined) this.printTypeName(ok);
    else this.output.str('_');
    if (err !== undefined) {
      this.output.str(', ');
      this.printTypeName(err);
    }
    this.output.str('>');
  }

  private declareType(ty: TypeDef): void {
    const kind = ty.kind;
    const name = ty.name;
    const alias = (print: () => void): void => {
      if (name === undefined) return;
      this.output.str(`type ${escapeName(name)} = `);
      print();
      this.output.semicolon();
    };
    switch (kind.kind) {
      case 'own':
      case 'borrow':
        if (name === undefined) throw fail('document has unnamed handle type');
        alias(() => this.printHandle(kind.kind, kind.resource, true));
        return;
      case 'resource':
        throw fail('resources should be processed separately');
      case 'record':
        if (name === undefined) throw fail('document has unnamed record type');
        this.output.str(`record ${escapeName(name)}`);
        this.output.indentStart();
        for (const field of kind.fields) {
          this.printDocs(field.docs);
          this.output.str(`${escapeName(field.name)}: `);
          this.printTypeName(field.ty);
          this.output.str(',');
          this.output.newline();
        }
        this.output.indentEnd();
        return;
      case 'flags':
        if (name === undefined) throw fail('document has unnamed flags type');
        this.output.str(`flags ${escapeName(name)}`);
        this.output.indentStart();
        for (const flag of kind.flags) {
          this.printDocs(flag.docs);
          this.output.str(`${escapeName(flag.name)},`);
          this.output.newline();
        }
        this.output.indentEnd();
        return;
      case 'variant':
        if (name === undefined) throw fail('document has unnamed variant type');
        this.output.str(`variant ${escapeName(name)}`);
        this.output.indentStart();
        for (const c of kind.cases) {
          this.printDocs(c.docs);
          this.output.str(escapeName(c.name));
          if (c.ty !== undefined) {
            this.output.str('(');
            this.printTypeName(c.ty);
            this.output.str(')');
          }
          this.output.str(',');
          this.output.newline();
        }
        this.output.indentEnd();
        return;
      case 'enum':
        if (name === undefined) throw fail('document has unnamed enum type');
        this.output.str(`enum ${escapeName(name)}`);
        this.output.indentStart();
        for (const c of kind.cases) {
          this.printDocs(c.docs);
          this.output.str(`${escapeName(c.name)},`);
          this.output.newline();
        }
        this.output.indentEnd();
        return;
      case 'type':
        if (name === undefined) throw fail('unnamed type in document');
        alias(() => this.printTypeName(kind.ty));
        return;
      default:
        // Tuples, options, results, lists, maps, futures and streams: `type name = …;`.
        alias(() => this.printAnonymous(kind));
        return;
    }
  }

  private printDocs(docs: Docs): void {
    if (!this.emitDocs || docs.contents === undefined) return;
    for (const line of lines(docs.contents)) this.output.doc(line.replace(UNREADABLE, '\ufffd'));
  }

  private printStability(stability: Stability): void {
    const deprecated = (version: Version | undefined): void => {
      if (version === undefined) return;
      this.output.str(`@deprecated(version = ${formatVersion(version)})`);
      this.output.newline();
    };
    switch (stability.kind) {
      case 'unknown':
        return;
      case 'stable':
        this.output.str(`@since(version = ${formatVersion(stability.since)})`);
        this.output.newline();
        deprecated(stability.deprecated);
        return;
      case 'unstable':
        if (!this.unstableGates) return;
        this.output.str(`@unstable(feature = ${stability.feature})`);
        this.output.newline();
        deprecated(stability.deprecated);
        return;
    }
  }

  private printExternalId(id: string | undefined): void {
    if (id === undefined) return;
    let escaped = '';
    for (const c of id) {
      if (/^[A-Za-z0-9\-_./: ]$/.test(c)) escaped += c;
      else if (c === '\\') escaped += '\\\\';
      else if (c === '"') escaped += '\\"';
      else if (c === '\n') escaped += '\\n';
      else if (c === '\r') escaped += '\\r';
      else if (c === '\t') escaped += '\\t';
      else escaped += `\\u{${(c.codePointAt(0) as number).toString(16)}}`;
    }
    this.output.str(`@external-id("${escaped}")`);
    this.output.newline();
  }
}

/** `Function::is_constructor_shorthand`: a constructor returning `own<its resource>`. */
function isConstructorShorthand(func: Func): boolean {
  if (func.kind.kind !== 'constructor' || func.result === undefined || !isTypeDef(func.result)) return false;
  const kind = func.result.kind;
  return kind.kind === 'own' && kind.resource === func.kind.resource;
}
