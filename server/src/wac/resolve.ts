/**
 * Resolution of a WAC document against given packages (wac-parser's `resolution.rs`, on the
 * decoded WIT of the components instead of a composition graph): names, instantiations and
 * their arguments (inferred, named, spread, `...`), accesses of exports, exports. Every
 * error is recorded with wac's message and resolution carries on with an unknown item, so
 * one mistake is reported once. What each name refers to is kept for hover, definition and
 * lowering. Pure: the packages are given.
 */
import type { SyntaxDiagnostic } from '../diagnostic';
import type { Func, Interface, World, WorldItem } from '../syntax/binary/witModel';
import { funcMismatch, interfaceMismatch } from '../semantics/typeFit';
import { worldKeyName } from '../syntax/binary/witNames';
import type * as ast from './ast';
import { nameText } from './ast';
import { parseWac } from './parser';

/** What a package name resolves to: a component's decoded world, or why it cannot be used. */
export type WacPackage = { kind: 'component'; world: World; path: string } | { kind: 'error'; message: string };

/** `ns:name` or `ns:name@version` → the package; absent when unknown. */
export type WacPackages = ReadonlyMap<string, WacPackage>;

/** The key of a package in `WacPackages`. */
export function packageKey(name: ast.PackageName): string {
  return name.version === undefined ? name.name : `${name.name}@${name.version}`;
}

/** Where an item comes from, for hover, definition and lowering. */
export interface Origin {
  /** The instance (`let` name) or import it belongs to. */
  instance?: string;
  /** The package of the component it belongs to. */
  packageName?: string;
  /** That component's `.wasm`. */
  component?: string;
  world?: World;
  iface?: Interface;
  func?: Func;
  /** For an export accessed (`a.b`): the item it was accessed on. */
  exportOf?: Item;
}

export type Item =
  | { kind: 'instance'; exports: ReadonlyMap<string, WorldItem> | undefined; name?: string; origin: Origin; instantiation?: Instantiation }
  | { kind: 'func'; func?: Func; name?: string; origin: Origin }
  | { kind: 'type'; name?: string; origin: Origin }
  /** After an error: nothing more is said about it. */
  | { kind: 'unknown'; origin: Origin };

/** A `new` expression, resolved. */
export interface Instantiation {
  expr: ast.NewExpr;
  packageName: string;
  package?: Extract<WacPackage, { kind: 'component' }>;
  /** Import name → the argument given for it. */
  args: Map<string, { item: Item; span: ast.Span }>;
  /** `...`: the imports not given become imports of the composition. */
  fill: boolean;
}

/** A place in the document and what it refers to. */
export interface Reference extends ast.Span {
  kind: 'package' | 'local' | 'argument' | 'export' | 'binding';
  /** The item it denotes (for an argument: the import it fills, as an item of the component). */
  item: Item;
  /** For locals: where the name is bound. */
  binding?: ast.Span;
  name: string;
}

export interface WacExport {
  item: Item;
  name: string;
  span: ast.Span;
}

export interface WacAnalysis {
  document: ast.Document;
  diagnostics: SyntaxDiagnostic[];
  references: Reference[];
  /** The `let` bindings that are instantiations, in order. */
  instances: Map<string, Instantiation>;
  exports: WacExport[];
  imports: Map<string, { item: Item; span: ast.Span }>;
}

/** The package names a document instantiates or imports from (what the host must look up). */
export function referencedPackages(document: ast.Document): ast.PackageName[] {
  const out: ast.PackageName[] = [];
  const visit = (expr: ast.Expr) => {
    const p = expr.primary;
    if (p.kind === 'new') {
      out.push(p.package);
      for (const a of p.arguments) if (a.kind === 'named') visit(a.expr);
    } else if (p.kind === 'nested') visit(p.inner);
  };
  for (const s of document.statements) {
    if (s.kind === 'let' || s.kind === 'export') visit(s.expr);
    else if (s.kind === 'import' && s.ty.kind === 'package') out.push(s.ty.path);
  }
  return out;
}

export function analyzeWac(text: string, packages: WacPackages): WacAnalysis {
  const { document, diagnostics } = parseWac(text);
  return new Resolver(document, packages, diagnostics).resolve();
}

const UNKNOWN: Item = { kind: 'unknown', origin: {} };

