/**
 * Compositions (docs/composition.md): components run together in one runner, one's exports
 * given as another's imports, described by a JSON file (`wit-studio.compose.json`):
 *
 *     { "components": { "pipeline-host": "host/build/host.wasm", "plugin": "plugin/build/plugin.wasm" },
 *       "wire": { "pipeline-host": { "wit-studio:pipeline/plugin@0.1.0": "plugin" } },
 *       "run": { "component": "pipeline-host", "invoke": "process(\"hello world\")" } }
 *
 * Checking such a file, and planning its instantiation against the components' worlds: the
 * order (providers first) and where each import comes from. Pure.
 */
import { basename, dirname, resolve } from 'node:path';
import { worldKeyName } from '../component/worldItems';
import type { World } from '../../../server/src/syntax/binary/witModel';
import type { RunGrants, RunSpec, TraceRequest } from '../runtime/runSpec';
import { HOST } from './model';

export const COMPOSITION_FILE = 'wit-studio.compose.json';

export interface Composition {
  /** Instance name → its `.wasm` (relative to the composition file). `host` is taken: it names the runner in traces. */
  components: Record<string, string>;
  /** Instance → (its import, by name → the instance that exports an interface of that name). */
  wire: Record<string, Record<string, string>>;
  /** What running the composition does: call `invoke` (`func(args)` in WAVE) of `component`, or run it as a command with `args`. */
  run: { component: string; invoke?: string; args?: string[] };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Reads a composition file's text; the message says what is wrong. */
export function parseComposition(text: string): Checked<Composition> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  return checkComposition(json);
}

export function checkComposition(value: unknown): Checked<Composition> {
  const v = value as Partial<Composition> | null;
  const fail = (message: string): Checked<Composition> => ({ ok: false, message });
  if (typeof v !== 'object' || v === null) return fail('a composition is a JSON object');
  const components = v.components;
  if (typeof components !== 'object' || components === null || Object.keys(components).length === 0) return fail('`components` must name at least one component');
  for (const [name, path] of Object.entries(components)) {
    if (!NAME.test(name)) return fail(`component name ${JSON.stringify(name)}: use kebab-case (lowercase letters, digits, dashes)`);
    if (name === HOST) return fail('`host` cannot name a component: traces call the runner that');
    if (typeof path !== 'string') return fail(`\`components.${name}\` must be the path of a .wasm`);
  }
  const wire = v.wire ?? {};
  if (typeof wire !== 'object' || wire === null) return fail('`wire` must map components to their imports');
  for (const [consumer, imports] of Object.entries(wire)) {
    if (!(consumer in components)) return fail(`\`wire\` names ${JSON.stringify(consumer)}, which is not one of the components`);
    if (typeof imports !== 'object' || imports === null) return fail(`\`wire.${consumer}\` must map import names to components`);
    for (const [name, provider] of Object.entries(imports)) {
      if (typeof provider !== 'string' || !(provider in components)) return fail(`\`wire.${consumer}\`: ${name} comes from ${JSON.stringify(provider)}, which is not one of the components`);
      if (provider === consumer) return fail(`\`wire.${consumer}\`: a component cannot provide its own import ${name}`);
    }
  }
  const run = v.run;
  if (typeof run !== 'object' || run === null || typeof run.component !== 'string' || !(run.component in components)) {
    return fail('`run.component` must name the component to run');
  }
  if (run.invoke !== undefined && (typeof run.invoke !== 'string' || !splitCall(run.invoke))) return fail('`run.invoke` must be a call, e.g. `process("hello")`');
  if (run.args !== undefined && !(Array.isArray(run.args) && run.args.every((a) => typeof a === 'string'))) return fail('`run.args` must be a list of strings');
  if (run.invoke !== undefined && run.args !== undefined) return fail('`run` has either `invoke` (a function) or `args` (a command), not both');
  const cycle = findCycle(Object.keys(components), wire);
  if (cycle) return fail(`the components import from each other in a cycle: ${cycle.join(' → ')}`);
  return { ok: true, value: { components, wire, run } };
}

/** `process("a", 1)` → `process` and `"a", 1`. */
function splitCall(call: string): { function: string; args: string } | undefined {
  const m = /^\s*([^\s(]+)\s*\(([\s\S]*)\)\s*$/.exec(call);
  return m ? { function: m[1], args: m[2] } : undefined;
}

function findCycle(names: string[], wire: Composition['wire']): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const provider of Object.values(wire[name] ?? {})) {
      const cycle = visit(provider);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of names) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Where one import of an instance comes from. */
