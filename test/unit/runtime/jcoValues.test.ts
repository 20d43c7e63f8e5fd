// WAVE values against jco's real bindings: a component exports `echo` functions of every kind
// of type that pass their argument to the same function imported from the host (a core module
// generated here forwards the flat values and pointers) and return what it returns; the host's
// function gives the value back. So each value goes JS → wasm (lowering) → JS (lifting) → wasm
// → JS. The JS values parsed from WAVE must be what jco lifts (same shapes, typed arrays,
// bigints…) and format back to the same WAVE.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { formatValue, jsName, parseValue } from '../../../client/src/component/wave';
import { exportedFunctions } from '../../../client/src/component/worldItems';
import { callExport, exportAt } from '../../../client/src/runtime/invoke';
import { instantiate, transpile, type Exports } from '../../../client/src/runtime/transpiled';
import { jcoDir } from '../../../client/src/toolchains/jco';
import type { Func } from '../../../server/src/syntax/binary/witModel';
import { WAT_MEMORY, componentFromWat, coreSignature, watSignature, worldOf } from '../../helpers/wasmComponents';

const ECHO_WIT = `package test:echo;

interface types {
  record point { x-pos: s32, y-pos: s32, label: option<string> }
  variant shape { unit-circle, rect(tuple<f32, f32>), named(string), %ok(u8) }
  enum mode { fast, %none, very-slow }
  flags perms { read, write-all, %err }
  flags many { f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31 }
  type bytes = list<u8>;
}

interface echo {
  use types.{point, shape, mode, perms, many, bytes};
  e-bool: func(x: bool) -> bool;
  e-s8: func(x: s8) -> s8;
  e-u8: func(x: u8) -> u8;
  e-s16: func(x: s16) -> s16;
  e-u16: func(x: u16) -> u16;
  e-s32: func(x: s32) -> s32;
  e-u32: func(x: u32) -> u32;
  e-s64: func(x: s64) -> s64;
  e-u64: func(x: u64) -> u64;
  e-f32: func(x: f32) -> f32;
  e-f64: func(x: f64) -> f64;
  e-char: func(x: char) -> char;
  e-string: func(x: string) -> string;
  e-bytes: func(x: bytes) -> bytes;
  e-list-u16: func(x: list<u16>) -> list<u16>;
  e-list-s32: func(x: list<s32>) -> list<s32>;
  e-list-u64: func(x: list<u64>) -> list<u64>;
  e-list-s64: func(x: list<s64>) -> list<s64>;
  e-list-f32: func(x: list<f32>) -> list<f32>;
  e-list-f64: func(x: list<f64>) -> list<f64>;
  e-list-bool: func(x: list<bool>) -> list<bool>;
  e-list-string: func(x: list<string>) -> list<string>;
  e-list-list: func(x: list<list<s8>>) -> list<list<s8>>;
  e-tuple: func(x: tuple<u8, string, f64>) -> tuple<u8, string, f64>;
  e-point: func(x: point) -> point;
  e-shapes: func(x: list<shape>) -> list<shape>;
  e-mode: func(x: mode) -> mode;
  e-perms: func(x: perms) -> perms;
  e-many: func(x: many) -> many;
  e-option: func(x: option<u8>) -> option<u8>;
  e-option-option: func(x: option<option<string>>) -> option<option<string>>;
  e-option-result: func(x: option<result<u8, string>>) -> option<result<u8, string>>;
  e-result: func(x: result<u32, string>) -> result<u32, string>;
  e-result-err-only: func(x: result<_, mode>) -> result<_, mode>;
  e-result-bare: func(x: result) -> result;
  e-many-params: func(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64, h: u64, i: u64, j: u64, k: u64, l: u64, m: u64, n: u64, o: u64, p: u64, q: u64) -> u64;
}

world echoes {
  import echo;
  export echo;
}
`;

