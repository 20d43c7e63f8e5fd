import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { formatDocument, formatRange, formatText, type FormattingOptions, type TextEdit } from '../../../server/src/features/formatting';
import { analyzeRoot } from '../../../server/src/semantics/analyze';
import { MemoryFileSystem } from '../../../server/src/semantics/memoryFileSystem';
import { tokenize } from '../../../server/src/syntax/lexer';
import { parse } from '../../../server/src/syntax/parser';
import { TokenKind } from '../../../server/src/syntax/tokens';
import { conformanceDir, repoRoot } from '../../helpers/paths';

/** A fixture written indented in the test: the first line break and the common indentation go. */
function src(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

function applyEdits(text: string, edits: TextEdit[]): string {
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end <= edits[i]!.start, 'edits are ordered and do not overlap');
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The fixtures below are written with four-space indentation, as WIT.md writes WIT. */
const FOUR_SPACES: FormattingOptions = { indent: '    ' };

/** Formats through the edits of `formatDocument`, checking them against `formatText`. */
function format(text: string, options: FormattingOptions = FOUR_SPACES): string {
  const file = parse(text);
  assert.deepEqual(file.errors, [], 'the fixture parses');
  const out = applyEdits(text, formatDocument(file, options));
  assert.equal(out, formatText(file, options));
  assert.equal(applyEdits(out, formatDocument(parse(out), options)), out, 'formatting is idempotent');
  return out;
}

/** Asserts that `input` formats to `expected`, and that `expected` is left as it is. */
function check(input: string, expected: string, options: FormattingOptions = FOUR_SPACES): void {
  assert.equal(format(input, options), expected);
  assert.deepEqual(formatDocument(parse(expected), options), []);
}

test('without options, the indentation is the reference printer\'s two spaces', () => {
  assert.equal(
    formatText(parse('package a:b;\ninterface i {\nrecord r { a: u32 }\n}\n')),
    'package a:b;\n\ninterface i {\n  record r {\n    a: u32,\n  }\n}\n',
  );
});

/** The significant tokens (trailing commas before a closing bracket left out) and the comments. */
function shape(text: string): { significant: string[]; comments: string[] } {
  const significant: string[] = [];
  const comments: string[] = [];
  const tokens = tokenize(text).tokens.filter((t) => t.kind !== TokenKind.Whitespace && t.kind !== TokenKind.Eof);
  const closers = new Set([TokenKind.RightParen, TokenKind.RightBrace, TokenKind.GreaterThan]);
  tokens.forEach((t, i) => {
    const value = text.slice(t.start, t.end);
    if (t.kind === TokenKind.Comment) return void comments.push(value);
    if (t.kind === TokenKind.Comma) {
      const next = tokens.slice(i + 1).find((n) => n.kind !== TokenKind.Comment);
      if (next && closers.has(next.kind)) return;
    }
    significant.push(value);
  });
  return { significant, comments };
}

const OFFSETS = new Set(['start', 'end', 'span', 'range', 'keyword', 'packageSpan', 'body', 'paramsRange', 'versionRange', 'tokens', 'text']);
/** The syntax tree without its offsets: names, structure, docs (comment texts), attributes. */
function structure(text: string): string {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k]) => !OFFSETS.has(k)).map(([k, x]) => [k, strip(x)]))
        : typeof v === 'bigint'
          ? String(v)
          : v;
  return JSON.stringify(strip(parse(text)));
}

function witFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? witFiles(path) : name.endsWith('.wit') ? [path] : [];
    });
}

