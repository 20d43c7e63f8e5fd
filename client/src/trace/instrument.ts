/**
 * Where the recorder (recorder.ts) sees calls: every function a component is given (its
 * imports, provided by the host or by another component) and every function it returns (its
 * exports), wrapped before they meet jco's bindings. Each function is wrapped once, where it
 * is provided — an export given to another component as its import is not wrapped again —
 * and records calls to its provider.
 *
 * jco's shapes: an interface is an object of functions (lowerCamelCase) and resource classes
 * (UpperCamelCase); an exported world function is `exports[name]`. (The host provides WASI
 * interfaces only, never world functions.)
 * A resource's methods are called on its objects (`rsc.method(…)`, found through the class's
 * prototype, also for objects jco makes with `Object.create(Class.prototype)`), so methods
 * and statics are patched on the class itself; its constructor is wrapped by a Proxy of the
 * class, which `instanceof` and `.prototype` see through.
 */
import { jsName } from '../component/wave';
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import { funcItemName, type Interface, type World } from '../../../server/src/syntax/binary/witModel';
import type { Exports, ImportObject } from '../runtime/transpiled';
import { HOST, type Party } from './model';
import type { CallSite, TraceRecorder } from './recorder';

type Fn = (...args: unknown[]) => unknown;
type Klass = (new (...args: unknown[]) => object) & Record<string, unknown> & { prototype: Record<string, unknown> };

export class Instrumentation {
  /** Interface objects already wrapped (the WASI shim's are shared by every component of a run). */
  private readonly wrapped = new WeakMap<object, Record<string, unknown>>();
  private readonly classes = new WeakMap<Klass, Klass>();

  constructor(private readonly recorder: TraceRecorder) {}

  /** The host's imports for a component (WASI), recording calls to `host`. */
  hostImports(world: World, imports: ImportObject): ImportObject {
    const out: ImportObject = { ...imports };
    for (const { key, item } of world.imports) {
      if (item.kind !== 'interface') continue;
      const name = worldKeyName(key);
      for (const k of [name, unversioned(name)]) if (imports[k]) out[k] = this.wrapInterface(HOST, name, item.iface, imports[k]);
    }
    return out;
  }

  /** A component's exports, recording calls to `party`. */
  exports(party: Party, world: World, exports: Exports): Exports {
    const out: Exports = { ...exports };
    for (const { key, item } of world.exports) {
      if (item.kind === 'function') {
        const k = jsName(item.func.name);
        if (typeof exports[k] === 'function') out[k] = this.wrapFunction({ callee: party, interface: '', func: item.func }, exports[k] as Fn);
      } else if (item.kind === 'interface') {
        const given = exports[key.kind === 'name' ? jsName(key.name) : worldKeyName(key)] as Record<string, unknown> | undefined;
        if (!given) continue;
        const wrapped = this.wrapInterface(party, worldKeyName(key), item.iface, given);
        // jco puts one interface under several keys (`plugin` and `ns:pkg/plugin@0.1.0`).
        for (const k of Object.keys(exports)) if (exports[k] === given) out[k] = wrapped;
      }
    }
    return out;
  }

  private wrapInterface(callee: Party, name: string, iface: Interface, given: Record<string, unknown>): Record<string, unknown> {
    const done = this.wrapped.get(given);
    if (done) return done;
    const out = { ...given };
    for (const func of iface.functions.values()) {
      const site: CallSite = { callee, interface: name, func };
      const resource = 'resource' in func.kind ? func.kind.resource.name : undefined;
      if (resource === undefined) {
        const k = jsName(func.name);
        if (typeof given[k] === 'function') out[k] = this.wrapFunction(site, given[k] as Fn);
        continue;
      }
      const k = className(resource);
      const klass = given[k] as Klass | undefined;
      if (typeof klass === 'function') out[k] = this.wrapResource(site, klass);
    }
    this.wrapped.set(given, out);
    return out;
  }

  private wrapFunction(site: CallSite, fn: Fn): Fn {
    const recorder = this.recorder;
    return function traced(this: unknown, ...args: unknown[]) {
      return recorder.call(site, undefined, args, () => fn.apply(this, args));
    };
  }

  /** Patches one method or static of a resource class; returns the class as consumers get it (constructors traced). */
  private wrapResource(site: CallSite, klass: Klass): Klass {
    const recorder = this.recorder;
    const member = jsName(funcItemName(site.func));
    const patch = (target: Record<string, unknown>) => {
      const original = target[member];
      if (typeof original !== 'function') return;
      target[member] = function traced(this: unknown, ...args: unknown[]) {
        return recorder.call(site, this, args, () => (original as Fn).apply(this, args));
      };
    };
    switch (site.func.kind.kind) {
      case 'method':
      case 'async-method':
        patch(klass.prototype);
        break;
      case 'static':
      case 'async-static':
        patch(klass);
        break;
      case 'constructor':
        this.classes.set(klass, new Proxy(klass, { construct: (target, args, newTarget) => recorder.call(site, undefined, args, () => Reflect.construct(target, args, newTarget)) as object }));
        break;
    }
    return this.classes.get(klass) ?? klass;
  }
}

/** The class jco gives a resource: `output-stream` → `OutputStream`. */
function className(resource: string): string {
  const camel = jsName(resource);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** jco's bindings ask for imports without their version (`wasi:cli/stdout`). */
export function unversioned(name: string): string {
  return name.replace(/@[^@]*$/, '');
}
