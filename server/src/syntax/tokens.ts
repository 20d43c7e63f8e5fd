/** Token kinds of WIT, as wit-parser's lexer knows them (plus trivia and error tokens). */
export enum TokenKind {
  Whitespace,
  Comment,
  /** A character the lexer rejected; it is kept as trivia so the parser skips it. */
  Invalid,

  Equals,
  Comma,
  Colon,
  Period,
  Semicolon,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  LessThan,
  GreaterThan,
  RArrow,
  Star,
  At,
  Slash,
  Plus,
  Minus,
  StringLiteral,

  Use,
  Type,
  Func,
  U8,
  U16,
  U32,
  U64,
  S8,
  S16,
  S32,
  S64,
  F32,
  F64,
  Char,
  Record,
  Resource,
  Own,
  Borrow,
  Flags,
  Variant,
  Enum,
  Bool,
  String,
  Option,
  Result,
  Future,
  Stream,
  ErrorContext,
  List,
  Map,
  Underscore,
  As,
  From,
  Static,
  Interface,
  Tuple,
  Import,
  Export,
  World,
  Package,
  Constructor,
  Async,
  Include,
  With,

  Id,
  ExplicitId,
  Integer,

  Eof,
}

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

export const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map([
  ['use', TokenKind.Use],
  ['type', TokenKind.Type],
  ['func', TokenKind.Func],
  ['u8', TokenKind.U8],
  ['u16', TokenKind.U16],
  ['u32', TokenKind.U32],
  ['u64', TokenKind.U64],
  ['s8', TokenKind.S8],
  ['s16', TokenKind.S16],
  ['s32', TokenKind.S32],
  ['s64', TokenKind.S64],
  ['f32', TokenKind.F32],
  ['f64', TokenKind.F64],
  ['char', TokenKind.Char],
  ['resource', TokenKind.Resource],
  ['own', TokenKind.Own],
  ['borrow', TokenKind.Borrow],
  ['record', TokenKind.Record],
  ['flags', TokenKind.Flags],
  ['variant', TokenKind.Variant],
  ['enum', TokenKind.Enum],
  ['bool', TokenKind.Bool],
  ['string', TokenKind.String],
  ['option', TokenKind.Option],
  ['result', TokenKind.Result],
  ['future', TokenKind.Future],
  ['stream', TokenKind.Stream],
  ['error-context', TokenKind.ErrorContext],
  ['list', TokenKind.List],
  ['map', TokenKind.Map],
  ['_', TokenKind.Underscore],
  ['as', TokenKind.As],
  ['from', TokenKind.From],
  ['static', TokenKind.Static],
  ['interface', TokenKind.Interface],
  ['tuple', TokenKind.Tuple],
  ['world', TokenKind.World],
  ['import', TokenKind.Import],
  ['export', TokenKind.Export],
  ['package', TokenKind.Package],
  ['constructor', TokenKind.Constructor],
  ['include', TokenKind.Include],
  ['with', TokenKind.With],
  ['async', TokenKind.Async],
]);

const KEYWORD_TEXT = new Map<TokenKind, string>([...KEYWORDS].map(([text, kind]) => [kind, text]));

/** The keyword spelled by `kind`, if it is one. */
export function keywordText(kind: TokenKind): string | undefined {
  return KEYWORD_TEXT.get(kind);
}

export function isKeyword(kind: TokenKind): boolean {
  return KEYWORD_TEXT.has(kind);
}

export function isTrivia(kind: TokenKind): boolean {
  return kind === TokenKind.Whitespace || kind === TokenKind.Comment || kind === TokenKind.Invalid;
}

const PUNCTUATION = new Map<TokenKind, string>([
  [TokenKind.Equals, "'='"],
  [TokenKind.Comma, "','"],
  [TokenKind.Colon, "':'"],
  [TokenKind.Period, "'.'"],
  [TokenKind.Semicolon, "';'"],
  [TokenKind.LeftParen, "'('"],
  [TokenKind.RightParen, "')'"],
  [TokenKind.LeftBrace, "'{'"],
  [TokenKind.RightBrace, "'}'"],
  [TokenKind.LessThan, "'<'"],
  [TokenKind.GreaterThan, "'>'"],
  [TokenKind.RArrow, '`->`'],
  [TokenKind.Star, '`*`'],
  [TokenKind.At, '`@`'],
  [TokenKind.Slash, '`/`'],
  [TokenKind.Plus, '`+`'],
  [TokenKind.Minus, '`-`'],
]);

/** How wit-parser names a token in "expected …, found …" messages. */
export function describeToken(kind: TokenKind): string {
  const punctuation = PUNCTUATION.get(kind);
  if (punctuation) return punctuation;
  const keyword = KEYWORD_TEXT.get(kind);
  if (keyword) return `keyword \`${keyword}\``;
  switch (kind) {
    case TokenKind.Whitespace:
      return 'whitespace';
    case TokenKind.Comment:
      return 'a comment';
    case TokenKind.Invalid:
      return 'an invalid character';
    case TokenKind.Id:
      return 'an identifier';
    case TokenKind.ExplicitId:
      return "an '%' identifier";
    case TokenKind.Integer:
      return 'an integer';
    case TokenKind.StringLiteral:
      return 'a string literal';
    case TokenKind.Eof:
      return 'eof';
    default:
      return TokenKind[kind];
  }
}

/** The tokens that lie inside `[start, end)`, found by binary search in a file's sorted tokens. */
export function tokensWithin(tokens: readonly Token[], start: number, end: number): Token[] {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  const result: Token[] = [];
  for (let i = lo; i < tokens.length && tokens[i]!.start < end; i++) {
    const t = tokens[i]!;
    if (t.start >= start && t.end <= end) result.push(t);
  }
  return result;
}
