/**
 * The built-in composer: components wired together (a composition's `components` and `wire`,
 * trace/composition.ts) made into ONE component, without wac or wasm-tools. The composed
 * component
 *
 * - imports what no component of the composition provides: every unwired import, once for all
 *   the components that have it (an interface imported by two is imported once, with the union
 *   of what they declare, and given to both), typed as the components declare it (the types
 *   are declared again from the decoded model: typeEncoder.ts);
 * - holds the components' binaries as they are (nested component sections);
 * - instantiates them providers first, each with its wired imports from the providers'
 *   exports and the others from its own imports;
 * - exports what was asked: by default everything the root component exports (the one no
 *   other component imports from).
 *
 * Wiring is checked as for runs (`resolveWires`: an export fits an import when its functions
 * and types match, typeCheck.ts), and so is what the composition imports once for several
 * components. Pure: bytes in, bytes out.
 */
import { componentTypes, type ComponentTypes } from '../../../server/src/syntax/binary/wasmInfo';
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import type { ComponentItem } from '../../../server/src/syntax/binary/types';
import type { Interface, World, WorldItem } from '../../../server/src/syntax/binary/witModel';
import { checkWire, instantiationOrder, providerOf, resolveWires, type Checked, type Composition, type Wired } from '../trace/composition';
import { ByteWriter, SORT, type SortName } from './bytes';
import { funcMismatch, sharedMismatch } from '../../../server/src/semantics/typeFit';
import { ComposeError, InstanceTypeScope, type InstanceExport, type Source } from './typeEncoder';
import { TypeKeys, splitKey } from './typeKeys';
import { ComponentWriter, OuterTypeScope } from './writer';

export interface ComposeInput {
  /** Instance name → the component's binary. Instances are made in this order where the wiring allows. */
  components: Record<string, Uint8Array>;
  /** Instance → (its import → the instance that exports that interface), as in a composition file. */
  wire: Composition['wire'];
  /** What the composed component exports; by default every export of the root. */
  exports?: ExportChoice[];
  /** The component whose exports are exported by default; by default the one no other component imports from. */
  root?: string;
}

export interface ExportChoice {
  /** The instance that exports it. */
  instance: string;
  /** Its export name (`process`, `wasi:cli/run@0.2.3`). */
  name: string;
  /** The name the composed component exports it under (by default the same). */
  as?: string;
}

export interface Composed {
  bytes: Uint8Array;
  /** The composed component's imports and exports, by name, in order. */
  imports: string[];
  exports: string[];
  /** The instances in the order they are made. */
  order: string[];
}

interface Member extends Source {
  bytes: Uint8Array;
  types: ComponentTypes;
  wired: Map<string, Wired>;
}

/** One import of the composed component, and the components that have it. */
interface OuterImport {
  name: string;
  kind: 'instance' | 'func' | 'type';
  users: { member: Member; item: ComponentItem }[];
  /** Its index in its sort's space, once declared. */
  index?: number;
  declaring?: boolean;
}

export function composeComponents(input: ComposeInput): Checked<Composed> {
  try {
    return { ok: true, value: compose(input) };
  } catch (e) {
    if (e instanceof ComposeError) return { ok: false, message: e.message };
    throw e;
  }
}

