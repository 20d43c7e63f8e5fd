/**
 * How WIT names items of the decoded model (witModel.ts) in text: interfaces by id, world
 * imports and exports by the name a component gives them, types as WIT spells them.
 */
import { formatVersion } from '../semver';
import { isTypeDef, type Interface, type WitType, type WorldKey } from './witModel';

/** `ns:pkg/name@version` of a named interface of a package; the plain name of one without a package. */
export function interfaceId(iface: Interface): string {
  if (!iface.name) return '';
  if (!iface.package) return iface.name;
  const { namespace, name, version } = iface.package.name;
  return `${namespace}:${name}/${iface.name}${version ? `@${formatVersion(version)}` : ''}`;
}

/** The name of an import or export: `wasi:cli/stdout@0.2.3` for an interface by id, else its plain name (`log`). */
export function worldKeyName(key: WorldKey): string {
  return key.kind === 'name' ? key.name : interfaceId(key.iface);
}

/** A type as written where it is used. */
export function typeName(ty: WitType): string {
  if (!isTypeDef(ty)) return ty;
  if (ty.name !== undefined) return ty.name;
  const k = ty.kind;
  switch (k.kind) {
    case 'list':
      return `list<${typeName(k.ty)}>`;
    case 'fixed-length-list':
      return `list<${typeName(k.ty)}, ${k.length}>`;
    case 'map':
      return `map<${typeName(k.key)}, ${typeName(k.value)}>`;
    case 'option':
      return `option<${typeName(k.ty)}>`;
    case 'result':
      if (!k.ok && !k.err) return 'result';
      if (!k.err) return `result<${typeName(k.ok as WitType)}>`;
      return `result<${k.ok ? typeName(k.ok) : '_'}, ${typeName(k.err)}>`;
    case 'tuple':
      return `tuple<${k.types.map(typeName).join(', ')}>`;
    case 'own':
      return typeName(k.resource);
    case 'borrow':
      return `borrow<${typeName(k.resource)}>`;
    case 'future':
    case 'stream':
      return k.ty ? `${k.kind}<${typeName(k.ty)}>` : k.kind;
    case 'type':
      return typeName(k.ty);
    default:
      return k.kind;
  }
}
