/**
 * Folding ranges of a file: `{…}` bodies that span lines, multi-line block comments, runs of
 * line comments and runs of `use` statements. Works on the syntax tree alone (broken files
 * included).
 *
 * A range is given by the offsets of the first and the last character to fold, so the LSP glue
 * takes the lines of `start` and `end` as `startLine` and `endLine`. For a body, `start` is its
 * `{` and `end` is the last character of the line before its `}` (the closing line stays
 * visible), or the `}` itself when something precedes it on its line.
 */
import type * as ast from '../syntax/ast';
import { isTrivia, TokenKind, tokensWithin, type Token } from '../syntax/tokens';

export type FoldingKind = 'comment' | 'imports' | 'region';

export interface FoldingRange {
  start: number;
  end: number;
  kind?: FoldingKind;
}

export function foldingRanges(file: ast.SourceFile): FoldingRange[] {
  const text = file.text;
  const ranges: FoldingRange[] = [];
  const lineStarts = lineStartsOf(text);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const add = (start: number, end: number, kind?: FoldingKind) => {
    if (end <= start || lineOf(start) >= lineOf(end)) return;
    ranges.push(kind ? { start, end, kind } : { start, end });
  };

  /** A body from its `{` at `open` to `end` (just after its `}`, when it has one). */
  const body = (open: number, end: number) => {
    if (text.charCodeAt(open) !== 0x7b /* { */ || end <= open + 1) return;
    let last = end - 1;
    if (text.charCodeAt(last) === 0x7d /* } */) {
      const lineStart = lineStarts[lineOf(last)]!;
      if (/^\s*$/.test(text.slice(lineStart, last)) && lineStart > open) last = lineStart - 1;
    }
    add(open, last);
  };

  /** The `{…}` of a statement that the tree does not locate (use names, include-with). */
  const bracedIn = (range: ast.Range) => {
    const tokens = tokensIn(file.tokens, range.start, range.end);
    const open = tokens.find((t) => t.kind === TokenKind.LeftBrace);
    if (!open) return;
    const close = tokens.find((t) => t.kind === TokenKind.RightBrace && t.start > open.start);
    body(open.start, close ? close.end : range.end);
  };

  const uses = (items: readonly { kind: string; start: number; end: number }[]) => {
    let runStart: number | undefined;
    let runEnd = 0;
    let count = 0;
    const flush = () => {
      if (runStart !== undefined && count >= 2) add(runStart, runEnd - 1, 'imports');
      runStart = undefined;
      count = 0;
    };
    for (const item of items) {
      if (item.kind !== 'use') {
        flush();
        continue;
      }
      if (runStart === undefined) runStart = item.start;
      runEnd = item.end;
      count++;
    }
    flush();
  };

  const typeDecl = (decl: ast.TypeDecl) => {
    const ty = decl.type;
    switch (ty.kind) {
      case 'record':
      case 'variant':
      case 'enum':
      case 'flags':
        body(ty.start, ty.end);
        break;
      case 'resource':
        if (ty.hasBody) body(ty.start, ty.end);
        break;
    }
  };

  const interfaceItems = (items: ast.InterfaceItem[]) => {
    uses(items);
    for (const item of items) {
      if (item.kind === 'type') typeDecl(item);
      else if (item.kind === 'use') bracedIn(item);
    }
  };

  const topLevel = (items: ast.TopLevelItem[]) => {
    uses(items);
    for (const item of items) {
      switch (item.kind) {
        case 'package':
          if (item.body) body(item.body.start, item.body.end);
          topLevel(item.items);
          break;
        case 'interface':
          if (item.body) body(item.body.start, item.body.end);
          interfaceItems(item.items);
          break;
        case 'world':
          if (item.body) body(item.body.start, item.body.end);
          uses(item.items);
          for (const member of item.items) {
            if (member.kind === 'type') typeDecl(member);
            else if (member.kind === 'use') bracedIn(member);
            else if (member.kind === 'include' && member.hasWith) bracedIn(member);
            else if ((member.kind === 'import' || member.kind === 'export') && member.extern?.kind === 'interface') {
              if (member.extern.body) body(member.extern.body.start, member.extern.body.end);
              interfaceItems(member.extern.items);
            }
          }
          break;
        case 'use':
          break;
      }
    }
  };

  topLevel(file.items);
  comments(file.tokens, text, add);
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Multi-line block comments, and runs of two or more line comments each on its own line. */
function comments(tokens: readonly Token[], text: string, add: (start: number, end: number, kind?: FoldingKind) => void): void {
  let run: { start: number; end: number; count: number } | undefined;
  const flush = () => {
    if (run && run.count >= 2) add(run.start, run.end - 1, 'comment');
    run = undefined;
  };
  let ownLine = true;
  let newlinesBefore = 0;
  for (const t of tokens) {
    if (t.kind === TokenKind.Whitespace) {
      const breaks = countNewlines(text, t.start, t.end);
      newlinesBefore += breaks;
      if (breaks > 0) ownLine = true;
      continue;
    }
    if (t.kind !== TokenKind.Comment) {
      flush();
      ownLine = false;
      newlinesBefore = 0;
      continue;
    }
    const isLine = text.startsWith('//', t.start);
    if (!isLine) {
      flush();
      add(t.start, t.end - 1, 'comment');
    } else if (ownLine) {
      if (run && newlinesBefore === 1) {
        run.end = t.end;
        run.count++;
      } else {
        flush();
        run = { start: t.start, end: t.end, count: 1 };
      }
    } else {
      // A comment after code on the same line ends a run and starts none.
      flush();
    }
    ownLine = false;
    newlinesBefore = 0;
  }
  flush();
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x0a) n++;
  return n;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

/** The non-trivia tokens inside `[start, end)`. */
function tokensIn(tokens: readonly Token[], start: number, end: number): Token[] {
  return tokensWithin(tokens, start, end).filter((t) => !isTrivia(t.kind));
}
