// Builds (client/src/toolchains/pipelines.ts) that fail, are cancelled or cannot start: real
// clang and componentize-js runs on small broken projects in temporary folders, a build
// cancelled while componentize-js runs, and projects whose tools are not there. The examples'
// successful builds are in test/unit/examples.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildProject, planBuild, type BuildStep, type CommandStep } from '../../../client/src/toolchains/pipelines';
import { detectProject, detectProjectOnDisk, memoryProjectReader, type Project } from '../../../client/src/toolchains/projects';
import { COMPONENT_HEADER, cToolchainProblem, examplesDir, groupMembers, headerVersion, tempCopy, tempDir, toolProblem, writeFiles } from '../../helpers/toolchains';

const WIT = 'package demo:hello@0.1.0;\n\nworld hello {\n  export hello: func() -> string;\n}\n';
/** `hello` of the world above for the canonical ABI: a string result is an (address, length) pair in memory. */
const HELLO_C = '#include <stdint.h>\nstatic uint32_t area[2];\n__attribute__((export_name("hello"))) uint32_t *hello(void) {\n  area[0] = (uint32_t)"hi";\n  area[1] = 2;\n  return area;\n}\n';

/** A project written to a new temporary folder, detected from disk. */
async function projectOnDisk(files: Record<string, string>): Promise<Project> {
  const dir = tempDir('build-');
  writeFiles(dir, files);
  const detection = await detectProjectOnDisk(dir);
  assert.notEqual(detection.kind, 'none', detection.kind === 'none' ? detection.reason : '');
  return detection as Project;
}

describe('C builds that fail', async () => {
  const skip = await cToolchainProblem();

  test('a compile error: diagnostics at their places, the first in the message, no component', { skip }, async () => {
    const project = await projectOnDisk({
      'wit/hello.wit': WIT,
      'src/hello.c': ['#include <stdint.h>', '', 'int add(int a, int b) {', '  return a + b', '}', '', 'int use(void) {', '  return undefined_name;', '}', ''].join('\n'),
    });
    const result = await buildProject(project);
    assert.deepEqual(result.diagnostics, [
      { file: join(project.dir, 'src/hello.c'), line: 4, column: 15, severity: 'error', message: "expected ';' after return statement", source: 'clang' },
      { file: join(project.dir, 'src/hello.c'), line: 8, column: 10, severity: 'error', message: "use of undeclared identifier 'undefined_name'", source: 'clang' },
    ]);
    assert.deepEqual(
      { ok: result.ok, cancelled: result.cancelled, missingTool: result.missingTool, message: result.message },
      { ok: false, cancelled: false, missingTool: undefined, message: "Compile src/hello.c (clang, wasm32-wasi reactor) failed (exit code 1): src/hello.c:4:15: expected ';' after return statement" },
    );
    assert.equal(existsSync(project.out), false);
  });

  test('WIT that does not parse fails the embed step, on the WIT folder', { skip }, async () => {
    const project = await projectOnDisk({ 'wit/hello.wit': WIT.replace('-> string;', '-> string'), 'src/hello.c': HELLO_C });
    const result = await buildProject(project);
    const wit = join(project.dir, 'wit');
    assert.deepEqual(result.diagnostics, [{ severity: 'error', message: `failed to parse package: ${wit}`, source: 'wit', file: wit }]);
    assert.equal(result.message, `Embed the WIT (world hello) into build/hello.core.wasm failed: failed to parse package: ${wit}`);
  });

  test('a WIT path that does not exist fails cleanly, and the bundled jco still works after it', { skip }, async () => {
    const project = await projectOnDisk({ 'wit/hello.wit': WIT, 'src/hello.c': HELLO_C });
    const gone = join(project.dir, 'gone');
    const failed = await buildProject({ ...project, witPath: gone });
    assert.equal(failed.message, `Embed the WIT (world hello) into build/hello.core.wasm failed: the WIT path ${gone} does not exist`);
    // A panic inside wasm-tools would have left jco unusable: this build would fail too.
    const built = await buildProject(project);
    assert.equal(built.message.replace(/ in [\d.]+ s/, ''), 'Built build/hello.wasm.');
    assert.equal(headerVersion(readFileSync(project.out)), COMPONENT_HEADER);
  });
});

