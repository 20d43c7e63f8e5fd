/**
 * WIT: Compose Components — several components (or a `.wac` file, or a `wit-studio.compose.json`)
 * made into one `.wasm`. For components: which of them (the explorer's selection, else picked
 * from the workspace), the root when it is not clear, a provider where several export what an
 * import needs, then the match table (what every import gets) to confirm, the output file, and
 * the composition — with wac (`wac plug`, `wac compose`) when it is installed and the workspace
 * is trusted, else the built-in composer. The result opens in the Component Inspector. Code (a
 * test) can ask with a `ComposeRequest`: no questions, the result returned.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { inspectWasm } from '../../../server/src/syntax/binary/wasmInfo';
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import { instanceNames, loadComponents, writePlannedComposition, writeWacComposition, type ComponentFile, type ComposeOutcome, type ComposerId } from '../compose/composeFiles';
import type { WacPackageSettings } from '../compose/wacSource';
import { describeImport, describeMatch, listed, planComposition, type CompositionPlan, type PlanOptions } from '../compose/plan';
import { findTool, type FoundTool } from '../toolchains/tools';
import { COMPOSITION_FILE, parseComposition, type Checked, type Composition } from '../trace/composition';
import { INSPECTOR_VIEW_TYPE } from '../views/inspector';
import { reportMissingTool, toolPaths } from './toolSettings';
import { requireTrust } from './trust';

/** A composition asked for by code: no questions. */
export interface ComposeRequest {
  /** The components (`.wasm`), or one `.wac` or `wit-studio.compose.json` file. */
  components: vscode.Uri[];
  /** The root's instance name (its file name without `.wasm`); by default the one no other component imports from. */
  root?: string;
  /** Where several components export what an import needs: component → import → the provider chosen. */
  choices?: Record<string, Record<string, string>>;
  /** Default: next to the root (`<root>.composed.wasm`), or to the `.wac` or composition file. Replaced if it exists. */
  output?: vscode.Uri;
  /** Default: wac when it is installed (and the workspace trusted), else the built-in composer. */
  composer?: ComposerId;
}

export type ComposeResult = ({ ok: true } & ComposeOutcome & { table: string[] }) | { ok: false; message: string; table: string[] };

const EXCLUDED = '**/{node_modules,target,.git}/**';

