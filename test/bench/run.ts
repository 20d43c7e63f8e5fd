/**
 * Benchmarks (figures only, no assertions): `npm run bench`.
 *
 * 1. Parse + resolve of the whole WASI corpus shipped in jco (every package of every release,
 *    and wasi-tls), ours vs the reference (wit-parser compiled to wasm, in jco), same input:
 *    one source text with every package nested (`package wasi:io@0.2.12 { … }`), given to
 *    jco's componentEmbed as `witSource` and to analyzeRoot as one file of a MemoryFileSystem.
 *    The reference is asked to select a world of a package that does not exist, so it parses
 *    and resolves everything, then stops before encoding anything (as in the differential
 *    test). Warm (after warm-up), interleaved, median and p90.
 * 2. Re-check latency after a one-character edit in a generated ~10k-line workspace (main
 *    package of 16 files + WASI 0.2.12 as deps): analyzeRoot again with the parse-cache hook
 *    (unchanged files are not re-parsed), and with the parse cache plus the AnalysisMemo (what
 *    the language server does). Also a cold full check (first one in the process) and warm
 *    full checks without caches.
 *
 * 3. Language features on that workspace (hover, definition, references, completion) and
 *    "diagnostics after a keystroke" as the server computes them (see features.ts).
 * 4. The extension: the bundled server's start (spawn → initialize → first diagnostics), its
 *    activation inside a real VS Code (when the e2e harness is installed), and the .vsix size.
 * 5. Tracing calls across component boundaries: a call-heavy run traced vs untraced (see
 *    tracing.ts).
 * 6. The built-in composer against wasm-tools reading its output (see compose.ts).
 *
 * Prints a table and writes the figures to out/bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisMemo, analyzeRoot } from '../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { ParseCache } from '../../server/src/semantics/parseCache';
import { jcoBuiltinDir, Rng, tokenize, wasiReleases } from '../helpers/mutate';
import { repoRoot } from '../helpers/paths';
import { measureFeatures } from './features';
import { generateMultiPackageWorkspace, generateWorkspace } from './generate';
import { measureServerStart } from './server';
import { measureTracing } from './tracing';
import { measureComposition } from './compose';

const noFeatures = { features: new Set<string>(), allFeatures: false };
const PROBE_WORLD = 'zz-wit-bench:none/none';

interface Stats {
  n: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, median: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), min: r(s[0]!), max: r(s[s.length - 1]!) };
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

async function timeAsync(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** `package a:b@1.0.0;` + items → `package a:b@1.0.0 { items }`. */
function nest(text: string): string {
  const m = /^package\s+([^;{]+);/m.exec(text);
  if (!m) throw new Error('no package header to nest');
  return `${text.slice(0, m.index)}package ${m[1]!.trim()} {\n${text.slice(m.index + m[0].length)}\n}\n`;
}

/** Every WASI package of jco's corpus nested in one source under a main package. */
function corpusSource(): { source: string; packages: number; lines: number } {
  const parts: string[] = ['package wit-bench:corpus;\n'];
  let packages = 0;
  for (const release of wasiReleases().values()) {
    for (const text of release.values()) {
      parts.push(nest(text));
      packages++;
    }
  }
  const tls = join(jcoBuiltinDir, 'wasi-tls-0.2.0-draft');
  const tlsFiles = readdirSync(tls).filter((n) => n.endsWith('.wit')).sort();
  const header = tlsFiles.map((n) => readFileSync(join(tls, n), 'utf8')).find((t) => /^package /m.test(t))!;
  const name = /^package\s+([^;]+);/m.exec(header)![1]!;
  const body = tlsFiles.map((n) => readFileSync(join(tls, n), 'utf8').replace(/^package\s+[^;]+;/m, '')).join('\n');
  parts.push(`package ${name} {\n${body}\n}\n`);
  packages++;
  const source = parts.join('\n');
  return { source, packages, lines: source.split('\n').length };
}

type Embed = (options: { witSource: string; dummy: boolean; world: string; features: { tag: 'list'; val: string[] } }) => Promise<Uint8Array>;

async function loadReference(): Promise<Embed> {
  const jco = await import('@bytecodealliance/jco');
  return jco.componentEmbed as unknown as Embed;
}

async function main(): Promise<void> {
  const releases = wasiReleases();
  const wasi = releases.get('0.2.12')!;

  // ----- cold: the very first full check of the workspace in this process
  const ws = generateWorkspace({ wasi, wasiVersion: '0.2.12' });
  const wsFs = new MemoryFileSystem(ws.files);
  let coldErrors = 0;
  const coldMs = time(() => {
    coldErrors = analyzeRoot(wsFs, ws.root, noFeatures).diagnostics.filter((d) => d.severity === 'error').length;
  });
  if (coldErrors > 0) {
    const first = analyzeRoot(wsFs, ws.root, noFeatures).diagnostics.slice(0, 5);
    console.warn(`warning: the generated workspace has ${coldErrors} errors, e.g.`, first.map((d) => `${d.file}:${d.start} ${d.message}`));
  }
  const totalWsLines = [...ws.files.values()].reduce((n, t) => n + t.split('\n').length, 0);

  // ----- 1. the WASI corpus, ours vs the reference
  const corpus = corpusSource();
  const corpusFs = new MemoryFileSystem({ '/corpus.wit': corpus.source });
  const ours = () => analyzeRoot(corpusFs, '/corpus.wit', noFeatures);
  const ourErrors = ours().diagnostics.filter((d) => d.severity === 'error');
  if (ourErrors.length > 0) console.warn(`warning: our checker reports ${ourErrors.length} errors on the corpus: ${ourErrors[0]!.message}`);
  const embed = await loadReference();
  const reference = async () => {
    try {
      await embed({ witSource: corpus.source, dummy: true, world: PROBE_WORLD, features: { tag: 'list', val: [] } });
      return 'embedded';
    } catch (e) {
      return String((e as Error).message ?? e);
    }
  };
  const refFirst = await reference();
  if (!refFirst.startsWith('unknown package `zz-wit-bench:none`')) console.warn(`warning: the reference did not resolve the corpus: ${refFirst}`);
  const WARMUP = 50;
  const ITER = 400;
  for (let i = 0; i < WARMUP; i++) {
    ours();
    await reference();
  }
  const oursMs: number[] = [];
  const refMs: number[] = [];
  for (let i = 0; i < ITER; i++) {
    if (i % 2 === 0) {
      oursMs.push(time(ours));
      refMs.push(await timeAsync(reference));
    } else {
      refMs.push(await timeAsync(reference));
      oursMs.push(time(ours));
    }
  }
  const oursStats = stats(oursMs);
  const refStats = stats(refMs);

  // ----- 2. re-check after one-character edits in the 10k-line workspace
  const fullMs: number[] = [];
  for (let i = 0; i < 30; i++) fullMs.push(time(() => analyzeRoot(wsFs, ws.root, noFeatures)));

  const EDITS = 400;
  const runEdits = (useMemo: boolean) => {
    const fs = new MemoryFileSystem(ws.files);
    const cache = new ParseCache();
    const memo = new AnalysisMemo();
    const rng = new Rng(7);
    analyzeRoot(fs, ws.root, noFeatures, cache.parse, memo);
    const samples: number[] = [];
    let errorsAfterBreak = 0;
    for (let i = 0; i < 20 + EDITS; i++) {
      // Break one identifier by one character, check, then restore it, check: two edits.
      const path = rng.pick(ws.mainFiles);
      const original = ws.files.get(path)!;
      const idents = tokenize(original).filter((t) => t.kind === 'ident' && t.text.length > 2);
      const t = rng.pick(idents);
      const at = t.start + rng.range(1, t.text.length - 1);
      fs.write(path, `${original.slice(0, at)}x${original.slice(at)}`);
      const broke = time(() => {
        errorsAfterBreak += analyzeRoot(fs, ws.root, noFeatures, cache.parse, useMemo ? memo : new AnalysisMemo()).diagnostics.length > 0 ? 1 : 0;
      });
      fs.write(path, original);
      const fixed = time(() => analyzeRoot(fs, ws.root, noFeatures, cache.parse, useMemo ? memo : new AnalysisMemo()));
      if (i >= 20) samples.push(broke, fixed);
    }
    return { stats: stats(samples), errorsAfterBreak };
  };
  const cacheOnly = runEdits(false);
  const withMemo = runEdits(true);
  // The same amount of WIT, as ten packages of ~1.1k lines: an edit re-checks one package.
  const multi = generateMultiPackageWorkspace({ wasi, wasiVersion: '0.2.12', lines: 1100, others: 9 });
  const multiLines = [...multi.files.values()].reduce((n, t) => n + t.split('\n').length, 0);
  const multiFeatures = measureFeatures(multi, 0, 200);
  // The floor: a re-check with nothing changed (every tree cached, every package memoized).
  const floorFs = new MemoryFileSystem(ws.files);
  const floorCache = new ParseCache();
  const floorMemo = new AnalysisMemo();
  const floorMs: number[] = [];
  for (let i = 0; i < 220; i++) {
    const ms = time(() => analyzeRoot(floorFs, ws.root, noFeatures, floorCache.parse, floorMemo));
    if (i >= 20) floorMs.push(ms);
  }
  const unchanged = stats(floorMs);

  // ----- 3. language features
  const features = measureFeatures(ws);

  // ----- 4. the extension
  const example = join(repoRoot, 'wit-examples', 'multi-package', 'wit', 'world.wit');
  const serverStart = await measureServerStart(join(repoRoot, 'wit-examples'), example, readFileSync(example, 'utf8'));
  const activation = measureActivation();
  const vsixBytes = measureVsix();

  // ----- 5. tracing
  const tracing = await measureTracing();

  // ----- 6. composition
  const composition = await measureComposition();

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    wasiCorpus: {
      packages: corpus.packages,
      lines: corpus.lines,
      chars: corpus.source.length,
      iterations: ITER,
      oursMs: oursStats,
      referenceMs: refStats,
      ratioMedian: Math.round((oursStats.median / refStats.median) * 100) / 100,
      ratioP90: Math.round((oursStats.p90 / refStats.p90) * 100) / 100,
      reference: '@bytecodealliance/jco componentEmbed (wit-parser 0.259, wasm), witSource, dummy, resolve only',
    },
    workspace: {
      files: ws.files.size,
      mainFiles: ws.mainFiles.length,
      mainLines: ws.mainLines,
      totalLines: totalWsLines,
      errors: coldErrors,
      coldFirstCheckMs: Math.round(coldMs * 100) / 100,
      fullCheckWarmMs: stats(fullMs),
      editRecheckParseCacheMs: cacheOnly.stats,
      editRecheckParseCacheAndMemoMs: withMemo.stats,
      recheckUnchangedMs: unchanged,
      edits: EDITS * 2,
    },
    multiPackageWorkspace: {
      packages: 10,
      files: multi.files.size,
      mainLines: multi.mainLines,
      totalLines: multiLines,
      diagnosticsAfterEditMs: stats(multiFeatures.diagnosticsAfterEdit),
    },
    features: {
      hoverMs: stats(features.hover),
      definitionMs: stats(features.definition),
      referencesMs: stats(features.references),
      completionMs: stats(features.completion),
      diagnosticsAfterEditMs: stats(features.diagnosticsAfterEdit),
    },
    extension: {
      serverInitializeMs: Math.round(serverStart.initializeMs),
      serverFirstDiagnosticsMs: Math.round(serverStart.firstDiagnosticsMs),
      activation,
      vsixBytes,
    },
    tracing,
    composition,
  };

  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log(`\nWIT Studio benchmarks — node ${process.version}, ${results.cpu} (${results.cores} cores)\n`);
  console.log(`WASI corpus: ${corpus.packages} packages nested in one source, ${corpus.lines} lines; ${ITER} warm iterations each`);
  console.log('                                      median      p90      min');
  console.log(`  ours (analyzeRoot)                 ${f(oursStats.median)} ${f(oursStats.p90)} ${f(oursStats.min)} ms`);
  console.log(`  reference (jco componentEmbed)     ${f(refStats.median)} ${f(refStats.p90)} ${f(refStats.min)} ms`);
  console.log(`  ratio ours/reference               ${f(results.wasiCorpus.ratioMedian)} ${f(results.wasiCorpus.ratioP90)}          (goal ≤ 1.0)`);
  console.log(`\nWorkspace: ${ws.mainFiles.length} files, ${ws.mainLines} lines in the main package (+ WASI 0.2.12 deps, ${totalWsLines} lines in all)`);
  console.log(`  cold first full check              ${f(coldMs)} ms`);
  console.log(`  warm full check, no caches         ${f(results.workspace.fullCheckWarmMs.median)} ms median, ${f(results.workspace.fullCheckWarmMs.p90).trim()} p90`);
  console.log('  re-check after a 1-char edit          p50      p90      p99      max');
  const row = (name: string, s: Stats) => console.log(`  ${name.padEnd(34)}${f(s.median)} ${f(s.p90)} ${f(s.p99)} ${f(s.max)} ms`);
  row('parse cache', cacheOnly.stats);
  row('parse cache + AnalysisMemo (LSP)', withMemo.stats);
  row('(no edit: everything reused)', unchanged);
  console.log(`  (goal ≤ 5 ms; ${EDITS * 2} edits, half of them breaking a name)`);
  console.log('\nLanguage features on that workspace           p50      p90      p99      max');
  row('hover', results.features.hoverMs);
  row('go to definition', results.features.definitionMs);
  row('find references', results.features.referencesMs);
  row('completion', results.features.completionMs);
  row('diagnostics after a keystroke', results.features.diagnosticsAfterEditMs);
  console.log('  (goals: hover/definition p99 ≤ 2 ms, diagnostics after a keystroke ≤ 5 ms)');
  console.log(`\nThe same amount of WIT as 10 packages (${multi.mainLines} lines in the edited one, ${multiLines} in all)`);
  row('diagnostics after a keystroke', results.multiPackageWorkspace.diagnosticsAfterEditMs);
  console.log('\nExtension');
  console.log(`  server: spawn → initialize             ${f(results.extension.serverInitializeMs)} ms`);
  console.log(`  server: spawn → first diagnostics      ${f(results.extension.serverFirstDiagnosticsMs)} ms (includes the 60 ms debounce)`);
  if (activation) {
    console.log(`  VS Code: open .wit → extension active   ${f(activation.activeMs)} ms`);
    console.log(`  VS Code: open .wit → client running     ${f(activation.clientMs)} ms`);
    console.log(`  VS Code: open .wit → diagnostics        ${f(activation.diagnosticsMs)} ms`);
  } else console.log('  VS Code activation: SKIPPED (the VS Code harness is not installed: run npm run test:e2e once)');
  console.log(vsixBytes === undefined ? '  .vsix size: SKIPPED (packaging failed)' : `  .vsix size                              ${f(vsixBytes / 1024)} KiB (goal ≤ 5 MB)`);
  console.log(`\nTracing: an export making ${tracing.callsPerRun - 1} host calls, ${tracing.rounds} runs each, median`);
  console.log(`  untraced                               ${f(tracing.untracedMs)} ms`);
  console.log(`  traced (to a file)                     ${f(tracing.tracedMs)} ms`);
  console.log(`  ratio traced/untraced                  ${f(tracing.ratio)}          (goal ≤ 2)`);
  console.log(`  cost per recorded call                 ${f(tracing.usPerCall)} µs (${tracing.traceBytesPerCall} bytes of trace)`);
  console.log(`\nComposition: two components into one (${composition.bytes} bytes), median`);
  console.log(`  built-in composer                      ${f(composition.composeMs)} ms`);
  console.log(`  reference: ${composition.reference}  ${f(composition.referenceMs)} ms`);
  console.log(`  ratio composer/reference               ${f(composition.ratio)}`);

  const outDir = join(repoRoot, 'out', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${join(outDir, 'results.json')}`);
}

/** Activation in a real VS Code, through the e2e harness, when it is installed. */
function measureActivation(): { activeMs: number; clientMs: number; diagnosticsMs: number } | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'wit-bench-')), 'activation.json');
  const run = spawnSync(
    process.execPath,
    ['scripts/e2e/run.mjs', '--workspace', 'wit-examples', '--tests', 'out/test/e2e/index.js', '--suite', 'out/test/e2e/bench', '--env', `WIT_BENCH_OUT=${out}`],
    { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 },
  );
  if (run.status !== 0 || !existsSync(out)) return undefined;
  const r = JSON.parse(readFileSync(out, 'utf8')) as { activeMs: number; clientMs: number; diagnosticsMs: number };
  return { activeMs: Math.round(r.activeMs), clientMs: Math.round(r.clientMs), diagnosticsMs: Math.round(r.diagnosticsMs) };
}

/** The size of the packaged extension (a production build, as published). */
function measureVsix(): number | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'wit-bench-')), 'wit-studio.vsix');
  const run = spawnSync(process.execPath, ['scripts/e2e/package.mjs', '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return run.status === 0 && existsSync(out) ? statSync(out).size : undefined;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
