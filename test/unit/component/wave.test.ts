// WAVE (client/src/component/wave.ts): calls parsed against a decoded world and written back,
// or the exact error (wasm-wave's message and the range it points at), for every kind of type;
// arguments with and without parentheses; float and char writing as Rust (wasm-wave) does it;
// the JS names jco gives. The world comes from WIT through a component the bundled jco makes.
// The expectations follow wasm-wave's parser and its `tests/ui` conventions (`name(param: value)`
// for an accepted call, `message at start..end` for a rejected one).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { formatArgs, formatCall, formatFloat, formatValue, jsName, parseArgs, parseCall, parseValue, unsupportedPart } from '../../../client/src/component/wave';
import { findExport } from '../../../client/src/component/worldItems';
import type { Func, World } from '../../../server/src/syntax/binary/witModel';
import { worldOf } from '../../helpers/wasmComponents';

const WIT = `package test:wave@0.1.0;

interface t {
  record basic { need: u8, maybe: option<u8> }
  record all-optional { a: option<u8>, b: option<u8> }
  record keywords { true: bool, ok: result, none: option<u8>, inf: f32 }
  enum side { left, right }
  enum keyword-enum { true, false, some, none, ok, err, inf, nan }
  flags perms { read, write }
  variant message { empty, body(list<u8>), %err(string) }
  resource thing;

  nullary: func();
  %bool: func(x: bool);
  %u8: func(x: u8);
  %s8: func(x: s8);
  %u64: func(x: u64);
  %s64: func(x: s64);
  %f32: func(x: f32);
  %f64: func(x: f64);
  %char: func(x: char);
  %string: func(x: string);
  bytes: func(x: list<u8>);
  strings: func(x: list<string>);
  pair: func(x: tuple<u8, string>);
  rec-basic: func(x: basic);
  rec-optional: func(x: all-optional);
  rec-keywords: func(x: keywords);
  enum-side: func(x: side);
  enum-keywords: func(x: keyword-enum);
  flags-perms: func(x: perms);
  variant-message: func(x: message);
  maybe: func(x: option<u8>);
  maybe-maybe: func(x: option<option<u8>>);
  outcome: func(x: result<u8>);
  failure: func(x: result<_, string>);
  both: func(x: result<u8, string>);
  bare: func(x: result);
  two: func(a: u8, b: option<u8>);
  three: func(a: u8, b: u8, c: option<u8>);
  take: func(x: thing);
  give: func() -> thing;
}

world w {
  export t;
}
`;

let world: World;

before(async () => {
  world = await worldOf(WIT);
});

function funcNamed(name: string): Func {
  const f = findExport(world, name);
  if (typeof f === 'string') throw new Error(f);
  return f.func;
}

/** A call as wasm-wave's ui tests print it: `name(param: value, …)`, or the error. */
function check(call: string): string {
  const parsed = parseCall(call, (name) => {
    const f = findExport(world, name);
    return typeof f === 'string' ? f : f.func.params;
  });
  if (!parsed.ok) return parsed.error.toString();
  const { params } = funcNamed(parsed.value.name);
  return `${parsed.value.name}(${params.map((p, i) => `${p.name}: ${formatValue(parsed.value.args[i], p.ty)}`).join(', ')})`;
}

/** Each `input → expected` line of a table. */
function table(cases: string): void {
  for (const line of cases.trim().split('\n')) {
    const [input, expected] = line.split(' → ').map((s) => s.trim().replace(/⏎/g, '\n'));
    assert.equal(check(input), expected, input);
  }
}

