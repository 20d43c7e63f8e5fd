/**
 * Instantiating the components of a run (one, or a composition's) in the planned order
 * (trace/composition.ts): each gets its imports from the runner's WASI, from the exports of
 * the instances made before it, or (an interface of types only) an empty object. With a
 * tracer, everything each instance is given and gives back records its calls.
 */
import type { World } from '../../../server/src/syntax/binary/witModel';
import type { LinkPlan } from '../trace/composition';
import { unversioned, type Instrumentation } from '../trace/instrument';
import type { TraceRecorder } from '../trace/recorder';
import { instantiate, type Exports, type ImportObject, type TranspiledComponent } from './transpiled';

export interface Tracer {
  recorder: TraceRecorder;
  instrumentation: Instrumentation;
}

export interface Loaded {
  world: World;
  component: TranspiledComponent;
}

/** The WASI imports the plan needs from the runner that `wasi` lacks. */
export function missingHostImports(plan: LinkPlan, wasi: ImportObject): { instance: string; name: string }[] {
  return [...plan.imports].flatMap(([instance, sources]) =>
    [...sources].filter(([name, source]) => source.kind === 'host' && !hostImport(wasi, name)).map(([name]) => ({ instance, name })),
  );
}

/**
 * Instantiates in order; returns each instance's exports. `onInstance` learns which instance is
 * being instantiated (for messages when that fails).
 */
export async function link(plan: LinkPlan, loaded: ReadonlyMap<string, Loaded>, wasi: ImportObject, tracer: Tracer | undefined, onInstance: (name: string) => void): Promise<Map<string, Exports>> {
  const instances = new Map<string, Exports>();
  for (const name of plan.order) {
    onInstance(name);
    const { world, component } = loaded.get(name) as Loaded;
    const host = tracer ? tracer.instrumentation.hostImports(world, wasi) : wasi;
    const imports: ImportObject = {};
    for (const [importName, source] of plan.imports.get(name) ?? []) {
      const given =
        source.kind === 'host' ? hostImport(host, importName) : source.kind === 'types' ? {} : ((instances.get(source.name) as Exports)[source.export] as ImportObject[string]);
      imports[importName] = imports[unversioned(importName)] = given as ImportObject[string];
    }
    const made = tracer ? await tracer.recorder.as(name, () => instantiate(component, imports)) : await instantiate(component, imports);
    instances.set(name, tracer ? tracer.instrumentation.exports(name, world, made) : made);
  }
  return instances;
}

function hostImport(wasi: ImportObject, name: string): ImportObject[string] | undefined {
  return wasi[name] ?? wasi[unversioned(name)];
}
