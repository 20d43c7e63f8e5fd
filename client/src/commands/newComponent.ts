/**
 * `wit.newComponent` (WIT: New Component…): asks for a world (the workspace's, those of `deps/`,
 * or WASI's command and HTTP server), a language, a name and a parent folder, writes the
 * project (scaffold/newProject.ts), opens its stubs and offers to build it. The questions stay
 * open when focus moves (to look something up), so the answers given so far are not lost.
 * Writing files is fine in an untrusted workspace; building is not, so Build is offered only in
 * a trusted one.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { createProject, suggestedName, type NewProjectResult, type WorldSource } from '../scaffold/newProject';
import type { Language } from '../scaffold/projectFiles';
import { declaredWorlds, projectNameProblem, type WasiWorldName } from '../scaffold/witLayout';
import { findTool, type MissingTool } from '../toolchains/tools';
import { reportMissingTool, toolPaths } from './toolSettings';

/** The command's argument for tests and other extensions: no questions asked. */
export interface NewComponentRequest {
  world: { file: vscode.Uri; name: string } | WasiWorldName;
  language: Language;
  name: string;
  parent: vscode.Uri;
}

const EXCLUDED = '**/{node_modules,target,.git,build}/**';

/** Runs the command: `arg` is a request, or the folder the explorer's menu was opened on. */
export async function newComponentCommand(arg?: vscode.Uri | NewComponentRequest): Promise<NewProjectResult | undefined> {
  if (arg && !(arg instanceof vscode.Uri)) {
    const result = await create(arg);
    if (result.ok) await vscode.window.showTextDocument(vscode.Uri.file(result.stubs));
    return result;
  }
  const request = await ask(arg);
  if (!request) return undefined;
  const result = await create(request);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Cannot create ${request.name}: ${result.message}`);
    return result;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(result.stubs));
  void offerBuild(result.dir, request.name);
  return result;
}

function create(request: NewComponentRequest): Promise<NewProjectResult> {
  const world: WorldSource = typeof request.world === 'string' ? request.world : { file: request.world.file.fsPath, name: request.world.name };
  return createProject({ world, language: request.language, name: request.name, parent: request.parent.fsPath });
}

async function offerBuild(dir: string, name: string): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(`Created ${name}. Building it runs its toolchain: trust the workspace to build it here.`);
    return;
  }
  const choice = await vscode.window.showInformationMessage(`Created ${name}: its stubs are open. Build it now?`, 'Build');
  // Build Component offers Inspect and Run when the build succeeds.
  if (choice === 'Build') await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(dir));
}

async function ask(folder: vscode.Uri | undefined): Promise<NewComponentRequest | undefined> {
  const world = await pickWorld();
  if (!world) return undefined;
  const language = await pickLanguage(world, folder);
  if (!language) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'New Component: its name (the folder, package and output file)',
    value: suggestedName(typeof world === 'string' ? world : { file: world.file.fsPath, name: world.name }),
    validateInput: (value) => projectNameProblem(value),
    ignoreFocusOut: true,
  });
  if (!name) return undefined;
  const parent = folder ?? (await pickParent());
  return parent && { world, language, name, parent };
}

type WorldItem = vscode.QuickPickItem & { world?: NewComponentRequest['world'] };

async function pickWorld(): Promise<NewComponentRequest['world'] | undefined> {
  const wasi: WorldItem[] = [
    { label: 'wasi:cli/command', description: 'WASI', detail: 'A command line program: it exports wasi:cli/run.', world: 'wasi:cli/command' },
    { label: 'wasi:http/proxy', description: 'WASI', detail: 'An HTTP server: it exports wasi:http/incoming-handler.', world: 'wasi:http/proxy' },
  ];
  const own: WorldItem[] = [];
  const inDeps: WorldItem[] = [];
  for (const file of await vscode.workspace.findFiles('**/*.wit', EXCLUDED, 2000)) {
    const text = await readFile(file.fsPath, 'utf8').catch(() => '');
    const isDep = /[\\/]deps[\\/]/.test(file.fsPath);
    for (const world of declaredWorlds(text)) {
      if (world.nested && !isDep) continue;
      (isDep ? inDeps : own).push({ label: world.name, description: world.package, detail: vscode.workspace.asRelativePath(file), world: { file, name: world.name } });
    }
  }
  const separator = (label: string): WorldItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items = [separator('WASI'), ...wasi, ...(own.length ? [separator('Workspace'), ...own] : []), ...(inDeps.length ? [separator('deps/'), ...inDeps] : [])];
  const picked = await vscode.window.showQuickPick(items, { title: 'New Component: which world does it implement?', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  return picked?.world;
}

/** A language, or why it cannot be picked (and the missing tool, with ways to install it). */
type LanguageItem = vscode.QuickPickItem & { language: Language; unavailable?: { reason: string; tool?: MissingTool } };

async function pickLanguage(world: NewComponentRequest['world'], folder: vscode.Uri | undefined): Promise<Language | undefined> {
  const paths = toolPaths(folder);
  const options = { baseDir: folder?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath };
  const clang = await findTool('clang', paths, options);
  const cargoComponent = await findTool('cargo-component', paths, options);
  const rust: LanguageItem =
    world !== 'wasi:cli/command'
      ? { label: '$(circle-slash) Rust', description: 'unavailable: made here for wasi:cli/command only', language: 'rust', unavailable: { reason: 'Rust projects are made here for wasi:cli/command only: start others with `cargo component new --lib`.' } }
      : cargoComponent.found
        ? { label: 'Rust', description: `cargo-component (${cargoComponent.path})`, language: 'rust' }
        : { label: '$(circle-slash) Rust', description: 'unavailable: cargo-component is not installed', language: 'rust', unavailable: { reason: 'Rust components need cargo-component', tool: cargoComponent } };
  const items: LanguageItem[] = [
    { label: 'JavaScript', description: 'componentize-js (comes with WIT Studio)', language: 'js' },
    { label: 'C', description: clang.found ? `clang + wasi-libc (${clang.path})` : '$(warning) clang was not found: the project can be written, not built', language: 'c' },
    rust,
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'New Component: in which language?', ignoreFocusOut: true });
  if (!picked?.unavailable) return picked?.language;
  if (picked.unavailable.tool) void reportMissingTool(picked.unavailable.tool, picked.unavailable.reason);
  else void vscode.window.showWarningMessage(picked.unavailable.reason);
  return undefined;
}

async function pickParent(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const other = 'Choose a Folder…';
  const picked = await vscode.window.showQuickPick([...folders.map((f) => ({ label: f.name, detail: f.uri.fsPath, uri: f.uri as vscode.Uri | undefined })), { label: other, detail: '', uri: undefined }], {
    title: 'New Component: in which folder? (the project gets a folder of its own in it)',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Create the Component Here' });
  return chosen?.[0];
}
