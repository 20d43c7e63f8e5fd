import assert from 'node:assert/strict';
import { analyzeRoot, type RootAnalysis } from '../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { createSnapshot } from '../../server/src/features/snapshot';
import { describeLocated, parseFixture, type Fixture } from './fixture';

export interface CheckOptions {
  /** The root to analyze; by default the directory of the first file. */
  root?: string;
  features?: string[];
  allFeatures?: boolean;
  sharedDeps?: string[];
}

export function analyzeFixture(source: string, options: CheckOptions = {}): { fixture: Fixture; analysis: RootAnalysis } {
  const fixture = parseFixture(source);
  const first = [...fixture.files.keys()][0]!;
  const root = options.root ?? first.slice(0, first.lastIndexOf('/'));
  const fs = new MemoryFileSystem(fixture.files);
  const analysis = analyzeRoot(fs, root, {
    features: new Set(options.features ?? []),
    allFeatures: options.allFeatures ?? false,
    ...(options.sharedDeps ? { sharedDeps: options.sharedDeps } : {}),
  });
  return { fixture, analysis };
}

/**
 * Asserts that the diagnostics of the fixture are exactly its `error:`/`warning:` annotations:
 * same files, same ranges, same messages (newlines in messages compare as spaces).
 */
export function checkDiagnostics(source: string, options: CheckOptions = {}): void {
  const { fixture, analysis } = analyzeFixture(source, options);
  const actual = analysis.diagnostics.map((d) => ({ ...d, text: `${d.severity}: ${d.message.replace(/\s*\n\s*/g, ' ')}` }));
  const expected = fixture.annotations.filter((a) => /^(error|warning):/.test(a.text));
  assert.deepEqual(describeLocated(fixture.files, actual), describeLocated(fixture.files, expected));
}

/** A feature snapshot of a fixture, with its cursor and labelled ranges. */
export function snapshotOf(source: string, options: CheckOptions = {}) {
  const { fixture, analysis } = analyzeFixture(source, options);
  const snapshot = createSnapshot(analysis);
  const cursor = fixture.cursor ?? { file: [...fixture.files.keys()][0]!, offset: 0 };
  const labelled = (label: string) =>
    fixture.annotations.filter((a) => a.text === label).map((a) => ({ file: a.file, start: a.start, end: a.end }));
  return { fixture, snapshot, cursor, labelled };
}
