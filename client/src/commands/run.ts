/**
 * Run Component: the component's capabilities first, then only what the user grants, in jco
 * (bundled) or wasmtime (when installed). Each run gets a terminal; the last choices for a
 * component are remembered in the workspace. Runs are listed for the extension's API.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { classifyCapabilities, type CapabilityReport } from '../component/capabilities';
import { describeGrants, effectiveGrants, sanitizeGrants } from '../component/grants';
import { componentWorld, inspectWasm } from '../../../server/src/syntax/binary/wasmInfo';
import { fusedNote, innerComponents } from '../compose/fused';
import { exportedFunctions } from '../component/worldItems';
import type { RunMode, RunnerEvent, RunGrants, RunSpec } from '../runtime/runSpec';
import { startRun, type Engine, type RunHandle, type RunOutcome } from '../runtime/session';
import type { BuildResult } from '../toolchains/pipelines';
import { findTool } from '../toolchains/tools';
import { COMPOSITION_FILE, compositionRunSpec, parseComposition, type Composition } from '../trace/composition';
import { newTraceFilePath } from '../trace/traceFile';
import { RunTerminal } from '../views/runTerminal';
import { askGrants, askRunChoices, type Remembered, type RunChoices } from './runChoices';
import { projectAround } from './projectPicker';
import { reportMissingTool, toolPaths } from './toolSettings';
import { requireTrust } from './trust';
import { activeWasmUri, pickWasm } from '../views/inspector';

export type EngineId = 'jco' | 'wasmtime';

/** A run asked for by code (another extension, a test): no questions, the same grants checks. */
export interface RunRequest extends RunChoices {
  engine?: EngineId;
  /** Record a trace of the calls across the boundaries (default: the `wit.run.trace` setting). */
  trace?: boolean;
}

/** One run, as the extension's API shows it. */
export interface RunRecord {
  component: string;
  engine: EngineId;
  mode: RunMode;
  grants: RunGrants;
  /** The component's output, line by line (stderr lines too). */
  output: string[];
  events: RunnerEvent[];
  /** Set when the run has ended. */
  outcome?: RunOutcome;
  /** Where the trace is being recorded, for a traced run. */
  traceFile?: string;
  done: Promise<RunOutcome>;
  stop(): Promise<void>;
}