function compose(input: ComposeInput): Composed {
  const names = Object.keys(input.components);
  if (names.length === 0) throw new ComposeError('there are no components to compose');
  const wireProblem = checkWire(input.components, input.wire);
  if (wireProblem) throw new ComposeError(wireProblem);

  const members = new Map<string, Member>();
  for (const name of names) {
    const decoded = componentTypes(input.components[name]);
    if (!decoded.ok) throw new ComposeError(`${name} is not a component that can be composed: ${decoded.message}`);
    members.set(name, { name, bytes: input.components[name], types: decoded.types, keys: new TypeKeys(decoded.types), wired: new Map() });
  }
  const worlds = new Map([...members].map(([name, m]) => [name, m.types.world]));
  const wires = resolveWires(input.wire, worlds);
  if (!wires.ok) throw new ComposeError(wires.message);
  for (const [name, wired] of wires.value) (members.get(name) as Member).wired = wired;
  const order = instantiationOrder({ components: input.components, wire: input.wire });
  const exports = chosenExports(input, members);

  const outerImports = collectImports(order.map((n) => members.get(n) as Member));
  const writer = new ComponentWriter();
  const declare = (imp: OuterImport): number => {
    if (imp.index !== undefined) return imp.index;
    if (imp.declaring) throw new ComposeError(`the types of the import ${imp.name} refer to themselves`);
    imp.declaring = true;
    imp.index = declareImport(imp, writer, outer);
    return imp.index;
  };
  const outer: OuterTypeScope = new OuterTypeScope(writer, (name) => {
    const imp = outerImports.get(name);
    return imp?.kind === 'instance' ? declare(imp) : undefined;
  });
  for (const imp of outerImports.values()) declare(imp);

  const componentIndex = new Map<string, number>();
  for (const name of order) componentIndex.set(name, writer.component((members.get(name) as Member).bytes, name));

  const instanceIndex = new Map<string, number>();
  /** Instances exported by instances (`provider`, `export`) → their index once aliased. */
  const exportedInstances = new Map<string, number>();
  const providedInstance = (wired: Wired): number => {
    const key = `${wired.provider}\0${wired.export}`;
    let index = exportedInstances.get(key);
    if (index === undefined) {
      index = writer.aliasExport('instance', instanceIndex.get(wired.provider) as number, wired.export);
      exportedInstances.set(key, index);
    }
    return index;
  };
  for (const name of order) {
    const member = members.get(name) as Member;
    const args: { name: string; sort: SortName; index: number }[] = [];
    for (const [imported, item] of member.types.imports) {
      const wired = member.wired.get(imported);
      if (wired) {
        args.push({ name: imported, sort: 'instance', index: providedInstance(wired) });
        continue;
      }
      const fromWired = item.ty.kind === 'type' ? typeOfWiredImport(member, item) : undefined;
      if (fromWired) {
        args.push({ name: imported, sort: 'type', index: writer.aliasExport('type', providedInstance(fromWired.wired), fromWired.name) });
        continue;
      }
      const imp = outerImports.get(imported) as OuterImport;
      args.push({ name: imported, sort: imp.kind, index: imp.index as number });
    }
    instanceIndex.set(name, writer.instantiate(componentIndex.get(name) as number, args, name));
  }

  for (const choice of exports) {
    const item = (members.get(choice.instance) as Member).types.exports.get(choice.name) as ComponentItem;
    const sort = sortOf(item, `${choice.instance}'s export ${choice.name}`);
    const index = writer.aliasExport(sort, instanceIndex.get(choice.instance) as number, choice.name);
    writer.export(choice.as ?? choice.name, sort, index);
  }

  return {
    bytes: writer.finish(),
    imports: [...outerImports.keys()],
    exports: exports.map((c) => c.as ?? c.name),
    order,
  };
}

/** The exports asked for, checked; by default the root's. */
function chosenExports(input: ComposeInput, members: Map<string, Member>): ExportChoice[] {
  let choices = input.exports;
  if (!choices) {
    const root = input.root ?? defaultRoot(input);
    const member = members.get(root);
    if (!member) throw new ComposeError(`the root ${JSON.stringify(root)} is not one of the components`);
    choices = [...member.types.exports.keys()].map((name) => ({ instance: root, name }));
  }
  const seen = new Set<string>();
  for (const c of choices) {
    const member = members.get(c.instance);
    if (!member) throw new ComposeError(`an export comes from ${JSON.stringify(c.instance)}, which is not one of the components`);
    if (!member.types.exports.has(c.name)) throw new ComposeError(`${c.instance} does not export ${c.name}`);
    const as = c.as ?? c.name;
    if (seen.has(as)) throw new ComposeError(`two exports are named ${as}`);
    seen.add(as);
  }
  if (choices.length === 0) throw new ComposeError('the composed component would export nothing');
  return choices;
}

/** The component no other component imports from. */
function defaultRoot(input: ComposeInput): string {
  const providers = new Set(Object.values(input.wire).flatMap((imports) => Object.values(imports).map(providerOf)));
  const roots = Object.keys(input.components).filter((name) => !providers.has(name));
  if (roots.length !== 1) throw new ComposeError(`${roots.join(', ')} are not imported from by any other component: say which is the root (whose exports are exported) or list the exports`);
  return roots[0];
}

function sortOf(item: ComponentItem, what: string): SortName {
  const kind = item.ty.kind;
  if (kind === 'module' || kind === 'value') throw new ComposeError(`${what} is a ${kind}, which the composer does not support`);
  return kind;
}

/**
 * The imports the composition keeps, in the order the components (providers first) declare
 * them, each with the components that have it; two that have one must agree on it.
 */
