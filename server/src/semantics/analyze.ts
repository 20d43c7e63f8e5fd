/**
 * Checks a root (a package directory with its `deps/`, or a single file) end to end: parse
 * every file, lower each package, order the packages by their dependencies and link them.
 * Mirrors wit-parser's `Resolve::push_path`, reporting every error instead of the first.
 *
 * Given the `AnalysisMemo` of the previous check of the same root, work whose inputs did not
 * change is reused: the lowering of every package group whose files are unchanged, and the
 * linking of the packages that come before the first changed one in dependency order.
 */
import type { Diagnostic } from '../diagnostic';
import type * as ast from '../syntax/ast';
import { parse } from '../syntax/parser';
import { DiagnosticSink } from './diagnostics';
import { detectWasm, decodeWitPackage, decodeWitPackages } from '../syntax/witPackageBinary';
import { layoutOf, type FileSystemSnapshot, type PackageGroup, type RootLayout } from './layout';
import { Remap } from './link';
import { PackageLowerer, type PackageFile, type UnresolvedPackage } from './lower';
import { comparePackageNames, formatPackageName, type PackageId } from './model';
import { Resolve, type Checkpoint, type FeatureOptions } from './resolve';

export interface AnalyzedPackage {
  unresolved: UnresolvedPackage;
  group: PackageGroup;
  /** Set once the package is linked. */
  id?: PackageId;
  remap?: Remap;
}

export interface RootAnalysis {
  root: string;
  layout: RootLayout;
  files: Map<string, ast.SourceFile>;
  packages: AnalyzedPackage[];
  resolve: Resolve;
  diagnostics: Diagnostic[];
}

export type Parse = (path: string, text: string) => ast.SourceFile;

const parseText: Parse = (_path, text) => parse(text);

export interface AnalysisOptions extends FeatureOptions {
  /** Folders laid out like `deps/` whose packages every root may use (when it lacks them). */
  sharedDeps?: readonly string[];
}

/** The lowering of one package group, reusable while its files are the same trees. */
interface GroupLowering {
  trees: (ast.SourceFile | undefined)[];
  packages: UnresolvedPackage[];
  diagnostics: Diagnostic[];
}

/** One linked package: where the arenas stood before it, and what linking it reported. */
interface LinkedEntry {
  unresolved: UnresolvedPackage;
  before: Checkpoint;
  id: PackageId;
  remap: Remap;
  diagnostics: Diagnostic[];
}

/** What one check of a root leaves for the next check of the same root to reuse. */
export class AnalysisMemo {
  groups = new Map<string, GroupLowering>();
  linked: LinkedEntry[] = [];
  resolve?: Resolve;
  featuresKey = '';
}

export function analyzeRoot(
  fs: FileSystemSnapshot,
  root: string,
  options: AnalysisOptions,
  parseFile: Parse = parseText,
  memo: AnalysisMemo = new AnalysisMemo(),
): RootAnalysis {
  const layout = layoutOf(fs, root, options.sharedDeps);
  const files = new Map<string, ast.SourceFile>();
  const packages: AnalyzedPackage[] = [];
  const sink = new DiagnosticSink();

  const decoded = decodeBinaries(fs, layout.binaries);
  for (const d of decoded.diagnostics) sink.add(d);
  const texts = new Map(decoded.groups.map((g) => [g.group.path, g.text]));

  const groups = new Map<string, GroupLowering>();
  for (const group of [...(layout.main ? [layout.main] : []), ...decoded.groups.map((g) => g.group), ...layout.deps]) {
    const trees = group.files.map((path) => {
      const text = texts.get(path) ?? fs.readFile(path);
      return text === undefined ? undefined : parseFile(path, text);
    });
    const previous = memo.groups.get(group.path);
    const lowering =
      previous && previous.trees.length === trees.length && previous.trees.every((t, i) => t === trees[i])
        ? previous
        : lowerGroup(group, trees);
    groups.set(group.path, lowering);
    group.files.forEach((path, i) => trees[i] && files.set(path, trees[i]!));
    for (const d of lowering.diagnostics) sink.add(d);
    for (const unresolved of lowering.packages) packages.push({ unresolved, group });
  }
  memo.groups = groups;

  const order = sortPackages(packages, sink);
  const resolve = link(order, options, memo, layout.main);
  for (const entry of memo.linked) for (const d of entry.diagnostics) sink.add(d);

  const fileOrder = new Map([...files.keys()].map((f, i) => [f, i]));
  const diagnostics = [...sink.diagnostics].sort(
    (a, b) => (fileOrder.get(a.file) ?? -1) - (fileOrder.get(b.file) ?? -1) || a.start - b.start || a.end - b.end,
  );
  return { root, layout, files, packages, resolve, diagnostics };
}

