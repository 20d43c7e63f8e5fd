// Finding tools (client/src/toolchains/tools.ts, jcoCli.ts) with a fake PATH: folders of
// executable scripts in a temporary folder, and the MissingTool a user sees otherwise.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findJco } from '../../../client/src/toolchains/jcoCli';
import { describeMissing, findTool, TOOL_SPECS, type MissingTool } from '../../../client/src/toolchains/tools';
import { repoRoot } from '../../helpers/paths';
import { tempDir, writeFiles } from '../../helpers/toolchains';

const SCRIPT = '#!/bin/sh\nexit 0\n';

/** A fake file system: bin folders with executables and not-executables, and an empty HOME. */
function fakeMachine() {
  const root = tempDir('tools-');
  writeFiles(root, { 'a/clang-14': SCRIPT, 'a/cargo': SCRIPT, 'b/clang': SCRIPT, 'home/.cargo/bin/cargo-component': SCRIPT }, 0o755);
  writeFiles(root, { 'c/clang': SCRIPT, 'c/wasmtime': SCRIPT }, 0o644);
  const env = (...dirs: string[]) => ({ PATH: dirs.map((d) => join(root, d)).join(':'), HOME: join(root, 'home') });
  return { root, env };
}

describe('findTool', () => {
  test('takes the first program name found anywhere on PATH, skipping files that are not executable', async () => {
    const { root, env } = fakeMachine();
    assert.deepEqual(await findTool('clang', {}, { env: env('c', 'a'), wellKnown: false }), { found: true, id: 'clang', path: join(root, 'a/clang-14'), env: {}, source: 'path' });
    // `clang` (wasi-sdk's name) is preferred to `clang-NN`, whichever folder comes first.
    assert.equal(((await findTool('clang', {}, { env: env('a', 'b'), wellKnown: false })) as { path: string }).path, join(root, 'b/clang'));
  });

  test('a configured path is the only place looked at', async () => {
    const { root, env } = fakeMachine();
    const configured = await findTool('clang', { clang: 'b/clang' }, { env: env('a'), baseDir: root });
    assert.deepEqual(configured, { found: true, id: 'clang', path: join(root, 'b/clang'), env: {}, source: 'configured' });
    const wrong = (await findTool('clang', { clang: join(root, 'c/clang') }, { env: env('a', 'b') })) as MissingTool;
    assert.equal(wrong.found, false);
    assert.deepEqual(wrong.configured, { path: join(root, 'c/clang'), problem: 'not executable' });
    assert.equal(
      wrong.description,
      `clang (WASI) compiles C and C++ to WebAssembly (wasm32-wasi), but it was not found at ${join(root, 'c/clang')} (not executable), the path set in \`wit.toolchains.clang\`.`,
    );
    assert.equal(((await findTool('clang', { clang: join(root, 'nowhere') })) as MissingTool).configured?.problem, 'no such file');
    assert.equal(((await findTool('clang', { clang: join(root, 'a') })) as MissingTool).configured?.problem, 'a directory, not a program');
  });

  test('well-known places come after PATH', async () => {
    const { root, env } = fakeMachine();
    assert.deepEqual(await findTool('cargo-component', {}, { env: env('a') }), {
      found: true,
      id: 'cargo-component',
      path: join(root, 'home/.cargo/bin/cargo-component'),
      env: {},
      source: 'well-known',
    });
  });

  test('a missing tool says what it is for, how to get it and which setting points at it', async () => {
    const { env } = fakeMachine();
    const tool = await findTool('wasmtime', {}, { env: env('a', 'b', 'c') });
    assert.deepEqual(tool, {
      found: false,
      id: 'wasmtime',
      name: 'Wasmtime',
      description: 'Wasmtime runs and serves components natively (`wasmtime run`, `wasmtime serve`), but it was not found on PATH.',
      installUrl: 'https://wasmtime.dev',
      installHint: 'curl https://wasmtime.dev/install.sh -sSf | bash',
      setting: 'wit.toolchains.wasmtime',
    });
    assert.equal(
      describeMissing(tool as MissingTool),
      'Wasmtime runs and serves components natively (`wasmtime run`, `wasmtime serve`), but it was not found on PATH. Install: curl https://wasmtime.dev/install.sh -sSf | bash. See https://wasmtime.dev, or set `wit.toolchains.wasmtime` to its path.',
    );
  });

  test('Node is always there: the process running this is one', async () => {
    assert.deepEqual(await findTool('node', {}, { env: { PATH: '' }, wellKnown: false }), { found: true, id: 'node', path: process.execPath, env: {}, source: 'current-process' });
  });
});

describe('tool settings', () => {
  test('every tool\'s path is a contributed setting, ignored in untrusted workspaces', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const settings = [...new Set(Object.values(TOOL_SPECS).map((spec) => `wit.toolchains.${spec.key}`))].sort();
    assert.deepEqual(settings.filter((s) => !(s in manifest.contributes.configuration.properties)), []);
    assert.deepEqual(settings.filter((s) => !manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(s)), []);
  });
});

describe('findJco', () => {
  test('the project\'s own jco comes first, then the one next to the extension', async () => {
    const project = tempDir('jco-project-');
    const empty = { env: { PATH: '' } };
    const fromExtension = await findJco(project, {}, { ...empty, extensionRoot: repoRoot });
    assert.ok(fromExtension.found);
    assert.equal(fromExtension.source, 'extension');
    assert.equal(fromExtension.cli, join(repoRoot, 'node_modules/@bytecodealliance/jco/dist/jco.js'));
    assert.equal(fromExtension.componentizeJs, join(repoRoot, 'node_modules/@bytecodealliance/componentize-js'));
    assert.equal(fromExtension.preview2Filesystem, join(repoRoot, 'node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js'));

    writeFiles(project, { 'node_modules/@bytecodealliance/jco/package.json': JSON.stringify({ name: '@bytecodealliance/jco', bin: { jco: 'src/jco.js' } }), 'node_modules/@bytecodealliance/jco/src/jco.js': '' });
    const own = await findJco(join(project, 'sub'), {}, { ...empty, extensionRoot: repoRoot });
    assert.ok(own.found);
    assert.deepEqual([own.source, own.cli, own.componentizeJs], ['project', join(project, 'node_modules/@bytecodealliance/jco/src/jco.js'), undefined]);
  });

  test('a configured path that is no jco is a MissingTool', async () => {
    const nowhere = join(tempDir('jco-'), 'nowhere');
    const jco = (await findJco(repoRoot, { jco: nowhere }, { extensionRoot: repoRoot })) as MissingTool;
    assert.equal(jco.found, false);
    assert.deepEqual(jco.configured, { path: nowhere, problem: 'not a jco package folder or its dist/jco.js' });
  });
});
