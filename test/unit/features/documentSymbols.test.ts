import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createSnapshot } from '../../../server/src/features/snapshot';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { documentSymbols, fuzzyMatch, workspaceSymbols, type DocumentSymbol } from '../../../server/src/features/documentSymbols';
import { snapshotOf } from '../../helpers/check';
import { fixturesDir } from '../../helpers/paths';

/** One line per symbol, indented by depth: `kind name: detail`. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail !== undefined ? `: ${s.detail}` : ''}`,
    ...outline(s.children, depth + 1),
  ]);
}

function outlineOf(source: string): string[] {
  const { snapshot, fixture } = snapshotOf(source);
  const file = [...fixture.files.keys()][0]!;
  return outline(documentSymbols(snapshot, file));
}

/** Every symbol's selection lies in its range, and every child's range in its parent's. */
function assertNested(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end, `${s.name}: selection outside range`);
    if (parent) assert.ok(parent.start <= s.start && s.end <= parent.end, `${s.name}: outside ${parent.name}`);
    assertNested(s.children, s);
  }
}

describe('document symbols', () => {
  test('an interface with all kinds of members', () => {
    const source = `
      package a:b@1.0.0;
      interface shapes {
        use other.{thing, thing as alias};
        record point { x: s32, y: list<s32> }
        variant shape { circle(u32), dot }
        enum color { red, green }
        flags perms { read, write }
        resource canvas {
          constructor(size: u32);
          draw: func(p: point) -> result<_, string>;
          make: static func() -> canvas;
        }
        type points = list<point>;
        area: async func(s: shape, %type: option<u8>) -> f64;
      }
      interface other { type thing = u8; }
    `;
    assert.deepEqual(outlineOf(source), [
      'package a:b@1.0.0',
      '  interface shapes',
      '    use thing: other',
      '    use alias: other.{thing}',
      '    record point',
      '      field x: s32',
      '      field y: list<s32>',
      '    variant shape',
      '      case circle: u32',
      '      case dot',
      '    enum color',
      '      case red',
      '      case green',
      '    flags perms',
      '      flag read',
      '      flag write',
      '    resource canvas',
      '      constructor constructor: constructor(size: u32)',
      '      method draw: func(p: point) -> result<_, string>',
      '      method make: static func() -> canvas',
      '    type points: list<point>',
      '    function area: async func(s: shape, %type: option<u8>) -> f64',
      '  interface other',
      '    type thing: u8',
    ]);
    const { snapshot, fixture } = snapshotOf(source);
    assertNested(documentSymbols(snapshot, [...fixture.files.keys()][0]!));
  });

  test('a world: imports and exports with inline interfaces, uses, types', () => {
    assert.deepEqual(
      outlineOf(`
        package a:b;
        use wasi:io/streams@0.2.0 as streams;
        world app {
          use streams.{input-stream};
          record config { name: string }
          import wasi:cli/environment@0.2.0;
          import api;
          import env: interface {
            get: func(key: string) -> option<string>;
          }
          export run: func() -> result;
          export named: api;
          include base;
        }
      `),
      [
        'package a:b',
        '  use streams: wasi:io/streams@0.2.0',
        '  world app',
        '    use input-stream: streams',
        '    record config',
        '      field name: string',
        '    import wasi:cli/environment@0.2.0',
        '    import api',
        '    import env: interface',
        '      function get: func(key: string) -> option<string>',
        '    export run: func() -> result',
        '    export named: api',
      ],
    );
  });

  test('ranges: the declaration with its docs and attributes, selection on the name', () => {
    const { snapshot, fixture, labelled } = snapshotOf(`
      package a:b;
      interface i {
        /// Docs.
      //^^^^^^^^^ record-start
        @since(version = 1.0.0)
        record %record {
        //     ^^^^^^^ name
          x: u32,
        }
      //^ record-end
      }
    `);
    const file = [...fixture.files.keys()][0]!;
    const [pkg] = documentSymbols(snapshot, file);
    const record = pkg!.children[0]!.children[0]!;
    assert.equal(record.name, 'record');
    assert.equal(record.start, labelled('record-start')[0]!.start);
    assert.equal(record.end, labelled('record-end')[0]!.end);
    assert.deepEqual([record.selectionStart, record.selectionEnd], [labelled('name')[0]!.start, labelled('name')[0]!.end]);
    // The package spans the whole file after its header.
    assert.equal(pkg!.start, 0);
    assert.equal(pkg!.end, fixture.files.get(file)!.length);
  });

  test('without a header, nested packages are the roots', () => {
    assert.deepEqual(
      outlineOf(`
        package x:y { interface i { f: func(); } }
        package a:b@1.0.0 { world w { export x:y/i; } }
      `),
      ['package x:y', '  interface i', '    function f: func()', 'package a:b@1.0.0', '  world w', '    export x:y/i'],
    );
  });

  test('broken files keep what parsed', () => {
    const source = `
      package a:b;
      interface i {
        record r { x: , y: u32 }
        f: func(a: u32
        type t = ;
        g:
      }
      world w { import x: func(; export }
      interface {
    `;
    assert.deepEqual(outlineOf(source), [
      'package a:b',
      '  interface i',
      '    record r',
      '      field x: ?',
      '      field y: u32',
      '    function f: func(a: u32)',
      '    type t: ?',
      '    function g: func()',
      '  world w',
      '    import x: func()',
    ]);
    const { snapshot, fixture } = snapshotOf(source);
    assertNested(documentSymbols(snapshot, [...fixture.files.keys()][0]!));
    assert.deepEqual(outlineOf(''), []);
    assert.deepEqual(outlineOf('package'), []);
    assert.deepEqual(outlineOf('package a:'), ['package a:']);
  });
});

