import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from '../../../server/src/syntax/parser';
import { dumpTree } from '../../helpers/dumpTree';
import { fixturesDir } from '../../helpers/paths';
import { matchSnapshot } from '../../helpers/snapshot';

const syntaxDir = join(fixturesDir, 'syntax');

describe('parser snapshots', () => {
  for (const name of readdirSync(syntaxDir).filter((n) => n.endsWith('.wit'))) {
    test(name, () => {
      const text = readFileSync(join(syntaxDir, name), 'utf8');
      const file = parse(text);
      assert.equal(file.tokens.map((t) => text.slice(t.start, t.end)).join(''), text, 'tokens cover the text exactly');
      matchSnapshot(join(syntaxDir, name.replace(/\.wit$/, '.tree')), dumpTree(file));
    });
  }
});

function errorsOf(text: string): string[] {
  return parse(text).errors.map((e) => `${text.slice(0, e.start).split('\n').length}:${e.start - text.lastIndexOf('\n', e.start - 1)} ${e.message}`);
}

describe('parser errors follow wit-parser', () => {
  const cases: [string, string, string[]][] = [
    ['missing item keyword', 'package a:b;\nfoo', ['2:1 expected `world`, `interface` or `use`, found an identifier']],
    ['interface item', 'package a:b;\ninterface i { include x; }', ['2:15 expected `type`, `resource` or `func`, found keyword `include`']],
    ['world item', 'package a:b;\nworld w { type = u32; }', ['2:16 expected an identifier or string, found \'=\'']],
    ['eof in interface', 'package a:b;\ninterface i {\n', ['3:1 expected `type`, `resource` or `func`, found eof']],
    ['fixed-length size', 'package a:b;\ninterface i { type t = list<u32, u32>; }', ['2:34 expected fixed-length, found keyword `u32`']],
    ['list size overflow', 'package a:b;\ninterface i { type t = list<u32, 4294967296>; }', ['2:34 invalid list size: number too large to fit in target type']],
    ['keyword as name', 'package a:b;\ninterface i { type option = u32; }', ['2:20 expected an identifier or string, found keyword `option`']],
    ['include with id', 'package a:b;\nworld w { include x with { a:b as c } }', ['2:29 expected keyword `as`, found \':\'']],
    ['async constructor', 'package a:b;\ninterface i { resource r { async constructor(); } }', ['2:28 expected `constructor` or identifier, found keyword `async`']],
    ['unknown attribute', 'package a:b;\n@foo\ninterface i {}', ['2:2 unknown attribute `foo`']],
    ['attribute argument', 'package a:b;\n@since(feature = x)\ninterface i {}', ['2:8 expected `version`, found `feature`']],
    ['attributes on nested package', 'package a:b;\n@since(version = 1.0.0)\npackage c:d {}', ['3:1 cannot place attributes on nested packages']],
    ['second package header', 'package a:b;\npackage c:d;', ["2:12 expected '{', found ';'"]],
    ['bad version', 'package a:b@1.0.0-01;', ['1:13 invalid leading zero in pre-release identifier']],
    ['invalid identifier', 'package a:b;\ninterface Bad {}', ["2:11 invalid character in identifier 'a'"]],
    ['empty explicit identifier', 'package a:b;\ninterface % {}', ["2:11 identifiers must have characters between '-'s"]],
    ['unexpected character', 'package a:b;\ninterface i { $ }', ["2:15 unexpected character '$'"]],
    ['unterminated comment', 'package a:b;\n/* open', ['2:1 unterminated block comment']],
    ['bidi override', 'package a:b;\n// \u202e', ['2:4 Input contains bidirectional override codepoint "\\u{202e}"']],
    ['control code', 'package a:b;\n\u0007', ["2:1 Control code '\\u{7}'"]],
    ['string escape', 'package a:b;\n@external-id("\\q")\ninterface i {}', ["2:16 invalid string escape 'q'"]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(errorsOf(text), expected));
  }

  test('type nesting is limited to 100 levels', () => {
    const deep = `package a:b;\ninterface i { type t = ${'list<'.repeat(101)}u8${'>'.repeat(101)}; }`;
    const errors = parse(deep).errors;
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.message, 'type nesting too deep');
    assert.equal(deep.slice(errors[0]!.start, errors[0]!.end), 'list');
    assert.equal(errors[0]!.start, deep.indexOf('list<') + 100 * 'list<'.length);
  });

  test('package nesting is limited to 100 levels', () => {
    const deep = `${'package a:b {\n'.repeat(101)}${'}\n'.repeat(101)}`;
    const errors = parse(deep).errors;
    assert.deepEqual(errors.map((e) => e.message), ['package nesting too deep']);
    assert.equal(errors[0]!.start, 100 * 'package a:b {\n'.length);
  });
});

describe('recovery', () => {
  test('every independent error of a file is reported, in order', () => {
    const text = readFileSync(join(syntaxDir, 'broken-statements.wit'), 'utf8');
    assert.deepEqual(errorsOf(text), [
      "6:5 expected '}', found an identifier",
      '7:5 expected fixed-length, found an identifier',
      "9:15 expected ';', found an integer",
      "10:22 expected a type, found ')'",
      "12:3 expected ';', found an identifier",
      "16:5 expected ';', found an identifier",
      "18:25 expected a type, found ','",
      "24:3 expected ';', found keyword `export`",
      "28:1 expected an identifier or string, found '}'",
      "31:20 expected '>', found ';'",
    ]);
  });

  test('items after an error are kept in the tree', () => {
    const file = parse(readFileSync(join(syntaxDir, 'broken-statements.wit'), 'utf8'));
    const names = file.items.map((i) => (i.kind === 'interface' || i.kind === 'world' ? i.name?.name : i.kind));
    assert.deepEqual(names, ['i', 'w', 'j']);
    const i = file.items[0]!;
    assert.ok(i.kind === 'interface');
    assert.deepEqual(
      i.items.map((m) => (m.kind === 'func' ? m.name.name : m.kind === 'type' ? m.name?.name : m.kind)),
      ['r', 't', 'f', 'g', 'h', 'res', 'v'],
    );
    const j = file.items[2]!;
    assert.ok(j.kind === 'interface');
    assert.deepEqual(j.items.map((m) => (m.kind === 'func' ? m.name.name : m.kind === 'type' ? m.name?.name : m.kind)), ['q', 'ok']);
  });

  test('a missing comma between record fields keeps both fields', () => {
    const file = parse('package a:b;\ninterface i { record r { a: u32 b: u64 } }');
    const i = file.items[0]!;
    assert.ok(i.kind === 'interface' && i.items[0]!.kind === 'type' && i.items[0]!.type.kind === 'record');
    assert.deepEqual(i.items[0]!.type.fields.map((f) => f.name.name), ['a', 'b']);
    assert.deepEqual(file.errors.map((e) => e.message), ["expected '}', found an identifier"]);
  });
});
