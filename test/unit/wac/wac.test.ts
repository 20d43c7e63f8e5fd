import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { componentWitText } from '../../../server/src/syntax/binary/wasmInfo';
import { findInPrintedWit, wacDefinition, wacHover } from '../../../server/src/wac/features';
import { lowerWac } from '../../../server/src/wac/lower';
import { parseWac } from '../../../server/src/wac/parser';
import { analyzeWac, type WacPackages } from '../../../server/src/wac/resolve';
import { parseFixture } from '../../helpers/fixture';
import { greeterComponent, worldOf } from '../../helpers/wasmComponents';

/** The pipeline example's WIT: a host that imports `plugin`, a plugin that exports it. */
const PIPELINE = `
package wit-studio:pipeline@0.1.0;
interface plugin {
  name: func() -> string;
  count: func(input: string) -> u32;
}
world text-plugin { export plugin; }
world host {
  import plugin;
  export process: func(input: string) -> string;
}
world other { export other: interface { name: func() -> u32; } }
`;

let packages: WacPackages;

before(async () => {
  const only = (name: string) => PIPELINE.replace(/world [a-z-]+ \{[^\n]*\n?(?:  [^\n]*\n)*?\}/g, (w) => (w.startsWith(`world ${name} `) ? w : ''));
  packages = new Map([
    ['wit-studio:host', { kind: 'component', world: await worldOf(only('host')), path: '/ws/host.wasm' }],
    ['wit-studio:plugin', { kind: 'component', world: await worldOf(only('text-plugin')), path: '/ws/plugin.wasm' }],
    ['wit-studio:other', { kind: 'component', world: await worldOf(only('other')), path: '/ws/other.wasm' }],
    ['example:missing', { kind: 'error', message: 'package `example:missing`: host/build/host.wasm does not exist — build it first' }],
  ]);
});

/** The diagnostics of a fixture, as `start-end message` with the annotations' ranges. */
function check(source: string, diagnose = (text: string) => analyzeWac(text, packages).diagnostics): void {
  const fixture = parseFixture(source);
  const text = [...fixture.files.values()][0]!;
  const actual = diagnose(text).map((d) => `${d.start}-${d.end} ${d.message}`);
  const expected = fixture.annotations.map((a) => `${a.start}-${a.end} ${a.text.replace(/^error: /, '')}`);
  assert.deepEqual(actual, expected);
}

describe('WAC parser', () => {
  test('a document with every statement parses without errors', () => {
    const { document, diagnostics } = parseWac(`
      /// The composition.
      package example:composition@1.0.0;
      import log: func(msg: string);
      import i: interface { f: func() -> list<u8>; };
      type a = u32;
      record r { x: string, y: option<result<_, tuple<u8, s8>>> }
      variant v { a, b(u32) }
      enum e { one, two }
      flags f { x }
      interface iface { use foo:bar/baz.{t as u}; resource res { constructor(x: u32); m: static func(); } g: func(); }
      world w { import iface; export x: func(); include foo:bar/w with { a as b }; }
      /// An instance.
      let x = new foo:bar { a: b.c["d"], e, ...f, ... };
      export (x).y as "z";
      export x...;
    `);
    assert.deepEqual(diagnostics, []);
    assert.equal(document.statements.length, 12);
    assert.deepEqual(document.docs, ['The composition.']);
  });

  test("reports every syntax error with wac's message at its place, and recovers", () => {
    check(`
      package example:composition;
      let x = new foo:bar { a: , b };
      //                       ^ expected either \`new\` keyword, \`(\`, or identifier, found \`,\`
      let y = ;
      //      ^ expected either \`new\` keyword, \`(\`, or identifier, found \`;\`
      record r {}
      //        ^ record must contain at least one field
      world w { import ; export f: func(); }
      //               ^ expected package path or identifier, found \`;\`
        }
      //^ expected either \`import\` keyword, \`let\` keyword, \`export\` keyword, \`interface\` keyword, \`world\` keyword, \`variant\` keyword, \`record\` keyword, \`flags\` keyword, \`enum\` keyword, or \`type\` keyword, found \`}\`
    `, (text) => parseWac(text).diagnostics);
  });

  test('a missing package directive and an invalid version are reported', () => {
    const { diagnostics } = parseWac('import f: func();\nlet x = new a:b@1.x { };');
    assert.deepEqual(
      diagnostics.map((d) => [d.start, d.end, d.message]),
      [
        [0, 6, 'expected `package` keyword, found `import` keyword'],
        [34, 37, '`1.x` is not a valid semantic version'],
      ],
    );
  });
});