export type ImportSource =
  /** The runner's WASI. */
  | { kind: 'host' }
  /** Another instance's export (`export`: its name in that instance's world). */
  | { kind: 'component'; name: string; export: string }
  /** An interface of types only: nothing to call, an empty object satisfies jco. */
  | { kind: 'types' };

export interface LinkPlan {
  /** Every instance after the instances it imports from. */
  order: string[];
  /** Instance → import name → its source. */
  imports: Map<string, Map<string, ImportSource>>;
}

/**
 * Plans the instantiation against the components' worlds: wired imports come from the export
 * of the same interface (the same name, else the same interface at another version); other
 * `wasi:` imports from the runner; anything else is an error that says what to wire.
 */
export function planLinks(composition: Composition, worlds: ReadonlyMap<string, World>): Checked<LinkPlan> {
  const imports = new Map<string, Map<string, ImportSource>>();
  for (const [name, world] of worlds) {
    const sources = new Map<string, ImportSource>();
    const wired = composition.wire[name] ?? {};
    for (const wiredName of Object.keys(wired)) {
      if (![...world.imports].some(({ key }) => worldKeyName(key) === wiredName)) {
        return { ok: false, message: `${name} does not import ${wiredName} (wired in the composition)` };
      }
    }
    for (const { key, item } of world.imports) {
      if (item.kind === 'type') continue;
      const imported = worldKeyName(key);
      const provider = wired[imported];
      if (provider !== undefined) {
        const providerWorld = worlds.get(provider) as World;
        const exported = matchingExport(providerWorld, imported);
        if (!exported) return { ok: false, message: `${provider} does not export ${imported}, which ${name} imports from it` };
        sources.set(imported, { kind: 'component', name: provider, export: exported });
      } else if (imported.startsWith('wasi:')) {
        sources.set(imported, { kind: 'host' });
      } else if (item.kind === 'interface' && item.iface.functions.size === 0 && ![...item.iface.types.values()].some((t) => t.kind.kind === 'resource')) {
        sources.set(imported, { kind: 'types' });
      } else {
        const exporters = [...worlds].filter(([other, w]) => other !== name && matchingExport(w, imported)).map(([other]) => other);
        const hint = exporters.length > 0 ? `wire it to ${exporters.join(' or ')}` : 'no component of the composition exports it';
        return { ok: false, message: `${name} imports ${imported}, which the runner does not provide (only WASI): ${hint}` };
      }
    }
    imports.set(name, sources);
  }
  return { ok: true, value: { order: instantiationOrder(composition), imports } };
}

function matchingExport(world: World, name: string): string | undefined {
  const names = [...world.exports].filter(({ item }) => item.kind === 'interface').map(({ key }) => worldKeyName(key));
  const plain = name.replace(/@[^@]*$/, '');
  return names.find((n) => n === name) ?? names.find((n) => n.replace(/@[^@]*$/, '') === plain);
}

/** Depth-first, in the order the components are listed: each after its providers (the wiring has no cycle). */
function instantiationOrder(composition: Composition): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const provider of Object.values(composition.wire[name] ?? {})) visit(provider);
    order.push(name);
  };
  Object.keys(composition.components).forEach(visit);
  return order;
}

/** The composition of a single component (runs of one `.wasm`): named after its file. */
export function singleComponent(path: string): Composition {
  const name = basename(path);
  return { components: { [name]: path }, wire: {}, run: { component: name } };
}

/**
 * The run spec that runs a composition file as its `run` says (what the extension starts):
 * `invoke` as an invoke, otherwise a command with `args`.
 */
export function compositionRunSpec(file: string, composition: Composition, grants: RunGrants, trace?: TraceRequest): RunSpec {
  const call = composition.run.invoke === undefined ? undefined : splitCall(composition.run.invoke);
  return {
    component: composition.run.component,
    composition: file,
    mode: call ? { kind: 'invoke', ...call } : { kind: 'command', args: composition.run.args ?? [] },
    grants,
    cwd: dirname(resolve(file)),
    ...(trace ? { trace } : {}),
  };
}