describe('formatting: constructs', () => {
  test('package header, interface, world; spacing around tokens', () => {
    check(
      src(`
        package   a:b@1.0.0 ;
        interface i{f:func(a:u32,b:string)->list<u8>;}
        world   w{import i ;export  i ;}
      `),
      src(`
        package a:b@1.0.0;

        interface i {
            f: func(a: u32, b: string) -> list<u8>;
        }

        world w {
            import i;

            export i;
        }
      `),
    );
  });

  test('type expressions', () => {
    check(
      src(`
        interface types {
          type a = list< u8 >;
          type b = list<u8,4>;
          type c = option<  string>;
          type d = result;
          type e = result<u32>;
          type f = result< _ , string >;
          type g = result<u32,string>;
          type h = tuple< u32 , string , >;
          type i = tuple<>;
          type j = map< string , list<tuple<u8,u16>> >;
          type k = future;
          type l = future<u32>;
          type m = stream<u8>;
          type n = borrow< res >;
          type o = own<res>;
          type p = error-context;
          type q = bool;
          resource res;
        }
      `),
      src(`
        interface types {
            type a = list<u8>;

            type b = list<u8, 4>;

            type c = option<string>;

            type d = result;

            type e = result<u32>;

            type f = result<_, string>;

            type g = result<u32, string>;

            type h = tuple<u32, string>;

            type i = tuple<>;

            type j = map<string, list<tuple<u8, u16>>>;

            type k = future;

            type l = future<u32>;

            type m = stream<u8>;

            type n = borrow<res>;

            type o = own<res>;

            type p = error-context;

            type q = bool;

            resource res;
        }
      `),
    );
  });

  test('records, variants, enums and flags: one member per line, trailing commas', () => {
    check(
      src(`
        interface i {
          record point { x: u32, y : u32 }
          record r {
            a: u32,

            b: u32
          }
          variant v { a, b(u32), c(list<u8>) }
          enum e { x, y, }
          flags f { read
          , write }
          record empty {}
        }
      `),
      src(`
        interface i {
            record point {
                x: u32,
                y: u32,
            }

            record r {
                a: u32,

                b: u32,
            }

            variant v {
                a,
                b(u32),
                c(list<u8>),
            }

            enum e {
                x,
                y,
            }

            flags f {
                read,
                write,
            }

            record empty {
            }
        }
      `),
    );
  });

  test('resources and functions', () => {
    check(
      src(`
        interface i {
          resource r { constructor(a: u32, ); get: func() -> u32; make: static func(x: string) -> r;
            run: async func(); later: static async func(); }
          resource plain;
          resource empty {}
          resource fallible { constructor() -> result<fallible, string>; }
          f: func(
            len: u64,
          ) -> result<list<u8>, string>;
          g: async func();
          h: func() -> tuple<u32, u32>;
        }
      `),
      src(`
        interface i {
            resource r {
                constructor(a: u32);
                get: func() -> u32;
                make: static func(x: string) -> r;
                run: async func();
                later: static async func();
            }

            resource plain;

            resource empty {
            }

            resource fallible {
                constructor() -> result<fallible, string>;
            }

            f: func(len: u64) -> result<list<u8>, string>;

            g: async func();

            h: func() -> tuple<u32, u32>;
        }
      `),
    );
  });

  test('use statements: kept as written, grouped without blank lines', () => {
    check(
      src(`
        package a:b;
        use wasi:io/poll@0.2.0 as p;
        use   wasi:io/streams@0.2.0;
        interface i {
          use  wasi:io/poll@0.2.0 . { pollable , input-stream as is , };

          use other.{a,b};
          use x.{y};
          type t = u32;
          use z.{w};
        }
      `),
      src(`
        package a:b;

        use wasi:io/poll@0.2.0 as p;
        use wasi:io/streams@0.2.0;

        interface i {
            use wasi:io/poll@0.2.0.{pollable, input-stream as is};

            use other.{a, b};
            use x.{y};

            type t = u32;

            use z.{w};
        }
      `),
    );
  });

  test('worlds: imports, exports, includes, types, inline interfaces', () => {
    check(
      src(`
        world w {
          import wasi:io/poll@0.2.0;
          import store: wasi:keyvalue/store@0.2.0;
          import log: func(msg: string);
          import host: interface { now: func() -> u64; type t = u32; }
          use wasi:io/poll@0.2.0.{pollable};
          type t = u32;
          record r { a: t }
          import after: func();
          include base;
          include wasi:cli/imports@0.2.0 with { environment as env , exit as quit }
          include other with {}
          export run: func() -> result;
          export wasi:cli/run@0.2.0;
          export empty: interface {}
        }
      `),
      src(`
        world w {
            import wasi:io/poll@0.2.0;
            import store: wasi:keyvalue/store@0.2.0;
            import log: func(msg: string);
            import host: interface {
                now: func() -> u64;

                type t = u32;
            }
            use wasi:io/poll@0.2.0.{pollable};

            type t = u32;

            record r {
                a: t,
            }
            import after: func();
            include base;
            include wasi:cli/imports@0.2.0 with { environment as env, exit as quit }
            include other with {}

            export run: func() -> result;
            export wasi:cli/run@0.2.0;
            export empty: interface {
            }
        }
      `),
    );
  });

  test('attributes each on a line of their own', () => {
    check(
      src(`
        package a:b@1.0.0;
        @since(version=1.0.0) @deprecated( version = 1.0.1 ) interface i {
          @unstable(feature=fancy) f: func();
          @since(version = 1.0.0-rc.1+build.5)
             type t = u32;
          resource r { @since(version = 1.0.0) constructor(); @unstable(feature = x) m: func(); }
        }
        world w {
          @since(version = 1.0.0) import i;
          @external-id("vendor:pkg/thing")
          export f: func();
        }
      `),
      src(`
        package a:b@1.0.0;

        @since(version = 1.0.0)
        @deprecated(version = 1.0.1)
        interface i {
            @unstable(feature = fancy)
            f: func();

            @since(version = 1.0.0-rc.1+build.5)
            type t = u32;

            resource r {
                @since(version = 1.0.0)
                constructor();
                @unstable(feature = x)
                m: func();
            }
        }

        world w {
            @since(version = 1.0.0)
            import i;

            @external-id("vendor:pkg/thing")
            export f: func();
        }
      `),
    );
  });

  test('nested packages', () => {
    check(
      src(`
        package a:root;
        package a:b@1.0.0 { interface i { type t = u32; } world w { import i; } }
        package c:d {
          interface x {}


        }
      `),
      src(`
        package a:root;

        package a:b@1.0.0 {
            interface i {
                type t = u32;
            }

            world w {
                import i;
            }
        }

        package c:d {
            interface x {
            }
        }
      `),
    );
  });

  test('%-escaped names are kept as written', () => {
    check(
      src(`
        interface %interface {
          record %record { %type: u32, %list: list<%record> }
          %func: func(%use: %record) -> %record;
          enum %enum { %flags, plain }
        }
      `),
      src(`
        interface %interface {
            record %record {
                %type: u32,
                %list: list<%record>,
            }

            %func: func(%use: %record) -> %record;

            enum %enum {
                %flags,
                plain,
            }
        }
      `),
    );
  });

  test('blank lines: required between items, kept (at most one) where optional, never inside braces', () => {
    check(
      src(`


        package a:b;
        interface i {

          a: func();
          b: func();



          c: func();

        }


        interface j {}
        world w1 {}
        world w2 {
          import a;

          import b;


          import c;
        }
      `),
      src(`
        package a:b;

        interface i {
            a: func();

            b: func();

            c: func();
        }

        interface j {
        }

        world w1 {
        }

        world w2 {
            import a;

            import b;

            import c;
        }
      `),
    );
  });

  test('long lines are not wrapped', () => {
    const long = `f: func(${Array.from({ length: 20 }, (_, i) => `parameter-${i}: list<tuple<u32, string>>`).join(', ')}) -> result<u32, string>;`;
    check(`interface i {\n${long}\n}\n`, `interface i {\n    ${long}\n}\n`);
  });

  test('indentation from the options', () => {
    const input = 'interface i { record r { a: u32 } }\n';
    check(input, 'interface i {\n\trecord r {\n\t\ta: u32,\n\t}\n}\n', { indent: '\t' });
    check(input, 'interface i {\n  record r {\n    a: u32,\n  }\n}\n', { indent: '  ' });
  });

  test('empty and comment-only files', () => {
    check('', '');
    check('\n\n  \n', '');
    check('  // just a comment', '// just a comment\n');
    check('/* a */ /* b */\n\n\n// c\n', '/* a */ /* b */\n\n// c\n');
  });
});

