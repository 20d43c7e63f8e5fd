import type { Definition } from '../semantics/symbols';
import type * as ast from '../syntax/ast';
import { followUse, type FileRange, type Snapshot } from './snapshot';

function nameRange(def: Definition): FileRange {
  return { file: def.file, start: def.nameStart, end: def.nameEnd };
}

/** Where the name under the cursor is declared (through `use`s, to the original). */
export function findDefinition(snapshot: Snapshot, file: string, offset: number): FileRange | undefined {
  const { reference, definition } = snapshot.index.at(file, offset);
  if (!definition) return undefined;
  return nameRange(reference ? followUse(snapshot, definition) : definition);
}

/** The declaration of the type of the field, parameter, case or alias under the cursor. */
export function findTypeDefinition(snapshot: Snapshot, file: string, offset: number): FileRange | undefined {
  const { definition } = snapshot.index.at(file, offset);
  if (!definition) return undefined;
  const def = followUse(snapshot, definition);
  const node = def.node;
  let ty: ast.TypeExpr | undefined;
  if (node.kind === 'field') ty = node.field.type;
  else if (node.kind === 'param') ty = node.param.type;
  else if (node.kind === 'case' && 'type' in node.variantCase) ty = node.variantCase.type;
  else if (node.kind === 'type' && 'span' in node.decl.type && isTypeExpr(node.decl.type)) ty = node.decl.type;
  else if (node.kind === 'type') return nameRange(def);
  const named = ty && innermostName(ty);
  if (!named) return undefined;
  const target = snapshot.index.at(def.file, named.start).reference?.target;
  return target ? nameRange(followUse(snapshot, target)) : undefined;
}

function isTypeExpr(body: ast.TypeDefBody): body is ast.TypeExpr {
  return !['record', 'variant', 'enum', 'flags', 'resource'].includes(body.kind);
}

/** The named type inside `ty` (`list<option<point>>` → `point`). */
function innermostName(ty: ast.TypeExpr): ast.Id | undefined {
  switch (ty.kind) {
    case 'name':
      return ty.id;
    case 'handle':
      return ty.resource;
    case 'list':
    case 'option':
      return innermostName(ty.element);
    case 'future':
    case 'stream':
      return ty.element && innermostName(ty.element);
    case 'result':
      return (ty.ok && innermostName(ty.ok)) ?? (ty.err && innermostName(ty.err));
    case 'tuple':
      return ty.types.map(innermostName).find((n) => n);
    case 'map':
      return innermostName(ty.value) ?? innermostName(ty.key);
    default:
      return undefined;
  }
}

/** Every place that names the same thing as the name under the cursor. */
export function findReferences(snapshot: Snapshot, file: string, offset: number, includeDeclaration: boolean): FileRange[] {
  const { reference, definition } = snapshot.index.at(file, offset);
  if (!definition) return [];
  const def = reference ? followUse(snapshot, definition) : definition;
  const ranges = sameSymbol(snapshot, def)
    .flatMap((d) => [
      ...(includeDeclaration || d !== def ? [nameRange(d)] : []),
      ...snapshot.index.referencesTo(d).map((r) => ({ file: r.file, start: r.start, end: r.end })),
    ]);
  return dedupe(ranges);
}

/**
 * A definition and the `use` bindings that re-export it under the same name: renaming or
 * listing references of a type includes the `use i.{t}` that brought it into scope.
 */
export function sameSymbol(snapshot: Snapshot, def: Definition): Definition[] {
  const result = [def];
  for (let i = 0; i < result.length; i++) {
    for (const r of snapshot.index.referencesTo(result[i]!)) {
      const alias = snapshot.index.definitionNamedAt({ file: r.file, start: r.start, end: r.end });
      if (alias && alias.kind === 'use' && alias !== result[i] && !result.includes(alias)) result.push(alias);
    }
  }
  return result;
}

export function documentHighlights(snapshot: Snapshot, file: string, offset: number): FileRange[] {
  return findReferences(snapshot, file, offset, true).filter((r) => r.file === file);
}

function dedupe(ranges: FileRange[]): FileRange[] {
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const key = `${r.file}\0${r.start}\0${r.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
