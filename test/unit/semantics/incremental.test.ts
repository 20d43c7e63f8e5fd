import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnalysisMemo, analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { ParseCache } from '../../../server/src/semantics/parseCache';

const options = { features: new Set<string>(), allFeatures: false };
const files: Record<string, string> = {
  '/ws/main.wit': 'package a:main;\ninterface i {\n  use b:dep/types.{t};\n  f: func(x: t) -> u32;\n}\nworld w { import i; export c:other/o; }\n',
  '/ws/deps/b.wit': 'package b:dep;\ninterface types { type t = string; }\n',
  '/ws/deps/c/c.wit': 'package c:other;\ninterface o { use b:dep/types.{t}; g: func() -> t; }\n',
};

function describeAnalysis(fs: MemoryFileSystem, memo?: AnalysisMemo, cache?: ParseCache) {
  const a = analyzeRoot(fs, '/ws', options, cache?.parse, memo);
  return {
    diagnostics: a.diagnostics.map((d) => `${d.file}:${d.start}-${d.end} ${d.message}`),
    packages: a.resolve.packages.map((p) => `${p.name.namespace}:${p.name.name} ${[...p.interfaces.keys()]} ${[...p.worlds.keys()]}`),
    types: a.resolve.types.length,
  };
}

describe('re-checking with the previous check reused', () => {
  const edits: [string, (t: string) => string][] = [
    ['/ws/main.wit', (t) => t.replace('-> u32', '-> nope')],
    ['/ws/main.wit', (t) => t],
    ['/ws/deps/c/c.wit', (t) => t.replace('g: func', 'h: func')],
    ['/ws/deps/b.wit', (t) => t.replace('type t = string', 'type u = string')],
    ['/ws/deps/b.wit', (t) => t.replace('type u = string', 'type t = string')],
    ['/ws/main.wit', (t) => t.replace('-> nope', '-> u32')],
  ];

  test('gives exactly what a fresh check gives, edit after edit', () => {
    const fs = new MemoryFileSystem(files);
    const memo = new AnalysisMemo();
    const cache = new ParseCache();
    assert.deepEqual(describeAnalysis(fs, memo, cache), describeAnalysis(fs));
    for (const [path, edit] of edits) {
      fs.write(path, edit(fs.readFile(path)!));
      assert.deepEqual(describeAnalysis(fs, memo, cache), describeAnalysis(fs), `after editing ${path}`);
    }
  });

  test('reuses the linked dependencies when only the main package changed', () => {
    const fs = new MemoryFileSystem(files);
    const memo = new AnalysisMemo();
    const cache = new ParseCache();
    const first = analyzeRoot(fs, '/ws', options, cache.parse, memo);
    fs.write('/ws/main.wit', files['/ws/main.wit']!.replace('-> u32', '-> u64'));
    const second = analyzeRoot(fs, '/ws', options, cache.parse, memo);
    const dep = (a: typeof first) => a.packages.find((p) => p.unresolved.name.name === 'dep')!;
    assert.equal(dep(second).unresolved, dep(first).unresolved, 'the dependency was not lowered again');
    assert.equal(dep(second).remap, dep(first).remap, 'nor linked again');
    assert.notEqual(second.resolve, first.resolve, 'each check has its own resolve');
  });
});
