/**
 * Completion: what may be written at the cursor, worked out from the tokens before it and
 * the body it is in — keywords and snippets that start a statement there, types in scope in
 * a type position, interfaces and worlds (local and from deps/) after `use`, `include`,
 * `import` and `export`, and the names an interface offers inside `use path.{ … }`.
 */
import { formatPackageName } from '../semantics/model';
import type { Definition } from '../semantics/symbols';
import { formatVersion } from '../syntax/semver';
import { isTrivia, TokenKind, type Token } from '../syntax/tokens';
import { declarationText, writeId } from './declarationText';
import { docsOf, followUse, type Snapshot } from './snapshot';

export type CompletionKind = 'keyword' | 'snippet' | 'type' | 'builtin' | 'interface' | 'world' | 'package' | 'attribute';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (a snippet with `${1:…}` tab stops when `snippet` is set); defaults to the label. */
  insertText?: string;
  snippet?: boolean;
  /** The text the item replaces (the partial word before the cursor). */
  replaceStart: number;
  replaceEnd: number;
  sortText?: string;
}

type BodyKind = 'top' | 'package' | 'interface' | 'world' | 'resource' | 'record' | 'variant' | 'enum' | 'flags' | 'params' | 'other';

const BUILTIN_TYPES: [string, string | undefined][] = [
  ['bool', undefined],
  ['u8', undefined],
  ['u16', undefined],
  ['u32', undefined],
  ['u64', undefined],
  ['s8', undefined],
  ['s16', undefined],
  ['s32', undefined],
  ['s64', undefined],
  ['f32', undefined],
  ['f64', undefined],
  ['char', undefined],
  ['string', undefined],
  ['error-context', undefined],
  ['list', 'list<${1:u8}>'],
  ['option', 'option<${1:u32}>'],
  ['result', 'result<${1:u32}, ${2:string}>'],
  ['tuple', 'tuple<${1:u32}, ${2:u32}>'],
  ['map', 'map<${1:string}, ${2:u32}>'],
  ['future', 'future<${1:u32}>'],
  ['stream', 'stream<${1:u8}>'],
  ['own', 'own<${1}>'],
  ['borrow', 'borrow<${1}>'],
];

/** Type definitions, written the same way in interfaces and worlds. */
const TYPE_SNIPPETS: [string, string, string][] = [
  ['record', 'record ${1:name} {\n\t${2:field}: ${3:u32},\n}', 'record'],
  ['variant', 'variant ${1:name} {\n\t${2:case}(${3:u32}),\n}', 'variant'],
  ['enum', 'enum ${1:name} {\n\t${2:case},\n}', 'enum'],
  ['flags', 'flags ${1:name} {\n\t${2:flag},\n}', 'flags'],
];
const USE_SNIPPET: [string, string, string] = ['use', 'use ${1:interface}.{${2:name}};', 'use types of an interface'];
const ALIAS_SNIPPET: [string, string, string] = ['type', 'type ${1:name} = ${2:u32};', 'type alias'];

const SNIPPETS: Record<string, [string, string, string][]> = {
  top: [
    ['package', 'package ${1:namespace}:${2:name}@${3:0.1.0};', 'package header'],
    ['interface', 'interface ${1:name} {\n\t$0\n}', 'interface'],
    ['world', 'world ${1:name} {\n\t$0\n}', 'world'],
    ['use', 'use ${1:interface};', 'top-level use'],
  ],
  interface: [
    ['func', '${1:name}: func(${2}) -> ${3:u32};', 'function'],
    ...TYPE_SNIPPETS,
    ['resource', 'resource ${1:name} {\n\tconstructor(${2});\n\t${3:method}: func(${4}) -> ${5:u32};\n}', 'resource'],
    ALIAS_SNIPPET,
    USE_SNIPPET,
  ],
  world: [
    ['import', 'import ${1:interface};', 'import an interface'],
    ['export', 'export ${1:interface};', 'export an interface'],
    ['import func', 'import ${1:name}: func(${2}) -> ${3:u32};', 'import a function'],
    ['export func', 'export ${1:name}: func(${2}) -> ${3:u32};', 'export a function'],
    ['include', 'include ${1:world};', 'include a world'],
    USE_SNIPPET,
    ...TYPE_SNIPPETS,
    ['resource', 'resource ${1:name};', 'resource'],
    ALIAS_SNIPPET,
  ],
  resource: [
    ['constructor', 'constructor(${1});', 'constructor'],
    ['method', '${1:name}: func(${2}) -> ${3:u32};', 'method'],
    ['static', '${1:name}: static func(${2}) -> ${3:u32};', 'static function'],
  ],
};

