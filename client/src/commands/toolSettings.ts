/** The `wit.toolchains.*` settings: where the user keeps the tools builds and runs use. */
import * as vscode from 'vscode';
import { TOOL_SPECS, type MissingTool, type ToolPaths } from '../toolchains/tools';

const KEYS: (keyof ToolPaths)[] = [...new Set(Object.values(TOOL_SPECS).map((spec) => spec.key)), 'wasiSysroot'];

export function toolPaths(scope?: vscode.Uri): ToolPaths {
  const config = vscode.workspace.getConfiguration('wit.toolchains', scope);
  const paths: ToolPaths = {};
  for (const key of KEYS) {
    const value = config.get<string>(key)?.trim();
    if (value) paths[key] = value;
  }
  return paths;
}

/** Says a tool is missing, with ways out: its install page and the setting that points at it. */
export async function reportMissingTool(tool: MissingTool, context: string): Promise<void> {
  const install = `Install ${tool.name}…`;
  const configure = 'Set Its Path…';
  const hint = tool.installHint ? ` Install: ${tool.installHint}.` : '';
  const choice = await vscode.window.showErrorMessage(`${context}: ${tool.description}${hint}`, install, configure);
  if (choice === install) await vscode.env.openExternal(vscode.Uri.parse(tool.installUrl));
  else if (choice === configure) await vscode.commands.executeCommand('workbench.action.openSettings', tool.setting);
}
