#!/usr/bin/env node
// `npm start`: serves a real VS Code (code-server) in which the extension from this folder is installed,
// for a human to try it in a browser. `npm start` builds and sets up code-server and the C toolchain first;
// this script only starts the server.
//
//   node scripts/start.mjs [--port N] [--host ADDR] [--folder DIR] [--verbose]
//     --port      default $PORT, else 8080 (if 8080 is taken and no port was asked for, a free one)
//     --host      address to listen on (default 127.0.0.1; code-server runs with --auth none, so keep it local)
//     --folder    folder to open (default wit-examples/, else test/fixtures/e2e-workspace)
//
// The extension is loaded as an installed extension: <cache>/start/extensions holds a symlink to this folder
// (the test payload's extensionDevelopmentPath only works with the smoke-test driver, which is for tests).
// After a rebuild (`npm run build`), run "Developer: Reload Window" in the browser.
// Settings, state and opened editors persist in <cache>/start/user-data. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { codeServerEnv, e2ePaths, root } from './e2e/paths.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    folder: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const say = (msg) => console.log(`[start] ${msg}`);
const fail = (msg) => {
  console.error(`[start] ERROR: ${msg}`);
  process.exit(1);
};

const p = e2ePaths();
if (!existsSync(p.codeServerMarker) || !existsSync(p.node24Bin)) {
  fail(`code-server is not set up; run \`node scripts/e2e/setup.mjs\` first (it installs into ${p.cache})`);
}
if (!existsSync(join(root, 'dist', 'extension.js'))) fail('dist/extension.js is missing; run `npm run build` (or use `npm start`)');

// ---- the folder to open ----
let folder;
if (opts.folder) {
  folder = resolve(opts.folder);
  if (!existsSync(folder)) fail(`folder not found: ${folder}`);
} else if (existsSync(join(root, 'wit-examples'))) {
  folder = join(root, 'wit-examples');
} else {
  folder = join(root, 'test', 'fixtures', 'e2e-workspace');
  say(`wit-examples/ does not exist (yet); opening ${folder} instead`);
}

// ---- state dir: persistent user data, extensions dir rebuilt each time ----
const startDir = join(p.cache, 'start');
const pidFile = join(startDir, 'code-server.pid');
mkdirSync(startDir, { recursive: true });
reapLeftover();
const userData = join(startDir, 'user-data');
const settings = join(userData, 'User', 'settings.json');
if (!existsSync(settings)) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    settings,
    JSON.stringify({ 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'extensions.ignoreRecommendations': true }, null, 2),
  );
}
const extensionsDir = join(startDir, 'extensions');
rmSync(extensionsDir, { recursive: true, force: true });
mkdirSync(extensionsDir);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
symlinkSync(root, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));

// ---- port ----
const requested = opts.port ?? process.env.PORT;
let port;
if (requested !== undefined) {
  port = Number(requested);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`bad port: ${requested}`);
  if (!(await portFree(port, opts.host))) fail(`port ${port} is in use`);
} else {
  port = (await portFree(8080, opts.host)) ? 8080 : await freePort(opts.host);
  if (port !== 8080) say(`port 8080 is in use; using ${port}`);
}

// ---- code-server, in its own process group ----
const config = join(startDir, 'config.yaml');
writeFileSync(config, 'auth: none\n');
const logFile = join(startDir, 'code-server.log');
const logFd = openSync(logFile, 'w');
const child = spawn(
  p.codeServerBin,
  [
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `${opts.host}:${port}`,
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ],
  { cwd: root, env: codeServerEnv(), detached: true, stdio: ['ignore', opts.verbose ? 'inherit' : logFd, opts.verbose ? 'inherit' : logFd] },
);
writeFileSync(pidFile, JSON.stringify({ harness: process.pid, server: child.pid, port }) + '\n');
let stopping = false;

function killGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // gone already
  }
}

/** Stops the code-server group (SIGTERM, then SIGKILL for whatever is left) and exits. */
function stop(code) {
  if (stopping) return;
  stopping = true;
  const finish = () => {
    killGroup('SIGKILL');
    rmSync(pidFile, { force: true });
    process.exit(code);
  };
  const timer = setTimeout(finish, 3000);
  if (child.exitCode !== null || child.signalCode !== null) finish();
  child.once('exit', () => {
    clearTimeout(timer);
    setTimeout(finish, 200);
  });
  killGroup('SIGTERM');
}
process.on('SIGINT', () => {
  say('stopping code-server');
  stop(0);
});
process.on('SIGTERM', () => stop(143));
process.on('SIGHUP', () => stop(129));
process.on('exit', () => killGroup('SIGKILL'));
child.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`[start] code-server exited (${code ?? signal}); see ${logFile}`);
  stop(code || 1);
});

const base = `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) break;
  } catch {
    // not yet
  }
  if (stopping) await new Promise(() => {});
  if (i > 300) {
    console.error(`[start] code-server did not come up within 60 s; see ${logFile}`);
    stop(1);
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, 200));
}
say(`code-server ${child.pid} is up (log: ${logFile}); WIT Studio from ${root} is installed in it.`);
say(`open: ${base}/?folder=${encodeURI(folder)}`);
say('after `npm run build`, run "Developer: Reload Window" in the browser to pick up changes; Ctrl-C stops.');

function portFree(port, host) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, host, () => srv.close(() => res(true)));
  });
}

function freePort(host) {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Another `npm start` still running shares the user-data dir: refuse. A code-server left by a start.mjs
 * that was hard-killed (identified by the pid file and its command line) is stopped.
 */
function reapLeftover() {
  if (!existsSync(pidFile)) return;
  let info = {};
  try {
    info = JSON.parse(readFileSync(pidFile, 'utf8'));
  } catch {
    // old or broken file
  }
  if (info.harness && info.harness !== process.pid && cmdlineOf(info.harness).includes('start.mjs')) {
    fail(`another \`npm start\` (pid ${info.harness}) is running: http://127.0.0.1:${info.port}/ — stop it first`);
  }
  if (info.server > 1 && cmdlineOf(info.server).includes(startDir)) {
    say(`stopping code-server ${info.server} left over from an earlier start`);
    try {
      process.kill(-info.server, 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(pidFile, { force: true });
}

function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
