import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { fixturesDir } from '../../helpers/paths';

const options = { features: new Set<string>(), allFeatures: false };
const eWasm = new Uint8Array(readFileSync(join(fixturesDir, 'wasm/corpus/e.wasm')));

function diagnostics(fs: MemoryFileSystem, root = '/ws'): string[] {
  return analyzeRoot(fs, root, options).diagnostics.map((d) => `${d.file}:${d.start} ${d.message}`);
}

describe('WIT packages encoded as WebAssembly', () => {
  test('a deps/*.wasm package is decoded and can be used', () => {
    const fs = new MemoryFileSystem({ '/ws/main.wit': 'package a:a;\nworld w { import e:e/e; }\n' });
    fs.writeBinary('/ws/deps/e.wasm', eWasm);
    assert.deepEqual(diagnostics(fs), []);
    fs.write('/ws/main.wit', 'package a:a;\nworld w { import e:e/nope; }\n');
    assert.deepEqual(diagnostics(fs), ["/ws/main.wit:34 interface 'nope' not found in package 'e:e'"]);
  });

  test('a root that is a wasm-encoded package', () => {
    const fs = new MemoryFileSystem();
    fs.writeBinary('/ws/pkg.wasm', eWasm);
    assert.deepEqual(diagnostics(fs, '/ws/pkg.wasm'), []);
  });

  test('broken binaries and real components are errors of the file, with wit-parser\'s words', () => {
    const fs = new MemoryFileSystem({ '/ws/main.wit': 'package a:a;\n' });
    fs.writeBinary('/ws/deps/cut.wasm', eWasm.slice(0, 10));
    fs.writeBinary('/ws/deps/core.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    assert.deepEqual(diagnostics(fs).sort(), [
      '/ws/deps/core.wasm:0 found an actual component instead of an encoded WIT package in wasm',
      '/ws/deps/cut.wasm:0 unexpected end-of-file (at offset 0xa)',
    ].sort());
  });
});
