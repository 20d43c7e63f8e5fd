import { validateId } from '../syntax/lexer';
import { KEYWORDS } from '../syntax/tokens';
import { findReferences, sameSymbol } from './navigation';
import { followUse, type FileRange, type Snapshot } from './snapshot';

export interface Edit extends FileRange {
  newText: string;
}

export type RenameResult = { ok: true; edits: Edit[] } | { ok: false; message: string };

/** The range of the name that would be renamed, or why it cannot be. */
export function prepareRename(snapshot: Snapshot, file: string, offset: number): { ok: true; range: FileRange } | { ok: false; message: string } {
  const { reference, definition } = snapshot.index.at(file, offset);
  if (!definition) return { ok: false, message: 'There is no WIT name here to rename.' };
  const def = reference ? followUse(snapshot, definition) : definition;
  if (def.kind === 'package') return { ok: false, message: 'Packages cannot be renamed: change the package header and every reference to it.' };
  const range = reference ?? { file, start: definition.nameStart, end: definition.nameEnd };
  return { ok: true, range: { file, start: range.start, end: range.end } };
}

/** Checks a new name: kebab-case, and a keyword only when written with `%`. */
export function checkNewName(newName: string): { ok: true; text: string } | { ok: false; message: string } {
  const explicit = newName.startsWith('%');
  const name = explicit ? newName.slice(1) : newName;
  const problem = validateId(name);
  if (problem) return { ok: false, message: `\`${newName}\` is not a valid WIT identifier: ${problem}.` };
  if (!explicit && KEYWORDS.has(name)) {
    return { ok: false, message: `\`${name}\` is a WIT keyword; write \`%${name}\` to use it as a name.` };
  }
  return { ok: true, text: newName };
}

export function rename(snapshot: Snapshot, file: string, offset: number, newName: string): RenameResult {
  const prepared = prepareRename(snapshot, file, offset);
  if (!prepared.ok) return prepared;
  const checked = checkNewName(newName);
  if (!checked.ok) return checked;
  const { reference, definition } = snapshot.index.at(file, offset);
  const def = reference ? followUse(snapshot, definition!) : definition!;
  const bare = checked.text.replace(/^%/, '');
  const clash = snapshot.index
    .definitionsIn(def.file)
    .find((d) => d !== def && d.container === def.container && d.name === bare && (d.kind === 'param') === (def.kind === 'param'));
  if (clash && sameSymbol(snapshot, def).indexOf(clash) < 0) {
    return { ok: false, message: `\`${bare}\` is already defined ${def.container ? `in ${def.container.kind} \`${def.container.name}\`` : 'here'}.` };
  }
  const edits = findReferences(snapshot, file, offset, true).map((r) => ({ ...r, newText: checked.text }));
  return { ok: true, edits };
}
