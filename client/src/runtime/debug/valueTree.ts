/**
 * A jco value of a WIT type as the debugger's Variables view shows it (`ValueNode`): its WAVE
 * text, its type as written, and its parts — record fields, tuple and list elements, the
 * payload of a variant case, `some`, `ok` or `err`, each flag — as nodes of their own. The
 * text comes from the caller (the trace's formatting, so resources read `handle<type>#id`
 * there and here alike). A value without parts (a primitive, an enum, `none`, an empty list)
 * has no `children`. Pure.
 */
import { isTypeDef, type WitType } from '../../../../server/src/syntax/binary/witModel';
import { typeName } from '../../../../server/src/syntax/binary/witNames';
import { jsName, optionPayload, resolveType } from '../../component/wave';
import type { ValueNode } from './protocol';

/** Writes one value as WAVE (it must not throw: a value that does not fit its type is written as such). */
export type ValueText = (value: unknown, ty: WitType) => string;

export function valueNode(name: string, value: unknown, ty: WitType, text: ValueText): ValueNode {
  const node: ValueNode = { name, type: typeName(ty), value: text(value, ty) };
  let children: ValueNode[] | undefined;
  try {
    children = parts(value, ty, text);
  } catch {
    // A value that does not fit its type: its text says so, and it has no parts to show.
  }
  return children && children.length > 0 ? { ...node, children } : node;
}

function parts(value: unknown, ty: WitType, text: ValueText): ValueNode[] | undefined {
  const t = resolveType(ty);
  if (!isTypeDef(t)) return undefined;
  const k = t.kind;
  const payload = (label: string, val: unknown, payloadType: WitType | undefined) => (payloadType === undefined ? [] : [valueNode(label, val, payloadType, text)]);
  switch (k.kind) {
    case 'list':
    case 'fixed-length-list':
      return [...(value as Iterable<unknown>)].map((v, i) => valueNode(`[${i}]`, v, k.ty, text));
    case 'tuple': {
      const items = [...(value as Iterable<unknown>)];
      return k.types.map((ty, i) => valueNode(String(i), items[i], ty, text));
    }
    case 'record': {
      const obj = objectOf(value);
      return k.fields.map((f) => valueNode(f.name, obj[jsName(f.name)], f.ty, text));
    }
    case 'variant': {
      const { tag, val } = value as { tag: string; val?: unknown };
      return payload(tag, val, k.cases.find((c) => c.name === tag)?.ty);
    }
    case 'option': {
      const some = optionPayload(value, t);
      return some ? payload('some', some.val, k.ty) : [];
    }
    case 'result': {
      const { tag, val } = value as { tag: 'ok' | 'err'; val?: unknown };
      return payload(tag, val, tag === 'ok' ? k.ok : k.err);
    }
    case 'flags': {
      const obj = objectOf(value);
      return k.flags.map((f) => ({ name: f.name, type: 'bool', value: String(obj[jsName(f.name)] === true) }));
    }
    default:
      return undefined;
  }
}

/** jco's value of a record or flags; anything else does not fit the type (the caller shows no parts). */
function objectOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError('not an object');
  return value as Record<string, unknown>;
}
