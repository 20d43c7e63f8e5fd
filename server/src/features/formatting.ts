/**
 * The document formatter: lays a WIT file out in the style of the reference printer
 * (`wasm-tools component wit`, wit-component's `printing.rs`), but working on the user's source
 * rather than on a resolved model, so that every comment, the order of the items and the forms
 * the user chose (`use` statements, `%` names, `own<…>`, …) are kept. Pure functions, no I/O.
 *
 * How it works. Formatting only ever decides what goes *between* two tokens: the tokens
 * themselves (comments included) are copied unchanged and in the same order. The syntax tree
 * tells, for each token, whether it starts a line (and at which nesting level, with which
 * blank-line rule) or how it is spaced on its line; the other tokens are spaced by their kinds.
 * The one change to the tokens is the printer's trailing comma: a list laid out one element per
 * line (record fields, variant/enum/flags cases, and a parameter or `use` list that a comment
 * forces onto several lines) ends with a `,`; a list kept on one line (parameters, `tuple<…>`,
 * `use x.{…}`, `include … with { … }`) has none. Both are optional in WIT's grammar, so this
 * never changes meaning. The result is checked (re-lexed and re-parsed: same tokens up to those
 * commas, same comments, no syntax error) before any edit is returned; if that check failed,
 * nothing would be formatted.
 *
 * The layout (that of the printer, unless said otherwise):
 * - one nesting level of `options.indent` per `{…}` body; one item, member, attribute per line;
 * - `package a:b@1.0.0;`, `use a:b/c@1.0.0.{x, y as z};`, `name: func(a: u32, b: u32) -> t;`,
 *   `list<u8>`, `result<_, e>`, `tuple<a, b>`, `c(u8),`, `@since(version = 1.0.0)`;
 * - `include a:b/w with { x as y }` (the printer never prints `include`: WIT.md's spacing);
 * - an empty body is `{` and `}` on two lines, as the printer prints an empty interface/world;
 * - blank lines: one between top-level items (the printer omits it between two worlds and
 *   inside nested packages; here every top-level item is separated alike), after the package
 *   header, between interface members (none between consecutive `use`s), in a world before
 *   each type definition and before the first export following non-exports; elsewhere (between
 *   `use`s, world imports, resource methods, record fields, …) a blank line the user wrote is
 *   kept (several collapse into one) and none is added; never one after `{` or before `}`;
 * - long lines are not wrapped (the printer does not wrap);
 * - the file ends with exactly one newline; line endings follow the file's first one (CRLF kept).
 * Comments: a comment on the same line as the token before it stays there (one space before
 * it); a comment on a line of its own stays on a line of its own, indented as the item that
 * follows it (as the members of the body, before a closing `}`), with blank lines around it
 * kept (at most one). A comment inside a line (e.g. in a signature) stays inline, with a space
 * on each side where the user wrote one (where the tokens around it are glued, as before `:`);
 * after a line comment (or where the user broke the line) the construct continues on the next
 * line, one level deeper. A comment in a parameter list, `tuple<…>`, `use …{…}` or `with {…}`
 * that is a line comment, spans lines or has a line of its own lays that list out one element
 * per line. A comma written after a comment stays after it (moving it would make the comment
 * the docs of the next element, or no longer so); only missing trailing commas are added.
 *
 * Files with syntax errors are not formatted at all (no edits): a broken tree cannot say
 * safely where items begin and end.
 */
import type * as ast from '../syntax/ast';
import { parse } from '../syntax/parser';
import { tokenize } from '../syntax/lexer';
import { TokenKind, type Token } from '../syntax/tokens';

export interface FormattingOptions {
  /** One level of indentation: `'    '` by default, or `'\t'` / `'  '` from the editor's settings. */
  indent: string;
}

/** Replace `start..end` (UTF-16 offsets into the original text) with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Two spaces, as the reference printer (`wasm-tools component wit`) indents. */
export const DEFAULT_INDENT = '  ';

/** Edits that format the whole file (none for a file with syntax errors). */
export function formatDocument(file: ast.SourceFile, options?: FormattingOptions): TextEdit[] {
  const layout = formatLayout(file, options);
  if (!layout) return [];
  const edits: TextEdit[] = [];
  for (const seg of layout.segments) {
    const edit = diff(file.text, seg.start, seg.end, seg.text);
    if (edit) edits.push(edit);
  }
  return edits;
}

