/**
 * A resolved WAC document as the input of the built-in composer (client/src/compose): each
 * `let x = new pkg { … }` a component instance named `x` (the package's `.wasm`), each
 * argument a wire, each `export` an export choice. What the built-in composer cannot do is
 * an error that says which construct it is. Pure.
 */
import type { Instantiation, Item, WacAnalysis } from './resolve';

/** What an import is given: a named export of an instance (the composer's `WireSource`). */
export type WireValue = { instance: string; export: string };

export interface WacComposition {
  /** Instance name → the path of its component's `.wasm`, in the order of the document. */
  components: Record<string, string>;
  /** Instance → its import → what is given for it. Imports not wired become imports of the composition. */
  wire: Record<string, Record<string, WireValue>>;
  exports: { instance: string; name: string; as?: string }[];
}

export type Lowered = { ok: true; value: WacComposition } | { ok: false; message: string };

export function lowerWac(analysis: WacAnalysis): Lowered {
  if (analysis.diagnostics.length > 0) {
    const d = analysis.diagnostics[0]!;
    return { ok: false, message: `the composition has errors (first: ${d.message})` };
  }
  const bound = new Set(analysis.instances.values());
  const components: Record<string, string> = {};
  const wire: WacComposition['wire'] = {};
  for (const [name, instantiation] of analysis.instances) {
    components[name] = instantiation.package!.path;
    const wired: Record<string, WireValue> = {};
    for (const [imported, { item }] of instantiation.args) {
      if (isImportPassedOn(item, imported, analysis)) continue;
      const value = wireValue(item, bound);
      if (typeof value === 'object' && 'problem' in value) return { ok: false, message: `${name}'s argument ${imported}: ${value.problem}` };
      wired[imported] = value;
    }
    if (Object.keys(wired).length > 0) wire[name] = wired;
  }
  const exports: WacComposition['exports'] = [];
  for (const e of analysis.exports) {
    const source = e.item.origin.exportOf;
    const instance = e.item.origin.instance;
    if (!source?.kind || source.kind !== 'instance' || !source.instantiation || !bound.has(source.instantiation) || instance === undefined || e.item.kind === 'unknown' || e.item.name === undefined) {
      return { ok: false, message: `export ${e.name}: the built-in composer exports only exports of instances made with \`let x = new …\` (e.g. \`export x.name;\`)` };
    }
    exports.push({ instance, name: e.item.name, ...(e.name !== e.item.name ? { as: e.name } : {}) });
  }
  if (Object.keys(components).length === 0) return { ok: false, message: 'the composition instantiates no component (`let x = new ns:name { … };`)' };
  return { ok: true, value: { components, wire, exports } };
}

/** An `import` of the composition given for the import of the same name: the composer imports unwired imports anyway. */
function isImportPassedOn(item: Item, imported: string, analysis: WacAnalysis): boolean {
  return item.kind !== 'unknown' && item.name === imported && analysis.imports.get(imported)?.item === item;
}

function wireValue(item: Item, bound: Set<Instantiation>): WireValue | { problem: string } {
  if (item.kind === 'instance' && item.instantiation) {
    return { problem: 'the built-in composer wires exports of instances, not whole instances: pass one of its exports (e.g. `x.name`)' };
  }
  const source = item.origin.exportOf;
  if (item.kind !== 'unknown' && source?.kind === 'instance' && source.instantiation && bound.has(source.instantiation) && item.origin.instance !== undefined && item.name !== undefined) {
    return { instance: item.origin.instance, export: item.name };
  }
  return { problem: 'the built-in composer wires only instances and their exports (imports of the composition and exports of exports are not supported)' };
}