describe('formatting: comments', () => {
  test('comments in awkward places stay where they are', () => {
    check(
      src(`
        // file header comment

        /* block at top */
        package a:b; // trailing after header
        interface i { // after the brace
          f: func(/* no params */) -> /* ret */ u32; // trailing
          g: func(a: u32 /* x */, b: u32);
          h: func(a: u32,
              // own line
              b: u32);
          k: func(
            a: u32 // after a
            , b: u32
          );
          record r {
            a: u32, // about a
            /// doc of b
            b: u32 // about b
            // after the last member
          }
          /* block before */ m: func();


          // detached comment

          n: func();
          type t = list< /* inside */ u8 >;
          type t2 = result< u32, // err next
             string>;
          // before the closing brace
        }
        world w {
          // only a comment
        }
        // end of file
        /* end of file, block */`),
      src(`
        // file header comment

        /* block at top */
        package a:b; // trailing after header

        interface i { // after the brace
            f: func(/* no params */) -> /* ret */ u32; // trailing

            g: func(a: u32 /* x */, b: u32);

            h: func(
                a: u32,
                // own line
                b: u32,
            );

            k: func(
                a: u32 // after a
                    ,
                b: u32,
            );

            record r {
                a: u32, // about a
                /// doc of b
                b: u32, // about b
                // after the last member
            }

            /* block before */ m: func();

            // detached comment

            n: func();

            type t = list< /* inside */ u8>;

            type t2 = result<u32, // err next
                string>;
            // before the closing brace
        }

        world w {
            // only a comment
        }
        // end of file
        /* end of file, block */
      `),
    );
  });

  test('comments between every token of a signature', () => {
    const input = 'interface i {\n  /*1*/ f /*2*/ : /*3*/ async /*4*/ func /*5*/ ( /*6*/ a /*7*/ : /*8*/ u32 /*9*/ ) /*10*/ -> /*11*/ u32 /*12*/ ; /*13*/\n}\n';
    // Where tokens are glued (before `:`, `(`, `;`, …) a comment keeps the spacing written next to it.
    check(input, 'interface i {\n    /*1*/ f /*2*/ : /*3*/ async /*4*/ func /*5*/ ( /*6*/ a /*7*/ : /*8*/ u32 /*9*/ ) /*10*/ -> /*11*/ u32 /*12*/ ; /*13*/\n}\n');
    check('interface i {\n  f/*2*/:/*3*/func/*5*/(/*6*/a/*7*/:/*8*/u32/*9*/)/*10*/->/*11*/u32/*12*/;\n}\n', 'interface i {\n    f/*2*/: /*3*/ func/*5*/(/*6*/a/*7*/: /*8*/ u32/*9*/) /*10*/ -> /*11*/ u32/*12*/;\n}\n');
  });

  test('doc comments of every kind, and multi-line block comments kept verbatim', () => {
    check(
      src(`
        /// Package docs.
        package a:b;
        /** Interface docs. */
        interface i {
        /// Docs of f,
        /// on two lines.
        f: func();
              /*
               * A block comment
               *   keeps its inside as it is.
               */
          g: func();
        }
      `),
      src(`
        /// Package docs.
        package a:b;

        /** Interface docs. */
        interface i {
            /// Docs of f,
            /// on two lines.
            f: func();

            /*
               * A block comment
               *   keeps its inside as it is.
               */
            g: func();
        }
      `),
    );
  });

  test('comments between attributes and their item, and before a closing brace with a blank line', () => {
    check(
      src(`
        interface i {
          @since(version = 1.0.0)
          // why
          f: func();

          // trailing remark
        }
      `),
      src(`
        interface i {
            @since(version = 1.0.0)
            // why
            f: func();

            // trailing remark
        }
      `),
    );
  });

  test('a comment makes a use list or a tuple one element per line', () => {
    check(
      src(`
        interface i {
          use a.{b, // the b
            c};
          type t = tuple<u32,
            // the string
            string>;
        }
      `),
      src(`
        interface i {
            use a.{
                b, // the b
                c,
            };

            type t = tuple<
                u32,
                // the string
                string,
            >;
        }
      `),
    );
  });
});

