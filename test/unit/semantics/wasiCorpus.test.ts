import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { repoRoot } from '../../helpers/paths';

const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');
const noFeatures = { features: new Set<string>(), allFeatures: false };

function witFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.wit')).map((n) => join(dir, n));
}

/** The packages of one WASI release: `<version>/<package>/package.wit`. */
function release(version: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const name of readdirSync(join(builtin, version))) {
    packages.set(name, readFileSync(join(builtin, version, name, 'package.wit'), 'utf8'));
  }
  return packages;
}

function errorsOf(fs: MemoryFileSystem, root: string): string[] {
  return analyzeRoot(fs, root, noFeatures).diagnostics.map((d) => `${d.file}:${d.start} ${d.message}`);
}

describe('the WIT shipped inside jco checks clean', () => {
  const versions = readdirSync(builtin).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  test('there are WASI 0.2 and 0.3 releases to check', () => {
    assert.ok(versions.some((v) => v.startsWith('0.2.')));
    assert.ok(versions.some((v) => v.startsWith('0.3.')));
  });

  for (const version of versions) {
    const packages = release(version);
    for (const [name, text] of packages) {
      test(`WASI ${version} ${name}, with the rest of its release as deps`, () => {
        const fs = new MemoryFileSystem([
          [`/ws/${name}.wit`, text],
          ...[...packages].filter(([other]) => other !== name).map(([other, t]): [string, string] => [`/ws/deps/${other}.wit`, t]),
        ]);
        assert.deepEqual(errorsOf(fs, '/ws'), []);
      });
    }
  }

  test('wasi-tls (a package directory with its own deps/)', () => {
    const dir = join(builtin, 'wasi-tls-0.2.0-draft');
    const fs = new MemoryFileSystem([
      ...witFiles(dir).map((f): [string, string] => [`/tls/${f.slice(dir.length + 1)}`, readFileSync(f, 'utf8')]),
      ...readdirSync(join(dir, 'deps'))
        .filter((d) => statSync(join(dir, 'deps', d)).isDirectory())
        .flatMap((d) => witFiles(join(dir, 'deps', d)).map((f): [string, string] => [`/tls/deps/${d}/${f.slice(f.lastIndexOf('/') + 1)}`, readFileSync(f, 'utf8')])),
    ]);
    assert.deepEqual(errorsOf(fs, '/tls'), []);
  });

  test('jco:node (many files) with WASI 0.2.12 and wasi-tls as deps', () => {
    const dir = join(builtin, 'jco-node-0.1.0');
    const tls = join(builtin, 'wasi-tls-0.2.0-draft');
    const fs = new MemoryFileSystem([
      ...witFiles(dir).map((f): [string, string] => [`/node/${f.slice(dir.length + 1)}`, readFileSync(f, 'utf8')]),
      ...[...release('0.2.12')].map(([name, t]): [string, string] => [`/node/deps/${name}.wit`, t]),
      ...witFiles(tls).map((f): [string, string] => [`/node/deps/wasi-tls/${f.slice(tls.length + 1)}`, readFileSync(f, 'utf8')]),
    ]);
    assert.deepEqual(errorsOf(fs, '/node'), []);
  });
});
