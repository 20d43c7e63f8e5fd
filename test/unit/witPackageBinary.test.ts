// Tests for the decoder of wasm-encoded WIT packages (server/src/syntax/witPackageBinary.ts)
// and the `.wat` helper (server/src/host/decodeWat.ts).
//
// Binaries come from WebAssembly text through jco's `parse` (wasm-tools' `wat` crate), from
// the test fixtures in test/fixtures/wasm/ (the conformance corpus, wit-component's own
// encoding tests, and a hand-written package covering every construct), and from real WIT
// (the WASI releases shipped in jco) encoded by jco's `componentEmbed`. jco also serves as
// the reference: it runs the real wit-parser, so it tells whether decoded WIT is accepted,
// and its TypeScript generator shows whether the reference's view of a binary and ours agree.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WatError, formatWatError, watToBinary } from '../../server/src/host/decodeWat';
import { analyzeRoot } from '../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { parse } from '../../server/src/syntax/parser';
import {
  ACTUAL_COMPONENT,
  decodeWitPackage,
  decodeWitPackages,
  detectWasm,
  type DecodeWitPackageResult,
} from '../../server/src/syntax/witPackageBinary';
import { fixturesDir, repoRoot } from '../helpers/paths';

type Jco = typeof import('@bytecodealliance/jco');
let jco: Jco;
let scratch: string;

