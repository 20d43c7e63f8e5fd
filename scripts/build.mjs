// Builds the extension: type-checks and compiles everything to out/ (tests run from there)
// and bundles the client, the language server and wit-check into dist/ with esbuild.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
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
