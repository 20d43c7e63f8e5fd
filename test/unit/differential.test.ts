/**
 * Differential test of accept/reject against the reference: wit-parser (wasm-tools 0.259)
 * compiled to wasm inside jco. Our verdict: `analyzeRoot` reports a diagnostic of severity
 * 'error'. The reference's verdict: `componentEmbed({ dummy: true, … })` throws because
 * `Resolve::push_path`/`push_str` failed.
 *
 * How the reference is asked "does this root resolve", and nothing more: componentEmbed
 * pushes the root, then selects a world, then builds and encodes a dummy module. We pass a
 * world specifier of a package that cannot exist (`zz-wit-oracle:none/none`), so that a root
 * that resolves always fails at the world selection with "unknown package `zz-wit-oracle:none`"
 * (no world of the input is needed and nothing is encoded), and any other error is the push
 * failing. A single-file root goes in as `witSource` (then the reference's error message is
 * its own, without a location); a directory is written to a temporary directory and given as
 * `witPath` (its error is only "failed to parse package: <path>"). Feature `active` is
 * enabled on both sides, as the conformance corpus expects.
 *
 * Inputs: (a) every WASI package shipped in jco, with the rest of its release as deps;
 * (b) the wit-parser conformance cases (wasm-encoded deps included: `.wasm` as is, `.wat`
 * converted with jco's `parse` as the CLI and the server do — and given to the reference as
 * that `.wasm`, since jco's wit-parser is built without `.wat` support); (c) mutants of both — line,
 * keyword, token and character edits (fixed seed; `WIT_DIFF_MUTANTS` sets how many,
 * `WIT_DIFF_SEED` the seed). A disagreement prints the input, both verdicts and an
 * automatically minimized input.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { analyzeRoot } from '../../server/src/semantics/analyze';
import { watToBinary } from '../../server/src/host/decodeWat';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { conformanceCases, inputRng, mutateChars, mutateLines, mutateTokens, seedTexts, tokenize, wasiCases, type WitCase } from '../helpers/mutate';
import { repoRoot } from '../helpers/paths';

const MUTANTS = Number(process.env.WIT_DIFF_MUTANTS ?? 400);
const SEED = Number(process.env.WIT_DIFF_SEED ?? 1234);
const FEATURES = ['active'];
const PROBE_WORLD = 'zz-wit-oracle:none/none';
const RESOLVED = /^unknown package `zz-wit-oracle:none`/;

/**
 * Known disagreements, by case name or mutant id, with why. Empty: every disagreement
 * fails the test (and is reported), which is the point of the test.
 */
const KNOWN: ReadonlyMap<string, string> = new Map([]);

type Verdict = 'accept' | 'reject';

interface EmbedOptions {
  witSource?: string;
  witPath?: string;
  dummy?: boolean;
  world?: string;
  features?: { tag: 'all' } | { tag: 'list'; val: string[] };
}
type Embed = (options: EmbedOptions) => Promise<Uint8Array> | Uint8Array;

/** The reference: jco's componentEmbed; a fresh wasm instance after a trap (it is poisoned). */
class Reference {
  private embed?: Embed;
  private instances = 0;
  traps = 0;
  calls = 0;

  async load(): Promise<void> {
    // The node build of the shim takes host paths (its browser typings take file data).
    const shim = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
    shim._setPreopens({ '/': '/' });
    const jco = await import('@bytecodealliance/jco');
    this.embed = jco.componentEmbed as Embed;
  }

  /** jco-transpile's componentEmbed is `await $init; tools.componentEmbed(opts)` over this module. */
  private async reinstantiate(): Promise<void> {
    const url = pathToFileURL(join(repoRoot, 'node_modules/@bytecodealliance/jco-transpile/vendor/wasm-tools.js'));
    url.search = `instance=${++this.instances}`;
    const specifier = url.href;
    const mod: { $init: Promise<void>; tools: { componentEmbed: Embed } } = await import(specifier);
    await mod.$init;
    this.embed = (o) => mod.tools.componentEmbed(o);
  }