/** Canonical WAVE values per function (what formatValue writes back). */
const CASES: Record<string, string[]> = {
  'e-bool': ['true', 'false'],
  'e-s8': ['-128', '127'],
  'e-u8': ['0', '255'],
  'e-s16': ['-32768'],
  'e-u16': ['65535'],
  'e-s32': ['-2147483648'],
  'e-u32': ['4294967295'],
  'e-s64': ['-9223372036854775808', '9223372036854775807'],
  'e-u64': ['18446744073709551615'],
  'e-f32': ['340282350000000000000000000000000000000', '-0.1', 'nan', 'inf', '-inf', '-0', '0.000000000000000000000000000000000000000000001'],
  'e-f64': ['0.1', `-17976931348623157${'0'.repeat(292)}`, '0.000001', '1000000000000000000000'],
  'e-char': ["'x'", "'🌊'", "'\\''", "'\\u{0}'", "'\\n'"],
  'e-string': ['""', '"WAVE 🌊 \\"quoted\\" \\\\ \\t tab"', '"é\\u{301}"'],
  'e-bytes': ['[]', '[0, 1, 255]'],
  'e-list-u16': ['[1, 65535]'],
  'e-list-s32': ['[-1, 2]'],
  'e-list-u64': ['[18446744073709551615, 0]'],
  'e-list-s64': ['[-1]'],
  'e-list-f32': ['[0.5, nan, -inf]'],
  'e-list-f64': ['[0.1, 2.5]'],
  'e-list-bool': ['[true, false]'],
  'e-list-string': ['["a", ""]'],
  'e-list-list': ['[[], [-1, 1]]'],
  'e-tuple': ['(7, "seven", 7.5)'],
  'e-point': ['{x-pos: 1, y-pos: -2}', '{x-pos: 0, y-pos: 0, label: some("origin")}'],
  'e-shapes': ['[unit-circle, rect((1.5, 2)), named("n"), %ok(3)]'],
  'e-mode': ['fast', '%none', 'very-slow'],
  'e-perms': ['{}', '{read, write-all, err}'],
  'e-many': ['{f0, f15, f31}'],
  'e-option': ['none', 'some(0)'],
  'e-option-option': ['none', 'some(none)', 'some(some("x"))'],
  'e-option-result': ['none', 'some(ok(1))', 'some(err("e"))'],
  'e-result': ['ok(5)', 'err("bad")'],
  'e-result-err-only': ['ok', 'err(very-slow)'],
  'e-result-bare': ['ok', 'err'],
};

/** The JS value jco gives for some of them: the conventions the runner and the UI rely on. */
const JS_SHAPES: [string, string, unknown][] = [
  ['e-u64', '18446744073709551615', 18446744073709551615n],
  ['e-bytes', '[0, 1, 255]', new Uint8Array([0, 1, 255])],
  ['e-list-u16', '[1, 65535]', new Uint16Array([1, 65535])],
  ['e-list-s64', '[-1]', new BigInt64Array([-1n])],
  ['e-list-f32', '[0.5, nan, -inf]', new Float32Array([0.5, NaN, -Infinity])],
  ['e-list-bool', '[true, false]', [true, false]],
  ['e-tuple', '(7, "seven", 7.5)', [7, 'seven', 7.5]],
  ['e-point', '{x-pos: 1, y-pos: -2}', { xPos: 1, yPos: -2, label: undefined }],
  ['e-shapes', '[unit-circle, rect((1.5, 2)), %ok(3)]', [{ tag: 'unit-circle' }, { tag: 'rect', val: [1.5, 2] }, { tag: 'ok', val: 3 }]],
  ['e-mode', 'very-slow', 'very-slow'],
  ['e-perms', '{write-all}', { read: false, writeAll: true, err: false }],
  ['e-option', 'none', undefined],
  ['e-option', 'some(0)', 0],
  ['e-option-option', 'some(none)', { tag: 'some', val: undefined }],
  ['e-option-option', 'none', { tag: 'none' }],
  ['e-option-result', 'some(err("e"))', { tag: 'err', val: 'e' }],
  ['e-result', 'err("bad")', { tag: 'err', val: 'bad' }],
];