describe('formatting: line endings, edits, broken files', () => {
  test('CRLF line endings are kept (comments too)', () => {
    const input = 'package a:b;\r\ninterface i {\r\n  // c\r\n  f: func();\r\n  /* multi\r\n     line */\r\n  g: func();\r\n}';
    const expected = 'package a:b;\r\n\r\ninterface i {\r\n    // c\r\n    f: func();\r\n\r\n    /* multi\r\n     line */\r\n    g: func();\r\n}\r\n';
    check(input, expected);
    assert.ok(!/[^\r]\n/.test(format(input)));
  });

  test('a byte-order mark stays', () => {
    check('\ufeffinterface i {}', '\ufeffinterface i {\n}\n');
  });

  test('edits are minimal: only the whitespace that changes', () => {
    const text = 'package a:b;\n\ninterface i {\n    f: func();\n\n  g: func(a: u32,  b: u32);\n}\n';
    assert.deepEqual(formatDocument(parse(text), FOUR_SPACES), [
      { start: text.indexOf('g:'), end: text.indexOf('g:'), newText: '  ' },
      { start: text.indexOf('  b: u32') + 1, end: text.indexOf('  b: u32') + 2, newText: '' },
    ]);
    assert.deepEqual(formatDocument(parse('interface i {\n}\n'), FOUR_SPACES), []);
  });

  test('a trailing comma is an insertion of its own', () => {
    const text = 'interface i {\n    record r {\n        a: u32\n    }\n}\n';
    assert.deepEqual(formatDocument(parse(text), FOUR_SPACES), [{ start: text.indexOf('u32') + 3, end: text.indexOf('u32') + 3, newText: ',' }]);
  });

  test('a file with syntax errors is not formatted', () => {
    for (const text of ['interface i { f: func( }', 'interface i {\n  f: func();', 'world w { import; }', 'package a:b\ninterface i {}', 'interface i { type t = u32 }']) {
      const file = parse(text);
      assert.ok(file.errors.length > 0, text);
      assert.deepEqual(formatDocument(file), [], text);
      assert.deepEqual(formatRange(file, { start: 0, end: text.length }), [], text);
      assert.equal(formatText(file), undefined);
    }
  });
});