/** wac's `find_matching_interface_name`: `baz` names `foo:bar/baz@1.0.0` when it is the only such name. */
export function matchingInterfaceName(name: string, names: Iterable<string>): string | undefined {
  const all = [...names];
  if (all.includes(name)) return undefined;
  const matches = all.filter((n) => {
    const slash = n.lastIndexOf('/');
    return slash >= 0 && n.slice(slash + 1).replace(/@.*$/, '') === name;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

function itemsByName(items: World['imports']): Map<string, WorldItem> {
  return new Map([...items].map(({ key, item }) => [worldKeyName(key), item]));
}

/** The item that an export (or import) of a component's world is, seen from outside. */
export function itemOf(name: string, item: WorldItem, origin: Origin): Item {
  switch (item.kind) {
    case 'interface': {
      const exports = new Map<string, WorldItem>([...item.iface.functions].map(([n, func]) => [n, { kind: 'function', func }]));
      return { kind: 'instance', exports, name, origin: { ...origin, iface: item.iface } };
    }
    case 'function':
      return { kind: 'func', func: item.func, name, origin: { ...origin, func: item.func } };
    case 'type':
      return { kind: 'type', name, origin };
  }
}

function kindName(item: Item): string {
  switch (item.kind) {
    case 'instance':
      return 'instance';
    case 'func':
      return 'function';
    case 'type':
      return 'type';
    case 'unknown':
      return 'unknown';
  }
}

class Resolver {
  private readonly scope = new Map<string, { item: Item; span: ast.Span }>();
  private readonly references: Reference[] = [];
  private readonly instances = new Map<string, Instantiation>();
  private readonly exports: WacExport[] = [];
  private readonly imports = new Map<string, { item: Item; span: ast.Span }>();

  constructor(
    private readonly document: ast.Document,
    private readonly packages: WacPackages,
    private readonly diagnostics: SyntaxDiagnostic[],
  ) {}

  resolve(): WacAnalysis {
    for (const s of this.document.statements) {
      switch (s.kind) {
        case 'import':
          this.importStatement(s);
          break;
        case 'type':
          this.define(s.id, { kind: 'type', name: s.id.name, origin: {} });
          break;
        case 'let':
          this.letStatement(s);
          break;
        case 'export':
          this.exportStatement(s);
          break;
      }
    }
    return {
      document: this.document,
      diagnostics: this.diagnostics,
      references: this.references,
      instances: this.instances,
      exports: this.exports,
      imports: this.imports,
    };
  }

  private error(span: ast.Span, message: string, code: SyntaxDiagnostic['code'] = 'unknown-name'): void {
    this.diagnostics.push({ start: span.start, end: span.end, message, code });
  }

  private define(id: ast.Ident, item: Item): void {
    if (this.scope.has(id.name)) {
      this.error(id, `\`${id.name}\` is already defined`, 'duplicate-name');
      return;
    }
    this.scope.set(id.name, { item, span: id });
    this.references.push({ ...id, kind: 'binding', item, binding: id, name: id.name });
  }

  private local(id: ast.Ident): Item {
    const found = this.scope.get(id.name);
    if (!found) {
      this.error(id, `undefined name \`${id.name}\``);
      return UNKNOWN;
    }
    this.references.push({ start: id.start, end: id.end, kind: 'local', item: found.item, binding: found.span, name: id.name });
    return found.item;
  }

  private importStatement(s: ast.ImportStatement): void {
    let item: Item = UNKNOWN;
    let name = s.name ? nameText(s.name) : s.id.name;
    const nameSpan = s.name ?? s.id;
    switch (s.ty.kind) {
      case 'package': {
        const path = s.ty.path;
        if (!s.name) name = pathText(path);
        item = this.packagePath(path, name);
        break;
      }
      case 'func':
        item = { kind: 'func', name, origin: {} };
        break;
      case 'interface':
        // An inline interface: its exports are not modelled, so accesses are not checked.
        item = { kind: 'instance', exports: undefined, name, origin: {} };
        break;
      case 'ident': {
        const local = this.local(s.ty.id);
        item = local.kind === 'unknown' ? local : { ...local, name };
        break;
      }
    }
    const previous = this.imports.get(name);
    if (previous) this.error(nameSpan, `duplicate import \`${name}\``, 'duplicate-name');
    else this.imports.set(name, { item, span: nameSpan });
    this.define(s.id, item);
  }

  /** An interface of a package, `ns:pkg/iface`: found among the imports and exports of the package's component. */
  private packagePath(path: ast.PackagePath, name: string): Item {
    const pkg = this.package(path);
    if (!pkg) return UNKNOWN;
    const wanted = path.segments[0]!.name;
    for (const items of [pkg.world.exports, pkg.world.imports]) {
      for (const { key, item } of items) {
        if (item.kind !== 'interface' || item.iface.name !== wanted) continue;
        const p = item.iface.package?.name;
        if (p && `${p.namespace}:${p.name}` !== path.name) continue;
        const found = itemOf(name, item, { packageName: path.name, component: pkg.path, world: pkg.world });
        this.references.push({ ...path, kind: 'export', item: found, name: worldKeyName(key) });
        return found;
      }
    }
    this.error(path.segments[0]!, `package \`${path.name}\` has no export named \`${wanted}\``);
    return UNKNOWN;
  }

  /** The component a package name resolves to; an error (and undefined) when it cannot be used. */
  private package(name: ast.PackageName): Extract<WacPackage, { kind: 'component' }> | undefined {
    const pkg = this.packages.get(packageKey(name));
    const span = { start: name.start, end: name.start + packageKey(name).length };
    if (!pkg) {
      this.error(span, `unknown package \`${name.name}\``, 'unknown-package');
      return undefined;
    }
    if (pkg.kind === 'error') {
      this.error(span, pkg.message, 'unknown-package');
      return undefined;
    }
    return pkg;
  }

  private letStatement(s: ast.LetStatement): void {
    const item = this.expr(s.expr);
    if (item.kind === 'instance' && item.instantiation && s.expr.primary.kind === 'new' && s.expr.postfix.length === 0) {
      item.origin.instance = s.id.name;
      if (!this.scope.has(s.id.name)) this.instances.set(s.id.name, item.instantiation);
    }
    this.define(s.id, item);
  }

  private exportStatement(s: ast.ExportStatement): void {
    const item = this.expr(s.expr);
    if (item.kind === 'unknown') return;
    const options = s.options;
    if (options.kind === 'spread') {
      if (item.kind !== 'instance') {
        this.error(s.expr, 'an instance is required to perform a spread operation');
        return;
      }
      let exported = false;
      for (const [name, exportedItem] of item.exports ?? []) {
        if (this.exports.some((e) => e.name === name)) continue;
        this.exports.push({ item: itemOf(name, exportedItem, { ...item.origin, iface: undefined, exportOf: item }), name, span: options.span });
        exported = true;
      }
      if (!exported && item.exports) this.error(s.expr, 'instance has no exports or all exports of the instance match previously exported names');
      return;
    }
    const name = options.kind === 'rename' ? nameText(options.name) : inferredName(item);
    const span = options.kind === 'rename' ? options.name : s.expr;
    if (name === undefined) {
      this.error(s.expr, 'export statement requires an `as` clause as the export name cannot be inferred');
      return;
    }
    if (this.exports.some((e) => e.name === name)) {
      this.error(span, `duplicate export \`${name}\``, 'duplicate-name');
      return;
    }
    this.exports.push({ item, name, span });
  }

  private expr(expr: ast.Expr): Item {
    let item = this.primary(expr.primary);
    let parent: ast.Span = expr.primary;
    for (const access of expr.postfix) {
      item = this.access(item, access, parent);
      parent = access.span;
    }
    return item;
  }

  private primary(p: ast.PrimaryExpr): Item {
    switch (p.kind) {
      case 'new':
        return this.newExpr(p);
      case 'nested':
        return this.expr(p.inner);
      case 'ident':
        return this.local(p);
    }
  }

  private access(item: Item, access: ast.Access, parent: ast.Span): Item {
    if (item.kind === 'unknown') return item;
    if (item.kind !== 'instance') {
      this.error(parent, 'an instance is required to perform an access operation');
      return UNKNOWN;
    }
    if (!item.exports) return UNKNOWN;
    const written = nameText(access.name);
    const name = access.kind === 'field' ? (matchingInterfaceName(written, item.exports.keys()) ?? written) : written;
    const exported = item.exports.get(name);
    if (!exported) {
      this.error(access.span, `the instance has no export named \`${name}\``);
      return UNKNOWN;
    }
    const found = itemOf(name, exported, { ...item.origin, iface: undefined, exportOf: item });
    this.references.push({ ...access.name, kind: 'export', item: found, name });
    return found;
  }

  private newExpr(expr: ast.NewExpr): Item {
    const packageName = packageKey(expr.package);
    const pkg = this.package(expr.package);
    const origin: Origin = { packageName, ...(pkg ? { world: pkg.world, component: pkg.path } : {}) };
    const instantiation: Instantiation = { expr, packageName, ...(pkg ? { package: pkg } : {}), args: new Map(), fill: false };
    const imports = pkg ? itemsByName(pkg.world.imports) : undefined;
    if (pkg) this.references.push({ ...expr.package, kind: 'package', item: { kind: 'instance', exports: undefined, origin }, name: packageName });

    expr.arguments.forEach((arg, i) => {
      if (arg.kind === 'fill') {
        if (i !== expr.arguments.length - 1) this.error(arg.span, 'implicit import argument `...` must be the last argument');
        else instantiation.fill = true;
        return;
      }
      if (arg.kind === 'spread') return;
      const item = arg.kind === 'named' ? this.expr(arg.expr) : this.local(arg.id);
      const span = arg.kind === 'named' ? arg.name : arg.id;
      const name = imports ? argumentName(arg, item, imports) : nameText(span);
      if (instantiation.args.has(name)) {
        this.error(span, `duplicate instantiation argument \`${name}\``, 'duplicate-name');
        return;
      }
      instantiation.args.set(name, { item, span });
      if (!imports || !pkg) return;
      const imported = imports.get(name);
      if (!imported) {
        this.error(span, `component \`${packageName}\` has no import named \`${name}\``);
        return;
      }
      if (arg.kind === 'named') this.references.push({ ...arg.name, kind: 'argument', item: itemOf(name, imported, origin), name });
      const reason = mismatch(imported, item);
      if (reason) this.error(span, `mismatched instantiation argument \`${name}\`: ${reason}`, 'wrong-kind');
    });

    for (const arg of expr.arguments) {
      if (arg.kind !== 'spread') continue;
      const item = this.local(arg.id);
      if (item.kind === 'unknown' || !imports) continue;
      if (item.kind !== 'instance') {
        this.error(arg.id, 'an instance is required to perform a spread operation');
        continue;
      }
      if (!item.exports) continue;
      let spread = false;
      for (const [name, imported] of imports) {
        const exported = item.exports.get(name);
        if (instantiation.args.has(name) || !exported) continue;
        const given = itemOf(name, exported, { ...item.origin, iface: undefined, exportOf: item });
        instantiation.args.set(name, { item: given, span: arg.id });
        spread = true;
        const reason = mismatch(imported, given);
        if (reason) this.error(arg.id, `mismatched instantiation argument \`${name}\`: ${reason}`, 'wrong-kind');
      }
      if (!spread) this.error(arg.id, 'the instance has no matching exports for the remaining unsatisfied arguments');
    }

    if (imports && !instantiation.fill) {
      for (const [name, imported] of imports) {
        if (imported.kind === 'type' || instantiation.args.has(name)) continue;
        this.error({ start: expr.package.start, end: expr.package.end }, `missing instantiation argument \`${name}\` for package \`${expr.package.name}${expr.package.version ? `@${expr.package.version}` : ''}\``);
      }
    }
    return { kind: 'instance', exports: pkg ? itemsByName(pkg.world.exports) : undefined, origin, instantiation };
  }
}

function pathText(path: ast.PackagePath): string {
  return `${path.name}/${path.segments.map((s) => s.name).join('/')}${path.version ? `@${path.version}` : ''}`;
}

/** The name of an item that wac can infer an import or export name from: an interface's id, an import's or an alias's name. */
function inferredName(item: Item): string | undefined {
  return item.kind === 'unknown' ? undefined : item.name;
}

/** The import an argument is for (wac's `inferred_instantiation_arg` / `named_instantiation_arg`). */
function argumentName(arg: Extract<ast.Argument, { kind: 'named' | 'inferred' }>, item: Item, imports: Map<string, WorldItem>): string {
  if (arg.kind === 'named') {
    return 'name' in arg.name ? (matchingInterfaceName(arg.name.name, imports.keys()) ?? arg.name.name) : arg.name.value;
  }
  const inferred = inferredName(item);
  if (inferred !== undefined && imports.has(inferred)) return inferred;
  return matchingInterfaceName(arg.id.name, imports.keys()) ?? arg.id.name;
}

/** Why `given` cannot be passed for the import `imported` (wac's subtype check, on WIT), or undefined. */
function mismatch(imported: WorldItem, given: Item): string | undefined {
  if (given.kind === 'unknown') return undefined;
  const expected = imported.kind === 'interface' ? 'instance' : imported.kind === 'function' ? 'function' : 'type';
  if (expected !== kindName(given)) return `expected ${expected}, found ${kindName(given)}`;
  if (imported.kind === 'function' && given.kind === 'func' && given.func) return funcMismatch(imported.func, given.func);
  if (imported.kind !== 'interface' || given.kind !== 'instance' || !given.exports) return undefined;
  if (given.origin.iface) return interfaceMismatch(imported.iface, given.origin.iface);
  for (const [name, func] of imported.iface.functions) {
    const exported = given.exports.get(name);
    if (!exported) return `instance is missing expected function export \`${name}\``;
    if (exported.kind !== 'function') return `mismatched type for export \`${name}\`: expected function, found ${exported.kind}`;
    const reason = funcMismatch(func, exported.func);
    if (reason) return `mismatched type for export \`${name}\`: ${reason}`;
  }
  return undefined;
}