describe('WAVE: values of every kind', () => {
  test('bools and integers', () => {
    table(`
      bool(true) → bool(x: true)
      bool(%true) → invalid value type at 5..10
      bool(1) → invalid value type at 5..6
      u8(0) → u8(x: 0)
      u8(255) → u8(x: 255)
      u8(256) → invalid value at 3..6
      u8(-0) → invalid value at 3..5
      u8(-1) → invalid value at 3..5
      u8(1.0) → invalid value at 3..6
      u8(1e2) → invalid value at 3..6
      u8(nan) → invalid value at 3..6
      u8(007) → unexpected token: Number at 4..5
      u8(true) → invalid value type at 3..7
      s8(-128) → s8(x: -128)
      s8(-0) → s8(x: 0)
      s8(128) → invalid value at 3..6
      u64(18446744073709551615) → u64(x: 18446744073709551615)
      u64(18446744073709551616) → invalid value at 4..24
      s64(-9223372036854775808) → s64(x: -9223372036854775808)
      s64(-9223372036854775809) → invalid value at 4..24
    `);
  });

  test('floats: JSON numbers, nan, inf, -inf; written as Rust prints them', () => {
    table(`
      f32(0.1) → f32(x: 0.1)
      f64(0.1) → f64(x: 0.1)
      f32(16777217) → f32(x: 16777216)
      f32(3.4028235e38) → f32(x: 340282350000000000000000000000000000000)
      f32(3.5e38) → f32(x: inf)
      f32(1e-46) → f32(x: 0)
      f64(1e400) → f64(x: inf)
      f64(-0.0) → f64(x: -0)
      f64(2.5E-3) → f64(x: 0.0025)
      f64(nan) → f64(x: nan)
      f64(-inf) → f64(x: -inf)
      f32(-nan) → invalid token at 4..5
      f32(NaN) → unexpected token: LabelOrKeyword at 5..6
      f64(INF) → invalid value type at 4..7
      f64(-infinity) → unexpected token: LabelOrKeyword at 8..13
      f64(1.) → invalid token at 5..6
      f64(.5) → invalid token at 4..5
      f64(+1) → invalid token at 4..5
      f64(1e) → unexpected token: LabelOrKeyword at 5..6
    `);
    assert.equal(formatFloat(1e21, 'f64'), '1000000000000000000000');
    assert.equal(formatFloat(1e-7, 'f64'), '0.0000001');
    assert.equal(formatFloat(0.1 + 0.2, 'f64'), '0.30000000000000004');
    assert.equal(formatFloat(5e-324, 'f64'), `0.${'0'.repeat(323)}5`);
    assert.equal(formatFloat(Math.fround(1e-45), 'f32'), `0.${'0'.repeat(44)}1`);
    assert.equal(formatFloat(Math.fround(0.3), 'f32'), '0.3');
    assert.equal(formatFloat(-123.5, 'f64'), '-123.5');
  });

  test('chars: one character or one escape', () => {
    table(`
      char('a') → char(x: 'a')
      char('🌊') → char(x: '🌊')
      char('\\u{1F30A}') → char(x: '🌊')
      char('\\u{0}') → char(x: '\\u{0}')
      char('\\u{7f}') → char(x: '\\u{7f}')
      char('\\u{a0}') → char(x: '\\u{a0}')
      char('\\u{301}') → char(x: '\\u{301}')
      char('\\'') → char(x: '\\'')
      char('"') → char(x: '\\"')
      char('\\t') → char(x: '\\t')
      char('') → invalid token at 5..6
      char('ab') → invalid token at 5..9
      char('abcde') → invalid token at 5..6
      char('\\z') → invalid token at 5..6
      char('\\n\\n') → invalid token at 5..6
      char('\\u{}') → invalid token at 5..6
      char('\\u{1234567}') → invalid token at 5..6
      char('\\u{110000}') → invalid character escape at 5..17
      char('\\u{DFFF}') → invalid character escape at 5..15
      char(') → invalid token at 5..6
      char(a') → invalid token at 6..7
      char('\\') → invalid token at 5..6
      char(''') → invalid token at 5..6
      char("a") → invalid value type at 5..8
    `);
  });

  test('strings: escapes, and multiline strings with their indentation rules', () => {
    table(`
      string("") → string(x: "")
      string("tab\\there, \\"quoted\\", back\\\\slash 🌊") → string(x: "tab\\there, \\"quoted\\", back\\\\slash 🌊")
      string("'") → string(x: "\\'")
      string("\\u{48}\\u{49}") → string(x: "HI")
      string("é\\u{301}") → string(x: "é\\u{301}")
      string("""⏎  two⏎    lines⏎  """) → string(x: "two\\n  lines")
      string("""⏎""") → string(x: "")
      string("""⏎⏎kept⏎⏎""") → string(x: "\\nkept\\n")
      string("""⏎a ""\\"" b⏎""") → string(x: "a \\"\\"\\"\\" b")
      string("\\u{d800}") → invalid character escape at 8..9
      string("ok \\u{110000}") → invalid character escape at 11..12
      string("\\u{ffffffff}") → invalid character escape at 8..9
      string("\\q") → invalid token at 7..8
      string("abc\\") → invalid token at 7..14
      string("a⏎") → invalid token at 7..9
      string(""") → invalid token at 7..10
      string("""x⏎""") → invalid multiline string: opening """ must be followed immediately by newline at 10..11
      string("""⏎x""") → invalid multiline string: closing """ must be on a line preceded only by spaces at 9..12
      string("""⏎x⏎  """) → invalid multiline string: lines must be indented at least as much as closing """ at 11..12
      string("""⏎\\j⏎""") → invalid character escape at 11..12
      string(hello) → invalid value type at 7..12
    `);
  });

  test('lists and tuples', () => {
    table(`
      bytes([]) → bytes(x: [])
      bytes([1, 2, 3,]) → bytes(x: [1, 2, 3])
      bytes([1 2]) → unexpected token: Number at 9..10
      bytes([1,,2]) → unexpected token: Comma at 9..10
      bytes([,]) → unexpected token: Comma at 7..8
      bytes([1, 256]) → invalid value at 10..13
      bytes(]) → unexpected token: BracketClose at 6..7
      bytes([) → unexpected token: ParenClose at 7..8
      bytes("ab") → invalid value type at 6..10
      strings(["a", "b"]) → strings(x: ["a", "b"])
      pair((1, "one")) → pair(x: (1, "one"))
      pair((1, "one",)) → pair(x: (1, "one"))
      pair((1)) → error converting Wasm value: expected 2 tuple elements; got 1 at 5..8
      pair(()) → empty tuple at 5..7
      pair([1, "one"]) → invalid value type at 5..15
    `);
  });

  test('records: fields in any order, options may be left out, `{:}` when all are', () => {
    table(`
      rec-basic({need: 1}) → rec-basic(x: {need: 1})
      rec-basic({maybe: some(2), need: 1,}) → rec-basic(x: {need: 1, maybe: some(2)})
      rec-basic({maybe: 2, need: 1}) → rec-basic(x: {need: 1, maybe: some(2)})
      rec-basic({%need: 1}) → rec-basic(x: {need: 1})
      rec-basic({need: 1, maybe: none}) → rec-basic(x: {need: 1})
      rec-basic({maybe: none}) → error converting Wasm value: missing field "need" at 10..23
      rec-basic({need: 1, need: 2}) → duplicate field: "need" at 20..24
      rec-basic({need: 1, extra: 2}) → error converting Wasm value: unknown field "extra" at 20..25
      rec-basic({need: 1,, maybe: 2}) → unexpected token: Comma at 19..20
      rec-basic({need 1}) → unexpected token: Number at 16..17
      rec-basic({}) → invalid value type at 10..12
      rec-optional({:}) → rec-optional(x: {:})
      rec-optional({ : }) → rec-optional(x: {:})
      rec-optional({a: none}) → rec-optional(x: {:})
      rec-optional({b: 3}) → rec-optional(x: {b: some(3)})
      rec-optional({:,}) → unexpected token: Comma at 15..16
      rec-keywords({true: false, ok: err, none: none, inf: inf}) → rec-keywords(x: {true: false, ok: err, inf: inf})
    `);
  });

  test('enums and variants: case labels, `%` before keywords, payloads in parentheses', () => {
    table(`
      enum-side(left) → enum-side(x: left)
      enum-side(%right) → enum-side(x: right)
      enum-side(up) → error converting Wasm value: unknown case "up" at 10..12
      enum-side(left(1)) → invalid value type at 10..17
      enum-side("left") → invalid value type at 10..16
      enum-keywords(%true) → enum-keywords(x: %true)
      enum-keywords(%nan) → enum-keywords(x: %nan)
      enum-keywords(true) → invalid value type at 14..18
      enum-keywords(none) → invalid value type at 14..18
      enum-keywords(some) → unexpected token: ParenClose at 18..19
      variant-message(empty) → variant-message(x: empty)
      variant-message(body([104, 105])) → variant-message(x: body([104, 105]))
      variant-message(%err("no")) → variant-message(x: %err("no"))
      variant-message(err("no")) → invalid value type at 16..25
      variant-message(body) → error converting Wasm value: missing payload for "body" case at 16..20
      variant-message(empty(1)) → error converting Wasm value: unexpected payload for "empty" case at 16..24
      variant-message(other) → error converting Wasm value: unknown case "other" at 16..21
      variant-message(body([1) → unexpected token: ParenClose at 23..24
    `);
  });

  test('options and results: explicit or flat payloads', () => {
    table(`
      maybe(some(1)) → maybe(x: some(1))
      maybe(1) → maybe(x: some(1))
      maybe(none) → maybe(x: none)
      maybe(some) → unexpected token: ParenClose at 10..11
      maybe(some()) → unexpected token: ParenClose at 11..12
      maybe(none()) → unexpected token: ParenOpen at 10..11
      maybe(some(none)) → invalid value type at 11..15
      maybe-maybe(some(none)) → maybe-maybe(x: some(none))
      maybe-maybe(some(5)) → maybe-maybe(x: some(some(5)))
      maybe-maybe(5) → invalid value type at 12..13
      outcome(ok(1)) → outcome(x: ok(1))
      outcome(1) → outcome(x: ok(1))
      outcome(err) → outcome(x: err)
      outcome(ok) → error converting Wasm value: missing payload for "ok" case at 8..10
      outcome(err(1)) → error converting Wasm value: unexpected payload for "err" case at 8..14
      outcome(ok()) → unexpected token: ParenClose at 11..12
      failure(ok) → failure(x: ok)
      failure(err("e")) → failure(x: err("e"))
      failure("e") → invalid value type at 8..11
      both(5) → both(x: ok(5))
      both(err) → error converting Wasm value: missing payload for "err" case at 5..8
      bare(ok) → bare(x: ok)
      bare(err) → bare(x: err)
      bare(ok(1)) → error converting Wasm value: unexpected payload for "ok" case at 5..10
    `);
  });

  test('flags: labels in braces, written in the order of the type', () => {
    table(`
      flags-perms({}) → flags-perms(x: {})
      flags-perms({write, read,}) → flags-perms(x: {read, write})
      flags-perms({%read}) → flags-perms(x: {read})
      flags-perms({read, read}) → duplicate flag: "read" at 19..23
      flags-perms({read, exec}) → error converting Wasm value: unknown case "exec" at 12..24
      flags-perms({read: true}) → invalid value type at 12..24
      flags-perms({:}) → invalid value type at 12..15
    `);
  });

  test('resources have no WAVE syntax', () => {
    assert.equal(check('take(1)'), 'error converting Wasm value: unsupported type thing (resource handles have no WAVE syntax) at 5..6');
    assert.equal(unsupportedPart(funcNamed('take').params[0].ty), 'unsupported type thing (resource handles have no WAVE syntax)');
    assert.equal(unsupportedPart(funcNamed('give').result!), 'unsupported type thing (resource handles have no WAVE syntax)');
    assert.equal(unsupportedPart(funcNamed('rec-basic').params[0].ty), undefined);
    const give = findExport(world, 'give');
    assert.ok(typeof give !== 'string' && give.unsupported?.includes('resource'));
  });

  test('comments, whitespace, trailing text and nesting depth', () => {
    table(`
      u8( // the answer⏎ 42 ) → u8(x: 42)
      u8(42 // no closing parenthesis ) → unexpected end of input at 33..33
      u8(1) x → trailing characters after value at 6..7
      u8(1)) → trailing characters after value at 5..6
      u8(@) → invalid token at 3..4
    `);
    const deep = `${'['.repeat(101)}${']'.repeat(101)}`;
    const r = parseValue(deep, funcNamed('bytes').params[0].ty);
    assert.ok(!r.ok);
    assert.equal(r.error.toString(), 'value nesting too deep at 99..100');
  });
});

