/**
 * The parser of WAC: wac-parser's grammar, decision for decision (the same lookahead sets, so
 * the first error is wac's, word for word, at its place), made error tolerant: a statement,
 * an item of an interface or world body, or an instantiation argument that fails is reported
 * and skipped (up to its `;`, `,` or closing brace), and parsing carries on. Pure.
 */
import type { SyntaxDiagnostic } from '../diagnostic';
import type * as ast from './ast';
import { describeToken, docText, lex, type Comment, type Token, type TokenKind } from './lexer';

/** A token wac expects: a kind, and for keywords and symbols the text. */
interface Expected {
  kind: TokenKind;
  text?: string;
}

const kw = (text: string): Expected => ({ kind: 'keyword', text });
const sym = (text: string): Expected => ({ kind: 'symbol', text });
const IDENT: Expected = { kind: 'ident' };
const STRING: Expected = { kind: 'string' };
const PACKAGE_NAME: Expected = { kind: 'package-name' };
const PACKAGE_PATH: Expected = { kind: 'package-path' };

const PRIMITIVES = ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char', 'bool', 'string'];
const STATEMENT_KEYWORDS = new Set(['import', 'let', 'export', 'interface', 'world', 'variant', 'record', 'flags', 'enum', 'type']);
const OPENERS = new Set(['{', '(', '[']);
const CLOSERS = new Set(['}', ')', ']']);

class ParseError extends Error {
  constructor(readonly diagnostic: SyntaxDiagnostic) {
    super(diagnostic.message);
  }
}

/** wac's `Lookahead`: the tokens tried at one place, for the "expected …" message. */
class Lookahead {
  private readonly attempts: Expected[] = [];

  constructor(private readonly parser: Parser) {}

  peek(expected: Expected): boolean {
    if (this.parser.at(expected)) return true;
    this.attempts.push(expected);
    return false;
  }

  error(): ParseError {
    return this.parser.unexpected(this.attempts);
  }
}

export function parseWac(text: string): { document: ast.Document; diagnostics: SyntaxDiagnostic[] } {
  const parser = new Parser(text);
  return { document: parser.document(), diagnostics: parser.diagnostics };
}

class Parser {
  readonly diagnostics: SyntaxDiagnostic[] = [];
  private readonly tokens: Token[];
  private readonly comments: Comment[];
  private pos = 0;

  constructor(private readonly text: string) {
    ({ tokens: this.tokens, comments: this.comments } = lex(text));
  }

  // ---- tokens ----

