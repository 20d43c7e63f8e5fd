/**
 * Hover and go-to-definition in a WAC document, from its analysis: a package name shows the
 * component's world, an instance what it is, an argument the import it fills, an accessed
 * export its interface or function — all as WIT. Definitions go to the `let`/`import` of a
 * name, or to the WIT declaration of what a component imports or exports (found in the
 * workspace's WIT by `findWitDeclaration`). Pure.
 */
import { typeName } from '../syntax/binary/witNames';
import type { FileRange, Snapshot } from '../features/snapshot';
import { WitPrinter } from '../syntax/binary/printer';
import { funcItemName, packageNameText, type Func, type Interface, type Package, type World } from '../syntax/binary/witModel';
import type { Span } from './ast';
import type { Item, Reference, WacAnalysis } from './resolve';

export interface WacHover extends Span {
  contents: string;
}

/** Where a definition is: in the document, or a WIT declaration of a component's package. */
export type WacTarget =
  | { kind: 'document'; start: number; end: number }
  | { kind: 'wit'; packageName: string; interface: string; func?: string; /** The component's `.wasm` whose WIT declares it. */ component?: string };

function referenceAt(analysis: WacAnalysis, offset: number): Reference | undefined {
  return analysis.references.find((r) => r.start <= offset && offset <= r.end);
}

