/**
 * The syntax of WAVE (WebAssembly Value Encoding, bytecodealliance/wasm-tools crates/wasm-wave):
 * its tokens and the untyped tree of a value or of a function call, with wasm-wave's parser
 * errors (kind, detail and the span they point at). Typing the tree against WIT is wave.ts.
 *
 * Offsets are indices into the JS string (UTF-16 code units), where wasm-wave's are UTF-8 byte
 * offsets: the same numbers for ASCII input. An invalid token's span follows a simple rule: a
 * malformed char literal points at its opening quote (one with several characters at all of
 * it), a malformed string at what was read of it, a stray character at itself. That is
 * wasm-wave's span except where its lexer (logos) stops elsewhere inside a char literal
 * (`'\u{1f'`, `'\u{12345678}'`, `'x` unterminated).
 */

export type TokenKind =
  | 'BraceOpen'
  | 'BraceClose'
  | 'ParenOpen'
  | 'ParenClose'
  | 'BracketOpen'
  | 'BracketClose'
  | 'Colon'
  | 'Comma'
  | 'Number'
  | 'LabelOrKeyword'
  | 'Char'
  | 'String'
  | 'MultilineString';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** A WAVE error: what and where (`start..end` in the text), worded as wasm-wave words it. */
export class WaveError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'WaveError';
  }

  /** wasm-wave's `Display`: `invalid value type at 4..12`. */
  override toString(): string {
    return `${this.message} at ${this.start}..${this.end}`;
  }
}

/** wasm-wave's `ParserErrorKind` messages. */
export const ErrorKind = {
  emptyTuple: 'empty tuple',
  invalidEscape: 'invalid character escape',
  invalidMultilineString: 'invalid multiline string',
  invalidParams: 'invalid params',
  invalidToken: 'invalid token',
  invalidType: 'invalid value type',
  invalidValue: 'invalid value',
  trailingCharacters: 'trailing characters after value',
  unexpectedEnd: 'unexpected end of input',
  unexpectedToken: 'unexpected token',
  duplicateField: 'duplicate field',
  duplicateFlag: 'duplicate flag',
  wasmValue: 'error converting Wasm value',
  nestingTooDeep: 'value nesting too deep',
} as const;

export const KEYWORDS = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

// ---- Lexer ----

