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
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import type { World } from '../../../server/src/syntax/binary/witModel';
import type { RunGrants, RunSpec, TraceRequest } from '../runtime/runSpec';
import { HOST } from './model';
import { interfaceMismatch } from '../../../server/src/semantics/typeFit';

export const COMPOSITION_FILE = 'wit-studio.compose.json';

export interface Composition {
  /** Instance name → its `.wasm` (relative to the composition file). `host` is taken: it names the runner in traces. */
  components: Record<string, string>;
  /** Instance → (its import, by name → where it comes from). */
  wire: Record<string, Record<string, WireSource>>;
  /** What running the composition does: call `invoke` (`func(args)` in WAVE) of `component`, or run it as a command with `args`. */
  run: { component: string; invoke?: string; args?: string[] };
}

/**
 * Where a wired import comes from: an instance's export of the same interface (by name; the
 * same interface at another version will do), or a named export of an instance (WAC's
 * `new pkg { import: other["export"] }`).
 */
export type WireSource = string | { instance: string; export: string };

function isWireSource(value: unknown): value is WireSource {
  if (typeof value === 'string') return true;
  const v = value as { instance?: unknown; export?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.instance === 'string' && typeof v.export === 'string';
}

/** The instance a wired import comes from. */
export function providerOf(source: WireSource): string {
  return typeof source === 'string' ? source : source.instance;
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
  const wireProblem = checkWire(components, wire);
  if (wireProblem) return fail(wireProblem);
  const run = v.run;
  if (typeof run !== 'object' || run === null || typeof run.component !== 'string' || !(run.component in components)) {
    return fail('`run.component` must name the component to run');
  }
  if (run.invoke !== undefined && (typeof run.invoke !== 'string' || !splitCall(run.invoke))) return fail('`run.invoke` must be a call, e.g. `process("hello")`');
  if (run.args !== undefined && !(Array.isArray(run.args) && run.args.every((a) => typeof a === 'string'))) return fail('`run.args` must be a list of strings');
  if (run.invoke !== undefined && run.args !== undefined) return fail('`run` has either `invoke` (a function) or `args` (a command), not both');
  return { ok: true, value: { components, wire: wire as Composition['wire'], run } };
}

/** What is wrong with a `wire` for these components (unknown names, self-imports, a cycle), or undefined. */
export function checkWire(components: Record<string, unknown>, wire: unknown): string | undefined {
  if (typeof wire !== 'object' || wire === null) return '`wire` must map components to their imports';
  for (const [consumer, imports] of Object.entries(wire)) {
    if (!(consumer in components)) return `\`wire\` names ${JSON.stringify(consumer)}, which is not one of the components`;
    if (typeof imports !== 'object' || imports === null) return `\`wire.${consumer}\` must map import names to components`;
    for (const [name, source] of Object.entries(imports as Record<string, unknown>)) {
      if (!isWireSource(source)) return `\`wire.${consumer}\`: ${name} must come from a component's name or \`{ "instance": …, "export": … }\``;
      const provider = providerOf(source);
      if (!(provider in components)) return `\`wire.${consumer}\`: ${name} comes from ${JSON.stringify(provider)}, which is not one of the components`;
      if (provider === consumer) return `\`wire.${consumer}\`: a component cannot provide its own import ${name}`;
    }
  }
  const cycle = findCycle(Object.keys(components), wire as Composition['wire']);
  if (cycle) return `the components import from each other in a cycle: ${cycle.join(' → ')}`;
  return undefined;
}

/** `process("a", 1)` → `process` and `"a", 1`. */
export function splitCall(call: string): { function: string; args: string } | undefined {
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
    for (const source of Object.values(wire[name] ?? {})) {
      const cycle = visit(providerOf(source));
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

/** An import given another instance's export. */
export interface Wired {
  /** The instance that exports it. */
  provider: string;
  /** Its name in the provider's world (the same interface, maybe of another version). */
  export: string;
}

/**
 * The wired imports of every instance, checked against the components' worlds: each comes from
 * the provider's export of the same interface (the same name, else the same interface at another
 * version) whose functions and types fit the import's (typeCheck.ts). Unwired imports are left
 * to the caller (the runner gives WASI, the composer imports them).
 */
export function resolveWires(wire: Composition['wire'], worlds: ReadonlyMap<string, World>): Checked<Map<string, Map<string, Wired>>> {
  const out = new Map<string, Map<string, Wired>>();
  for (const [name, world] of worlds) {
    const wired = new Map<string, Wired>();
    for (const [imported, source] of Object.entries(wire[name] ?? {})) {
      const provider = providerOf(source);
      const item = [...world.imports].find(({ key }) => worldKeyName(key) === imported)?.item;
      if (!item) return { ok: false, message: `${name} does not import ${imported} (wired in the composition)` };
      const providerWorld = worlds.get(provider);
      if (!providerWorld) return { ok: false, message: `${provider}, which ${name} imports ${imported} from, is not one of the components` };
      const exported = typeof source === 'string' ? matchingExport(providerWorld, imported) : source.export;
      const exportedItem = exported === undefined ? undefined : [...providerWorld.exports].find(({ key }) => worldKeyName(key) === exported)?.item;
      if (!exported || !exportedItem) {
        const message = typeof source === 'string' ? `${provider} does not export ${imported}, which ${name} imports from it` : `${provider} has no export ${source.export} (wired to ${name}'s import ${imported})`;
        return { ok: false, message };
      }
      if (item.kind !== 'interface') return { ok: false, message: `${name} imports ${imported} as a ${item.kind}: only interfaces can be wired` };
      if (exportedItem.kind !== 'interface') return { ok: false, message: `${provider}'s export ${exported} is a ${exportedItem.kind}: only interfaces can be wired` };
      const reason = interfaceMismatch(item.iface, exportedItem.iface);
      if (reason) return { ok: false, message: `${provider}'s export ${exported} does not fit ${name}'s import ${imported}: ${reason}` };
      wired.set(imported, { provider, export: exported });
    }
    out.set(name, wired);
  }
  return { ok: true, value: out };
}

/**
 * Plans the instantiation against the components' worlds: wired imports come from the export
 * of the same interface (`resolveWires`); other `wasi:` imports from the runner; anything else
 * is an error that says what to wire.
 */
export function planLinks(composition: Composition, worlds: ReadonlyMap<string, World>): Checked<LinkPlan> {
  const resolved = resolveWires(composition.wire, worlds);
  if (!resolved.ok) return resolved;
  const imports = new Map<string, Map<string, ImportSource>>();
  for (const [name, world] of worlds) {
    const sources = new Map<string, ImportSource>();
    const wired = resolved.value.get(name) ?? new Map<string, Wired>();
    for (const { key, item } of world.imports) {
      if (item.kind === 'type') continue;
      const imported = worldKeyName(key);
      const from = wired.get(imported);
      if (from) {
        sources.set(imported, { kind: 'component', name: from.provider, export: from.export });
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

/** The name of an interface export of a world that can satisfy an import of `name`: the same name, else the same interface of another version. */
export function matchingExport(world: World, name: string): string | undefined {
  const names = [...world.exports].filter(({ item }) => item.kind === 'interface').map(({ key }) => worldKeyName(key));
  const plain = name.replace(/@[^@]*$/, '');
  return names.find((n) => n === name) ?? names.find((n) => n.replace(/@[^@]*$/, '') === plain);
}

/** Depth-first, in the order the components are listed: each after its providers (the wiring has no cycle). */
export function instantiationOrder(composition: { components: Record<string, unknown>; wire: Composition['wire'] }): string[] {
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    for (const source of Object.values(composition.wire[name] ?? {})) visit(providerOf(source));
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