  private peekToken(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  at(expected: Expected, ahead = 0): boolean {
    const t = this.peekToken(ahead);
    return t !== undefined && t.kind === expected.kind && (expected.text === undefined || t.text === expected.text);
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  /** Where wac reports the end of input: the last token read (its last character when it ends the text). */
  private endSpan(): ast.Span {
    const last = this.tokens[this.pos - 1];
    if (!last) return { start: 0, end: Math.min(1, this.text.length) };
    return last.end === this.text.length ? { start: last.end - 1, end: last.end } : { start: last.start, end: last.end };
  }

  unexpected(expected: Expected[]): ParseError {
    const found = this.peekToken();
    if (found?.kind === 'error') return this.errorAt(found, found.message!);
    const span = found ?? this.endSpan();
    const foundText = found ? describeToken(found) : 'end of input';
    const names = expected.map(describeToken);
    let message: string;
    if (names.length === 1) message = `expected ${names[0]}, found ${foundText}`;
    else if (names.length === 2) message = `expected ${names[0]} or ${names[1]}, found ${foundText}`;
    else {
      const shown = names.slice(0, 10).map((n, i) => (i === names.length - 1 ? `or ${n}` : n));
      message = `expected either ${shown.join(', ')}${names.length > 10 ? ', or more...' : ''}, found ${foundText}`;
    }
    return this.errorAt(span, message);
  }

  private errorAt(span: ast.Span, message: string): ParseError {
    return new ParseError({ start: span.start, end: span.end, message, code: 'unexpected-token' });
  }

  private expect(expected: Expected): Token {
    if (!this.at(expected)) throw this.unexpected([expected]);
    return this.next();
  }

  /** `parse_optional`: consumes `expected` if it is next (a lexer error next is an error). */
  private optional(expected: Expected): boolean {
    const t = this.peekToken();
    if (t?.kind === 'error') throw this.errorAt(t, t.message!);
    if (!this.at(expected)) return false;
    this.next();
    return true;
  }

  private lookahead(): Lookahead {
    return new Lookahead(this);
  }

  /** The doc comments between the previous token and the next one. */
  private docs(): string[] {
    const from = this.tokens[this.pos - 1]?.end ?? 0;
    const to = this.peekToken()?.start ?? this.text.length;
    return this.comments.filter((c) => c.start >= from && c.end <= to).flatMap((c) => docText(c) ?? []);
  }

  // ---- recovery ----

  private report(e: unknown): void {
    if (!(e instanceof ParseError)) throw e;
    this.diagnostics.push(e.diagnostic);
  }

  /**
   * Skips to the end of what failed: up to `stop` at the same bracket depth (not consumed),
   * or past a `;` there when `semicolon` says so. (What failed never starts at `stop`, so this moves.)
   */
  private recover(stop: (t: Token) => boolean, semicolon: boolean): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.peekToken()!;
      if (depth === 0 && stop(t)) return;
      this.next();
      if (t.kind !== 'symbol') continue;
      if (OPENERS.has(t.text)) depth++;
      else if (CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
      else if (t.text === ';' && depth === 0 && semicolon) return;
    }
  }

  /** `parse_delimited` with recovery of each failed item. */
  private delimited(until: string, commas: boolean, peekItem: (la: Lookahead) => boolean, item: () => void, recoverItems: boolean): void {
    for (;;) {
      const la = this.lookahead();
      if (la.peek(sym(until))) return;
      try {
        if (!peekItem(la)) throw la.error();
        item();
        const next = this.peekToken();
        if (next && next.kind !== 'error') {
          if (next.kind === 'symbol' && next.text === until) return;
          if (commas) this.expect(sym(','));
        }
      } catch (e) {
        if (!recoverItems || this.pos >= this.tokens.length) throw e;
        this.report(e);
        this.recover((t) => t.kind === 'symbol' && (t.text === until || (commas && t.text === ',')), !commas);
        if (commas) this.optional(sym(','));
      }
    }
  }

  // ---- document and statements ----

  document(): ast.Document {
    const docs = this.docs();
    const doc: ast.Document = { docs, statements: [] };
    try {
      this.expect(kw('package'));
      const pkg = this.packageName();
      const targets = this.optional(kw('targets')) ? this.packagePath() : undefined;
      this.expect(sym(';'));
      doc.directive = { package: pkg, ...(targets ? { targets } : {}) };
    } catch (e) {
      this.report(e);
      this.recover((t) => t.kind === 'keyword' && STATEMENT_KEYWORDS.has(t.text), true);
    }
    while (this.pos < this.tokens.length) {
      try {
        doc.statements.push(this.statement());
      } catch (e) {
        this.report(e);
        this.recover((t) => t.kind === 'keyword' && STATEMENT_KEYWORDS.has(t.text), true);
      }
    }
    return doc;
  }

  private statement(): ast.Statement {
    const docs = this.docs();
    const start = this.peekToken()?.start ?? this.text.length;
    const la = this.lookahead();
    let statement: ast.Statement;
    if (la.peek(kw('import'))) statement = this.importStatement(docs, start);
    else if (la.peek(kw('let'))) statement = this.letStatement(docs, start);
    else if (la.peek(kw('export'))) statement = this.exportStatement(docs, start);
    else if (la.peek(kw('interface')) || la.peek(kw('world')) || this.peekTypeDecl(la)) statement = this.typeStatement(docs, start);
    else throw la.error();
    return statement;
  }

  private finish<T extends object>(node: T, start: number): T & ast.Span {
    return { ...node, start, end: this.tokens[this.pos - 1]!.end };
  }

  private importStatement(docs: string[], start: number): ast.ImportStatement {
    this.next();
    const id = this.ident();
    const name = this.optional(kw('as')) ? this.externName() : undefined;
    this.expect(sym(':'));
    const ty = this.importType();
    this.expect(sym(';'));
    return this.finish({ kind: 'import' as const, docs, id, ...(name ? { name } : {}), ty }, start);
  }

  private importType(): ast.ImportType {
    const la = this.lookahead();
    const start = this.peekToken()?.start ?? 0;
    if (la.peek(kw('func'))) {
      this.funcType();
      const span = { start, end: this.tokens[this.pos - 1]!.end };
      return { kind: 'func', span, text: this.text.slice(span.start, span.end) };
    }
    if (la.peek(kw('interface'))) {
      this.next();
      const items = this.interfaceBody();
      return { kind: 'interface', span: { start, end: this.tokens[this.pos - 1]!.end }, items };
    }
    if (la.peek(PACKAGE_PATH)) return { kind: 'package', path: this.packagePath() };
    if (la.peek(IDENT)) return { kind: 'ident', id: this.ident() };
    throw la.error();
  }

  private letStatement(docs: string[], start: number): ast.LetStatement {
    this.next();
    const id = this.ident();
    this.expect(sym('='));
    const expr = this.expr();
    this.expect(sym(';'));
    return this.finish({ kind: 'let' as const, docs, id, expr }, start);
  }

  private exportStatement(docs: string[], start: number): ast.ExportStatement {
    this.next();
    const expr = this.expr();
    let options: ast.ExportStatement['options'] = { kind: 'none' };
    if (this.at(sym('...'))) {
      const t = this.next();
      options = { kind: 'spread', span: { start: t.start, end: t.end } };
    } else if (this.at(kw('as'))) {
      this.next();
      options = { kind: 'rename', name: this.externName() };
    }
    this.expect(sym(';'));
    return this.finish({ kind: 'export' as const, docs, expr, options }, start);
  }

  private typeStatement(docs: string[], start: number): ast.TypeStatement {
    const keyword = this.next().text as ast.TypeStatement['keyword'];
    const id = this.ident();
    let items: ast.InterfaceItem[] = [];
    if (keyword === 'interface') items = this.interfaceBody();
    else if (keyword === 'world') items = this.worldBody();
    else this.typeDeclRest(keyword);
    return this.finish({ kind: 'type' as const, docs, keyword, id, items }, start);
  }

  // ---- expressions ----

  private expr(): ast.Expr {
    const primary = this.primaryExpr();
    const postfix: ast.Access[] = [];
    for (;;) {
      if (this.at(sym('.'))) {
        const dot = this.next();
        const name = this.ident();
        postfix.push({ kind: 'field', name, span: { start: dot.start, end: name.end } });
      } else if (this.at(sym('['))) {
        const open = this.next();
        const name = this.string();
        const close = this.expect(sym(']'));
        postfix.push({ kind: 'named', name, span: { start: open.start, end: close.end } });
      } else break;
    }
    return { start: primary.start, end: postfix.at(-1)?.span.end ?? primary.end, primary, postfix };
  }

  private primaryExpr(): ast.PrimaryExpr {
    const la = this.lookahead();
    if (la.peek(kw('new'))) return this.newExpr();
    if (la.peek(sym('('))) {
      const open = this.next();
      const inner = this.expr();
      const close = this.expect(sym(')'));
      return { kind: 'nested', inner, start: open.start, end: close.end };
    }
    if (la.peek(IDENT)) return { kind: 'ident', ...this.ident() };
    throw la.error();
  }

  private newExpr(): ast.NewExpr {
    const start = this.next().start;
    const pkg = this.packageName();
    this.expect(sym('{'));
    const args: ast.Argument[] = [];
    this.delimited('}', true, (la) => la.peek(sym('...')) || la.peek(IDENT) || la.peek(STRING), () => args.push(this.argument()), true);
    const close = this.expect(sym('}'));
    return { kind: 'new', package: pkg, arguments: args, start, end: close.end };
  }

  private argument(): ast.Argument {
    const la = this.lookahead();
    if (la.peek(sym('...'))) {
      const dots = this.next();
      if (this.at(sym(',')) || this.at(sym('}'))) return { kind: 'fill', span: { start: dots.start, end: dots.end } };
      const id = this.ident();
      return { kind: 'spread', id, span: { start: dots.start, end: id.end } };
    }
    if (la.peek(IDENT) || la.peek(STRING)) {
      if (this.at(sym(':'), 1)) {
        const name = this.externName();
        this.expect(sym(':'));
        return { kind: 'named', name, expr: this.expr() };
      }
      // wac parses an inferred argument as an identifier (a string without `:` is an error there).
      return { kind: 'inferred', id: this.ident() };
    }
    throw la.error();
  }

  // ---- names ----

  private ident(): ast.Ident {
    const t = this.expect(IDENT);
    return { name: t.text.replace(/^%/, ''), start: t.start, end: t.end };
  }

  private string(): ast.StringLit {
    const t = this.expect(STRING);
    return { value: t.text.slice(1, -1), start: t.start, end: t.end };
  }

  /** An identifier or a string (`ExternName`, `InstantiationArgumentName`). */
  private externName(): ast.Ident | ast.StringLit {
    const la = this.lookahead();
    if (la.peek(IDENT)) return this.ident();
    if (la.peek(STRING)) return this.string();
    throw la.error();
  }

  private packageName(): ast.PackageName {
    const t = this.expect(PACKAGE_NAME);
    return { ...this.versioned(t), start: t.start, end: t.end };
  }

  private packagePath(): ast.PackagePath {
    const t = this.expect(PACKAGE_PATH);
    const slash = t.text.indexOf('/');
    const { name, version } = this.versioned(t);
    const segmentsText = t.text.slice(slash + 1, t.text.length - (version === undefined ? 0 : version.length + 1));
    const segments: ast.Ident[] = [];
    let offset = t.start + slash + 1;
    for (const s of segmentsText.split('/')) {
      segments.push({ name: s.replace(/^%/, ''), start: offset, end: offset + s.length });
      offset += s.length + 1;
    }
    return { name: name.slice(0, slash), ...(version !== undefined ? { version } : {}), segments, start: t.start, end: t.end };
  }

  /** The name and version of a package name or path token; a version that is not semver is an error. */
  private versioned(t: Token): { name: string; version?: string } {
    const at = t.text.indexOf('@');
    if (at < 0) return { name: t.text };
    const version = t.text.slice(at + 1);
    if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(version)) {
      throw this.errorAt({ start: t.start + at + 1, end: t.end }, `\`${version}\` is not a valid semantic version`);
    }
    return { name: t.text.slice(0, at), version };
  }

