/**
 * wit-check: checks WIT packages and WAC compositions with the same core as the language server.
 *
 *   wit-check [--features a,b] [--all-features] [--dep ns:name=path] [--json] <file-or-package-dir>...
 */
import type { Diagnostic } from '../../server/src/diagnostic';
import { convertWatPackages } from '../../server/src/host/convertWat';
import { NodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { isWacFile, WacDocuments } from '../../server/src/host/wacPackages';
import { analyzeRoot } from '../../server/src/semantics/analyze';
import { LineIndex } from './lineIndex';

const USAGE = `usage: wit-check [--features a,b] [--all-features] [--dep ns:name=path] [--json] <file-or-package-dir>...

Checks WIT files and packages (a directory of .wit files with an optional deps/ folder)
and WAC compositions (.wac files, against the components they instantiate: from --dep, else
deps/<ns>/<name>.wasm next to the file, as wac finds them), and reports every error with
its location. Exit status: 0 when clean, 1 on errors, 2 on bad usage.

  --features a,b    enable @unstable(feature = …) items of these features
  --all-features    enable every feature
  --dep ns:name=path  the component a .wac file's package ns:name is (repeatable)
  --json            print {"results":[{"path","diagnostics":[…]}]} instead of text
`;

interface Options {
  features: Set<string>;
  allFeatures: boolean;
  json: boolean;
  /** WAC packages: ns:name → a component's path. */
  deps: Record<string, string>;
  paths: string[];
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { features: new Set(), allFeatures: false, json: false, deps: {}, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--all-features') options.allFeatures = true;
    else if (arg === '--features' || arg.startsWith('--features=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined) return '--features needs a comma-separated list';
      for (const f of value.split(',')) if (f.trim()) options.features.add(f.trim());
    } else if (arg === '--dep' || arg.startsWith('--dep=')) {
      const value = arg.includes('=') && arg.startsWith('--dep=') ? arg.slice('--dep='.length) : argv[++i];
      const eq = value?.indexOf('=') ?? -1;
      if (value === undefined || eq <= 0) return '--dep needs ns:name=path';
      options.deps[value.slice(0, eq)] = value.slice(eq + 1);
    } else if (arg === '-h' || arg === '--help') return '';
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) return 'no path given';
  return options;
}

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  code: string;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    if (parsed) process.stderr.write(`wit-check: ${parsed}\n\n`);
    (parsed ? process.stderr : process.stdout).write(USAGE);
    return parsed ? 2 : 0;
  }
  const fs = new NodeFileSystem(new Map(), await convertWatPackages(new NodeFileSystem(), parsed.paths));
  const lineIndexes = new Map<string, LineIndex>();
  const indexOf = (file: string) => {
    let index = lineIndexes.get(file);
    if (!index) {
      index = new LineIndex(fs.readFile(file) ?? '');
      lineIndexes.set(file, index);
    }
    return index;
  };
  const results: { path: string; diagnostics: Diagnostic[] }[] = [];
  const wac = new WacDocuments();
  for (const path of parsed.paths) {
    if (isWacFile(path)) {
      const text = fs.readFile(path);
      if (text === undefined) return fail(`cannot read ${path}`);
      const analysis = wac.analyze(path, text, parsed.deps, [process.cwd()]);
      results.push({ path, diagnostics: analysis.diagnostics.map((d) => ({ ...d, file: path, severity: 'error' })) });
      continue;
    }
    const analysis = analyzeRoot(fs, path, { features: parsed.features, allFeatures: parsed.allFeatures });
    results.push({ path, diagnostics: analysis.diagnostics });
    // Decoded packages have no file of their own: their text is the analysis's.
    for (const [file, tree] of analysis.files) if (!lineIndexes.has(file) && fs.readFile(file) === undefined) lineIndexes.set(file, new LineIndex(tree.text));
  }
  const errorCount = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);

  if (parsed.json) {
    const doc = {
      results: results.map((r) => ({
        path: r.path,
        diagnostics: r.diagnostics.map((d): JsonDiagnostic => {
          const index = indexOf(d.file);
          const start = index.position(d.start);
          const end = index.position(d.end);
          return {
            file: d.file,
            line: start.line,
            column: start.column,
            endLine: end.line,
            endColumn: end.column,
            severity: d.severity,
            message: d.message,
            code: d.code,
          };
        }),
      })),
    };
    process.stdout.write(`${JSON.stringify(doc)}\n`);
  } else {
    for (const r of results) {
      for (const d of r.diagnostics) process.stdout.write(render(d, indexOf(d.file)));
    }
    const files = new Set(results.flatMap((r) => r.diagnostics.map((d) => d.file))).size;
    process.stdout.write(
      errorCount === 0
        ? `wit-check: ${results.length} ${results.length === 1 ? 'path' : 'paths'} checked, no errors\n`
        : `wit-check: ${errorCount} ${errorCount === 1 ? 'error' : 'errors'} in ${files} ${files === 1 ? 'file' : 'files'}\n`,
    );
  }
  return errorCount > 0 ? 1 : 0;
}

function fail(message: string): number {
  process.stderr.write(`wit-check: ${message}\n`);
  return 2;
}

/** A diagnostic with its source line and a marker under the offending text. */
function render(d: Diagnostic, index: LineIndex): string {
  const start = index.position(d.start);
  const end = index.position(d.end);
  const lineText = index.lineText(start.line);
  const width = String(start.line).length;
  const pad = ' '.repeat(width);
  const markerLength = end.line === start.line ? Math.max(1, end.column - start.column) : 1;
  const lines = [
    `${d.severity}: ${d.message}`,
    `${pad} --> ${d.file}:${start.line}:${start.column}`,
    `${pad} |`,
    `${start.line} | ${lineText}`,
    `${pad} | ${' '.repeat(start.column - 1)}${'^'.repeat(markerLength)}`,
  ];
  for (const r of d.related ?? []) {
    const at = indexOf(r.file).position(r.start);
    lines.push(`${pad} = note: ${r.message}: ${r.file}:${at.line}:${at.column}`);
  }
  return `${lines.join('\n')}\n\n`;

  function indexOf(file: string): LineIndex {
    return file === d.file ? index : new LineIndex(new NodeFileSystem().readFile(file) ?? '');
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`wit-check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
