import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completions } from '../../../server/src/features/completion';
import { snapshotOf } from '../../helpers/check';

function labels(source: string): string[] {
  const { snapshot, cursor } = snapshotOf(source);
  return completions(snapshot, cursor.file, cursor.offset).map((c) => c.label);
}

const DEPS = `
  //- /ws/deps/io.wit
  package wasi:io@0.2.0;
  interface streams { resource input-stream; resource output-stream; type size = u64; f: func(); }
  interface error { resource error; }
  world imports { import streams; }
`;

describe('completion', () => {
  test('types in scope and builtins in a type position', () => {
    const got = labels(`
      package a:b;
      interface i {
        use j.{t};
        record point { x: u32 }
        resource conn;
        f: func(p: $0);
      }
      interface j { type t = u8; }
    `);
    assert.deepEqual(got.filter((l) => !/^[a-z0-9-]+$/.test(l) || ['t', 'point', 'conn'].includes(l)).sort(), ['conn', 'point', 't']);
    for (const builtin of ['u32', 'string', 'list', 'result', 'borrow', 'error-context']) assert.ok(got.includes(builtin), builtin);
    assert.ok(!got.includes('record'), 'no statement keywords in a type position');
  });

  test('only resources inside own<…> and borrow<…>', () => {
    assert.deepEqual(
      labels(`
        package a:b;
        interface i { record r { x: u32 } resource conn; type h = borrow<$0>; }
      `),
      ['conn'],
    );
  });

  test('a partially typed word is replaced', () => {
    const { snapshot, cursor } = snapshotOf('package a:b;\ninterface i { record point {} type t = list<poi$0>; }');
    const item = completions(snapshot, cursor.file, cursor.offset).find((c) => c.label === 'point')!;
    assert.equal(item.replaceStart, cursor.offset - 3);
    assert.equal(item.replaceEnd, cursor.offset);
    assert.equal(item.detail, 'record point {}');
  });

  test('statement snippets depend on the body', () => {
    assert.deepEqual(labels('package a:b;\ninterface i {\n  $0\n}'), ['func', 'record', 'variant', 'enum', 'flags', 'resource', 'type', 'use']);
    assert.deepEqual(labels('package a:b;\nworld w {\n  import x: func();\n  $0\n}'), [
      'import', 'export', 'import func', 'export func', 'include', 'use', 'record', 'variant', 'enum', 'flags', 'resource', 'type',
    ]);
    assert.deepEqual(labels('package a:b;\ninterface i { resource r {\n $0\n} }'), ['constructor', 'method', 'static']);
    assert.deepEqual(labels('$0'), ['package', 'interface', 'world', 'use']);
  });

  test('after `use`: local interfaces and qualified ones from deps/', () => {
    assert.deepEqual(
      labels(`
        //- /ws/a.wit
        package a:b;
        interface i { use $0 }
        interface j {}
        ${DEPS}
      `).sort(),
      ['j', 'wasi:io/error@0.2.0', 'wasi:io/streams@0.2.0'],
    );
  });

  test('after `include`: worlds', () => {
    assert.deepEqual(
      labels(`
        //- /ws/a.wit
        package a:b;
        world w { include $0 }
        world base {}
        ${DEPS}
      `).sort(),
      ['base', 'wasi:io/imports@0.2.0'],
    );
  });

  test('inside `use path.{…}`: the types of that interface, also from deps/', () => {
    assert.deepEqual(
      labels(`
        //- /ws/a.wit
        package a:b;
        interface i { use wasi:io/streams@0.2.0.{input-stream, $0}; }
        ${DEPS}
      `).sort(),
      ['input-stream', 'output-stream', 'size'],
    );
  });

  test('after `name:` in an interface, a world and a resource', () => {
    assert.deepEqual(labels('package a:b;\ninterface i { f: $0 }'), ['func', 'async func']);
    assert.deepEqual(labels('package a:b;\ninterface i { resource r { m: $0 } }'), ['func', 'async func', 'static func']);
    assert.deepEqual(labels('package a:b;\ninterface k {}\nworld w { import x: $0 }').slice(0, 4), ['func', 'async func', 'interface', 'k']);
  });

  test('attributes after @, nothing in comments', () => {
    assert.deepEqual(labels('package a:b;\n@$0\ninterface i {}'), ['since', 'unstable', 'deprecated', 'external-id']);
    assert.deepEqual(labels('package a:b;\n// type $0\ninterface i {}'), []);
  });
});
