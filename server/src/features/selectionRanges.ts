/**
 * Selection ranges ("expand selection"): for a position, the chain of syntax ranges around it
 * from the innermost (the token) outwards — type expression parts, the parameter, the
 * parameter list, the function, the item, the item with its docs, the body, the interface,
 * the file. Works on the syntax tree alone (broken files included).
 */
import type * as ast from '../syntax/ast';
import { isKeyword, isTrivia, TokenKind, type Token } from '../syntax/tokens';

export interface SelectionRange {
  start: number;
  end: number;
}

/** For each offset, its ranges from the innermost outwards (each strictly inside the next). */
export function selectionRanges(file: ast.SourceFile, offsets: readonly number[]): SelectionRange[][] {
  return offsets.map((offset) => chainAt(file, offset));
}

function chainAt(file: ast.SourceFile, offset: number): SelectionRange[] {
  const at = Math.max(0, Math.min(offset, file.text.length));
  const token = tokenAt(file.tokens, at);
  const anchor: ast.Range = token ?? { start: at, end: at };
  const candidates: ast.Range[] = [];
  new Collector(file, anchor, candidates).root();

  candidates.sort((a, b) => a.end - a.start - (b.end - b.start) || b.start - a.start);
  const chain: SelectionRange[] = [];
  for (const r of candidates) {
    if (r.end <= r.start) continue;
    const last = chain[chain.length - 1];
    if (!last) {
      chain.push({ start: r.start, end: r.end });
      continue;
    }
    if (r.start <= last.start && last.end <= r.end && (r.start < last.start || r.end > last.end)) {
      chain.push({ start: r.start, end: r.end });
    }
  }
  if (chain.length === 0) chain.push({ start: 0, end: file.text.length });
  return chain;
}

/**
 * The token under `offset`, or the one just before it (a word ending at the cursor wins over
 * punctuation starting there: `fetch|:` is on `fetch`); whitespace is no token.
 */
function tokenAt(tokens: readonly Token[], offset: number): ast.Range | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  const here = tokens[lo];
  const before = tokens[lo - 1];
  const touchesBefore = before && before.end === offset && before.kind !== TokenKind.Whitespace;
  if (here && here.start <= offset && offset < here.end && here.kind !== TokenKind.Whitespace) {
    return touchesBefore && isWord(before.kind) && !isWord(here.kind) ? before : here;
  }
  return touchesBefore ? before : undefined;
}

function isWord(kind: TokenKind): boolean {
  return (
    kind === TokenKind.Id ||
    kind === TokenKind.ExplicitId ||
    kind === TokenKind.Integer ||
    kind === TokenKind.StringLiteral ||
    kind === TokenKind.Comment ||
    isKeyword(kind)
  );
}

class Collector {
  constructor(
    private readonly file: ast.SourceFile,
    private readonly anchor: ast.Range,
    private readonly out: ast.Range[],
  ) {}

  private contains(r: ast.Range | undefined): r is ast.Range {
    return !!r && r.start <= this.anchor.start && this.anchor.end <= r.end;
  }

  /** Adds `r` when it holds the anchor; returns whether it does. */
  private add(r: ast.Range | undefined): boolean {
    if (!this.contains(r)) return false;
    this.out.push({ start: r.start, end: r.end });
    return true;
  }

  /** An item with its docs comments in front of it; returns whether the anchor is inside. */
  private item(node: ast.Range, docs: ast.Docs | undefined, attributes: readonly ast.Attribute[] = []): boolean {
    const outer = docs?.range ? { start: Math.min(docs.range.start, node.start), end: node.end } : node;
    if (!this.add(outer)) return false;
    this.add(node);
    this.add(docs?.range);
    for (const a of attributes) {
      if (!this.add(a.range)) continue;
      this.add(a.span);
      if (a.kind === 'since' || a.kind === 'deprecated') this.add(a.versionRange);
      if (a.kind === 'unstable') this.add(a.feature);
    }
    return true;
  }

  root(): void {
    const f = this.file;
    this.out.push({ start: 0, end: f.text.length });
    this.add(this.anchor);
    const header = f.packageHeader;
    if (header && this.item(header, header.docs)) this.packageName(header.name);
    this.topLevel(f.items);
  }

  private packageName(name: ast.PackageName | undefined): void {
    if (!name || !this.add(name)) return;
    this.add(name.namespace);
    this.add(name.name);
    this.add(name.version);
  }

  private topLevel(items: readonly ast.TopLevelItem[]): void {
    for (const item of items) {
      if (!this.item(item, item.docs, item.attributes)) continue;
      switch (item.kind) {
        case 'package':
          this.add(item.keyword);
          this.packageName(item.name);
          if (this.add(item.body)) this.topLevel(item.items);
          break;
        case 'use':
          this.usePath(item.path);
          this.add(item.as);
          break;
        case 'interface':
          this.add(item.name);
          if (this.add(item.body)) this.interfaceItems(item.items);
          break;
        case 'world':
          this.add(item.name);
          if (this.add(item.body)) this.worldItems(item.items);
          break;
      }
    }
  }

