/**
 * A `wit-component` launch configuration (launch.json) and the run it stands for: the run
 * spec (runSpec.ts) and the components whose calls can be debugged. Pure: the composition
 * file's text is given.
 */
import { basename, dirname, resolve } from 'node:path';
import { NO_GRANTS } from '../component/grants';
import type { RunGrants, RunMode, RunSpec } from '../runtime/runSpec';
import { COMPOSITION_FILE, compositionRunSpec, parseComposition, singleComponent, splitCall } from '../trace/composition';
import { newTraceFilePath } from '../trace/traceFile';

export interface ComponentLaunchArguments {
  /** A component `.wasm`, or a composition file (`wit-studio.compose.json`). */
  program: string;
  /** Which component of a composition to run (default: the composition's `run.component`). */
  component?: string;
  /** How to run it (default: the composition's `run`; for a `.wasm`, `invoke`/`args`, else a command without arguments). */
  mode?: RunMode;
  /** Shorthand for an invoke mode, as in a composition: `process("hello world")`. */
  invoke?: string;
  /** Shorthand for a command mode: its arguments. */
  args?: string[];
  /** What the component may use (default: nothing). */
  grants?: Partial<RunGrants>;
  /** The run's working directory (default: the program's folder). */
  cwd?: string;
  /** Pause at the first boundary call. */
  stopOnEntry?: boolean;
  /** The Node that runs the runner (default: the one running the adapter). */
  nodePath?: string;
  /** Folders whose `.wit` files (recursively) place breakpoints and stack frames (default: `cwd`). */
  witRoots?: string[];
  /** WAVE values longer than this are cut in the trace (default 1024). */
  traceMaxValueLength?: number;
}

export interface PlannedRun {
  spec: RunSpec;
  /** The run's component instances (as calls name them) → their `.wasm`. */
  components: Record<string, string>;
  witRoots: string[];
}

export type Planned = { ok: true; run: PlannedRun } | { ok: false; message: string };

export function isComposition(program: string): boolean {
  return basename(program) === COMPOSITION_FILE;
}

/** The run of a launch configuration; `compositionText` is the program's text when it is a composition. */
export function planLaunch(args: ComponentLaunchArguments, compositionText?: string, now = new Date()): Planned {
  if (typeof args.program !== 'string' || args.program === '') return { ok: false, message: '`program` must name a component .wasm or a wit-studio.compose.json' };
  const program = resolve(args.program);
  const cwd = resolve(args.cwd ?? dirname(program));
  const grants: RunGrants = { ...NO_GRANTS, ...args.grants, directories: args.grants?.directories ?? [] };
  const explicitMode = modeOf(args);
  if (typeof explicitMode === 'string') return { ok: false, message: explicitMode };
  let spec: RunSpec;
  let components: Record<string, string>;
  let name: string;
  if (isComposition(program)) {
    const parsed = parseComposition(compositionText ?? '');
    if (!parsed.ok) return { ok: false, message: `${program}: ${parsed.message}` };
    const composition = parsed.value;
    if (args.component !== undefined && !(args.component in composition.components)) {
      return { ok: false, message: `\`component\`: the composition has no component ${JSON.stringify(args.component)} (it has ${Object.keys(composition.components).join(', ')})` };
    }
    const run = args.component === undefined || args.component === composition.run.component ? composition.run : { component: args.component };
    spec = { ...compositionRunSpec(program, { ...composition, run }, grants), cwd };
    components = Object.fromEntries(Object.entries(composition.components).map(([instance, path]) => [instance, resolve(dirname(program), path)]));
    name = `${basename(dirname(program))} composition`;
  } else {
    spec = { component: program, mode: { kind: 'command', args: [] }, grants, cwd };
    components = singleComponent(program).components;
    name = basename(program);
  }
  if (explicitMode) spec = { ...spec, mode: explicitMode };
  const trace = { file: newTraceFilePath(cwd, name, now), ...(args.traceMaxValueLength ? { maxValueLength: args.traceMaxValueLength } : {}) };
  return { ok: true, run: { spec: { ...spec, trace }, components, witRoots: (args.witRoots ?? [cwd]).map((r) => resolve(cwd, r)) } };
}

/** The mode the configuration asks for, undefined when it leaves it to the program, or what is wrong. */
function modeOf(args: ComponentLaunchArguments): RunMode | undefined | string {
  if (args.mode) return args.mode;
  if (args.invoke !== undefined) {
    const call = typeof args.invoke === 'string' ? splitCall(args.invoke) : undefined;
    return call ? { kind: 'invoke', ...call } : '`invoke` must be a call, e.g. `process("hello")`';
  }
  if (args.args !== undefined) return Array.isArray(args.args) ? { kind: 'command', args: args.args.map(String) } : '`args` must be a list of strings';
  return undefined;
}