describe('workspace symbols', () => {
  const source = `
    //- /ws/a.wit
    package a:b;
    interface http-types {
      record request { method: string }
      resource response;
      handle: func(req: request) -> response;
    }
    world proxy { export handle: func(); }
    //- /ws/deps/io.wit
    package wasi:io@0.2.0;
    interface streams { resource input-stream; resource output-stream; }
  `;

  test('fuzzy, ranked: exact, prefix, substring, then scattered', () => {
    const { snapshot } = snapshotOf(source);
    const found = workspaceSymbols([snapshot], 'req');
    assert.deepEqual(
      found.map((s) => `${s.kind} ${s.name} in ${s.containerName}`),
      ['record request in http-types'],
    );
    assert.deepEqual(
      workspaceSymbols([snapshot], 'Handle').map((s) => `${s.kind} ${s.name} ${s.containerName}`),
      ['function handle http-types', 'export handle proxy'],
    );
    assert.deepEqual(
      workspaceSymbols([snapshot], 'stream').map((s) => s.name),
      ['streams', 'input-stream', 'output-stream'],
    );
    assert.deepEqual(
      workspaceSymbols([snapshot], 'ht').map((s) => s.name),
      ['http-types'],
    );
    assert.deepEqual(
      workspaceSymbols([snapshot], 'ins').map((s) => s.name),
      ['input-stream'],
    );
    assert.deepEqual(workspaceSymbols([snapshot], 'zzz'), []);
  });

  test('locations are the declared names; no parameters; deduplicated over snapshots; capped', () => {
    const { snapshot, fixture } = snapshotOf(source);
    const [request] = workspaceSymbols([snapshot, snapshot], 'request');
    const text = fixture.files.get(request!.file)!;
    assert.equal(text.slice(request!.start, request!.end), 'request');
    assert.equal(workspaceSymbols([snapshot, snapshot], 'request').length, 1);
    assert.ok(!workspaceSymbols([snapshot], 'req').some((s) => s.name === 'req'));
    const all = workspaceSymbols([snapshot], '');
    assert.equal(all.length, 12);
    assert.equal(workspaceSymbols([snapshot], '', 3).length, 3);
  });

  test('fuzzyMatch', () => {
    assert.deepEqual(fuzzyMatch('input-stream', 'input-stream'), { rank: 0, spread: 0 });
    assert.deepEqual(fuzzyMatch('input-stream', 'inp'), { rank: 1, spread: 0 });
    assert.deepEqual(fuzzyMatch('input-stream', 'stream'), { rank: 2, spread: 0 });
    assert.deepEqual(fuzzyMatch('input-stream', 'ist'), { rank: 3, spread: 5 });
    assert.equal(fuzzyMatch('input-stream', 'xs'), undefined);
  });
});

describe('document and workspace symbols on every prefix of the syntax fixtures', () => {
  for (const name of ['all-syntax', 'broken-lexical', 'broken-statements', 'broken-structure']) {
    test(`${name}.wit never throws and keeps children inside their parents`, () => {
      const text = readFileSync(join(fixturesDir, 'syntax', `${name}.wit`), 'utf8');
      for (let n = 0; n <= text.length; n += 7) {
        const files = new Map([['/ws/main.wit', text.slice(0, n)]]);
        const snapshot = createSnapshot(analyzeRoot(new MemoryFileSystem(files), '/ws', { features: new Set(), allFeatures: true }));
        assertNested(documentSymbols(snapshot, '/ws/main.wit'));
        workspaceSymbols([snapshot], 'e');
      }
    });
  }
});