/** A kebab-case label: words of one case each (`method-GET`). */
const WORD = '(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*';
const LABEL = new RegExp(`%?${WORD}`, 'y');
const NUMBER = /-inf|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const CHAR_ESCAPE = /\\(?:['"tnr\\]|u\{[0-9a-fA-F]{1,6}\})/y;
/** In strings wasm-wave's lexer takes any number of hex digits (the decoding then rejects more than six). */
const STRING_ESCAPE = /\\(?:['"tnr\\]|u\{[0-9a-fA-F]+\})/y;
const SKIP = /(?:[ \t\n\r]+|\/\/[^\n]*)*/y;
const PUNCTUATION: Record<string, TokenKind> = {
  '{': 'BraceOpen',
  '}': 'BraceClose',
  '(': 'ParenOpen',
  ')': 'ParenClose',
  '[': 'BracketOpen',
  ']': 'BracketClose',
  ':': 'Colon',
  ',': 'Comma',
};

function matchAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  return re.test(text) ? re.lastIndex : pos;
}

/** The length of the code point at `pos` (1 or 2 code units). */
function charLength(text: string, pos: number): number {
  return (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
}

export class Lexer {
  constructor(
    readonly text: string,
    private pos = 0,
  ) {}

  clone(): Lexer {
    return new Lexer(this.text, this.pos);
  }

  /** The next token, undefined at the end; a WaveError for an invalid one (consumed). */
  next(): Token | WaveError | undefined {
    const { text } = this;
    const start = matchAt(SKIP, text, this.pos);
    this.pos = start;
    if (start >= text.length) return undefined;
    const token = this.scan(start);
    this.pos = token.end;
    return token;
  }

  private scan(start: number): Token | WaveError {
    const { text } = this;
    const c = text[start];
    const at = (kind: TokenKind, end: number): Token => ({ kind, start, end });
    if (PUNCTUATION[c]) return at(PUNCTUATION[c], start + 1);
    if (c === '"') return text.startsWith('"""', start) ? this.multiline(start) : this.string(start);
    if (c === "'") return this.char(start);
    const number = matchAt(NUMBER, text, start);
    if (number > start) return at('Number', number);
    const label = matchAt(LABEL, text, start);
    if (label > start) return at('LabelOrKeyword', label);
    return new WaveError(ErrorKind.invalidToken, start, start + charLength(text, start));
  }

  private string(start: number): Token | WaveError {
    const { text } = this;
    let pos = start + 1;
    for (;;) {
      const c = text[pos];
      if (c === '"') return { kind: 'String', start, end: pos + 1 };
      if (c === undefined || c === '\n') break;
      if (c === '\\') {
        const end = matchAt(STRING_ESCAPE, text, pos);
        if (end === pos) break;
        pos = end;
      } else pos += charLength(text, pos);
    }
    return new WaveError(ErrorKind.invalidToken, start, pos);
  }

  private multiline(start: number): Token | WaveError {
    const close = this.text.indexOf('"""', start + 3);
    if (close < 0) return new WaveError(ErrorKind.invalidToken, start, start + 3);
    return { kind: 'MultilineString', start, end: close + 3 };
  }

  /** `'x'` or `'<escape>'`; a run of up to four characters is lexed, then must be one. */
  private char(start: number): Token | WaveError {
    const { text } = this;
    const invalid = new WaveError(ErrorKind.invalidToken, start, start + 1);
    let pos = start + 1;
    if (text[pos] === '\\') {
      pos = matchAt(CHAR_ESCAPE, text, pos);
      if (pos === start + 1 || text[pos] !== "'") return invalid;
      return { kind: 'Char', start, end: pos + 1 };
    }
    let count = 0;
    while (count < 4 && pos < text.length && !"\\'\n".includes(text[pos])) {
      pos += charLength(text, pos);
      count++;
    }
    if (count === 0 || text[pos] !== "'") return invalid;
    if (count > 1) return new WaveError(ErrorKind.invalidToken, start, pos + 1);
    return { kind: 'Char', start, end: pos + 1 };
  }
}

// ---- Untyped tree ----

export type NodeType =
  | 'BoolTrue'
  | 'BoolFalse'
  | 'Number'
  | 'Char'
  | 'String'
  | 'MultilineString'
  | 'Tuple'
  | 'List'
  /** Children: label, value, label, value, … */
  | 'Record'
  /** An enum case or a variant case without payload. */
  | 'Label'
  /** Children: label, payload. */
  | 'VariantWithPayload'
  | 'OptionSome'
  | 'OptionNone'
  | 'ResultOk'
  | 'ResultErr'
  /** Children: labels (sorted by name, as wasm-wave keeps them). */
  | 'Flags';

export interface Node {
  type: NodeType;
  start: number;
  end: number;
  children: Node[];
}

const MAX_DEPTH = 100;

/** wasm-wave's recursive-descent parser, error for error. */
export class Parser {
  private current: Token | undefined;
  private depth = 0;

  constructor(private readonly lexer: Lexer) {}

  get text(): string {
    return this.lexer.text;
  }

  parseNode(): Node {
    if (this.depth >= MAX_DEPTH) throw new WaveError(ErrorKind.nestingTooDeep, ...this.span());
    this.depth++;
    try {
      return this.parseNodeInner();
    } finally {
      this.depth--;
    }
  }

  /** Whether only whitespace and comments follow. */
  atEnd(): boolean {
    return this.lexer.clone().next() === undefined;
  }

  /** Error if anything but whitespace and comments follows. */
  finish(): void {
    const next = this.lexer.clone().next();
    if (next !== undefined) throw new WaveError(ErrorKind.trailingCharacters, next.start, next.end);
  }

  private parseNodeInner(): Node {
    const token = this.advance();
    switch (token.kind) {
      case 'Number':
      case 'Char':
      case 'String':
      case 'MultilineString':
        return this.leaf(token.kind);
      case 'ParenOpen':
        return this.parseTuple();
      case 'BracketOpen':
        return this.parseList();
      case 'BraceOpen':
        return this.parseRecordOrFlags();
      case 'LabelOrKeyword':
        switch (this.slice()) {
          case 'true':
            return this.leaf('BoolTrue');
          case 'false':
            return this.leaf('BoolFalse');
          case 'some':
            return this.parseOption('OptionSome');
          case 'none':
            return this.parseOption('OptionNone');
          case 'ok':
            return this.parseResult('ResultOk');
          case 'err':
            return this.parseResult('ResultErr');
          case 'inf':
          case 'nan':
            return this.leaf('Number');
          default:
            return this.parseLabelMaybePayload();
        }
      default:
        throw this.unexpected();
    }
  }

  parseTuple(): Node {
    const start = this.token().start;
    const children = this.parseCommaSeparated('ParenClose');
    const end = this.token().end;
    if (children.length === 0) throw new WaveError(ErrorKind.emptyTuple, start, end);
    return { type: 'Tuple', start, end, children };
  }

  private parseList(): Node {
    const start = this.token().start;
    const children = this.parseCommaSeparated('BracketClose');
    return { type: 'List', start, end: this.token().end, children };
  }

  private parseRecordOrFlags(): Node {
    const start = this.token().start;
    const first = this.advance();
    if (first.kind === 'Colon') {
      this.advance();
      this.expect('BraceClose');
      return { type: 'Record', start, end: this.token().end, children: [] };
    }
    if (first.kind === 'BraceClose') return { type: 'Flags', start, end: first.end, children: [] };
    return this.nextIs('Colon') ? this.finishRecord(start) : this.finishFlags(start);
  }

  private finishRecord(start: number): Node {
    const seen = new Set<string>();
    const children: Node[] = [];
    for (;;) {
      const label = this.parseLabel();
      const field = labelName(this.slice());
      if (seen.has(field)) throw new WaveError(`${ErrorKind.duplicateField}: ${JSON.stringify(field)}`, label.start, label.end);
      seen.add(field);
      this.advance();
      this.expect('Colon');
      children.push(label, this.parseNode());
      if (this.advance().kind === 'Comma') this.advance();
      if (this.token().kind === 'BraceClose') break;
    }
    return { type: 'Record', start, end: this.token().end, children };
  }

  private finishFlags(start: number): Node {
    const flags = new Map<string, Node>();
    for (;;) {
      const label = this.parseLabel();
      const flag = labelName(this.slice());
      if (flags.has(flag)) throw new WaveError(`${ErrorKind.duplicateFlag}: ${JSON.stringify(flag)}`, label.start, label.end);
      flags.set(flag, label);
      if (this.advance().kind === 'Comma') this.advance();
      if (this.token().kind === 'BraceClose') break;
    }
    const children = [...flags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, node]) => node);
    return { type: 'Flags', start, end: this.token().end, children };
  }

  private parseLabelMaybePayload(): Node {
    const label = this.parseLabel();
    if (!this.nextIs('ParenOpen')) return label;
    this.advance();
    const payload = this.parseNode();
    this.advance();
    this.expect('ParenClose');
    return { type: 'VariantWithPayload', start: label.start, end: this.token().end, children: [label, payload] };
  }

  private parseOption(type: 'OptionSome' | 'OptionNone'): Node {
    const start = this.token().start;
    if (type === 'OptionNone') return { type, start, end: this.token().end, children: [] };
    this.advance();
    this.expect('ParenOpen');
    const payload = this.parseNode();
    this.advance();
    this.expect('ParenClose');
    return { type, start, end: this.token().end, children: [payload] };
  }

  private parseResult(type: 'ResultOk' | 'ResultErr'): Node {
    const start = this.token().start;
    const children: Node[] = [];
    if (this.nextIs('ParenOpen')) {
      this.advance();
      children.push(this.parseNode());
      this.advance();
      this.expect('ParenClose');
    }
    return { type, start, end: this.token().end, children };
  }

  private parseLabel(): Node {
    this.expect('LabelOrKeyword');
    return this.leaf('Label');
  }

  private parseCommaSeparated(end: TokenKind): Node[] {
    const nodes: Node[] = [];
    if (this.nextIs(end)) {
      this.advance();
      return nodes;
    }
    for (;;) {
      nodes.push(this.parseNode());
      if (this.advance().kind === 'Comma') {
        if (this.nextIs(end)) {
          this.advance();
          return nodes;
        }
      } else {
        this.expect(end);
        return nodes;
      }
    }
  }

  advance(): Token {
    const next = this.lexer.next();
    if (next instanceof WaveError) throw next;
    if (next === undefined) throw new WaveError(ErrorKind.unexpectedEnd, this.text.length, this.text.length);
    this.current = next;
    return next;
  }

  token(): Token {
    if (!this.current) throw new Error('no current token');
    return this.current;
  }

  private span(): [number, number] {
    return this.current ? [this.current.start, this.current.end] : [0, 0];
  }

  private slice(): string {
    const t = this.token();
    return this.text.slice(t.start, t.end);
  }

  nextIs(kind: TokenKind): boolean {
    const next = this.lexer.clone().next();
    return next !== undefined && !(next instanceof WaveError) && next.kind === kind;
  }

  expect(kind: TokenKind): void {
    if (this.token().kind !== kind) throw this.unexpected();
  }

  private unexpected(): WaveError {
    const t = this.token();
    return new WaveError(`${ErrorKind.unexpectedToken}: ${t.kind}`, t.start, t.end);
  }

  private leaf(type: NodeType): Node {
    const t = this.token();
    return { type, start: t.start, end: t.end, children: [] };
  }
}

/** A label without its `%` prefix. */
export function labelName(raw: string): string {
  return raw.startsWith('%') ? raw.slice(1) : raw;
}

/** Parses one value; `finish` checks that nothing follows (wasm-wave checks types first). */
export function parseValueNode(text: string): { node: Node; finish: () => void } {
  const parser = new Parser(new Lexer(text));
  const node = parser.parseNode();
  return { node, finish: () => parser.finish() };
}

// ---- Function calls ----

const SEMVER = '(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)\\.(?:0|[1-9][0-9]*)';
/** `ns:pkg/iface.func@1.2.3`, `iface.func`, `func` (wasm-wave's `FuncNameToken`). */
const FUNC_NAME = new RegExp(`(?:${WORD}:${WORD}/)?${WORD}(?:\\.${WORD})?(?:@${SEMVER})?`, 'y');

export interface CallSyntax {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The argument tuple; undefined for `name()`. */
  params?: Node;
}

/** `name(args)`, as `wasm_wave::untyped::UntypedFuncCall::parse` reads it. */
export function parseCallSyntax(text: string): CallSyntax {
  const nameEnd = matchAt(FUNC_NAME, text, 0);
  if (text.length === 0) throw new WaveError(ErrorKind.unexpectedEnd, 0, 0);
  if (nameEnd === 0) throw new WaveError(ErrorKind.invalidToken, 0, charLength(text, 0));
  const parser = new Parser(new Lexer(text, nameEnd));
  parser.advance();
  parser.expect('ParenOpen');
  const call: CallSyntax = { name: text.slice(0, nameEnd), nameStart: 0, nameEnd };
  if (parser.nextIs('ParenClose')) parser.advance();
  else call.params = parser.parseTuple();
  parser.finish();
  return call;
}
