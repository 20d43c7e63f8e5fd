/**
 * WIT text of a declaration, as hover and completion show it: the declaration's header and,
 * for records, variants, enums, flags and resources, their members (one per line).
 */
import { formatVersion } from '../syntax/semver';
import type * as ast from '../syntax/ast';
import { isKeyword, KEYWORDS } from '../syntax/tokens';
import type { Definition } from '../semantics/symbols';

const MAX_MEMBERS = 40;
const INDENT = '    ';

/** An identifier as it must be written (with `%` when it is a keyword). */
export function writeId(name: string): string {
  const kind = KEYWORDS.get(name);
  return kind !== undefined && isKeyword(kind) ? `%${name}` : name;
}

export function typeText(ty: ast.TypeExpr | undefined): string {
  if (!ty) return '_';
  switch (ty.kind) {
    case 'primitive':
      return ty.name;
    case 'name':
      return writeId(ty.id.name);
    case 'list':
      return `list<${typeText(ty.element)}${ty.size !== undefined ? `, ${ty.size}` : ''}>`;
    case 'map':
      return `map<${typeText(ty.key)}, ${typeText(ty.value)}>`;
    case 'handle':
      return `${ty.handle}<${ty.resource ? writeId(ty.resource.name) : '_'}>`;
    case 'tuple':
      return `tuple<${ty.types.map(typeText).join(', ')}>`;
    case 'option':
      return `option<${typeText(ty.element)}>`;
    case 'result':
      if (!ty.ok && !ty.err) return 'result';
      if (!ty.err) return `result<${typeText(ty.ok)}>`;
      return `result<${ty.ok ? typeText(ty.ok) : '_'}, ${typeText(ty.err)}>`;
    case 'future':
    case 'stream':
      return ty.element ? `${ty.kind}<${typeText(ty.element)}>` : ty.kind;
    case 'error':
      return '?';
  }
}

export function funcText(func: ast.Func | undefined, prefix = ''): string {
  if (!func) return `${prefix}func()`;
  const params = func.params.map((p) => `${writeId(p.name.name)}: ${typeText(p.type)}`).join(', ');
  return `${prefix}${func.async ? 'async ' : ''}func(${params})${func.result ? ` -> ${typeText(func.result)}` : ''}`;
}

function resourceFuncText(f: ast.ResourceFunc): string {
  if (f.kind === 'constructor') {
    const params = f.func.params.map((p) => `${writeId(p.name.name)}: ${typeText(p.type)}`).join(', ');
    return `constructor(${params})${f.func.result ? ` -> ${typeText(f.func.result)}` : ''}`;
  }
  return `${writeId(f.name.name)}: ${funcText(f.func, f.kind === 'static' ? 'static ' : '')}`;
}

export function attributesText(attributes: ast.Attribute[]): string[] {
  return attributes.map((a) => {
    switch (a.kind) {
      case 'since':
      case 'deprecated':
        return `@${a.kind}(version = ${a.version ? formatVersion(a.version) : '?'})`;
      case 'unstable':
        return `@unstable(feature = ${a.feature?.name ?? '?'})`;
      case 'external-id':
        return `@external-id(${JSON.stringify(a.id ?? '')})`;
    }
  });
}

function body(header: string, members: string[], separator: string): string {
  if (members.length === 0) return `${header} {}`;
  const shown = members.slice(0, MAX_MEMBERS).map((m) => `${INDENT}${m}${separator}`);
  if (members.length > MAX_MEMBERS) shown.push(`${INDENT}// … ${members.length - MAX_MEMBERS} more`);
  return `${header} {\n${shown.join('\n')}\n}`;
}

export function typeDeclText(decl: ast.TypeDecl): string {
  const name = writeId(decl.name?.name ?? '?');
  const ty = decl.type;
  switch (ty.kind) {
    case 'record':
      return body(`record ${name}`, ty.fields.map((f) => `${writeId(f.name.name)}: ${typeText(f.type)}`), ',');
    case 'variant':
      return body(`variant ${name}`, ty.cases.map((c) => (c.type ? `${writeId(c.name.name)}(${typeText(c.type)})` : writeId(c.name.name))), ',');
    case 'enum':
      return body(`enum ${name}`, ty.cases.map((c) => writeId(c.name.name)), ',');
    case 'flags':
      return body(`flags ${name}`, ty.flags.map((f) => writeId(f.name.name)), ',');
    case 'resource':
      return ty.funcs.length === 0 ? `resource ${name}` : body(`resource ${name}`, ty.funcs.map(resourceFuncText), ';');
    default:
      return `type ${name} = ${typeText(ty)}`;
  }
}

function usePathText(path: ast.UsePath | undefined): string {
  if (!path) return '?';
  if (path.kind === 'id') return writeId(path.id.name);
  const version = path.version ? `@${path.version.text}` : '';
  return `${path.namespace.name}:${path.packageName.name}/${path.name ? writeId(path.name.name) : '?'}${version}`;
}

/** The declaration of `def` as WIT, with its gates above it. */
export function declarationText(def: Definition): string {
  const node = def.node;
  const gated = (attributes: ast.Attribute[], text: string) => [...attributesText(attributes), text].join('\n');
  switch (node.kind) {
    case 'package':
      return `package ${def.name}`;
    case 'interface':
      if ('attributes' in node.decl) return gated(node.decl.attributes, `interface ${writeId(def.name)}`);
      return gated(node.item?.attributes ?? [], `${node.item?.kind ?? 'import'} ${writeId(def.name)}: interface { … }`);
    case 'world':
      return gated(node.decl.attributes, `world ${writeId(def.name)}`);
    case 'type':
      return gated(node.decl.attributes, typeDeclText(node.decl));
    case 'function': {
      const decl = node.decl;
      if ('func' in decl && decl.kind === 'func' && 'attributes' in decl) return gated(decl.attributes, `${writeId(def.name)}: ${funcText(decl.func)}`);
      if (decl.kind === 'method' || decl.kind === 'static' || decl.kind === 'constructor') {
        return gated(decl.attributes, `${def.container ? `// in resource ${writeId(def.container.name)}\n` : ''}${resourceFuncText(decl)}`);
      }
      return gated(node.item?.attributes ?? [], `${node.item?.kind ?? 'import'} ${writeId(def.name)}: ${funcText(decl.func)}`);
    }
    case 'field':
      return `${writeId(def.name)}: ${typeText(node.field.type)}`;
    case 'case':
      return 'type' in node.variantCase && node.variantCase.type
        ? `${writeId(def.name)}(${typeText(node.variantCase.type)})`
        : writeId(def.name);
    case 'flag':
      return writeId(def.name);
    case 'param':
      return `${writeId(def.name)}: ${typeText(node.param.type)}`;
    case 'named-path':
      return gated(node.item.attributes, `${node.item.kind} ${writeId(def.name)}: ${usePathText(node.extern.path)}`);
    case 'use': {
      const use = node.use;
      if ('names' in use) {
        const n = node.name;
        const inner = n ? `${writeId(n.name.name)}${n.as ? ` as ${writeId(n.as.name)}` : ''}` : '';
        return `use ${usePathText(use.from)}.{${inner}}`;
      }
      return `use ${usePathText(use.path)}${use.as ? ` as ${writeId(use.as.name)}` : ''}`;
    }
  }
}
