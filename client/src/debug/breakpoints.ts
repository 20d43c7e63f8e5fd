/**
 * Boundary breakpoints as the runner takes them (runtime/debug/protocol.ts), from what a user
 * sets — a line of a `.wit` file (its target in the WIT index) or a function breakpoint's
 * name — verified against the worlds of the run's components: a breakpoint on something no
 * component imports or exports is unverified, with a message saying so. Pure.
 *
 * Function breakpoint names: `transform` (any interface), `plugin.transform` (an interface by
 * its short name), `ns:pkg/plugin@1.0.0#transform`, `ns:pkg/plugin@1.0.0` (every function of
 * it), `component:plugin` (every call into or out of an instance).
 */
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import type { World } from '../../../server/src/syntax/binary/witModel';
import type { Breakpoint } from '../runtime/debug/protocol';
import { sameInterface, type WitTarget, type WorldShape } from './witIndex';

/** A boundary breakpoint without its id (the session numbers them); one user breakpoint may need several. */
export type BoundaryFilter = Omit<Breakpoint, 'id'>;

export type Resolution = { verified: true; filters: BoundaryFilter[]; label: string } | { verified: false; message: string };

/** What a run's components import and export: instance → its world. */
export type RunWorlds = ReadonlyMap<string, World>;

interface Offer {
  instance: string;
  /** The interface's name in the world ('' for world functions). */
  interface: string;
  /** Its short name (`plugin`), for `plugin.transform`. */
  shortName: string;
  functions: string[];
}

/** Every interface and world function each component imports or exports. */
function offers(worlds: RunWorlds): Offer[] {
  const out: Offer[] = [];
  for (const [instance, world] of worlds) {
    for (const items of [world.imports, world.exports]) {
      for (const { key, item } of items) {
        if (item.kind === 'interface') {
          out.push({ instance, interface: worldKeyName(key), shortName: item.iface.name ?? worldKeyName(key), functions: [...item.iface.functions.keys()] });
        } else if (item.kind === 'function') {
          out.push({ instance, interface: '', shortName: '', functions: [item.func.name] });
        }
      }
    }
  }
  return out;
}

export function targetBreakpoint(target: WitTarget, worlds: RunWorlds): Resolution {
  const all = offers(worlds);
  switch (target.kind) {
    case 'function': {
      const label = target.interface === '' ? target.function : `${shortOf(target.interface)}.${target.function}`;
      const withInterface = all.filter((o) => sameInterface(o.interface, target.interface));
      if (target.interface !== '' && withInterface.length === 0) return { verified: false, message: noInterface(target.interface) };
      if (!withInterface.some((o) => o.functions.includes(target.function))) {
        return { verified: false, message: `no component of this run imports or exports ${target.interface === '' ? 'the world function ' : `${target.interface}#`}${target.function}` };
      }
      return { verified: true, filters: [{ interface: target.interface, function: target.function }], label };
    }
    case 'interface':
      if (!all.some((o) => sameInterface(o.interface, target.interface))) return { verified: false, message: noInterface(target.interface) };
      return { verified: true, filters: [{ interface: target.interface }], label: shortOf(target.interface) };
    case 'world': {
      const instances = [...worlds].filter(([, world]) => isOfWorld(world, target.world)).map(([instance]) => instance);
      if (instances.length === 0) return { verified: false, message: `no component of this run is of world ${target.world.id}` };
      return { verified: true, filters: instances.map((component) => ({ component })), label: `world ${shortOf(target.world.id)}` };
    }
  }
}

export function functionBreakpoint(name: string, worlds: RunWorlds): Resolution {
  const text = name.trim();
  const all = offers(worlds);
  if (text.startsWith('component:')) {
    const wanted = text.slice('component:'.length);
    const instance = [...worlds.keys()].find((i) => i === wanted || i === `${wanted}.wasm`);
    if (!instance) return { verified: false, message: `this run has no component ${wanted} (it has ${[...worlds.keys()].join(', ')})` };
    return { verified: true, filters: [{ component: instance }], label: text };
  }
  const hash = text.indexOf('#');
  if (hash >= 0) return targetBreakpoint({ kind: 'function', interface: text.slice(0, hash), function: text.slice(hash + 1) }, worlds);
  if (text.includes(':') && text.includes('/')) return targetBreakpoint({ kind: 'interface', interface: text }, worlds);
  // `[method]r.m` is one function name; otherwise `i.f` names an interface by its short name.
  const dot = text.startsWith('[') ? -1 : text.indexOf('.');
  if (dot < 0) {
    if (!all.some((o) => o.functions.includes(text))) return { verified: false, message: `no component of this run imports or exports a function ${text}` };
    return { verified: true, filters: [{ function: text }], label: text };
  }
  const short = text.slice(0, dot);
  const func = text.slice(dot + 1);
  const ids = [...new Set(all.filter((o) => o.shortName === short && o.functions.includes(func)).map((o) => o.interface))];
  if (ids.length === 0) return { verified: false, message: `no component of this run imports or exports an interface ${short} with a function ${func}` };
  return { verified: true, filters: ids.map((id) => ({ interface: id, function: func })), label: text };
}

/** A component is of a world when it imports and exports (at least) what the world says. */
export function isOfWorld(world: World, shape: WorldShape): boolean {
  const names = (items: World['imports']) => [...items].map(({ key }) => worldKeyName(key));
  const imports = names(world.imports);
  const exports = names(world.exports);
  const has = (list: string[], name: string) => list.some((n) => sameInterface(n, name));
  return shape.imports.every((n) => has(imports, n)) && shape.exports.every((n) => has(exports, n)) && shape.imports.length + shape.exports.length > 0;
}

/** `ns:pkg/plugin@0.1.0` → `plugin`. */
export function shortOf(id: string): string {
  return id.replace(/@[^@]*$/, '').replace(/^.*\//, '');
}

function noInterface(iface: string): string {
  return `no component of this run imports or exports ${iface.replace(/@[^@]*$/, '')}`;
}