  // ---- interfaces, worlds and types (checked, kept as names) ----

  private interfaceBody(): ast.InterfaceItem[] {
    return this.body(
      (la) => la.peek(kw('use')) || la.peek(IDENT) || this.peekItemTypeDecl(la),
      () => this.interfaceItem(),
    );
  }

  private worldBody(): ast.InterfaceItem[] {
    return this.body(
      (la) => la.peek(kw('use')) || la.peek(kw('import')) || la.peek(kw('export')) || la.peek(kw('include')) || this.peekItemTypeDecl(la),
      () => this.worldItem(),
    );
  }

  private body(peek: (la: Lookahead) => boolean, item: () => ast.InterfaceItem): ast.InterfaceItem[] {
    this.expect(sym('{'));
    const items: ast.InterfaceItem[] = [];
    this.delimited('}', false, peek, () => items.push(item()), true);
    this.expect(sym('}'));
    return items;
  }

  private interfaceItem(): ast.InterfaceItem {
    this.docs();
    const start = this.peekToken()!.start;
    const la = this.lookahead();
    if (la.peek(kw('use'))) return this.use(start);
    if (la.peek(IDENT)) {
      const id = this.ident();
      this.expect(sym(':'));
      this.funcTypeRef();
      this.expect(sym(';'));
      return this.finish({ kind: 'func' as const, id }, start);
    }
    if (this.peekItemTypeDecl(la)) return this.itemTypeDecl(start);
    throw la.error();
  }