export class RunManager {
  readonly runs: RunRecord[] = [];
  private readonly active = new Set<RunHandle>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly showTrace: (file: vscode.Uri) => Promise<void>,
  ) {}

  async command(target?: vscode.Uri, request?: RunRequest): Promise<RunRecord | undefined> {
    if (!requireTrust('run components')) return undefined;
    const file = await componentFile(target);
    if (!file) return undefined;
    const chosen = await chooseRun(this.state, file, request);
    if (!chosen) return undefined;
    if (chosen.kind === 'composition') {
      // Wiring components together is the bundled runner's: wasmtime runs one component.
      const engine: Engine = { kind: 'jco', runtime: nodeRuntime() };
      return this.start(file, chosen.name, chosen.report, compositionRunSpec(file.fsPath, chosen.composition, chosen.grants), 'jco', engine, request?.trace);
    }
    const engineId = request?.engine ?? vscode.workspace.getConfiguration('wit.run').get<EngineId>('engine', 'jco');
    const engine = await this.engine(engineId, file, chosen.imports);
    if (!engine) return undefined;
    const spec: RunSpec = { component: file.fsPath, mode: chosen.mode, grants: chosen.grants, cwd: workingFolder(file) };
    return this.start(file, chosen.name, chosen.report, spec, engineId, engine, request?.trace, chosen.fused);
  }

  private async engine(id: EngineId, file: vscode.Uri, imports: readonly string[]): Promise<Engine | undefined> {
    if (id === 'jco') return { kind: 'jco', runtime: nodeRuntime() };
    const wasmtime = await findTool('wasmtime', toolPaths(file));
    if (!wasmtime.found) {
      void reportMissingTool(wasmtime, `Cannot run ${basename(file.fsPath)} in Wasmtime (set \`wit.run.engine\` to jco to use the bundled runner)`);
      return undefined;
    }
    return { kind: 'wasmtime', path: wasmtime.path, imports };
  }

  /** `fused`: what a trace of a composed binary cannot show (said in the terminal of a traced run). */
  private async start(file: vscode.Uri, name: string, report: CapabilityReport, spec: RunSpec, engineId: EngineId, engine: Engine, trace?: boolean, fused?: string): Promise<RunRecord> {
    const choices = { mode: spec.mode, grants: spec.grants };
    const settings = vscode.workspace.getConfiguration('wit.run');
    if (trace ?? settings.get<boolean>('trace', true)) {
      spec = { ...spec, trace: { file: traceFileFor(file, name), maxValueLength: settings.get<number>('traceMaxValueLength', 1024) } };
    }
    const record: Partial<RunRecord> & Pick<RunRecord, 'output' | 'events'> = {
      component: file.fsPath,
      engine: engineId,
      ...choices,
      output: [],
      events: [],
      ...(spec.trace ? { traceFile: spec.trace.file } : {}),
    };
    const terminal = new RunTerminal();
    terminal.note(`Running ${name} in ${engineId === 'jco' ? 'jco (bundled)' : 'Wasmtime'}: ${describeMode(choices.mode)}`);
    terminal.note(report.capabilities.length === 0 ? 'It imports nothing: no files, network, clocks or environment.' : 'It asks for:');
    for (const line of describeGrants(report, choices.grants)) terminal.note(`  ${line}`);
    if (spec.trace && fused) terminal.note(`Note: ${fused}`);
    const handle = await startRun(spec, engine, {
      onOutput: (line, stream) => {
        record.output.push(line);
        terminal.output(line, stream);
      },
      onEvent: (event) => {
        record.events.push(event);
        if (event.event === 'listening') void offerBrowser(name, event.url);
      },
    });
    for (const warning of handle.warnings) terminal.note(`Note: ${warning}`);
    terminal.attach(handle);
    this.active.add(handle);
    vscode.window.createTerminal({ name: `Run ${name}`, pty: terminal, iconPath: new vscode.ThemeIcon('play') }).show(true);
    record.stop = () => handle.stop();
    record.done = handle.done.then((outcome) => {
      this.active.delete(handle);
      record.outcome = outcome;
      terminal.ended(outcome);
      if (outcome.trace) void this.showTrace(vscode.Uri.file(outcome.trace.file));
      if (outcome.trap) void vscode.window.showErrorMessage(`${name} trapped${outcome.trap.function ? ` in ${outcome.trap.function}` : ''}: ${outcome.trap.message}`);
      else if (outcome.error) void vscode.window.showErrorMessage(`${name}: ${outcome.error}`);
      return outcome;
    });
    this.runs.push(record as RunRecord);
    return record as RunRecord;
  }

  /** Stops every run still going. */
  async stopAll(): Promise<number> {
    const handles = [...this.active];
    await Promise.all(handles.map((h) => h.stop()));
    return handles.length;
  }
}

/** What a run of a component or composition will do, as the user chose it (or a request said). */
export type ChosenRun =
  | (RunChoices & {
      kind: 'component';
      name: string;
      report: CapabilityReport;
      imports: readonly string[];
      /** What a trace of this composed binary cannot show, when it is one. */
      fused?: string;
    })
  | { kind: 'composition'; name: string; report: CapabilityReport; composition: Composition; grants: RunGrants };

/**
 * Asks what to run and what to grant (pre-filled with, then remembered as, the last choices for
 * this file in `state`) unless `request` says it; undefined when cancelled or not runnable (the
 * user is told why). A grant for something the component does not import is dropped, whoever asked.
 */
export async function chooseRun(state: vscode.Memento, file: vscode.Uri, request?: RunChoices): Promise<ChosenRun | undefined> {
  if (basename(file.fsPath) === COMPOSITION_FILE) return chooseCompositionRun(state, file, request?.grants);
  const bytes = new Uint8Array(await vscode.workspace.fs.readFile(file));
  const name = basename(file.fsPath);
  const inspection = inspectWasm(bytes);
  if (!inspection.ok || inspection.kind !== 'component') {
    const why = !inspection.ok ? inspection.message : inspection.kind === 'module' ? 'it is a core module: make a component of it first (WIT: Build Component)' : 'it is a WIT package, not a program';
    void vscode.window.showErrorMessage(`Cannot run ${name}: ${why}`);
    return undefined;
  }
  const world = componentWorld(bytes);
  const functions = world.ok ? exportedFunctions(world.world) : [];
  const report = classifyCapabilities(inspection.imports, inspection.exports);
  const key = `wit.run:${file.fsPath}`;
  const remembered = state.get<Remembered>(key);
  const choices = request ?? (await askRunChoices(name, report, functions, { ...remembered, grants: sanitizeGrants(remembered?.grants) }));
  if (!choices) return undefined;
  if (!request) await state.update(key, rememberable(choices, remembered));
  const grants: RunGrants = { ...choices.grants, ...effectiveGrants(report, choices.grants) };
  const inner = innerComponents(bytes);
  return { kind: 'component', name, report, imports: inspection.imports, mode: choices.mode, grants, ...(inner ? { fused: fusedNote(inner) } : {}) };
}

