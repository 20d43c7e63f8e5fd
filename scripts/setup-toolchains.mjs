// Installs the Debian packages the C examples (wit-examples/c-*, pipeline/host) need to build
// WebAssembly: clang 14 with its wasm32 runtime, lld (wasm-ld) and wasi-libc. Idempotent: only
// the packages that are missing are installed (after `apt-get update`), non-interactively; then
// a tiny C program is compiled for wasm32-wasi to prove the toolchain works. Exits 0 when it
// does; on a machine without apt or without root it says what to install and exits 0 unless
// `--strict` is given (the tests then report the C parts skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const packages = ['clang-14', 'lld-14', 'wasi-libc', 'libclang-rt-14-dev-wasm32'];
const strict = process.argv.includes('--strict');
const log = (message) => console.log(`[setup-toolchains] ${message}`);

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /\binstall ok installed\b/.test(r.stdout);
}

/** Compiles `int main` for wasm32-wasi (compiler, wasi-libc, compiler-rt and wasm-ld together). */
function compiles() {
  const dir = mkdtempSync(join(tmpdir(), 'setup-toolchains-'));
  const r = spawnSync('clang-14', ['--target=wasm32-wasi', '-O2', '-x', 'c', '-', '-o', join(dir, 'main.wasm')], {
    input: 'int main(void) { return 0; }\n',
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  log(r.status === 0 ? 'clang-14 builds for wasm32-wasi' : `clang-14 cannot build for wasm32-wasi: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.status === 0;
}

function finish(code, message) {
  if (message) log(message);
  process.exit(strict ? code : 0);
}

if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get') || !existsSync('/usr/bin/dpkg-query')) {
  finish(1, `not a Debian-like system: install clang with the wasm32-wasi target and wasi-libc yourself (or the WASI SDK: https://github.com/WebAssembly/wasi-sdk)`);
}

const missing = packages.filter((p) => !installed(p));
if (missing.length === 0) {
  log(`all present: ${packages.join(', ')}`);
  finish(compiles() ? 0 : 1);
}
log(`missing: ${missing.join(', ')}`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = isRoot ? [] : ['sudo', '-n'];
if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
  finish(1, `not root and no password-less sudo: run \`sudo apt-get install -y ${missing.join(' ')}\``);
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
function apt(args) {
  const command = [...sudo, 'apt-get', ...args];
  log(`$ ${command.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
  log(`  … exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

if (!apt(['update', '-q'])) finish(1, 'apt-get update failed');
if (!apt(['install', '-y', '-q', '--no-install-recommends', ...missing])) finish(1, `apt-get install failed for: ${missing.join(', ')}`);

const still = packages.filter((p) => !installed(p));
if (still.length > 0) finish(1, `still missing after install: ${still.join(', ')}`);
log(`installed: ${missing.join(', ')}`);
finish(compiles() ? 0 : 1);