export function wacHover(analysis: WacAnalysis, offset: number): WacHover | undefined {
  const ref = referenceAt(analysis, offset);
  if (!ref) return undefined;
  const item = ref.item;
  const parts: string[] = [];
  const code = (text: string) => parts.push('```wit\n' + text.trimEnd() + '\n```');
  switch (ref.kind) {
    case 'package':
      if (item.origin.world) code(worldText(item.origin.world));
      parts.push(`component \`${ref.name}\``);
      break;
    case 'argument':
      code(itemText(item) ?? ref.name);
      parts.push(`import \`${ref.name}\` of \`${item.origin.packageName}\``);
      break;
    case 'export':
      code(itemText(item) ?? ref.name);
      parts.push(`export \`${ref.name}\`${item.origin.instance ? ` of instance \`${item.origin.instance}\`` : item.origin.packageName ? ` of \`${item.origin.packageName}\`` : ''}`);
      break;
    case 'local':
    case 'binding': {
      const text = itemText(item);
      if (text) code(text);
      parts.push(describe(ref.name, item));
      break;
    }
  }
  return { start: ref.start, end: ref.end, contents: parts.join('\n\n') };
}

export function wacDefinition(analysis: WacAnalysis, offset: number): WacTarget | undefined {
  const ref = referenceAt(analysis, offset);
  if (!ref) return undefined;
  if (ref.kind === 'local' && ref.binding) return { kind: 'document', start: ref.binding.start, end: ref.binding.end };
  const iface = ref.item.origin.iface ?? (ref.item.origin.exportOf?.kind === 'instance' ? ref.item.origin.exportOf.origin.iface : undefined);
  const pkg = iface?.package;
  if (!iface?.name || !pkg) return undefined;
  const func = ref.item.kind === 'func' && ref.item.func ? funcItemName(ref.item.func) : undefined;
  const component = ref.item.origin.component ?? ref.item.origin.exportOf?.origin.component;
  return { kind: 'wit', packageName: packageNameText(pkg.name), interface: iface.name, ...(func ? { func } : {}), ...(component ? { component } : {}) };
}

/**
 * Where the WIT text of a component (as the inspector prints it: its world's package, then each
 * package it uses nested as `package ns:name@v { … }`) declares an interface or its function:
 * the name's offsets, else undefined.
 */
export function findInPrintedWit(text: string, target: Extract<WacTarget, { kind: 'wit' }>): { start: number; end: number } | undefined {
  const pkg = block(text, 0, text.length, `package ${target.packageName} {`);
  if (!pkg) return undefined;
  const iface = block(text, pkg.start, pkg.end, `interface ${target.interface} {`) ?? block(text, pkg.start, pkg.end, `interface %${target.interface} {`);
  if (!iface) return undefined;
  const fn = target.func === undefined ? undefined : (line(text, iface.start, iface.end, `${target.func}: `) ?? line(text, iface.start, iface.end, `%${target.func}: `));
  return fn ?? iface.name;
}

/** A line (after its indentation) that starts with `head`: the offsets of its first word. */
function line(text: string, from: number, to: number, head: string): { start: number; end: number } | undefined {
  for (let at = text.indexOf(head, from); at >= 0 && at < to; at = text.indexOf(head, at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (text.slice(lineStart, at).trim() !== '') continue;
    const word = /^(?:package |interface )?(%?[^\s:{]+)/.exec(text.slice(at, at + head.length))!;
    const start = at + word[0].length - word[1]!.length;
    return { start, end: start + word[1]!.length };
  }
  return undefined;
}

/** The block opened by a line starting with `head` (its name, and where its body ends: the line closing it at the same indentation). */
function block(text: string, from: number, to: number, head: string): { name: { start: number; end: number }; start: number; end: number } | undefined {
  const name = line(text, from, to, head);
  if (!name) return undefined;
  const lineStart = text.lastIndexOf('\n', name.start - 1) + 1;
  const indent = text.slice(lineStart, text.indexOf(head.split(' ')[0]!, lineStart));
  const close = text.indexOf(`\n${indent}}`, name.end);
  return { name, start: name.end, end: close < 0 || close > to ? to : close };
}

/** The declaration of a WIT interface (or its function) in the workspace's packages, if it is there. */
export function findWitDeclaration(snapshots: readonly Snapshot[], target: Extract<WacTarget, { kind: 'wit' }>): FileRange | undefined {
  for (const snapshot of snapshots) {
    const ifaceDef = snapshot.index.definitions.find(
      (d) => d.kind === 'interface' && d.name === target.interface && (d.container?.kind !== 'package' || d.container.name === target.packageName) && inPackage(snapshot, d.file, target.packageName),
    );
    if (!ifaceDef) continue;
    const def = target.func ? (snapshot.index.definitions.find((d) => d.kind === 'function' && d.container === ifaceDef && d.name === target.func) ?? ifaceDef) : ifaceDef;
    return { file: def.file, start: def.nameStart, end: def.nameEnd };
  }
  return undefined;
}

/** Whether a file of the snapshot belongs to the package named so (its header says so, or a file of its package does). */
function inPackage(snapshot: Snapshot, file: string, packageName: string): boolean {
  return snapshot.index.definitions.some((d) => d.kind === 'package' && d.name === packageName && snapshot.analysis.packages.some((p) => p.group.files.includes(d.file) && p.group.files.includes(file)));
}

function describe(name: string, item: Item): string {
  switch (item.kind) {
    case 'instance':
      return item.origin.packageName && !item.origin.iface ? `instance \`${name}\` of \`${item.origin.packageName}\`` : `instance \`${name}\``;
    case 'func':
      return `function \`${name}\``;
    case 'type':
      return `type \`${name}\``;
    case 'unknown':
      return `\`${name}\``;
  }
}

/** An item as WIT: an interface's declaration, a function's signature, or a component's world. */
function itemText(item: Item): string | undefined {
  if (item.kind === 'instance') {
    if (item.origin.iface) return interfaceText(item.origin.iface, item.name ?? 'instance');
    if (item.instantiation && item.origin.world) return worldText(item.origin.world);
    return undefined;
  }
  if (item.kind === 'func' && item.func) return funcSignature(item.name ?? item.func.name, item.func);
  return undefined;
}

function funcSignature(name: string, func: Func): string {
  const params = func.params.map((p) => `${p.name}: ${typeName(p.ty)}`).join(', ');
  return `${name}: func(${params})${func.result !== undefined ? ` -> ${typeName(func.result)}` : ''};`;
}

/** Printed as wit-component prints it, without the package header. */
function printed(pkg: Package): string {
  return new WitPrinter().print(pkg, []).replace(/^(?:\/\/\/.*\n)*package [^;]*;\n+/, '');
}

function interfaceText(iface: Interface, fallback: string): string {
  const name = iface.package?.name ?? { namespace: 'root', name: 'component' };
  const text = printed({ name, docs: {}, interfaces: new Map([[iface.name ?? fallback, iface]]), worlds: new Map() });
  return iface.package ? `// ${packageNameText(iface.package.name)}\n${text}` : text;
}

/** A component's world: what it imports and exports. */
export function worldText(world: World): string {
  return printed({ name: { namespace: 'root', name: 'component' }, docs: {}, interfaces: new Map(), worlds: new Map([[world.name, world]]) });
}
