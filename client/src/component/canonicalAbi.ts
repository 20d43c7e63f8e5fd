/**
 * Facts of the component model's canonical ABI (design/mvp/CanonicalABI.md) that code crossing
 * it needs: how a value is flattened into core values, the size of a variant's discriminant and
 * of flags, and how many flat values a function passes before going through memory. Pure.
 */
import { isTypeDef, type WitType } from '../../../server/src/syntax/binary/witModel';
import { resolveType } from './wave';

export type CoreType = 'i32' | 'i64' | 'f32' | 'f64';

/** More flat parameters than this are passed as a pointer to them in memory. */
export const MAX_FLAT_PARAMS = 16;
/** More flat results than this are returned as a pointer to them in memory. */
export const MAX_FLAT_RESULTS = 1;

/** `flatten_type`: the core values a value of the type is passed as. */
export function flatTypes(ty: WitType): CoreType[] {
  const t = resolveType(ty);
  if (!isTypeDef(t)) {
    switch (t) {
      case 's64':
      case 'u64':
        return ['i64'];
      case 'f32':
      case 'f64':
        return [t];
      case 'string':
        return ['i32', 'i32'];
      default:
        return ['i32'];
    }
  }
  const k = t.kind;
  switch (k.kind) {
    case 'list':
      return ['i32', 'i32'];
    case 'fixed-length-list':
      return Array.from({ length: k.length }, () => flatTypes(k.ty)).flat();
    case 'record':
      return k.fields.flatMap((f) => flatTypes(f.ty));
    case 'tuple':
      return k.types.flatMap(flatTypes);
    case 'variant':
      return ['i32', ...joinedPayloadTypes(k.cases.map((c) => c.ty))];
    case 'option':
      return ['i32', ...joinedPayloadTypes([undefined, k.ty])];
    case 'result':
      return ['i32', ...joinedPayloadTypes([k.ok, k.err])];
    default:
      // enum, flags, handles, futures, streams: one i32.
      return ['i32'];
  }
}

/** `flatten_variant` without its discriminant: the payloads' flat values joined position by position. */
export function joinedPayloadTypes(payloads: readonly (WitType | undefined)[]): CoreType[] {
  const joined: CoreType[] = [];
  for (const payload of payloads) {
    if (payload === undefined) continue;
    flatTypes(payload).forEach((ty, i) => {
      joined[i] = i < joined.length ? join(joined[i], ty) : ty;
    });
  }
  return joined;
}

function join(a: CoreType, b: CoreType): CoreType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

/** `discriminant_type`: the bytes of the smallest unsigned integer that numbers the cases. */
export function discriminantBytes(caseCount: number): 1 | 2 | 4 {
  return caseCount <= 1 << 8 ? 1 : caseCount <= 1 << 16 ? 2 : 4;
}

/** `elem_size_flags`: flags are a bit vector in the smallest unsigned integer that holds them (at most 32). */
export function flagsBytes(flagCount: number): 1 | 2 | 4 {
  return flagCount <= 8 ? 1 : flagCount <= 16 ? 2 : 4;
}
