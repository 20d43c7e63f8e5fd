/**
 * A recursive-descent parser for WIT that follows wit-parser's grammar decision for decision,
 * so that the first error it reports is the reference's, word for word and at the same place.
 * Unlike the reference it never stops: after an error it enters "panic mode" (later errors of
 * the same construct are dropped), resynchronises at the end of the enclosing list element or
 * statement, and goes on, so every independent error of a file is reported and the tree keeps
 * everything that could be parsed.
 */
import type { DiagnosticCode, SyntaxDiagnostic } from '../diagnostic';
import type * as ast from './ast';
import { decodeStringBody, tokenize, validateId } from './lexer';
import { parseVersion } from './semver';
import { describeToken, isTrivia, TokenKind, type Token } from './tokens';

const MAX_TYPE_DEPTH = 100;
const MAX_ITEM_DEPTH = 100;

const PRIMITIVES = new Map<TokenKind, ast.PrimitiveName>([
  [TokenKind.Bool, 'bool'],
  [TokenKind.U8, 'u8'],
  [TokenKind.U16, 'u16'],
  [TokenKind.U32, 'u32'],
  [TokenKind.U64, 'u64'],
  [TokenKind.S8, 's8'],
  [TokenKind.S16, 's16'],
  [TokenKind.S32, 's32'],
  [TokenKind.S64, 's64'],
  [TokenKind.F32, 'f32'],
  [TokenKind.F64, 'f64'],
  [TokenKind.Char, 'char'],
  [TokenKind.String, 'string'],
  [TokenKind.ErrorContext, 'error-context'],
]);

/** Keywords that begin a statement inside an interface, world or resource body. */
const STATEMENT_KEYWORDS = new Set([
  TokenKind.Type,
  TokenKind.Record,
  TokenKind.Variant,
  TokenKind.Enum,
  TokenKind.Flags,
  TokenKind.Resource,
  TokenKind.Use,
  TokenKind.Import,
  TokenKind.Export,
  TokenKind.Include,
  TokenKind.Constructor,
]);

/** Keywords that begin a top-level item. */
const TOP_LEVEL_KEYWORDS = new Set([TokenKind.Interface, TokenKind.World, TokenKind.Package]);

export function parse(text: string): ast.SourceFile {
  return new Parser(text).parseFile();
}

class Parser {
  private readonly all: Token[];
  /** The non-trivia tokens, ending with `Eof`. */
  private readonly toks: Token[];
  /** For each token of `toks`, its index in `all` (to find the comments before it). */
  private readonly allIndex: number[];
  private readonly errors: SyntaxDiagnostic[];
  private i = 0;
  private panicking = false;

  constructor(private readonly text: string) {
    const lexed = tokenize(text);
    this.all = lexed.tokens;
    this.errors = lexed.errors;
    this.toks = [];
    this.allIndex = [];
    for (let index = 0; index < this.all.length; index++) {
      const t = this.all[index]!;
      if (!isTrivia(t.kind)) {
        this.toks.push(t);
        this.allIndex.push(index);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Token stream

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)]!;
  }