  private interfaceItems(items: readonly ast.InterfaceItem[]): void {
    for (const item of items) {
      if (!this.item(item, item.docs, item.attributes)) continue;
      if (item.kind === 'type') this.typeDecl(item);
      else if (item.kind === 'func') {
        this.add(item.name);
        this.func(item.func);
      } else this.use(item);
    }
  }

  private worldItems(items: readonly ast.WorldItem[]): void {
    for (const item of items) {
      if (!this.item(item, item.docs, item.attributes)) continue;
      switch (item.kind) {
        case 'type':
          this.typeDecl(item);
          break;
        case 'use':
          this.use(item);
          break;
        case 'include':
          this.usePath(item.from);
          this.braces(item);
          this.renames(item.names);
          break;
        case 'import':
        case 'export': {
          const extern = item.extern;
          if (!extern || !this.add(extern)) break;
          switch (extern.kind) {
            case 'interface':
              this.add(extern.name);
              if (this.add(extern.body)) this.interfaceItems(extern.items);
              break;
            case 'func':
              this.add(extern.name);
              this.func(extern.func);
              break;
            case 'path':
              this.usePath(extern.path);
              break;
            case 'named-path':
              this.add(extern.name);
              this.usePath(extern.path);
              break;
          }
          break;
        }
      }
    }
  }

  private use(u: ast.UseDecl): void {
    this.usePath(u.from);
    this.braces(u);
    this.renames(u.names);
  }

  private renames(names: readonly { name: ast.Id; as?: ast.Id | undefined }[]): void {
    for (const n of names) {
      if (!this.add({ start: n.name.start, end: (n.as ?? n.name).end })) continue;
      this.add(n.name);
      this.add(n.as);
    }
  }

  /** The `{ … }` of a `use` or `include … with`, found in the tokens. */
  private braces(range: ast.Range): void {
    if (!this.contains(range)) return;
    let open: Token | undefined;
    for (const t of this.file.tokens) {
      if (t.start < range.start || isTrivia(t.kind)) continue;
      if (t.start >= range.end) break;
      if (t.kind === TokenKind.LeftBrace && !open) open = t;
      else if (t.kind === TokenKind.RightBrace && open) {
        this.add({ start: open.start, end: t.end });
        return;
      }
    }
    if (open) this.add({ start: open.start, end: range.end });
  }

  private usePath(path: ast.UsePath | undefined): void {
    if (!path || !this.add(path)) return;
    if (path.kind === 'id') {
      this.add(path.id);
      return;
    }
    this.add(path.packageSpan);
    this.add(path.namespace);
    this.add(path.packageName);
    this.add(path.name);
    this.add(path.version);
  }

  private typeDecl(decl: ast.TypeDecl): void {
    this.add(decl.keyword);
    this.add(decl.name);
    const body = decl.type;
    switch (body.kind) {
      case 'record':
        if (!this.add(body)) return;
        for (const field of body.fields) {
          if (!this.item(field, field.docs)) continue;
          this.add(field.name);
          this.type(field.type);
        }
        return;
      case 'variant':
        if (!this.add(body)) return;
        for (const c of body.cases) {
          if (!this.item(c, c.docs)) continue;
          this.add(c.name);
          if (c.type) this.type(c.type);
        }
        return;
      case 'enum':
      case 'flags':
        if (!this.add(body)) return;
        for (const c of body.kind === 'enum' ? body.cases : body.flags) {
          if (this.item(c, c.docs)) this.add(c.name);
        }
        return;
      case 'resource':
        if (!body.hasBody || !this.add(body)) return;
        for (const f of body.funcs) {
          if (!this.item(f, f.docs, f.attributes)) continue;
          this.add(f.name);
          this.func(f.func);
        }
        return;
      default:
        this.type(body);
    }
  }

  private func(func: ast.Func | undefined): void {
    if (!func || !this.add(func)) return;
    this.add(func.span);
    if (this.add(func.paramsRange)) {
      for (const p of func.params) {
        const typeEnd = p.type.kind === 'error' && p.type.start === p.type.end ? p.name.end : p.type.end;
        if (!this.add({ start: p.name.start, end: Math.max(p.name.end, typeEnd) })) continue;
        this.add(p.name);
        this.type(p.type);
      }
    }
    if (func.result) this.type(func.result);
  }

  private type(ty: ast.TypeExpr): void {
    if (!this.add(ty)) return;
    this.add(ty.span);
    switch (ty.kind) {
      case 'name':
        this.add(ty.id);
        break;
      case 'handle':
        this.add(ty.resource);
        break;
      case 'list':
      case 'option':
        this.type(ty.element);
        break;
      case 'future':
      case 'stream':
        if (ty.element) this.type(ty.element);
        break;
      case 'map':
        this.type(ty.key);
        this.type(ty.value);
        break;
      case 'tuple':
        for (const t of ty.types) this.type(t);
        break;
      case 'result':
        if (ty.ok) this.type(ty.ok);
        if (ty.err) this.type(ty.err);
        break;
      case 'primitive':
      case 'error':
        break;
    }
  }
}
