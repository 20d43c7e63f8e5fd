// Tests for the reading of `.wasm` files (server/src/syntax/binary/wasmInfo.ts) on real binaries:
// components that jco builds here from worlds importing the WASI releases shipped with it
// (`componentEmbed` + `componentNew`), core modules (embedded WIT, and WAT through `parse`), a
// WIT package from the fixtures, and corrupt bytes. jco (wasm-tools inside) is the reference:
// the world we decode prints as `component wit` prints it, the WIT with its dependencies is
// accepted by wit-parser, producers agree with `metadata show`, and error messages agree with
// wasmparser's.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { inspectWasm, type Inspection, type InterfaceView, type WasmError, type WasmInfo, type WitDecode, type WorldItemView } from '../../../server/src/syntax/binary/wasmInfo';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { decodeWitPackage } from '../../../server/src/syntax/witPackageBinary';
import { fixturesDir, repoRoot } from '../../helpers/paths';

type Jco = typeof import('@bytecodealliance/jco');
let jco: Jco;

before(async () => {
  jco = await import('@bytecodealliance/jco');
});

const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');

/** WASI packages shipped with jco, as nested `package … { … }` blocks to append to a WIT source. */
function wasi(version: '0.2.12' | '0.3.0', ...packages: string[]): string {
  return packages
    .map((p) => readFileSync(join(builtin, version, `wasi-${p}`, 'package.wit'), 'utf8').replace(/^package ([^;]+);/m, 'package $1 {') + '\n}\n')
    .join('\n');
}

const WASI_02 = (): string => wasi('0.2.12', 'cli', 'clocks', 'filesystem', 'io', 'random', 'sockets', 'http');

const APP = `package demo:app@1.0.0;

/// A greeter.
interface greet {
  /// A person.
  record person { name: string, age: u32 }
  /// Says hello.
  hello: func(who: person) -> string;
}

/// The app world.
world app {
  import wasi:filesystem/preopens@0.2.12;
  import wasi:sockets/tcp@0.2.12;
  import wasi:cli/environment@0.2.12;
  import wasi:clocks/wall-clock@0.2.12;
  import wasi:random/random@0.2.12;
  import log: func(msg: string);
  export greet;
  export run: func() -> result;
}
`;

const RESOURCES = `package demo:res@0.1.0;
interface store {
  use wasi:io/streams@0.2.12.{input-stream};
  use wasi:clocks/wall-clock@0.2.12.{datetime};
  resource bucket {
    constructor(name: string);
    get: func(key: string) -> option<list<u8>>;
    open: static func(name: string) -> result<bucket, string>;
    read: func() -> input-stream;
    modified: func() -> datetime;
  }
  flags perms { read, write }
  enum kind { a, b }
  variant v { x(u32), y }
  type alias = list<tuple<string, u8>>;
  make: func(p: perms, k: kind, v: v, a: alias) -> bucket;
}
world w {
  import wasi:cli/stdin@0.2.12;
  import wasi:cli/exit@0.2.12;
  import wasi:cli/terminal-stdout@0.2.12;
  import my:host/logger@1.0.0;
  import store;
  export store;
  export wasi:cli/run@0.2.12;
  resource r { m: func(); }
  export make-r: func() -> r;
}
package my:host@1.0.0 { interface logger { log: func(msg: string); } }
`;

const P3 = `package demo:p3;
world w {
  import wasi:cli/stdin@0.3.0;
  import wasi:cli/stdout@0.3.0;
  import wasi:cli/environment@0.3.0;
  import wasi:filesystem/preopens@0.3.0;
  import wasi:sockets/types@0.3.0;
  import wasi:http/client@0.3.0;
  import wasi:clocks/system-clock@0.3.0;
  import wasi:random/insecure@0.3.0;
  export wasi:http/handler@0.3.0;
}
`;

async function embed(source: string, world: string): Promise<Uint8Array> {
  return jco.componentEmbed({ witSource: source, world, dummy: true });
}

async function component(source: string, world: string): Promise<Uint8Array> {
  return jco.componentNew(await embed(source, world));
}

function ok(i: Inspection): WasmInfo {
  if (!i.ok) assert.fail(`expected the binary to be read, got: ${i.message}`);
  return i;
}

function failed(i: Inspection): WasmError {
  if (i.ok) assert.fail(`expected an error, got a ${i.kind}`);
  return i;
}