describe('formatting: ranges', () => {
  const text = src(`
    package a:b;
    interface i {
          f: func( a: u32 ) ;
       record r { a: u32, b:u32 }
      g: func();
      record s {
        x:u32,
          /// y
          y:u32
      }
    }
    world w {
    import i ;
    }
  `);
  const range = (from: string, to = from) => {
    const edits = formatRange(parse(text), { start: text.indexOf(from), end: text.indexOf(to) }, FOUR_SPACES);
    return applyEdits(text, edits);
  };

  test('a cursor in a member formats that member only (its line re-indented)', () => {
    assert.equal(range('g: func'), text.replace('  g: func();', '    g: func();'));
    assert.equal(range('import'), text.replace('import i ;', '    import i;'));
  });

  test('a range over several members formats them, and the blank line between them', () => {
    assert.equal(range('f: func', 'g: func'), text.replace('      f: func( a: u32 ) ;\n   record r { a: u32, b:u32 }', '    f: func(a: u32);\n\n    record r {\n        a: u32,\n        b: u32,\n    }'));
  });

  test('a field on a line of its own is formatted alone, with its docs and trailing comma', () => {
    assert.equal(range('y:u32'), text.replace('      /// y\n      y:u32', '        /// y\n        y: u32,'));
    assert.equal(range('/// y'), range('y:u32'));
  });

  test('a field sharing its line with others formats the whole record', () => {
    assert.equal(range('b:u32'), text.replace('   record r { a: u32, b:u32 }', '    record r {\n        a: u32,\n        b: u32,\n    }'));
  });

  test('a range over the whole file is the whole formatting', () => {
    assert.equal(applyEdits(text, formatRange(parse(text), { start: 0, end: text.length }, FOUR_SPACES)), formatText(parse(text), FOUR_SPACES));
  });

  test('a range in nothing but whitespace between items formats nothing', () => {
    const gap = 'package a:b;\n\n\n\ninterface i {\n}\n';
    assert.deepEqual(formatRange(parse(gap), { start: 14, end: 14 }, FOUR_SPACES), []);
  });
});

