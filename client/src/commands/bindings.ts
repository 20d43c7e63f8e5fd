/**
 * WIT: Generate Bindings — from a world's code lens (the file and the world), the explorer (a
 * `.wit` file or a `wit` folder) or the command palette (the worlds of the active file's
 * package, else of the workspace's WIT folders). Then the language, the output folder
 * (remembered per world and language), and the files generated, listed in the "WIT Bindings"
 * channel, the main one opened. TypeScript types come from the bundled jco and work in any
 * workspace; the other languages run wit-bindgen, so they need a trusted workspace. Code (a
 * test) can ask with a `BindingsCommandRequest`: no questions, the outcome returned.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { packageRootOf } from '../../../server/src/semantics/roots';
import { generateBindings, type BindingsOutcome } from '../bindings/generate';
import { BINDING_LANGUAGES, defaultOutDir, languageSpec, projectDirOf, type BindingLanguage, type WitFeatures } from '../bindings/languages';
import { worldNameOf, worldsOfRoot, type RootWorld } from '../bindings/worlds';
import { describeMissing, findTool, type ToolLookup } from '../toolchains/tools';
import { reportMissingTool, toolPaths } from './toolSettings';
import { requireTrust } from './trust';

/** Bindings asked for by code: no questions. */
export interface BindingsCommandRequest {
  /** A `.wit` file of the world's package root. */
  file: vscode.Uri;
  /** The world as the root selects it (`name`, or `ns:pkg/name@version`). */
  world: string;
  language: BindingLanguage;
  /** Default: the remembered folder, else the language's default in the project. */
  outDir?: vscode.Uri;
}

const EXCLUDED = '**/{node_modules,target,.git}/**';
const SHOW_OUTPUT = 'Show Output';

export class BindingsService implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('WIT Bindings');

  constructor(private readonly state: vscode.Memento) {}

  dispose(): void {
    this.output.dispose();
  }

  /** `(uri string, world)` from a code lens, `(uri)` from the explorer, nothing from the palette, or `(request)` from code. */
  async command(target?: string | vscode.Uri | BindingsCommandRequest, world?: unknown): Promise<BindingsOutcome | undefined> {
    const request = target && typeof target === 'object' && !(target instanceof vscode.Uri) ? target : undefined;
    const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : request?.file;
    const chosen = await chooseWorld(uri, request?.world ?? (typeof world === 'string' ? world : undefined));
    if (!chosen) return undefined;
    const language = request?.language ?? (await pickLanguage(chosen));
    if (!language) return undefined;
    const generator = languageSpec(language).generator;
    if (generator.kind === 'wit-bindgen') {
      if (!requireTrust('run wit-bindgen')) return { ok: false, message: 'wit-bindgen runs only in a trusted workspace.' };
      const tool = await findWitBindgen(chosen.root);
      if (!tool.found) {
        void reportMissingTool(tool, `Cannot generate ${languageSpec(language).label} bindings`);
        return { ok: false, message: describeMissing(tool), missingTool: tool };
      }
    }
    const outDir = request ? (request.outDir?.fsPath ?? this.rememberedOutDir(chosen, language)) : await this.askOutDir(chosen, language);
    if (!outDir) return undefined;
    await this.state.update(outDirKey(chosen, language), outDir);
    return this.generate(chosen, language, outDir);
  }

  private async generate(chosen: RootWorld, language: BindingLanguage, outDir: string): Promise<BindingsOutcome> {
    const label = languageSpec(language).label;
    const toolsBaseDir = workspaceFolderOf(chosen.root);
    this.output.appendLine(`Generating ${label} bindings of world ${chosen.world} (${chosen.root}) into ${outDir}`);
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Generating ${label} bindings` }, () =>
      generateBindings({
        language,
        witPath: chosen.root,
        world: chosen.world,
        worldName: chosen.name,
        outDir,
        features: witFeatures(chosen.root),
        tools: toolPaths(vscode.Uri.file(chosen.root)),
        ...(toolsBaseDir ? { toolsBaseDir } : {}),
        onLine: (line) => this.output.appendLine(`  ${line}`),
      }),
    );
    if (!outcome.ok) {
      this.output.appendLine(outcome.message);
      void this.notify('error', outcome.message);
      return outcome;
    }
    this.output.appendLine(`Generated with ${outcome.generator}:`);
    for (const file of outcome.files) this.output.appendLine(`  ${file}`);
    if (outcome.main) await vscode.window.showTextDocument(vscode.Uri.file(outcome.main), { preview: false });
    void this.notify('information', `Generated ${outcome.files.length} file(s) of ${label} bindings for ${chosen.name} in ${vscode.workspace.asRelativePath(outDir)}.`);
    return outcome;
  }

  /** A message with a button to the output channel (which lists every file, or all the tool said). */
  private async notify(severity: 'information' | 'error', message: string): Promise<void> {
    const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    if ((await show(message, SHOW_OUTPUT)) === SHOW_OUTPUT) this.output.show();
  }

  private rememberedOutDir(chosen: RootWorld, language: BindingLanguage): string {
    return this.state.get<string>(outDirKey(chosen, language)) ?? defaultOutDir(chosen.root, language);
  }

  /** The folder, with the remembered (or default) one filled in; relative answers are taken from the project folder. */
  private async askOutDir(chosen: RootWorld, language: BindingLanguage): Promise<string | undefined> {
    const project = projectDirOf(chosen.root);
    const answer = await vscode.window.showInputBox({
      title: `Where should the ${languageSpec(language).label} bindings of ${chosen.name} go?`,
      prompt: `A folder (relative to ${project}, or absolute); it is created if needed.`,
      value: relativeInside(project, this.rememberedOutDir(chosen, language)),
      validateInput: (value) => (value.trim() ? undefined : 'Give a folder.'),
    });
    const folder = answer?.trim();
    if (!folder) return undefined;
    return isAbsolute(folder) ? folder : resolve(project, folder);
  }
}

/** `dir` relative to `base` when inside it, else absolute. */
function relativeInside(base: string, dir: string): string {
  const rel = relative(base, dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}

function outDirKey(chosen: RootWorld, language: BindingLanguage): string {
  return `wit.bindings.outDir:${chosen.root}#${chosen.world}#${language}`;
}

