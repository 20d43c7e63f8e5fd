// The canonical ABI's facts (client/src/component/canonicalAbi.ts) against the rules of
// design/mvp/CanonicalABI.md: flattening (payloads joined position by position), and the sizes
// of discriminants and flags. Real components depend on them in test/unit/scaffold/cWorld.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discriminantBytes, flagsBytes, flatTypes } from '../../../client/src/component/canonicalAbi';
import { newTypeDef, type TypeDefKind, type WitType } from '../../../server/src/syntax/binary/witModel';

const def = (kind: TypeDefKind): WitType => newTypeDef(kind, { kind: 'none' });

test('flattening: primitives, strings and lists, records and tuples, aliases', () => {
  assert.deepEqual(['bool', 'u8', 's32', 'char', 'u64', 's64', 'f32', 'f64', 'string'].map((t) => flatTypes(t as WitType)), [['i32'], ['i32'], ['i32'], ['i32'], ['i64'], ['i64'], ['f32'], ['f64'], ['i32', 'i32']]);
  assert.deepEqual(flatTypes(def({ kind: 'list', ty: 'f64' })), ['i32', 'i32']);
  const point = def({ kind: 'record', fields: [{ name: 'x', ty: 'f32', docs: {} }, { name: 'label', ty: 'string', docs: {} }] });
  assert.deepEqual(flatTypes(def({ kind: 'tuple', types: [point, 'u64'] })), ['f32', 'i32', 'i32', 'i64']);
  assert.deepEqual(flatTypes(def({ kind: 'type', ty: point })), ['f32', 'i32', 'i32']);
  assert.deepEqual(flatTypes(def({ kind: 'fixed-length-list', ty: 'u64', length: 3 })), ['i64', 'i64', 'i64']);
  assert.deepEqual(flatTypes(def({ kind: 'flags', flags: Array.from({ length: 32 }, (_, i) => ({ name: `f${i}`, docs: {} })) })), ['i32']);
});

test('flattening of variants: a discriminant, then the payloads joined (f32 with i32 is i32, anything else differing is i64)', () => {
  const variant = (...payloads: (WitType | undefined)[]) => flatTypes(def({ kind: 'variant', cases: payloads.map((ty, i) => ({ name: `c${i}`, ty, docs: {} })) }));
  assert.deepEqual(variant(undefined, undefined), ['i32']);
  assert.deepEqual(variant('f32', 'u32'), ['i32', 'i32']);
  assert.deepEqual(variant('f32', 'u64'), ['i32', 'i64']);
  assert.deepEqual(variant('f64', 'f32'), ['i32', 'i64']);
  assert.deepEqual(variant('f32', def({ kind: 'tuple', types: ['f32', 'f64', 'u8'] }), 'string'), ['i32', 'i32', 'i64', 'i32']);
  assert.deepEqual(flatTypes(def({ kind: 'option', ty: 'f64' })), ['i32', 'f64']);
  assert.deepEqual(flatTypes(def({ kind: 'result', ok: 'u64', err: 'string' })), ['i32', 'i64', 'i32']);
  assert.deepEqual(flatTypes(def({ kind: 'result' })), ['i32']);
});

test('the smallest integers: discriminants by the number of cases, flags by the number of flags', () => {
  assert.deepEqual([1, 2, 256, 257, 65536, 65537].map(discriminantBytes), [1, 1, 1, 2, 2, 4]);
  assert.deepEqual([1, 8, 9, 16, 17, 32].map(flagsBytes), [1, 1, 2, 2, 4, 4]);
});