const ATTRIBUTES: [string, string][] = [
  ['since', 'since(version = ${1:0.1.0})'],
  ['unstable', 'unstable(feature = ${1:name})'],
  ['deprecated', 'deprecated(version = ${1:0.1.0})'],
  ['external-id', 'external-id("${1}")'],
];

export function completions(snapshot: Snapshot, file: string, offset: number): CompletionItem[] {
  const tree = snapshot.analysis.files.get(file);
  if (!tree) return [];
  const tokens = tree.tokens;
  const at = tokens.findIndex((t) => t.start < offset && offset <= t.end && t.kind !== TokenKind.Eof);
  const current = at >= 0 ? tokens[at]! : undefined;
  if (current && (current.kind === TokenKind.Comment || (current.kind === TokenKind.StringLiteral && offset < current.end))) return [];

  // The partial word being typed is replaced by the completion.
  const word = current && (current.kind === TokenKind.Id || current.kind === TokenKind.ExplicitId || isKeywordToken(current)) ? current : undefined;
  const replaceStart = word ? word.start : offset;
  const items: CompletionItem[] = [];
  const push = (item: Omit<CompletionItem, 'replaceStart' | 'replaceEnd'>) => items.push({ ...item, replaceStart, replaceEnd: offset });

  // The significant tokens before the word.
  const before: Token[] = [];
  for (const t of tokens) {
    if (t.end > replaceStart) break;
    if (!isTrivia(t.kind) && t.kind !== TokenKind.Eof) before.push(t);
  }
  const prev = before[before.length - 1];
  const prevKind = prev?.kind;
  const body = enclosingBody(before);
  const scope = enclosingScope(snapshot, file, offset);

  if (prevKind === TokenKind.At) {
    for (const [label, insertText] of ATTRIBUTES) push({ label, kind: 'attribute', insertText, snippet: true, detail: `@${label}` });
    return items;
  }

  const statementStart = [TokenKind.LeftBrace, TokenKind.Semicolon, TokenKind.RightBrace, TokenKind.RightParen, undefined].includes(prevKind);
  const pathStart = [TokenKind.Use, TokenKind.Include, TokenKind.Import, TokenKind.Export].includes(prevKind!) ? prevKind : undefined;

  if (pathStart !== undefined) {
    pathCompletions(snapshot, file, scope, pathStart, push);
    return items;
  }

  // `use path.{ … }`: the names the interface offers.
  const useTarget = usePathBeforeBrace(before);
  if (useTarget) {
    const target = snapshot.index.at(file, useTarget.start).reference?.target;
    if (target) {
      for (const def of snapshot.index.definitionsIn(target.file)) {
        if (def.container === target && (def.kind === 'type' || def.kind === 'use')) typeItem(snapshot, def, push);
      }
    }
    return items;
  }

  if (isTypePosition(before, body)) {
    const own = before.length >= 2 && (before[before.length - 2]!.kind === TokenKind.Own || before[before.length - 2]!.kind === TokenKind.Borrow) && prevKind === TokenKind.LessThan;
    if (!own) {
      for (const [label, snippet] of BUILTIN_TYPES) {
        push({ label, kind: 'builtin', ...(snippet ? { insertText: snippet, snippet: true } : {}), sortText: `2${label}` });
      }
    }
    for (const def of typesInScope(snapshot, scope)) {
      if (own && !isResource(snapshot, def)) continue;
      typeItem(snapshot, def, push);
    }
    return items;
  }

  // `name: ` at the start of a member: what a function type starts with.
  if (prevKind === TokenKind.Colon && before.length >= 2) {
    const name = before[before.length - 2]!;
    const beforeName = before[before.length - 3]?.kind;
    if (body === 'world' && (beforeName === TokenKind.Import || beforeName === TokenKind.Export) && name.kind !== TokenKind.Colon) {
      push({ label: 'func', kind: 'keyword', insertText: 'func(${1}) -> ${2:u32};', snippet: true });
      push({ label: 'async func', kind: 'keyword', insertText: 'async func(${1}) -> ${2:u32};', snippet: true });
      push({ label: 'interface', kind: 'keyword', insertText: 'interface {\n\t$0\n}', snippet: true });
      pathCompletions(snapshot, file, scope, TokenKind.Import, push);
      return items;
    }
    if (body === 'interface' || body === 'resource') {
      push({ label: 'func', kind: 'keyword', insertText: 'func(${1}) -> ${2:u32};', snippet: true });
      push({ label: 'async func', kind: 'keyword', insertText: 'async func(${1}) -> ${2:u32};', snippet: true });
      if (body === 'resource') push({ label: 'static func', kind: 'keyword', insertText: 'static func(${1}) -> ${2:u32};', snippet: true });
      return items;
    }
  }

  if (statementStart || (prevKind === TokenKind.RightParen && body !== 'params')) {
    const kind = body === 'package' ? 'top' : body;
    for (const [label, insertText, detail] of SNIPPETS[kind] ?? []) push({ label, kind: 'snippet', insertText, snippet: true, detail });
  }
  return items;
}

