#!/usr/bin/env node
// Longer robustness fuzzing of the parser and the analyzer than the unit test runs (same
// inputs: input i of seed s is a function of (s, i) only, so any failure is reproducible).
//
//   node scripts/fuzz.mjs [--count 200000] [--seed 7] [--start 0] [--budget 2000] [--hang 10000]
//                         [--keep 3] [--workers <cores>]
//
// For every input: parse + analyzeRoot must not throw, must finish within --budget ms, and every
// diagnostic range and syntax-tree node must lie within its file. A worker thread runs the
// inputs; one that makes no progress for --hang ms is reported as a hang and the run goes on
// after it. Failures are counted and printed grouped by kind (the --keep smallest inputs of each
// kind), each with the seed, the index and the input; exit status 1 if any.
// Runs from the compiled tree: `node scripts/build.mjs` first.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'out/test/helpers/mutate.js');
if (!existsSync(compiled)) {
  console.error('out/test/helpers/mutate.js is missing: run `node scripts/build.mjs` first');
  process.exit(2);
}
const { runFuzz, formatReport } = createRequire(import.meta.url)(compiled);

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value)) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return value;
}
const count = option('count', 200_000);
const seed = option('seed', 7);
const start = option('start', 0);
const budgetMs = option('budget', 2000);
const hangMs = option('hang', 10_000);
const keepPerKind = option('keep', 3);
const workers = option('workers', availableParallelism());

console.log(`fuzz: seed ${seed}, inputs ${start}..${start + count - 1}, ${workers} workers, budget ${budgetMs} ms, hang after ${hangMs} ms`);
let lastPrint = 0;
const report = await runFuzz({
  seed,
  count,
  start,
  budgetMs,
  hangMs,
  keepPerKind,
  workers,
  onProgress: (done) => {
    if (Date.now() - lastPrint < 5000) return;
    lastPrint = Date.now();
    process.stderr.write(`  ${done}/${count}\n`);
  },
});

console.log(formatReport(report));
process.exitCode = report.failureCount > 0 ? 1 : 0;