  async verdict(source: { witSource: string } | { witPath: string }): Promise<{ verdict: Verdict | 'trap'; message: string }> {
    this.calls++;
    try {
      await this.embed!({ ...source, dummy: true, world: PROBE_WORLD, features: { tag: 'list', val: FEATURES } });
      return { verdict: 'accept', message: '(embedded?!)' };
    } catch (e) {
      const message = String((e as Error)?.message ?? e);
      if (RESOLVED.test(message)) return { verdict: 'accept', message };
      if (/wasm trap|unreachable|RuntimeError|cannot enter component/i.test(message)) {
        this.traps++;
        await this.reinstantiate();
        return { verdict: 'trap', message };
      }
      return { verdict: 'reject', message };
    }
  }
}

interface Outcome {
  ours: Verdict;
  ourErrors: string[];
  ref: Verdict | 'trap';
  refMessage: string;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** Lone surrogates cannot reach the reference (UTF-8); both sides get U+FFFD instead. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

class Differ {
  private readonly reference = new Reference();
  private tmp = '';
  private n = 0;

  async start(): Promise<void> {
    await this.reference.load();
    this.tmp = mkdtempSync(join(tmpdir(), 'wit-differential-'));
  }

  stop(): void {
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }

  get stats(): string {
    return `${this.reference.calls} reference calls, ${this.reference.traps} traps`;
  }

  /** `.wat` packages as binaries, converted once (as the CLI and the server convert them). */
  private readonly watBinaries = new Map<string, Promise<Uint8Array>>();

  private watBinary(path: string, bytes: Uint8Array): Promise<Uint8Array> {
    const text = new TextDecoder().decode(bytes);
    let converted = this.watBinaries.get(text);
    if (!converted) this.watBinaries.set(text, (converted = watToBinary(text, path)));
    return converted;
  }

  async ours(c: WitCase): Promise<{ verdict: Verdict; errors: string[] }> {
    const fs = new MemoryFileSystem([...c.files].map(([p, t]): [string, string] => [`/c/${p}`, t]));
    for (const [p, bytes] of c.binaries) {
      if (!p.endsWith('.wat')) {
        fs.writeBinary(`/c/${p}`, bytes);
        continue;
      }
      fs.writeBinary(`/c/${p}`, await this.watBinary(p, bytes));
    }
    const analysis = analyzeRoot(fs, `/c/${c.root}`, { features: new Set(FEATURES), allFeatures: false });
    const errors = analysis.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => {
        const text = fs.readFile(d.file);
        return `${d.file.slice(3)}:${text === undefined ? d.start : lineCol(text, d.start)} ${d.message.split('\n')[0]}`;
      });
    return { verdict: errors.length > 0 ? 'reject' : 'accept', errors };
  }

