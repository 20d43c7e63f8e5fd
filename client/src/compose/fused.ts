/**
 * Whether a component binary is a composition (what the built-in composer, `wac plug` and
 * `wac compose` make): components nested in it, instantiated inside it. A run of such a binary
 * sees only its outer boundary; the calls between its inner instances happen inside it and are
 * not recorded, which traces of it must say. Pure.
 */
import { DecodeError, Reader } from '../../../server/src/syntax/binary/reader';
import { SECTION, alias, componentExport, componentImport, customSection, externName, readItems, readSections, sort as readSort } from '../../../server/src/syntax/binary/sections';

/**
 * The inner instances of a composed component, by the names of the components they instantiate
 * (from its `component-name` section, else `component N`); undefined when the binary is not a
 * composition of at least two instances (or not a component at all).
 */
export function innerComponents(bytes: Uint8Array): string[] | undefined {
  try {
    const header = readSections(bytes);
    if (header.kind !== 'component') return undefined;
    // The component index space: imported, defined and aliased components, in order.
    let components = 0;
    const instantiated: number[] = [];
    let names = new Map<number, string>();
    for (const { id, reader } of header.sections) {
      const r = reader.clone();
      if (id === SECTION.component) components++;
      else if (id === SECTION.import) components += readItems(r, componentImport).filter((i) => i.ty.kind === 'component').length;
      else if (id === SECTION.alias) components += readItems(r, alias).filter((a) => (a.kind === 'outer' || a.kind === 'instance-export') && a.sort === 'component').length;
      else if (id === SECTION.export) components += readItems(r, componentExport).filter((e) => e.sort === 'component').length;
      else if (id === SECTION.instance) instantiated.push(...readItems(r, componentInstantiation).filter((i): i is number => i !== undefined));
      else if (id === SECTION.custom) {
        const { name, data } = customSection(r);
        if (name === 'component-name') names = componentNames(data);
      }
    }
    if (instantiated.length < 2 || components === 0) return undefined;
    return instantiated.map((index) => names.get(index) ?? `component ${index}`);
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

/** An instance section item: the component it instantiates, or undefined for an instance made of exports. */
function componentInstantiation(r: Reader): number | undefined {
  const tag = r.u8();
  if (tag === 0x00) {
    const component = r.varU32();
    const args = r.varU32();
    for (let i = 0; i < args; i++) {
      r.string();
      readSort(r);
      r.varU32();
    }
    return component;
  }
  if (tag !== 0x01) throw r.invalidLeadingByte(tag, 'instance');
  const exports = r.varU32();
  for (let i = 0; i < exports; i++) {
    externName(r);
    readSort(r);
    r.varU32();
  }
  return undefined;
}

/** The names of components in a `component-name` section (sort names, sort `component`). */
function componentNames(data: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  const r = Reader.of(data);
  while (!r.atEnd) {
    const id = r.u8();
    const sub = r.sub(r.varU32());
    if (id !== 1 || sub.u8() !== 0x04) continue;
    const count = sub.varU32();
    for (let i = 0; i < count; i++) names.set(sub.varU32(), sub.string());
  }
  return names;
}

/** What a run of a composed binary shows, and how to see more. */
export function fusedNote(inner: readonly string[]): string {
  return (
    `This component is a composition of ${inner.length} components (${inner.join(', ')}): the calls between them happen inside the binary and are not recorded, ` +
    `only the calls at its outer boundary. To see them, run the components as a composition (wit-studio.compose.json).`
  );
}
