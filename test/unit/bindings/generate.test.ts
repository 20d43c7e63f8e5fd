// Generate Bindings outside VS Code: TypeScript guest and host types from the bundled jco for
// every world of the examples, type-checked with the repo's tsc; wit-bindgen's command line
// (with a stand-in script everywhere, with the real tool per language where it is installed);
// and the messages of what cannot be done.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { generateBindings, type BindingsRequest } from '../../../client/src/bindings/generate';
import { BINDING_LANGUAGES, type BindingLanguage } from '../../../client/src/bindings/languages';
import { worldsOfRoot } from '../../../client/src/bindings/worlds';
import { repoRoot } from '../../helpers/paths';
import { examplesDir, tempDir, toolProblem, writeFiles } from '../../helpers/toolchains';

const NO_FEATURES = { features: [], allFeatures: false };

function request(witPath: string, world: string, language: BindingLanguage, outDir: string, more: Partial<BindingsRequest> = {}): BindingsRequest {
  return { language, witPath, world, worldName: world.replace(/^.*\//, '').replace(/@.*$/, ''), outDir, features: NO_FEATURES, ...more };
}

/**
 * tsc's complaints about the `.d.ts` files of a folder (strict, nothing skipped); empty when they
 * type-check. jco's resources are `Disposable` (`[Symbol.dispose]`), hence that library.
 */
function typeCheck(dir: string): string {
  const lib = ['es2022', 'esnext.disposable'];
  const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib, types: [] }, include: ['**/*.d.ts'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  return tsc.status === 0 ? '' : `${tsc.stdout}${tsc.stderr}`.trim() || `tsc exited with ${tsc.status}`;
}

const relativeFiles = (dir: string, files: readonly string[]) => files.map((f) => relative(dir, f));

describe('TypeScript types of the examples (bundled jco)', () => {
  const roots = readdirSync(examplesDir)
    .map((name) => join(examplesDir, name, 'wit'))
    .filter((dir) => existsSync(dir));

  test('the worlds of each example, named as tools select them', async () => {
    const worlds = Object.fromEntries(await Promise.all(roots.map(async (root) => [relative(examplesDir, root), (await worldsOfRoot(root)).map((w) => w.world)])));
    assert.deepEqual(worlds, {
      'c-clock/wit': ['clock'],
      'c-command/wit': ['command'],
      'http-hello/wit': ['hello'],
      'js-plugin/wit': ['plugin'],
      'multi-package/wit': ['text-plugin-host', 'text-plugin', 'host'],
      'pipeline/wit': ['text-plugin', 'host'],
    });
  });

  for (const language of ['ts-guest', 'ts-host'] as const) {
    test(`${language}: every world's types are written and type-check with tsc`, async () => {
      const checked: string[] = [];
      for (const root of roots) {
        for (const { world, name } of await worldsOfRoot(root)) {
          const outDir = join(tempDir(`${language}-`), name);
          const outcome = await generateBindings(request(root, world, language, outDir));
          const what = `${relative(examplesDir, root)} ${world}`;
          assert.ok(outcome.ok, `${what}: ${outcome.ok ? '' : outcome.message}`);
          assert.equal(outcome.main, join(outDir, `${name}.d.ts`), what);
          assert.ok(outcome.files.every((f) => existsSync(f)), what);
          assert.equal(typeCheck(outDir), '', what);
          checked.push(what);
        }
      }
      assert.equal(checked.length, 9);
    });
  }

  test('exact output: the clock as a guest declares its exports; the multi-package host brings every interface it uses', async () => {
    const clockDir = tempDir('clock-');
    const clock = await generateBindings(request(join(examplesDir, 'c-clock/wit'), 'clock', 'ts-guest', clockDir));
    assert.ok(clock.ok);
    assert.deepEqual(relativeFiles(clockDir, clock.files), ['clock.d.ts']);
    const text = readFileSync(join(clockDir, 'clock.d.ts'), 'utf8');
    assert.match(text, /^declare module 'wit-studio:clock\/clock@0\.1\.0' \{$/m);
    for (const line of ['export function nowMs(): bigint;', 'export function tick(): number;', 'export function formatDuration(ms: bigint): string;']) assert.ok(text.includes(`  ${line}\n`), line);

    const hostDir = tempDir('host-');
    const host = await generateBindings(request(join(examplesDir, 'multi-package/wit'), 'host', 'ts-host', hostDir));
    assert.ok(host.ok);
    assert.deepEqual(relativeFiles(hostDir, host.files), [
      'host.d.ts',
      'interfaces/example-log-logging.d.ts',
      'interfaces/example-pipeline-plugin.d.ts',
      'interfaces/example-stats-counts.d.ts',
      'interfaces/example-text-types.d.ts',
    ]);
    assert.equal(host.generator, 'jco types (bundled)');
  });

  test('a world of a dependency or a nested package, by its qualified name', async () => {
    const outDir = tempDir('proxy-');
    const proxy = await generateBindings(request(join(examplesDir, 'http-hello/wit'), 'wasi:http/proxy@0.2.12', 'ts-guest', outDir));
    assert.ok(proxy.ok, proxy.ok ? '' : proxy.message);
    assert.equal(proxy.main, join(outDir, 'proxy.d.ts'));
    assert.equal(typeCheck(outDir), '');
  });

  test('the type check fails on declarations that do not type-check', () => {
    const dir = tempDir('broken-');
    writeFileSync(join(dir, 'broken.d.ts'), 'export function f(): Nope;\n');
    assert.match(typeCheck(dir), /broken\.d\.ts\(1,22\): error TS2304: Cannot find name 'Nope'\./);
  });

  test('an unknown world and a missing WIT folder are failures with the reason', async () => {
    const unknown = await generateBindings(request(join(examplesDir, 'c-clock/wit'), 'nope', 'ts-host', tempDir('nope-')));
    assert.deepEqual(unknown.ok ? undefined : unknown.message.split('\n')[0], 'jco types failed: World `nope` not found in package `wit-studio:clock@0.1.0`');
    const missing = await generateBindings(request(join(examplesDir, 'nowhere'), 'clock', 'ts-guest', tempDir('nowhere-')));
    assert.deepEqual(missing, { ok: false, message: `The WIT path ${join(examplesDir, 'nowhere')} does not exist.` });
  });
});

describe('wit-bindgen', async () => {
  const noWitBindgen = await toolProblem('wit-bindgen');

  test('a stand-in wit-bindgen at the configured path gets the argument array, and the files it says it generated are the result', async () => {
    const dir = tempDir('fake-wit-bindgen-');
    const argsFile = join(dir, 'args.txt');
    // Prints what wit-bindgen prints (a Rust debug string per file) and writes the file.
    writeFiles(dir, { 'bin/wit-bindgen': `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho '// generated' > text_plugin.rs\necho "Generating \\"$PWD/text_plugin.rs\\"" >&2\n` }, 0o755);
    const outDir = join(dir, 'out');
    const root = join(examplesDir, 'pipeline/wit');
    const outcome = await generateBindings(request(root, 'text-plugin', 'rust', outDir, { tools: { witBindgen: join(dir, 'bin/wit-bindgen') }, features: { features: ['a', 'b'], allFeatures: false } }));
    assert.deepEqual(outcome, { ok: true, generator: `wit-bindgen rust (${join(dir, 'bin/wit-bindgen')})`, files: [join(outDir, 'text_plugin.rs')], main: join(outDir, 'text_plugin.rs') });
    assert.deepEqual(readFileSync(argsFile, 'utf8').trim().split('\n'), ['rust', root, '--world', 'text-plugin', '--out-dir', outDir, '--generate-all', '--features', 'a,b']);
  });

  test('a failing wit-bindgen is a failure with its message', async () => {
    const dir = tempDir('failing-wit-bindgen-');
    writeFiles(dir, { 'wit-bindgen': "#!/bin/sh\necho 'error: no world named `x`' >&2\nexit 1\n" }, 0o755);
    const outcome = await generateBindings(request(join(examplesDir, 'c-clock/wit'), 'x', 'c', join(dir, 'out'), { tools: { witBindgen: join(dir, 'wit-bindgen') } }));
    assert.deepEqual(outcome, { ok: false, message: 'wit-bindgen c failed (exit code 1): error: no world named `x`' });
  });

  test('a missing wit-bindgen says how to install it and which setting points at it', async () => {
    const nowhere = join(tempDir('no-wit-bindgen-'), 'wit-bindgen');
    const outcome = await generateBindings(request(join(examplesDir, 'c-clock/wit'), 'clock', 'go', tempDir('go-'), { tools: { witBindgen: nowhere } }));
    assert.equal(outcome.ok, false);
    assert.equal(
      outcome.ok ? '' : outcome.message,
      `wit-bindgen generates bindings for Rust, C, C++, Go, C# and MoonBit (\`wit-bindgen <language>\`), but it was not found at ${nowhere} (no such file), the path set in \`wit.toolchains.witBindgen\`. Install: cargo install wit-bindgen-cli --locked. See https://github.com/bytecodealliance/wit-bindgen, or set \`wit.toolchains.witBindgen\` to its path.`,
    );
    assert.equal(outcome.ok ? undefined : outcome.missingTool?.setting, 'wit.toolchains.witBindgen');
  });

  for (const language of BINDING_LANGUAGES.filter((l) => l.generator.kind === 'wit-bindgen')) {
    test(`the real wit-bindgen: ${language.label} bindings of the pipeline's plugin world`, { skip: noWitBindgen }, async () => {
      const outDir = tempDir(`wit-bindgen-${language.id}-`);
      const outcome = await generateBindings(request(join(examplesDir, 'pipeline/wit'), 'text-plugin', language.id, outDir));
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
      assert.ok(outcome.files.length > 0 && outcome.files.every((f) => f.startsWith(outDir) && existsSync(f)), outcome.files.join(', '));
      assert.ok(outcome.main && language.mainExtensions.some((ext) => outcome.main!.endsWith(ext)), outcome.main);
    });
  }
});
