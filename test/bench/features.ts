/**
 * Latencies of the language features on the generated workspace, as the language server runs
 * them: a snapshot (analysis + symbol index) per edit, then hover, definition, references and
 * completion at identifiers of the main package; and "diagnostics after a keystroke": the
 * re-check, the new snapshot and the unused-use hints the server publishes with the errors.
 */
import { unusedUses } from '../../server/src/features/codeActions';
import { completions } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { findDefinition, findReferences } from '../../server/src/features/navigation';
import { createSnapshot } from '../../server/src/features/snapshot';
import { AnalysisMemo, analyzeRoot } from '../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../server/src/semantics/memoryFileSystem';
import { ParseCache } from '../../server/src/semantics/parseCache';
import { Rng, tokenize } from '../helpers/mutate';
import type { Workspace } from './generate';

const noFeatures = { features: new Set<string>(), allFeatures: false };

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export interface FeatureSamples {
  hover: number[];
  definition: number[];
  references: number[];
  completion: number[];
  diagnosticsAfterEdit: number[];
}

export function measureFeatures(ws: Workspace, requests = 1000, edits = 200): FeatureSamples {
  const fs = new MemoryFileSystem(ws.files);
  const cache = new ParseCache();
  const memo = new AnalysisMemo();
  const rng = new Rng(11);
  const publish = () => {
    const snapshot = createSnapshot(analyzeRoot(fs, ws.root, noFeatures, cache.parse, memo));
    for (const file of snapshot.analysis.files.keys()) unusedUses(snapshot, file);
    return snapshot;
  };
  let snapshot = publish();
  const samples: FeatureSamples = { hover: [], definition: [], references: [], completion: [], diagnosticsAfterEdit: [] };

  const identifiers = ws.mainFiles.flatMap((file) =>
    tokenize(ws.files.get(file)!)
      .filter((t) => t.kind === 'ident')
      .map((t) => ({ file, offset: t.start + 1 })),
  );
  for (let i = 0; i < 50 + requests; i++) {
    const at = rng.pick(identifiers);
    const h = time(() => hover(snapshot, at.file, at.offset));
    const d = time(() => findDefinition(snapshot, at.file, at.offset));
    const r = time(() => findReferences(snapshot, at.file, at.offset, true));
    const c = time(() => completions(snapshot, at.file, at.offset));
    if (i >= 50) {
      samples.hover.push(h);
      samples.definition.push(d);
      samples.references.push(r);
      samples.completion.push(c);
    }
  }

  for (let i = 0; i < 20 + edits; i++) {
    const path = rng.pick(ws.mainFiles);
    const original = ws.files.get(path)!;
    const at = rng.pick(tokenize(original).filter((t) => t.kind === 'ident')).start + 1;
    fs.write(path, `${original.slice(0, at)}x${original.slice(at)}`);
    const broke = time(() => (snapshot = publish()));
    fs.write(path, original);
    const fixed = time(() => (snapshot = publish()));
    if (i >= 20) samples.diagnosticsAfterEdit.push(broke, fixed);
  }
  return samples;
}
