/**
 * Builds and runs execute code from the workspace (compilers, build scripts, components), so
 * they wait for workspace trust (the language features do not).
 */
import * as vscode from 'vscode';

/** Whether `action` may go ahead; in an untrusted workspace says why not and offers to manage trust. */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showErrorMessage(
    `WIT Studio does not ${action} in an untrusted workspace: it would run code from this folder. Trust the workspace to allow it.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
