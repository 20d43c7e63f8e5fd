/**
 * The language server as a process: from spawning the bundled `dist/server.js` (as VS Code
 * does, with the same Node flags) to its answer to `initialize`, and to the first diagnostics
 * of a file opened in a workspace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { repoRoot } from '../helpers/paths';

export async function measureServerStart(workspace: string, file: string, text: string): Promise<{ initializeMs: number; firstDiagnosticsMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = URI.file(file).toString();
  const diagnostics = new Promise<number>((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      if (p.uri === uri) resolve(performance.now() - started);
    });
  });
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(workspace).toString(), capabilities: {}, workspaceFolders: null });
    const initializeMs = performance.now() - started;
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wit', version: 1, text } });
    return { initializeMs, firstDiagnosticsMs: await diagnostics };
  } finally {
    connection.dispose();
    child.kill();
  }
}
