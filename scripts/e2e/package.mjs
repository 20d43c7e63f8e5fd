#!/usr/bin/env node
// Packages the extension as a .vsix: a production build (`node scripts/build.mjs --production`:
// everything the extension runs is bundled into dist/ by esbuild), then
// `vsce package --no-dependencies -o <file>` (no node_modules ship; .vscodeignore picks the files).
//   node scripts/e2e/package.mjs [--out <file.vsix>] [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './paths.mjs';

const { values: opts } = parseArgs({
  options: { out: { type: 'string', default: join(root, '.vscode-test', 'wit-studio.vsix') }, 'no-build': { type: 'boolean', default: false } },
});
const out = resolve(opts.out);

function run(args, what) {
  console.log(`[e2e-package] $ node ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[e2e-package] ERROR: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

const started = Date.now();
if (!opts['no-build']) run([join(root, 'scripts', 'build.mjs'), '--production'], 'the production build');
mkdirSync(dirname(out), { recursive: true });
run([join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out], 'vsce package');
console.log(`[e2e-package] ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