  async referenceVerdict(c: WitCase): Promise<{ verdict: Verdict | 'trap'; message: string }> {
    if (c.files.size === 1 && c.binaries.size === 0 && c.root.endsWith('.wit') && c.files.has(c.root)) {
      return this.reference.verdict({ witSource: c.files.get(c.root)! });
    }
    const dir = join(this.tmp, String(this.n++));
    // jco's build of wit-parser lacks the `wat` feature ("failed to parse dependency directory"
    // for any `deps/*.wat`), so the reference gets each `.wat` package as the `.wasm` it
    // converts to — what wit-parser itself does with a `.wat` dep before decoding it.
    const binaries = await Promise.all(
      [...c.binaries].map(async ([path, bytes]): Promise<[string, Uint8Array]> =>
        path.endsWith('.wat') ? [path.replace(/\.wat$/, '.wasm'), await this.watBinary(path, bytes)] : [path, bytes],
      ),
    );
    for (const [path, data] of [...c.files, ...binaries]) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), data);
    }
    const result = await this.reference.verdict({ witPath: join(dir, c.root) });
    rmSync(dir, { recursive: true, force: true });
    return result;
  }

  async compare(c: WitCase): Promise<Outcome> {
    const ours = await this.ours(c);
    const ref = await this.referenceVerdict(c);
    return { ours: ours.verdict, ourErrors: ours.errors, ref: ref.verdict, refMessage: ref.message };
  }

  /**
   * A smaller text of `target` on which both still disagree the same way: chunks of lines,
   * then chunks of tokens, removed while the disagreement stays (a budget of reference calls).
   */
  async minimize(c: WitCase, target: string, outcome: Outcome, budget = 1500): Promise<string> {
    let calls = 0;
    const same = async (text: string): Promise<boolean> => {
      calls++;
      const o = await this.compare({ ...c, files: new Map(c.files).set(target, text) });
      return o.ours === outcome.ours && o.ref === outcome.ref;
    };
    let text = c.files.get(target)!;
    for (const split of [(t: string) => t.split(/(?<=\n)/), (t: string) => tokenize(t).map((k) => k.text)]) {
      let parts = split(text);
      for (let chunk = Math.max(1, parts.length >> 1); chunk >= 1 && calls < budget; chunk >>= 1) {
        for (let i = 0; i < parts.length && calls < budget; ) {
          const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
          if (await same(candidate.join(''))) parts = candidate;
          else i += chunk;
        }
      }
      text = parts.join('');
    }
    const squeezed = text.replace(/[ \t]+/g, ' ').replace(/\n\s*\n/g, '\n').trim();
    return (await same(squeezed)) ? squeezed : text;
  }
}

function describeDisagreement(name: string, c: WitCase, o: Outcome, target?: string, edits: string[] = []): string {
  const lines = [
    `DISAGREEMENT ${name}: ours=${o.ours} reference=${o.ref}`,
    ...(edits.length ? [`  edits: ${edits.join('; ')}`] : []),
    `  our errors: ${o.ourErrors.length ? o.ourErrors.slice(0, 4).join(' | ') : '(none)'}`,
    `  reference: ${o.refMessage.split('\n')[0]}`,
  ];
  if (target) lines.push(`  ${target}: ${JSON.stringify(c.files.get(target))}`);
  else if (c.files.size <= 3) for (const [p, t] of c.files) lines.push(`  ${p}: ${JSON.stringify(t)}`);
  return lines.join('\n');
}

