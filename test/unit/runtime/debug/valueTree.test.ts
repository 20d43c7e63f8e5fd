// Values as the debugger's Variables view shows them (client/src/runtime/debug/valueTree.ts):
// jco values of every kind of WIT type, with their WAVE text, their type as written and their parts.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { findExport } from '../../../../client/src/component/worldItems';
import { valueNode } from '../../../../client/src/runtime/debug/valueTree';
import { TraceValues } from '../../../../client/src/trace/wave';
import type { Func, WitType } from '../../../../server/src/syntax/binary/witModel';
import { worldOf } from '../../../helpers/wasmComponents';

const WIT = `package test:debug@0.1.0;

interface t {
  record point { x: s32, y: s32, label: option<string> }
  variant shape { dot, circle(u32), poly(list<point>) }
  flags perms { read, write, exec }
  enum side { left, right }
  resource thing;
  type points = list<point>;

  all: func(p: point, s: shape, f: perms, e: side, pair: tuple<u8, string>, r: result<points, string>, o: option<option<u8>>, t: borrow<thing>);
}

world w { export t; }
`;

describe('values as nodes of the Variables view', () => {
  let params: Func['params'];
  const values = new TraceValues(40);
  const text = (value: unknown, ty: WitType) => values.value(value, ty);
  const node = (i: number, value: unknown) => valueNode(params[i].name, value, params[i].ty, text);
  before(async () => {
    const fn = findExport(await worldOf(WIT), 'all');
    assert.ok(typeof fn !== 'string', String(fn));
    params = fn.func.params;
  });

  test('a record: its fields, an option field absent from the text but a part', () => {
    assert.deepEqual(node(0, { x: 1, y: -2, label: undefined }), {
      name: 'p',
      type: 'point',
      value: '{x: 1, y: -2}',
      children: [
        { name: 'x', type: 's32', value: '1' },
        { name: 'y', type: 's32', value: '-2' },
        { name: 'label', type: 'option<string>', value: 'none' },
      ],
    });
  });

  test('variants: a case without payload has no parts; a payload is the part named by its case, nested all the way', () => {
    assert.deepEqual(node(1, { tag: 'dot' }), { name: 's', type: 'shape', value: 'dot' });
    assert.deepEqual(node(1, { tag: 'circle', val: 3 }), { name: 's', type: 'shape', value: 'circle(3)', children: [{ name: 'circle', type: 'u32', value: '3' }] });
    const poly = node(1, { tag: 'poly', val: [{ x: 0, y: 0, label: 'o' }] });
    assert.deepEqual(poly.children?.[0].children?.[0], {
      name: '[0]',
      type: 'point',
      value: '{x: 0, y: 0, label: some("o")}',
      children: [
        { name: 'x', type: 's32', value: '0' },
        { name: 'y', type: 's32', value: '0' },
        { name: 'label', type: 'option<string>', value: 'some("o")', children: [{ name: 'some', type: 'string', value: '"o"' }] },
      ],
    });
  });

  test('flags: every flag as a bool; an enum has no parts', () => {
    assert.deepEqual(node(2, { read: true, write: false, exec: true }), {
      name: 'f',
      type: 'perms',
      value: '{read, exec}',
      children: [
        { name: 'read', type: 'bool', value: 'true' },
        { name: 'write', type: 'bool', value: 'false' },
        { name: 'exec', type: 'bool', value: 'true' },
      ],
    });
    assert.deepEqual(node(3, 'right'), { name: 'e', type: 'side', value: 'right' });
  });

  test('tuples by position; results by their case; nested options by their tags; an empty list has no parts', () => {
    assert.deepEqual(node(4, [7, 'a b']), {
      name: 'pair',
      type: 'tuple<u8, string>',
      value: '(7, "a b")',
      children: [
        { name: '0', type: 'u8', value: '7' },
        { name: '1', type: 'string', value: '"a b"' },
      ],
    });
    assert.deepEqual(node(5, { tag: 'ok', val: [] }), { name: 'r', type: 'result<points, string>', value: 'ok([])', children: [{ name: 'ok', type: 'points', value: '[]' }] });
    assert.deepEqual(node(5, { tag: 'err', val: 'no' }), { name: 'r', type: 'result<points, string>', value: 'err("no")', children: [{ name: 'err', type: 'string', value: '"no"' }] });
    assert.deepEqual(node(6, { tag: 'some', val: undefined }), {
      name: 'o',
      type: 'option<option<u8>>',
      value: 'some(none)',
      children: [{ name: 'some', type: 'option<u8>', value: 'none' }],
    });
  });

  test('resources as the trace writes their handles; long values cut as in the trace; a value not of its type says so, without parts', () => {
    const thing = {};
    assert.deepEqual(node(7, thing), { name: 't', type: 'borrow<thing>', value: 'handle<thing>#1' });
    assert.deepEqual(node(7, thing).value, 'handle<thing>#1', 'the same object keeps its id');
    assert.equal(node(4, [1, 'x'.repeat(60)]).value, '(1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(27 more characters)');
    assert.deepEqual(node(0, 5), { name: 'p', type: 'point', value: '<invalid: expected a point value (as jco…(23 more characters)' });
  });
});