/**
 * WIT packages encoded as WebAssembly, as WIT text: one group per package, decoded together
 * so that a package several binaries use comes out once (wit-parser merges them likewise).
 * The group of a binary's own package is named after the binary; a package it only uses,
 * `<binary>!<package>`.
 */
function decodeBinaries(fs: FileSystemSnapshot, paths: string[]): { groups: { group: PackageGroup; text: string }[]; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink();
  const groups: { group: PackageGroup; text: string }[] = [];
  const binaries: { path: string; bytes: Uint8Array; packages: string[] }[] = [];
  for (const path of paths) {
    const read = fs.readBinary(path);
    if ('problem' in read) {
      sink.error({ file: path, start: 0, end: 0 }, read.problem, 'io-error');
      continue;
    }
    if (detectWasm(read.bytes) === undefined) {
      // Not WebAssembly after all: wit-parser reads such a file as WIT.
      groups.push({ group: { path, files: [path] }, text: new TextDecoder().decode(read.bytes) });
      continue;
    }
    const one = decodeWitPackage(read.bytes);
    if (!one.ok) {
      sink.error({ file: path, start: 0, end: 0 }, one.message, 'io-error');
      continue;
    }
    binaries.push({ path, bytes: read.bytes, packages: [one.main.name, ...one.dependencies.map((d) => d.name)] });
  }
  const merged = decodeWitPackages(binaries.map((b) => b.bytes));
  if (!merged.ok) {
    sink.error({ file: binaries[merged.index]!.path, start: 0, end: 0 }, merged.message, 'io-error');
    return { groups, diagnostics: sink.diagnostics };
  }
  for (const pkg of merged.packages) {
    const owner = binaries.find((b) => b.packages.includes(pkg.name))!;
    const path = owner.packages[0] === pkg.name ? owner.path : `${owner.path}!${pkg.name}`;
    groups.push({ group: { path, files: [path] }, text: pkg.wit });
  }
  return { groups, diagnostics: sink.diagnostics };
}

function lowerGroup(group: PackageGroup, trees: (ast.SourceFile | undefined)[]): GroupLowering {
  const sink = new DiagnosticSink();
  const packages: UnresolvedPackage[] = [];
  const lowerer = new PackageLowerer(sink);
  group.files.forEach((path, i) => {
    const file = trees[i];
    if (!file) {
      sink.error({ file: path, start: 0, end: 0 }, `failed to read path for WIT [${path}]`, 'io-error');
      return;
    }
    for (const e of file.errors) sink.error({ file: path, start: e.start, end: e.end }, e.message, e.code);
    const own: ast.TopLevelItem[] = [];
    for (const item of file.items) {
      if (item.kind !== 'package') {
        own.push(item);
        continue;
      }
      if (!item.name?.name) continue;
      const nested = new PackageLowerer(sink);
      nested.push({ file: path, header: { name: item.name, docs: item.docs }, items: item.items });
      const unresolved = nested.resolve();
      if (unresolved) packages.push(unresolved);
    }
    const packageFile: PackageFile = { file: path, items: own };
    if (file.packageHeader) packageFile.header = file.packageHeader;
    lowerer.push(packageFile);
  });
  if (group.files.length === 0) {
    sink.error({ file: group.path, start: 0, end: 0 }, 'no `package` header was found in any WIT file for this package', 'missing-package-header');
  } else {
    const unresolved = lowerer.resolve();
    if (unresolved) packages.push(unresolved);
  }
  return { trees, packages, diagnostics: sink.diagnostics };
}

/**
 * Links packages in dependency order, starting from the longest prefix the memo has already
 * linked. The packages of the root's own directory, the ones being edited, go as late as
 * their dependents allow, so that an edit there re-links them alone.
 */
