// The WIT a new project gets (client/src/scaffold/witLayout.ts): names it accepts, the package
// of its own that includes a world from elsewhere, and the WASI packages that world needs.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { declaredWorlds, includingPackage, projectNameProblem, wasiPackagesNeeded, wasiTree } from '../../../client/src/scaffold/witLayout';
import { repoRoot } from '../../helpers/paths';

const BUILTIN_DIR = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12');
const BUILTIN = new Map(readdirSync(BUILTIN_DIR).map((d) => [d.replace(/^wasi-/, ''), readFileSync(join(BUILTIN_DIR, d, 'package.wit'), 'utf8')]));

describe('project names', () => {
  test('lowercase kebab-case WIT identifiers that are not keywords', () => {
    assert.equal(projectNameProblem('hello-world2'), undefined);
    assert.equal(projectNameProblem('Hello'), 'Use lowercase kebab-case: letters, digits and dashes, starting with a letter (e.g. hello-world).');
    assert.equal(projectNameProblem('2fast'), 'Use lowercase kebab-case: letters, digits and dashes, starting with a letter (e.g. hello-world).');
    assert.equal(projectNameProblem('a--b'), `"a--b" is not a WIT identifier: identifiers must have characters between '-'s.`);
    assert.equal(projectNameProblem('world'), '"world" is a WIT keyword.');
  });
});

describe('the WIT of a WASI world', () => {
  test('wasi:cli/command needs every WASI package but http', () => {
    assert.deepEqual(wasiPackagesNeeded('include wasi:cli/command@0.2.12;', BUILTIN), ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets']);
  });

  test('wasi:http/proxy needs http and, through wasi:cli, the rest', () => {
    assert.deepEqual(wasiPackagesNeeded('include wasi:http/proxy@0.2.12;', BUILTIN), ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets']);
    assert.deepEqual(wasiPackagesNeeded('import wasi:clocks/wall-clock@0.2.12;', BUILTIN), ['clocks', 'io']);
  });

  test('a package of its own includes the world; a C command leaves wasi:cli/run to the adapter', () => {
    const js = wasiTree('wasi:cli/command', 'hello', 'js', BUILTIN);
    assert.equal(js.world, 'hello');
    assert.equal(
      js.files['world.wit'],
      'package component:hello;\n\n/// A WASI command: it exports `wasi:cli/run`, which a host calls to run it.\nworld hello {\n  include wasi:cli/command@0.2.12;\n}\n',
    );
    assert.deepEqual(Object.keys(js.files).sort(), ['deps/cli/package.wit', 'deps/clocks/package.wit', 'deps/filesystem/package.wit', 'deps/io/package.wit', 'deps/random/package.wit', 'deps/sockets/package.wit', 'world.wit']);
    assert.equal(js.files['deps/io/package.wit'], BUILTIN.get('io'));
    const c = wasiTree('wasi:cli/command', 'hello', 'c', BUILTIN);
    assert.match(c.files['world.wit'] as string, /world hello \{\n {2}include wasi:cli\/imports@0\.2\.12;\n\}\n$/);
  });

  test('includingPackage writes its comment as doc lines', () => {
    assert.equal(includingPackage('x', 'a:b/w@1.0.0', 'one\ntwo'), 'package component:x;\n\n/// one\n/// two\nworld x {\n  include a:b/w@1.0.0;\n}\n');
  });
});

describe('the worlds a WIT file declares', () => {
  test('with their package, nested ones marked', () => {
    const text = 'package a:b@1.2.0;\nworld one {}\ninterface i {}\npackage c:d { world two {} }\nworld three { export i; }\n';
    assert.deepEqual(declaredWorlds(text), [
      { name: 'one', package: 'a:b@1.2.0', nested: false },
      { name: 'two', package: 'c:d', nested: true },
      { name: 'three', package: 'a:b@1.2.0', nested: false },
    ]);
    assert.deepEqual(declaredWorlds('world lone {}'), [{ name: 'lone', nested: false }]);
  });
});
