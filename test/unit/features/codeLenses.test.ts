import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { worldTargets, worldTargetsOf } from '../../../server/src/features/codeLenses';
import { parse } from '../../../server/src/syntax/parser';
import { snapshotOf } from '../../helpers/check';
import { describeLocated } from '../../helpers/fixture';

/** Each world of each file, at its name, labelled `world <selector>`, against the fixture's `world …` annotations. */
function assertWorldTargets(source: string): void {
  const { snapshot, fixture } = snapshotOf(source);
  const actual = [...fixture.files.keys()].flatMap((file) => worldTargetsOf(snapshot, file).map((t) => ({ file, start: t.start, end: t.end, text: `world ${t.world}` })));
  const expected = fixture.annotations.filter((a) => a.text.startsWith('world '));
  assert.deepEqual(describeLocated(fixture.files, actual), describeLocated(fixture.files, expected));
}

describe('world targets (the Generate Bindings code lenses)', () => {
  test('worlds of the root package by name, nested packages and deps/ qualified with their package', () => {
    assertWorldTargets(`
      //- /ws/main.wit
      package a:b@1.0.0;
      interface i { f: func(); }
      /// Docs do not move the lens off the name.
      world plugin {
      //    ^^^^^^ world plugin
        export i;
      }
      world %host { import i; }
      //    ^^^^^ world host
      package x:nested@0.2.0 {
        world inner {}
      //      ^^^^^ world x:nested/inner@0.2.0
      }
      //- /ws/other.wit
      world second {}
      //    ^^^^^^ world second
      //- /ws/deps/cli/command.wit
      package wasi:cli@0.2.3;
      world command {}
      //    ^^^^^^^ world wasi:cli/command@0.2.3
      //- /ws/deps/cli/more.wit
      world imports {}
      //    ^^^^^^^ world wasi:cli/imports@0.2.3
      //- /ws/deps/single.wit
      package dep:single;
      world w { }
      //    ^ world dep:single/w
    `);
  });

  test('interfaces get none, and a world without a name gets none', () => {
    const { snapshot } = snapshotOf(`
      package a:b;
      interface plugin { f: func(); }
      world { }
    `);
    assert.deepEqual(worldTargetsOf(snapshot, '/ws/main.wit'), []);
  });

  test('from a tree alone: a dependency file without a header takes its folder\'s package, and is skipped without one', () => {
    const folderPackage = parse('package wasi:cli@0.2.3;\n').packageHeader!.name;
    const tree = parse('world imports {}\n');
    assert.deepEqual(worldTargets(tree, { dependency: true, folderPackage }).map((t) => t.world), ['wasi:cli/imports@0.2.3']);
    assert.deepEqual(worldTargets(tree, { dependency: false }).map((t) => t.world), ['imports']);
    assert.deepEqual(worldTargets(tree, { dependency: true }), []);
  });

  test('exact offsets: the name as written, `%` included', () => {
    const source = 'package a:b;\nworld %w {}\n';
    const { snapshot } = snapshotOf(source);
    assert.deepEqual(worldTargetsOf(snapshot, '/ws/main.wit'), [{ name: 'w', world: 'w', start: source.indexOf('%w'), end: source.indexOf('%w') + 2 }]);
  });
});