/**
 * Edits that format the smallest run of whole items (top-level items, members of a body,
 * fields/cases of a record, variant, enum or flags) covering `range`, doc comments included.
 * The line of the first item is re-indented; blank lines before it and what follows the last
 * one are left alone.
 */
export function formatRange(file: ast.SourceFile, range: { start: number; end: number }, options?: FormattingOptions): TextEdit[] {
  const layout = formatLayout(file, options);
  if (!layout) return [];
  const region = coveringRegion(file, layout.tokens, range);
  if (!region) return [];
  const text = file.text;
  const edits: TextEdit[] = [];
  for (const seg of layout.segments) {
    if (seg.end === region.start && seg.start < region.start) {
      // The whitespace before the first item: only its indentation, unless it shares a line.
      const lineBreak = text.slice(seg.start, seg.end).lastIndexOf('\n');
      const newBreak = seg.text.lastIndexOf('\n');
      const edit =
        lineBreak >= 0 && newBreak >= 0
          ? diff(text, seg.start + lineBreak + 1, seg.end, seg.text.slice(newBreak + 1))
          : diff(text, seg.start, seg.end, seg.text);
      if (edit) edits.push(edit);
      continue;
    }
    if (seg.start === region.end && seg.comma) {
      edits.push({ start: seg.start, end: seg.start, newText: ',' });
      continue;
    }
    if (seg.start >= region.start && seg.end <= region.end) {
      const edit = diff(text, seg.start, seg.end, seg.text);
      if (edit) edits.push(edit);
    }
  }
  return edits;
}

/** The formatted text of the whole file, or `undefined` when it has syntax errors. */
export function formatText(file: ast.SourceFile, options?: FormattingOptions): string | undefined {
  return formatLayout(file, options)?.output;
}

// -------------------------------------------------------------------------------------------
// Layout

/** Whether blank lines may separate two lines: always one, kept when written, or none. */
type Blank = 'required' | 'optional' | 'forbidden';

/**
 * How a token is separated from what precedes it. `newline`: it starts a line at `level`;
 * comments on lines of their own before it are indented at `commentLevel`; `before`, `direct`
 * and `after` rule the blank lines between the previous token and the first such comment,
 * between the previous token and this one when there is no such comment, and between the last
 * such comment and this token.
 */
type Spec =
  | { kind: 'inline'; space: boolean }
  | { kind: 'newline'; level: number; commentLevel: number; before: Blank; direct: Blank; after: Blank };

/** The new text of the whitespace between two tokens of the original (comments included). */
interface Segment {
  start: number;
  end: number;
  text: string;
  /** Whether `text` begins with a trailing comma the formatter adds. */
  comma: boolean;
}

interface Layout {
  output: string;
  segments: Segment[];
  tokens: Token[];
}

class InternalError extends Error {}

function formatLayout(file: ast.SourceFile, options?: FormattingOptions): Layout | undefined {
  // A file with syntax errors is left alone (see the top of this file).
  if (file.errors.length > 0) return undefined;
  try {
    const formatter = new Formatter(file, options?.indent ?? DEFAULT_INDENT);
    formatter.walkFile();
    const layout = formatter.emit();
    return verify(file, layout.output) ? layout : undefined;
  } catch (e) {
    if (e instanceof InternalError) return undefined;
    throw e;
  }
}

/** A list whose elements are separated by commas (a body of members, or an inline list). */
interface ListElement {
  start: number;
  end: number;
}

type ListMode = 'block' | 'inline' | 'spaced';

const GLUE_BEFORE = new Set([
  TokenKind.Comma,
  TokenKind.Semicolon,
  TokenKind.Colon,
  TokenKind.Period,
  TokenKind.LeftParen,
  TokenKind.RightParen,
  TokenKind.LessThan,
  TokenKind.GreaterThan,
]);
const GLUE_AFTER = new Set([TokenKind.LeftParen, TokenKind.LessThan, TokenKind.At, TokenKind.Period]);

const tight = (level: number): Spec => ({ kind: 'newline', level, commentLevel: level, before: 'forbidden', direct: 'forbidden', after: 'forbidden' });

class Formatter {
  private readonly text: string;
  /** The significant tokens (no trivia, no end-of-file token). */
  private readonly sig: Token[] = [];
  /** For each significant token, its index in `file.tokens`. */
  private readonly allIndex: number[] = [];
  private readonly spec: (Spec | undefined)[] = [];
  private readonly glued: boolean[] = [];
  private readonly drop = new Set<number>();
  private readonly commaAfter = new Set<number>();
  /** Indexes (in `file.tokens`) of the commas right before a closing bracket. */
  private readonly trailingCommas = new Set<number>();
  private readonly eol: string;
  private curLevel = 0;

