import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultOutDir, generatedPaths, languageSpec, mainFile, witBindgenArgs } from '../../../client/src/bindings/languages';
import { worldNameOf } from '../../../client/src/bindings/worlds';

describe('bindings languages', () => {
  test('default folders: JS guest types in the project\'s types/, the rest in bindings/<language>/, the project being the folder holding wit/', () => {
    assert.equal(defaultOutDir('/p/wit', 'ts-guest'), '/p/types');
    assert.equal(defaultOutDir('/p/wit', 'ts-host'), '/p/bindings/ts-host');
    assert.equal(defaultOutDir('/p/wit', 'csharp'), '/p/bindings/csharp');
    assert.equal(defaultOutDir('/p/interfaces', 'rust'), '/p/interfaces/bindings/rust');
  });

  test('the wit-bindgen command line per language, with the features of the language server', () => {
    const rust = languageSpec('rust').generator;
    const go = languageSpec('go').generator;
    assert.ok(rust.kind === 'wit-bindgen' && go.kind === 'wit-bindgen');
    assert.deepEqual(witBindgenArgs(rust, '/p/wit', 'wasi:cli/command@0.2.3', '/p/out', { features: [], allFeatures: false }), [
      'rust', '/p/wit', '--world', 'wasi:cli/command@0.2.3', '--out-dir', '/p/out', '--generate-all',
    ]);
    assert.deepEqual(witBindgenArgs(go, '/p/wit', 'w', '/o', { features: ['x'], allFeatures: true }), ['go', '/p/wit', '--world', 'w', '--out-dir', '/o', '--all-features']);
  });

  test('the files wit-bindgen reports, as Rust debug strings on stderr', () => {
    assert.deepEqual(generatedPaths(['Generating "/o/text_plugin.rs"', 'warning: something', '  Generating "/o/a \\"b\\"\\\\c.h"  ']), ['/o/text_plugin.rs', '/o/a "b"\\c.h']);
  });

  test('the file to open: the main kind of the language, named after the world, else the shortest', () => {
    assert.equal(mainFile(['/o/interfaces/a-b.d.ts', '/o/text-plugin.d.ts'], 'text-plugin', 'ts-guest'), '/o/text-plugin.d.ts');
    assert.equal(mainFile(['/o/text_plugin.c', '/o/text_plugin_component_type.o', '/o/text_plugin.h'], 'text-plugin', 'c'), '/o/text_plugin.h');
    assert.equal(mainFile(['/o/TextPlugin.csproj', '/o/TextPluginWorld.wit.exports.cs', '/o/TextPluginWorld.cs'], 'text-plugin', 'csharp'), '/o/TextPluginWorld.cs');
    assert.equal(mainFile(['/o/gen/zz.mbt', '/o/ffi.mbt'], 'plugin', 'moonbit'), '/o/ffi.mbt');
    assert.equal(mainFile([], 'w', 'rust'), undefined);
  });

  test('the plain name of a world selector', () => {
    assert.deepEqual(['plugin', 'wasi:http/proxy@0.2.12', 'a:b/%world'].map(worldNameOf), ['plugin', 'proxy', 'world']);
  });
});
