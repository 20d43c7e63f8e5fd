// Builds the extension: type-checks and compiles everything to out/ (tests run from there)
// and bundles the client, the language server and wit-check into dist/ with esbuild; bundles
// the part of jco the extension runs (dist/jco/) and lays out the component runtime
// (dist/runtime/: the runner and the WASI shim it loads).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const entries = [
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'server/src/lsp/main.ts', out: 'server', external: [] },
  { in: 'cli/src/witCheck.ts', out: 'wit-check', external: [], banner: '#!/usr/bin/env node' },
  { in: 'client/src/debug/main.ts', out: 'debugAdapter', external: [] },
];
for (const e of entries) {
  if (!existsSync(join(root, e.in))) continue;
  await build({
    entryPoints: [join(root, e.in)],
    outfile: join(root, 'dist', `${e.out}.js`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: e.external,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    ...(e.banner ? { banner: { js: e.banner } } : {}),
  });
}
chmodSync(join(root, 'dist', 'wit-check.js'), 0o755);

// jco's tools as one ES module, with the wasm files it loads next to it (import.meta.url).
const jcoDir = join(root, 'dist', 'jco');
rmSync(jcoDir, { recursive: true, force: true });
mkdirSync(jcoDir, { recursive: true });
await build({
  entryPoints: [join(root, 'client/src/toolchains/jcoTools.mjs')],
  outfile: join(jcoDir, 'tools.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: production,
  logLevel: 'warning',
  // Minification of generated JS and wasm-opt are options the extension never asks for.
  plugins: [
    {
      name: 'unused-optional-tools',
      setup(b) {
        b.onResolve({ filter: /^oxc-minify$/ }, () => ({ path: 'oxc-minify', namespace: 'unused' }));
        b.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({
          contents: 'export function minify() { throw new Error("minification is not bundled"); }',
        }));
      },
    },
  ],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
const transpileVendor = join(root, 'node_modules/@bytecodealliance/jco-transpile/vendor');
for (const f of readdirSync(transpileVendor).filter((n) => n.endsWith('.wasm'))) cpSync(join(transpileVendor, f), join(jcoDir, f));
for (const kind of ['reactor', 'command']) {
  const adapter = `wasi_snapshot_preview1.${kind}.wasm`;
  cpSync(join(root, 'node_modules/@bytecodealliance/jco/lib', adapter), join(jcoDir, adapter));
}
// The WASI shim inside does its I/O (stdio, streams) in a worker it starts from this file next
// to it, an ES module in a .js file.
cpSync(join(root, 'node_modules/@bytecodealliance/preview2-shim/dist/io/worker-thread.bundle.js'), join(jcoDir, 'worker-thread.bundle.js'));
writeFileSync(join(jcoDir, 'package.json'), '{ "type": "module" }\n');
// The WASI WIT jco ships, which New Component copies into projects' wit/deps/ (with its license).
const wasiWit = join(root, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');
cpSync(join(wasiWit, '0.2.12'), join(jcoDir, 'wit', '0.2.12'), { recursive: true });
cpSync(join(wasiWit, 'LICENSE.md'), join(jcoDir, 'wit', 'LICENSE.md'));

// The component runtime: the runner (a child process per run) and the WASI shim, as files.
const runtimeDir = join(root, 'dist', 'runtime');
rmSync(runtimeDir, { recursive: true, force: true });
const shim = join(runtimeDir, 'node_modules', '@bytecodealliance', 'preview2-shim');
mkdirSync(shim, { recursive: true });
for (const f of ['package.json', 'lib', 'dist']) {
  const from = join(root, 'node_modules/@bytecodealliance/preview2-shim', f);
  if (existsSync(from)) cpSync(from, join(shim, f), { recursive: true });
}
// The runner's debug channel runs in a thread of its own, started from its file next to the runner.
for (const [from, to] of [['runner.ts', 'runner.mjs'], ['debug/channelWorker.ts', 'debugChannel.mjs']]) {
  if (!existsSync(join(root, 'client/src/runtime', from))) continue;
  await build({
    entryPoints: [join(root, 'client/src/runtime', from)],
    outfile: join(runtimeDir, to),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@bytecodealliance/preview2-shim', '@bytecodealliance/preview2-shim/*'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  });
}
