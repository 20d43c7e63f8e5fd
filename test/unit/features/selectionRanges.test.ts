import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { selectionRanges } from '../../../server/src/features/selectionRanges';
import { parse } from '../../../server/src/syntax/parser';
import { parseFixture } from '../../helpers/fixture';
import { fixturesDir } from '../../helpers/paths';

/** The text of each range of the chain at the cursor, whitespace runs shown as one space. */
function chain(source: string): string[] {
  const fixture = parseFixture(source);
  const text = fixture.files.get('/ws/main.wit')!;
  const [ranges] = selectionRanges(parse(text), [fixture.cursor!.offset]);
  assertChain(ranges!);
  return ranges!.map((r) => text.slice(r.start, r.end).replace(/\s+/g, ' '));
}

function assertChain(ranges: { start: number; end: number }[]): void {
  for (let i = 1; i < ranges.length; i++) {
    const [inner, outer] = [ranges[i - 1]!, ranges[i]!];
    assert.ok(outer.start <= inner.start && inner.end <= outer.end, 'each range contains the previous one');
    assert.ok(outer.start < inner.start || inner.end < outer.end, 'each range is larger than the previous one');
  }
}

const FILE = `
  package a:b;

  /// The API.
  interface api {
    /// Fetches.
    @since(version = 1.0.0)
    fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;
    record r { /* the field */ x: u32 }
  }
`;

describe('selection ranges', () => {
  test('from a name inside a type out to the file', () => {
    assert.deepEqual(chain(FILE.replace('u8,', 'u$08,')), [
      'u8',
      'tuple<u8, %type>',
      'list<tuple<u8, %type>>',
      'option<list<tuple<u8, %type>>>',
      'opts: option<list<tuple<u8, %type>>>',
      '(url: string, opts: option<list<tuple<u8, %type>>>)',
      'func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>',
      '@since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
      '/// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
      '{ /// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>; record r { /* the field */ x: u32 } }',
      'interface api { /// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>; record r { /* the field */ x: u32 } }',
      '/// The API. interface api { /// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>; record r { /* the field */ x: u32 } }',
      FILE.replace(/\s+/g, ' ').trim(),
    ]);
  });

  test('explicit names, attributes, docs and the function name', () => {
    assert.deepEqual(chain(FILE.replace('%type', '%ty$0pe')).slice(0, 3), ['%type', 'tuple<u8, %type>', 'list<tuple<u8, %type>>']);
    assert.deepEqual(chain(FILE.replace('1.0.0)', '1.$00.0)')).slice(0, 5), [
      '0',
      '1.0.0',
      '@since(version = 1.0.0)',
      '@since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
      '/// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
    ]);
    assert.deepEqual(chain(FILE.replace('Fetches', 'Fet$0ches')).slice(0, 2), [
      '/// Fetches.',
      '/// Fetches. @since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
    ]);
    assert.deepEqual(chain(FILE.replace('fetch:', 'fetch$0:')).slice(0, 2), [
      'fetch',
      '@since(version = 1.0.0) fetch: func(url: string, opts: option<list<tuple<u8, %type>>>) -> result<_, string>;',
    ]);
  });

  test('record fields, comments in bodies, package names', () => {
    assert.deepEqual(chain(FILE.replace('x: u32', 'x: u$032')).slice(0, 5), [
      'u32',
      'x: u32',
      '/* the field */ x: u32',
      '{ /* the field */ x: u32 }',
      'record r { /* the field */ x: u32 }',
    ]);
    assert.deepEqual(chain(FILE.replace('the field', 'the fi$0eld')).slice(0, 2), ['/* the field */', '/* the field */ x: u32']);
    assert.deepEqual(chain(FILE.replace('a:b', 'a$0:b')), ['a', 'a:b', 'package a:b;', FILE.replace(/\s+/g, ' ').trim()]);
  });

  test('worlds, uses and paths', () => {
    const world = `
      package a:b;
      world w {
        use wasi:io/streams@0.2.0.{input-stream as ins, output-stream};
        import wasi:cli/env@0.2.0;
        export run: func();
      }
    `;
    assert.deepEqual(chain(world.replace('as ins', 'as i$0ns')).slice(0, 4), [
      'ins',
      'input-stream as ins',
      '{input-stream as ins, output-stream}',
      'use wasi:io/streams@0.2.0.{input-stream as ins, output-stream};',
    ]);
    assert.deepEqual(chain(world.replace('io/streams', 'io/str$0eams')).slice(0, 3), [
      'streams',
      'wasi:io/streams@0.2.0',
      'use wasi:io/streams@0.2.0.{input-stream as ins, output-stream};',
    ]);
    assert.deepEqual(chain(world.replace('cli/env', 'c$0li/env')).slice(0, 5), [
      'cli',
      'wasi:cli',
      'wasi:cli/env@0.2.0',
      'wasi:cli/env@0.2.0;',
      'import wasi:cli/env@0.2.0;',
    ]);
  });

  test('several offsets at once; the end of a word counts; whitespace and broken files', () => {
    const text = 'package a:b;\ninterface i {\n  f: func(x: \n';
    const at = text.indexOf('x:');
    const [onX, afterF, space, end] = selectionRanges(parse(text), [at, text.indexOf('f:') + 1, text.indexOf('  f'), text.length]);
    const show = (ranges: { start: number; end: number }[]) => ranges.map((r) => text.slice(r.start, r.end));
    assert.deepEqual(show(onX!), ['x', '(x:', 'func(x:', 'f: func(x:', '{\n  f: func(x:', 'interface i {\n  f: func(x:', text]);
    assert.deepEqual(show(afterF!)[0], 'f');
    assert.deepEqual(show(space!), ['{\n  f: func(x:', 'interface i {\n  f: func(x:', text]);
    assert.deepEqual(show(end!), [text]);
    assert.deepEqual(selectionRanges(parse(''), [0, 5]), [[{ start: 0, end: 0 }], [{ start: 0, end: 0 }]]);
  });
});

describe('selection ranges on every prefix of the syntax fixtures', () => {
  for (const name of ['all-syntax', 'broken-lexical', 'broken-statements', 'broken-structure']) {
    test(`${name}.wit never throws; chains grow strictly up to the file`, () => {
      const text = readFileSync(join(fixturesDir, 'syntax', `${name}.wit`), 'utf8');
      for (let n = 0; n <= text.length; n += 5) {
        const prefix = text.slice(0, n);
        const offsets = Array.from({ length: Math.ceil((n + 1) / 3) }, (_, i) => i * 3);
        for (const ranges of selectionRanges(parse(prefix), offsets)) {
          assertChain(ranges);
          assert.deepEqual(ranges[ranges.length - 1], { start: 0, end: n });
        }
      }
    });
  }
});
