/**
 * Quick fixes and source actions: did-you-mean for unknown names, adding the missing `use`
 * for a type defined in another interface, removing unused `use` names (reported as hints),
 * and sorting the `use` statements of a file.
 */
import type { Diagnostic } from '../diagnostic';
import { formatVersion } from '../syntax/semver';
import type * as ast from '../syntax/ast';
import type { Definition } from '../semantics/symbols';
import { writeId } from './declarationText';
import type { Edit } from './rename';
import type { Snapshot } from './snapshot';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'source.organizeImports';
  edits: Edit[];
  /** The diagnostic it fixes. */
  diagnostic?: Diagnostic;
  isPreferred?: boolean;
}

const BUILTINS = ['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string', 'error-context'];

/** Hints for `use` names nothing refers to (the editor greys them out). */
export function unusedUses(snapshot: Snapshot, file: string): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const def of snapshot.index.definitionsIn(file)) {
    if (def.kind !== 'use' || !def.container || def.node.kind !== 'use' || !def.node.name) continue;
    if (snapshot.index.referencesTo(def).length > 0) continue;
    result.push({
      file,
      start: def.nameStart,
      end: def.nameEnd,
      message: `\`${def.name}\` is never used`,
      code: 'unused-use',
      severity: 'hint',
    });
  }
  return result;
}

export function codeActions(snapshot: Snapshot, file: string, range: { start: number; end: number }, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const text = snapshot.analysis.files.get(file)?.text ?? '';
  for (const d of diagnostics) {
    if (d.file !== file || d.end < range.start || d.start > range.end) continue;
    if (d.code === 'unknown-name') {
      const name = text.slice(d.start, d.end).replace(/^%/, '');
      actions.push(...didYouMean(snapshot, d, name), ...addMissingUse(snapshot, d, name));
    } else if (d.code === 'unused-use') {
      const def = snapshot.index.definitionNamedAt(d);
      if (def) actions.push({ title: `Remove unused \`${def.name}\``, kind: 'quickfix', edits: removeUseName(text, def), diagnostic: d, isPreferred: true });
    }
  }
  const organize = organizeUses(snapshot, file);
  if (organize.length > 0) actions.push({ title: 'Sort `use` statements', kind: 'source.organizeImports', edits: organize });
  return actions;
}

function didYouMean(snapshot: Snapshot, d: Diagnostic, name: string): CodeAction[] {
  const candidates = new Set<string>();
  const scope = scopeAt(snapshot, d.file, d.start);
  if (/^interface or world/.test(d.message)) {
    for (const def of snapshot.index.definitions) if ((def.kind === 'interface' || def.kind === 'world') && !def.container?.container) candidates.add(def.name);
  } else {
    if (scope) for (const def of snapshot.index.definitionsIn(scope.file)) if (def.container === scope && (def.kind === 'type' || def.kind === 'use')) candidates.add(def.name);
    BUILTINS.forEach((b) => candidates.add(b));
  }
  return [...candidates]
    .map((c) => ({ c, distance: editDistance(name, c) }))
    .filter(({ c, distance }) => c !== name && distance <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map(({ c }, i) => ({
      title: `Change to \`${c}\``,
      kind: 'quickfix' as const,
      edits: [{ file: d.file, start: d.start, end: d.end, newText: writeId(c) }],
      diagnostic: d,
      ...(i === 0 ? { isPreferred: true } : {}),
    }));
}

function addMissingUse(snapshot: Snapshot, d: Diagnostic, name: string): CodeAction[] {
  if (!/^(type|name) `/.test(d.message)) return [];
  const scope = scopeAt(snapshot, d.file, d.start);
  if (!scope) return [];
  const body = bodyOf(scope);
  if (!body) return [];
  const ownFiles = new Set(snapshot.analysis.packages.find((p) => p.group.files.includes(d.file))?.group.files ?? [d.file]);
  const actions: CodeAction[] = [];
  for (const def of snapshot.index.definitions) {
    if (def.kind !== 'type' || def.name !== name || !def.container || def.container === scope || def.container.kind !== 'interface') continue;
    const path = ownFiles.has(def.file) ? writeId(def.container.name) : qualifiedName(snapshot, def.container);
    if (!path) continue;
    const text = snapshot.analysis.files.get(d.file)!.text;
    const { at, indent } = insertionPoint(text, body);
    actions.push({
      title: `Add \`use ${path}.{${writeId(name)}}\``,
      kind: 'quickfix',
      edits: [{ file: d.file, start: at, end: at, newText: `\n${indent}use ${path}.{${writeId(name)}};` }],
      diagnostic: d,
    });
  }
  return actions;
}