before(async () => {
  jco = await import('@bytecodealliance/jco');
  // jco reads WIT from disk through the WASI shim, whose preopens start empty.
  const { _setPreopens } = await import('@bytecodealliance/preview2-shim/filesystem');
  // (The Node implementation takes host paths; the typings describe the browser one.)
  _setPreopens({ '/': '/' } as unknown as Parameters<typeof _setPreopens>[0]);
  scratch = mkdtempSync(join(tmpdir(), 'wit-binary-'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

const wasmFixtures = join(fixturesDir, 'wasm');
const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');
const noFeatures = { features: new Set<string>(), allFeatures: false };

async function wat(text: string): Promise<Uint8Array> {
  return jco.parse(text);
}

function ok(result: DecodeWitPackageResult): Extract<DecodeWitPackageResult, { ok: true }> {
  if (!result.ok) assert.fail(`expected the binary to decode, got: ${result.message}`);
  return result;
}

function failure(result: DecodeWitPackageResult): string {
  if (result.ok) assert.fail(`expected an error, got:\n${result.wit}`);
  return result.message;
}

/** Diagnostics of our own checker for a package root laid out from `files` (paths under /ws). */
function ourErrors(files: Record<string, string>, allFeatures = false): string[] {
  const fs = new MemoryFileSystem(Object.entries(files).map(([p, t]): [string, string] => [`/ws/${p}`, t]));
  return analyzeRoot(fs, '/ws', { ...noFeatures, allFeatures }).diagnostics.map((d) => `${d.file}:${d.start} ${d.message}`);
}

let dirCount = 0;
/** A package directory on disk for the reference, from `files` (relative paths to contents). */
function packageDir(files: Record<string, string | Uint8Array>): string {
  const dir = join(scratch, `case-${dirCount++}`);
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

/** Whether the reference (wit-parser inside jco) accepts the package directory; its error otherwise. */
async function referenceAccepts(dir: string, world?: string, allFeatures = false): Promise<string> {
  try {
    await jco.componentEmbed({
      witPath: dir,
      dummy: true,
      ...(world ? { world } : {}),
      ...(allFeatures ? { features: { tag: 'all' as const } } : {}),
    });
    return 'ok';
  } catch (e) {
    return `rejected: ${(e as Error).message}`;
  }
}

/** The custom sections of a core module (componentEmbed puts the world's WIT package in one). */
function customSections(bytes: Uint8Array): { name: string; data: Uint8Array }[] {
  const out: { name: string; data: Uint8Array }[] = [];
  let p = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const end = p + len;
    if (id === 0) {
      const nameLen = leb();
      out.push({ name: Buffer.from(bytes.subarray(p, p + nameLen)).toString(), data: bytes.subarray(p + nameLen, end) });
    }
    p = end;
  }
  return out;
}

/**
 * The names a WIT text declares: `iface.type`, `iface.func` (resource functions as
 * `iface.r.f`) and worlds. Items gated by `@unstable` are left out: without features,
 * they are not part of the package that gets encoded.
 */
function declaredNames(text: string): string[] {
  const file = parse(text);
  assert.deepEqual(file.errors, [], 'the WIT should parse');
  const names: string[] = [];
  const gated = (attributes: { kind: string }[]): boolean => attributes.some((a) => a.kind === 'unstable');
  for (const item of file.items) {
    if (item.kind === 'interface' && item.name && !gated(item.attributes)) {
      const iface = item.name.name;
      names.push(iface);
      for (const member of item.items) {
        if (gated(member.attributes)) continue;
        if (member.kind === 'type' && member.name) {
          names.push(`${iface}.${member.name.name}`);
          if (member.type.kind === 'resource') {
            for (const f of member.type.funcs) {
              if (!gated(f.attributes)) names.push(`${iface}.${member.name.name}.${f.name.name}`);
            }
          }
        } else if (member.kind === 'func') {
          names.push(`${iface}.${member.name.name}`);
        } else if (member.kind === 'use') {
          for (const n of member.names) names.push(`${iface}.${(n.as ?? n.name).name}`);
        }
      }
    } else if (item.kind === 'world' && item.name) {
      names.push(`world ${item.name.name}`);
    }
  }
  return names.sort();
}

describe('the conformance corpus', () => {
  const corpus = join(wasmFixtures, 'corpus');

  test('d.wat (WebAssembly text) decodes to package d:d', async () => {
    const decoded = ok(decodeWitPackage(await watToBinary(readFileSync(join(corpus, 'd.wat'), 'utf8'))));
    assert.equal(decoded.wit, 'package d:d;\n\ninterface d {\n}\n\n');
    assert.deepEqual(decoded.main, { name: 'd:d', wit: decoded.wit });
    assert.deepEqual(decoded.dependencies, []);
  });

  test('e.wasm decodes to package e:e', () => {
    const decoded = ok(decodeWitPackage(readFileSync(join(corpus, 'e.wasm'))));
    assert.equal(decoded.wit, 'package e:e;\n\ninterface e {\n}\n\n');
  });

  test("wit-parser's simple-wasm-text.wat decodes to package a:b", async () => {
    const decoded = ok(decodeWitPackage(await watToBinary(readFileSync(join(corpus, 'simple-wasm-text.wat'), 'utf8'))));
    assert.equal(decoded.wit, 'package a:b;\n\ninterface x {\n}\n\n');
  });

  test('the kinds-of-deps case checks clean with the decoded packages as deps', async () => {
    const d = ok(decodeWitPackage(await watToBinary(readFileSync(join(corpus, 'd.wat'), 'utf8'))));
    const e = ok(decodeWitPackage(readFileSync(join(corpus, 'e.wasm'))));
    const files = {
      'a.wit': 'package a:a;\n\nworld a {\n  import b:b/b;\n  import c:c/c;\n  import d:d/d;\n  import e:e/e;\n}\n',
      'deps/b/root.wit': 'package b:b;\n\ninterface b {}\n',
      'deps/c.wit': 'package c:c;\n\ninterface c {}\n',
    };
    assert.deepEqual(ourErrors({ ...files, 'deps/d.wit': d.wit, 'deps/e.wit': e.wit }), []);
    // The reference reads e.wasm itself (this jco build has no `.wat` support).
    const dir = packageDir({ ...files, 'deps/d.wit': d.wit, 'deps/e.wasm': readFileSync(join(corpus, 'e.wasm')) });
    assert.equal(await referenceAccepts(dir), 'ok');
  });
});

describe("wit-component's encoding tests (crates/wit-component/tests/interfaces)", () => {
  const dir = join(wasmFixtures, 'wit-component');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.wat'))
    .map((f) => f.slice(0, -'.wat'.length));

  test('there are fixtures', () => assert.ok(names.length >= 40));

  for (const name of names) {
    test(`${name}: decodes to what WitPrinter prints, and checks clean`, async () => {
      const decoded = ok(decodeWitPackage(await wat(readFileSync(join(dir, `${name}.wat`), 'utf8'))));
      assert.equal(decoded.main.wit, readFileSync(join(dir, `${name}.wit.print`), 'utf8'));
      // With the (partial) packages it uses nested after it, the text stands alone.
      assert.deepEqual(parse(decoded.wit).errors, []);
      assert.deepEqual(ourErrors({ 'root.wit': 'package test:root;\n\nworld r {}\n', 'deps/decoded.wit': decoded.wit }), []);
      assert.equal(await referenceAccepts(packageDir({ 'root.wit': 'package test:root;\n\nworld r {}\n', 'deps/decoded.wit': decoded.wit })), 'ok');
    });
  }
});

describe('a hand-written package with every construct (test/fixtures/wasm/constructs.wat)', () => {
  let bytes: Uint8Array;
  let decoded: Extract<DecodeWitPackageResult, { ok: true }>;
  const expected = readFileSync(join(wasmFixtures, 'constructs.wit'), 'utf8');
  const root = 'package test:root;\n\nworld r {\n  include t:all/w@1.2.3;\n  import t:all/user@1.2.3;\n}\n';

  before(async () => {
    bytes = await wat(readFileSync(join(wasmFixtures, 'constructs.wat'), 'utf8'));
    decoded = ok(decodeWitPackage(bytes));
  });

  test('decodes to constructs.wit', () => {
    assert.equal(decoded.wit, expected);
    assert.equal(decoded.main.name, 't:all@1.2.3');
    assert.deepEqual(
      decoded.dependencies.map((d) => d.name),
      ['dep:pkg@0.1.0'],
    );
    assert.ok(decoded.wit.startsWith(decoded.main.wit.trimEnd()));
    assert.ok(decoded.dependencies[0].wit.startsWith('package dep:pkg@0.1.0;\n\ninterface base {\n'));
  });

  test('covers the constructs (spot checks of the expected text)', () => {
    for (const line of [
      '  type b = a;',
      '    %type: list<u8, 4>,',
      '    err(error-context),',
      '  type t = tuple<s8, s16, s64, u16, u64, char, bool, f64>;',
      '  type m = map<string, u32>;',
      '  type r1 = result;',
      '  type r3 = result<_, u8>;',
      '  type r4 = result<u8, string>;',
      '    constructor(x: u32);',
      '    m: func(y: borrow<res>) -> res;',
      '    s: static func() -> res;',
      '    am: async func();',
      '    %as: static async func() -> future;',
      '    constructor() -> result<res2, string>;',
      '  type h = own<res>;',
      '  type st0 = stream;',
      '  @external-id("types/ext \\"1\\"")',
      '  f1: async func(x: future<u32>) -> stream<string>;',
      '  %world: func(e: error-context, o: o) -> v;',
      '  use types.{a, res as r2};',
      '  use dep:pkg/more@0.1.0.{handles};',
      '  use dep:pkg/base@0.1.0.{kind as dep-kind};',
      '  import x: interface {',
      '  import store: dep:pkg/base@0.1.0;',
      '  use types.{e};',
      '  type my-u32 = u32;',
      '  export y: async func() -> string;',
      '  export exported-inline: interface {',
      '  export dep:pkg/base@0.1.0;',
      '@since(version = 1.0.0)',
      '  @deprecated(version = 1.2.0)',
      '    /// The x.',
    ]) {
      assert.ok(expected.split('\n').includes(line), `expected the line ${JSON.stringify(line)}`);
    }
  });

  test('`unstableGates: true` prints the @unstable gates as `wasm-tools component wit` does', () => {
    const gated = ok(decodeWitPackage(bytes, { unstableGates: true }));
    const withGates = expected
      .replace('  /// A resource.\n  resource res {', '  /// A resource.\n  @unstable(feature = fancy)\n  resource res {')
      .replace('  import types;\n  import dep:pkg/base', '  import types;\n  @unstable(feature = deps)\n  import dep:pkg/base');
    assert.notEqual(withGates, expected);
    assert.equal(gated.wit, withGates);
  });

  test('`docs: false` leaves the doc comments out', () => {
    const bare = ok(decodeWitPackage(bytes, { docs: false }));
    assert.ok(!bare.wit.includes('///'));
    assert.equal(bare.wit, expected.replace(/^ *\/\/\/.*\n/gm, ''));
  });

  test('the reference accepts the binary, and the decoded text, like it, whatever the features', async () => {
    assert.equal(await referenceAccepts(packageDir({ 'root.wit': root, 'deps/all.wasm': bytes }), 'r'), 'ok');
    assert.equal(await referenceAccepts(packageDir({ 'root.wit': root, 'deps/all.wit': decoded.wit }), 'r'), 'ok');
    assert.deepEqual(ourErrors({ 'root.wit': root, 'deps/all.wit': decoded.wit }), []);
    // Printed with its gates, the text would lose the gated items when features are off.
    const gated = ok(decodeWitPackage(bytes, { unstableGates: true })).wit;
    assert.match(
      await referenceAccepts(packageDir({ 'root.wit': root, 'deps/all.wit': gated }), 'r'),
      /excluded due to its feature not being activated/,
    );
    assert.equal(await referenceAccepts(packageDir({ 'root.wit': root, 'deps/all.wit': gated }), 'r', true), 'ok');
    assert.deepEqual(ourErrors({ 'root.wit': root, 'deps/all.wit': gated }, true), []);
  });
});

describe('the v1 encoding (one `ns:pkg/wit` component type)', () => {
  test('decodes interfaces, worlds and foreign uses', async () => {
    const bytes = await wat(`(component
      (type (component
        (type (instance (export "t" (type (sub resource)))))
        (import "dep:x/y" (instance (type 0)))
        (alias export 0 "t" (type))
        (type (instance
          (alias outer 1 1 (type))
          (export "t" (type (eq 0)))
          (type (own 1))
          (type (func (result 2)))
          (export "make" (func (type 3)))))
        (export "old:pkg/iface" (instance (type 2)))
        (type (component (type (func)) (import "go" (func (type 0)))))
        (export "old:pkg/w" (component (type 3)))))
      (export "old:pkg/wit" (type 0)))`);
    const decoded = ok(decodeWitPackage(bytes));
    assert.equal(
      decoded.wit,
      'package old:pkg;\n\ninterface iface {\n  use dep:x/y.{t};\n\n  make: func() -> t;\n}\n\n' +
        'world w {\n  import go: func();\n}\n' +
        'package dep:x {\n  interface y {\n    resource t;\n  }\n}\n',
    );
  });
});

describe('one instance type used twice', () => {
  test('each import gets its own resources (wasmparser freshens them)', async () => {
    const bytes = await wat(`(component
      (type (component
        (type (component
          (type (instance (export "r" (type (sub resource)))))
          (import "a:b/x" (instance (type 0)))
          (import "a:b/y" (instance (type 0)))))
        (export "a:c/w" (component (type 0)))))
      (export "w" (type 0)))`);
    const decoded = ok(decodeWitPackage(bytes));
    assert.equal(
      decoded.wit,
      'package a:c;\n\nworld w {\n  import a:b/x;\n  import a:b/y;\n}\n' +
        'package a:b {\n  interface x {\n    resource r;\n  }\n  interface y {\n    resource r;\n  }\n}\n',
    );
    const root = 'package test:root;\n\nworld r {\n  include a:c/w;\n}\n';
    assert.equal(await referenceAccepts(packageDir({ 'root.wit': root, 'deps/x.wasm': bytes }), 'r'), 'ok');
  });
});

describe('binaries that are not WIT packages, with wit-parser’s messages', () => {
  test('no bytes', () => {
    assert.equal(failure(decodeWitPackage(new Uint8Array())), 'unexpected end-of-file (at offset 0x0)');
  });

  test('a bad magic number', () => {
    assert.equal(
      failure(decodeWitPackage(new TextEncoder().encode('hello world!'))),
      'magic header not detected: bad magic number - expected=[\n    0x0,\n    0x61,\n    0x73,\n    0x6d,\n] ' +
        'actual=[\n    0x68,\n    0x65,\n    0x6c,\n    0x6c,\n] (at offset 0x0)',
    );
  });

  test('an unknown version', () => {
    assert.equal(
      failure(decodeWitPackage(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))),
      'unknown binary version:        0x2 (at offset 0x4)',
    );
  });

  test('a truncated package', () => {
    const e = readFileSync(join(wasmFixtures, 'corpus/e.wasm'));
    assert.equal(failure(decodeWitPackage(e.subarray(0, 20))), 'unexpected end-of-file (at offset 0xa)');
    assert.equal(failure(decodeWitPackage(e.subarray(0, 6))), 'unexpected end-of-file (at offset 0x4)');
  });

  test('bytes after the sections that make no section', () => {
    const e = readFileSync(join(wasmFixtures, 'corpus/e.wasm'));
    const doubled = new Uint8Array([...e, ...e]);
    assert.equal(failure(decodeWitPackage(doubled)), `expected section, got wasm magic number (at offset 0x${e.length.toString(16)})`);
  });

  test('an unknown section, and a nested module with a bad header', () => {
    const e = readFileSync(join(wasmFixtures, 'corpus/e.wasm'));
    assert.equal(e.length, 0x23);
    assert.equal(failure(decodeWitPackage(new Uint8Array([...e, 0x0c, 0x00]))), 'malformed section id: 12 (at offset 0x25)');
    assert.equal(
      failure(decodeWitPackage(new Uint8Array([...e, 0x01, 0x08, 1, 2, 3, 4, 5, 6, 7, 8]))),
      'magic header not detected: bad magic number - expected=[\n    0x0,\n    0x61,\n    0x73,\n    0x6d,\n] ' +
        'actual=[\n    0x1,\n    0x2,\n    0x3,\n    0x4,\n] (at offset 0x25)',
    );
  });

  test('a core module', async () => {
    assert.equal(failure(decodeWitPackage(await wat('(module (func (export "f")))'))), ACTUAL_COMPONENT);
    assert.equal(ACTUAL_COMPONENT, 'found an actual component instead of an encoded WIT package in wasm');
  });

  test('a real component', async () => {
    const core = await jco.componentEmbed({ witSource: 'package a:b;\n\nworld w {\n  export f: func();\n}\n', dummy: true });
    const component = await jco.componentNew(core);
    assert.equal(failure(decodeWitPackage(component)), ACTUAL_COMPONENT);
    assert.equal(failure(decodeWitPackage(await wat('(component)'))), ACTUAL_COMPONENT);
    assert.equal(failure(decodeWitPackage(await wat('(component (import "f" (func)))'))), ACTUAL_COMPONENT);
  });

  test('a component exporting a type that is not a component type', async () => {
    assert.equal(
      failure(decodeWitPackage(await wat('(component (type (record (field "a" u32))) (export "r" (type 0)))'))),
      'component export `r` was not a function or instance',
    );
  });

  test('package-level errors of the decoder', async () => {
    assert.equal(
      failure(decodeWitPackage(await wat('(component (type (component)) (export "c" (type 0)))'))),
      'Expected a single export, but found 0 instead',
    );
    assert.equal(
      failure(
        decodeWitPackage(
          await wat(`(component
            (type (component (type (instance)) (export "a:b/c" (instance (type 0))) (export "a:b/d" (instance (type 0)))))
            (export "c" (type 0)))`),
        ),
      ),
      'Expected a single export, but found 2 instead',
    );
    assert.equal(
      failure(
        decodeWitPackage(
          await wat(`(component
            (type (component (type (instance)) (export "a:b/c" (instance (type 0)))))
            (export "c" (type 0))
            (type (component (type (instance)) (export "x:y/d" (instance (type 0)))))
            (export "d" (type 2)))`),
        ),
      ),
      'item defined with mismatched package name',
    );
    assert.equal(
      failure(
        decodeWitPackage(await wat('(component (type (component (type (instance)) (export "c" (instance (type 0))))) (export "c" (type 0)))')),
      ),
      'expected world name to be fully qualified',
    );
    const world = await wat(`(component
      (type (component (type (component (import "v" (value u32)))) (export "a:b/w" (component (type 0)))))
      (export "w" (type 0)))`);
    assert.equal(failure(decodeWitPackage(world)), 'component import `v` is not an instance, func, or type');
  });

  test('validation errors, as wasmparser words them', async () => {
    const anonymousRecord = await wat(`(component
      (type (component
        (type (instance (type (record (field "a" u32))) (type (func (param "x" 0))) (export "f" (func (type 1)))))
        (export "a:b/c" (instance (type 0)))))
      (export "c" (type 0)))`);
    assert.equal(failure(decodeWitPackage(anonymousRecord)), 'instance not valid to be used as export (at offset 0xb)');
    const unknownResource = await wat(`(component
      (type (component (type (instance (type (func)) (export "[static]r.f" (func (type 0))))) (export "a:b/c" (instance (type 0)))))
      (export "c" (type 0)))`);
    assert.equal(
      failure(decodeWitPackage(unknownResource)),
      'export name `[static]r.f` is not valid\nstatic resource name is not known in this context (at offset 0xb)',
    );
  });

  test('errors inside the decoding carry their contexts', async () => {
    // An interface whose component type imports something other than an instance.
    const bytes = await wat(`(component
      (type (component
        (type (func))
        (import "f" (func (type 0)))
        (type (instance))
        (export "a:b/c" (instance (type 1)))))
      (export "c" (type 0)))`);
    const result = decodeWitPackage(bytes);
    assert.ok(!result.ok);
    if (!result.ok) {
      assert.deepEqual(result.causes, ['failed to process import `f`', 'import `f` is not an instance']);
      assert.equal(result.message, 'failed to process import `f`: import `f` is not an instance');
    }
  });
});

describe('real WIT packages (the WASI releases in jco), encoded by wit-component', () => {
  const releases = ['0.2.12', '0.3.0'];
  for (const release of releases) {
    const packages = readdirSync(join(builtin, release));
    for (const pkg of packages) {
      const text = readFileSync(join(builtin, release, pkg, 'package.wit'), 'utf8');
      for (const [, world] of text.matchAll(/^world ([\w-]+)/gm)) {
        test(`WASI ${release} ${pkg}, world ${world}: decodes, is accepted, and keeps the names`, async () => {
          const deps = Object.fromEntries(
            packages
              .filter((other) => other !== pkg)
              .map((other) => [`deps/${other}.wit`, readFileSync(join(builtin, release, other, 'package.wit'), 'utf8')]),
          );
          const source = packageDir({ 'package.wit': text, ...deps });
          const core = await jco.componentEmbed({ witPath: source, world, dummy: true });
          const section = customSections(core).find((s) => s.name.startsWith('component-type'));
          assert.ok(section, 'componentEmbed adds a component-type section');
          const decoded = ok(decodeWitPackage(section.data));

          // The decoded package, with the original other packages as deps, is accepted.
          const packageName = /^package ([^;]+);/m.exec(text)?.[1] as string;
          const [id, version] = packageName.split('@');
          const root = `package test:root;\n\nworld r {\n  include ${id}/${world}@${version};\n}\n`;
          assert.equal(await referenceAccepts(packageDir({ 'root.wit': root, 'deps/decoded.wit': decoded.main.wit, ...deps }), 'r'), 'ok');
          assert.deepEqual(ourErrors({ 'root.wit': root, 'deps/decoded.wit': decoded.main.wit, ...deps }), []);

          // Its interfaces declare the same types and functions as the original ones.
          const original = new Set(declaredNames(text));
          for (const name of declaredNames(decoded.main.wit)) {
            if (!name.startsWith('world ')) assert.ok(original.has(name), `${name} is declared by the original`);
          }
          const decodedInterfaces = new Set(declaredNames(decoded.main.wit).filter((n) => !n.includes('.') && !n.startsWith('world ')));
          for (const name of original) {
            if (decodedInterfaces.has(name.split('.')[0])) assert.ok(declaredNames(decoded.main.wit).includes(name), `${name} is decoded`);
          }

          // The reference's reading of the binary and ours agree on every type and function:
          // jco's TypeScript generator writes the same declarations from both.
          const fromBinary = await jco.types(packageDir({ 'root.wit': root, 'deps/x.wasm': section.data }), { worldName: 'r', name: 'r' });
          const fromText = await jco.types(packageDir({ 'root.wit': root, 'deps/x.wit': decoded.wit }), { worldName: 'r', name: 'r' });
          const text2 = (files: Record<string, Uint8Array>): Record<string, string> =>
            Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString()]));
          assert.deepEqual(text2(fromText), text2(fromBinary));
        });
      }
    }
  }
});

