/**
 * Checks a root (a package directory with its `deps/`, or a single file) end to end: parse
 * every file, lower each package, order the packages by their dependencies and link them.
 * Mirrors wit-parser's `Resolve::push_path`, reporting every error instead of the first.
 */
import type { Diagnostic } from '../diagnostic';
import type * as ast from '../syntax/ast';
import { parse } from '../syntax/parser';
import { DiagnosticSink } from './diagnostics';
import { layoutOf, type FileSystemSnapshot, type PackageGroup, type RootLayout } from './layout';
import { Remap } from './link';
import { PackageLowerer, type PackageFile, type UnresolvedPackage } from './lower';
import { comparePackageNames, formatPackageName, type PackageId } from './model';
import { Resolve, type FeatureOptions } from './resolve';

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

export function analyzeRoot(fs: FileSystemSnapshot, root: string, options: AnalysisOptions, parseFile: Parse = parseText): RootAnalysis {
  const sink = new DiagnosticSink();
  const layout = layoutOf(fs, root, options.sharedDeps);
  const files = new Map<string, ast.SourceFile>();
  const packages: AnalyzedPackage[] = [];

  for (const path of layout.unsupported) {
    sink.warning(
      { file: path, start: 0, end: 0 },
      'binary (wasm-encoded) WIT packages in deps/ are not read by this checker; their packages are unknown here',
      'io-error',
    );
  }

  for (const group of [layout.main, ...layout.deps]) {
    const lowerer = new PackageLowerer(sink);
    for (const path of group.files) {
      const text = fs.readFile(path);
      if (text === undefined) {
        sink.error({ file: path, start: 0, end: 0 }, `failed to read path for WIT [${path}]`, 'io-error');
        continue;
      }
      const file = parseFile(path, text);
      files.set(path, file);
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
        if (unresolved) packages.push({ unresolved, group });
      }
      const packageFile: PackageFile = { file: path, items: own };
      if (file.packageHeader) packageFile.header = file.packageHeader;
      lowerer.push(packageFile);
    }
    if (group.files.length === 0) {
      sink.error(
        { file: group.path, start: 0, end: 0 },
        'no `package` header was found in any WIT file for this package',
        'missing-package-header',
      );
      continue;
    }
    const unresolved = lowerer.resolve();
    if (unresolved) packages.push({ unresolved, group });
  }

  const resolve = new Resolve(options, sink);
  for (const pkg of sortPackages(packages, sink)) {
    pkg.remap = new Remap(resolve);
    pkg.id = pkg.remap.append(pkg.unresolved);
  }
  const fileOrder = new Map([...files.keys()].map((f, i) => [f, i]));
  const diagnostics = [...sink.diagnostics].sort(
    (a, b) => (fileOrder.get(a.file) ?? -1) - (fileOrder.get(b.file) ?? -1) || a.start - b.start || a.end - b.end,
  );
  return { root, layout, files, packages, resolve, diagnostics };
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
