import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { snapshotOf } from '../../helpers/check';

function applyEdits(files: Map<string, string>, edits: { file: string; start: number; end: number; newText: string }[]): Map<string, string> {
  const out = new Map(files);
  for (const [file, text] of files) {
    const mine = edits.filter((e) => e.file === file).sort((a, b) => b.start - a.start);
    out.set(file, mine.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text));
  }
  return out;
}

describe('rename', () => {
  test('renames a type across files and packages, including plain `use` bindings', () => {
    const { fixture, snapshot, cursor } = snapshotOf(`
      //- /ws/a.wit
      package a:b;
      interface j {
        use dep:p/types.{th$0ing};
        f: func(t: thing) -> list<thing>;
        use dep:p/types.{thing as other};
        g: func(o: other);
      }
      //- /ws/deps/p.wit
      package dep:p;
      interface types { record thing { x: u32 } h: func() -> thing; }
    `);
    const result = rename(snapshot, cursor.file, cursor.offset, 'widget');
    assert.ok(result.ok);
    const files = applyEdits(fixture.files, result.edits);
    assert.equal(
      files.get('/ws/a.wit'),
      'package a:b;\ninterface j {\n  use dep:p/types.{widget};\n  f: func(t: widget) -> list<widget>;\n  use dep:p/types.{widget as other};\n  g: func(o: other);\n}',
    );
    assert.equal(files.get('/ws/deps/p.wit'), 'package dep:p;\ninterface types { record widget { x: u32 } h: func() -> widget; }');
  });

  test('refuses invalid names, keywords without %, clashes and packages', () => {
    const { snapshot, cursor } = snapshotOf('package a:b;\ninterface i { type a$0 = u32; type b = u32; f: func(x: a); }');
    const message = (name: string) => {
      const r = rename(snapshot, cursor.file, cursor.offset, name);
      return r.ok ? 'ok' : r.message;
    };
    assert.equal(message('Bad'), "`Bad` is not a valid WIT identifier: invalid character in identifier 'a'.");
    assert.equal(message('two words'), "`two words` is not a valid WIT identifier: invalid character in identifier ' '.");
    assert.equal(message('record'), '`record` is a WIT keyword; write `%record` to use it as a name.');
    assert.equal(message('%record'), 'ok');
    assert.equal(message('b'), '`b` is already defined in interface `i`.');
    const onPackage = snapshotOf('package a:b$0;\ninterface i {}');
    assert.deepEqual(prepareRename(onPackage.snapshot, onPackage.cursor.file, onPackage.cursor.offset), {
      ok: false,
      message: 'Packages cannot be renamed: change the package header and every reference to it.',
    });
  });
});
