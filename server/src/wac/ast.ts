/**
 * The syntax tree of a WAC document (wac-parser's `ast`), with offsets (UTF-16) of every name
 * and expression. Type declarations keep their names and items; their types are kept as text.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Ident extends Span {
  /** Without the `%` of a `%keyword`. */
  name: string;
}

/** A string literal; `value` without the quotes. */
export interface StringLit extends Span {
  value: string;
}

/** `ns:name@1.0.0`: the name without the version, and the version if any. */
export interface PackageName extends Span {
  name: string;
  version?: string;
}

/** `ns:name/a/b@1.0.0`. */
export interface PackagePath extends PackageName {
  segments: Ident[];
}

export interface Document {
  docs: string[];
  directive?: { package: PackageName; targets?: PackagePath };
  statements: Statement[];
}

export type Statement = ImportStatement | LetStatement | ExportStatement | TypeStatement;

export interface ImportStatement extends Span {
  kind: 'import';
  docs: string[];
  id: Ident;
  /** `as "name"`. */
  name?: Ident | StringLit;
  ty: ImportType;
}

export type ImportType =
  | { kind: 'package'; path: PackagePath }
  | { kind: 'func'; span: Span; text: string }
  | { kind: 'interface'; span: Span; items: InterfaceItem[] }
  | { kind: 'ident'; id: Ident };

export interface LetStatement extends Span {
  kind: 'let';
  docs: string[];
  id: Ident;
  expr: Expr;
}

export interface ExportStatement extends Span {
  kind: 'export';
  docs: string[];
  expr: Expr;
  options: { kind: 'none' } | { kind: 'spread'; span: Span } | { kind: 'rename'; name: Ident | StringLit };
}

/** `interface`, `world`, and the type declarations (`record`, `variant`, `flags`, `enum`, `type`). */
export interface TypeStatement extends Span {
  kind: 'type';
  docs: string[];
  keyword: 'interface' | 'world' | 'record' | 'variant' | 'flags' | 'enum' | 'type';
  id: Ident;
  /** The items of an interface or world. */
  items: InterfaceItem[];
}

/** An item of an interface or world body: its keyword or kind, and its name when it has one. */
export interface InterfaceItem extends Span {
  kind: 'use' | 'type' | 'export' | 'import' | 'include' | 'func';
  id?: Ident;
}

export interface Expr extends Span {
  primary: PrimaryExpr;
  postfix: Access[];
}

export type PrimaryExpr = NewExpr | NestedExpr | (Ident & { kind: 'ident' });

export interface NewExpr extends Span {
  kind: 'new';
  package: PackageName;
  arguments: Argument[];
}

export interface NestedExpr extends Span {
  kind: 'nested';
  inner: Expr;
}

export type Argument =
  | { kind: 'inferred'; id: Ident }
  | { kind: 'spread'; id: Ident; span: Span }
  | { kind: 'named'; name: Ident | StringLit; expr: Expr }
  | { kind: 'fill'; span: Span };

/** `.name` or `["name"]`: `name` is the part between, `span` the whole access. */
export type Access = { kind: 'field'; name: Ident; span: Span } | { kind: 'named'; name: StringLit; span: Span };

export function nameText(name: Ident | StringLit): string {
  return 'name' in name ? name.name : name.value;
}
