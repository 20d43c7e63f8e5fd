import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BindingsService, type BindingsCommandRequest } from './commands/bindings';
import { BuildService, buildComponentCommand } from './commands/build';
import { BUILD_TASK_TYPE, BuildTaskProvider } from './commands/buildTasks';
import { ComposeService, type ComposeRequest } from './commands/compose';
import { registerDebugging } from './commands/debug';
import { newComponentCommand, type NewComponentRequest } from './commands/newComponent';
import { RunManager, type RunRecord, type RunRequest } from './commands/run';
import { stopAll } from './toolchains/process';
import { registerComponentWitDocuments } from './views/componentWitDocuments';
import { registerInspector, type InspectorState } from './views/inspector';
import { registerTraceView, type TraceViewState } from './views/traceView';

let client: LanguageClient | undefined;

const SEMI_SPACE_MB = 64;

/** What the extension offers to other extensions and to its tests. */
export interface WitStudioApi {
  languageClient(): LanguageClient | undefined;
  /** What the last rendered Component Inspector showed (webviews are closed to tests). */
  inspectorState(): InspectorState | undefined;
  /** What the last trace view showed, or its last change of filters or selection. */
  traceViewState(): TraceViewState | undefined;
  /** The runs of this window, oldest first. */
  runs(): readonly RunRecord[];
}

export async function activate(context: vscode.ExtensionContext): Promise<WitStudioApi> {
  const builds = new BuildService(context.extensionPath);
  const inspector = registerInspector(context);
  registerComponentWitDocuments(context);
  const traces = registerTraceView(context);
  const composer = new ComposeService();
  const runs = new RunManager(context.workspaceState, (file) => traces.showTrace(file));
  const bindings = new BindingsService(context.workspaceState);
  registerDebugging(context, (file) => traces.showTrace(file));
  context.subscriptions.push(
    builds,
    vscode.commands.registerCommand('wit.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('wit.buildComponent', (target?: vscode.Uri) => buildComponentCommand(builds, target)),
    vscode.commands.registerCommand('wit.runComponent', (target?: vscode.Uri, request?: RunRequest) => runs.command(target, request)),
    vscode.commands.registerCommand('wit.stopComponents', () => runs.stopAll()),
    composer,
    vscode.commands.registerCommand('wit.composeComponents', (target?: vscode.Uri | ComposeRequest, selected?: vscode.Uri[]) => composer.command(target, selected)),
    vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, new BuildTaskProvider(builds)),
    vscode.commands.registerCommand('wit.newComponent', (target?: vscode.Uri | NewComponentRequest) => newComponentCommand(target)),
    bindings,
    vscode.commands.registerCommand('wit.generateBindings', (target?: string | vscode.Uri | BindingsCommandRequest, world?: unknown) => bindings.command(target, world)),
  );
  client = createLanguageClient(context);
  await client.start();
  return { languageClient: () => client, inspectorState: () => inspector.lastState, traceViewState: () => traces.lastState, runs: () => runs.runs };
}

function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // A larger young generation: checking allocates many short-lived objects (see the benchmarks).
  const execArgv = [`--max-semi-space-size=${SEMI_SPACE_MB}`];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'wit' }, { scheme: 'file', language: 'wac' }],
    synchronize: {
      configurationSection: 'wit',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{wit,wasm,wat,wac}'),
    },
  };
  return new LanguageClient('wit', 'WIT Language Server', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  // Builds and runs must not outlive the window.
  await stopAll();
  await client?.stop();
}
