/**
 * Debugging components at the WIT boundary in VS Code's debugger: the `wit-component` debug
 * type's adapter (in process: debug/session.ts), its launch configurations (offered for the
 * workspace's components, made for F5 without launch.json, completed with what the Run command
 * would ask), the Debug Component command, and the run's trace opened when the adapter says it
 * is complete.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE, launchConfiguration, saysWhatToRun, withDefaults, workspaceConfigurations, type LaunchConfiguration } from '../debug/launchConfigurations';
import { ComponentDebugSession } from '../debug/session';
import { COMPOSITION_FILE } from '../trace/composition';
import { activeWasmUri } from '../views/inspector';
import { workspaceProjects } from './projectPicker';
import { chooseRun, componentFile } from './run';
import { requireTrust } from './trust';

/** The custom event the adapter sends when the run's trace is complete. */
const TRACE_EVENT = 'witTrace';

export function registerDebugging(context: vscode.ExtensionContext, showTrace: (file: vscode.Uri) => Promise<void>): void {
  const configurations = new ComponentConfigurations(context.workspaceState);
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new ComponentDebugSession()),
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurations),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: (folder) => configurations.provideDebugConfigurations(folder) }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.commands.registerCommand('wit.debugComponent', (target?: vscode.Uri) => debugComponent(configurations, target)),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      const file = (e.body as { file?: unknown } | undefined)?.file;
      if (e.session.type === DEBUG_TYPE && e.event === TRACE_EVENT && typeof file === 'string') void showTrace(vscode.Uri.file(file));
    }),
  );
}

/** Debug Component: the given (or active) component, composition or WIT file's component, with the Run command's questions. */
async function debugComponent(configurations: ComponentConfigurations, target?: vscode.Uri): Promise<boolean> {
  if (!requireTrust('debug components')) return false;
  const config = await configurations.forTarget(target);
  if (!config?.program) return false;
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(config.program)), config as vscode.DebugConfiguration);
}

class ComponentConfigurations implements vscode.DebugConfigurationProvider {
  constructor(private readonly state: vscode.Memento) {}

  /** One per built component and per composition of the folder (what to run is asked at launch, then remembered). */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    if (!folder) return [];
    const inFolder = (path: string) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))?.uri.fsPath === folder.uri.fsPath;
    const components = (await workspaceProjects()).map((p) => p.out).filter((out) => existsSync(out) && inFolder(out));
    const compositions = (await vscode.workspace.findFiles(`**/${COMPOSITION_FILE}`, '**/node_modules/**')).map((u) => u.fsPath).filter(inFolder);
    return workspaceConfigurations([...compositions, ...components].sort(), folder.uri.fsPath) as vscode.DebugConfiguration[];
  }

  /**
   * F5 without launch.json (an empty configuration), or a configuration that names no program:
   * the active component, composition or WIT file's component, with what the configuration says.
   */
  async resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!requireTrust('debug components')) return undefined;
    if (config.program) return config;
    const made = await this.forTarget();
    return made && ({ ...made, ...config } as vscode.DebugConfiguration);
  }

  /**
   * With `${workspaceFolder}` replaced: asks what to run when the configuration does not say,
   * and fills in the WIT folders and settings. `nodePath` is left to the adapter: in process,
   * its default is the Node runs use (VS Code's own, run as Node).
   */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    const launch = config as LaunchConfiguration;
    const program = launch.program;
    if (!program) {
      void vscode.window.showErrorMessage(`The launch configuration "${launch.name}" says no \`program\`: the component (.wasm) or ${COMPOSITION_FILE} to debug.`);
      return undefined;
    }
    let asked: Pick<LaunchConfiguration, 'mode' | 'grants'> = {};
    if (!saysWhatToRun(launch)) {
      const chosen = await chooseRun(this.state, vscode.Uri.file(program));
      if (chosen?.kind !== 'component') return undefined;
      asked = { mode: chosen.mode, grants: chosen.grants };
    }
    const witRoots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const maxValueLength = vscode.workspace.getConfiguration('wit.run').get<number>('traceMaxValueLength', 1024);
    const cwd = folder?.uri.fsPath ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(program))?.uri.fsPath ?? dirname(program);
    return withDefaults({ ...launch, ...asked }, { witRoots, cwd, traceMaxValueLength: maxValueLength }) as vscode.DebugConfiguration;
  }

  /** A configuration for the given (or active) target, with the Run command's answers; undefined when cancelled. */
  async forTarget(target?: vscode.Uri): Promise<LaunchConfiguration | undefined> {
    const start = target ?? activeWasmUri() ?? vscode.window.activeTextEditor?.document.uri;
    const file = (start?.path.endsWith('.wit') ? compositionAround(start) : undefined) ?? (await componentFile(start));
    if (!file) return undefined;
    const chosen = await chooseRun(this.state, file);
    if (!chosen) return undefined;
    return launchConfiguration(file.fsPath, chosen.kind === 'component' ? { mode: chosen.mode, grants: chosen.grants } : { grants: chosen.grants });
  }
}

/** The composition whose folder holds a WIT file (a WIT package shared by the components it wires), up to the workspace folder. */
function compositionAround(wit: vscode.Uri): vscode.Uri | undefined {
  const root = vscode.workspace.getWorkspaceFolder(wit)?.uri.fsPath;
  if (!root) return undefined;
  for (let dir = dirname(wit.fsPath); dir.startsWith(root); dir = dirname(dir)) {
    if (existsSync(join(dir, COMPOSITION_FILE))) return vscode.Uri.file(join(dir, COMPOSITION_FILE));
    if (dir === root) break;
  }
  return undefined;
}
