#!/usr/bin/env node
// Runs one Mocha suite inside a real VS Code: code-server (Node 24) + headless Debian chromium driven by
// playwright-core with VS Code's extension-test payload (see shared/notes/vscode-e2e.md).
// Builds nothing: run `node scripts/build.mjs` (and `node scripts/e2e/setup.mjs`) first.
//
//   node scripts/e2e/run.mjs --workspace <dir> --tests <compiled index.js> [options]
//     --suite <dir>         folder of compiled *.test.js (default: <tests dir>/suite), passed as $WIT_E2E_SUITE
//     --vsix <file>         install this .vsix into a fresh extensions dir and test the installed extension
//     --screenshots <dir>   save the pictures tests ask for (a test logs `SCREENSHOT <name>`, see test/e2e/helpers.ts)
//     --timeout <seconds>   overall limit (default 240); on timeout a screenshot goes to <rundir>/timeout.png
//     --grep <pattern>      only tests whose title matches ($WIT_E2E_GREP)
//     --env KEY=VALUE       extra environment for the extension host (repeatable)
//     --untrusted           open the workspace in restricted mode (workspace trust on, the folder not trusted)
//     --verbose             also print code-server's own output (always in <rundir>/code-server.log)
//
// Exit code: the tests' exit code (0 passed, 1 failed); 2 when the harness itself failed or timed out.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { codeServerEnv, ensureTools, findChromium, root } from './paths.mjs';

const HARNESS_FAILURE = 2;
const KEEP_RUNS = 4;
const say = (msg) => console.log(`[e2e] ${msg}`);

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string' },
    tests: { type: 'string' },
    suite: { type: 'string' },
    vsix: { type: 'string' },
    screenshots: { type: 'string' },
    timeout: { type: 'string', default: '240' },
    grep: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    verbose: { type: 'boolean', default: false },
    untrusted: { type: 'boolean', default: false },
  },
});

function usage(msg) {
  console.error(`[e2e] ${msg}\nusage: node scripts/e2e/run.mjs --workspace <dir> --tests <compiled index.js> [--suite <dir>] [--vsix <file>] [--screenshots <dir>] [--timeout <s>] [--grep <re>] [--env K=V] [--verbose]`);
  process.exit(HARNESS_FAILURE);
}
if (!opts.workspace || !opts.tests) usage('--workspace and --tests are required');
const workspaceSrc = resolve(opts.workspace);
const testsPath = resolve(opts.tests);
if (!existsSync(workspaceSrc) || !statSync(workspaceSrc).isDirectory()) usage(`workspace folder not found: ${workspaceSrc}`);
if (!existsSync(testsPath)) usage(`test entry not found: ${testsPath} (run \`node scripts/build.mjs\` first)`);
const vsix = opts.vsix ? resolve(opts.vsix) : undefined;
if (vsix && !existsSync(vsix)) usage(`.vsix not found: ${vsix}`);
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) usage(`bad --timeout: ${opts.timeout}`);
const extraEnv = {};
for (const kv of opts.env) {
  const i = kv.indexOf('=');
  if (i <= 0) usage(`bad --env ${kv} (want KEY=VALUE)`);
  extraEnv[kv.slice(0, i)] = kv.slice(i + 1);
}

let tools;
try {
  tools = ensureTools();
} catch (err) {
  usage(err.message);
}
const chromiumPath = findChromium();

