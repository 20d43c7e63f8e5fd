// The whole test suite, as `npm test` and CI run it: build, the C toolchain, unit tests (core, fuzz,
// differential against the reference), WIT conformance, grammar tests, then the suites that
// run inside a real VS Code. Prints a summary and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const results = [];

function run(name, command, args, options = {}) {
  if (only.length > 0 && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: options.capture ? 'pipe' : 'inherit', encoding: 'utf8', env: process.env });
  if (options.capture) process.stdout.write(result.stdout ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const verdict = options.check ? options.check(result) : result.status === 0 ? 'passed' : `failed (exit ${result.status})`;
  results.push({ name, verdict, seconds });
  return result;
}

function skip(name, reason) {
  if (only.length > 0 && !only.includes(name)) return;
  console.log(`\n=== ${name}: SKIPPED — ${reason}`);
  results.push({ name, verdict: `skipped: ${reason}`, seconds: '0.0' });
}

const node = process.execPath;
run('build', node, ['scripts/build.mjs']);
// clang for wasm32-wasi and wasi-libc from Debian, for the C examples (a no-op once installed).
run('toolchains', node, ['scripts/setup-toolchains.mjs', '--strict']);
const unitTap = join(root, 'out', 'unit.tap');
run('unit', node, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${unitTap}`, 'out/test/unit/'], {
  check: (r) => (r.status === 0 ? withSkips('passed', unitTap) : `failed (exit ${r.status})`),
});

// Where test/helpers/paths.ts looks too.
const conformanceDir = [process.env.WIT_CONFORMANCE_DIR, resolve(root, '../shared/wit-conformance'), '/work/shared/wit-conformance'].find(
  (d) => d && existsSync(join(d, 'run.mjs')),
);
if (conformanceDir) {
  run('conformance', node, [join(conformanceDir, 'run.mjs'), '--', node, 'dist/wit-check.js'], {
    capture: true,
    check: (r) => conformanceVerdict(r.stdout ?? ''),
  });
} else {
  skip('conformance', 'the wit-conformance corpus was not found (../shared/wit-conformance or $WIT_CONFORMANCE_DIR)');
}

if (existsSync(join(root, 'node_modules/.bin/vscode-tmgrammar-test'))) run('grammar', 'npm', ['run', '--silent', 'test:grammar']);
run('vscode-e2e', 'npm', ['run', '--silent', 'test:e2e']);
run('vscode-untrusted', 'npm', ['run', '--silent', 'test:untrusted']);
run('vscode-vsix', 'npm', ['run', '--silent', 'test:vsix']);

console.log('\n=== summary');
for (const r of results) console.log(`${r.name.padEnd(14)} ${r.verdict} (${r.seconds} s)`);
process.exitCode = results.some((r) => r.verdict.startsWith('failed')) ? 1 : 0;

/** The verdict, naming each skipped test and why (from the TAP report), so no skip goes unsaid. */
function withSkips(verdict, tapFile) {
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const skips = [...tap.matchAll(/^\s*ok \d+ - (.*?) # SKIP ?(.*)$/gm)].map((m) => `${m[1]} (${m[2] || 'no reason given'})`);
  return skips.length === 0 ? verdict : `${verdict}, ${skips.length} skipped:\n${skips.map((s) => `                 - ${s}`).join('\n')}`;
}

/** Every pass-case clean, every fail-case detected, ≥ 98% located, ≥ 90% same message. */
function conformanceVerdict(output) {
  const m = /pass-cases clean (\d+)\/(\d+).*detected (\d+)\/(\d+).*located (\d+)\/(\d+).*same message (\d+)\/(\d+)/.exec(output);
  if (!m) return 'failed (no summary from the conformance runner)';
  const [clean, pass, detected, fail, located, withLocation, message, failAll] = m.slice(1).map(Number);
  const problems = [];
  if (clean < pass) problems.push(`${pass - clean} pass-cases not clean`);
  if (detected < fail) problems.push(`${fail - detected} fail-cases not detected`);
  if (located < 0.98 * withLocation) problems.push('located < 98%');
  if (message < 0.9 * failAll) problems.push('same message < 90%');
  return problems.length ? `failed (${problems.join(', ')})` : 'passed';
}