/** A composition file: its components together, with the grants for what they import from the host. */
async function chooseCompositionRun(state: vscode.Memento, file: vscode.Uri, requested?: RunGrants): Promise<ChosenRun | undefined> {
  const name = `${basename(dirname(file.fsPath))} composition`;
  const parsed = parseComposition(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`Cannot run ${vscode.workspace.asRelativePath(file)}: ${parsed.message}`);
    return undefined;
  }
  const composition = parsed.value;
  const hostImports: string[] = [];
  for (const [instance, path] of Object.entries(composition.components)) {
    const wasm = resolve(dirname(file.fsPath), path);
    if (!existsSync(wasm)) {
      void vscode.window.showErrorMessage(`Cannot run the ${name}: ${instance} (${path}) is not built yet (WIT: Build Component).`);
      return undefined;
    }
    const inspection = inspectWasm(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(wasm))));
    const wired = composition.wire[instance] ?? {};
    if (inspection.ok) hostImports.push(...inspection.imports.filter((i) => !(i in wired)));
  }
  const report = classifyCapabilities([...new Set(hostImports)]);
  const key = `wit.run:${file.fsPath}`;
  const remembered = state.get<Remembered>(key);
  const asked = requested ?? (await askGrants(`The ${name}`, report, sanitizeGrants(remembered?.grants)));
  if (!asked) return undefined;
  if (!requested) await state.update(key, { ...remembered, grants: asked });
  return { kind: 'composition', name, report, composition, grants: { ...asked, ...effectiveGrants(report, asked) } };
}

/** The component to run: the given `.wasm` or composition file, else the built output of the given project, else the active or a picked one. */
export async function componentFile(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = target ?? activeWasmUri();
  if (uri?.path.endsWith('.wasm') || uri?.path.endsWith(`/${COMPOSITION_FILE}`)) return uri;
  const project = uri?.scheme === 'file' ? await projectAround(uri) : undefined;
  if (!project) return pickWasm('Run');
  if (existsSync(project.out)) return vscode.Uri.file(project.out);
  const result = (await vscode.commands.executeCommand('wit.buildComponent', vscode.Uri.file(project.dir))) as BuildResult | undefined;
  return result?.ok && result.output ? vscode.Uri.file(result.output) : undefined;
}

/** Where the run starts: the workspace folder of the component, else its own folder. */
function workingFolder(file: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? dirname(file.fsPath);
}

function nodeRuntime(): { path: string; electron: boolean } {
  return { path: process.execPath, electron: !!process.versions.electron };
}

/** A new trace file in the workspace's `.wit-traces/` (kept, so traces can be opened again from the explorer). */
function traceFileFor(file: vscode.Uri, name: string): string {
  return newTraceFilePath(workingFolder(file), name);
}

function rememberable(choices: RunChoices, before: Remembered | undefined): Remembered {
  const { mode, grants } = choices;
  return {
    ...before,
    grants,
    ...(mode.kind === 'command' ? { args: mode.args } : {}),
    ...(mode.kind === 'invoke' ? { invoke: { function: mode.function, args: mode.args } } : {}),
    ...(mode.kind === 'serve' ? { port: mode.port } : {}),
  };
}

function describeMode(mode: RunMode): string {
  switch (mode.kind) {
    case 'command':
      return `wasi:cli/run${mode.args.length ? ` with ${JSON.stringify(mode.args)}` : ''}`;
    case 'invoke':
      return `${mode.function}(${mode.args})`;
    case 'serve':
      return `serving HTTP on 127.0.0.1:${mode.port === 0 ? 'a free port' : mode.port}`;
  }
}

async function offerBrowser(name: string, url: string): Promise<void> {
  const open = 'Open in Browser';
  if ((await vscode.window.showInformationMessage(`${name} is serving HTTP on ${url}`, open)) === open) await vscode.env.openExternal(vscode.Uri.parse(url));
}
