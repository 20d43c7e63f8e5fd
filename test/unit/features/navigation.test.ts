import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentHighlights, findDefinition, findReferences, findTypeDefinition } from '../../../server/src/features/navigation';
import { snapshotOf } from '../../helpers/check';

describe('go to definition', () => {
  test('a type name goes through `use` to the original declaration', () => {
    const { snapshot, cursor, labelled } = snapshotOf(`
      package a:b;
      interface i { type t = u32; }
      //                 ^ def
      interface j { use i.{t}; type x = list<t$0>; }
    `);
    assert.deepEqual(findDefinition(snapshot, cursor.file, cursor.offset), labelled('def')[0]);
  });

  test('a use path goes to the interface, in another file', () => {
    const { snapshot, cursor, labelled } = snapshotOf(`
      //- /ws/a.wit
      package a:b;
      interface j { use i$0.{t}; }
      //- /ws/b.wit
      interface i { type t = u32; }
      //        ^ def
    `);
    assert.deepEqual(findDefinition(snapshot, cursor.file, cursor.offset), labelled('def')[0]);
  });

  test('names from deps/ go to the dependency, and package names to its header', () => {
    const source = `
      //- /ws/a.wit
      package a:b;
      interface j { use dep:pkg/types@1.0.0.{handle$0}; }
      //- /ws/deps/pkg/types.wit
      package dep:pkg@1.0.0;
      //      ^^^^^^^^^^^^^ package
      interface types { resource handle; }
      //                         ^^^^^^ def
    `;
    const { snapshot, cursor, labelled } = snapshotOf(source);
    assert.deepEqual(findDefinition(snapshot, cursor.file, cursor.offset), labelled('def')[0]);
    const onPackage = snapshotOf(source.replace('handle$0', 'handle').replace('dep:pkg/', 'dep:p$0kg/'));
    assert.deepEqual(findDefinition(onPackage.snapshot, onPackage.cursor.file, onPackage.cursor.offset), onPackage.labelled('package')[0]);
  });

  test('a declaration is its own definition; builtins have none', () => {
    const { snapshot, cursor, labelled } = snapshotOf(`
      package a:b;
      interface i { record p$0oint { x: u32 } }
      //                   ^^^^^ def
    `);
    assert.deepEqual(findDefinition(snapshot, cursor.file, cursor.offset), labelled('def')[0]);
    assert.equal(findDefinition(snapshot, cursor.file, cursor.offset + 13), undefined);
  });

  test('type definition of a field goes to its named type, through lists', () => {
    const { snapshot, cursor, labelled } = snapshotOf(`
      package a:b;
      interface i {
        resource conn;
        //       ^^^^ def
        record r { c$0s: list<borrow<conn>> }
      }
    `);
    assert.deepEqual(findTypeDefinition(snapshot, cursor.file, cursor.offset), labelled('def')[0]);
  });
});

describe('references', () => {
  const source = `
    //- /ws/a.wit
    package a:b;
    interface i {
      record po$0int { x: u32 }
      //     ^^^^^ ref
      f: func(p: point) -> list<point>;
      //         ^^^^^ ref
      //                        ^^^^^ ref
    }
    //- /ws/b.wit
    interface j {
      use i.{point};
      //     ^^^^^ ref
      g: func() -> point;
      //           ^^^^^ ref
      use i.{point as p2};
      //     ^^^^^ ref
      h: func(x: p2);
    }
  `;

  test('across files, through `use` (but not an `as` rename), with the declaration', () => {
    const { snapshot, cursor, labelled } = snapshotOf(source);
    const sort = (r: { file: string; start: number }[]) => [...r].sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
    assert.deepEqual(sort(findReferences(snapshot, cursor.file, cursor.offset, true)), sort(labelled('ref')));
    assert.equal(findReferences(snapshot, cursor.file, cursor.offset, false).length, labelled('ref').length - 1);
  });

  test('document highlights are the references in the same file', () => {
    const { snapshot, cursor, labelled } = snapshotOf(source);
    assert.deepEqual(
      documentHighlights(snapshot, cursor.file, cursor.offset).sort((a, b) => a.start - b.start),
      labelled('ref').filter((r) => r.file === cursor.file),
    );
  });
});