function isKeywordToken(t: Token): boolean {
  return t.kind >= TokenKind.Use && t.kind <= TokenKind.With;
}

/** What kind of body the cursor is in, from the unmatched opening brackets before it. */
function enclosingBody(before: Token[]): BodyKind {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const k = before[i]!.kind;
    if (k === TokenKind.RightBrace || k === TokenKind.RightParen || k === TokenKind.GreaterThan) depth++;
    else if (k === TokenKind.LeftBrace || k === TokenKind.LeftParen || k === TokenKind.LessThan) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (k === TokenKind.LessThan) return 'other';
      if (k === TokenKind.LeftParen) return isParamList(before, i) ? 'params' : 'other';
      return bodyOpenedBy(before, i);
    }
  }
  return 'top';
}

function isParamList(before: Token[], open: number): boolean {
  const k = before[open - 1]?.kind;
  return k === TokenKind.Func || k === TokenKind.Constructor;
}

/** The kind of body a `{` at `open` starts, from the tokens that lead to it. */
function bodyOpenedBy(before: Token[], open: number): BodyKind {
  for (let i = open - 1; i >= 0 && i >= open - 12; i--) {
    switch (before[i]!.kind) {
      case TokenKind.Interface:
        return 'interface';
      case TokenKind.World:
        return 'world';
      case TokenKind.Resource:
        return 'resource';
      case TokenKind.Record:
        return 'record';
      case TokenKind.Variant:
        return 'variant';
      case TokenKind.Enum:
        return 'enum';
      case TokenKind.Flags:
        return 'flags';
      case TokenKind.Package:
        return 'package';
      case TokenKind.Semicolon:
      case TokenKind.LeftBrace:
      case TokenKind.RightBrace:
        return 'other';
    }
  }
  return 'other';
}

/** Is the cursor where a type is written? */
function isTypePosition(before: Token[], body: BodyKind): boolean {
  const prev = before[before.length - 1]?.kind;
  switch (prev) {
    case TokenKind.RArrow:
      return true;
    case TokenKind.Equals:
      return before[before.length - 3]?.kind === TokenKind.Type;
    case TokenKind.LessThan:
      return true;
    case TokenKind.Colon:
      return body === 'record' || body === 'params';
    case TokenKind.Comma:
      return body === 'other' && innermostOpener(before) === TokenKind.LessThan && !isListSize(before);
    case TokenKind.LeftParen:
      return body === 'other' && before[before.length - 2]?.kind !== TokenKind.Func;
    default:
      return false;
  }
}

function innermostOpener(before: Token[]): TokenKind | undefined {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const k = before[i]!.kind;
    if (k === TokenKind.RightBrace || k === TokenKind.RightParen || k === TokenKind.GreaterThan) depth++;
    else if (k === TokenKind.LeftBrace || k === TokenKind.LeftParen || k === TokenKind.LessThan) {
      if (depth === 0) return k;
      depth--;
    }
  }
  return undefined;
}

/** `list<T, ` expects a size, not a type. */
function isListSize(before: Token[]): boolean {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const k = before[i]!.kind;
    if (k === TokenKind.GreaterThan) depth++;
    else if (k === TokenKind.LessThan) {
      if (depth === 0) return before[i - 1]?.kind === TokenKind.List;
      depth--;
    }
  }
  return false;
}