function decoded(info: WasmInfo): Extract<WitDecode, { ok: true }> {
  if (!info.wit) assert.fail('no WIT decoded');
  if (!info.wit.ok) assert.fail(`the WIT did not decode: ${info.wit.message}`);
  return info.wit;
}

/** jco's error for bytes, as wasmparser words it (without the `component wit` preamble). */
async function referenceError(bytes: Uint8Array): Promise<string> {
  try {
    await jco.componentWit(bytes);
    return 'OK';
  } catch (e) {
    return String((e as Error).message ?? e).replace(/^Failed to decode wit component\n/, '');
  }
}

/** The world's import names in the order `component wit` prints them. */
function printedImports(wit: string): string[] {
  return [...wit.matchAll(/^ {2}import (.+?)(?:;$|: )/gm)].map((m) => m[1]);
}

/** The WIT resolves in our own analyzer and in wit-parser (jco) with no error. */
async function assertResolves(text: string, world: string): Promise<void> {
  const fs = new MemoryFileSystem({ '/w/root.wit': text });
  const analysis = analyzeRoot(fs, '/w', { features: new Set(), allFeatures: false });
  assert.deepEqual(analysis.diagnostics.map((d) => d.message), []);
  await jco.componentEmbed({ witSource: text, world, dummy: true });
}

function iface(items: WorldItemView[], name: string): InterfaceView {
  const item = items.find((i) => i.name === name);
  if (item?.kind !== 'interface') assert.fail(`no interface ${name} among ${items.map((i) => i.name).join(', ')}`);
  return item.iface;
}