  constructor(
    private readonly file: ast.SourceFile,
    private readonly indent: string,
  ) {
    this.text = file.text;
    file.tokens.forEach((t, i) => {
      if (t.kind === TokenKind.Whitespace || t.kind === TokenKind.Comment || t.kind === TokenKind.Eof) return;
      if (t.kind === TokenKind.Invalid) throw new InternalError('invalid token');
      this.sig.push(t);
      this.allIndex.push(i);
    });
    this.sig.forEach((t, k) => {
      const next = this.sig[k + 1]?.kind;
      if (t.kind === TokenKind.Comma && (next === TokenKind.RightParen || next === TokenKind.GreaterThan || next === TokenKind.RightBrace)) {
        this.trailingCommas.add(this.allIndex[k]!);
      }
    });
    const lf = this.text.indexOf('\n');
    this.eol = lf > 0 && this.text.charCodeAt(lf - 1) === 0x0d ? '\r\n' : '\n';
  }

  // ---------------------------------------------------------------------------------------
  // Token lookup

  /** The first significant token starting at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.sig.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sig[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.sig.length) throw new InternalError(`no token after ${offset}`);
    return lo;
  }

  /** The last significant token ending at or before `offset`. */
  private lastBefore(offset: number): number {
    let lo = -1;
    let hi = this.sig.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sig[mid]!.end <= offset) lo = mid;
      else hi = mid - 1;
    }
    if (lo < 0) throw new InternalError(`no token before ${offset}`);
    return lo;
  }

  private expectKind(index: number, kind: TokenKind): number {
    if (this.sig[index]?.kind !== kind) throw new InternalError(`expected ${TokenKind[kind]} at token ${index}`);
    return index;
  }

  private set(index: number, spec: Spec): void {
    this.spec[index] = spec;
  }

  private line(offset: number, level: number, blank: Blank): void {
    this.set(this.firstAtOrAfter(offset), { kind: 'newline', level, commentLevel: level, before: blank, direct: blank, after: 'optional' });
  }

  /** Tokens of a path, package name or version: written without any space. */
  private glueRange(range: ast.Range): void {
    for (let k = this.firstAtOrAfter(range.start) + 1; k < this.sig.length && this.sig[k]!.end <= range.end; k++) this.glued[k] = true;
  }

  // ---------------------------------------------------------------------------------------
  // Walking the tree: where lines begin, how lists are laid out

  walkFile(): void {
    const header = this.file.packageHeader;
    if (header) {
      this.line(header.start, 0, 'forbidden');
      this.glueRange(header.name);
    }
    this.file.items.forEach((item, i) => {
      const prev = i > 0 ? this.file.items[i - 1] : header ? 'header' : undefined;
      this.line(item.start, 0, prev === undefined ? 'forbidden' : topBlank(prev, item));
      this.topItem(item, 0);
    });
  }

  private topItem(item: ast.TopLevelItem, level: number): void {
    this.attributes(item.attributes, level);
    switch (item.kind) {
      case 'use':
        if (item.path) this.glueRange(item.path);
        return;
      case 'package':
        if (item.name) this.glueRange(item.name);
        if (!item.body) throw new InternalError('package without a body');
        this.body(item.body, level, item.items.map((child, i) => ({ start: child.start, blank: i > 0 ? topBlank(item.items[i - 1]!, child) : 'forbidden' })));
        for (const child of item.items) this.topItem(child, level + 1);
        return;
      case 'interface':
        if (!item.body) throw new InternalError('interface without a body');
        this.interfaceBody(item.body, item.items, level);
        return;
      case 'world':
        if (!item.body) throw new InternalError('world without a body');
        this.body(item.body, level, item.items.map((child, i) => ({ start: child.start, blank: i > 0 ? worldBlank(item.items[i - 1]!, child) : 'forbidden' })));
        for (const child of item.items) this.worldItem(child, level + 1);
        return;
    }
  }

  private interfaceBody(body: ast.Range, items: ast.InterfaceItem[], level: number): void {
    this.body(body, level, items.map((child, i) => ({ start: child.start, blank: i > 0 ? interfaceBlank(items[i - 1]!, child) : 'forbidden' })));
    for (const child of items) this.interfaceItem(child, level + 1);
  }

  /** A `{ … }` of statements: each on a line of its own, one level deeper than the braces. */
  private body(range: ast.Range, level: number, items: { start: number; blank: Blank }[]): void {
    this.expectKind(this.firstAtOrAfter(range.start), TokenKind.LeftBrace);
    const close = this.expectKind(this.lastBefore(range.end), TokenKind.RightBrace);
    for (const item of items) this.line(item.start, level + 1, item.blank);
    this.closing(close, level, items.length > 0);
  }

  private closing(close: number, level: number, nonEmpty: boolean): void {
    this.set(close, {
      kind: 'newline',
      level,
      commentLevel: level + 1,
      before: nonEmpty ? 'optional' : 'forbidden',
      direct: 'forbidden',
      after: 'forbidden',
    });
  }

  private attributes(attributes: ast.Attribute[], level: number): void {
    attributes.forEach((attribute, i) => {
      if (i > 0) this.set(this.firstAtOrAfter(attribute.range.start), tight(level));
      if ((attribute.kind === 'since' || attribute.kind === 'deprecated') && attribute.versionRange) this.glueRange(attribute.versionRange);
    });
    const last = attributes[attributes.length - 1];
    if (last) this.set(this.firstAtOrAfter(last.range.end), tight(level));
  }

  private interfaceItem(item: ast.InterfaceItem, level: number): void {
    this.attributes(item.attributes, level);
    switch (item.kind) {
      case 'type':
        return this.typeDecl(item, level);
      case 'func':
        if (item.func) this.func(item.func, level);
        return;
      case 'use':
        return this.use(item, level);
    }
  }

  private worldItem(item: ast.WorldItem, level: number): void {
    this.attributes(item.attributes, level);
    switch (item.kind) {
      case 'type':
        return this.typeDecl(item, level);
      case 'use':
        return this.use(item, level);
      case 'include': {
        if (item.from) this.glueRange(item.from);
        if (!item.hasWith || !item.from) return;
        const open = this.expectKind(this.expectKind(this.firstAtOrAfter(item.from.end), TokenKind.With) + 1, TokenKind.LeftBrace);
        const close = this.expectKind(this.lastBefore(item.end), TokenKind.RightBrace);
        this.list(open, close, item.names.map((n) => ({ start: n.name.start, end: (n.as ?? n.name).end })), level, 'spaced');
        return;
      }
      case 'import':
      case 'export': {
        const extern = item.extern;
        if (!extern) throw new InternalError('import without what it imports');
        switch (extern.kind) {
          case 'path':
          case 'named-path':
            this.glueRange(extern.path);
            return;
          case 'func':
            return this.func(extern.func, level);
          case 'interface':
            if (!extern.body) throw new InternalError('inline interface without a body');
            return this.interfaceBody(extern.body, extern.items, level);
        }
      }
    }
  }

  private use(item: ast.UseDecl, level: number): void {
    if (!item.from) throw new InternalError('use without a path');
    this.glueRange(item.from);
    const period = this.expectKind(this.firstAtOrAfter(item.from.end), TokenKind.Period);
    const open = this.expectKind(period + 1, TokenKind.LeftBrace);
    const close = this.expectKind(this.expectKind(this.lastBefore(item.end), TokenKind.Semicolon) - 1, TokenKind.RightBrace);
    this.list(open, close, item.names.map((n) => ({ start: n.name.start, end: (n.as ?? n.name).end })), level, 'inline');
  }

  private typeDecl(decl: ast.TypeDecl, level: number): void {
    const body = decl.type;
    const members = (elements: ListElement[]) =>
      this.list(
        this.expectKind(this.firstAtOrAfter(body.start), TokenKind.LeftBrace),
        this.expectKind(this.lastBefore(body.end), TokenKind.RightBrace),
        elements,
        level,
        'block',
      );
    switch (body.kind) {
      case 'record':
        members(body.fields);
        for (const field of body.fields) this.type(field.type, level + 1);
        return;
      case 'variant':
        members(body.cases);
        for (const c of body.cases) if (c.type) this.type(c.type, level + 1);
        return;
      case 'enum':
        members(body.cases);
        return;
      case 'flags':
        members(body.flags);
        return;
      case 'resource':
        if (!body.hasBody) return;
        this.body(body, level, body.funcs.map((f, i) => ({ start: f.start, blank: i > 0 ? 'optional' : 'forbidden' })));
        for (const f of body.funcs) {
          this.attributes(f.attributes, level + 1);
          this.func(f.func, level + 1);
        }
        return;
      default:
        this.type(body, level);
    }
  }

  private func(func: ast.Func, level: number): void {
    const params = func.paramsRange;
    if (!params) throw new InternalError('function without parameters');
    const open = this.expectKind(this.firstAtOrAfter(params.start), TokenKind.LeftParen);
    const close = this.expectKind(this.lastBefore(params.end), TokenKind.RightParen);
    const multi = this.list(open, close, func.params.map((p) => ({ start: p.name.start, end: p.type.end })), level, 'inline');
    for (const p of func.params) this.type(p.type, multi ? level + 1 : level);
    if (func.result) this.type(func.result, level);
  }

  private type(type: ast.TypeExpr, level: number): void {
    switch (type.kind) {
      case 'tuple': {
        const open = this.expectKind(this.firstAtOrAfter(type.span.end), TokenKind.LessThan);
        const close = this.expectKind(this.lastBefore(type.end), TokenKind.GreaterThan);
        const multi = this.list(open, close, type.types, level, 'inline');
        for (const t of type.types) this.type(t, multi ? level + 1 : level);
        return;
      }
      case 'list':
      case 'option':
        return this.type(type.element, level);
      case 'future':
      case 'stream':
        if (type.element) this.type(type.element, level);
        return;
      case 'result':
        if (type.ok) this.type(type.ok, level);
        if (type.err) this.type(type.err, level);
        return;
      case 'map':
        this.type(type.key, level);
        this.type(type.value, level);
        return;
      case 'error':
        throw new InternalError('error type');
      default:
        return;
    }
  }

  /**
   * A comma-separated list between the tokens `open` and `close`: in `block` mode (members of
   * a record, variant, enum, flags) one element per line with a trailing comma; otherwise on
   * one line (`spaced`: with a space inside the braces) unless a comment in it forces one
   * element per line. Returns whether it is laid out on several lines.
   */
  private list(open: number, close: number, elements: ListElement[], level: number, mode: ListMode): boolean {
    const multi = mode === 'block' || this.commentsForceBreak(open, close);
    elements.forEach((element, i) => {
      const first = this.firstAtOrAfter(element.start);
      const last = this.lastBefore(element.end);
      if (multi) {
        const blank: Blank = i === 0 ? 'forbidden' : 'optional';
        this.set(first, { kind: 'newline', level: level + 1, commentLevel: level + 1, before: blank, direct: blank, after: 'optional' });
      } else {
        this.set(first, { kind: 'inline', space: i > 0 || mode === 'spaced' });
      }
      const boundary = i + 1 < elements.length ? this.firstAtOrAfter(elements[i + 1]!.start) : close;
      const wanted = multi || i + 1 < elements.length;
      let kept = false;
      for (let k = last + 1; k < boundary; k++) {
        this.expectKind(k, TokenKind.Comma);
        // The comma stays where it is even after a comment: moving it would make the comment
        // the next element's docs (or no longer so).
        if (wanted && !kept && k === last + 1) {
          kept = true;
          this.set(k, { kind: 'inline', space: false });
        } else {
          this.drop.add(k);
        }
      }
      if (wanted && !kept) this.commaAfter.add(last);
    });
    if (multi) this.closing(close, level, elements.length > 0);
    else this.set(close, { kind: 'inline', space: mode === 'spaced' && elements.length > 0 });
    return multi;
  }

  /**
   * Whether a comment between `open` and `close` is a line comment, spans lines or has a line
   * break before or after it. A trailing comma (one before a closing bracket) does not count as
   * a neighbour: on one line it goes, and the line break beyond it would come next to the comment.
   */
  private commentsForceBreak(open: number, close: number): boolean {
    const tokens = this.file.tokens;
    const from = this.allIndex[open]!;
    const to = this.allIndex[close]!;
    const breakAt = (i: number, step: number) => {
      for (; i > from && i < to; i += step) {
        const t = tokens[i]!;
        if (t.kind === TokenKind.Whitespace) {
          if (this.text.slice(t.start, t.end).includes('\n')) return true;
        } else if (!this.trailingCommas.has(i)) return false;
      }
      return false;
    };
    for (let i = from + 1; i < to; i++) {
      const t = tokens[i]!;
      if (t.kind !== TokenKind.Comment) continue;
      if (this.isLineComment(t) || this.text.slice(t.start, t.end).includes('\n') || breakAt(i - 1, -1) || breakAt(i + 1, 1)) return true;
    }
    return false;
  }

  private isLineComment(t: Token): boolean {
    return this.text.startsWith('//', t.start);
  }

  // ---------------------------------------------------------------------------------------
  // Emitting the whitespace

  emit(): Layout {
    const text = this.text;
    const segments: Segment[] = [];
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let previous: Token | undefined;
    let previousKind: TokenKind | undefined;
    let segmentStart = bom;
    let comma = false;
    let comments: Token[] = [];

    const flush = (next: Token | undefined, spec: Spec) => {
      const separators = this.gap(previous, comments, next, spec);
      let from = segmentStart;
      comments.forEach((c, j) => {
        segments.push({ start: from, end: c.start, text: (j === 0 && comma ? ',' : '') + separators[j]!, comma: j === 0 && comma });
        from = c.end;
      });
      const end = next ? next.start : text.length;
      const withComma = comments.length === 0 && comma;
      segments.push({ start: from, end, text: (withComma ? ',' : '') + separators[comments.length]!, comma: withComma });
      comments = [];
    };

    let k = 0;
    for (const t of this.file.tokens) {
      if (t.kind === TokenKind.Whitespace) continue;
      if (t.kind === TokenKind.Comment) {
        comments.push(t);
        continue;
      }
      if (t.kind === TokenKind.Eof) break;
      const index = k++;
      if (this.drop.has(index)) continue;
      const spec: Spec =
        this.spec[index] ??
        (this.glued[index]
          ? { kind: 'inline', space: false }
          : { kind: 'inline', space: !(GLUE_BEFORE.has(t.kind) || (previousKind !== undefined && GLUE_AFTER.has(previousKind))) });
      flush(t, spec);
      comma = this.commaAfter.has(index);
      previous = t;
      previousKind = comma ? TokenKind.Comma : t.kind;
      segmentStart = t.end;
    }
    flush(undefined, { kind: 'newline', level: 0, commentLevel: 0, before: 'optional', direct: 'forbidden', after: 'forbidden' });

    let output = text.slice(0, bom);
    segments.forEach((seg, i) => {
      output += seg.text + text.slice(seg.end, segments[i + 1]?.start ?? seg.end);
    });
    return { output, segments, tokens: this.file.tokens };
  }

  /**
   * The separators of one gap: between `a` (undefined: the start of the file) and comment 1,
   * …, between the last comment and `b` (undefined: the end of the file), laid out by `spec`.
   */
  private gap(a: Token | undefined, comments: Token[], b: Token | undefined, spec: Spec): string[] {
    const separators: string[] = [];
    let end = a?.end;
    const lastComment = comments[comments.length - 1];
    if (spec.kind === 'inline') {
      if (a === undefined) throw new InternalError('inline token at the start of the file');
      const continuation = this.eol + this.indent.repeat(this.curLevel + 1);
      const inlineSeparator = (from: number, to: number) => (spec.space || /\s/.test(this.text.slice(from, to)) ? ' ' : '');
      for (const c of comments) {
        separators.push(this.newlines(end!, c.start) > 0 ? continuation : inlineSeparator(end!, c.start));
        end = c.end;
      }
      if (!b) throw new InternalError('inline end of file');
      if (!lastComment) separators.push(spec.space ? ' ' : '');
      else if (this.isLineComment(lastComment) || this.newlines(end!, b.start) > 0) separators.push(continuation);
      else separators.push(inlineSeparator(end!, b.start));
      return separators;
    }

    let i = 0;
    // Comments on the line of the previous token stay there.
    if (a) {
      while (i < comments.length && this.newlines(end!, comments[i]!.start) === 0) {
        separators.push(' ');
        end = comments[i]!.end;
        i++;
      }
    }
    let ownLine = false;
    const commentIndent = this.indent.repeat(spec.commentLevel);
    for (; i < comments.length; i++) {
      const c = comments[i]!;
      if (end === undefined) separators.push('');
      else {
        const n = this.newlines(end, c.start);
        if (!ownLine) separators.push(this.eol.repeat(blankCount(spec.before, n)) + commentIndent);
        else separators.push(n === 0 ? ' ' : this.eol.repeat(Math.min(n, 2)) + commentIndent);
      }
      ownLine = true;
      end = c.end;
    }
    if (!b) {
      separators.push(end === undefined ? '' : this.eol);
      return separators;
    }
    this.curLevel = spec.level;
    const indent = this.indent.repeat(spec.level);
    if (end === undefined) separators.push('');
    else {
      const n = this.newlines(end, b.start);
      if (!ownLine) separators.push(this.eol.repeat(blankCount(spec.direct, n)) + indent);
      else if (n === 0 && !this.isLineComment(lastComment!)) separators.push(' ');
      else separators.push(this.eol.repeat(blankCount(spec.after, n)) + indent);
    }
    return separators;
  }

  private newlines(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 0x0a) n++;
    return n;
  }
}