  private worldItem(): ast.InterfaceItem {
    this.docs();
    const start = this.peekToken()!.start;
    const la = this.lookahead();
    if (la.peek(kw('use'))) return this.use(start);
    if (la.peek(kw('import')) || la.peek(kw('export'))) {
      const kind = this.next().text as 'import' | 'export';
      const id = this.worldItemPath();
      this.expect(sym(';'));
      return this.finish({ kind, ...(id ? { id } : {}) }, start);
    }
    if (la.peek(kw('include'))) {
      this.next();
      const la2 = this.lookahead();
      if (la2.peek(PACKAGE_PATH)) this.packagePath();
      else if (la2.peek(IDENT)) this.ident();
      else throw la2.error();
      if (this.optional(kw('with'))) {
        this.expect(sym('{'));
        this.delimited('}', true, (l) => l.peek(IDENT), () => {
          this.ident();
          this.expect(kw('as'));
          this.ident();
        }, false);
        this.expect(sym('}'));
      }
      this.expect(sym(';'));
      return this.finish({ kind: 'include' as const }, start);
    }
    if (this.peekItemTypeDecl(la)) return this.itemTypeDecl(start);
    throw la.error();
  }

  /** `WorldItemPath`: a package path, `name: extern-type`, or an identifier; the name when it has one. */
  private worldItemPath(): ast.Ident | undefined {
    const la = this.lookahead();
    if (la.peek(PACKAGE_PATH)) {
      this.packagePath();
      return undefined;
    }
    if (la.peek(IDENT)) {
      const id = this.ident();
      if (!this.at(sym(':'))) return id;
      this.next();
      const ty = this.lookahead();
      if (ty.peek(IDENT)) this.ident();
      else if (ty.peek(kw('func'))) this.funcType();
      else if (ty.peek(kw('interface'))) {
        this.next();
        this.interfaceBody();
      } else throw ty.error();
      return id;
    }
    throw la.error();
  }

