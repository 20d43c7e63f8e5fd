/**
 * Robustness fuzzing of the parser and the analyzer: ≥ 10,000 mutants of the corpora (WASI
 * packages shipped in jco and the wit-parser conformance cases) by line-, token- and
 * character-level edits, plus generated pathological inputs (deep nesting, long runs). For every input: parse + analyzeRoot never throw,
 * finish within a generous budget (a hang guard, not a performance test), every diagnostic
 * range lies within its file (0 ≤ start ≤ end ≤ length), and so does every syntax-tree node.
 *
 * The inputs are a function of (seed, index) only; `WIT_FUZZ_COUNT` and `WIT_FUZZ_SEED`
 * change the run, and `node scripts/fuzz.mjs` runs longer ones.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../server/src/syntax/parser';
import {
  checkRobustness,
  formatReport,
  fuzzInput,
  loadFuzzCorpus,
  mutateChars,
  mutateTokens,
  Rng,
  runFuzz,
  tokenize,
  treeProblems,
  type FuzzInput,
} from '../helpers/mutate';

const COUNT = Number(process.env.WIT_FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.WIT_FUZZ_SEED ?? 20240611);
const BUDGET_MS = 2000;

function single(text: string, edits: string[]): FuzzInput {
  return { index: -1, files: new Map([['/fuzz/input.wit', text]]), root: '/fuzz/input.wit', target: '/fuzz/input.wit', edits, allFeatures: false };
}

function assertRobust(text: string, what: string): void {
  const result = checkRobustness(single(text, [what]), BUDGET_MS);
  assert.deepEqual(result.problems, [], `${what}: ${result.problems.join('\n')}`);
}

describe('fuzz: parse + analyzeRoot on mutated WIT', () => {
  test('the mutator is deterministic and produces what it says', () => {
    const corpus = loadFuzzCorpus();
    assert.ok(corpus.texts.length > 50, `only ${corpus.texts.length} seed texts`);
    const a = fuzzInput(corpus, 7, 123);
    const b = fuzzInput(corpus, 7, 123);
    assert.deepEqual([...a.files], [...b.files]);
    assert.deepEqual(a.edits, b.edits);
    const text = 'package a:b@1.2.3;\ninterface i { type t = list<u8>; f: func(x: t) -> u32; }\n';
    assert.equal(tokenize(text).map((t) => t.text).join(''), text);
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const m = mutateTokens(text, rng, 1);
      assert.notEqual(m.text, text);
      assert.equal(m.edits.length, 1);
      assert.equal(mutateChars(text, rng, 2).edits.length, 2);
    }
  });

  test('deep nesting, long runs and odd characters', () => {
    for (const n of [99, 100, 101, 150, 2000]) {
      assertRobust(`package a:b;\ninterface i { type t = ${'list<'.repeat(n)}u8${'>'.repeat(n)}; }`, `list<…> ${n} deep`);
      assertRobust(`package a:b;\ninterface i { f: func() -> ${'option<'.repeat(n)}u8; }`, `unclosed option< ${n} deep`);
    }
    for (const n of [99, 100, 101, 150, 1000]) {
      assertRobust(`${'package a:b {\n'.repeat(n)}${'}\n'.repeat(n)}`, `${n} nested package blocks`);
      assertRobust('package a:b {\n'.repeat(n), `${n} unclosed package blocks`);
    }
    for (const s of ['{', '(', '<', '/*', '%', '"', '@', '//\n', '->', 'package ', 'interface i ', 'world w { include w; ']) {
      assertRobust(`package a:b;\n${s.repeat(20_000)}`, `20,000 × ${JSON.stringify(s)}`);
    }
    for (const s of ['\0', '\ud800', '\udc00x', '\ufeff', '\u202e', '\r', '\u{1f600}', '\u00e9', '\x7f']) {
      assertRobust(`package a:b;\ninterface i${s} { type t${s} = u8; }${s}`, `character ${JSON.stringify(s)}`);
      assertRobust(`${s}package a:b;`, `leading ${JSON.stringify(s)}`);
    }
    assertRobust('', 'empty file');
    assertRobust('package', 'lone keyword');
    assertRobust('package a:b; /* unterminated', 'unterminated comment');
    assertRobust('package a:b; @since(version = 1.0.0', 'unterminated attribute');
  });

  test('type definitions without a body (reversed node ranges, found by this fuzzer)', () => {
    for (const kind of ['record', 'variant', 'enum', 'flags', 'resource']) {
      for (const rest of [' }', ' x }', '', ' = string; }', ';', ' number { } }']) {
        assertRobust(`package a:b;\ninterface i { ${kind} r${rest}`, `${kind} r${rest}`);
        assertRobust(`package a:b;\nworld w { ${kind} r${rest}`, `world: ${kind} r${rest}`);
      }
    }
  });

  test('the checks catch bad ranges (self-test of the tree walk)', () => {
    const tree = parse('package a:b;\ninterface i {}');
    assert.deepEqual(treeProblems(tree, tree.text.length), []);
    const broken = { kind: 'x', start: 3, end: 2, child: { start: 0, end: 99 } };
    assert.equal(treeProblems(broken, 10).length, 2);
  });

  test(`${COUNT} mutants (seed ${SEED}): no exception, ≤ ${BUDGET_MS} ms each, every range within its file`, { timeout: 600_000 }, async () => {
    const report = await runFuzz({ seed: SEED, count: COUNT, budgetMs: BUDGET_MS, keepPerKind: 2 });
    console.log(formatReport(report, 3000));
    assert.equal(report.failureCount, 0, `${report.failureCount} failing inputs (printed above by kind)`);
    assert.equal(report.checked, COUNT);
  });
});