/** `ns:pkg/iface@version` of an interface declared in a dependency. */
function qualifiedName(snapshot: Snapshot, iface: Definition): string | undefined {
  const resolve = snapshot.analysis.resolve;
  for (const pkg of resolve.packages) {
    const id = pkg.interfaces.get(iface.name);
    if (id === undefined || resolve.interfaces[id]!.span.file !== iface.file || resolve.interfaces[id]!.span.start !== iface.nameStart) continue;
    return `${pkg.name.namespace}:${pkg.name.name}/${writeId(iface.name)}${pkg.name.version ? `@${formatVersion(pkg.name.version)}` : ''}`;
  }
  return undefined;
}

function scopeAt(snapshot: Snapshot, file: string, offset: number): Definition | undefined {
  let best: Definition | undefined;
  for (const def of snapshot.index.definitionsIn(file)) {
    const scope = def.kind === 'interface' || def.kind === 'world' || ((def.kind === 'import' || def.kind === 'export') && def.node.kind === 'interface');
    if (scope && def.start <= offset && offset <= def.end && (!best || def.start >= best.start)) best = def;
  }
  return best;
}

function bodyOf(scope: Definition): { body: ast.Range; items: (ast.InterfaceItem | ast.WorldItem)[] } | undefined {
  const node = scope.node;
  if (node.kind === 'interface' && node.decl.body) return { body: node.decl.body, items: node.decl.items };
  if (node.kind === 'world' && node.decl.body) return { body: node.decl.body, items: node.decl.items };
  return undefined;
}

/** After the last `use` of the body, or after its `{`; with the indentation of its members. */
function insertionPoint(text: string, body: { body: ast.Range; items: (ast.InterfaceItem | ast.WorldItem)[] }): { at: number; indent: string } {
  const uses = body.items.filter((i) => i.kind === 'use');
  const first = body.items[0];
  const lineStart = first ? text.lastIndexOf('\n', first.start - 1) + 1 : -1;
  const indent = first && /^[ \t]*$/.test(text.slice(lineStart, first.start)) ? text.slice(lineStart, first.start) : '  ';
  const at = uses.length > 0 ? uses[uses.length - 1]!.end : body.body.start + 1;
  return { at, indent };
}

function removeUseName(text: string, def: Definition): Edit[] {
  if (def.node.kind !== 'use' || !('names' in def.node.use)) return [];
  const use = def.node.use;
  if (use.names.length === 1) {
    // The whole statement, with its line when it has one of its own.
    const lineStart = text.lastIndexOf('\n', use.start - 1) + 1;
    const lineEnd = text.indexOf('\n', use.end);
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, use.start)) && /^[ \t]*$/.test(text.slice(use.end, lineEnd < 0 ? text.length : lineEnd));
    return ownLine
      ? [{ file: def.file, start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, newText: '' }]
      : [{ file: def.file, start: use.start, end: use.end, newText: '' }];
  }
  const index = use.names.indexOf(def.node.name!);
  const name = use.names[index]!;
  const end = (name.as ?? name.name).end;
  const next = use.names[index + 1];
  const prev = use.names[index - 1];
  return next
    ? [{ file: def.file, start: name.name.start, end: next.name.start, newText: '' }]
    : [{ file: def.file, start: (prev!.as ?? prev!.name).end, end, newText: '' }];
}

/** Sorts each run of consecutive `use` statements by path, and the names in each. */
function organizeUses(snapshot: Snapshot, file: string): Edit[] {
  const tree = snapshot.analysis.files.get(file);
  if (!tree || tree.errors.length > 0) return [];
  const text = tree.text;
  const edits: Edit[] = [];
  const bodies: (ast.InterfaceItem | ast.WorldItem)[][] = [];
  const collect = (items: ast.TopLevelItem[]) => {
    for (const item of items) {
      if (item.kind === 'interface' || item.kind === 'world') bodies.push(item.items);
      else if (item.kind === 'package') collect(item.items);
    }
  };
  collect(tree.items);
  for (const items of bodies) {
    let run: ast.UseDecl[] = [];
    const flush = () => {
      if (run.length > 0) edits.push(...sortRun(text, file, run));
      run = [];
    };
    for (const item of items) {
      if (item.kind === 'use' && item.docs.comments.length === 0 && item.attributes.length === 0) run.push(item);
      else flush();
    }
    flush();
  }
  return edits;
}

function sortRun(text: string, file: string, run: ast.UseDecl[]): Edit[] {
  const rendered = run.map((u) => {
    const path = text.slice(u.from!.start, u.from!.end);
    const names = [...u.names]
      .map((n) => text.slice(n.name.start, (n.as ?? n.name).end))
      .sort((a, b) => a.localeCompare(b))
      .join(', ');
    return { path, source: `use ${path}.{${names}};` };
  });
  const sorted = [...rendered].sort((a, b) => a.path.localeCompare(b.path));
  const edits: Edit[] = [];
  run.forEach((u, i) => {
    if (text.slice(u.start, u.end) !== sorted[i]!.source) edits.push({ file, start: u.start, end: u.end, newText: sorted[i]!.source });
  });
  return edits;
}

/** Levenshtein distance with transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