// ---- state that cleanup() must undo ---------------------------------------------------------
let serverPid;
let browser;
let cleaning;
let stopping = false;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Kills the code-server process group and closes the browser; safe to call more than once. */
function cleanup() {
  stopping = true;
  cleaning ??= (async () => {
    if (browser) {
      const b = browser;
      browser = undefined;
      await Promise.race([b.close().catch(() => {}), sleep(5000)]);
    }
    if (serverPid) {
      const pid = serverPid;
      killGroup(pid, 'SIGTERM');
      for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
      if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
      serverPid = undefined;
    }
  })();
  return cleaning;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Last resort if the process exits without cleanup() having run (e.g. process.exit elsewhere).
process.on('exit', () => {
  if (serverPid) killGroup(serverPid, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: stopping code-server and the browser`);
    cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  });
}
process.on('uncaughtException', (err) => {
  console.error('[e2e] uncaught exception:', err);
  cleanup().finally(() => process.exit(HARNESS_FAILURE));
});
process.on('unhandledRejection', (err) => {
  console.error('[e2e] unhandled rejection:', err);
  cleanup().finally(() => process.exit(HARNESS_FAILURE));
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let exitCode = HARNESS_FAILURE;
try {
  exitCode = await main();
} catch (err) {
  console.error(`[e2e] ERROR: ${err?.stack ?? err}`);
  exitCode = HARNESS_FAILURE;
} finally {
  await cleanup();
}
say(`finished in ${elapsed()} with exit code ${exitCode}`);
process.exit(exitCode);

async function main() {
  const runsDir = join(tools.cache, 'runs');
  mkdirSync(runsDir, { recursive: true });
  reapStaleRuns(runsDir);
  const runDir = realpathSync(mkdtempIn(runsDir));
  say(`run dir: ${runDir}`);

  // Fresh copy of the workspace, so edits never reach the fixtures.
  const workspace = join(runDir, 'workspace');
  cpSync(workspaceSrc, workspace, { recursive: true });
  const userData = join(runDir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
        'files.autoSave': 'off',
        'chat.disableAIFeatures': true,
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'extensions.ignoreRecommendations': true,
        ...(opts.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {}),
      }, null, 2),
  );
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(extensionsDir);
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];
  const env = codeServerEnv();

  let developmentPath = root;
  if (vsix) {
    say(`installing ${vsix}`);
    const r = spawnSync(tools.codeServerBin, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    if (r.status !== 0) throw new Error(`--install-extension failed (exit ${r.status ?? r.signal})`);
    const list = spawnSync(tools.codeServerBin, [...common, '--list-extensions', '--show-versions'], { env, encoding: 'utf8' });
    say(`installed: ${(list.stdout ?? '').trim().split('\n').filter((l) => l && !l.includes(' info ')).join(', ') || '(nothing)'}`);
    // The test runner still needs *some* development path: one without a package.json loads no extension.
    developmentPath = dirname(testsPath);
    if (existsSync(join(developmentPath, 'package.json'))) throw new Error(`${developmentPath} has a package.json; cannot use it as an empty development path`);
  }

  const ackDir = join(runDir, 'screenshots');
  mkdirSync(ackDir);
  const screenshotsDir = opts.screenshots ? resolve(opts.screenshots) : undefined;
  if (screenshotsDir) mkdirSync(screenshotsDir, { recursive: true });

  const hostEnv = {
    WIT_E2E_SUITE: opts.suite ? resolve(opts.suite) : '',
    WIT_E2E_EXTENSIONS_DIR: extensionsDir,
    WIT_E2E_RUN_DIR: runDir,
    ...(screenshotsDir ? { WIT_E2E_SCREENSHOT_ACK: ackDir } : {}),
    ...(opts.grep ? { WIT_E2E_GREP: opts.grep } : {}),
    ...extraEnv,
  };
  if (!hostEnv.WIT_E2E_SUITE) delete hostEnv.WIT_E2E_SUITE;

  // ---- code-server, detached in its own process group ----
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const logFile = join(runDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    tools.codeServerBin,
    [
      ...common,
      '--auth', 'none',
      '--bind-addr', authority,
      '--disable-telemetry',
      '--disable-update-check',
      ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { cwd: runDir, env, detached: true, stdio: ['ignore', opts.verbose ? 'inherit' : logFd, opts.verbose ? 'inherit' : logFd] },
  );
  serverPid = child.pid;
  writeFileSync(join(runDir, 'code-server.pid'), `${child.pid}\n`);
  let serverExited = false;
  child.on('exit', (code, signal) => {
    serverExited = true;
    if (!stopping) say(`code-server exited early (${code ?? signal}); see ${logFile}`);
  });
  say(`code-server pid ${child.pid} on http://${authority} (log: ${logFile})`);

  const healthUntil = Date.now() + 60000;
  for (;;) {
    if (serverExited) throw new Error(`code-server exited before it was ready; see ${logFile}`);
    try {
      const res = await fetch(`http://${authority}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > healthUntil) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    await sleep(200);
  }
  say(`code-server ready after ${elapsed()}`);

  // ---- chromium with the test payload ----
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let reportBroken;
  const broken = new Promise((_, reject) => (reportBroken = reject));
  broken.catch(() => {});
  page.on('crash', () => reportBroken(new Error('the page crashed')));
  browser.on('disconnected', () => {
    if (!stopping) reportBroken(new Error('the browser went away'));
  });

  const shots = new Set();
  let shotQueue = Promise.resolve();
  const takeScreenshot = (name) => {
    if (shots.has(name)) return;
    shots.add(name);
    shotQueue = shotQueue.then(async () => {
      try {
        if (screenshotsDir) {
          await sleep(300); // let the last edit/decoration paint
          const file = join(screenshotsDir, `${name}.png`);
          await page.screenshot({ path: file });
          say(`screenshot ${file}`);
        }
      } catch (err) {
        say(`screenshot ${name} failed: ${err.message}`);
      } finally {
        writeFileSync(join(ackDir, `${name}.done`), '');
      }
    });
  };

  // The workbench's own log is long and mostly offline noise: it goes to a file, and only the
  // tests' output (from the suite's start marker on) is printed, unless --verbose.
  const automationLog = openSync(join(runDir, 'automation.log'), 'a');
  const noise = /getaddrinfo ENOTFOUND|^\s+at |\[AgentHost|Creating a socket|\[reconnection|\[Service Worker\]|Updating additional builtin|open-vsx|AccountPolicyGate/;
  let testsStarted = false;
  await page.exposeFunction('codeAutomationLog', (_level, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    writeSync(automationLog, `${line}\n`);
    if (line.startsWith('e2e: running')) testsStarted = true;
    if (opts.verbose || (testsStarted && !noise.test(line))) console.log(line);
    const m = /\bSCREENSHOT ([\w.-]+)/.exec(line);
    if (m) takeScreenshot(m[1]);
  });
  let reportExit;
  const exited = new Promise((r) => (reportExit = r));
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    try {
      for (const l of Array.isArray(logs) ? logs : []) {
        const file = join(runDir, 'browser-logs', String(l.relativePath).replace(/\.\.+/g, '_'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, String(l.contents ?? ''));
      }
    } catch {
      // logs are a nicety
    }
    reportExit(code);
  });

  const ext = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', ext(developmentPath)],
    ['extensionTestsPath', ext(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
    ['extensionEnvironment', JSON.stringify(hostEnv)],
  ];
  const url = `http://${authority}/?folder=${encodeURI(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`${vsix ? 'testing the installed .vsix' : `testing the development extension ${developmentPath}`} with ${testsPath}`);

  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, timeoutMs - (Date.now() - started)))));
  const outcome = await Promise.race([
    page.goto(url, { timeout: timeoutMs }).then(() => exited, (err) => Promise.reject(new Error(`loading the workbench failed: ${err.message}`))),
    timedOut,
    broken,
  ]).finally(() => clearTimeout(timer));
  await shotQueue;
  if (outcome === 'timeout') {
    const file = join(runDir, 'timeout.png');
    await page.screenshot({ path: file }).then(
      () => say(`screenshot of the stuck window: ${file}`),
      (err) => say(`could not take a screenshot: ${err.message}`),
    );
    console.error(`[e2e] TIMEOUT: no result after ${opts.timeout} s (logs: ${runDir})`);
    return HARNESS_FAILURE;
  }
  const code = Number(outcome);
  say(code === 0 ? 'tests passed' : `tests failed (exit code ${outcome}); logs: ${runDir}`);
  return Number.isInteger(code) ? code : HARNESS_FAILURE;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function mkdtempIn(dir) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const d = join(dir, `run-${stamp}-${process.pid}`);
  mkdirSync(d);
  return d;
}

/**
 * Kills code-server groups left behind by harnesses that were hard-killed: a run dir whose harness
 * (its pid is in the dir name) is gone but whose code-server.pid still runs with that run dir in its
 * command line. Then deletes old run dirs of finished harnesses, keeping the newest few.
 */
function reapStaleRuns(runsDir) {
  const runs = readdirSync(runsDir)
    .filter((d) => d.startsWith('run-'))
    .sort();
  const finished = [];
  for (const d of runs) {
    const harnessPid = Number(/-(\d+)$/.exec(d)?.[1]);
    if (harnessPid && harnessPid !== process.pid && cmdlineOf(harnessPid).includes('run.mjs')) continue; // a run in progress
    finished.push(d);
    const pidFile = join(runsDir, d, 'code-server.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid > 1 && cmdlineOf(pid).includes(join(runsDir, d))) {
      say(`killing code-server group ${pid} left over from ${d}`);
      killGroup(pid, 'SIGKILL');
    }
  }
  for (const d of finished.slice(0, Math.max(0, finished.length - (KEEP_RUNS - 1)))) {
    rmSync(join(runsDir, d), { recursive: true, force: true });
  }
}

function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}