export class ComposeService implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('WIT Compose');

  dispose(): void {
    this.output.dispose();
  }

  /** The command: `(uri, uris)` from the explorer, nothing from the palette, or `(request)` from code. */
  async command(target?: vscode.Uri | ComposeRequest, selected?: vscode.Uri[]): Promise<ComposeResult | undefined> {
    const request = target && !(target instanceof vscode.Uri) ? target : undefined;
    const uris = request?.components ?? (selected && selected.length > 0 ? selected : target instanceof vscode.Uri ? [target] : []);
    const single = uris.length === 1 ? uris[0] : undefined;
    if (single?.path.endsWith('.wac')) return this.composeWac(single, request);
    if (single && basename(single.fsPath) === COMPOSITION_FILE) return this.composeCompositionFile(single, request);
    const components = request || uris.length >= 2 ? uris : await pickComponents(uris);
    if (!components) return undefined;
    if (components.length < 2) return this.fail('Cannot compose', 'choose at least two components', []);
    return this.composeComponents(components.map((u) => u.fsPath), request);
  }

  private async composeComponents(paths: string[], request?: ComposeRequest): Promise<ComposeResult | undefined> {
    const names = instanceNames(paths);
    const loaded = await loadComponents(paths.map((path, i) => ({ name: names[i], path })));
    if (!loaded.ok) return this.fail('Cannot compose', loaded.message, []);
    const files = loaded.value;
    const plan = request ? planComposition(files, planOptions(request)) : await this.askPlan(files);
    if (!plan) return undefined;
    const rootFile = files.find((f) => f.name === plan.root);
    const defaultOutput = rootFile && join(dirname(rootFile.path), `${basename(rootFile.path, '.wasm')}.composed.wasm`);
    return this.finish(`${listed(plan.components)}`, plan, defaultOutput, request, (output, wac) => writePlannedComposition(files, plan, output, wac));
  }

  /** A composition file: its components and its wiring (nothing else is plugged), its `run.component` as the root. */
  private async composeCompositionFile(file: vscode.Uri, request?: ComposeRequest): Promise<ComposeResult | undefined> {
    const what = vscode.workspace.asRelativePath(file);
    const parsed = parseComposition(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
    if (!parsed.ok) return this.fail(`Cannot compose ${what}`, parsed.message, []);
    const composition: Composition = parsed.value;
    const loaded = await loadComponents(Object.entries(composition.components).map(([name, path]) => ({ name, path: resolve(dirname(file.fsPath), path) })));
    if (!loaded.ok) return this.fail(`Cannot compose ${what}`, loaded.message, []);
    const wire = { ...composition.wire, ...request?.choices };
    const plan = planComposition(loaded.value, { root: request?.root ?? composition.run.component, wire, matchRest: false });
    if (!request && !(await this.confirm(plan, what))) return undefined;
    const defaultOutput = join(dirname(file.fsPath), `${plan.root ?? 'composition'}.composed.wasm`);
    return this.finish(what, plan, defaultOutput, request, (output, wac) => writePlannedComposition(loaded.value, plan, output, wac));
  }

  private async composeWac(file: vscode.Uri, request?: ComposeRequest): Promise<ComposeResult | undefined> {
    const defaultOutput = join(dirname(file.fsPath), `${basename(file.fsPath, '.wac')}.composed.wasm`);
    return this.finish(vscode.workspace.asRelativePath(file), undefined, defaultOutput, request, (output, wac) => writeWacComposition(file.fsPath, wacPackageSettings(file), output, wac));
  }

  /** The output, the composer, the composition written and opened; every step said in the output channel. */
  private async finish(
    what: string,
    plan: CompositionPlan | undefined,
    defaultOutput: string | undefined,
    request: ComposeRequest | undefined,
    write: (output: string, wac?: FoundTool) => Promise<Checked<ComposeOutcome>>,
  ): Promise<ComposeResult | undefined> {
    const table = plan ? matchTable(plan) : [];
    this.output.appendLine(`Composing ${what}`);
    for (const line of table) this.output.appendLine(`  ${line}`);
    if (plan && plan.problems.length > 0) return this.fail(`Cannot compose ${what}`, plan.problems.join('; '), table);
    const output = request?.output?.fsPath ?? (request ? defaultOutput : await askOutput(defaultOutput));
    if (!output) return undefined;
    const composer = await this.composer(request?.composer, vscode.Uri.file(output));
    if (composer === null) return undefined;
    const written = await write(output, composer);
    if (!written.ok) return this.fail(`Cannot compose ${what}`, written.message, table);
    const outcome = written.value;
    this.output.appendLine(`Composed with ${outcome.composer === 'wac' ? `wac (${composer?.path})` : 'the built-in composer'}${outcome.composerNote ? ` (${outcome.composerNote})` : ''}: ${outcome.output}`);
    this.output.appendLine(`  imports: ${outcome.imports.join(', ') || 'nothing'}`);
    this.output.appendLine(`  exports: ${outcome.exports.join(', ') || 'nothing'}`);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(outcome.output), INSPECTOR_VIEW_TYPE);
    const by = outcome.composer === 'wac' ? 'wac' : 'the built-in composer';
    void vscode.window.showInformationMessage(`Composed ${basename(outcome.output)} with ${by}.`);
    return { ok: true, ...outcome, table };
  }

  /** wac when asked for or installed (trusted workspaces only: it is a tool the settings may point at); undefined: the built-in composer; null: cancelled. */
  private async composer(asked: ComposerId | undefined, scope: vscode.Uri): Promise<FoundTool | undefined | null> {
    if (asked === 'builtin') return undefined;
    if (asked === 'wac' && !requireTrust('run wac')) return null;
    if (!vscode.workspace.isTrusted) return undefined;
    const wac = await findTool('wac', toolPaths(scope));
    if (wac.found) return wac;
    if (asked !== 'wac') return undefined;
    void reportMissingTool(wac, 'Cannot compose with wac');
    return null;
  }

  /** The plan, with the user's answers where it needs a root or a provider; undefined when cancelled. */
  private async askPlan(files: ComponentFile[]): Promise<CompositionPlan | undefined> {
    const options: PlanOptions = { wire: {} };
    let plan = planComposition(files, options);
    if (plan.root === undefined && plan.rootCandidates.length > 1) {
      const root = await vscode.window.showQuickPick(
        plan.rootCandidates.map((name) => ({ label: name, description: exportsOf(files, name) })),
        { title: 'Which component is the root (the one whose exports the composed component exports)?' },
      );
      if (!root) return undefined;
      options.root = root.label;
      plan = planComposition(files, options);
    }
    for (const { component, name, match } of plan.imports) {
      if (match.kind !== 'ambiguous') continue;
      const chosen = await vscode.window.showQuickPick(
        match.offers.map((o) => ({ label: o.provider, description: o.export, ...(o.mismatch ? { detail: `$(error) does not fit: ${o.mismatch}` } : {}) })),
        { title: `${component} imports ${name}: which component provides it?` },
      );
      if (!chosen) return undefined;
      ((options.wire as Composition['wire'])[component] ??= {})[name] = chosen.label;
    }
    plan = planComposition(files, options);
    return (await this.confirm(plan, listed(plan.components))) ? plan : undefined;
  }

  /** Shows what every import gets; true when the user goes ahead (never when the composition cannot be made). */
  private async confirm(plan: CompositionPlan, what: string): Promise<boolean> {
    type Item = vscode.QuickPickItem & { go?: boolean };
    const items: Item[] = [
      plan.problems.length === 0
        ? { label: `$(check) Compose ${what}`, description: `into one component exporting what ${plan.root} exports`, go: true }
        : { label: `$(error) Cannot compose: ${plan.problems[0]}`, ...(plan.problems.length > 1 ? { description: `and ${plan.problems.length - 1} more` } : {}) },
    ];
    for (const component of plan.components) {
      // What the other components provide first, then what stays an import.
      const rows = plan.imports.filter((i) => i.component === component).sort((a, b) => Number(a.match.kind === 'open') - Number(b.match.kind === 'open'));
      items.push({ label: `${component}${component === plan.root ? ' (root)' : ''} imports`, kind: vscode.QuickPickItemKind.Separator });
      if (rows.length === 0) items.push({ label: 'no interfaces' });
      for (const row of rows) {
        const icon = { plugged: '$(plug)', mismatch: '$(error)', ambiguous: '$(question)', open: '$(arrow-right)' }[row.match.kind];
        items.push({ label: `${icon} ${row.name}`, description: describeMatch(row.name, row.match) });
      }
    }
    if (plan.unused.length > 0) items.push({ label: `left out: ${listed(plan.unused)} (nothing imports from them)`, kind: vscode.QuickPickItemKind.Separator });
    const picker = vscode.window.createQuickPick<Item>();
    picker.title = 'What each import gets';
    picker.items = items;
    picker.matchOnDescription = true;
    const go = await new Promise<boolean>((done) => {
      picker.onDidAccept(() => {
        // Only the first item answers; the rows are the table.
        if (picker.selectedItems[0] !== items[0]) return;
        done(items[0].go === true);
        picker.hide();
      });
      picker.onDidHide(() => done(false));
      picker.show();
    });
    picker.dispose();
    if (!go && plan.problems.length > 0) void this.fail(`Cannot compose ${what}`, plan.problems.join('; '), matchTable(plan));
    return go;
  }

  private fail(context: string, message: string, table: string[]): ComposeResult {
    this.output.appendLine(`${context}: ${message}`);
    const show = 'Show Output';
    void vscode.window.showErrorMessage(`${context}: ${message}`, show).then((choice) => (choice === show ? this.output.show(true) : undefined));
    return { ok: false, message, table };
  }
}