  private use(start: number): ast.InterfaceItem {
    this.next();
    const la = this.lookahead();
    if (la.peek(PACKAGE_PATH)) this.packagePath();
    else if (la.peek(IDENT)) this.ident();
    else throw la.error();
    this.expect(sym('.'));
    this.expect(sym('{'));
    this.delimited('}', true, (l) => l.peek(IDENT), () => {
      this.ident();
      if (this.optional(kw('as'))) this.ident();
    }, false);
    this.expect(sym('}'));
    this.expect(sym(';'));
    return this.finish({ kind: 'use' as const }, start);
  }

  private peekTypeDecl(la: Lookahead): boolean {
    return la.peek(kw('variant')) || la.peek(kw('record')) || la.peek(kw('flags')) || la.peek(kw('enum')) || la.peek(kw('type'));
  }

  private peekItemTypeDecl(la: Lookahead): boolean {
    return la.peek(kw('resource')) || this.peekTypeDecl(la);
  }

  private itemTypeDecl(start: number): ast.InterfaceItem {
    const keyword = this.next().text;
    const id = this.ident();
    if (keyword === 'resource') this.resourceRest();
    else this.typeDeclRest(keyword);
    return this.finish({ kind: 'type' as const, id }, start);
  }

  /** After `record name` etc.: the body, checked as wac does (empty bodies are errors). */
  private typeDeclRest(keyword: string): void {
    if (keyword === 'type') {
      this.expect(sym('='));
      const la = this.lookahead();
      if (la.peek(kw('func'))) this.funcType();
      else if (this.peekType(la)) this.type();
      else throw la.error();
      this.expect(sym(';'));
      return;
    }
    this.expect(sym('{'));
    let count = 0;
    this.delimited('}', true, (la) => la.peek(IDENT), () => {
      count++;
      this.docs();
      this.ident();
      if (keyword === 'record') {
        this.expect(sym(':'));
        this.type();
      } else if (keyword === 'variant' && this.optional(sym('('))) {
        this.type();
        this.expect(sym(')'));
      }
    }, false);
    const close = this.expect(sym('}'));
    if (count === 0) {
      const kinds: Record<string, string> = { record: 'field', variant: 'case', flags: 'flag', enum: 'case' };
      throw this.errorAt(close, `${keyword} must contain at least one ${kinds[keyword]}`);
    }
  }