describe('JavaScript builds that fail', () => {
  test('a syntax error stops the build before componentize-js, at its place', async () => {
    const project = await projectOnDisk({
      'package.json': JSON.stringify({ witStudio: { wit: 'wit', entry: 'src/hello.js' } }),
      'wit/hello.wit': WIT,
      'src/hello.js': 'export function hello() {\n  return [1, 2;\n}\n',
    });
    const steps: string[] = [];
    const result = await buildProject(project, { onStep: (step) => steps.push(step.title) });
    assert.deepEqual(steps, ['Check the syntax of src/hello.js']);
    assert.deepEqual(result.diagnostics, [
      { file: join(project.dir, 'src/hello.js'), line: 2, column: 15, severity: 'error', message: 'Expected `,` but found `;` (`,` expected)', source: 'componentize-js' },
    ]);
    assert.equal(result.message, 'Check the syntax of src/hello.js failed (exit code 1): src/hello.js:2:15: Expected `,` but found `;` (`,` expected)');
  });

  test('an error thrown while componentize-js initializes the component, at its place', async () => {
    const project = await projectOnDisk({
      'package.json': JSON.stringify({ witStudio: { wit: 'wit', entry: 'src/hello.js', disable: ['all'] } }),
      'wit/hello.wit': WIT,
      'src/hello.js': 'export function hello() {\n  return "hi";\n}\n\nsetUp();\n',
    });
    const result = await buildProject(project);
    assert.equal(result.ok, false);
    assert.deepEqual(result.diagnostics, [
      { file: join(project.dir, 'src/hello.js'), line: 5, column: 1, severity: 'error', message: 'ReferenceError: setUp is not defined', code: 'ReferenceError', source: 'componentize-js' },
    ]);
    assert.equal(result.message, 'Componentize src/hello.js (componentize-js) failed (exit code 1): src/hello.js:5:1: ReferenceError: setUp is not defined');
  });
});

test('a cancelled build stops componentize-js and everything it started', async () => {
  const project = (await detectProjectOnDisk(tempCopy(join(examplesDir, 'js-plugin')))) as Project;
  const abort = new AbortController();
  let pid: number | undefined;
  let children = 0;
  const lines: string[] = [];
  const result = await buildProject(project, {
    signal: abort.signal,
    onLine: (line) => lines.push(line),
    onProcess: async (id, step: CommandStep) => {
      if (!step.title.startsWith('Componentize')) return;
      pid = id;
      // Cancel while it runs a process of its own: wizer, for half a second after about 5 s.
      for (let waited = 0; waited < 60_000 && children === 0; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        children = groupMembers(id).filter((member) => member !== id).length;
      }
      abort.abort();
    },
  });
  assert.ok(pid !== undefined, 'componentize-js started');
  assert.ok(children > 0, 'componentize-js had started a process of its own');
  assert.deepEqual({ ok: result.ok, cancelled: result.cancelled, message: result.message }, { ok: false, cancelled: true, message: 'Build of wit-studio-example-js-plugin cancelled.' });
  assert.equal(lines.at(-1), 'Build of wit-studio-example-js-plugin cancelled.');
  // Nothing of the process group is left, not even a zombie.
  assert.deepEqual(groupMembers(pid), []);
  assert.throws(() => process.kill(-pid!, 0), { code: 'ESRCH' });
  assert.equal(existsSync(project.out), false);
});

describe('tools that are not there', () => {
  const nowhere = { PATH: '', HOME: tempDir('home-') };

  test('a Rust project without cargo is a MissingTool result', async () => {
    const project = (await detectProject('/ws/crate', memoryProjectReader({ 'Cargo.toml': '[package]\nname = "crate"\n\n[package.metadata.component]\npackage = "demo:crate"\n', 'wit/w.wit': WIT }))) as Project;
    assert.equal(project.kind, 'rust');
    const lines: string[] = [];
    const result = await buildProject(project, { env: nowhere, onLine: (line) => lines.push(line) });
    const message = 'cargo builds Rust components (with cargo-component), but it was not found on PATH. See https://rustup.rs/, or set `wit.toolchains.cargo` to its path.';
    assert.deepEqual(
      { ok: result.ok, cancelled: result.cancelled, message: result.message, missing: result.missingTool?.id, setting: result.missingTool?.setting, diagnostics: result.diagnostics },
      { ok: false, cancelled: false, message, missing: 'cargo', setting: 'wit.toolchains.cargo', diagnostics: [] },
    );
    assert.deepEqual(lines, [message]);
  });

  test('a Python project without componentize-py is a MissingTool result', async () => {
    const project = (await detectProject('/ws/py', memoryProjectReader({ 'app.py': '', 'wit/w.wit': WIT }))) as Project;
    const result = await buildProject(project, { env: nowhere });
    assert.equal(result.missingTool?.id, 'componentize-py');
    assert.equal(result.message, 'componentize-py builds Python apps into components, but it was not found on PATH. Install: pip install componentize-py. See https://github.com/bytecodealliance/componentize-py, or set `wit.toolchains.componentizePy` to its path.');
  });
});

