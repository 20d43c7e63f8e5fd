import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

const SEMI_SPACE_MB = 64;

/** What the extension offers to other extensions and to its tests. */
export interface WitStudioApi {
  languageClient(): LanguageClient | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<WitStudioApi> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // A larger young generation: checking allocates many short-lived objects (see the benchmarks).
  const execArgv = [`--max-semi-space-size=${SEMI_SPACE_MB}`];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'wit' }],
    synchronize: {
      configurationSection: 'wit',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{wit,wasm,wat}'),
    },
  };
  client = new LanguageClient('wit', 'WIT Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('wit.restartServer', async () => {
      await client?.restart();
    }),
  );
  await client.start();
  return { languageClient: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
