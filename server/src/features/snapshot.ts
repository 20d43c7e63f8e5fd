import type { RootAnalysis } from '../semantics/analyze';
import { buildSymbolIndex, type Definition, type SymbolIndex } from '../semantics/symbols';
import type * as ast from '../syntax/ast';
import { docsText } from '../semantics/docs';

/** What every feature works on: one analysed root and its symbol index. Immutable. */
export interface Snapshot {
  analysis: RootAnalysis;
  index: SymbolIndex;
}

export function createSnapshot(analysis: RootAnalysis): Snapshot {
  return { analysis, index: buildSymbolIndex(analysis) };
}

export interface FileRange {
  file: string;
  start: number;
  end: number;
}

/** The documentation comments of a definition, normalised as wit-parser does. */
export function docsOf(def: Definition): string | undefined {
  const node = def.node;
  let docs: ast.Docs | undefined;
  switch (node.kind) {
    case 'package':
      docs = node.docs;
      break;
    case 'interface':
      docs = 'docs' in node.decl ? node.decl.docs : node.item?.docs;
      break;
    case 'world':
    case 'type':
      docs = node.decl.docs;
      break;
    case 'function':
      docs = 'docs' in node.decl ? node.decl.docs : node.item?.docs;
      break;
    case 'field':
      docs = node.field.docs;
      break;
    case 'case':
      docs = node.variantCase.docs;
      break;
    case 'flag':
      docs = node.flag.docs;
      break;
    case 'named-path':
      docs = node.item.docs;
      break;
    case 'use':
      docs = node.use.docs;
      break;
    case 'param':
      docs = undefined;
  }
  return docs && docsText(docs);
}

/** The definition a `use` binding names, following chains of `use`s. */
export function followUse(snapshot: Snapshot, def: Definition): Definition {
  const seen = new Set<Definition>();
  let cur = def;
  while (cur.kind === 'use' && !seen.has(cur)) {
    seen.add(cur);
    const node = cur.node;
    if (node.kind !== 'use') break;
    const at = node.name ? node.name.name : 'path' in node.use && node.use.path ? (node.use.path.kind === 'id' ? node.use.path.id : node.use.path.name) : undefined;
    const target = at && snapshot.index.at(cur.file, at.start).reference?.target;
    if (!target || target === cur) break;
    cur = target;
  }
  return cur;
}
