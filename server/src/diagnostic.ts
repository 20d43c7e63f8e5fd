/**
 * Diagnostics shared by every layer of the core. Offsets are UTF-16 code unit offsets into the
 * file's text (what JavaScript strings and LSP positions use); lines and columns are computed
 * only at the edges (the language server and the CLI).
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem found while lexing or parsing one file, located in that file. */
export interface SyntaxDiagnostic {
  start: number;
  end: number;
  message: string;
  code: DiagnosticCode;
}

/** A location in a file of the workspace. */
export interface Location {
  file: string;
  start: number;
  end: number;
}

export interface RelatedInformation extends Location {
  message: string;
}

/** A problem anywhere in a workspace, with the file it is located in. */
export interface Diagnostic extends Location {
  message: string;
  code: DiagnosticCode;
  severity: Severity;
  related?: RelatedInformation[];
}

/**
 * Stable identifiers of every kind of problem. Tests and editor integrations key on these,
 * so the wording of a message can follow the reference parser without breaking them.
 */
export type DiagnosticCode =
  // lexical
  | 'invalid-character'
  | 'forbidden-codepoint'
  | 'unterminated-comment'
  | 'invalid-string'
  | 'invalid-identifier'
  // syntactic
  | 'unexpected-token'
  | 'invalid-version'
  | 'invalid-attribute'
  | 'invalid-number'
  | 'nesting-too-deep'
  // package structure
  | 'missing-package-header'
  | 'package-name-mismatch'
  | 'package-docs-conflict'
  | 'nested-package'
  | 'duplicate-package'
  | 'package-cycle'
  | 'unknown-package'
  // names
  | 'duplicate-name'
  | 'unknown-name'
  | 'cycle'
  | 'wrong-kind'
  // types and functions
  | 'invalid-handle'
  | 'invalid-constructor'
  | 'empty-type'
  | 'invalid-map-key'
  | 'borrow-in-result'
  // worlds
  | 'world-conflict'
  | 'invalid-include'
  | 'transitive-dependency'
  // gates
  | 'invalid-gate'
  | 'gated-reference'
  // input
  | 'io-error'
  // lints (not errors of the reference)
  | 'unused-use';