/** Relative tool paths in settings are relative to the workspace folder. */
function workspaceFolderOf(root: string): string | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath;
}

function findWitBindgen(root: string): Promise<ToolLookup> {
  const baseDir = workspaceFolderOf(root);
  return findTool('wit-bindgen', toolPaths(vscode.Uri.file(root)), baseDir ? { baseDir } : {});
}

function witFeatures(root: string): WitFeatures {
  const config = vscode.workspace.getConfiguration('wit', vscode.Uri.file(root));
  return { features: config.get<string[]>('features') ?? [], allFeatures: config.get<boolean>('allFeatures') ?? false };
}

/** The world: the one given, else picked from the worlds of the given (or active) WIT, else of the workspace's WIT folders. */
async function chooseWorld(uri: vscode.Uri | undefined, world: string | undefined): Promise<RootWorld | undefined> {
  const start = uri ?? activeWitFile();
  const root = start && (await witRootOf(start));
  if (root && world) return { root, file: start.fsPath, name: worldNameOf(world), world };
  const candidates = root ? await worldsOfRoot(root) : await workspaceWorlds();
  if (candidates.length === 0) {
    void vscode.window.showWarningMessage(root ? `The WIT package in ${vscode.workspace.asRelativePath(root)} declares no world.` : 'No WIT world found in the workspace.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.name, description: c.world === c.name ? '' : c.world, detail: vscode.workspace.asRelativePath(c.file), world: c })),
    { title: 'Generate bindings for which world?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.world;
}

function activeWitFile(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'wit' && doc.uri.scheme === 'file' ? doc.uri : undefined;
}

/** The package root of a `.wit` file, of a folder with `.wit` files, or of a project folder's `wit/`. */
async function witRootOf(uri: vscode.Uri): Promise<string | undefined> {
  const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
  if (!stat) return undefined;
  if (stat.type !== vscode.FileType.Directory) return uri.fsPath.endsWith('.wit') ? packageRootOf(uri.fsPath) : undefined;
  const entries = await vscode.workspace.fs.readDirectory(uri);
  if (entries.some(([name, type]) => type === vscode.FileType.File && name.endsWith('.wit'))) return packageRootOf(join(uri.fsPath, 'x.wit'));
  return entries.some(([name, type]) => name === 'wit' && type === vscode.FileType.Directory) ? join(uri.fsPath, 'wit') : undefined;
}

async function workspaceWorlds(): Promise<RootWorld[]> {
  const files = await vscode.workspace.findFiles('**/*.wit', EXCLUDED, 500);
  const roots = [...new Set(files.map((f) => packageRootOf(f.fsPath)))].sort();
  return (await Promise.all(roots.map(worldsOfRoot))).flat();
}

async function pickLanguage(chosen: RootWorld): Promise<BindingLanguage | undefined> {
  const witBindgen = await findWitBindgen(chosen.root);
  const picked = await vscode.window.showQuickPick(
    BINDING_LANGUAGES.map((l) => ({
      label: l.label,
      description:
        l.generator.kind === 'jco' ? 'bundled, offline' : witBindgen.found ? `wit-bindgen ${l.generator.subcommand} (${witBindgen.path})` : `wit-bindgen not found — ${witBindgen.installHint}`,
      id: l.id,
    })),
    { title: `Bindings of ${chosen.name} for which language?` },
  );
  return picked?.id;
}

