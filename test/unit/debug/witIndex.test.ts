// The WIT index of the debugger: lines of the example WIT as breakpoint targets, and calls
// placed back at their declarations.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { NOTHING_ON_LINE, WitIndex, type WitFile } from '../../../client/src/debug/witIndex';
import { examplesDir } from '../../helpers/toolchains';

const read = (...parts: string[]): WitFile => {
  const path = join(examplesDir, ...parts);
  return { path, text: readFileSync(path, 'utf8') };
};

describe('the WIT index', () => {
  const pipeline = read('pipeline', 'wit', 'pipeline.wit');
  const types = read('pipeline', 'wit', 'deps', 'text', 'types.wit');
  const index = WitIndex.of([pipeline, types]);
  const plugin = 'wit-studio:pipeline/plugin@0.1.0';

  test('a function line (0-based) is that function of its interface', () => {
    assert.deepEqual(index.targetAt(pipeline.path, 13), { ok: true, target: { kind: 'function', interface: plugin, function: 'transform' } });
    assert.deepEqual(index.targetAt(pipeline.path, 10), { ok: true, target: { kind: 'function', interface: plugin, function: 'name' } });
  });

  test('an interface line is the whole interface; a world line the world, with its imports and exports named as components name them', () => {
    assert.deepEqual(index.targetAt(pipeline.path, 6), { ok: true, target: { kind: 'interface', interface: plugin } });
    assert.deepEqual(index.targetAt(pipeline.path, 25), {
      ok: true,
      target: { kind: 'world', world: { id: 'wit-studio:pipeline/host@0.1.0', imports: [plugin], exports: ['process'] } },
    });
    assert.deepEqual(index.targetAt(pipeline.path, 30), { ok: true, target: { kind: 'function', interface: '', function: 'process', world: 'wit-studio:pipeline/host@0.1.0' } });
  });

  test('other lines (docs, use, blank, types) have no target', () => {
    for (const line of [0, 7, 9, 12, 26, 28]) assert.deepEqual(index.targetAt(pipeline.path, line), { ok: false, message: NOTHING_ON_LINE }, `line ${line}`);
    assert.deepEqual(index.targetAt(types.path, 5), { ok: false, message: NOTHING_ON_LINE });
  });

  test('calls are placed at their declarations, by interface with or without version, world functions by world', () => {
    assert.deepEqual(index.locate(plugin, 'transform'), { file: pipeline.path, line: 13 });
    assert.deepEqual(index.locate('wit-studio:pipeline/plugin', 'count'), { file: pipeline.path, line: 16 });
    assert.deepEqual(index.locate('', 'process', ['wit-studio:pipeline/host@0.1.0']), { file: pipeline.path, line: 30 });
    assert.equal(index.locate(plugin, 'missing'), undefined);
    assert.equal(index.locate('wasi:cli/stdout@0.2.12', 'get-stdout'), undefined);
    assert.deepEqual(
      index.worlds().map((w) => w.id),
      ['wit-studio:pipeline/text-plugin@0.1.0', 'wit-studio:pipeline/host@0.1.0'],
    );
  });

  test('resource functions are named as components name them', () => {
    const file = read('js-plugin', 'wit', 'plugin.wit');
    const text = WitIndex.of([file]);
    const iface = 'wit-studio:text-plugin/text@0.1.0';
    assert.deepEqual(text.targetAt(file.path, 37), { ok: true, target: { kind: 'function', interface: iface, function: '[constructor]tokenizer' } });
    assert.deepEqual(text.targetAt(file.path, 39), { ok: true, target: { kind: 'function', interface: iface, function: '[method]tokenizer.next' } });
    assert.deepEqual(text.locate(iface, '[method]tokenizer.position'), { file: file.path, line: 41 });
  });

  test('nested packages, static functions, inline interfaces, and a file without a header in its package folder', () => {
    const main: WitFile = { path: '/p/wit/main.wit', text: 'package a:b@1.0.0;\n\nworld w {\n  import x: interface {\n    f: func();\n  }\n}\n\npackage c:d {\n  interface e {\n    resource r {\n      make: static func() -> r;\n    }\n  }\n}\n' };
    const more: WitFile = { path: '/p/wit/more.wit', text: 'interface more {\n  g: func(\n    n: u32,\n  );\n}\n' };
    const idx = WitIndex.of([main, more]);
    assert.deepEqual(idx.targetAt(main.path, 4), { ok: true, target: { kind: 'function', interface: 'x', function: 'f' } });
    assert.deepEqual(idx.targetAt(main.path, 3), { ok: true, target: { kind: 'interface', interface: 'x' } });
    assert.deepEqual(idx.targetAt(main.path, 11), { ok: true, target: { kind: 'function', interface: 'c:d/e', function: '[static]r.make' } });
    // Every line of a function's declaration is the function.
    for (const line of [1, 2, 3]) assert.deepEqual(idx.targetAt(more.path, line), { ok: true, target: { kind: 'function', interface: 'a:b/more@1.0.0', function: 'g' } });
    assert.equal(idx.has(more.path), true);
    assert.equal(idx.has('/p/wit/other.wit'), false);
  });
});
