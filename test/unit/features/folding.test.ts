import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { foldingRanges } from '../../../server/src/features/folding';
import { parse } from '../../../server/src/syntax/parser';
import { parseFixture } from '../../helpers/fixture';
import { fixturesDir } from '../../helpers/paths';

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** `first-last kind` (1-based lines, as the LSP glue sends them, plus one) per range. */
function folds(source: string): string[] {
  const text = parseFixture(source).files.get('/ws/main.wit')!;
  return foldingRanges(parse(text)).map((r) => `${lineOf(text, r.start)}-${lineOf(text, r.end)}${r.kind ? ` ${r.kind}` : ''}`);
}

describe('folding ranges', () => {
  test('bodies fold up to the line before their closing brace', () => {
    assert.deepEqual(
      folds(`
        package a:b;
        interface i {
          record point {
            x: u32,
            y: u32,
          }
          variant v {
            a,
            b(u32) }
          enum e { x, y }
          flags f {
            r,
          }
          resource r {
            constructor();
          }
          resource plain;
        }
        world w {
          import x: interface {
            f: func();
          }
          include base with {
            a as b,
          }
        }
      `),
      ['2-17', '3-5', '7-9', '11-12', '14-15', '19-25', '20-21', '23-24'],
    );
  });

  test('exact offsets: from the `{` to the end of the line before the `}`', () => {
    const source = 'interface i {\n  f: func();\n}\n';
    const ranges = foldingRanges(parse(source));
    assert.deepEqual(ranges, [{ start: source.indexOf('{'), end: source.indexOf(';') + 1 }]);
  });

  test('nested packages, multi-line use braces, runs of uses', () => {
    assert.deepEqual(
      folds(`
        package a:b {
          use x:y/i;
          use x:y/j as k;
          interface i {
            use k.{
              t,
              u,
            };
            use k.{v};
            type z = u8;
            use k.{w};
          }
        }
      `),
      ['1-12', '2-3 imports', '4-11', '5-9 imports', '5-7'],
    );
  });

  test('comments: multi-line blocks and runs of line comments on their own lines', () => {
    assert.deepEqual(
      folds(`
        // one
        // two
        // three

        // alone
        /* a block
           on two lines */
        /* one line */
        package a:b;
        interface i { // trailing
          // not a run with the trailing one
          f: func();
          /// docs
          /// more docs
          g: func();
        }
      `),
      ['1-3 comment', '6-7 comment', '10-15', '13-14 comment'],
    );
  });

  test('single-line bodies fold nothing; broken files still fold', () => {
    assert.deepEqual(folds('package a:b;\ninterface i { record r { x: u32 } }\n'), []);
    assert.deepEqual(
      folds(`
        package a:b;
        interface i {
          record r {
            x: ,
            y: u32
          f: func();
        world w {
          import x: func();
      `),
      ['2-6', '3-5', '7-8'],
    );
    assert.deepEqual(folds(''), []);
    assert.deepEqual(folds('/* unterminated\nstill comment'), ['1-2 comment']);
  });
});

describe('folding on every prefix of the syntax fixtures', () => {
  for (const name of ['all-syntax', 'broken-lexical', 'broken-statements', 'broken-structure']) {
    test(`${name}.wit never throws; ranges span lines inside the text`, () => {
      const text = readFileSync(join(fixturesDir, 'syntax', `${name}.wit`), 'utf8');
      for (let n = 0; n <= text.length; n++) {
        const prefix = text.slice(0, n);
        for (const r of foldingRanges(parse(prefix))) {
          assert.ok(0 <= r.start && r.end < n && lineOf(prefix, r.start) < lineOf(prefix, r.end), `prefix ${n}`);
        }
      }
    });
  }
});