function collectImports(members: Member[]): Map<string, OuterImport> {
  const out = new Map<string, OuterImport>();
  for (const member of members) {
    for (const [name, item] of member.types.imports) {
      if (member.wired.has(name)) continue;
      if (item.ty.kind === 'type' && typeOfWiredImport(member, item)) continue;
      const kind = item.ty.kind;
      if (kind !== 'instance' && kind !== 'func' && kind !== 'type') {
        throw new ComposeError(`${member.name} imports ${name}, a ${kind}: the composer only passes on instances, functions and types`);
      }
      const imp = out.get(name);
      if (!imp) {
        out.set(name, { name, kind, users: [{ member, item }] });
        continue;
      }
      const first = imp.users[0].member;
      if (imp.kind !== kind) throw new ComposeError(`${first.name} imports ${name} as a ${imp.kind}, ${member.name} as a ${kind}`);
      const reason = disagreement(name, first.types.world, member.types.world, [`in ${first.name}`, `in ${member.name}`]);
      if (reason) throw new ComposeError(`${first.name} and ${member.name} both import ${name}, differently: ${reason}`);
      imp.users.push({ member, item });
    }
  }
  return out;
}

function worldImport(world: World, name: string): WorldItem | undefined {
  return [...world.imports].find(({ key }) => worldKeyName(key) === name)?.item;
}

/** How two worlds' imports of one name differ in what both declare. */
function disagreement(name: string, a: World, b: World, sides: [string, string]): string | undefined {
  const x = worldImport(a, name);
  const y = worldImport(b, name);
  if (x?.kind === 'interface' && y?.kind === 'interface') return sharedMismatch(x.iface as Interface, y.iface as Interface, sides);
  if (x?.kind === 'function' && y?.kind === 'function') return funcMismatch(x.func, y.func, sides);
  return undefined;
}

/** For a type import that equals a type of a wired import (a world's `use`): that import's wiring and the type's name. */
function typeOfWiredImport(member: Member, item: ComponentItem): { wired: Wired; name: string } | undefined {
  if (item.ty.kind !== 'type') return undefined;
  const origin = member.keys.keyOf(item.ty.referenced);
  if (origin === undefined) return undefined;
  const { instance, name } = splitKey(origin);
  const wired = instance === undefined ? undefined : member.wired.get(instance);
  return wired ? { wired, name } : undefined;
}

/** Declares one import of the composed component (its type first): its index. */
function declareImport(imp: OuterImport, writer: ComponentWriter, outer: OuterTypeScope): number {
  const { member, item } = imp.users[0];
  switch (imp.kind) {
    case 'instance': {
      const scope = new InstanceTypeScope(outer, imp.name);
      scope.declare(unionOfExports(imp));
      const type = writer.type(scope.encode());
      return writer.import(imp.name, 'instance', new ByteWriter().u8(SORT.instance).u32(type).finish());
    }
    case 'func': {
      if (item.ty.kind !== 'func') throw new Error('unreachable');
      const type = outer.define(outer.funcType(member, item.ty.id.func));
      return writer.import(imp.name, 'func', new ByteWriter().u8(SORT.func).u32(type).finish());
    }
    case 'type': {
      if (item.ty.kind !== 'type') throw new Error('unreachable');
      const referenced = item.ty.referenced;
      const origin = member.keys.keyOf(referenced);
      const desc = new ByteWriter().u8(SORT.type);
      if (referenced.kind === 'resource' && origin === imp.name) desc.u8(0x01);
      else {
        const target = origin !== undefined && origin !== imp.name ? outer.reach(origin) : undefined;
        if (target === undefined && referenced.kind !== 'defined') {
          throw new ComposeError(`${member.name} imports the type ${imp.name}, a ${referenced.kind} that the composition cannot import`);
        }
        desc.u8(0x00).u32(target ?? outer.define(outer.definedType(member, (referenced as Extract<typeof referenced, { kind: 'defined' }>).def)));
      }
      const index = writer.import(imp.name, 'type', desc.finish());
      outer.setKey(imp.name, index);
      return index;
    }
  }
}

/** What an imported instance exports: the first component's exports, then what the others add. */
function unionOfExports(imp: OuterImport): InstanceExport[] {
  const out = new Map<string, InstanceExport>();
  for (const { member, item } of imp.users) {
    if (item.ty.kind !== 'instance') continue;
    for (const [name, exported] of item.ty.id.instance.exports) {
      if (!out.has(name)) out.set(name, { name, source: member, item: exported });
    }
  }
  return [...out.values()];
}
