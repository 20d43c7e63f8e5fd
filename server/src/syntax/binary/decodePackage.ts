/**
 * What wit-parser's `decode` does with a binary (crates/wit-parser/src/decoding.rs):
 * collects the top-level imports and exports (`ComponentInfo`), tells a WIT
 * package (v1 or v2 encoding) from an actual component, and decodes the
 * package with its foreign dependencies and its `package-docs`.
 */
import { WitPackageDecoder, fail, withContext, type DecodedPackages, type PackageFields } from './decoder';
import { parseComponentName } from './names';
import { decodePackageDocs, injectPackageDocs, PACKAGE_DOCS_SECTION, type PackageMetadata } from './packageDocs';
import type { Reader } from './reader';
import {
  SECTION,
  componentExport,
  componentImport,
  componentType,
  customSection,
  readItems,
  readSections,
  alias as readAlias,
  type RawExport,
} from './sections';
import { Scope } from './typeSpace';
import { TypeAlloc, type ComponentItem } from './types';
import type { Interface, PackageName, World } from './witModel';

/** The message `Resolve::push_file` gives when the binary is a component rather than a WIT package. */
export const ACTUAL_COMPONENT = 'found an actual component instead of an encoded WIT package in wasm';

interface Extern {
  name: string;
  kind: 'import' | 'export';
  item: ComponentItem;
}

/** Decodes a wasm-encoded WIT package; throws a `DecodeError` with wit-parser's message otherwise. */
export function decodePackageBinary(bytes: Uint8Array): DecodedPackages {
  const header = readSections(bytes);
  if (header.kind === 'module') throw fail(ACTUAL_COMPONENT);

  // First the sections that say what the binary imports and exports.
  let packageDocs: PackageMetadata | undefined;
  let docsSeen = false;
  const imports: string[] = [];
  const exported: RawExport[] = [];
  for (const section of header.sections) {
    const r = section.reader.clone();
    if (section.id === SECTION.custom) {
      const { name, data } = customSection(r);
      if (name === PACKAGE_DOCS_SECTION) {
        if (docsSeen) throw fail(`multiple "${PACKAGE_DOCS_SECTION}" sections`);
        docsSeen = true;
        packageDocs = decodePackageDocs(data);
      }
    } else if (section.id === SECTION.import) {
      for (const item of readItems(r, componentImport)) imports.push(item.name.name);
    } else if (section.id === SECTION.export) {
      exported.push(...readItems(r, componentExport));
    }
  }

  // An actual component imports something or exports something else than types.
  if (imports.length > 0 || exported.length === 0 || exported.some((e) => e.sort !== 'type')) {
    throw actualComponent(exported.map((e) => ({ name: e.name.name, isFuncOrInstance: e.sort === 'func' || e.sort === 'instance' })));
  }

  const scope = buildTypeSpace(header.sections);
  const externs: Extern[] = scope.externs;
  const version = witEncodingVersion(externs);
  if (!version) {
    throw actualComponent(
      externs.map((e) => ({ name: e.name, isFuncOrInstance: e.item.ty.kind === 'func' || e.item.ty.kind === 'instance' })),
    );
  }
  const decoded = version === 1 ? decodeV1(externs) : decodeV2(externs);
  if (packageDocs) injectPackageDocs(packageDocs, decoded.main);
  return decoded;
}

/** `decode_component` fails on exports that are neither functions nor instances; otherwise the push fails. */
function actualComponent(exported: { name: string; isFuncOrInstance: boolean }[]): Error {
  const bad = exported.find((e) => !e.isFuncOrInstance);
  return fail(bad ? `component export \`${bad.name}\` was not a function or instance` : ACTUAL_COMPONENT);
}

/** Gives the top-level declarations their types, in section order. */
function buildTypeSpace(sections: { id: number; reader: Reader }[]): Scope {
  const scope = new Scope('component', new TypeAlloc());
  for (const section of sections) {
    const r = section.reader.clone();
    switch (section.id) {
      // Each item is checked as soon as it is read, as wasmparser's validator does.
      case SECTION.type:
        readItems(r, (r, offset) => scope.types.push(scope.createType(componentType(r), offset)));
        break;
      case SECTION.alias:
        readItems(r, (r, offset) => scope.alias(readAlias(r), offset));
        break;
      case SECTION.export:
        readItems(r, (r, offset) => scope.exportItem(componentExport(r, offset)));
        break;
      case SECTION.instance:
        scope.instancesUnknown = true;
        break;
      case SECTION.canonical:
        scope.funcsUnknown = true;
        break;
      case SECTION.component:
        scope.components.push(undefined);
        break;
    }
  }
  return scope;
}

/** `ComponentInfo::is_wit_package`: 1 or 2 for the two encodings, undefined for a component. */
function witEncodingVersion(externs: Extern[]): 1 | 2 | undefined {
  if (externs.length === 0) return undefined;
  const allComponentTypes = externs.every(
    (e) => e.kind === 'export' && e.item.ty.kind === 'type' && e.item.ty.created.kind === 'component',
  );
  if (!allComponentTypes) return undefined;
  const first = parseComponentName(externs[0].name);
  if (!first.ok) return undefined;
  if (first.name.kind === 'interface' && first.name.name.interface === 'wit') return 1;
  if (first.name.kind === 'label') return 2;
  return undefined;
}

function componentOf(item: ComponentItem) {
  if (item.ty.kind !== 'type' || item.ty.created.kind !== 'component') throw fail('expected a component type');
  return item.ty.created.component;
}

/** `decode_wit_v1_package`: one `ns:pkg/wit` component type whose exports are the interfaces and worlds. */
function decodeV1(externs: Extern[]): DecodedPackages {
  const decoder = new WitPackageDecoder();
  if (externs.length > 1) throw fail('more than one top-level exported component type found');
  const { name, item } = externs[0];
  const pkg = withContext(`failed to decode document \`${name}\``, () =>
    decoder.decodeV1Package(name, componentOf(item), item),
  );
  return decoder.finish(pkg);
}

/** `decode_wit_v2_package`: one component type per interface or world, each with that item as its only export. */
function decodeV2(externs: Extern[]): DecodedPackages {
  const decoder = new WitPackageDecoder();
  const fields: PackageFields = { interfaces: new Map<string, Interface>(), worlds: new Map<string, World>() };
  let packageName: PackageName | undefined;
  for (const { item } of externs) {
    const component = componentOf(item);
    if (component.exports.size !== 1) {
      throw fail(`Expected a single export, but found ${component.exports.size} instead`);
    }
    const [[name, exported]] = component.exports;
    let decodedName: PackageName;
    if (exported.ty.kind === 'component') decodedName = decoder.decodeWorld(name, exported, fields);
    else if (exported.ty.kind === 'instance') decodedName = decoder.decodeInterface(name, component.imports, exported, fields);
    else throw fail(`the export \`${name}\` is neither an interface nor a world`);
    if (packageName && !samePackageName(packageName, decodedName)) throw fail('item defined with mismatched package name');
    packageName ??= decodedName;
  }
  if (!packageName) throw fail('no exported component type found');
  return decoder.finish({ name: packageName, docs: {}, interfaces: fields.interfaces, worlds: fields.worlds });
}

function samePackageName(a: PackageName, b: PackageName): boolean {
  const v = (n: PackageName): string => (n.version ? `${n.version.major}.${n.version.minor}.${n.version.patch}-${n.version.pre}+${n.version.build}` : '');
  return a.namespace === b.namespace && a.name === b.name && v(a) === v(b);
}
