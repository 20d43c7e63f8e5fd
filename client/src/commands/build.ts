/**
 * Build Component: the command, and the service the build tasks share with it. A build runs
 * the project's toolchain (toolchains/pipelines.ts) with its output in the "WIT Build"
 * channel (or the task's terminal), compiler messages as problems on the files they name, and
 * cancellation stopping the toolchain's whole process group.
 */
import * as vscode from 'vscode';
import { buildProject, type BuildResult } from '../toolchains/pipelines';
import type { CompilerDiagnostic } from '../toolchains/problemMatchers';
import type { Project } from '../toolchains/projects';
import { chooseProject } from './projectPicker';
import { reportMissingTool, toolPaths } from './toolSettings';
import { requireTrust } from './trust';

export class BuildService implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('WIT Build');
  private readonly problems = vscode.languages.createDiagnosticCollection('wit-build');

  constructor(private readonly extensionRoot: string) {}

  /** Builds `project`, writing its output to `write` (default: the output channel). */
  async build(project: Project, options: { signal?: AbortSignal; write?: (line: string) => void; onStep?: (title: string) => void } = {}): Promise<BuildResult> {
    const write = options.write ?? ((line: string) => this.output.appendLine(line));
    const result = await buildProject(project, {
      tools: toolPaths(vscode.Uri.file(project.dir)),
      extensionRoot: this.extensionRoot,
      onLine: (line) => write(line),
      onStep: (step, index, count) => options.onStep?.(`${step.title} (${index + 1}/${count})`),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.showProblems(project, result.diagnostics);
    return result;
  }

  private showProblems(project: Project, diagnostics: readonly CompilerDiagnostic[]): void {
    this.problems.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      // Problems without a place go on the project's WIT or folder, so they show in the Problems view.
      const file = d.file ?? project.witPath ?? project.dir;
      const list = byFile.get(file) ?? [];
      list.push(toDiagnostic(d));
      byFile.set(file, list);
    }
    for (const [file, list] of byFile) this.problems.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.output.dispose();
    this.problems.dispose();
  }
}

function toDiagnostic(d: CompilerDiagnostic): vscode.Diagnostic {
  const line = Math.max(0, (d.line ?? 1) - 1);
  const column = Math.max(0, (d.column ?? 1) - 1);
  // Compilers give a point: an empty range, which the editor widens to the word there (the whole line without a column).
  const range = new vscode.Range(line, column, line, d.column === undefined ? Number.MAX_SAFE_INTEGER : column);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = d.source;
  if (d.code) diagnostic.code = d.code;
  if (d.related?.length) {
    diagnostic.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), new vscode.Position(Math.max(0, r.line - 1), Math.max(0, (r.column ?? 1) - 1))), r.message),
    );
  }
  return diagnostic;
}

/** `wit.buildComponent`: builds the project of the given or active file (or a picked one), with progress and cancel. */
export async function buildComponentCommand(service: BuildService, target?: vscode.Uri): Promise<BuildResult | undefined> {
  if (!requireTrust('build components')) return undefined;
  const project = await chooseProject(target, 'build');
  if (!project) return undefined;
  service.output.show(true);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Building ${project.name}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return service.build(project, { signal: abort.signal, onStep: (title) => progress.report({ message: title }) });
    },
  );
  if (result.missingTool) void reportMissingTool(result.missingTool, `Cannot build ${project.name}`);
  else if (result.ok && result.output) void offerNextSteps(result);
  else if (!result.cancelled) void showFailure(service, result);
  return result;
}

async function offerNextSteps(result: BuildResult): Promise<void> {
  const output = vscode.Uri.file(result.output!);
  const choice = await vscode.window.showInformationMessage(result.message, 'Inspect', 'Run');
  if (choice === 'Inspect') await vscode.commands.executeCommand('wit.inspectComponent', output);
  else if (choice === 'Run') await vscode.commands.executeCommand('wit.runComponent', output);
}

async function showFailure(service: BuildService, result: BuildResult): Promise<void> {
  const actions = result.diagnostics.length > 0 ? ['Show Problems', 'Show Output'] : ['Show Output'];
  const choice = await vscode.window.showErrorMessage(result.message, ...actions);
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  else if (choice === 'Show Output') service.output.show();
}