describe('differential: analyzeRoot vs wit-parser in jco (accept/reject)', () => {
  const differ = new Differ();
  before(() => differ.start());
  after(() => differ.stop());

  test('(a) every WASI package shipped in jco, with its release as deps', async () => {
    const cases = wasiCases();
    assert.ok(cases.length >= 16, `only ${cases.length} WASI cases`);
    const problems: string[] = [];
    for (const c of cases) {
      const o = await differ.compare(c);
      if (o.ours !== o.ref || o.ref !== 'accept') problems.push(describeDisagreement(c.name, c, o));
    }
    console.log(`differential (a): ${cases.length} WASI roots, ${cases.length - problems.length} agree (all accepted)`);
    for (const p of problems) console.log(p);
    assert.deepEqual(problems, []);
  });

  test('(b) the wit-parser conformance cases', async (t) => {
    const all = conformanceCases();
    if (all.length === 0) {
      t.skip('the conformance corpus was not found (../shared/wit-conformance or $WIT_CONFORMANCE_DIR)');
      return;
    }
    const cases = all;
    const withBinaries = all.filter((c) => c.binaries.size > 0);
    console.log(
      `differential (b): ${cases.length} conformance cases, with wasm-encoded deps (.wat converted by jco's parse, ` +
        `as the CLI and the server do): ${withBinaries.map((c) => `${c.name} [${[...c.binaries.keys()].join(', ')}]`).join(', ') || 'none'}`,
    );
    const disagreements: string[] = [];
    const oracleMismatch: string[] = [];
    for (const c of cases) {
      const o = await differ.compare(c);
      if (o.ref !== c.expect) oracleMismatch.push(`${c.name}: corpus says ${c.expect}, jco says ${o.ref} (${o.refMessage.split('\n')[0]})`);
      if (o.ours !== o.ref && !KNOWN.has(c.name)) {
        const target = c.files.size === 1 ? [...c.files.keys()][0] : undefined;
        let text = describeDisagreement(c.name, c, o, target);
        if (target) text += `\n  minimized: ${JSON.stringify(await differ.minimize(c, target, o))}`;
        disagreements.push(text);
      }
    }
    console.log(`differential (b): ${cases.length - disagreements.length}/${cases.length} agree; ${differ.stats}`);
    for (const m of oracleMismatch) console.log(`note: the reference in jco differs from the corpus: ${m}`);
    for (const d of disagreements) console.log(d);
    assert.deepEqual(disagreements, []);
  });

  test(`(c) ${MUTANTS} mutants (line, keyword, token and character edits) of both corpora (seed ${SEED})`, { timeout: 900_000 }, async () => {
    const sources = [...conformanceCases(), ...wasiCases()];
    const others = seedTexts();
    const disagreements: string[] = [];
    const tally = { accept: 0, reject: 0, trap: 0, mixed: 0 };
    const byEdit: Record<string, { accept: number; reject: number }> = {};
    const traps: string[] = [];
    const started = performance.now();
    for (let i = 0; i < MUTANTS; i++) {
      const rng = inputRng(SEED, i);
      const base = rng.pick(sources);
      const paths = [...base.files.keys()];
      const main = paths.filter((p) => !p.includes('/deps/'));
      const target = rng.chance(0.75) && main.length > 0 ? rng.pick(main) : rng.pick(paths);
      const original = base.files.get(target)!;
      const r = rng.next();
      const m =
        r < 0.55
          ? mutateLines(original, rng, rng.pick([1, 1, 1, 2, 3]))
          : r < 0.9
            ? mutateTokens(original, rng, rng.pick([1, 1, 2]))
            : mutateChars(original, rng, 1, others);
      const c: WitCase = { ...base, name: `mutant #${i} of ${base.name}`, files: new Map(base.files).set(target, wellFormed(m.text)) };
      const o = await differ.compare(c);
      if (o.ref === 'trap') {
        tally.trap++;
        const text = c.files.get(target)!;
        traps.push(`mutant #${i} of ${base.name} (${m.edits.join('; ')}): ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`);
        continue;
      }
      const kind = m.edits.map((e) => e.split(' ')[0]).join('+');
      const k = (byEdit[kind] ??= { accept: 0, reject: 0 });
      if (o.ours === o.ref) k[o.ours]++;
      if (o.ours === o.ref) tally[o.ours]++;
      else if (KNOWN.has(`mutant #${i}`)) tally.mixed++;
      else {
        tally.mixed++;
        const minimized = await differ.minimize(c, target, o);
        disagreements.push(`${describeDisagreement(c.name, c, o, target, m.edits)}\n  minimized ${target}: ${JSON.stringify(minimized)}`);
      }
    }
    console.log(
      `differential (c): ${MUTANTS} mutants in ${((performance.now() - started) / 1000).toFixed(1)} s: both accept ${tally.accept}, ` +
        `both reject ${tally.reject}, disagree ${tally.mixed}, reference trapped ${tally.trap}; ${differ.stats}`,
    );
    if (process.env.WIT_DIFF_VERBOSE) console.log(JSON.stringify(byEdit));
    // wit-parser 0.259 panics (a wasm trap here) on some inputs, e.g. two `@unstable` or a bare
    // `@deprecated` on a `use`/`include` of another package: no verdict to compare.
    for (const t of traps) console.log(`note: the reference trapped (a wit-parser panic) on ${t}`);
    for (const d of disagreements) console.log(d);
    assert.deepEqual(disagreements, []);
  });
});