describe('formatting: the reference printer', () => {
  // Output of `wasm-tools component wit` (wit-component's tests/interfaces/doc-comments and
  // resources), which indents by two spaces. The formatter keeps it as it is.
  const printed = src(`
    /// package docs;
    package foo:foo;

    /// interface docs
    interface coverage-iface {
      /// basic typedef docs
      type t = u32;

      /// record typedef docs
      record r {
        /// record field docs
        f1: u8,
        f2: u8,
      }

      flags fl {
        /// flag docs
        f1,
        f2,
      }

      variant v {
        /// variant case docs
        c1(u8),
        c2,
      }

      resource res {
        /// constructor docs
        constructor();
        /// method docs
        m: func();
        /// static func docs
        s: static func();
      }

      /// interface func docs
      f: func();
    }

    interface baz {
      use foo.{bar, t};

      a: func(x: bar) -> bar;

      b: func() -> t;
    }

    /// world docs
    world coverage-world {
      import anon: interface {
        resource a {
          constructor();
        }
      }
      import foo;
      import baz;
      use baz.{bar};

      /// world typedef docs
      type t = u32;
      /// world func import docs
      import imp: func();

      /// world func export docs
      export exp: func();
      /// world inline interface docs
      export i: interface {
        /// inline interface typedef docs
        type t = u32;

        /// inline interface func docs
        f: func();
      }
    }
  `);

  test('its output is left as it is', () => {
    assert.deepEqual(formatDocument(parse(printed), { indent: '  ' }), []);
  });

  test('except that worlds are separated by a blank line and the file ends with one newline', () => {
    const worlds = 'package foo:foo;\n\ninterface i {\n}\n\nworld a {\n}\nworld b {\n}\n';
    assert.equal(format(worlds, { indent: '  ' }), 'package foo:foo;\n\ninterface i {\n}\n\nworld a {\n}\n\nworld b {\n}\n');
    assert.equal(format('package foo:foo;\n\ninterface i {\n}\n\n', { indent: '  ' }), 'package foo:foo;\n\ninterface i {\n}\n');
  });
});

