/**
 * For the toolchain tests: why a toolchain cannot be used here (a skip reason), copies of
 * projects in temporary folders, and what a built `.wasm` is.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { inspectWasm, type WasmInfo } from '../../server/src/syntax/binary/wasmInfo';
import { findTool, type ToolId } from '../../client/src/toolchains/tools';
import { repoRoot } from './paths';

export const examplesDir = join(repoRoot, 'wit-examples');

let cProblem: Promise<string | undefined> | undefined;

/** Why C cannot be built for wasm32-wasi here (no clang, or no wasi-libc / wasm-ld), or undefined. */
export function cToolchainProblem(): Promise<string | undefined> {
  cProblem ??= (async () => {
    const clang = await findTool('clang');
    if (!clang.found) return 'no clang here (on Debian: node scripts/setup-toolchains.mjs)';
    const dir = tempDir('c-check-');
    const r = spawnSync(clang.path, ['--target=wasm32-wasi', '-x', 'c', '-', '-o', join(dir, 'main.wasm')], { input: 'int main(void) { return 0; }\n', encoding: 'utf8' });
    return r.status === 0 ? undefined : `${clang.path} cannot build for wasm32-wasi (on Debian: node scripts/setup-toolchains.mjs): ${r.stderr.trim()}`;
  })();
  return cProblem;
}

/** Why a tool cannot be used here (not on PATH), or undefined. */
export async function toolProblem(id: ToolId): Promise<string | undefined> {
  const tool = await findTool(id);
  return tool.found ? undefined : `${tool.name} is not installed here (not on PATH)`;
}

const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wit-studio-${prefix}`));
  tempDirs.push(dir);
  return dir;
}

/** A copy of a folder (without its build/ output) in a new temporary folder; returns the copy. */
export function tempCopy(folder: string): string {
  const copy = join(tempDir(`${basename(folder)}-`), basename(folder));
  cpSync(folder, copy, { recursive: true, filter: (path) => basename(path) !== 'build' });
  return copy;
}

/** Writes files (relative paths → contents) under `dir`; `mode` makes them executable. */
export function writeFiles(dir: string, files: Record<string, string>, mode?: number): void {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (mode !== undefined) chmodSync(path, mode);
  }
}

/** The header's version and layer (bytes 4..8): `0d 00 01 00` for a component, `01 00 00 00` for a core module. */
export function headerVersion(bytes: Uint8Array): string {
  return [...bytes.subarray(4, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export const COMPONENT_HEADER = '0d 00 01 00';

/** A built component: asserted to be one by the caller; its imports and exports. */
export function readWasm(path: string): { bytes: Uint8Array; info: WasmInfo } {
  const bytes = new Uint8Array(readFileSync(path));
  const info = inspectWasm(bytes);
  if (!info.ok) throw new Error(`${path}: ${info.message}`);
  return { bytes, info };
}

/** The ids of the processes in a process group (Linux: from /proc), zombies included. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …: the command name may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}