describe('several binaries decoded together (decodeWitPackages)', () => {
  test('packages they share come out once, with the parts each binary shows, as the reference merges them', async () => {
    const release = join(builtin, '0.2.12');
    const wasi = Object.fromEntries(
      readdirSync(release).map((p) => [`deps/${p}.wit`, readFileSync(join(release, p, 'package.wit'), 'utf8')]),
    );
    // wasi:cli's command world, and wasi:http's proxy world (which shows part of wasi:cli).
    const encode = async (pkg: string, world: string): Promise<Uint8Array> => {
      const own = readFileSync(join(release, pkg, 'package.wit'), 'utf8');
      const deps = Object.fromEntries(Object.entries(wasi).filter(([path]) => path !== `deps/${pkg}.wit`));
      const core = await jco.componentEmbed({ witPath: packageDir({ 'package.wit': own, ...deps }), world, dummy: true });
      return (customSections(core).find((s) => s.name.startsWith('component-type')) as { data: Uint8Array }).data;
    };
    const binaries = [await encode('wasi-cli', 'command'), await encode('wasi-http', 'proxy')];
    const root = 'package test:root;\n\nworld r {\n  include wasi:cli/command@0.2.12;\n  include wasi:http/proxy@0.2.12;\n}\n';

    const result = decodeWitPackages(binaries);
    assert.ok(result.ok);
    if (!result.ok) return;
    const names = result.packages.map((p) => p.name);
    assert.deepEqual([...names].sort(), [
      'wasi:cli@0.2.12',
      'wasi:clocks@0.2.12',
      'wasi:filesystem@0.2.12',
      'wasi:http@0.2.12',
      'wasi:io@0.2.12',
      'wasi:random@0.2.12',
      'wasi:sockets@0.2.12',
    ]);
    const texts = Object.fromEntries(result.packages.map((p, i) => [`deps/p${i}.wit`, p.wit]));
    assert.deepEqual(ourErrors({ 'root.wit': root, ...texts }), []);
    // Each binary alone repeats the packages they share: as separate deps they would clash.
    const alone = binaries.map((b) => ok(decodeWitPackage(b)).wit);
    assert.notDeepEqual(ourErrors({ 'root.wit': root, 'deps/a.wit': alone[0], 'deps/b.wit': alone[1] }), []);

    const fromBinaries = packageDir({ 'root.wit': root, 'deps/a.wasm': binaries[0], 'deps/b.wasm': binaries[1] });
    const fromTexts = packageDir({ 'root.wit': root, ...texts });
    assert.equal(await referenceAccepts(fromBinaries, 'r'), 'ok');
    assert.equal(await referenceAccepts(fromTexts, 'r'), 'ok');
    const asText = (files: Record<string, Uint8Array>): Record<string, string> =>
      Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString()]));
    assert.deepEqual(
      asText(await jco.types(fromTexts, { worldName: 'r', name: 'r' })),
      asText(await jco.types(fromBinaries, { worldName: 'r', name: 'r' })),
    );
  });

  test('a binary that fails is named by its index', () => {
    const e = readFileSync(join(wasmFixtures, 'corpus/e.wasm'));
    const result = decodeWitPackages([e, e.subarray(0, 20)]);
    assert.deepEqual(result, {
      ok: false,
      index: 1,
      message: 'unexpected end-of-file (at offset 0xa)',
      causes: ['unexpected end-of-file (at offset 0xa)'],
    });
  });
});

