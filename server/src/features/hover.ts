import type { Definition } from '../semantics/symbols';
import { TokenKind, type Token } from '../syntax/tokens';
import { declarationText } from './declarationText';
import { docsOf, followUse, type FileRange, type Snapshot } from './snapshot';

export interface Hover extends FileRange {
  /** Markdown. */
  contents: string;
}

const BUILTIN_TYPES: Partial<Record<TokenKind, string>> = {
  [TokenKind.Bool]: '`bool`: a boolean, `true` or `false`.',
  [TokenKind.U8]: '`u8`: an unsigned 8-bit integer.',
  [TokenKind.U16]: '`u16`: an unsigned 16-bit integer.',
  [TokenKind.U32]: '`u32`: an unsigned 32-bit integer.',
  [TokenKind.U64]: '`u64`: an unsigned 64-bit integer.',
  [TokenKind.S8]: '`s8`: a signed 8-bit integer.',
  [TokenKind.S16]: '`s16`: a signed 16-bit integer.',
  [TokenKind.S32]: '`s32`: a signed 32-bit integer.',
  [TokenKind.S64]: '`s64`: a signed 64-bit integer.',
  [TokenKind.F32]: '`f32`: a 32-bit IEEE 754 floating-point number.',
  [TokenKind.F64]: '`f64`: a 64-bit IEEE 754 floating-point number.',
  [TokenKind.Char]: '`char`: a Unicode scalar value.',
  [TokenKind.String]: '`string`: a sequence of Unicode scalar values.',
  [TokenKind.List]: '`list<T>`: a sequence of `T`; `list<T, N>` has exactly `N` elements.',
  [TokenKind.Map]: '`map<K, V>`: a map from keys `K` (integers, `bool`, `char` or `string`) to values `V`.',
  [TokenKind.Option]: '`option<T>`: a `T` or nothing.',
  [TokenKind.Result]: '`result<T, E>`: success `T` or error `E`; either may be omitted (`result<T>`, `result<_, E>`, `result`).',
  [TokenKind.Tuple]: '`tuple<T, …>`: a fixed sequence of values of the given types.',
  [TokenKind.Future]: '`future<T>`: a value `T` that becomes available later (component-model async).',
  [TokenKind.Stream]: '`stream<T>`: a sequence of `T` values arriving over time (component-model async).',
  [TokenKind.ErrorContext]: '`error-context`: an opaque error, with a debug message, passed across components.',
  [TokenKind.Own]: '`own<R>`: an owned handle to a resource `R` (the same as writing `R`).',
  [TokenKind.Borrow]: '`borrow<R>`: a borrowed handle to a resource `R`, valid for the duration of a call.',
};

export function hover(snapshot: Snapshot, file: string, offset: number): Hover | undefined {
  const { reference, definition } = snapshot.index.at(file, offset);
  if (definition) {
    const range = reference ?? { start: definition.nameStart, end: definition.nameEnd };
    return { file, start: range.start, end: range.end, contents: describe(snapshot, definition) };
  }
  const token = tokenAt(snapshot, file, offset);
  const builtin = token && BUILTIN_TYPES[token.kind];
  return token && builtin ? { file, start: token.start, end: token.end, contents: builtin } : undefined;
}

function tokenAt(snapshot: Snapshot, file: string, offset: number): Token | undefined {
  const tokens = snapshot.analysis.files.get(file)?.tokens ?? [];
  return tokens.find((t) => t.start <= offset && offset < t.end && t.kind !== TokenKind.Whitespace);
}

/** Markdown for a definition: its WIT, where it is, what it resolves to, its docs. */
export function describe(snapshot: Snapshot, def: Definition): string {
  const parts = [code(declarationText(def))];
  const where = containerText(def);
  if (where) parts.push(`*in* ${where}`);
  const target = followUse(snapshot, def);
  if (target !== def) {
    parts.push(`resolves to ${containerText(target, true) ?? ''}`.trim());
    parts.push(code(declarationText(target)));
  }
  const docs = docsOf(target) ?? docsOf(def);
  if (docs) parts.push('---', docs);
  return parts.join('\n\n');
}

function code(text: string): string {
  return `\`\`\`wit\n${text}\n\`\`\``;
}

/** "in interface `i` of `a:b@1.0.0`" */
function containerText(def: Definition, includeSelf = false): string | undefined {
  const chain: string[] = [];
  for (let c = includeSelf ? def : def.container; c; c = c.container) {
    if (c.kind === 'package') chain.push(`package \`${c.name}\``);
    else chain.push(`${kindLabel(c)} \`${c.name}\``);
  }
  return chain.length ? chain.join(' · ') : undefined;
}

function kindLabel(def: Definition): string {
  if (def.kind === 'type' && def.node.kind === 'type') {
    const body = def.node.decl.type.kind;
    return ['record', 'variant', 'enum', 'flags', 'resource'].includes(body) ? body : 'type';
  }
  return def.kind === 'import' || def.kind === 'export' ? def.kind : def.kind === 'function' ? 'func' : def.kind;
}
