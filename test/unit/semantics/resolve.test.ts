import { describe, test } from 'node:test';
import { checkDiagnostics } from '../../helpers/check';

describe('names within a package', () => {
  test('a clean package with forward references has no diagnostics', () => {
    checkDiagnostics(`
      //- /ws/a.wit
      package a:b@1.0.0;
      interface i {
        use j.{t};
        type u = list<t>;
        record r { x: u, y: own<res> }
        resource res { constructor(); get: func() -> u; }
      }
      //- /ws/b.wit
      package a:b@1.0.0;
      interface j { type t = u32; }
      world w { import i; export j; }
    `);
  });

  test('unknown type names, from typedefs and from functions', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        type t = nope;
      //         ^^^^ error: type \`nope\` does not exist
        f: func(x: missing) -> u32;
      //           ^^^^^^^ error: name \`missing\` does not exist
        g: func() -> f;
      //             ^ error: cannot use function \`f\` as a type
      }
    `);
  });

  test('old float names get the rename hint', () => {
    checkDiagnostics(`
      package a:b;
      interface i { type t = float32; }
      //                     ^^^^^^^ error: type \`float32\` does not exist the \`float32\` type has been renamed to \`f32\` and is no longer accepted, but the \`WIT_REQUIRE_F32_F64=0\` environment variable can be used to temporarily disable this error
    `);
  });

  test('every duplicate name is reported, each at the second definition', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        type t = u32;
        type t = u64;
      //     ^ error: name \`t\` is defined more than once
        f: func();
        f: func();
      //^ error: name \`f\` is defined more than once
      }
      interface i {}
      //        ^ error: duplicate item named \`i\`
      world w {}
      interface w {}
      //        ^ error: duplicate item named \`w\`
    `);
  });

  test('a use conflicting with a type, and a param defined twice', () => {
    checkDiagnostics(`
      package a:b;
      interface j { type x = u32; }
      interface i {
        use j.{x};
        type x = u32;
      //     ^ error: name \`x\` is defined more than once
        f: func(a: u32, a: u32);
      //                ^ error: param \`a\` is defined more than once
      }
    `);
  });

  test('type cycles are reported once per cycle and resolution goes on', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        type a = b;
      //         ^ error: type \`b\` depends on itself
        type b = list<a>;
        type c = d;
      //         ^ error: type \`d\` depends on itself
        type d = option<c>;
        type ok = u32;
        type bad = nope;
      //           ^^^^ error: type \`nope\` does not exist
      }
    `);
  });

  test('use cycles between interfaces point at the declaration in the same file', () => {
    checkDiagnostics(`
      package a:b;
      interface foo {
        use bar.{y};
        type x = u32;
      }
      interface bar {
      //        ^^^ error: interface or world \`bar\` depends on itself
        use foo.{x};
        type y = u32;
      }
    `);
  });

  test('use of unknown interfaces, unknown names and functions', () => {
    checkDiagnostics(`
      package a:b;
      interface j { type t = u32; f: func(); }
      interface i {
        use nope.{z};
      //    ^^^^ error: interface or world \`nope\` does not exist
        use j.{t, missing, f};
      //          ^^^^^^^ error: name \`missing\` does not exist
      //                   ^ error: cannot import function \`f\`
      }
      world w {
        include j;
      //        ^ error: name \`j\` is defined as an interface, not a world
        import w2;
      //       ^^ error: name \`w2\` is defined as a world, not an interface
      }
      world w2 {}
    `);
  });

  test('top-level use: aliases are file-scoped, attributes refused, duplicates in a file', () => {
    checkDiagnostics(`
      //- /ws/a.wit
      package a:b;
      use j as k;
      @since(version = 1.0.0)
        use j as l;
      //^^^ error: attributes not allowed on top-level use
      use j as k;
      //       ^ error: duplicate name \`k\` in this file
      interface i { use k.{t}; }
      //- /ws/b.wit
      interface j { type t = u32; }
      interface x { use k.{t}; }
      //                ^ error: interface or world \`k\` does not exist
    `);
  });
});

describe('types', () => {
  test('handles must name resources, through aliases', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        resource r;
        type alias = r;
        type t = u32;
        type ok = borrow<alias>;
        type bad = own<t>;
      //               ^ error: type \`t\` used in a handle must be a resource
        f: func(x: borrow<nope>);
      //                  ^^^^ error: name \`nope\` does not exist
      }
    `);
  });

  test('resource rules: duplicate methods and constructors, constructor results', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        resource r {
          constructor();
          constructor(x: u32);
      //  ^^^^^^^^^^^ error: duplicate constructors
          m: func();
          m: static func();
      //  ^ error: duplicate function name \`m\`
        }
        resource s { constructor() -> u32; }
      //                              ^^^ error: if a constructor return type is declared it must be a \`result\`
        resource q { constructor() -> result<s, string>; }
      //                                     ^ error: the \`ok\` type must be the resource being constructed
        resource fine { constructor() -> result<fine, string>; }
      }
    `);
  });

  test('empty variants and enums, map keys', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        variant v {}
      //        ^ error: empty variant
        enum e {}
      //     ^ error: empty enum
        type k = u32;
        type m1 = map<string, u32>;
        type m2 = map<f32, u32>;
      //          ^^^ error: invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string
        type m3 = map<k, u32>;
      //          ^^^ error: invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string
      }
    `);
  });

  test('borrows may not be returned, directly or nested', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        resource r { m: func() -> borrow<r>; }
      //             ^ error: function \`[method]r.m\` returns a type which contains a \`borrow<T>\` which is not supported
        type b = borrow<r>;
        f: func() -> option<list<b>>;
      //^ error: function \`f\` returns a type which contains a \`borrow<T>\` which is not supported
        g: func(x: borrow<r>) -> own<r>;
      }
    `);
  });

  test('async functions, streams, futures, error-context and fixed-length lists resolve', () => {
    checkDiagnostics(`
      package a:b;
      interface i {
        f: async func(s: stream<u8>, f: future, e: error-context) -> future<result<stream, error-context>>;
        type fixed = list<u8, 32>;
        resource r { m: async func(); n: static async func() -> u32; }
      }
      world w { import x: async func(); export y: func(); }
    `);
  });
});

describe('worlds', () => {
  test('conflicting imports and exports', () => {
    checkDiagnostics(`
      package a:b;
      interface store { get: func(); }
      world w {
        import i: func();
        import i: store;
      //       ^ error: import \`i\` conflicts with prior func of same name
        import store;
        import store;
      //       ^^^^^ error: interface cannot be imported more than once
        export e: interface {}
        export e: func();
      //       ^ error: export \`e\` conflicts with prior interface of same name
        record t {}
        import t: func();
      //       ^ error: import \`t\` conflicts with prior type of same name
      }
    `);
  });

  test('include with renames, unknown names and shadowing', () => {
    checkDiagnostics(`
      package a:b;
      world base { import a: func(); export b: func(); }
      world one { include base with { a as c } }
      world two {
        include base with { nope as x }
      //        ^^^^ error: no import or export kebab-name \`nope\`. Note that an ID does not support renaming
      }
      world three {
        import a: func();
        include base;
      //        ^^^^ error: import of \`a\` shadows previously imported items
      }
      world cyclic { include cyclic2; }
      world cyclic2 { include cyclic; }
      //    ^^^^^^^ error: interface or world \`cyclic2\` depends on itself
    `);
  });

  test('an export that needs both an imported and an exported interface', () => {
    checkDiagnostics(`
      package foo:foo;
      interface i1 { type t = u32; }
      interface i2 { use i1.{t}; }
      interface i3 { use i1.{t}; use i2.{t as t2}; }
      world w {
      //    ^ error: interface \`foo:foo/i3\` transitively depends on an interface in incompatible ways
        export i1;
        export i3;
      }
    `);
  });

  test('names differing only in case conflict', () => {
    checkDiagnostics(`
      package a:b;
      world example {
      //    ^^^^^^^ error: export \`GET-USER\` in world \`example\` conflicts with export \`get-user\` (kebab-case identifiers are case-insensitive)
        export get-user: func();
        export GET-USER: func();
      }
    `);
  });
});

describe('packages and deps', () => {
  test('deps as directories and files, versions, nested packages', () => {
    checkDiagnostics(`
      //- /ws/root.wit
      package a:root;
      interface i {
        use b:dep/types@1.0.0.{t};
        use c:single/x.{u};
        use d:nested/n.{v};
      }
      world w { import b:dep/types@1.0.0; include c:single/base; }
      package d:nested { interface n { type v = u8; } }
      //- /ws/deps/b/types.wit
      package b:dep@1.0.0;
      interface types { type t = string; }
      //- /ws/deps/c.wit
      package c:single;
      interface x { type u = u16; }
      world base { import x; }
    `);
  });

  test('unknown packages, interfaces, worlds and types in deps', () => {
    checkDiagnostics(`
      //- /ws/root.wit
      package a:root;
      interface i {
        use b:dep/types.{t, nope};
      //                    ^^^^ error: type \`nope\` not defined in interface
        use b:dep/other.{t as t2};
      //          ^^^^^ error: interface 'other' not found in package 'b:dep'
        use z:zz/types.{q};
      //    ^^^^ error: package 'z:zz' not found. known packages: b:dep a:root
      }
      world w { include b:dep/nope; }
      //                      ^^^^ error: world 'nope' not found in package 'b:dep'
      //- /ws/deps/b.wit
      package b:dep;
      interface types { type t = string; }
    `);
  });

  test('a handle to a foreign type that is not a resource', () => {
    checkDiagnostics(`
      //- /ws/root.wit
      package a:root;
      interface i {
        use b:dep/types.{t};
        type h = own<t>;
      //             ^ error: type used in a handle must be a resource
      }
      //- /ws/deps/b.wit
      package b:dep;
      interface types { type t = string; }
    `);
  });

  test('package header rules', () => {
    checkDiagnostics(`
      //- /ws/a.wit
      /// docs here
      package a:b;
      interface x {}
      //- /ws/b.wit
        /// and here
      //^^^^^^^^^^^^ error: found doc comments on multiple 'package' items
      package a:c;
      //      ^^^ error: package identifier \`a:c\` does not match previous package name of \`a:b\`
      package n:one { package n:two {} }
      //                      ^^^^^ error: nested packages must be placed at the top-level
    `);
  });

  test('a package without a header', () => {
    checkDiagnostics(`
        interface i {}
      //| error: no \`package\` header was found in any WIT file for this package
    `);
  });

  test('duplicate packages and dependency cycles', () => {
    checkDiagnostics(`
      //- /ws/root.wit
      package a:root;
      package x:one { interface i { use x:two/j.{t}; type u = u8; } }
      //                                ^^^^^ error: package \`x:two\` creates a dependency cycle
      package x:two { interface j { use x:one/i.{u}; type t = u8; } }
      //- /ws/deps/d1.wit
      package dup:dup;
      //- /ws/deps/d2.wit
      package dup:dup;
      //      ^^^^^^^ error: package \`dup:dup\` is defined in two different locations
    `);
  });
});

describe('feature gates', () => {
  test('gated items are dropped unless their feature is enabled', () => {
    const source = `
      package a:b@1.0.0;
      interface i {
        @unstable(feature = fancy)
        type t = u32;
        @since(version = 1.0.0)
        f: func(x: t);
      //^ error: found a reference to a type which is excluded due to its feature not being activated
      }
    `;
    checkDiagnostics(source);
    checkDiagnostics(source.replace(/\n.*\/\/\^.*\n/, '\n'), { features: ['fancy'] });
    checkDiagnostics(source.replace(/\n.*\/\/\^.*\n/, '\n'), { allFeatures: true });
  });

  test('@since needs a versioned package and a released version', () => {
    checkDiagnostics(`
      //- /ws/a.wit
      package a:b@0.1.0;
      @since(version = 0.2.0)
      interface later {}
      //        ^^^^^ error: feature gate cannot reference unreleased version 0.2.0 of package [a:b@0.1.0] (current version 0.1.0)
      //- /ws/deps/u.wit
      package u:nover;
      @since(version = 1.0.0)
      interface i {}
      //        ^ error: package [u:nover] contains a feature gate with a version specifier, so it must have a version
    `);
  });

  test('attribute combinations', () => {
    checkDiagnostics(`
      package a:b@1.0.0;
      interface i {
        @since(version = 1.0.0) @since(version = 1.0.0)
      //                         ^^^^^ error: cannot specify @since twice
        type a = u32;
        @since(version = 1.0.0) @unstable(feature = x)
      // ^^^^^ error: cannot specify both @since and @unstable
        type b = u32;
        @deprecated(version = 1.0.0)
      // ^^^^^^^^^^ error: cannot specify both @deprecated without @since or @unstable
        type c = u32;
        @external-id("x") @external-id("y")
      //                   ^^^^^^^^^^^ error: cannot specify @external-id twice
        type d = u32;
      }
    `);
  });

  test('a type whose interface is gated away', () => {
    checkDiagnostics(`
      package a:b@1.0.0;
      @unstable(feature = off)
      interface i {
        @since(version = 1.0.0)
        type t = u32;
      //     ^ error: found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is
      }
    `);
  });
});

describe('shared deps folders (the wit.depsFolders setting)', () => {
  test('a package the root lacks comes from a shared folder; its own deps/ wins over it', () => {
    const shared = `
      //- /ws/main.wit
      package a:main;
      interface i { use wasi:io/streams.{input-stream}; }
      //- /shared/io/streams.wit
      package wasi:io;
      interface streams { resource input-stream; }
    `;
    checkDiagnostics(shared, { root: '/ws', sharedDeps: ['/shared'] });
    checkDiagnostics(
      `
      //- /ws/main.wit
      package a:main;
      interface i { use wasi:io/streams.{input-stream}; }
      //- /ws/deps/io.wit
      package wasi:io;
      interface streams { resource input-stream; }
      //- /shared/io/streams.wit
      package wasi:io;
      interface streams { resource other; }
    `,
      { root: '/ws', sharedDeps: ['/shared'] },
    );
    checkDiagnostics(
      `
      //- /ws/main.wit
      package a:main;
      interface i { use wasi:io/streams.{input-stream}; }
      //                ^^^^^^^ error: package 'wasi:io' not found. known packages: a:main
    `,
      { root: '/ws' },
    );
  });
});
