/**
 * Semantic tokens for the names of a file: every declared name and every resolved reference,
 * typed by what it names (a reference through `use` bindings by the original declaration).
 * Keywords, builtin types, literals and comments are left to the TextMate grammar.
 */
import type { Attribute } from '../syntax/ast';
import { TokenKind, tokensWithin, type Token } from '../syntax/tokens';
import type { Definition } from '../semantics/symbols';
import { followUse, type Snapshot } from './snapshot';

/** The token types, in legend order (their index is the LSP encoding). */
export const SEMANTIC_TOKEN_TYPES = [
  'namespace',
  'interface',
  'type',
  'struct',
  'enum',
  'class',
  'function',
  'method',
  'property',
  'enumMember',
  'parameter',
] as const;

/** The token modifiers, in legend order (bit `1 << index` in the LSP encoding). */
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'deprecated', 'defaultLibrary'] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

/** The legend to advertise (`SemanticTokensLegend` of LSP). */
export const SEMANTIC_TOKENS_LEGEND: { tokenTypes: readonly SemanticTokenType[]; tokenModifiers: readonly SemanticTokenModifier[] } = {
  tokenTypes: SEMANTIC_TOKEN_TYPES,
  tokenModifiers: SEMANTIC_TOKEN_MODIFIERS,
};

export interface SemanticToken {
  start: number;
  length: number;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

/** The tokens of `file`, sorted by `start` and non-overlapping. */
export function semanticTokens(snapshot: Snapshot, file: string): SemanticToken[] {
  const tree = snapshot.analysis.files.get(file);
  if (!tree) return [];
  const own = new Set(snapshot.analysis.layout.main?.files ?? []);
  const tokens: SemanticToken[] = [];
  const referenced = new Set<number>();

  const described = new Map<Definition, { type: SemanticTokenType; modifiers: SemanticTokenModifier[] }>();
  const describe = (def: Definition, declaration: boolean) => {
    let info = described.get(def);
    if (!info) {
      const target = followUse(snapshot, def);
      const modifiers: SemanticTokenModifier[] = [];
      if (isDeprecated(def) || (target !== def && isDeprecated(target))) modifiers.push('deprecated');
      if (!own.has(target.file)) modifiers.push('defaultLibrary');
      described.set(def, (info = { type: tokenTypeOf(target), modifiers }));
    }
    return { type: info.type, modifiers: declaration ? ['declaration' as const, ...info.modifiers] : [...info.modifiers] };
  };

  for (const ref of snapshot.index.referencesIn(file)) {
    referenced.add(ref.start);
    const { type, modifiers } = describe(ref.target, false);
    // A package reference (`ns:pkg` of a path) spans punctuation: mark its identifiers.
    for (const id of identifiersIn(tree.tokens, ref.start, ref.end)) {
      tokens.push({ start: id.start, length: id.end - id.start, type, modifiers: [...modifiers] });
    }
  }

  for (const def of snapshot.index.definitionsIn(file)) {
    // `use i.{t}` both refers to `t` and binds it: it is shown as the reference.
    if (referenced.has(def.nameStart)) continue;
    const { type, modifiers } = describe(def, true);
    if (def.node.kind === 'package') {
      const name = def.node.name;
      for (const id of [name.namespace, name.name]) {
        if (id) tokens.push({ start: id.start, length: id.end - id.start, type, modifiers: [...modifiers] });
      }
      continue;
    }
    if (def.nameEnd > def.nameStart) tokens.push({ start: def.nameStart, length: def.nameEnd - def.nameStart, type, modifiers });
  }

  tokens.sort((a, b) => a.start - b.start || b.length - a.length);
  const result: SemanticToken[] = [];
  let end = -1;
  for (const t of tokens) {
    if (t.start < end || t.length <= 0) continue;
    result.push(t);
    end = t.start + t.length;
  }
  return result;
}

/** The token type of what a declaration declares. */
export function tokenTypeOf(def: Definition): SemanticTokenType {
  const node = def.node;
  switch (node.kind) {
    case 'package':
      return 'namespace';
    case 'interface':
    case 'world':
    case 'named-path':
      return 'interface';
    case 'type':
      switch (node.decl.type.kind) {
        case 'record':
          return 'struct';
        case 'variant':
        case 'enum':
        case 'flags':
          return 'enum';
        case 'resource':
          return 'class';
        default:
          return 'type';
      }
    case 'function': {
      const kind = node.decl.kind;
      return kind === 'method' || kind === 'static' || kind === 'constructor' ? 'method' : 'function';
    }
    case 'field':
      return 'property';
    case 'case':
    case 'flag':
      return 'enumMember';
    case 'param':
      return 'parameter';
    case 'use':
      // An unresolved binding: a type from `use i.{t}`, an interface from a top-level `use`.
      return node.name ? 'type' : 'interface';
  }
}

function attributesOf(def: Definition): readonly Attribute[] {
  const node = def.node;
  switch (node.kind) {
    case 'interface':
      return 'attributes' in node.decl ? node.decl.attributes : (node.item?.attributes ?? []);
    case 'world':
    case 'type':
      return node.decl.attributes;
    case 'function':
      return 'attributes' in node.decl ? node.decl.attributes : (node.item?.attributes ?? []);
    case 'named-path':
      return node.item.attributes;
    case 'use':
      return node.use.attributes;
    default:
      return [];
  }
}

function isDeprecated(def: Definition): boolean {
  return attributesOf(def).some((a) => a.kind === 'deprecated');
}

/** The identifier tokens inside `[start, end)`. */
function identifiersIn(tokens: readonly Token[], start: number, end: number): Token[] {
  return tokensWithin(tokens, start, end).filter((t) => t.kind === TokenKind.Id || t.kind === TokenKind.ExplicitId);
}
