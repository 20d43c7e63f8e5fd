// Breakpoint conditions (client/src/runtime/debug/conditions.ts): clauses compared as canonical
// WAVE against the arguments' text, and the exact reason a condition cannot be evaluated.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { formatValue, type Param } from '../../../../client/src/component/wave';
import { findExport } from '../../../../client/src/component/worldItems';
import { compileCondition } from '../../../../client/src/runtime/debug/conditions';
import { worldOf } from '../../../helpers/wasmComponents';

const WIT = `package test:cond;

interface t {
  record opts { depth: u8, tags: list<string> }
  transform: func(input: string, mode: opts, %type: u32);
}

world w { export t; }
`;

describe('breakpoint conditions', () => {
  let params: Param[];
  /** Whether the condition holds for these arguments (jco values), or why it cannot be evaluated. */
  const check = (condition: string, args: unknown[]): boolean | string => {
    const c = compileCondition(condition, params);
    return c.ok ? c.holds((i) => formatValue(args[i], params[i].ty)) : c.message;
  };
  const call = ['a b', { depth: 2, tags: ['x', 'y && z'] }, 7];
  before(async () => {
    const fn = findExport(await worldOf(WIT), 'transform');
    assert.ok(typeof fn !== 'string');
    params = fn.func.params;
  });

  test('== and != on canonical WAVE: spacing, escapes and field order do not matter', () => {
    assert.equal(check('input == "a b"', call), true);
    assert.equal(check('input=="a\\u{20}b"', call), true);
    assert.equal(check('input == "ab"', call), false);
    assert.equal(check('input != "ab"', call), true);
    assert.equal(check('mode == { tags: ["x", "y && z"], depth: 2 }', call), true);
    assert.equal(check('mode == {depth: 2, tags: ["x"]}', call), false);
    assert.equal(check('%type == 7', call), true);
  });

  test('&& joins clauses (not inside a string)', () => {
    assert.equal(check('input == "a b" && type != 8', call), true);
    assert.equal(check('input == "a b" && type == 8', call), false);
    assert.equal(check('mode != {depth: 1, tags: []} && input == "a b"', call), true);
    assert.equal(check('input == "x && y"', ['x && y', call[1], 1]), true);
  });

  test('what cannot be evaluated, and why', () => {
    assert.equal(check('depth == 2', call), 'no parameter depth (the parameters: input, mode, type)');
    assert.equal(check('input == 3', call), 'input == 3: invalid value type');
    assert.equal(check('type == 1 &&', call), '`` is not `name == <WAVE value>` or `name != <WAVE value>`');
    assert.equal(check('input = "a b"', call), '`input = "a b"` is not `name == <WAVE value>` or `name != <WAVE value>`');
    assert.equal(check('type == 4294967296', call), 'type == 4294967296: invalid value');
  });
});