describe('damaged binaries', () => {
  // Deterministic byte mutations and truncations of the fixtures: the decoder must
  // always answer (never throw), and whatever it accepts must print as WIT that parses.
  // (Run against the reference, such mutations were accepted and rejected alike.)
  test('never throw, and print parseable WIT when they decode', async () => {
    const dir = join(wasmFixtures, 'wit-component');
    const seeds: Uint8Array[] = [];
    for (const name of ['resources', 'variants', 'records', 'implements', 'doc-comments', 'use-chain']) {
      seeds.push(await wat(readFileSync(join(dir, `${name}.wat`), 'utf8')));
    }
    seeds.push(await wat(readFileSync(join(wasmFixtures, 'constructs.wat'), 'utf8')));
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(seeds[random(seeds.length)]);
      for (let k = 1 + random(3); k > 0; k--) {
        const at = 8 + random(bytes.length - 8);
        bytes[at] = [random(256), bytes[at] ^ (1 << random(8)), [0, 1, 0x7f, 0x80, 0xff, 0x40][random(6)]][random(3)];
      }
      const input = random(10) === 0 ? bytes.subarray(0, random(bytes.length)) : bytes;
      const result = decodeWitPackage(input);
      if (result.ok) {
        decoded++;
        assert.deepEqual(parse(result.wit).errors, [], result.wit);
      } else {
        assert.ok(result.message.length > 0);
      }
    }
    assert.ok(decoded > 100, `some mutations still decode (${decoded})`);
  });
});

