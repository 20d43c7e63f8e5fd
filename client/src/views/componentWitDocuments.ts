/**
 * A component's WIT as a read-only document (`wit-component:/abs/x.wasm.wit`), where the
 * language server's definitions point when the WIT is not in the workspace's sources (for
 * instance from a `.wac` file to an interface of a component in `deps/`).
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { COMPONENT_WIT_SCHEME, componentWitText } from '../../../server/src/syntax/binary/wasmInfo';

export function registerComponentWitDocuments(context: vscode.ExtensionContext): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const wasm = uri.path.replace(/\.wit$/, '');
      try {
        return componentWitText(await readFile(wasm)) ?? `// ${wasm} carries no WIT\n`;
      } catch (e) {
        return `// ${wasm} cannot be read: ${(e as Error).message}\n`;
      }
    },
  };
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(COMPONENT_WIT_SCHEME, provider));
}