/** The last name of the path in `use path.{ …`, when the cursor is in those braces. */
function usePathBeforeBrace(before: Token[]): Token | undefined {
  for (let i = before.length - 1; i >= 1; i--) {
    const k = before[i]!.kind;
    if (k === TokenKind.LeftBrace) {
      if (before[i - 1]?.kind !== TokenKind.Period) return undefined;
      // Skip a version (`@1.0.0-rc.1`) back to the interface name.
      let j = i - 2;
      const versionPart = [TokenKind.Integer, TokenKind.Period, TokenKind.Id, TokenKind.Minus, TokenKind.Plus];
      for (let k = j; k >= 0; k--) {
        if (before[k]!.kind === TokenKind.At) {
          j = k - 1;
          break;
        }
        if (!versionPart.includes(before[k]!.kind)) break;
      }
      return before[j];
    }
    if (k !== TokenKind.Id && k !== TokenKind.ExplicitId && k !== TokenKind.Comma && k !== TokenKind.As) return undefined;
  }
  return undefined;
}

/** The interface or world whose names are in scope at `offset`. */
function enclosingScope(snapshot: Snapshot, file: string, offset: number): Definition | undefined {
  let best: Definition | undefined;
  for (const def of snapshot.index.definitionsIn(file)) {
    const isScope =
      def.kind === 'interface' || def.kind === 'world' || ((def.kind === 'import' || def.kind === 'export') && def.node.kind === 'interface');
    if (!isScope || def.start > offset || offset > def.end) continue;
    if (!best || def.start >= best.start) best = def;
  }
  return best;
}

function typesInScope(snapshot: Snapshot, scope: Definition | undefined): Definition[] {
  if (!scope) return [];
  return snapshot.index.definitionsIn(scope.file).filter((d) => d.container === scope && (d.kind === 'type' || d.kind === 'use'));
}

function isResource(snapshot: Snapshot, def: Definition): boolean {
  const target = followUse(snapshot, def);
  return target.node.kind === 'type' && target.node.decl.type.kind === 'resource';
}

function typeItem(snapshot: Snapshot, def: Definition, push: (item: Omit<CompletionItem, 'replaceStart' | 'replaceEnd'>) => void): void {
  const target = followUse(snapshot, def);
  const docs = docsOf(target);
  push({
    label: def.name,
    kind: 'type',
    insertText: writeId(def.name),
    detail: declarationText(target).split('\n').filter((l) => !l.startsWith('@')).join(' ').replace(/\s+/g, ' '),
    ...(docs ? { documentation: docs } : {}),
    sortText: `1${def.name}`,
  });
}

/** Interfaces (or worlds, after `include`) of this package and, fully qualified, of deps/. */
function pathCompletions(
  snapshot: Snapshot,
  file: string,
  scope: Definition | undefined,
  after: TokenKind,
  push: (item: Omit<CompletionItem, 'replaceStart' | 'replaceEnd'>) => void,
): void {
  const wantWorlds = after === TokenKind.Include;
  const kind = wantWorlds ? 'world' : 'interface';
  const analysis = snapshot.analysis;
  const ownPackage = analysis.packages.find((p) => p.group.files.includes(file) && p.unresolved.nameSpan.file === file) ??
    analysis.packages.find((p) => p.group.files.includes(file));
  const localFiles = new Set(ownPackage?.group.files ?? [file]);
  for (const def of snapshot.index.definitions) {
    if (def.kind !== kind || !localFiles.has(def.file) || def === scope) continue;
    const docs = docsOf(def);
    push({ label: def.name, kind, insertText: writeId(def.name), detail: `${kind} ${def.name}`, ...(docs ? { documentation: docs } : {}), sortText: `1${def.name}` });
  }
  const resolve = analysis.resolve;
  const own = ownPackage?.id;
  resolve.packages.forEach((pkg, id) => {
    if (id === own) return;
    const version = pkg.name.version ? `@${formatVersion(pkg.name.version)}` : '';
    const names = wantWorlds ? pkg.worlds : pkg.interfaces;
    for (const name of names.keys()) {
      const label = `${pkg.name.namespace}:${pkg.name.name}/${name}${version}`;
      push({ label, kind, detail: `${kind} from ${formatPackageName(pkg.name)}`, sortText: `3${label}` });
    }
  });
}