describe('detectWasm (wat::Detect)', () => {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  test('binary, text and WIT', () => {
    assert.equal(detectWasm(new Uint8Array([0, 0x61, 0x73, 0x6d, 1])), 'binary');
    assert.equal(detectWasm(bytes('(component)')), 'text');
    assert.equal(detectWasm(bytes('  ;; comment\n (; block (; nested ;) ;)\t(module)')), 'text');
    assert.equal(detectWasm(bytes('package a:b;')), undefined);
    assert.equal(detectWasm(bytes('/// docs\npackage a:b;')), undefined);
    assert.equal(detectWasm(bytes('(; unterminated')), undefined);
    assert.equal(detectWasm(bytes('')), undefined);
    assert.equal(detectWasm(new Uint8Array([0xff, 0x28])), undefined);
    assert.equal(detectWasm(bytes(';; \u202e\n(component)')), undefined);
  });
});

describe('watToBinary', () => {
  test('turns component text into a binary', async () => {
    const binary = await watToBinary('(component (type (component (export "a:b/c" (instance)))) (export "c" (type 0)))');
    assert.equal(ok(decodeWitPackage(binary)).wit, 'package a:b;\n\ninterface c {\n}\n\n');
  });

  test('reports text errors the way wasm-tools prints them', async () => {
    await assert.rejects(watToBinary('(component\n  (type (func (result "a" u32))))', 'deps/x.wat'), (e: Error) => {
      assert.ok(e instanceof WatError);
      assert.equal(
        e.message,
        'unexpected token, expected one of: `bool`, `s8`, `u8`, `s16`, `u16`, `s32`, `u32`, `s64`, `u64`, `f32`, `f64`, `float32`, `float64`, `char`, `string`, `error-context`\n' +
          '     --> deps/x.wat:2:23\n' +
          '      |\n' +
          '    2 |   (type (func (result "a" u32))))\n' +
          '      |                       ^',
      );
      return true;
    });
  });

  test('formatWatError keeps texts it does not recognize', () => {
    assert.equal(formatWatError('something else'), 'something else');
    assert.equal(
      formatWatError('Error { kind: Wast(Error { inner: ErrorInner { text: None, file: None, span: Span { offset: 7 }, kind: Custom("bad \\"x\\"") } }) }'),
      'bad "x" at byte offset 7',
    );
  });
});
