/**
 * A component's world by name: the functions it exports, by the names wasmtime's `--invoke`
 * takes (`ns:pkg/iface.func@1.0.0`, `iface.func` for an interface named in the world, `func`
 * for a function of the world itself) and where jco's instantiated exports hold them; and the
 * names of what it imports. Pure.
 */
import { interfaceId, worldKeyName } from '../../../server/src/syntax/binary/witNames';
import type { Func, World } from '../../../server/src/syntax/binary/witModel';
import { jsName, unsupportedPart } from './wave';

export interface ExportedFunction {
  /** The WIT name: `wasi:cli/run.run@0.2.3`, `text.analyze`, `hello`. */
  name: string;
  /** The exported interface (`ns:pkg/iface@version`, or its plain name), or undefined for a world function. */
  instance?: string;
  func: Func;
  /** The keys of jco's exports object that lead to the function: `['wasi:cli/run@0.2.3', 'run']`, `['hello']`. */
  jsPath: string[];
  /** Why it cannot be called with WAVE values (a resource or async parameter or result), if so. */
  unsupported?: string;
}

/** Every freestanding exported function (resource constructors and methods are not callable by name). */
export function exportedFunctions(world: World): ExportedFunction[] {
  const out: ExportedFunction[] = [];
  for (const { key, item } of world.exports) {
    if (item.kind === 'function') {
      out.push(describe(item.func, item.func.name, undefined, [jsName(item.func.name)]));
    } else if (item.kind === 'interface') {
      const instance = key.kind === 'name' ? key.name : interfaceId(item.iface);
      const jsKey = key.kind === 'name' ? jsName(key.name) : instance;
      for (const func of item.iface.functions.values()) {
        if (func.kind.kind !== 'freestanding' && func.kind.kind !== 'async-freestanding') continue;
        out.push(describe(func, qualified(instance, func.name), instance, [jsKey, jsName(func.name)]));
      }
    }
  }
  return out;
}

/**
 * The export a name means, as wasmtime resolves `--invoke`: the exact WIT name, else the one
 * export a looser name fits (see `fitsLoosely`). Otherwise a message in wasmtime's words.
 */
export function findExport(world: World, name: string): ExportedFunction | string {
  const all = exportedFunctions(world);
  const exact = all.filter((f) => f.name === name);
  const candidates = exact.length > 0 ? exact : all.filter((f) => fitsLoosely(f, name));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) return `Multiple exported funcs named \`${name}\`: ${candidates.map((f) => f.name).join(', ')}; use one of these names.`;
  return `No exported func named \`${name}\` in component.`;
}

/** `ns:pkg/iface.func` (any version of the interface), `iface.func` (its short name), or a bare `func` (anywhere). */
function fitsLoosely(f: ExportedFunction, name: string): boolean {
  if (name.includes('@')) return false;
  if (name.includes(':')) return f.name.replace(/@.*$/, '') === name;
  const dot = name.indexOf('.');
  if (dot < 0) return f.func.name === name;
  return f.instance !== undefined && shortName(f.instance) === name.slice(0, dot) && f.func.name === name.slice(dot + 1);
}

/** The exported function `func` of the interface `ns:pkg/name` (any version), if the world exports it. */
export function findInterfaceExport(world: World, id: string, func: string): ExportedFunction | undefined {
  return exportedFunctions(world).find((f) => f.instance?.replace(/@.*$/, '') === id && f.func.name === func);
}

/** The import names (`wasi:cli/stdout@0.2.3`, `log`) as the component's import object needs them. */
export function importNames(world: World): string[] {
  return [...world.imports].filter(({ item }) => item.kind !== 'type').map(({ key }) => worldKeyName(key));
}

function describe(func: Func, name: string, instance: string | undefined, jsPath: string[]): ExportedFunction {
  const types = [...func.params.map((p) => p.ty), ...(func.result !== undefined ? [func.result] : [])];
  const unsupported = func.kind.kind.startsWith('async')
    ? 'it is an async function (not supported here)'
    : types.map((t) => unsupportedPart(t)).find((m) => m !== undefined);
  return { name, ...(instance !== undefined ? { instance } : {}), func, jsPath, ...(unsupported ? { unsupported } : {}) };
}

/** `ns:pkg/iface@1.0.0` + `f` → `ns:pkg/iface.f@1.0.0` (wasm-wave puts the version last). */
function qualified(instance: string, func: string): string {
  const at = instance.indexOf('@');
  return at < 0 ? `${instance}.${func}` : `${instance.slice(0, at)}.${func}${instance.slice(at)}`;
}

function shortName(instance: string): string {
  return instance.replace(/@.*$/, '').replace(/^.*\//, '');
}
