/**
 * Which component project a command works on: the one holding the given (or active) file,
 * else one the user picks from the workspace's projects. A project with several worlds and
 * none configured gets a world picker.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { detectProjectOnDisk, kindName, type Project } from '../toolchains/projects';

/** Files whose folder may be a project (see projects.ts for what decides the kind). */
const PROJECT_MARKERS = '**/{wit-studio.json,package.json,Cargo.toml,pyproject.toml,app.py,wit/*.wit}';
const EXCLUDED = '**/{node_modules,target,.git}/**';

export async function chooseProject(target?: vscode.Uri, purpose = 'build'): Promise<Project | undefined> {
  const start = target ?? vscode.window.activeTextEditor?.document.uri;
  const project = start?.scheme === 'file' ? await projectAround(start) : undefined;
  const chosen = project ?? (await pickProject(purpose));
  return chosen && (await chooseWorld(chosen));
}

/** The innermost project folder holding `uri` (inside its workspace folder). */
export async function projectAround(uri: vscode.Uri): Promise<Project | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
  let dir = stat?.type === vscode.FileType.Directory ? uri.fsPath : dirname(uri.fsPath);
  for (;;) {
    const detection = await detectProjectOnDisk(dir);
    if (detection.kind !== 'none') return detection;
    if (!root || dir === root || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** Every project of the workspace, by folder. */
export async function workspaceProjects(): Promise<Project[]> {
  const markers = await vscode.workspace.findFiles(PROJECT_MARKERS, EXCLUDED, 500);
  const dirs = [...new Set(markers.map((m) => dirname(m.fsPath)).map((d) => (d.endsWith('/wit') ? dirname(d) : d)))].sort();
  const projects: Project[] = [];
  for (const dir of dirs) {
    const detection = await detectProjectOnDisk(dir);
    if (detection.kind !== 'none') projects.push(detection);
  }
  return projects;
}

async function pickProject(purpose: string): Promise<Project | undefined> {
  const projects = await workspaceProjects();
  if (projects.length === 0) {
    void vscode.window.showWarningMessage(
      'No component project found in the workspace: WIT Studio builds folders with a wit/ folder and JavaScript (componentize-js), Rust (cargo-component), Python (componentize-py) or C sources, or a wit-studio.json.',
    );
    return undefined;
  }
  if (projects.length === 1) return projects[0];
  const picked = await vscode.window.showQuickPick(
    projects.map((project) => ({ label: project.name, description: kindName(project.kind), detail: vscode.workspace.asRelativePath(project.dir), project })),
    { title: `Which component to ${purpose}?`, matchOnDetail: true },
  );
  return picked?.project;
}

async function chooseWorld(project: Project): Promise<Project | undefined> {
  if (project.world || project.worlds.length < 2) return project;
  const world = await vscode.window.showQuickPick(project.worlds, { title: `${project.name} has several worlds: which one?` });
  return world ? { ...project, world } : undefined;
}