  private at(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  private bump(): Token {
    const t = this.peek();
    if (t.kind !== TokenKind.Eof) this.i++;
    return t;
  }

  private eat(kind: TokenKind): Token | undefined {
    return this.at(kind) ? this.bump() : undefined;
  }

  /** The end of the last token consumed. */
  private get lastEnd(): number {
    return this.i > 0 ? this.toks[this.i - 1]!.end : 0;
  }

  private expect(kind: TokenKind): Token | undefined {
    const t = this.eat(kind);
    if (!t) this.errorExpected(describeToken(kind));
    return t;
  }

  private error(start: number, end: number, message: string, code: DiagnosticCode = 'unexpected-token'): void {
    if (!this.panicking) this.errors.push({ start, end, message, code });
    this.panicking = true;
  }

  /** An error that does not derail the parse (the construct is complete but invalid). */
  private report(start: number, end: number, message: string, code: DiagnosticCode): void {
    if (!this.panicking) this.errors.push({ start, end, message, code });
  }

  /** wit-parser's "expected X, found Y", located at the unexpected token (or at end of file). */
  private errorExpected(expected: string): void {
    const t = this.peek();
    this.error(t.start, t.end, `expected ${expected}, found ${describeToken(t.kind)}`);
  }

  private isLineStart(index: number): boolean {
    const t = this.toks[index]!;
    for (let k = t.start - 1; k >= 0; k--) {
      const c = this.text.charCodeAt(k);
      if (c === 0x0a) return true;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
    }
    return true;
  }

  /**
   * Skips tokens until `stop` says to stop, stepping over balanced `{…}` and `(…)` groups.
   * Returns the verdict that stopped it ('eof' at end of input).
   */
  private skipUntil(stop: (t: Token, index: number) => 'stop' | 'consume' | undefined): 'stop' | 'consume' | 'eof' {
    for (;;) {
      const t = this.peek();
      if (t.kind === TokenKind.Eof) return 'eof';
      const verdict = stop(t, this.i);
      if (verdict === 'stop') return verdict;
      if (verdict === 'consume') {
        this.bump();
        return verdict;
      }
      if (t.kind === TokenKind.LeftBrace || t.kind === TokenKind.LeftParen) this.skipGroup();
      else this.bump();
    }
  }

  private skipGroup(): void {
    const stack: TokenKind[] = [];
    do {
      const t = this.bump();
      if (t.kind === TokenKind.LeftBrace) stack.push(TokenKind.RightBrace);
      else if (t.kind === TokenKind.LeftParen) stack.push(TokenKind.RightParen);
      else if (t.kind === stack[stack.length - 1]) stack.pop();
      else if (t.kind === TokenKind.RightBrace || t.kind === TokenKind.RightParen) {
        // An unbalanced closer: give it back to the enclosing construct.
        this.i--;
        return;
      }
      if (t.kind === TokenKind.Eof) return;
    } while (stack.length > 0);
  }

  /** Is the token at `index` where a new statement of a body plausibly begins? */
  private isStatementStart(t: Token, index: number, functionNames: boolean): boolean {
    if (STATEMENT_KEYWORDS.has(t.kind) || t.kind === TokenKind.At) return true;
    if (TOP_LEVEL_KEYWORDS.has(t.kind)) return this.isLineStart(index);
    // `name: func(…)` / `name: static func(…)` on a line of its own.
    return (
      functionNames &&
      (t.kind === TokenKind.Id || t.kind === TokenKind.ExplicitId) &&
      this.toks[index + 1]?.kind === TokenKind.Colon &&
      this.isLineStart(index)
    );
  }

  /** After an error in a statement of a body: skip to its end (or the next statement). */
  private recoverStatement(): void {
    if (!this.panicking) return;
    this.skipUntil((t, index) => {
      if (t.kind === TokenKind.Semicolon) return 'consume';
      if (t.kind === TokenKind.RightBrace) return 'stop';
      return this.isStatementStart(t, index, true) ? 'stop' : undefined;
    });
    this.panicking = false;
  }

  /** After an error in a top-level item: skip to the next top-level item. */
  private recoverTopLevel(insidePackage: boolean): void {
    if (!this.panicking) return;
    this.skipUntil((t, index) => {
      if (TOP_LEVEL_KEYWORDS.has(t.kind) || t.kind === TokenKind.At) return 'stop';
      if (t.kind === TokenKind.Use && this.isLineStart(index)) return 'stop';
      if (t.kind === TokenKind.RightBrace && insidePackage) return 'stop';
      if (t.kind === TokenKind.Semicolon) return 'consume';
      return undefined;
    });
    this.panicking = false;
  }

  /** The comments between the previous token and the current one, as wit-parser's docs. */
  private docs(): ast.Docs {
    const to = this.allIndex[Math.min(this.i, this.allIndex.length - 1)]!;
    let from = to;
    while (from > 0 && isTrivia(this.all[from - 1]!.kind)) from--;
    const comments: string[] = [];
    let range: ast.Range | undefined;
    for (let k = from; k < to; k++) {
      const t = this.all[k]!;
      if (t.kind !== TokenKind.Comment) continue;
      comments.push(this.text.slice(t.start, t.end));
      range = { start: range?.start ?? t.start, end: t.end };
    }
    return range ? { comments, range } : { comments };
  }

  // ---------------------------------------------------------------------------------------
  // Files and top-level items

  parseFile(): ast.SourceFile {
    const packageHeader = this.parsePackageHeader();
    const items = this.parseDeclList(undefined, 0);
    return { text: this.text, tokens: this.all, errors: this.errors, ...(packageHeader ? { packageHeader } : {}), items };
  }

  /** `package a:b;` at the start of a file; `package a:b { … }` is left for the item list. */
  private parsePackageHeader(): ast.PackageHeader | undefined {
    if (!this.at(TokenKind.Package)) return undefined;
    const docs = this.docs();
    const start = this.i;
    const keyword = this.bump();
    const name = this.parsePackageName();
    if (name && this.eat(TokenKind.Semicolon)) {
      this.panicking = false;
      return { docs, name, start: keyword.start, end: this.lastEnd };
    }
    if (!this.panicking) {
      this.i = start; // `package a:b {`: a nested package, parsed as an item
      return undefined;
    }
    this.recoverTopLevel(false);
    return name ? { docs, name, start: keyword.start, end: this.lastEnd } : undefined;
  }

  private parseDeclList(end: TokenKind | undefined, depth: number): ast.TopLevelItem[] {
    const items: ast.TopLevelItem[] = [];
    for (;;) {
      const docs = this.docs();
      if (end !== undefined ? this.eat(end) : this.at(TokenKind.Eof)) break;
      const before = this.i;
      const item = this.parseTopLevelItem(docs, depth);
      if (item) items.push(item);
      this.recoverTopLevel(end !== undefined);
      if (this.i === before) {
        // At end of input the item parser has just reported the missing `}`.
        if (this.at(TokenKind.Eof)) break;
        this.bump();
      }
    }
    return items;
  }

  private parseTopLevelItem(docs: ast.Docs, depth: number): ast.TopLevelItem | undefined {
    const start = this.peek().start;
    const attributes = this.parseAttributes();
    switch (this.peek().kind) {
      case TokenKind.Interface:
        return this.parseInterface(docs, attributes, start);
      case TokenKind.World:
        return this.parseWorld(docs, attributes, start);
      case TokenKind.Use:
        return this.parseTopLevelUse(docs, attributes, start);
      case TokenKind.Package:
        return this.parseNestedPackage(docs, attributes, depth, start);
      default:
        this.errorExpected('`world`, `interface` or `use`');
        return undefined;
    }
  }

  private parseNestedPackage(docs: ast.Docs, attributes: ast.Attribute[], depth: number, start: number): ast.NestedPackage {
    const keyword = this.bump();
    const node: ast.NestedPackage = { kind: 'package', docs, attributes, keyword, items: [], start, end: keyword.end };
    if (attributes.length > 0) {
      this.report(keyword.start, keyword.end, 'cannot place attributes on nested packages', 'invalid-attribute');
    }
    if (depth >= MAX_ITEM_DEPTH) {
      this.error(keyword.start, keyword.end, 'package nesting too deep', 'nesting-too-deep');
      return node;
    }
    const name = this.parsePackageName();
    if (name) node.name = name;
    if (this.expect(TokenKind.LeftBrace)) {
      const open = this.lastEnd;
      node.items = this.parseDeclList(TokenKind.RightBrace, depth + 1);
      node.body = { start: open - 1, end: this.lastEnd };
    }
    node.end = this.lastEnd;
    return node;
  }

  private parsePackageName(): ast.PackageName | undefined {
    const namespace = this.parseId();
    if (!namespace) return undefined;
    const node: ast.PackageName = { namespace, start: namespace.start, end: namespace.end };
    if (!this.expect(TokenKind.Colon)) return node;
    const name = this.parseId();
    if (!name) return node;
    node.name = name;
    node.end = name.end;
    const version = this.parseOptionalVersion();
    if (version) {
      node.version = version;
      node.end = version.end;
    }
    return node;
  }

  private parseTopLevelUse(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.TopLevelUse {
    const span = this.bump();
    const node: ast.TopLevelUse = { kind: 'use', docs, attributes, span, start, end: span.end };
    const path = this.parseUsePath();
    if (path) {
      node.path = path;
      if (this.eat(TokenKind.As)) {
        const as = this.parseId();
        if (as) node.as = as;
      }
      this.expect(TokenKind.Semicolon);
    }
    node.end = this.lastEnd;
    return node;
  }

  private parseInterface(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.InterfaceDecl {
    this.bump();
    const node: ast.InterfaceDecl = { kind: 'interface', docs, attributes, items: [], start, end: this.lastEnd };
    const name = this.parseId();
    if (name) node.name = name;
    // Without a name, the body is still read (quietly) so that what is in it is not lost.
    if (name || this.at(TokenKind.LeftBrace)) {
      const body = this.parseInterfaceBody(node.items);
      if (body) node.body = body;
    }
    node.end = this.lastEnd;
    return node;
  }

  /** `{ items }` of an interface; returns the braces' range when the body was opened. */
  private parseInterfaceBody(items: ast.InterfaceItem[]): ast.Range | undefined {
    const open = this.expect(TokenKind.LeftBrace);
    if (!open) return undefined;
    this.parseBody(() => {
      const docs = this.docs();
      if (this.eat(TokenKind.RightBrace)) return false;
      const start = this.peek().start;
      const attributes = this.parseAttributes();
      const item = this.parseInterfaceItem(docs, attributes, start);
      if (item) items.push(item);
      return true;
    });
    return { start: open.start, end: this.lastEnd };
  }

  /** Runs `statement` until it reports the end of the body, recovering after each error. */
  private parseBody(statement: () => boolean): void {
    for (;;) {
      const before = this.i;
      if (!statement()) return;
      this.recoverStatement();
      if (this.i === before) {
        // At end of input the statement parser has just reported the missing `}`.
        if (this.at(TokenKind.Eof)) return;
        // `interface`/`world`/`package` starting a line: the body's `}` is missing, so the
        // body ends here and the item is parsed at the top level.
        if (TOP_LEVEL_KEYWORDS.has(this.peek().kind) && this.isLineStart(this.i)) return;
        // A statement that cannot start here (e.g. `include` in an interface): drop all of it.
        this.bump();
        this.skipUntil((t) => (t.kind === TokenKind.Semicolon ? 'consume' : t.kind === TokenKind.RightBrace ? 'stop' : undefined));
      }
    }
  }

  private parseInterfaceItem(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.InterfaceItem | undefined {
    switch (this.peek().kind) {
      case TokenKind.Type:
      case TokenKind.Flags:
      case TokenKind.Enum:
      case TokenKind.Variant:
      case TokenKind.Resource:
      case TokenKind.Record:
        return this.parseTypeDecl(docs, attributes, start);
      case TokenKind.Id:
      case TokenKind.ExplicitId:
        return this.parseNamedFunc(docs, attributes, start);
      case TokenKind.Use:
        return this.parseUse(docs, attributes, start);
      default:
        this.errorExpected('`type`, `resource` or `func`');
        return undefined;
    }
  }

  private parseWorld(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.WorldDecl {
    this.bump();
    const node: ast.WorldDecl = { kind: 'world', docs, attributes, items: [], start, end: this.lastEnd };
    const name = this.parseId();
    if (name) node.name = name;
    if (name || this.at(TokenKind.LeftBrace)) {
      const open = this.expect(TokenKind.LeftBrace);
      if (open) {
        this.parseBody(() => {
          const itemDocs = this.docs();
          if (this.eat(TokenKind.RightBrace)) return false;
          const itemStart = this.peek().start;
          const itemAttributes = this.parseAttributes();
          const item = this.parseWorldItem(itemDocs, itemAttributes, itemStart);
          if (item) node.items.push(item);
          return true;
        });
        node.body = { start: open.start, end: this.lastEnd };
      }
    }
    node.end = this.lastEnd;
    return node;
  }

  private parseWorldItem(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.WorldItem | undefined {
    switch (this.peek().kind) {
      case TokenKind.Import:
      case TokenKind.Export:
        return this.parseImportExport(docs, attributes, start);
      case TokenKind.Use:
        return this.parseUse(docs, attributes, start);
      case TokenKind.Type:
      case TokenKind.Flags:
      case TokenKind.Resource:
      case TokenKind.Record:
      case TokenKind.Variant:
      case TokenKind.Enum:
        return this.parseTypeDecl(docs, attributes, start);
      case TokenKind.Include:
        return this.parseInclude(docs, attributes, start);
      default:
        this.errorExpected('`import`, `export`, `include`, `use`, or type definition');
        return undefined;
    }
  }

  private parseImportExport(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.ImportExport {
    const keyword = this.bump();
    const node: ast.ImportExport = {
      kind: keyword.kind === TokenKind.Import ? 'import' : 'export',
      docs,
      attributes,
      start,
      end: keyword.end,
    };
    const extern = this.parseExternKind();
    if (extern) node.extern = extern;
    node.end = this.lastEnd;
    return node;
  }

  /** What follows `import`/`export`: the same lookahead as wit-parser's `ExternKind::parse`. */
  private parseExternKind(): ast.ExternKind | undefined {
    const start = this.peek().start;
    const first = this.peek();
    if (first.kind !== TokenKind.Id && first.kind !== TokenKind.ExplicitId) {
      this.errorExpected('an identifier or string');
      return undefined;
    }
    if (this.peek(1).kind === TokenKind.Colon) {
      const next = this.peek(2).kind;
      if (next === TokenKind.Func || next === TokenKind.Async) {
        const name = this.parseId()!;
        this.bump();
        const func = this.parseFunc();
        this.expect(TokenKind.Semicolon);
        return func
          ? { kind: 'func', name, func, start, end: this.lastEnd }
          : { kind: 'func', name, func: this.missingFunc(), start, end: this.lastEnd };
      }
      if (next === TokenKind.Interface) {
        const name = this.parseId()!;
        this.bump();
        this.bump();
        const items: ast.InterfaceItem[] = [];
        const body = this.parseInterfaceBody(items);
        return { kind: 'interface', name, items, ...(body ? { body } : {}), start, end: this.lastEnd };
      }
      const afterColon = this.peek(3).kind;
      const qualified =
        (next === TokenKind.Id || next === TokenKind.ExplicitId) &&
        afterColon === TokenKind.Slash &&
        validateId(this.idText(this.peek(2))) === undefined;
      if (!qualified) {
        const name = this.parseId()!;
        this.bump();
        const path = this.parseUsePath();
        if (!path) return undefined;
        this.expect(TokenKind.Semicolon);
        return { kind: 'named-path', name, path, start, end: this.lastEnd };
      }
    }
    const path = this.parseUsePath();
    if (!path) return undefined;
    this.expect(TokenKind.Semicolon);
    return { kind: 'path', path, start, end: this.lastEnd };
  }

  private missingFunc(): ast.Func {
    const at = this.lastEnd;
    return { span: { start: at, end: at }, async: false, params: [], start: at, end: at };
  }

  private parseUse(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.UseDecl {
    this.bump();
    const node: ast.UseDecl = { kind: 'use', docs, attributes, names: [], start, end: this.lastEnd };
    const from = this.parseUsePath();
    if (from) node.from = from;
    if (from && this.expect(TokenKind.Period) && this.expect(TokenKind.LeftBrace)) {
      while (!this.eat(TokenKind.RightBrace)) {
        const name = this.parseId();
        if (!name) break;
        const useName: ast.UseName = { name };
        if (this.eat(TokenKind.As)) {
          const as = this.parseId();
          if (as) useName.as = as;
        }
        node.names.push(useName);
        if (!this.eat(TokenKind.Comma)) {
          this.expect(TokenKind.RightBrace);
          break;
        }
      }
      if (!this.panicking) this.expect(TokenKind.Semicolon);
    }
    node.end = this.lastEnd;
    return node;
  }

  private parseInclude(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.IncludeDecl {
    this.bump();
    const node: ast.IncludeDecl = { kind: 'include', docs, attributes, names: [], hasWith: false, start, end: this.lastEnd };
    const from = this.parseUsePath();
    if (from) {
      node.from = from;
      if (this.eat(TokenKind.With)) {
        node.hasWith = true;
        this.parseList(TokenKind.LeftBrace, TokenKind.RightBrace, () => {
          const name = this.parseId();
          if (!name) return undefined;
          const includeName: ast.IncludeName = { name };
          if (this.expect(TokenKind.As)) {
            const as = this.parseId();
            if (as) includeName.as = as;
          }
          node.names.push(includeName);
          return includeName;
        });
      } else {
        this.expect(TokenKind.Semicolon);
      }
    }
    node.end = this.lastEnd;
    return node;
  }

  private parseUsePath(): ast.UsePath | undefined {
    const id = this.parseId();
    if (!id) return undefined;
    if (!this.eat(TokenKind.Colon)) return { kind: 'id', id, start: id.start, end: id.end };
    const packageName = this.parseId();
    if (!packageName) return undefined;
    const path: ast.UsePath = {
      kind: 'package',
      namespace: id,
      packageName,
      packageSpan: { start: id.start, end: packageName.end },
      start: id.start,
      end: packageName.end,
    };
    if (!this.expect(TokenKind.Slash)) return path;
    const name = this.parseId();
    if (!name) return path;
    path.name = name;
    path.end = name.end;
    const version = this.parseOptionalVersion();
    if (version) {
      path.version = version;
      path.end = version.end;
    }
    return path;
  }

  // ---------------------------------------------------------------------------------------
  // Types and functions

  private parseTypeDecl(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.TypeDecl {
    const keyword = this.bump();
    const at = this.lastEnd;
    const node: ast.TypeDecl = {
      kind: 'type',
      docs,
      attributes,
      keyword,
      type: { kind: 'error', span: { start: at, end: at }, start: at, end: at },
      start,
      end: keyword.end,
    };
    const name = this.parseId();
    if (name) {
      node.name = name;
      switch (keyword.kind) {
        case TokenKind.Type:
          if (this.expect(TokenKind.Equals)) {
            node.type = this.parseType(0);
            if (!this.panicking) this.expect(TokenKind.Semicolon);
          }
          break;
        case TokenKind.Flags:
          node.type = this.parseFlags(name);
          break;
        case TokenKind.Enum:
          node.type = this.parseEnum(name);
          break;
        case TokenKind.Variant:
          node.type = this.parseVariant(name);
          break;
        case TokenKind.Record:
          node.type = this.parseRecord(name);
          break;
        case TokenKind.Resource:
          node.type = this.parseResource(name);
          break;
      }
    }
    node.end = this.lastEnd;
    return node;
  }

  /** `{ member, member, … }` of a record, variant, enum or flags; members need a name. */
  private parseMembers<T extends { name: ast.Id }>(member: (docs: ast.Docs, name: ast.Id) => T): { members: T[]; start: number } {
    // Without its `{` the body is empty, where the name ended.
    const start = this.at(TokenKind.LeftBrace) ? this.peek().start : this.lastEnd;
    const members: T[] = [];
    this.parseList(TokenKind.LeftBrace, TokenKind.RightBrace, (docs) => {
      const name = this.parseId();
      if (!name) return undefined;
      const m = member(docs, name);
      members.push(m);
      return m;
    });
    return { members, start };
  }

  private parseRecord(name: ast.Id): ast.RecordBody {
    const { members: fields, start } = this.parseMembers((docs, fieldName) => {
      let type: ast.TypeExpr = this.errorType();
      if (this.expect(TokenKind.Colon)) type = this.parseType(0);
      return { docs, name: fieldName, type, start: fieldName.start, end: this.lastEnd };
    });
    return { kind: 'record', span: { start: name.start, end: name.end }, fields, start, end: this.lastEnd };
  }

  private parseVariant(name: ast.Id): ast.VariantBody {
    const { members: cases, start } = this.parseMembers((docs, caseName) => {
      const variantCase: ast.VariantBody['cases'][number] = { docs, name: caseName, start: caseName.start, end: caseName.end };
      if (this.eat(TokenKind.LeftParen)) {
        variantCase.type = this.parseType(0);
        this.expect(TokenKind.RightParen);
        variantCase.end = this.lastEnd;
      }
      return variantCase;
    });
    return { kind: 'variant', span: { start: name.start, end: name.end }, cases, start, end: this.lastEnd };
  }

  private parseEnum(name: ast.Id): ast.EnumBody {
    const { members: cases, start } = this.parseMembers((docs, caseName) => ({ docs, name: caseName, start: caseName.start, end: caseName.end }));
    return { kind: 'enum', span: { start: name.start, end: name.end }, cases, start, end: this.lastEnd };
  }

  private parseFlags(name: ast.Id): ast.FlagsBody {
    const { members: flags, start } = this.parseMembers((docs, flagName) => ({ docs, name: flagName, start: flagName.start, end: flagName.end }));
    return { kind: 'flags', span: { start: name.start, end: name.end }, flags, start, end: this.lastEnd };
  }

  private parseResource(name: ast.Id): ast.ResourceBody {
    const start = this.at(TokenKind.LeftBrace) || this.at(TokenKind.Semicolon) ? this.peek().start : this.lastEnd;
    const node: ast.ResourceBody = {
      kind: 'resource',
      span: { start: name.start, end: name.end },
      funcs: [],
      hasBody: false,
      start,
      end: start,
    };
    if (this.eat(TokenKind.LeftBrace)) {
      node.hasBody = true;
      this.parseBody(() => {
        const docs = this.docs();
        if (this.eat(TokenKind.RightBrace)) return false;
        const funcStart = this.peek().start;
        const attributes = this.parseAttributes();
        const func = this.parseResourceFunc(docs, attributes, funcStart);
        if (func) node.funcs.push(func);
        return true;
      });
    } else {
      this.expect(TokenKind.Semicolon);
    }
    node.end = this.lastEnd;
    return node;
  }

  private parseResourceFunc(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.ResourceFunc | undefined {
    const t = this.peek();
    if (t.kind === TokenKind.Constructor) {
      this.bump();
      const name: ast.Id = { name: 'constructor', explicit: false, start: t.start, end: t.end };
      const func: ast.Func = { span: { start: t.start, end: t.end }, async: false, params: [], start: t.start, end: t.end };
      if (this.expect(TokenKind.LeftParen)) {
        const open = this.lastEnd - 1;
        func.params = this.parseParams();
        func.paramsRange = { start: open, end: this.lastEnd };
        if (this.eat(TokenKind.RArrow)) func.result = this.parseType(0);
        func.end = this.lastEnd;
        if (!this.panicking) this.expect(TokenKind.Semicolon);
      }
      return { kind: 'constructor', docs, attributes, name, func, start, end: this.lastEnd };
    }
    if (t.kind === TokenKind.Id || t.kind === TokenKind.ExplicitId) {
      const name = this.parseId()!;
      let kind: ast.ResourceFunc['kind'] = 'method';
      let func = this.missingFunc();
      if (this.expect(TokenKind.Colon)) {
        if (this.eat(TokenKind.Static)) kind = 'static';
        func = this.parseFunc() ?? func;
        if (!this.panicking) this.expect(TokenKind.Semicolon);
      }
      return { kind, docs, attributes, name, func, start, end: this.lastEnd };
    }
    this.errorExpected('`constructor` or identifier');
    return undefined;
  }

  private parseNamedFunc(docs: ast.Docs, attributes: ast.Attribute[], start: number): ast.FuncDecl {
    const name = this.parseId()!;
    const node: ast.FuncDecl = { kind: 'func', docs, attributes, name, start, end: name.end };
    if (this.expect(TokenKind.Colon)) {
      const func = this.parseFunc();
      if (func) node.func = func;
      if (!this.panicking) this.expect(TokenKind.Semicolon);
    }
    node.end = this.lastEnd;
    return node;
  }

  /** `async? func(params) -> result` */
  private parseFunc(): ast.Func | undefined {
    const start = this.peek().start;
    const isAsync = !!this.eat(TokenKind.Async);
    const keyword = this.expect(TokenKind.Func);
    if (!keyword) return undefined;
    const func: ast.Func = { span: { start: keyword.start, end: keyword.end }, async: isAsync, params: [], start, end: keyword.end };
    if (this.expect(TokenKind.LeftParen)) {
      const open = this.lastEnd - 1;
      func.params = this.parseParams();
      func.paramsRange = { start: open, end: this.lastEnd };
      if (this.eat(TokenKind.RArrow)) func.result = this.parseType(0);
    }
    func.end = this.lastEnd;
    return func;
  }

  private parseParams(): ast.Param[] {
    const params: ast.Param[] = [];
    this.parseListTrailer(TokenKind.RightParen, () => {
      const name = this.parseId();
      if (!name) return undefined;
      let type: ast.TypeExpr = this.errorType();
      if (this.expect(TokenKind.Colon)) type = this.parseType(0);
      const param = { name, type };
      params.push(param);
      return param;
    });
    return params;
  }

  private errorType(): ast.TypeExpr {
    const at = this.peek().start;
    return { kind: 'error', span: { start: at, end: at }, start: at, end: at };
  }

  private parseType(depth: number): ast.TypeExpr {
    const t = this.peek();
    if (depth >= MAX_TYPE_DEPTH) {
      this.error(t.start, t.end, 'type nesting too deep', 'nesting-too-deep');
      return this.errorType();
    }
    const span = { start: t.start, end: t.end };
    const primitive = PRIMITIVES.get(t.kind);
    if (primitive) {
      this.bump();
      return { kind: 'primitive', name: primitive, span, start: t.start, end: t.end };
    }
    const done = <T extends ast.TypeExpr>(node: T): T => {
      node.end = this.lastEnd;
      return node;
    };
    switch (t.kind) {
      case TokenKind.Tuple: {
        this.bump();
        const types: ast.TypeExpr[] = [];
        this.parseList(TokenKind.LessThan, TokenKind.GreaterThan, () => {
          const type = this.parseType(depth + 1);
          types.push(type);
          return type.kind === 'error' ? undefined : type;
        });
        return done({ kind: 'tuple', types, span, start: t.start, end: t.end });
      }
      case TokenKind.List: {
        this.bump();
        let element: ast.TypeExpr = this.errorType();
        let size: number | undefined;
        if (this.expect(TokenKind.LessThan)) {
          element = this.parseType(depth + 1);
          if (!this.panicking && this.eat(TokenKind.Comma)) {
            const number = this.peek();
            if (number.kind === TokenKind.Integer) {
              this.bump();
              size = Number(this.text.slice(number.start, number.end));
              if (size > 0xffffffff) {
                this.report(number.start, number.end, 'invalid list size: number too large to fit in target type', 'invalid-number');
              }
            } else this.errorExpected('fixed-length');
          }
          if (!this.panicking) this.expect(TokenKind.GreaterThan);
        }
        return done({ kind: 'list', element, ...(size !== undefined ? { size } : {}), span, start: t.start, end: t.end });
      }
      case TokenKind.Map: {
        this.bump();
        let key: ast.TypeExpr = this.errorType();
        let value: ast.TypeExpr = this.errorType();
        if (this.expect(TokenKind.LessThan)) {
          key = this.parseType(depth + 1);
          if (!this.panicking && this.expect(TokenKind.Comma)) {
            value = this.parseType(depth + 1);
            if (!this.panicking) this.expect(TokenKind.GreaterThan);
          }
        }
        return done({ kind: 'map', key, value, span, start: t.start, end: t.end });
      }
      case TokenKind.Option: {
        this.bump();
        let element: ast.TypeExpr = this.errorType();
        if (this.expect(TokenKind.LessThan)) {
          element = this.parseType(depth + 1);
          if (!this.panicking) this.expect(TokenKind.GreaterThan);
        }
        return done({ kind: 'option', element, span, start: t.start, end: t.end });
      }
      case TokenKind.Result: {
        this.bump();
        const node: ast.TypeExpr = { kind: 'result', span, start: t.start, end: t.end };
        if (this.eat(TokenKind.LessThan)) {
          if (this.eat(TokenKind.Underscore)) {
            if (this.expect(TokenKind.Comma)) node.err = this.parseType(depth + 1);
          } else {
            node.ok = this.parseType(depth + 1);
            if (!this.panicking && this.eat(TokenKind.Comma)) node.err = this.parseType(depth + 1);
          }
          if (!this.panicking) this.expect(TokenKind.GreaterThan);
        }
        return done(node);
      }
      case TokenKind.Future:
      case TokenKind.Stream: {
        this.bump();
        const node: ast.TypeExpr = { kind: t.kind === TokenKind.Future ? 'future' : 'stream', span, start: t.start, end: t.end };
        if (this.eat(TokenKind.LessThan)) {
          node.element = this.parseType(depth + 1);
          if (!this.panicking) this.expect(TokenKind.GreaterThan);
        }
        return done(node);
      }
      case TokenKind.Own:
      case TokenKind.Borrow: {
        this.bump();
        const node: ast.TypeExpr = { kind: 'handle', handle: t.kind === TokenKind.Own ? 'own' : 'borrow', span, start: t.start, end: t.end };
        if (this.expect(TokenKind.LessThan)) {
          const resource = this.parseId();
          if (resource) {
            node.resource = resource;
            node.span = { start: resource.start, end: resource.end };
            this.expect(TokenKind.GreaterThan);
          }
        }
        return done(node);
      }
      case TokenKind.Id:
      case TokenKind.ExplicitId: {
        const id = this.parseId()!;
        return { kind: 'name', id, span: { start: id.start, end: id.end }, start: id.start, end: id.end };
      }
      default:
        this.errorExpected('a type');
        return this.errorType();
    }
  }

  /** `start item, item, … end` with wit-parser's trailing-comma rules. */
  private parseList<T>(startKind: TokenKind, end: TokenKind, element: (docs: ast.Docs) => T | undefined): void {
    if (!this.expect(startKind)) return;
    this.parseListTrailer(end, element);
  }

  /**
   * The elements of a list up to and including `end`. After an error inside an element the
   * parse resumes at the next `,` (or the end); a missing `,` between two elements is reported
   * as wit-parser reports it and the next element is still parsed.
   */
  private parseListTrailer<T>(end: TokenKind, element: (docs: ast.Docs) => T | undefined): void {
    for (;;) {
      const docs = this.docs();
      if (this.eat(end)) return;
      const before = this.i;
      const parsed = element(docs);
      if (this.panicking || parsed === undefined) {
        const verdict = this.recoverListElement(end);
        if (verdict === 'stop' || verdict === 'eof' || this.i === before) return;
        if (this.toks[this.i - 1]!.kind === end) return;
        continue;
      }
      if (this.eat(TokenKind.Comma)) continue;
      if (this.eat(end)) return;
      this.expect(end);
      if (this.canStartListElement(end)) {
        this.panicking = false;
        continue;
      }
      this.recoverListElement(end);
      return;
    }
  }

  private canStartListElement(end: TokenKind): boolean {
    const t = this.peek();
    if (end === TokenKind.GreaterThan) return PRIMITIVES.has(t.kind) || t.kind === TokenKind.Id || t.kind === TokenKind.ExplicitId;
    return (t.kind === TokenKind.Id || t.kind === TokenKind.ExplicitId) && !this.isFunctionStart(this.i);
  }

  /** `name: func(…)` (or `async`/`static`) starting a line: the next function, not a list element. */
  private isFunctionStart(index: number): boolean {
    const next = this.toks[index + 2]?.kind;
    return (
      this.toks[index + 1]?.kind === TokenKind.Colon &&
      (next === TokenKind.Func || next === TokenKind.Async || next === TokenKind.Static) &&
      this.isLineStart(index)
    );
  }

  /** Skips the rest of a broken list element: to after the next `,` or the list's end. */
  private recoverListElement(end: TokenKind): 'stop' | 'consume' | 'eof' {
    const verdict = this.skipUntil((t, index) => {
      if (t.kind === TokenKind.Comma || t.kind === end) return 'consume';
      if (t.kind === TokenKind.Semicolon || t.kind === TokenKind.RightBrace || t.kind === TokenKind.RightParen) return 'stop';
      return this.isStatementStart(t, index, false) || this.isFunctionStart(index) ? 'stop' : undefined;
    });
    if (verdict === 'consume') this.panicking = false;
    return verdict;
  }

  // ---------------------------------------------------------------------------------------
  // Identifiers, versions, attributes

  private idText(t: Token): string {
    const text = this.text.slice(t.start, t.end);
    return t.kind === TokenKind.ExplicitId ? text.slice(1) : text;
  }

  private parseId(): ast.Id | undefined {
    const t = this.peek();
    if (t.kind !== TokenKind.Id && t.kind !== TokenKind.ExplicitId) {
      this.errorExpected('an identifier or string');
      return undefined;
    }
    this.bump();
    const name = this.idText(t);
    const problem = validateId(name);
    if (problem) this.report(t.start, t.start + 1, problem, 'invalid-identifier');
    return { name, explicit: t.kind === TokenKind.ExplicitId, start: t.start, end: t.end };
  }

  private parseOptionalVersion(): ast.VersionNode | undefined {
    return this.eat(TokenKind.At) ? this.parseVersion() : undefined;
  }

  /** `1.2.3`, then semver's pre-release and build parts (see wit-parser's `parse_version`). */
  private parseVersion(): ast.VersionNode | undefined {
    const first = this.expect(TokenKind.Integer);
    if (!first || !this.expect(TokenKind.Period) || !this.expect(TokenKind.Integer) || !this.expect(TokenKind.Period)) {
      return undefined;
    }
    const last = this.expect(TokenKind.Integer);
    if (!last) return undefined;
    let end = last.end;
    const eatIds = (prefix: TokenKind) => {
      if (!this.eat(prefix)) return;
      const isPart = (k: TokenKind) => k === TokenKind.Id || k === TokenKind.Integer || k === TokenKind.Minus;
      for (;;) {
        if (isPart(this.peek().kind)) {
          end = this.bump().end;
        } else if (this.at(TokenKind.Period) && isPart(this.peek(1).kind)) {
          this.bump();
          end = this.bump().end;
        } else return;
      }
    };
    eatIds(TokenKind.Minus);
    eatIds(TokenKind.Plus);
    const text = this.text.slice(first.start, end);
    const parsed = parseVersion(text);
    if (!parsed.ok) {
      this.report(first.start, end, parsed.message, 'invalid-version');
      return { text, start: first.start, end };
    }
    return { text, version: parsed.version, start: first.start, end };
  }

  private parseAttributes(): ast.Attribute[] {
    const attributes: ast.Attribute[] = [];
    while (this.at(TokenKind.At)) {
      const start = this.bump().start;
      const attribute = this.parseAttribute(start);
      if (attribute) attributes.push(attribute);
      if (this.panicking) {
        // Resume at the item the attribute was meant for.
        this.skipUntil((t, index) => {
          if (t.kind === TokenKind.RightParen) return 'consume';
          return t.kind === TokenKind.Interface || t.kind === TokenKind.World || this.isStatementStart(t, index, true)
            ? 'stop'
            : undefined;
        });
        this.panicking = false;
      }
    }
    return attributes;
  }

  private parseAttribute(start: number): ast.Attribute | undefined {
    const id = this.parseId();
    if (!id) return undefined;
    const span = { start: id.start, end: id.end };
    const versionAttribute = (kind: 'since' | 'deprecated'): ast.Attribute => {
      const node: Extract<ast.Attribute, { kind: 'since' | 'deprecated' }> = { kind, span, range: { start, end: id.end } };
      if (this.expect(TokenKind.LeftParen) && this.expectId('version') && this.expect(TokenKind.Equals)) {
        const version = this.parseVersion();
        if (version) {
          if (version.version) node.version = version.version;
          node.versionRange = { start: version.start, end: version.end };
          this.expect(TokenKind.RightParen);
        }
      }
      node.range.end = this.lastEnd;
      return node;
    };
    switch (id.name) {
      case 'since':
      case 'deprecated':
        return versionAttribute(id.name);
      case 'unstable': {
        const node: ast.Attribute = { kind: 'unstable', span, range: { start, end: id.end } };
        if (this.expect(TokenKind.LeftParen) && this.expectId('feature') && this.expect(TokenKind.Equals)) {
          const feature = this.parseId();
          if (feature) {
            node.feature = feature;
            this.expect(TokenKind.RightParen);
          }
        }
        node.range.end = this.lastEnd;
        return node;
      }
      case 'external-id': {
        const node: ast.Attribute = { kind: 'external-id', span, range: { start, end: id.end } };
        if (this.expect(TokenKind.LeftParen)) {
          const literal = this.expect(TokenKind.StringLiteral);
          if (literal) {
            node.id = decodeStringBody(this.text, literal.start + 1).value;
            this.expect(TokenKind.RightParen);
          }
        }
        node.range.end = this.lastEnd;
        return node;
      }
      default:
        this.error(id.start, id.end, `unknown attribute \`${id.name}\``, 'invalid-attribute');
        return undefined;
    }
  }

  /** An identifier that must be `expected` (e.g. `version` in `@since(version = …)`). */
  private expectId(expected: string): boolean {
    const id = this.parseId();
    if (!id) return false;
    if (id.name !== expected) {
      this.error(id.start, id.end, `expected \`${expected}\`, found \`${id.name}\``);
      return false;
    }
    return true;
  }
}
