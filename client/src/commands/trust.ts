/**
 * Builds and runs execute code from the workspace (compilers, build scripts, components), so
 * they wait for workspace trust (the language features do not).
 */
import * as vscode from 'vscode';

/** Whether `action` may go ahead; in an untrusted workspace says why not (without waiting for an answer) and offers to manage trust. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showErrorMessage(`WIT Studio does not ${action} in an untrusted workspace: it would run code from this folder. Trust the workspace to allow it.`, manage)
    .then((choice) => (choice === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}