describe('WAVE: calls and arguments', () => {
  test('function names: bare, interface-qualified, fully qualified; parameters as wasm-wave checks them', () => {
    table(`
      nullary() → nullary()
      t.nullary() → t.nullary()
      test:wave/t.nullary@0.1.0() → test:wave/t.nullary@0.1.0()
      test:wave/t.nullary() → test:wave/t.nullary()
      test:wave/t.nullary@0.2.0() → No exported func named \`test:wave/t.nullary@0.2.0\` in component. at 0..25
      other.nullary() → No exported func named \`other.nullary\` in component. at 0..13
      nullary(1) → invalid params: more param(s) than expected at 8..9
      u8() → invalid params: no params provided, but 1 required at 0..2
      two(1) → two(a: 1, b: none)
      two(1, 2) → two(a: 1, b: some(2))
      three(1) → invalid params: missing required param(s) at 7..8
      three(1, 2) → three(a: 1, b: 2, c: none)
      two 1 → unexpected token: Number at 4..5
      two → unexpected end of input at 3..3
      two() → invalid params: no params provided, but 2 required at 0..3
    `);
  });

  test('a call starts with the name', () => {
    assert.equal(check(' two(1)'), 'invalid token at 0..1');
  });

  test('arguments alone, with or without their parentheses; errors point into the text given', () => {
    const two = funcNamed('two').params;
    const pair = funcNamed('pair').params;
    assert.deepEqual(parseArgs('1, 2', two), { ok: true, value: [1, 2] });
    assert.deepEqual(parseArgs('(1, 2)', two), { ok: true, value: [1, 2] });
    assert.deepEqual(parseArgs(' ( 1 ) ', two), { ok: true, value: [1, undefined] });
    assert.deepEqual(parseArgs('1 // one', two), { ok: true, value: [1, undefined] });
    assert.deepEqual(parseArgs('1,', two), { ok: true, value: [1, undefined] });
    // One tuple parameter: `(1, "a")` is the tuple.
    assert.deepEqual(parseArgs('(1, "a")', pair), { ok: true, value: [[1, 'a']] });
    assert.deepEqual(parseArgs('', funcNamed('nullary').params), { ok: true, value: [] });
    const fail = (text: string, params = two) => {
      const r = parseArgs(text, params);
      return r.ok ? 'ok' : r.error.toString();
    };
    assert.equal(fail('1, x'), 'invalid value type at 3..4');
    assert.equal(fail('1, 2, 3'), 'invalid params: more param(s) than expected at 6..7');
    assert.equal(fail(''), 'invalid params: no params provided, but 2 required at 0..0');
    assert.equal(fail('300'), 'invalid value at 0..3');
    assert.equal(fail('"abc'), 'invalid token at 0..4');
    assert.equal(fail('1, 2)'), 'unexpected token: ParenClose at 4..5');
    assert.equal(fail('(1, 2'), 'unexpected end of input at 5..5');
    assert.equal(fail('1 2'), 'unexpected token: Number at 2..3');
    assert.equal(fail('1,', funcNamed('three').params), 'invalid params: missing required param(s) at 2..2');
    assert.equal(fail('(1)', funcNamed('three').params), 'invalid params: missing required param(s) at 2..3');
    assert.equal(fail('(1, x)'), 'invalid value type at 4..5');
  });

  test('writing calls and arguments', () => {
    const two = funcNamed('two').params;
    assert.equal(formatArgs([1, undefined], two), '1, none');
    assert.equal(formatCall('test:wave/t.two@0.1.0', [255, 3], two), 'test:wave/t.two@0.1.0(255, some(3))');
    assert.throws(() => formatArgs(['1', undefined], two), /expected a u8 value \(as jco represents it\), got "1"/);
  });

  test('JS values are what jco takes', () => {
    const value = (call: string) => {
      const r = parseCall(call, (name) => funcNamed(name).params);
      assert.ok(r.ok, call);
      return r.value.args[0];
    };
    assert.deepEqual(value('rec-basic({need: 1})'), { need: 1, maybe: undefined });
    assert.deepEqual(value('rec-keywords({true: true, ok: ok, inf: 1})'), { true: true, ok: { tag: 'ok', val: undefined }, none: undefined, inf: 1 });
    assert.deepEqual(value('flags-perms({write})'), { read: false, write: true });
    assert.deepEqual(value('variant-message(empty)'), { tag: 'empty' });
    assert.deepEqual(value('variant-message(body([1]))'), { tag: 'body', val: new Uint8Array([1]) });
    assert.deepEqual(value('maybe-maybe(none)'), { tag: 'none' });
    assert.deepEqual(value('maybe-maybe(some(none))'), { tag: 'some', val: undefined });
    assert.deepEqual(value('both(err("x"))'), { tag: 'err', val: 'x' });
    assert.equal(value('u64(5)'), 5n);
    assert.equal(value('char(\'\\u{1F30A}\')'), '🌊');
  });

  test('jco names', () => {
    assert.equal(jsName('write-all'), 'writeAll');
    assert.equal(jsName('HTTP-request-denied'), 'httpRequestDenied');
    assert.equal(jsName('a1-b2c'), 'a1B2c');
    assert.equal(jsName('get'), 'get');
  });
});
