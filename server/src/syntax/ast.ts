/**
 * The syntax tree of one WIT file. Every node carries `start`/`end` offsets covering all of
 * its text; nodes that wit-parser locates its errors at a narrower place also carry that place
 * (`span`). Parts that a broken file lacks are `undefined` (or an `error` type), never invented.
 */
import type { SyntaxDiagnostic } from '../diagnostic';
import type { Version } from './semver';
import type { Token } from './tokens';

export interface Range {
  start: number;
  end: number;
}

/** An identifier; `name` is without the `%` of an explicit identifier. */
export interface Id extends Range {
  name: string;
  explicit: boolean;
}

/** The comments immediately before an item (wit-parser treats every comment there as docs). */
export interface Docs {
  comments: string[];
  /** From the first comment to the end of the last one, without its trailing whitespace. */
  range?: Range;
}

export type Attribute =
  | { kind: 'since'; span: Range; range: Range; version?: Version; versionRange?: Range }
  | { kind: 'unstable'; span: Range; range: Range; feature?: Id }
  | { kind: 'deprecated'; span: Range; range: Range; version?: Version; versionRange?: Range }
  | { kind: 'external-id'; span: Range; range: Range; id?: string };

export interface VersionNode extends Range {
  version?: Version;
  text: string;
}

export interface PackageName extends Range {
  namespace: Id;
  name?: Id;
  version?: VersionNode;
}

export type UsePath =
  | { kind: 'id'; id: Id; start: number; end: number }
  | {
      kind: 'package';
      /** wit-parser's span of the package part: namespace through name, without the version. */
      packageSpan: Range;
      namespace: Id;
      packageName: Id;
      name?: Id;
      version?: VersionNode;
      start: number;
      end: number;
    };

export interface SourceFile {
  text: string;
  tokens: Token[];
  errors: SyntaxDiagnostic[];
  /** `package a:b@1.0.0;` at the top of the file. */
  packageHeader?: PackageHeader;
  items: TopLevelItem[];
}

export interface PackageHeader extends Range {
  docs: Docs;
  name: PackageName;
}

export type TopLevelItem = InterfaceDecl | WorldDecl | TopLevelUse | NestedPackage;

export interface NestedPackage extends Range {
  kind: 'package';
  docs: Docs;
  attributes: Attribute[];
  keyword: Range;
  name?: PackageName;
  items: TopLevelItem[];
  /** Where the closing `}` is, when present. */
  body?: Range;
}

export interface TopLevelUse extends Range {
  kind: 'use';
  docs: Docs;
  attributes: Attribute[];
  /** The `use` keyword: wit-parser's span for this item. */
  span: Range;
  path?: UsePath;
  as?: Id;
}

export interface InterfaceDecl extends Range {
  kind: 'interface';
  docs: Docs;
  attributes: Attribute[];
  name?: Id;
  items: InterfaceItem[];
  body?: Range;
}

export interface WorldDecl extends Range {
  kind: 'world';
  docs: Docs;
  attributes: Attribute[];
  name?: Id;
  items: WorldItem[];
  body?: Range;
}

export type InterfaceItem = TypeDecl | FuncDecl | UseDecl;
export type WorldItem = ImportExport | UseDecl | TypeDecl | IncludeDecl;

export interface UseName {
  name: Id;
  as?: Id;
}

export interface UseDecl extends Range {
  kind: 'use';
  docs: Docs;
  attributes: Attribute[];
  from?: UsePath;
  names: UseName[];
}

export interface IncludeName {
  name: Id;
  as?: Id;
}

export interface IncludeDecl extends Range {
  kind: 'include';
  docs: Docs;
  attributes: Attribute[];
  from?: UsePath;
  names: IncludeName[];
  /** Whether `with { … }` was written. */
  hasWith: boolean;
}

export interface ImportExport extends Range {
  kind: 'import' | 'export';
  docs: Docs;
  attributes: Attribute[];
  extern?: ExternKind;
}

export type ExternKind =
  | { kind: 'interface'; name: Id; items: InterfaceItem[]; body?: Range; start: number; end: number }
  | { kind: 'path'; path: UsePath; start: number; end: number }
  | { kind: 'func'; name: Id; func: Func; start: number; end: number }
  | { kind: 'named-path'; name: Id; path: UsePath; start: number; end: number };

export interface Param {
  name: Id;
  type: TypeExpr;
}

export interface Func extends Range {
  /** The `func` keyword (wit-parser's span of a function type). */
  span: Range;
  async: boolean;
  params: Param[];
  result?: TypeExpr;
  paramsRange?: Range;
}

export interface FuncDecl extends Range {
  kind: 'func';
  docs: Docs;
  attributes: Attribute[];
  name: Id;
  func?: Func;
}

export interface TypeDecl extends Range {
  kind: 'type';
  docs: Docs;
  attributes: Attribute[];
  /** The keyword that introduced it: `type`, `record`, `variant`, `enum`, `flags` or `resource`. */
  keyword: Range;
  name?: Id;
  type: TypeDefBody;
}

export type TypeDefBody =
  | TypeExpr
  | RecordBody
  | VariantBody
  | EnumBody
  | FlagsBody
  | ResourceBody;

export interface RecordBody extends Range {
  kind: 'record';
  span: Range;
  fields: { docs: Docs; name: Id; type: TypeExpr; start: number; end: number }[];
}

export interface VariantBody extends Range {
  kind: 'variant';
  span: Range;
  cases: { docs: Docs; name: Id; type?: TypeExpr; start: number; end: number }[];
}

export interface EnumBody extends Range {
  kind: 'enum';
  span: Range;
  cases: { docs: Docs; name: Id; start: number; end: number }[];
}

export interface FlagsBody extends Range {
  kind: 'flags';
  span: Range;
  flags: { docs: Docs; name: Id; start: number; end: number }[];
}

export interface ResourceBody extends Range {
  kind: 'resource';
  span: Range;
  funcs: ResourceFunc[];
  /** Whether the resource was written with a `{ … }` body. */
  hasBody: boolean;
}

export interface ResourceFunc extends Range {
  kind: 'method' | 'static' | 'constructor';
  docs: Docs;
  attributes: Attribute[];
  /** For a constructor, the `constructor` keyword. */
  name: Id;
  func: Func;
}

export type PrimitiveName =
  | 'bool'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string'
  | 'error-context';

/**
 * A type as written. `span` is the place wit-parser reports problems of this type at (for
 * `list<…>` the `list` keyword); `start`/`end` cover all of it.
 */
export type TypeExpr =
  | { kind: 'primitive'; name: PrimitiveName; span: Range; start: number; end: number }
  | { kind: 'name'; id: Id; span: Range; start: number; end: number }
  | { kind: 'list'; element: TypeExpr; size?: number; span: Range; start: number; end: number }
  | { kind: 'map'; key: TypeExpr; value: TypeExpr; span: Range; start: number; end: number }
  | { kind: 'handle'; handle: 'own' | 'borrow'; resource?: Id; span: Range; start: number; end: number }
  | { kind: 'tuple'; types: TypeExpr[]; span: Range; start: number; end: number }
  | { kind: 'option'; element: TypeExpr; span: Range; start: number; end: number }
  | { kind: 'result'; ok?: TypeExpr; err?: TypeExpr; span: Range; start: number; end: number }
  | { kind: 'future' | 'stream'; element?: TypeExpr; span: Range; start: number; end: number }
  /** A type that could not be parsed; an error was reported. */
  | { kind: 'error'; span: Range; start: number; end: number };
