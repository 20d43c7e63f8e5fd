/**
 * The composed component as it is written: its sections in order (consecutive items of one
 * kind share a section), with the index spaces they fill, and the outer scope of types
 * (typeEncoder.ts) that declares type definitions and aliases into it. Pure.
 */
import { ByteWriter, COMPONENT_PREAMBLE, SECTION_ID, SORT, writeSection, type SortName } from './bytes';
import { TypeScope } from './typeEncoder';
import { splitKey } from './typeKeys';

type Space = 'type' | 'func' | 'instance' | 'component';

export class ComponentWriter {
  private readonly sections: { id: number; items: Uint8Array[] }[] = [];
  private readonly counts: Record<Space, number> = { type: 0, func: 0, instance: 0, component: 0 };
  /** Names of nested components and instances, for the `component-name` section. */
  private readonly names: Record<'component' | 'instance', [number, string][]> = { component: [], instance: [] };

  private add(id: number, item: Uint8Array): void {
    const last = this.sections[this.sections.length - 1];
    // Nested components are sections of their own; other items join the section before them.
    if (last && last.id === id && id !== SECTION_ID.component) last.items.push(item);
    else this.sections.push({ id, items: [item] });
  }

  private next(space: Space): number {
    return this.counts[space]++;
  }

  /** A type definition (its encoding): its type index. */
  type(bytes: Uint8Array): number {
    this.add(SECTION_ID.type, bytes);
    return this.next('type');
  }

  /** `alias export <instance> <name>`: the index of the export in its sort's space. */
  aliasExport(sort: SortName, instance: number, name: string): number {
    this.add(SECTION_ID.alias, new ByteWriter().u8(SORT[sort]).u8(0x00).u32(instance).string(name).finish());
    return this.next(space(sort));
  }

  /** An import: `desc` is its `externdesc`; its index in the sort's space. */
  import(name: string, sort: SortName, desc: Uint8Array): number {
    this.add(SECTION_ID.import, new ByteWriter().u8(0x00).string(name).bytes(desc).finish());
    return this.next(space(sort));
  }

  /** A nested component, its binary as it is. */
  component(bytes: Uint8Array, name?: string): number {
    this.add(SECTION_ID.component, bytes);
    const index = this.next('component');
    if (name !== undefined) this.names.component.push([index, name]);
    return index;
  }

  /** `instantiate <component> (with <name> <sort idx>)*`. */
  instantiate(component: number, args: { name: string; sort: SortName; index: number }[], name?: string): number {
    const w = new ByteWriter().u8(0x00).u32(component);
    w.vec(args, (w, a) => w.string(a.name).u8(SORT[a.sort]).u32(a.index));
    this.add(SECTION_ID.instance, w.finish());
    const index = this.next('instance');
    if (name !== undefined) this.names.instance.push([index, name]);
    return index;
  }

  export(name: string, sort: SortName, index: number): number {
    this.add(SECTION_ID.export, new ByteWriter().u8(0x00).string(name).u8(SORT[sort]).u32(index).u8(0x00).finish());
    return this.next(space(sort));
  }

  finish(): Uint8Array {
    const w = new ByteWriter().bytes(COMPONENT_PREAMBLE);
    for (const { id, items } of this.sections) {
      if (id === SECTION_ID.component) {
        writeSection(w, id, items[0]);
        continue;
      }
      const contents = new ByteWriter().u32(items.length);
      for (const item of items) contents.bytes(item);
      writeSection(w, id, contents.finish());
    }
    const names = this.nameSection();
    if (names) writeSection(w, SECTION_ID.custom, names);
    return w.finish();
  }

  /** `component-name`: names of the nested components and instances (what `wasm-tools print` shows as `$name`). */
  private nameSection(): Uint8Array | undefined {
    const subsections = (['component', 'instance'] as const).filter((sort) => this.names[sort].length > 0);
    if (subsections.length === 0) return undefined;
    const w = new ByteWriter().string('component-name');
    for (const sort of subsections) {
      const body = new ByteWriter().u8(SORT[sort]).vec(this.names[sort], (w, [index, name]) => w.u32(index).string(name)).finish();
      w.u8(0x01).u32(body.length).bytes(body);
    }
    return w.finish();
  }
}

function space(sort: SortName): Space {
  if (sort === 'value') throw new Error('values are not supported');
  return sort;
}

/**
 * The composed component's own scope of types: definitions go to its type section; a keyed
 * type declared by one of its imported instances is reached by `alias export` of that instance
 * (imported first, through `importInstance`, when it has not been yet).
 */
export class OuterTypeScope extends TypeScope {
  constructor(
    private readonly writer: ComponentWriter,
    /** The index of the composition's imported instance of that name (importing it now if need be), or undefined if it imports none. */
    private readonly importInstance: (name: string) => number | undefined,
  ) {
    super();
  }

  define(bytes: Uint8Array): number {
    return this.writer.type(bytes);
  }

  reach(key: string): number | undefined {
    const known = this.keyed.get(key);
    if (known !== undefined) return known;
    const { instance, name } = splitKey(key);
    if (instance === undefined) return undefined;
    const index = this.importInstance(instance);
    if (index === undefined) return undefined;
    const type = this.writer.aliasExport('type', index, name);
    this.keyed.set(key, type);
    return type;
  }
}