function blankCount(blank: Blank, newlines: number): number {
  switch (blank) {
    case 'required':
      return 2;
    case 'forbidden':
      return 1;
    case 'optional':
      return Math.min(Math.max(newlines, 1), 2);
  }
}

function topBlank(prev: ast.TopLevelItem | 'header', item: ast.TopLevelItem): Blank {
  return prev !== 'header' && prev.kind === 'use' && item.kind === 'use' ? 'optional' : 'required';
}

function interfaceBlank(prev: ast.InterfaceItem, item: ast.InterfaceItem): Blank {
  return prev.kind === 'use' && item.kind === 'use' ? 'optional' : 'required';
}

function worldBlank(prev: ast.WorldItem, item: ast.WorldItem): Blank {
  if (item.kind === 'type') return 'required';
  if (item.kind === 'export' && prev.kind !== 'export') return 'required';
  return 'optional';
}

// -------------------------------------------------------------------------------------------
// Checking the result, edits, ranges

/**
 * The formatted text has the same comments and the same significant tokens (up to trailing
 * commas before `)`, `>` or `}`), and parses without error.
 */
function verify(file: ast.SourceFile, output: string): boolean {
  const after = tokenize(output);
  if (after.errors.length > 0) return false;
  const shape = (text: string, tokens: Token[]) => {
    const comments: string[] = [];
    const significant: string[] = [];
    let comma: string | undefined;
    for (const t of tokens) {
      if (t.kind === TokenKind.Whitespace || t.kind === TokenKind.Eof) continue;
      if (t.kind === TokenKind.Comment) {
        comments.push(text.slice(t.start, t.end));
        continue;
      }
      // A comma counts only when what follows it is not a closing bracket.
      if (comma !== undefined && t.kind !== TokenKind.RightParen && t.kind !== TokenKind.RightBrace && t.kind !== TokenKind.GreaterThan) {
        significant.push(comma);
      }
      comma = undefined;
      if (t.kind === TokenKind.Comma) comma = ',';
      else significant.push(`${t.kind}:${text.slice(t.start, t.end)}`);
    }
    if (comma !== undefined) significant.push(comma);
    return { comments: comments.join('\0'), significant: significant.join('\0') };
  };
  const before = shape(file.text, file.tokens);
  const now = shape(output, after.tokens);
  return before.comments === now.comments && before.significant === now.significant && parse(output).errors.length === 0;
}