/** The `wit.wac.packages` setting of the file's workspace folder. */
function wacPackageSettings(file: vscode.Uri): WacPackageSettings {
  const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? dirname(file.fsPath);
  return { packages: vscode.workspace.getConfiguration('wit.wac', file).get<Record<string, string>>('packages', {}), folder };
}

function planOptions(request: ComposeRequest): PlanOptions {
  return { ...(request.root !== undefined ? { root: request.root } : {}), ...(request.choices ? { wire: request.choices } : {}) };
}

/** The lines of the match table, then the components left out. */
function matchTable(plan: CompositionPlan): string[] {
  return [...plan.imports.map(describeImport), ...(plan.unused.length > 0 ? [`left out: ${listed(plan.unused)} (nothing imports from them)`] : [])];
}

function exportsOf(files: ComponentFile[], name: string): string {
  const world = files.find((f) => f.name === name)?.world;
  return world ? `exports ${[...world.exports].map(({ key }) => worldKeyName(key)).join(', ') || 'nothing'}` : '';
}

/** The components to compose: the workspace's, those already selected checked. */
async function pickComponents(selected: vscode.Uri[]): Promise<vscode.Uri[] | undefined> {
  const chosen = new Set(selected.map((u) => u.fsPath));
  const found = await vscode.workspace.findFiles('**/*.wasm', EXCLUDED, 500);
  const components: vscode.Uri[] = [];
  for (const uri of [...selected, ...found.filter((u) => !chosen.has(u.fsPath))]) {
    const inspection = inspectWasm(new Uint8Array(await vscode.workspace.fs.readFile(uri)));
    if (inspection.ok && inspection.kind === 'component') components.push(uri);
  }
  if (components.length < 2) {
    void vscode.window.showWarningMessage('Composing needs at least two components: build them first (WIT: Build Component).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    components.map((uri) => ({ label: basename(uri.fsPath), description: vscode.workspace.asRelativePath(dirname(uri.fsPath)), picked: chosen.has(uri.fsPath), uri })),
    { title: 'Which components to compose?', canPickMany: true, matchOnDescription: true },
  );
  return picked?.map((p) => p.uri);
}

/** Where to write: the default unless changed; an existing file is replaced only when the user says so. */
async function askOutput(suggested: string | undefined): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const value = await vscode.window.showInputBox({
    title: 'Write the composed component to',
    value: suggested ? vscode.workspace.asRelativePath(suggested) : '',
    validateInput: (v) => (v.trim().endsWith('.wasm') ? undefined : 'a .wasm file'),
  });
  if (!value) return undefined;
  const output = resolve(root ?? '', value.trim());
  if (!existsSync(output)) return output;
  const replace = 'Replace';
  return (await vscode.window.showWarningMessage(`${basename(output)} exists. Replace it?`, { modal: true }, replace)) === replace ? output : undefined;
}