function leb128Length(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

describe('components', () => {
  let app: Uint8Array;
  before(async () => {
    app = await component(APP + WASI_02(), 'app');
  });

  test('kind, version, component-level imports and exports', async () => {
    const info = ok(inspectWasm(app));
    assert.equal(info.kind, 'component');
    assert.equal(info.version, 0x1000d);
    assert.equal(info.size, app.length);
    assert.deepEqual(
      [...info.imports].sort(),
      [
        'log',
        'wasi:cli/environment@0.2.12',
        'wasi:clocks/monotonic-clock@0.2.12',
        'wasi:clocks/wall-clock@0.2.12',
        'wasi:filesystem/preopens@0.2.12',
        'wasi:filesystem/types@0.2.12',
        'wasi:io/error@0.2.12',
        'wasi:io/poll@0.2.12',
        'wasi:io/streams@0.2.12',
        'wasi:random/random@0.2.12',
        'wasi:sockets/network@0.2.12',
        'wasi:sockets/tcp@0.2.12',
      ],
    );
    assert.deepEqual(info.imports, printedImports(await jco.componentWit(app)));
    assert.deepEqual(info.exports, ['run', 'demo:app/greet@1.0.0']);
    assert.deepEqual(info.coreImports, []);
  });

  test('sections tile the file, with names, sizes and item counts', () => {
    const info = ok(inspectWasm(app));
    let at = 8;
    for (const s of info.sections) {
      assert.equal(s.offset, at, `section ${s.name} at 0x${s.offset.toString(16)}`);
      at = s.offset + 1 + leb128Length(s.size) + s.size;
    }
    assert.equal(at, app.length);
    const names = new Set(info.sections.map((s) => s.name));
    for (const n of ['type', 'import', 'core module', 'core instance', 'alias', 'canonical', 'component', 'instance', 'export', 'custom: producers']) {
      assert.ok(names.has(n), `a ${n} section`);
    }
    const imports = info.sections.filter((s) => s.name === 'import');
    assert.equal(imports.reduce((n, s) => n + (s.count ?? 0), 0), info.imports.length);
    assert.equal(info.sections.find((s) => s.name === 'core module')?.count, undefined);
    assert.deepEqual(
      info.customSections.map((c) => c.name),
      ['component-name', 'producers'],
    );
  });

  test('nested modules with their names and ranges, as metadata-show reports them', async () => {
    const info = ok(inspectWasm(app));
    assert.deepEqual(
      info.nestedModules.map((m) => [m.path, m.name]),
      [
        ['module 0', 'main'],
        ['module 1', 'wit-component-shim-module'],
        ['module 2', 'wit-component-fixup'],
      ],
    );
    assert.equal(info.nestedComponents, 1);
    const shown = await jco.metadataShow(app);
    const modules = shown.filter((m) => m.metaType.tag === 'module');
    assert.deepEqual(
      info.nestedModules.map((m) => [m.offset, m.offset + m.size]),
      modules.map((m) => m.range),
    );
    const main = info.nestedModules[0];
    assert.ok(main.imports > 0 && main.exports > 0);
  });

  test('producers at the top and in nested modules agree with metadata-show', async () => {
    const core = await jco.metadataAdd(await embed('package a:b;\nworld w { export f: func(); }', 'w'), [
      ['language', [['C', '11']]],
      ['sdk', [['wasi-sdk', '22.0']]],
    ]);
    const bytes = await jco.metadataAdd(await jco.componentNew(core), [['processed-by', [['my-tool', '0.1.0']]]]);
    const info = ok(inspectWasm(bytes));
    const shown = await jco.metadataShow(bytes);
    const fields = (p: { language: [string, string][]; processedBy: [string, string][]; sdk: [string, string][] } | undefined) =>
      p ? [['language', p.language], ['processed-by', p.processedBy], ['sdk', p.sdk]].filter(([, v]) => v.length > 0) : [];
    const sorted = (f: unknown[][]) => [...f].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(sorted(fields(info.producers)), sorted(shown[0].producers as unknown[][]));
    const nestedShown = shown.filter((m) => m.metaType.tag === 'module');
    assert.equal(info.nestedProducers.length, nestedShown.length);
    info.nestedProducers.forEach((n, i) => assert.deepEqual(sorted(fields(n.producers)), sorted(nestedShown[i].producers as unknown[][])));
    assert.deepEqual(info.producers?.processedBy.map(([n]) => n), ['wit-component', 'my-tool']);
    assert.deepEqual(info.nestedProducers[0], {
      where: 'module 0',
      producers: { language: [['C', '11']], processedBy: info.nestedProducers[0].producers.processedBy, sdk: [['wasi-sdk', '22.0']] },
    });
  });

  test('its world prints as `component wit` prints it, and the WIT with its dependencies resolves', async () => {
    const wit = decoded(ok(inspectWasm(app)));
    assert.equal(wit.mainText.trimEnd(), (await jco.componentWit(app)).trimEnd());
    assert.ok(wit.text.startsWith(wit.mainText));
    assert.deepEqual(
      wit.dependencies.map((p) => p.name),
      ['wasi:io@0.2.12', 'wasi:clocks@0.2.12', 'wasi:filesystem@0.2.12', 'wasi:sockets@0.2.12', 'wasi:cli@0.2.12', 'wasi:random@0.2.12', 'demo:app@1.0.0'],
    );
    await assertResolves(wit.text, 'root');
  });

  test('the structured world: functions, resources, types', () => {
    const world = decoded(ok(inspectWasm(app))).world;
    assert.ok(world);
    assert.equal(world.id, 'root:component/root');
    const log = world.imports.find((i) => i.name === 'log');
    assert.deepEqual(log?.kind === 'function' && log.func, { name: 'log', signature: 'func(msg: string)', kind: 'freestanding', async: false });
    const fsTypes = iface(world.imports, 'wasi:filesystem/types@0.2.12');
    const descriptor = fsTypes.types.find((t) => t.name === 'descriptor');
    assert.equal(descriptor?.kind, 'resource');
    assert.deepEqual(
      descriptor?.functions.find((f) => f.name === 'read'),
      { name: 'read', signature: 'func(length: filesize, offset: filesize) -> result<tuple<list<u8>, bool>, error-code>', kind: 'method', async: false },
    );
    assert.equal(fsTypes.types.find((t) => t.name === 'error-code')?.kind, 'enum');
    assert.deepEqual(
      fsTypes.types.find((t) => t.name === 'input-stream'),
      { name: 'input-stream', kind: 'use', definition: 'use wasi:io/streams@0.2.12.{input-stream}', functions: [] },
    );
    assert.deepEqual(
      iface(world.imports, 'wasi:cli/environment@0.2.12').functions.map((f) => `${f.name}: ${f.signature}`),
      ['get-environment: func() -> list<tuple<string, string>>', 'get-arguments: func() -> list<string>', 'initial-cwd: func() -> option<string>'],
    );
    const run = world.exports.find((e) => e.name === 'run');
    assert.equal(run?.kind === 'function' && run.func.signature, 'func() -> result');
    const greet = iface(world.exports, 'demo:app/greet@1.0.0');
    assert.deepEqual(greet.types, [{ name: 'person', kind: 'record', definition: 'record person {\n  name: string,\n  age: u32,\n}', functions: [] }]);
    assert.deepEqual(greet.functions, [{ name: 'hello', signature: 'func(who: person) -> string', kind: 'freestanding', async: false }]);
  });

  test('resources, flags, variants and imported types in an exported interface', async () => {
    const bytes = await component(RESOURCES + WASI_02(), 'w');
    const info = ok(inspectWasm(bytes));
    assert.deepEqual(info.exports, ['make-r', 'demo:res/store@0.1.0', 'wasi:cli/run@0.2.12']);
    const wit = decoded(info);
    assert.equal(wit.mainText.trimEnd(), (await jco.componentWit(bytes)).trimEnd());
    await assertResolves(wit.text, 'root');
    const store = iface(wit.world?.exports ?? [], 'demo:res/store@0.1.0');
    const bucket = store.types.find((t) => t.name === 'bucket');
    assert.deepEqual(
      bucket?.functions.map((f) => [f.kind, f.name, f.signature]),
      [
        ['constructor', 'constructor', 'constructor(name: string)'],
        ['method', 'get', 'func(key: string) -> option<list<u8>>'],
        ['static', 'open', 'static func(name: string) -> result<bucket, string>'],
        ['method', 'read', 'func() -> input-stream'],
        ['method', 'modified', 'func() -> datetime'],
      ],
    );
    const def = (name: string) => store.types.find((t) => t.name === name)?.definition;
    assert.equal(def('input-stream'), 'use wasi:io/streams@0.2.12.{input-stream}');
    assert.equal(def('datetime'), 'use wasi:clocks/wall-clock@0.2.12.{datetime}');
    assert.equal(def('perms'), 'flags perms {\n  read,\n  write,\n}');
    assert.equal(def('kind'), 'enum kind {\n  a,\n  b,\n}');
    assert.equal(def('v'), 'variant v {\n  x(u32),\n  y,\n}');
    assert.equal(def('alias'), 'type alias = list<tuple<string, u8>>');
    assert.deepEqual(store.functions.map((f) => f.signature), ['func(p: perms, k: kind, v: v, a: alias) -> bucket']);
    const r = wit.world?.imports.find((i) => i.name === 'r');
    assert.equal(r?.kind === 'type' && r.type.kind, 'resource');
  });

  test('WASI 0.3: async functions, streams and futures', async () => {
    const bytes = await component(P3 + wasi('0.3.0', 'cli', 'clocks', 'filesystem', 'random', 'sockets', 'http'), 'w');
    const info = ok(inspectWasm(bytes));
    assert.deepEqual(info.exports, ['wasi:http/handler@0.3.0']);
    const wit = decoded(info);
    assert.equal(wit.mainText.trimEnd(), (await jco.componentWit(bytes)).trimEnd());
    await assertResolves(wit.text, 'root');
    const stdin = iface(wit.world?.imports ?? [], 'wasi:cli/stdin@0.3.0');
    assert.deepEqual(stdin.functions.map((f) => f.signature), ['func() -> tuple<stream<u8>, future<result<_, error-code>>>']);
    const handler = iface(wit.world?.exports ?? [], 'wasi:http/handler@0.3.0');
    assert.deepEqual(handler.functions, [
      { name: 'handle', signature: 'async func(request: request) -> result<response, error-code>', kind: 'freestanding', async: true },
    ]);
  });

  test('an HTTP proxy and an empty component', async () => {
    const proxy = ok(inspectWasm(await component('package demo:proxy;\nworld w { include wasi:http/proxy@0.2.12; }\n' + WASI_02(), 'w')));
    assert.deepEqual(proxy.exports, ['wasi:http/incoming-handler@0.2.12']);
    assert.ok(proxy.imports.includes('wasi:http/outgoing-handler@0.2.12'));
    const emptyBytes = await component('package demo:e;\nworld w {}\n', 'w');
    const empty = ok(inspectWasm(emptyBytes));
    assert.deepEqual([empty.kind, empty.imports, empty.exports], ['component', [], []]);
    const wit = decoded(empty);
    assert.equal(wit.mainText.trimEnd(), (await jco.componentWit(emptyBytes)).trimEnd());
    assert.deepEqual([wit.world?.imports, wit.world?.exports], [[], []]);
  });
});

describe('core modules', () => {
  test('a module with WIT embedded (component embed): core imports, and the world it carries', async () => {
    const bytes = await embed(APP + WASI_02(), 'app');
    const info = ok(inspectWasm(bytes));
    assert.equal(info.kind, 'module');
    assert.equal(info.version, 1);
    assert.deepEqual([info.imports, info.exports, info.nestedModules], [[], [], []]);
    assert.deepEqual(info.componentTypeSections, ['component-type']);
    assert.ok(info.coreImports.some((i) => i.module === 'cm32p2|wasi:cli/environment@0.2' && i.name === 'get-environment' && i.kind === 'func'));
    assert.deepEqual(info.coreExports.find((e) => e.name === 'cm32p2_memory'), { name: 'cm32p2_memory', kind: 'memory' });
    const wit = decoded(info);
    assert.equal(wit.world?.id, 'demo:app/app@1.0.0');
    assert.deepEqual(wit.world?.exports.map((e) => e.name), ['run', 'demo:app/greet@1.0.0']);
    assert.ok(wit.world?.imports.some((i) => i.name === 'wasi:filesystem/preopens@0.2.12'));
    await assertResolves(wit.text, 'app');
  });

  test('a module from WAT: imports and exports of every kind, producers, sections', async () => {
    const bytes = await jco.parse(`(module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "env" "table" (table 1 funcref))
      (import "env" "memory" (memory 1))
      (import "env" "g" (global (mut i32)))
      (tag $e (param i32))
      (func (export "_start"))
      (global (export "answer") i32 (i32.const 42))
      (export "memory" (memory 0))
      (export "table" (table 0))
      (export "oops" (tag $e))
      (@producers (language "C" "11") (processed-by "clang" "14.0.6"))
    )`);
    const info = ok(inspectWasm(bytes));
    assert.equal(info.kind, 'module');
    assert.deepEqual(info.coreImports, [
      { module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'func' },
      { module: 'env', name: 'table', kind: 'table' },
      { module: 'env', name: 'memory', kind: 'memory' },
      { module: 'env', name: 'g', kind: 'global' },
    ]);
    assert.deepEqual(info.coreExports, [
      { name: '_start', kind: 'func' },
      { name: 'answer', kind: 'global' },
      { name: 'memory', kind: 'memory' },
      { name: 'table', kind: 'table' },
      { name: 'oops', kind: 'tag' },
    ]);
    assert.deepEqual(info.producers, { language: [['C', '11']], processedBy: [['clang', '14.0.6']], sdk: [] });
    assert.deepEqual(
      info.sections.map((s) => [s.name, s.count]),
      [
        ['type', 3],
        ['import', 4],
        ['function', 1],
        ['tag', 1],
        ['global', 1],
        ['export', 5],
        ['code', 1],
        ['custom: producers', undefined],
        ['custom: name', undefined],
      ],
    );
    assert.equal(info.wit, undefined);
  });
});

describe('WIT packages', () => {
  test('a wasm-encoded WIT package (corpus/e.wasm)', () => {
    const bytes = new Uint8Array(readFileSync(join(fixturesDir, 'wasm/corpus/e.wasm')));
    const info = ok(inspectWasm(bytes));
    assert.equal(info.kind, 'wit-package');
    assert.deepEqual([info.imports, info.exports], [[], ['e']]);
    const wit = decoded(info);
    assert.equal(wit.package.name, 'e:e');
    assert.deepEqual(wit.package.interfaces, [{ name: 'e:e/e', types: [], functions: [] }]);
    const reference = decodeWitPackage(bytes);
    assert.ok(reference.ok);
    assert.equal(wit.text, reference.wit);
    assert.equal(wit.world, undefined);
  });
});

describe('corrupt and foreign bytes', () => {
  const header = [0x00, 0x61, 0x73, 0x6d];
  const module = (...rest: number[]) => new Uint8Array([...header, 1, 0, 0, 0, ...rest]);

  test('not WebAssembly: empty, text, WAT, other binary data', () => {
    assert.deepEqual(inspectWasm(new Uint8Array()), {
      ok: false,
      message: 'unexpected end-of-file (at offset 0x0)',
      notWasm: true,
      looksLike: 'empty',
      sections: [],
      size: 0,
    });
    const text = failed(inspectWasm(new TextEncoder().encode('hello world, not wasm')));
    assert.equal(
      text.message,
      'magic header not detected: bad magic number - expected=[\n    0x0,\n    0x61,\n    0x73,\n    0x6d,\n] actual=[\n    0x68,\n    0x65,\n    0x6c,\n    0x6c,\n] (at offset 0x0)',
    );
    assert.deepEqual([text.notWasm, text.looksLike], [true, 'text']);
    assert.equal(failed(inspectWasm(new TextEncoder().encode(';; a module\n(module)'))).looksLike, 'wat');
    assert.equal(failed(inspectWasm(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).looksLike, 'binary');
  });

  test('bad headers', async () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0x00, 0x61, 0x73]), 'unexpected end-of-file (at offset 0x0)'],
      [new Uint8Array([...header, 2, 0, 0, 0]), 'unknown binary version:        0x2 (at offset 0x4)'],
      [new Uint8Array([...header, 1, 0]), 'unexpected end-of-file (at offset 0x4)'],
    ];
    for (const [bytes, message] of cases) {
      const e = failed(inspectWasm(bytes));
      assert.equal(e.message, message);
      assert.equal(e.notWasm, false);
      assert.equal(await referenceError(bytes), message);
    }
  });

  test('malformed sections, with wasmparser’s messages', async () => {
    const cases: [Uint8Array, string][] = [
      [module(0x30, 0), 'malformed section id: 48 (at offset 0xa)'],
      [new Uint8Array([...header, 0x0d, 0, 1, 0, 0x30, 0]), 'malformed section id: 48 (at offset 0xa)'],
      [module(1, 5, 0), 'unexpected end-of-file (at offset 0xa)'],
      [module(7, 1, 0, 1, 1, 0), 'section out of order (at offset 0xd)'],
      [module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0), 'function section has non-zero count but code section is absent (at offset 0x12)'],
      [module(1, 4, 1, 0x60, 0, 0, 10, 4, 1, 2, 0, 0x0b), 'function section is absent but code section has non-zero count (at offset 0x10)'],
      [
        module(1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 7, 2, 2, 0, 0x0b, 2, 0, 0x0b),
        'function and code section have inconsistent lengths (at offset 0x14)',
      ],
      [module(...header, 1, 0, 0, 0), 'expected section, got wasm magic number (at offset 0x8)'],
    ];
    for (const [bytes, message] of cases) {
      assert.equal(failed(inspectWasm(bytes)).message, message);
      assert.equal(await referenceError(bytes), message);
    }
  });

  test('a truncated component: the message and the sections read before it', async () => {
    const bytes = (await component(APP + WASI_02(), 'app')).slice(0, 1000);
    const e = failed(inspectWasm(bytes));
    assert.equal(e.message, 'unexpected end-of-file (at offset 0x110)');
    assert.equal(e.message, await referenceError(bytes));
    assert.deepEqual([e.kind, e.notWasm, e.size], ['component', false, 1000]);
    assert.deepEqual(
      e.sections.map((s) => s.name),
      ['type', 'import', 'type', 'import', 'alias'],
    );
  });

  test('cut anywhere, a component or a module fails as wasmparser fails', async () => {
    const fns = Array.from({ length: 12 }, (_, i) => `(func (export "f${i}") (param i32) (result i32) local.get 0 i32.const ${i * 1000} i32.add)`).join('\n');
    const mod = await jco.parse(`(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory 1) ${fns} (data (i32.const 0) "hello"))`);
    const comp = await component('package a:b;\nworld w { import f: func(s: string) -> string; export g: func(s: string) -> list<u8>; }\n', 'w');
    for (const bytes of [mod, comp]) {
      const info = ok(inspectWasm(bytes));
      // When a file ends between the sections of a nested module or component, wasmparser
      // (which parses them lazily) stops quietly; the inspector says the file ends early.
      const nested = info.sections
        .filter((s) => s.name === 'core module' || s.name === 'component')
        .map((s) => [s.offset + 1 + leb128Length(s.size), s.offset + 1 + leb128Length(s.size) + s.size]);
      const insideNested = (cut: number) => nested.some(([from, to]) => cut >= from && cut < to);
      const mismatches: string[] = [];
      let quiet = 0;
      for (let cut = 0; cut < bytes.length; cut += 3) {
        const part = bytes.slice(0, cut);
        const mine = inspectWasm(part);
        const reference = await referenceError(part);
        const message = mine.ok ? 'OK' : mine.message;
        if (message === reference) continue;
        if (reference === 'OK' && insideNested(cut) && message === `unexpected end-of-file (at offset 0x${cut.toString(16)})`) quiet++;
        else mismatches.push(`${cut}: ${message} | ${reference}`);
      }
      assert.ok(quiet < bytes.length / 30, `${quiet} quiet cuts`);
      assert.deepEqual(mismatches, []);
    }
  });
});
