import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createSnapshot } from '../../../server/src/features/snapshot';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import {
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  SEMANTIC_TOKENS_LEGEND,
  semanticTokens,
} from '../../../server/src/features/semanticTokens';
import { snapshotOf } from '../../helpers/check';
import { fixturesDir } from '../../helpers/paths';

/** `[text, type, ...modifiers]` per token, in order; checks order and overlap on the way. */
function dump(source: string, file?: string): string[][] {
  const { snapshot, fixture } = snapshotOf(source);
  const path = file ?? [...fixture.files.keys()][0]!;
  const text = fixture.files.get(path)!;
  const tokens = semanticTokens(snapshot, path);
  let end = 0;
  for (const t of tokens) {
    assert.ok(t.start >= end, `token at ${t.start} overlaps the previous one`);
    assert.ok(t.length > 0);
    end = t.start + t.length;
  }
  return tokens.map((t) => [text.slice(t.start, t.start + t.length), t.type, ...t.modifiers]);
}

describe('semantic tokens', () => {
  test('the legend lists every type and modifier once', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND.tokenTypes, SEMANTIC_TOKEN_TYPES);
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND.tokenModifiers, ['declaration', 'deprecated', 'defaultLibrary']);
    assert.equal(new Set(SEMANTIC_TOKEN_TYPES).size, SEMANTIC_TOKEN_TYPES.length);
    assert.equal(new Set(SEMANTIC_TOKEN_MODIFIERS).size, SEMANTIC_TOKEN_MODIFIERS.length);
  });

  test('declarations and references of every kind', () => {
    assert.deepEqual(
      dump(`
        package a:b@1.0.0;
        interface shapes {
          record point { x: s32, y: s32 }
          variant shape { circle(u32), dot }
          enum color { red, green }
          flags perms { read, write }
          resource canvas {
            constructor(size: u32);
            draw: func(p: point, s: shape) -> color;
            make: static func() -> canvas;
          }
          type points = list<point>;
          area: func(s: shape, perms: perms) -> f64;
        }
      `),
      [
        ['a', 'namespace', 'declaration'],
        ['b', 'namespace', 'declaration'],
        ['shapes', 'interface', 'declaration'],
        ['point', 'struct', 'declaration'],
        ['x', 'property', 'declaration'],
        ['y', 'property', 'declaration'],
        ['shape', 'enum', 'declaration'],
        ['circle', 'enumMember', 'declaration'],
        ['dot', 'enumMember', 'declaration'],
        ['color', 'enum', 'declaration'],
        ['red', 'enumMember', 'declaration'],
        ['green', 'enumMember', 'declaration'],
        ['perms', 'enum', 'declaration'],
        ['read', 'enumMember', 'declaration'],
        ['write', 'enumMember', 'declaration'],
        ['canvas', 'class', 'declaration'],
        ['constructor', 'method', 'declaration'],
        ['size', 'parameter', 'declaration'],
        ['draw', 'method', 'declaration'],
        ['p', 'parameter', 'declaration'],
        ['point', 'struct'],
        ['s', 'parameter', 'declaration'],
        ['shape', 'enum'],
        ['color', 'enum'],
        ['make', 'method', 'declaration'],
        ['canvas', 'class'],
        ['points', 'type', 'declaration'],
        ['point', 'struct'],
        ['area', 'function', 'declaration'],
        ['s', 'parameter', 'declaration'],
        ['shape', 'enum'],
        ['perms', 'parameter', 'declaration'],
        ['perms', 'enum'],
      ],
    );
  });

  test('worlds, imports and exports, includes', () => {
    assert.deepEqual(
      dump(`
        package a:b;
        interface api { type t = u32; }
        world base { import log: func(msg: string); }
        world app {
          include base;
          import api;
          import env: interface { get: func() -> string; }
          export run: func();
          export named: api;
        }
      `),
      [
        ['a', 'namespace', 'declaration'],
        ['b', 'namespace', 'declaration'],
        ['api', 'interface', 'declaration'],
        ['t', 'type', 'declaration'],
        ['base', 'interface', 'declaration'],
        ['log', 'function', 'declaration'],
        ['msg', 'parameter', 'declaration'],
        ['app', 'interface', 'declaration'],
        ['base', 'interface'],
        ['api', 'interface'],
        ['env', 'interface', 'declaration'],
        ['get', 'function', 'declaration'],
        ['run', 'function', 'declaration'],
        ['named', 'interface', 'declaration'],
        ['api', 'interface'],
      ],
    );
  });

  test('use bindings take the type of the original; names from deps/ are the default library', () => {
    const source = `
      //- /ws/a.wit
      package a:b;
      use dep:io/streams@1.0.0 as s;
      interface j {
        use dep:io/streams@1.0.0.{input-stream as ins, size};
        use s.{input-stream};
        read: func(x: borrow<ins>, n: size) -> input-stream;
      }
      //- /ws/deps/io.wit
      package dep:io@1.0.0;
      interface streams {
        resource input-stream;
        type size = u64;
      }
    `;
    assert.deepEqual(dump(source), [
      ['a', 'namespace', 'declaration'],
      ['b', 'namespace', 'declaration'],
      ['dep', 'namespace', 'defaultLibrary'],
      ['io', 'namespace', 'defaultLibrary'],
      ['streams', 'interface', 'defaultLibrary'],
      ['s', 'interface', 'declaration', 'defaultLibrary'],
      ['j', 'interface', 'declaration'],
      ['dep', 'namespace', 'defaultLibrary'],
      ['io', 'namespace', 'defaultLibrary'],
      ['streams', 'interface', 'defaultLibrary'],
      ['input-stream', 'class', 'defaultLibrary'],
      ['ins', 'class', 'declaration', 'defaultLibrary'],
      ['size', 'type', 'defaultLibrary'],
      ['s', 'interface', 'defaultLibrary'],
      ['input-stream', 'class', 'defaultLibrary'],
      ['read', 'function', 'declaration'],
      ['x', 'parameter', 'declaration'],
      ['ins', 'class', 'defaultLibrary'],
      ['n', 'parameter', 'declaration'],
      ['size', 'type', 'defaultLibrary'],
      ['input-stream', 'class', 'defaultLibrary'],
    ]);
    // Inside the dependency, its own declarations are library names too.
    assert.deepEqual(dump(source, '/ws/deps/io.wit'), [
      ['dep', 'namespace', 'declaration', 'defaultLibrary'],
      ['io', 'namespace', 'declaration', 'defaultLibrary'],
      ['streams', 'interface', 'declaration', 'defaultLibrary'],
      ['input-stream', 'class', 'declaration', 'defaultLibrary'],
      ['size', 'type', 'declaration', 'defaultLibrary'],
    ]);
  });

  test('deprecated items, at their declaration and at every use', () => {
    assert.deepEqual(
      dump(`
        package a:b@2.0.0;
        interface i {
          @since(version = 1.0.0)
          @deprecated(version = 2.0.0)
          type old = u32;
          @since(version = 1.0.0)
          @deprecated(version = 2.0.0)
          legacy: func(x: old);
        }
        interface j { use i.{old}; type t = old; }
      `).slice(3),
      [
        ['old', 'type', 'declaration', 'deprecated'],
        ['legacy', 'function', 'declaration', 'deprecated'],
        ['x', 'parameter', 'declaration'],
        ['old', 'type', 'deprecated'],
        ['j', 'interface', 'declaration'],
        ['i', 'interface'],
        ['old', 'type', 'deprecated'],
        ['t', 'type', 'declaration'],
        ['old', 'type', 'deprecated'],
      ],
    );
  });

  test('explicit %names cover their %', () => {
    assert.deepEqual(
      dump(`
        package a:b;
        interface %interface {
          record %record { %type: u32 }
          %func: func(%list: %record);
        }
      `).slice(2),
      [
        ['%interface', 'interface', 'declaration'],
        ['%record', 'struct', 'declaration'],
        ['%type', 'property', 'declaration'],
        ['%func', 'function', 'declaration'],
        ['%list', 'parameter', 'declaration'],
        ['%record', 'struct'],
      ],
    );
  });

  test('nested packages', () => {
    assert.deepEqual(
      dump(`
        package x:y { interface i { type t = u8; } }
        package a:b { interface j { use x:y/i.{t}; } }
      `),
      [
        ['x', 'namespace', 'declaration'],
        ['y', 'namespace', 'declaration'],
        ['i', 'interface', 'declaration'],
        ['t', 'type', 'declaration'],
        ['a', 'namespace', 'declaration'],
        ['b', 'namespace', 'declaration'],
        ['j', 'interface', 'declaration'],
        ['x', 'namespace'],
        ['y', 'namespace'],
        ['i', 'interface'],
        ['t', 'type'],
      ],
    );
  });

  test('broken files: what parsed is still tokenised, unknown names are not', () => {
    assert.deepEqual(
      dump(`
        package a:b;
        interface i {
          record r { x: nope, y: }
          f: func(a: r
          type t = r;
        }
        world w { import
      `),
      [
        ['a', 'namespace', 'declaration'],
        ['b', 'namespace', 'declaration'],
        ['i', 'interface', 'declaration'],
        ['r', 'struct', 'declaration'],
        ['x', 'property', 'declaration'],
        ['y', 'property', 'declaration'],
        ['f', 'function', 'declaration'],
        ['a', 'parameter', 'declaration'],
        ['r', 'struct'],
        ['t', 'type', 'declaration'],
        ['r', 'struct'],
        ['w', 'interface', 'declaration'],
      ],
    );
    assert.deepEqual(dump('package'), []);
    assert.deepEqual(dump(''), []);
  });
});

describe('semantic tokens on every prefix of the syntax fixtures', () => {
  for (const name of ['all-syntax', 'broken-lexical', 'broken-statements', 'broken-structure']) {
    test(`${name}.wit never throws, stays sorted and disjoint`, () => {
      const text = readFileSync(join(fixturesDir, 'syntax', `${name}.wit`), 'utf8');
      for (let n = 0; n <= text.length; n += 7) {
        const files = new Map([['/ws/main.wit', text.slice(0, n)]]);
        const snapshot = createSnapshot(analyzeRoot(new MemoryFileSystem(files), '/ws', { features: new Set(), allFeatures: true }));
        let end = 0;
        for (const t of semanticTokens(snapshot, '/ws/main.wit')) {
          assert.ok(t.start >= end && t.length > 0 && t.start + t.length <= n, `prefix ${n}`);
          end = t.start + t.length;
        }
      }
    });
  }
});
