import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hover } from '../../../server/src/features/hover';
import { snapshotOf } from '../../helpers/check';

function hoverAt(source: string) {
  const { snapshot, cursor } = snapshotOf(source);
  return hover(snapshot, cursor.file, cursor.offset);
}

describe('hover', () => {
  test('a record shows its WIT, its place and its docs', () => {
    const h = hoverAt(`
      package a:b@1.0.0;
      interface shapes {
        /// A point on the plane.
        @since(version = 1.0.0)
        record po$0int { x: s32, y: s32 }
      }
    `);
    assert.equal(
      h?.contents,
      '```wit\n@since(version = 1.0.0)\nrecord point {\n    x: s32,\n    y: s32,\n}\n```\n\n*in* interface `shapes` · package `a:b@1.0.0`\n\n---\n\nA point on the plane.',
    );
  });

  test('a reference through `use … as` shows the binding and what it resolves to', () => {
    const h = hoverAt(`
      //- /ws/a.wit
      package a:b;
      interface j {
        use dep:io/streams.{input-stream as ins};
        read: func(s: borrow<in$0s>);
      }
      //- /ws/deps/io.wit
      package dep:io;
      interface streams {
        /// Bytes coming in.
        resource input-stream { read: func(len: u64) -> list<u8>; }
      }
    `);
    assert.equal(
      h?.contents,
      [
        '```wit\nuse dep:io/streams.{input-stream as ins}\n```',
        '*in* interface `j` · package `a:b`',
        'resolves to resource `input-stream` · interface `streams` · package `dep:io`',
        '```wit\nresource input-stream {\n    read: func(len: u64) -> list<u8>;\n}\n```',
        '---',
        'Bytes coming in.',
      ].join('\n\n'),
    );
  });

  test('functions, parameters and gates', () => {
    assert.equal(
      hoverAt(`
        package a:b;
        interface i {
          @unstable(feature = fancy)
          fe$0tch: async func(url: string, n: option<u32>) -> result<list<u8>, string>;
        }
      `)?.contents,
      '```wit\n@unstable(feature = fancy)\nfetch: async func(url: string, n: option<u32>) -> result<list<u8>, string>\n```\n\n*in* interface `i` · package `a:b`',
    );
    assert.equal(
      hoverAt('package a:b;\ninterface i { f: func(u$0rl: string); }')?.contents,
      '```wit\nurl: string\n```\n\n*in* func `f` · interface `i` · package `a:b`',
    );
  });

  test('builtin types explain themselves, with the hovered range', () => {
    const { snapshot, cursor } = snapshotOf('package a:b;\ninterface i { type t = str$0ing; }');
    const h = hover(snapshot, cursor.file, cursor.offset);
    assert.equal(h?.contents, '`string`: a sequence of Unicode scalar values.');
    assert.equal(h?.start, cursor.offset - 3);
    assert.equal(h?.end, cursor.offset + 3);
  });

  test('nothing to say between items', () => {
    assert.equal(hoverAt('package a:b;\n$0\ninterface i {}'), undefined);
  });
});
