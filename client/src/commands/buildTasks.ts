/**
 * Builds as VS Code tasks (type `wit-component`): one task per component project of the
 * workspace, and any task a user writes in tasks.json with `"project": "<folder>"`. The task
 * runs the same build as the command, in the task's terminal.
 */
import { relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { detectProjectOnDisk, type Project } from '../toolchains/projects';
import type { BuildService } from './build';
import { workspaceProjects } from './projectPicker';

export const BUILD_TASK_TYPE = 'wit-component';

interface BuildTaskDefinition extends vscode.TaskDefinition {
  /** The project folder, relative to the workspace folder. */
  project: string;
  world?: string;
}

export class BuildTaskProvider implements vscode.TaskProvider {
  constructor(private readonly service: BuildService) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const projects = await workspaceProjects();
    return projects.flatMap((project) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.dir));
      if (!folder) return [];
      const definition: BuildTaskDefinition = { type: BUILD_TASK_TYPE, project: relative(folder.uri.fsPath, project.dir) || '.' };
      return [this.task(definition, folder)];
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as BuildTaskDefinition;
    if (typeof definition.project !== 'string') return undefined;
    const folder = task.scope && typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder ? this.task(definition, folder) : undefined;
  }

  private task(definition: BuildTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    const dir = resolve(folder.uri.fsPath, definition.project);
    const label = `build ${definition.project}${definition.world ? ` (${definition.world})` : ''}`;
    const task = new vscode.Task(
      definition,
      folder,
      label,
      'WIT',
      new vscode.CustomExecution(async () => new BuildTerminal(this.service, dir, definition.world)),
    );
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
    return task;
  }
}

/** The task's terminal: runs the build, prints its output, closes with the build's exit code. */
class BuildTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  private readonly abort = new AbortController();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly service: BuildService,
    private readonly dir: string,
    private readonly world: string | undefined,
  ) {}

  open(): void {
    void this.run().then((code) => this.closed.fire(code));
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<number> {
    const write = (line: string) => this.written.fire(`${line}\r\n`);
    if (!vscode.workspace.isTrusted) {
      write('WIT Studio does not build components in an untrusted workspace.');
      return 1;
    }
    const detection = await detectProjectOnDisk(this.dir);
    if (detection.kind === 'none') {
      write(`${this.dir}: ${detection.reason}`);
      return 1;
    }
    const project: Project = this.world ? { ...detection, world: this.world } : detection;
    const result = await this.service.build(project, { signal: this.abort.signal, write });
    return result.ok ? 0 : 1;
  }
}
