/**
 * WAC documents in the language server: the core's answers converted to LSP (packages are
 * found by host/wacPackages.ts), and definitions into a component's printed WIT.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Location } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { COMPONENT_WIT_SCHEME, componentWitText } from '../syntax/binary/wasmInfo';
import { findInPrintedWit, type WacTarget } from '../wac/features';
import type { WacAnalysis } from '../wac/resolve';

/** A declaration in a component's WIT as the client shows it (a `wit-component:` document), if it is there. */
export function componentWitLocation(target: Extract<WacTarget, { kind: 'wit' }>): Location | undefined {
  if (target.component === undefined) return undefined;
  let text: string | undefined;
  try {
    text = componentWitText(readFileSync(target.component));
  } catch {
    return undefined; // Gone since it was analyzed.
  }
  const found = text === undefined ? undefined : findInPrintedWit(text, target);
  if (!text || !found) return undefined;
  const doc = TextDocument.create('', 'wit', 0, text);
  return { uri: URI.from({ scheme: COMPONENT_WIT_SCHEME, path: `${target.component}.wit` }).toString(), range: { start: doc.positionAt(found.start), end: doc.positionAt(found.end) } };
}

export function toLspDiagnostics(analysis: WacAnalysis, doc: TextDocument): LspDiagnostic[] {
  return analysis.diagnostics.map((d) => ({
    range: { start: doc.positionAt(d.start), end: doc.positionAt(d.end) },
    message: d.message,
    severity: DiagnosticSeverity.Error,
    code: d.code,
    source: 'wac',
  }));
}