/** A core module whose `echo` exports call the `echo` imports with the same flat values (and return their return area). */
function forwarderWat(funcs: Func[]): string {
  const body = funcs.map((f, i) => {
    const imported = coreSignature(f, 'import');
    const exported = coreSignature(f, 'export');
    const retptr = imported.params.length > exported.params.length;
    const args = exported.params.map((_, p) => `(local.get ${p})`).join(' ');
    return `
  (import "test:echo/echo" "${f.name}" (func $i${i} ${watSignature(imported)}))
  (func (export "test:echo/echo#${f.name}") ${watSignature(exported)}
    (call $i${i} ${args}${retptr ? ' (i32.const 1024)' : ''})${retptr ? ' (i32.const 1024)' : ''})`;
  });
  // Imports come first in a module.
  const imports = body.map((b) => b.slice(0, b.indexOf('(func (export')));
  const exports = body.map((b) => b.slice(b.indexOf('(func (export')));
  return `(module${imports.join('')}\n${WAT_MEMORY}\n${exports.join('\n')})`;
}

describe('WAVE values through jco bindings', () => {
  let funcs: Map<string, Func>;
  let exports: Exports;

  before(async () => {
    const world = await worldOf(ECHO_WIT);
    const exported = exportedFunctions(world);
    funcs = new Map(exported.map((f) => [f.func.name, f.func]));
    const component = await componentFromWat(ECHO_WIT, forwarderWat(exported.map((f) => f.func)));
    const echo: Record<string, (x: unknown) => unknown> = {};
    for (const f of funcs.values()) {
      const returnsResult = f.result !== undefined && /^e-result/.test(f.name);
      // A host function returning `result` returns the ok payload or throws the err payload.
      echo[jsName(f.name)] = returnsResult
        ? (x) => {
            const r = x as { tag: string; val: unknown };
            if (r.tag === 'err') throw r.val;
            return r.val;
          }
        : (...args: unknown[]) => (args.length === 1 ? args[0] : (args as bigint[]).reduce((a, b) => a + b, 0n));
    }
    exports = await instantiate(await transpile(component, jcoDir()), { 'test:echo/echo': echo });
  });

  const call = async (name: string, args: unknown[]) => {
    const func = funcs.get(name);
    assert.ok(func, name);
    const fn = exportAt(exports, ['test:echo/echo', jsName(name)]);
    assert.ok(fn, `jco exports ${name}`);
    const outcome = await callExport(fn, func, args);
    if (outcome.kind === 'trapped') assert.fail(`${name} trapped: ${outcome.message}`);
    return { func, value: outcome.value };
  };

  for (const [name, values] of Object.entries(CASES)) {
    test(`${name} round-trips`, async () => {
      for (const wave of values) {
        const func = funcs.get(name);
        assert.ok(func?.result, name);
        const parsed = parseValue(wave, func.params[0].ty);
        assert.ok(parsed.ok, `${wave}: ${parsed.ok ? '' : parsed.error.toString()}`);
        const { value } = await call(name, [parsed.value]);
        assert.deepEqual(value, parsed.value, `${wave}: what jco lifts is what WAVE parsing gives`);
        assert.equal(formatValue(value, func.result), wave);
      }
    });
  }

  test('jco shapes: bigints, typed arrays, camelCase records and flags, tagged variants, nested options', async () => {
    for (const [name, wave, js] of JS_SHAPES) {
      const func = funcs.get(name)!;
      const parsed = parseValue(wave, func.params[0].ty);
      assert.ok(parsed.ok);
      const { value } = await call(name, [parsed.value]);
      assert.deepEqual(value, js, `${name}(${wave})`);
    }
  });

  test('more than 16 flat parameters go through memory', async () => {
    const { value } = await call('e-many-params', Array.from({ length: 17 }, (_, i) => BigInt(i)));
    assert.equal(value, 136n);
  });
});