function link(referenceOrder: AnalyzedPackage[], options: AnalysisOptions, memo: AnalysisMemo, main: PackageGroup | undefined): Resolve {
  const known = new Map<AnalyzedPackage, string[]>();
  referenceOrder.forEach((pkg, i) => known.set(pkg, referenceOrder.slice(0, i + 1).map((p) => formatPackageName(p.unresolved.name))));
  const order = editedLast(referenceOrder, main);
  const featuresKey = `${options.allFeatures}:${[...options.features].sort().join(',')}`;
  let reused = 0;
  if (memo.resolve && memo.featuresKey === featuresKey) {
    while (reused < order.length && reused < memo.linked.length && memo.linked[reused]!.unresolved === order[reused]!.unresolved) reused++;
  }
  const resolve =
    reused > 0 && memo.resolve
      ? memo.resolve.fork(reused < memo.linked.length ? memo.linked[reused]!.before : memo.resolve.checkpoint(), new DiagnosticSink())
      : new Resolve(options, new DiagnosticSink());
  const linked = memo.linked.slice(0, reused);
  linked.forEach((entry, i) => {
    order[i]!.id = entry.id;
    order[i]!.remap = entry.remap;
  });
  for (const pkg of order.slice(reused)) {
    const before = resolve.checkpoint();
    const sink = new DiagnosticSink();
    resolve.sink = sink;
    pkg.remap = new Remap(resolve);
    pkg.id = pkg.remap.append(pkg.unresolved, known.get(pkg)!);
    linked.push({ unresolved: pkg.unresolved, before, id: pkg.id, remap: pkg.remap, diagnostics: sink.diagnostics });
  }
  memo.linked = linked;
  memo.resolve = resolve;
  memo.featuresKey = featuresKey;
  return resolve;
}

/**
 * `order` (a dependency order) with the packages of `main` moved as late as they can go: each
 * stays before the first other package that depends on it, directly or not.
 */
function editedLast(order: AnalyzedPackage[], main: PackageGroup | undefined): AnalyzedPackage[] {
  const byName = new Map(order.map((p) => [formatPackageName(p.unresolved.name), p]));
  const needs = (pkg: AnalyzedPackage, dep: AnalyzedPackage, seen = new Set<AnalyzedPackage>()): boolean => {
    if (seen.has(pkg)) return false;
    seen.add(pkg);
    for (const key of pkg.unresolved.foreignDeps.keys()) {
      const d = byName.get(key);
      if (d === dep || (d && needs(d, dep, seen))) return true;
    }
    return false;
  };
  const result: AnalyzedPackage[] = [];
  let deferred: AnalyzedPackage[] = [];
  for (const pkg of order) {
    if (pkg.group === main) {
      deferred.push(pkg);
      continue;
    }
    const due = deferred.filter((d) => needs(pkg, d));
    result.push(...due, pkg);
    deferred = deferred.filter((d) => !due.includes(d));
  }
  return [...result, ...deferred];
}

/** wit-parser's `sort_unresolved_packages`: duplicates and cycles reported, then dependency order. */
function sortPackages(packages: AnalyzedPackage[], sink: DiagnosticSink): AnalyzedPackage[] {
  const byName = new Map<string, AnalyzedPackage>();
  for (const pkg of packages) {
    const key = formatPackageName(pkg.unresolved.name);
    const prev = byName.get(key);
    if (prev && pkg.group.fallback) continue;
    if (prev) {
      sink.error(pkg.unresolved.nameSpan, `package \`${key}\` is defined in two different locations`, 'duplicate-package', [
        { ...prev.unresolved.nameSpan, message: 'the other definition' },
      ]);
      continue;
    }
    byName.set(key, pkg);
  }
  const ordered = [...byName.values()].sort((a, b) => comparePackageNames(a.unresolved.name, b.unresolved.name));
  const order: AnalyzedPackage[] = [];
  const done = new Set<AnalyzedPackage>();
  const visiting = new Set<string>();
  const visit = (pkg: AnalyzedPackage) => {
    if (done.has(pkg)) return;
    for (const [key, dep] of pkg.unresolved.foreignDeps) {
      if (visiting.has(key)) {
        sink.error(dep.span, `package \`${key}\` creates a dependency cycle`, 'package-cycle');
        continue;
      }
      visiting.add(key);
      const target = byName.get(key);
      if (target) visit(target);
      visiting.delete(key);
    }
    if (!done.has(pkg)) {
      done.add(pkg);
      order.push(pkg);
    }
  };
  for (const pkg of ordered) visit(pkg);
  return order;
}