describe('plans', () => {
  test('a C build: clang from PATH with an argument array, then embed and new in-process', async () => {
    const bin = tempDir('bin-');
    writeFiles(bin, { 'clang-17': '#!/bin/sh\n' }, 0o755);
    const project = (await detectProject('/ws/cmd', memoryProjectReader({ 'wit/w.wit': WIT, 'main.c': 'int main(void) { return 0; }', 'wit-studio.json': '{ "cflags": ["-DGREETING=\\"hi there\\""] }' }))) as Project;
    const planned = await planBuild(project, { env: { PATH: bin }, tools: { wasiSysroot: '/opt/sysroot' } });
    assert.ok(planned.ok);
    assert.deepEqual(planned.plan.steps, [
      {
        kind: 'command',
        title: 'Compile main.c (clang, wasm32-wasi command)',
        program: join(bin, 'clang-17'),
        args: ['--target=wasm32-wasi', '-mexec-model=command', '--sysroot=/opt/sysroot', '-O2', '-fno-color-diagnostics', '-DGREETING="hi there"', 'main.c', '-o', '/ws/cmd/build/hello.core.wasm'],
        cwd: '/ws/cmd',
        env: {},
        matcher: 'clang',
        produces: '/ws/cmd/build/hello.core.wasm',
      },
      { kind: 'embed', title: 'Embed the WIT (world hello) into build/hello.core.wasm', core: '/ws/cmd/build/hello.core.wasm', witPath: '/ws/cmd/wit', world: 'hello', out: '/ws/cmd/build/hello.embed.wasm' },
      { kind: 'new', title: 'Make the component (WASI command adapter)', core: '/ws/cmd/build/hello.embed.wasm', adapter: 'command', out: '/ws/cmd/build/hello.wasm' },
    ] satisfies BuildStep[]);
  });

  test('several worlds and none chosen cannot be built', async () => {
    const project = (await detectProject('/ws/c', memoryProjectReader({ 'wit/w.wit': `${WIT}world other {}\n`, 'a.c': '' }))) as Project;
    assert.deepEqual(await planBuild(project), {
      ok: false,
      message: 'The WIT defines several worlds (hello, other): choose the one to build ("world" in wit-studio.json).',
    });
  });
});

describe('toolchains installed elsewhere', async () => {
  const [noCargoComponent, noComponentizePy] = await Promise.all([toolProblem('cargo-component'), toolProblem('componentize-py')]);

  test('cargo-component builds a new crate into a component', { skip: noCargoComponent }, async () => {
    const { spawnSync } = await import('node:child_process');
    const parent = tempDir('cargo-');
    assert.equal(spawnSync('cargo', ['component', 'new', '--lib', 'greeter'], { cwd: parent, encoding: 'utf8' }).status, 0);
    const project = (await detectProjectOnDisk(join(parent, 'greeter'))) as Project;
    assert.equal(project.kind, 'rust');
    const result = await buildProject(project);
    assert.ok(result.ok, result.message);
    assert.equal(headerVersion(readFileSync(result.output!)), COMPONENT_HEADER);
  });

  test('componentize-py builds an app into a component', { skip: noComponentizePy }, async () => {
    const project = await projectOnDisk({ 'wit/hello.wit': WIT, 'app.py': 'import wit_world\n\nclass WitWorld(wit_world.WitWorld):\n    def hello(self) -> str:\n        return "hi"\n' });
    const result = await buildProject(project);
    assert.ok(result.ok, result.message);
    assert.equal(headerVersion(readFileSync(result.output!)), COMPONENT_HEADER);
  });
});
