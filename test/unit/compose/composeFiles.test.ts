// Composing files (client/src/compose/composeFiles.ts) on the example pipeline built as the
// extension builds it (a C host importing the plugin interface a JavaScript plugin exports):
// the plan, the composed binary written by the built-in composer — a composition of two
// (fused.ts), running as the two components do — and with wac where it is installed; wac's
// command lines and what `wac plug` cannot make.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { instanceNames, loadComponents, writePlannedComposition, type ComponentFile } from '../../../client/src/compose/composeFiles';
import { fusedNote, innerComponents } from '../../../client/src/compose/fused';
import { describeImport, planComposition } from '../../../client/src/compose/plan';
import { loadJco } from '../../../client/src/toolchains/jco';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { findTool, type FoundTool } from '../../../client/src/toolchains/tools';
import { semverCompatible, wacComposeArgs, wacPlugArgs, wacPlugProblem } from '../../../client/src/toolchains/wac';
import { cToolchainProblem, examplesDir, tempCopy, tempDir } from '../../helpers/toolchains';
import { runComponent } from '../../helpers/wasmComponents';

const PROCESSED = '"HELLO WORLD (case-plugin: 2 words, 1 line, 11 chars)"';

describe('instance names and inputs', () => {
  test('instance names come from the file names, kebab-case and unique', () => {
    assert.deepEqual(instanceNames(['a/build/host.wasm', 'b/myPlugin.wasm', 'c/host.wasm', 'd/2x.wasm']), ['host', 'my-plugin', 'host-2', 'x']);
  });

  test('a core module or a missing file is refused, saying which and why', async () => {
    const dir = tempDir('compose-');
    const module = join(dir, 'core.wasm');
    writeFileSync(module, await (await loadJco()).parse('(module)'));
    assert.deepEqual(await loadComponents([{ name: 'core', path: module }]), { ok: false, message: `${module} is a core module: make a component of it first (WIT: Build Component)` });
    const missing = await loadComponents([{ name: 'gone', path: join(dir, 'gone.wasm') }]);
    assert.ok(!missing.ok && missing.message.startsWith(`${join(dir, 'gone.wasm')} cannot be read: ENOENT`));
  });
});

describe('wac', () => {
  test('its command lines', () => {
    assert.deepEqual(wacPlugArgs('host.wasm', ['a.wasm', 'b.wasm'], 'out.wasm'), ['plug', 'host.wasm', '--plug', 'a.wasm', '--plug', 'b.wasm', '-o', 'out.wasm']);
    assert.deepEqual(wacComposeArgs('app.wac', { 'ex:host': 'h.wasm' }, 'out.wasm'), ['compose', 'app.wac', '--dep', 'ex:host=h.wasm', '-o', 'out.wasm']);
  });

  test('the versions it plugs into each other (its are_semver_compatible)', () => {
    assert.equal(semverCompatible('a:b/c@0.2.1', 'a:b/c@0.2.9'), true);
    assert.equal(semverCompatible('a:b/c@1.0.0', 'a:b/c@1.4.0'), true);
    assert.equal(semverCompatible('a:b/c@0.1.0', 'a:b/c@0.2.0'), false);
    assert.equal(semverCompatible('a:b/c@0.0.1', 'a:b/c@0.0.2'), false);
    assert.equal(semverCompatible('a:b/c@1.0.0-rc', 'a:b/c@1.0.0'), false);
    assert.equal(semverCompatible('a:b/c', 'a:b/c'), true);
  });
});

describe('the example pipeline, composed', async () => {
  const noC = await cToolchainProblem();
  const wac = await findTool('wac');
  let files: ComponentFile[];
  let dir: string;

  before(async () => {
    if (noC) return;
    dir = tempCopy(join(examplesDir, 'pipeline'));
    const paths: string[] = [];
    for (const part of ['host', 'plugin']) {
      const built = await buildProject((await detectProjectOnDisk(join(dir, part))) as Project);
      assert.ok(built.ok && built.output, built.message);
      paths.push(built.output);
    }
    const loaded = await loadComponents(instanceNames(paths).map((name, i) => ({ name, path: paths[i] })));
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
    files = loaded.value;
  });

  test('the plan: the host`s plugin import from the plugin, WASI stays imported; composed, it runs as the two do', { skip: noC }, async () => {
    const plan = planComposition(files);
    assert.deepEqual([plan.root, plan.problems], ['host', []]);
    const table = plan.imports.map(describeImport);
    assert.ok(table.includes('host imports wit-studio:pipeline/plugin@0.1.0 ← plugin exports it'), table.join('\n'));
    // The types the plugin interface uses, and WASI, stay imports.
    assert.ok(table.includes('host imports wit-studio:text/types@0.1.0 stays an import of the composed component (no component here exports it)'), table.join('\n'));
    assert.ok(plan.imports.every((i) => i.match.kind === 'plugged' || i.name.startsWith('wasi:') || i.name.startsWith('wit-studio:text/')), table.join('\n'));
    assert.equal(wacPlugProblem(plan), undefined);

    const output = join(dir, 'out', 'host.composed.wasm');
    const written = await writePlannedComposition(files, plan, output);
    assert.ok(written.ok, written.ok ? '' : written.message);
    assert.deepEqual([written.value.composer, written.value.exports], ['builtin', ['process']]);
    assert.ok(!written.value.imports.includes('wit-studio:pipeline/plugin@0.1.0'));
    const bytes = new Uint8Array(readFileSync(output));
    assert.deepEqual(innerComponents(bytes), ['plugin', 'host'], 'instantiated providers first');
    assert.equal(innerComponents(files[0].bytes), undefined, 'a component built from sources is no composition');
    assert.match(fusedNote(['host', 'plugin']), /^This component is a composition of 2 components \(host, plugin\): the calls between them happen inside the binary and are not recorded/);

    const run = runComponent(output, { kind: 'invoke', function: 'process', args: '"hello world"' });
    assert.equal((await run.event('result')).wave, PROCESSED);
  });

  test('nothing is written for a plan with problems', { skip: noC }, async () => {
    const plan = planComposition([files[0], { ...files[0], name: 'host-2' }]);
    assert.deepEqual(plan.problems, ['host and host-2 are not imported from by any other component: choose the root (the one whose exports the composition exports)']);
    const output = join(dir, 'out', 'never.wasm');
    assert.deepEqual(await writePlannedComposition(files, plan, output), { ok: false, message: plan.problems[0] });
    assert.equal(existsSync(output), false);
  });

  test('with wac plug', { skip: noC ?? (wac.found ? undefined : 'wac is not installed') }, async () => {
    const plan = planComposition(files);
    const output = join(dir, 'out', 'host.wac.wasm');
    const written = await writePlannedComposition(files, plan, output, wac as FoundTool);
    assert.ok(written.ok, written.ok ? '' : written.message);
    assert.equal(written.value.composer, 'wac');
    const run = runComponent(output, { kind: 'invoke', function: 'process', args: '"hello world"' });
    assert.equal((await run.event('result')).wave, PROCESSED);
  });
});
