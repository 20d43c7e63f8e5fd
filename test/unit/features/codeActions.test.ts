import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeActions, editDistance, unusedUses } from '../../../server/src/features/codeActions';
import { snapshotOf } from '../../helpers/check';

function actionsFor(source: string) {
  const { snapshot, cursor, fixture } = snapshotOf(source);
  const diagnostics = [...snapshot.analysis.diagnostics, ...unusedUses(snapshot, cursor.file)];
  const actions = codeActions(snapshot, cursor.file, { start: cursor.offset, end: cursor.offset }, diagnostics);
  const apply = (edits: { file: string; start: number; end: number; newText: string }[]) => {
    const text = fixture.files.get(cursor.file)!;
    return [...edits].filter((e) => e.file === cursor.file).sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
  };
  return { actions, apply };
}

describe('code actions', () => {
  test('did you mean: a close type name in scope or a builtin', () => {
    const { actions, apply } = actionsFor('package a:b;\ninterface i { record point {} f: func(p: poimt$0, n: u3); }');
    const fixes = actions.filter((a) => a.kind === 'quickfix');
    assert.deepEqual(fixes.map((a) => a.title), ['Change to `point`']);
    assert.equal(apply(fixes[0]!.edits), 'package a:b;\ninterface i { record point {} f: func(p: point, n: u3); }');
  });

  test('did you mean: interfaces after use', () => {
    const { actions } = actionsFor('package a:b;\ninterface types {}\nworld w { import typse$0; }');
    assert.deepEqual(actions.filter((a) => a.kind === 'quickfix').map((a) => a.title), ['Change to `types`']);
  });

  test('missing use: from the package and from deps/', () => {
    const { actions, apply } = actionsFor(`
      //- /ws/a.wit
      package a:b;
      interface i {
        use j.{other};
        f: func(s: input-stream$0, t: thing);
      }
      interface j { type other = u8; record thing {} }
      //- /ws/deps/io.wit
      package wasi:io@0.2.0;
      interface streams { resource input-stream; }
    `);
    const add = actions.find((a) => a.title.startsWith('Add'))!;
    assert.equal(add.title, 'Add `use wasi:io/streams@0.2.0.{input-stream}`');
    assert.equal(
      apply(add.edits),
      'package a:b;\ninterface i {\n  use j.{other};\n  use wasi:io/streams@0.2.0.{input-stream};\n  f: func(s: input-stream, t: thing);\n}\ninterface j { type other = u8; record thing {} }',
    );
  });

  test('unused use names are hints, and the fix removes them', () => {
    const { actions, apply } = actionsFor(`
      package a:b;
      interface i {
        use j.{a, b$0};
        use j.{c};
        f: func(x: a);
      }
      interface j { type a = u8; type b = u8; type c = u8; }
    `);
    const fixes = actions.filter((a) => a.title.startsWith('Remove'));
    assert.deepEqual(fixes.map((a) => a.title), ['Remove unused `b`']);
    assert.equal(
      apply(fixes[0]!.edits),
      'package a:b;\ninterface i {\n  use j.{a};\n  use j.{c};\n  f: func(x: a);\n}\ninterface j { type a = u8; type b = u8; type c = u8; }',
    );
    const whole = actionsFor(`
      package a:b;
      interface i {
        use j.{c$0};
        f: func();
      }
      interface j { type c = u8; }
    `);
    assert.equal(whole.apply(whole.actions.find((a) => a.title.startsWith('Remove'))!.edits), 'package a:b;\ninterface i {\n  f: func();\n}\ninterface j { type c = u8; }');
  });

  test('sorting use statements', () => {
    const { actions, apply } = actionsFor('package a:b;\ninterface i {\n  use z.{y, x};\n  use a.{b};$0\n  f: func(p: x, q: y, r: b);\n}\ninterface z { type x = u8; type y = u8; }\ninterface a { type b = u8; }');
    const sort = actions.find((a) => a.kind === 'source.organizeImports')!;
    assert.equal(apply(sort.edits), 'package a:b;\ninterface i {\n  use a.{b};\n  use z.{x, y};\n  f: func(p: x, q: y, r: b);\n}\ninterface z { type x = u8; type y = u8; }\ninterface a { type b = u8; }');
  });

  test('edit distance counts transpositions as one edit', () => {
    assert.equal(editDistance('typse', 'types'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});