/** The smallest edit turning `text[start..end]` into `replacement` (common ends trimmed). */
function diff(text: string, start: number, end: number, replacement: string): TextEdit | undefined {
  const original = text.slice(start, end);
  if (original === replacement) return undefined;
  let prefix = 0;
  const max = Math.min(original.length, replacement.length);
  while (prefix < max && original[prefix] === replacement[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    original[original.length - 1 - suffix] === replacement[replacement.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { start: start + prefix, end: end - suffix, newText: replacement.slice(prefix, replacement.length - suffix) };
}

/** An item of the file for range formatting, with the list of items inside it (if any). */
interface Node {
  start: number;
  end: number;
  body?: ast.Range;
  children: Node[];
}

function nodesOf(file: ast.SourceFile): Node[] {
  const leaf = (r: ast.Range): Node => ({ start: r.start, end: r.end, children: [] });
  const withBody = (r: ast.Range, body: ast.Range | undefined, children: Node[]): Node =>
    body ? { start: r.start, end: r.end, body, children } : { start: r.start, end: r.end, children };
  const typeDecl = (d: ast.TypeDecl): Node => {
    const b = d.type;
    switch (b.kind) {
      case 'record':
        return withBody(d, b, b.fields.map(leaf));
      case 'variant':
      case 'enum':
        return withBody(d, b, b.cases.map(leaf));
      case 'flags':
        return withBody(d, b, b.flags.map(leaf));
      case 'resource':
        return b.hasBody ? withBody(d, b, b.funcs.map(leaf)) : leaf(d);
      default:
        return leaf(d);
    }
  };
  const interfaceItem = (i: ast.InterfaceItem): Node => (i.kind === 'type' ? typeDecl(i) : leaf(i));
  const worldItem = (i: ast.WorldItem): Node => {
    if (i.kind === 'type') return typeDecl(i);
    if ((i.kind === 'import' || i.kind === 'export') && i.extern?.kind === 'interface') return withBody(i, i.extern.body, i.extern.items.map(interfaceItem));
    return leaf(i);
  };
  const topItem = (i: ast.TopLevelItem): Node => {
    switch (i.kind) {
      case 'interface':
        return withBody(i, i.body, i.items.map(interfaceItem));
      case 'world':
        return withBody(i, i.body, i.items.map(worldItem));
      case 'package':
        return withBody(i, i.body, i.items.map(topItem));
      case 'use':
        return leaf(i);
    }
  };
  return [...(file.packageHeader ? [leaf(file.packageHeader)] : []), ...file.items.map(topItem)];
}

/** Where the items covering `range` begin (their own-line comments included) and end. */
function coveringRegion(file: ast.SourceFile, tokens: Token[], range: { start: number; end: number }): ast.Range | undefined {
  const text = file.text;
  // Index of the token starting at an offset.
  const starts = new Map<number, number>();
  tokens.forEach((t, i) => {
    if (t.kind !== TokenKind.Whitespace) starts.set(t.start, i);
  });
  const extentStart = (node: Node) => {
    let start = node.start;
    let i = starts.get(node.start);
    if (i === undefined) return start;
    for (i--; i >= 0; i--) {
      const t = tokens[i]!;
      if (t.kind === TokenKind.Whitespace) continue;
      if (t.kind !== TokenKind.Comment) break;
      const before = tokens[i - 1];
      const ownLine = !before || (before.kind === TokenKind.Whitespace && (i === 1 || text.slice(before.start, before.end).includes('\n')));
      if (!ownLine) break;
      start = t.start;
    }
    return start;
  };
  const extentEnd = (node: Node) => {
    let end = node.end;
    // The first token at or after the end (tokens are sorted; the last one is the end of file).
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.start < end) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    while (tokens[i]?.kind === TokenKind.Whitespace) i++;
    if (i >= tokens.length) return end;
    if (tokens[i]!.kind === TokenKind.Comma) end = tokens[i++]!.end;
    // Comments on the same line as the end.
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === TokenKind.Whitespace) {
        if (text.slice(t.start, t.end).includes('\n')) break;
        continue;
      }
      if (t.kind !== TokenKind.Comment) break;
      end = t.end;
    }
    return end;
  };
  const overlaps = (node: Node) => {
    const start = extentStart(node);
    const end = extentEnd(node);
    return range.start === range.end ? start <= range.start && range.start <= end : start < range.end && range.start < end;
  };
  /** Whether only whitespace separates `start` from the line break before it and `end` from the one after it. */
  const ownsLines = (start: number, end: number) => {
    for (let i = start - 1; i >= 0 && text[i] !== '\n'; i--) if (!/\s/.test(text[i]!)) return false;
    for (let i = end; i < text.length && text[i] !== '\n'; i++) if (!/\s/.test(text[i]!)) return false;
    return true;
  };
  /**
   * The items of `nodes` covering the range, or those inside the one item covering it. Items
   * inside a body that share a line with something else are not formatted apart from it: then
   * the enclosing item is (`undefined` tells the caller so).
   */
  const cover = (nodes: Node[], nested: boolean): Node[] | undefined => {
    const hit = nodes.filter(overlaps);
    const first = hit[0];
    const last = hit[hit.length - 1];
    if (!first || !last) return [];
    if (nested && !ownsLines(extentStart(first), extentEnd(last))) return undefined;
    if (hit.length === 1 && first.body && range.start > first.body.start && range.end < first.body.end) {
      const inner = cover(first.children, true);
      if (inner && inner.length > 0) return inner;
    }
    return hit;
  };
  const covered = cover(nodesOf(file), false) ?? [];
  const first = covered[0];
  const last = covered[covered.length - 1];
  return first && last ? { start: extentStart(first), end: extentEnd(last) } : undefined;
}
