/**
 * What the C generator (cWorld.ts) cannot implement in a world's exports, said with the export
 * and the type: resources (exported, or handles in signatures), async functions, futures,
 * streams, error-context, maps and fixed-length lists. Pure.
 */
import { typeName, worldKeyName } from '../../../server/src/syntax/binary/witNames';
import { funcItemName, funcResource, isTypeDef, typeParts, type Func, type World, type WitType } from '../../../server/src/syntax/binary/witModel';
import { resolveType } from '../component/wave';

/** Why the C generator cannot implement the world's exports, or undefined. */
export function unsupportedExport(world: World): string | undefined {
  for (const { key, item } of world.exports) {
    if (item.kind === 'function') {
      const message = unsupportedFunction(item.func, `\`${item.func.name}\``);
      if (message) return message;
    } else if (item.kind === 'interface') {
      const where = worldKeyName(key);
      // Freestanding functions first: they say best what uses a resource.
      const functions = [...item.iface.functions.values()].sort((a, b) => Number(!!funcResource(a)) - Number(!!funcResource(b)));
      for (const func of functions) {
        const resource = funcResource(func);
        const name = resource ? `${resource.name}.${funcItemName(func)}` : func.name;
        const message = resource ? resourceMessage(`\`${name}\` of \`${where}\``, resource.name!) : unsupportedFunction(func, `\`${name}\` of \`${where}\``);
        if (message) return message;
      }
      for (const type of item.iface.types.values()) {
        if (type.kind.kind === 'resource') return resourceMessage(`\`${where}\``, type.name!, 'defines');
      }
    }
  }
  return undefined;
}

function unsupportedFunction(func: Func, exportName: string): string | undefined {
  if (func.kind.kind.startsWith('async')) return `the C generator does not support async functions yet (export ${exportName} is async)`;
  for (const ty of [...func.params.map((p) => p.ty), ...(func.result !== undefined ? [func.result] : [])]) {
    const part = unsupportedPart(ty);
    if (!part) continue;
    if (part.resource !== undefined) return resourceMessage(exportName, part.resource);
    return `the C generator does not support ${part.what} yet (export ${exportName} uses \`${part.type}\`)`;
  }
  return undefined;
}

function resourceMessage(exportName: string, resource: string, verb = 'uses'): string {
  return `the C generator does not support resources yet (export ${exportName} ${verb} resource \`${resource}\`): choose JavaScript`;
}

/** The part of a type the C generator has no C for. */
function unsupportedPart(ty: WitType): { what: string; type: string; resource?: string } | undefined {
  const t = resolveType(ty);
  if (!isTypeDef(t)) return t === 'error-context' ? { what: 'error-context', type: t } : undefined;
  const k = t.kind;
  switch (k.kind) {
    case 'own':
    case 'borrow':
      return { what: 'resources', type: typeName(t), resource: k.resource.name! };
    case 'resource':
      return { what: 'resources', type: typeName(t), resource: t.name! };
    case 'future':
    case 'stream':
      return { what: 'futures and streams', type: typeName(t) };
    case 'map':
      return { what: 'maps', type: typeName(t) };
    case 'fixed-length-list':
      return { what: 'fixed-length lists', type: typeName(t) };
    default:
      return typeParts(k)
        .map((x) => unsupportedPart(x))
        .find((p) => p);
  }
}