  private resourceRest(): void {
    const la = this.lookahead();
    if (la.peek(sym(';'))) {
      this.next();
      return;
    }
    if (!la.peek(sym('{'))) throw la.error();
    this.next();
    this.delimited('}', false, (l) => l.peek(kw('constructor')) || l.peek(IDENT), () => {
      this.docs();
      if (this.optional(kw('constructor'))) {
        this.params();
        this.expect(sym(';'));
        return;
      }
      this.ident();
      this.expect(sym(':'));
      this.optional(kw('static'));
      this.funcTypeRef();
      this.expect(sym(';'));
    }, false);
    this.expect(sym('}'));
  }

  private funcTypeRef(): void {
    const la = this.lookahead();
    if (la.peek(kw('func'))) this.funcType();
    else if (la.peek(IDENT)) this.ident();
    else throw la.error();
  }

  private funcType(): void {
    this.expect(kw('func'));
    this.params();
    if (this.optional(sym('->'))) {
      const la = this.lookahead();
      if (this.peekType(la)) this.type();
    }
  }

  private params(): void {
    this.expect(sym('('));
    this.delimited(')', true, (la) => la.peek(IDENT), () => {
      this.ident();
      this.expect(sym(':'));
      this.type();
    }, false);
    this.expect(sym(')'));
  }

  private peekType(la: Lookahead): boolean {
    return [...PRIMITIVES, 'tuple', 'list', 'option', 'result', 'borrow'].some((k) => la.peek(kw(k))) || la.peek(IDENT);
  }

  private type(): void {
    const la = this.lookahead();
    if (!this.peekType(la)) throw la.error();
    const t = this.next();
    if (t.kind === 'ident' || PRIMITIVES.includes(t.text)) return;
    switch (t.text) {
      case 'tuple': {
        this.expect(sym('<'));
        const first = this.lookahead();
        if (!this.peekType(first)) throw first.error();
        this.delimited('>', true, (l) => this.peekType(l), () => this.type(), false);
        this.expect(sym('>'));
        return;
      }
      case 'list':
      case 'option':
        this.expect(sym('<'));
        this.type();
        this.expect(sym('>'));
        return;
      case 'borrow':
        this.expect(sym('<'));
        this.ident();
        this.expect(sym('>'));
        return;
      case 'result':
        if (!this.optional(sym('<'))) return;
        this.resultPart();
        if (this.optional(sym(','))) this.resultPart();
        this.expect(sym('>'));
    }
  }

  private resultPart(): void {
    const la = this.lookahead();
    if (la.peek(sym('_'))) this.next();
    else if (this.peekType(la)) this.type();
    else throw la.error();
  }
}