describe('WAC resolution', () => {
  test('a correct composition has no diagnostics', () => {
    check(`
      package example:composition;
      let plugin = new wit-studio:plugin { };
      let host = new wit-studio:host { plugin: plugin.plugin };
      export host.process;
    `);
  });

  test('unknown packages, arguments, names and exports; missing arguments; mismatched types', () => {
    check(`
      package example:composition;
      let p = new wit-studio:nope { };
      //          ^^^^^^^^^^^^^^^ unknown package \`wit-studio:nope\`
      let q = new example:missing { };
      //          ^^^^^^^^^^^^^^^ package \`example:missing\`: host/build/host.wasm does not exist — build it first
      let o = new wit-studio:other { };
      let h1 = new wit-studio:host { plugin: o.other, extra: o };
      //                             ^^^^^^ mismatched instantiation argument \`wit-studio:pipeline/plugin@0.1.0\`: function name: result: string in the import, u32 in the export
      //                                              ^^^^^ component \`wit-studio:host\` has no import named \`extra\`
      let h2 = new wit-studio:host { };
      //           ^^^^^^^^^^^^^^^ missing instantiation argument \`wit-studio:pipeline/plugin@0.1.0\` for package \`wit-studio:host\`
      let h3 = new wit-studio:host { ... };
      export h3.nothing;
      //       ^^^^^^^^ the instance has no export named \`nothing\`
      export h3.process as "process";
      export unknown;
      //     ^^^^^^^ undefined name \`unknown\`
    `);
  });
});

describe('WAC hover, definition and lowering', () => {
  const source = `package example:composition;
let plugin = new wit-studio:plugin { };
let host = new wit-studio:host { plugin: plugin.plugin };
export host.process;
`;
  const at = (needle: string, delta = 1) => source.indexOf(needle) + delta;

  test('hover shows WIT', () => {
    const analysis = analyzeWac(source, packages);
    const pkg = wacHover(analysis, at('wit-studio:host'));
    assert.match(pkg!.contents, /world root \{\n  import wit-studio:pipeline\/plugin@0\.1\.0;\n\n  export process: func\(input: string\) -> string;\n\}/);
    const arg = wacHover(analysis, at('plugin: '));
    assert.match(arg!.contents, /interface plugin \{\n  name: func\(\) -> string;/);
    assert.match(arg!.contents, /import `wit-studio:pipeline\/plugin@0\.1\.0` of `wit-studio:host`/);
    const exported = wacHover(analysis, at('process'));
    assert.equal(exported!.contents, '```wit\nprocess: func(input: string) -> string;\n```\n\nexport `process` of instance `host`');
  });

  test('definition goes to the binding, or to the WIT of an interface', () => {
    const analysis = analyzeWac(source, packages);
    assert.deepEqual(wacDefinition(analysis, at('plugin.plugin')), { kind: 'document', start: 33, end: 39 });
    assert.deepEqual(wacDefinition(analysis, at('.plugin }', 2)), { kind: 'wit', packageName: 'wit-studio:pipeline@0.1.0', interface: 'plugin', component: '/ws/plugin.wasm' });
  });

  test("without the WIT in the workspace, definitions point into the component's WIT as the inspector prints it", async () => {
    const text = componentWitText(await greeterComponent())!;
    const marked = (found: { start: number; end: number } | undefined) => found && `${text.slice(text.lastIndexOf('\n', found.start - 1) + 1, found.start)}[${text.slice(found.start, found.end)}]`;
    const target = { kind: 'wit', packageName: 'test:trace', interface: 'greet' } as const;
    assert.equal(marked(findInPrintedWit(text, target)), '  interface [greet]');
    assert.equal(marked(findInPrintedWit(text, { ...target, func: 'boom' })), '    [boom]');
    assert.equal(marked(findInPrintedWit(text, { kind: 'wit', packageName: 'wasi:io@0.2.12', interface: 'streams' })), '  interface [streams]');
    assert.equal(marked(findInPrintedWit(text, { ...target, func: 'nope' })), '  interface [greet]');
    assert.equal(findInPrintedWit(text, { ...target, packageName: 'wasi:io@0.2.12' }), undefined);
    assert.equal(findInPrintedWit(text, { ...target, interface: 'nope' }), undefined);
  });

  test('lowering gives the built-in composer its components, wires and exports', () => {
    const lowered = lowerWac(analyzeWac(source, packages));
    assert.deepEqual(lowered, {
      ok: true,
      value: {
        components: { plugin: '/ws/plugin.wasm', host: '/ws/host.wasm' },
        wire: { host: { 'wit-studio:pipeline/plugin@0.1.0': { instance: 'plugin', export: 'wit-studio:pipeline/plugin@0.1.0' } } },
        exports: [{ instance: 'host', name: 'process' }],
      },
    });
    const whole = lowerWac(analyzeWac(source.replace('export host.process;', 'export host as "h";'), packages));
    assert.equal(whole.ok, false);
  });
});