describe('formatting: the WIT corpora', () => {
  const conformance = join(conformanceDir() ?? join(repoRoot, 'missing-wit-conformance'), 'cases');
  const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');
  const corpora = [conformance, builtin].filter((dir) => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  });

  test('there are corpora to check', (t) => {
    assert.ok(corpora.includes(builtin));
    if (!corpora.includes(conformance)) t.skip('the wit-conformance corpus was not found: its files are not checked');
  });

  for (const dir of corpora) {
    test(`every .wit of ${relative(repoRoot, dir) || dir}: idempotent, same tokens, same comments, same tree`, () => {
      let formatted = 0;
      for (const path of witFiles(dir)) {
        const text = readFileSync(path, 'utf8');
        const file = parse(text);
        const out = formatText(file);
        if (file.errors.length > 0) {
          assert.equal(out, undefined, path);
          assert.deepEqual(formatDocument(file), [], path);
          continue;
        }
        assert.ok(out !== undefined, `${path} is formatted`);
        formatted++;
        assert.equal(applyEdits(text, formatDocument(file)), out, `${path}: the edits give the formatted text`);
        assert.deepEqual(parse(out).errors, [], `${path}: no syntax error after formatting`);
        assert.equal(formatText(parse(out)), out, `${path}: idempotent`);
        const before = shape(text);
        const after = shape(out);
        assert.deepEqual(after.significant, before.significant, `${path}: same tokens`);
        assert.deepEqual(after.comments, before.comments, `${path}: same comments`);
        assert.equal(structure(out), structure(text), `${path}: same syntax tree (names, docs, attributes)`);
      }
      assert.ok(formatted > 0);
    });
  }

  test('the conformance cases have the same diagnostics after formatting', { skip: !corpora.includes(conformance) }, () => {
    const options = { features: new Set(['active']), allFeatures: false };
    const cases = [
      ...readdirSync(conformance).map((name) => join(conformance, name)),
      ...readdirSync(join(conformance, 'parse-fail')).map((name) => join(conformance, 'parse-fail', name)),
    ].filter((path) => statSync(path).isDirectory() ? !path.endsWith('parse-fail') : path.endsWith('.wit'));
    assert.ok(cases.length > 50);
    let changed = 0;
    for (const path of cases) {
      const files = statSync(path).isDirectory() ? witFiles(path) : [path];
      const original = files.map((f): [string, string] => [f, readFileSync(f, 'utf8')]);
      const reformatted = original.map(([f, text]): [string, string] => [f, formatText(parse(text)) ?? text]);
      if (reformatted.some(([, text], i) => text !== original[i]![1])) changed++;
      const diagnostics = (entries: [string, string][]) =>
        analyzeRoot(new MemoryFileSystem(entries), path, options)
          .diagnostics.map((d) => `${d.severity} ${d.message}`)
          .sort();
      const before = diagnostics(original);
      const after = diagnostics(reformatted);
      assert.equal(after.length, before.length, `${path}: diagnostics count`);
      assert.deepEqual(after, before, `${path}: diagnostics`);
    }
    assert.ok(changed > 0);
  });

  test('the WASI files with whitespace scrambled and comments strewn between tokens (seeded)', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let checked = 0;
    for (const path of witFiles(builtin)) {
      const text = readFileSync(path, 'utf8');
      const tokens = parse(text).tokens.filter((t) => t.kind !== TokenKind.Whitespace && t.kind !== TokenKind.Eof);
      let scrambled = '';
      // Versions (`1.0.0-rc.1`) are written without anything inside.
      const version = new Set([TokenKind.Integer, TokenKind.Period, TokenKind.Minus, TokenKind.Plus]);
      tokens.forEach((t, i) => {
        const prev = tokens[i - 1];
        if (prev && !(prev.end === t.start && (version.has(prev.kind) || version.has(t.kind)))) {
          const r = random();
          const afterLineComment = text.startsWith('//', prev.start);
          scrambled += afterLineComment ? '\n' : r < 0.5 ? ' ' : r < 0.7 ? '\n' : r < 0.8 ? '\n\n\n\t ' : '  ';
          const c = random();
          if (c < 0.05) scrambled += `/* c${i} */${random() < 0.5 ? ' ' : ''}`;
          else if (c < 0.08) scrambled += `// l${i}\n`;
          else if (c < 0.09) scrambled += `/* multi\n  line ${i} */`;
        }
        scrambled += text.slice(t.start, t.end);
      });
      const crlf = random() < 0.3 ? scrambled.replace(/\n/g, '\r\n') : scrambled;
      const options = { indent: random() < 0.5 ? '\t' : '    ' };
      const file = parse(crlf);
      assert.deepEqual(file.errors, [], path);
      const out = formatText(file, options);
      assert.ok(out !== undefined, path);
      assert.equal(formatText(parse(out), options), out, `${path}: idempotent`);
      assert.deepEqual(shape(out), shape(crlf), `${path}: same tokens and comments`);
      assert.equal(structure(out), structure(crlf), `${path}: same tree`);
      if (crlf !== scrambled) assert.ok(!/[^\r]\n/.test(out), `${path}: CRLF kept`);
      // Formatting random ranges first, then the rest, ends where formatting at once does.
      for (let k = 0; k < 5; k++) {
        const start = Math.floor(random() * crlf.length);
        const partial = applyEdits(crlf, formatRange(file, { start, end: Math.min(crlf.length, start + Math.floor(random() * 300)) }, options));
        assert.deepEqual(parse(partial).errors, [], `${path}: range formatting keeps the file well-formed`);
        assert.equal(formatText(parse(partial), options), out, `${path}: range formatting agrees with formatting`);
      }
      checked++;
    }
    assert.ok(checked > 20);
  });

  test('files laid out as the reference printer lays out are (nearly) unchanged', () => {
    // wasi-io 0.2.10 as jco ships it is the printer's output: the default leaves it unchanged.
    const io = readFileSync(join(builtin, '0.2.10/wasi-io/package.wit'), 'utf8');
    assert.deepEqual(formatDocument(parse(io)), []);
    // Files already in this style (four-space indentation).
    for (const path of ['jco-node-0.1.0/cluster.wit', 'jco-node-0.1.0/ffi.wit', 'jco-node-0.1.0/inspector.wit', 'wasi-tls-0.2.0-draft/types.wit']) {
      assert.deepEqual(formatDocument(parse(readFileSync(join(builtin, path), 'utf8')), FOUR_SPACES), [], path);
    }
  });
});
