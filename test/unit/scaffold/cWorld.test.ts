// C sources for a world (client/src/scaffold/cWorld.ts): the exact files for a small world; the
// refusals; and real builds — clang, the WIT embedded, the component made, as the Build command
// does — run in the bundled runner: the generated stubs answer every export with its type's
// default value, an implementation of the generated header gets every argument and returns every
// result intact (test/fixtures/scaffold/c-world: a world using every supported type), and the
// stub of `wasi:cli/command` runs as a command.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { RunMode } from '../../../client/src/runtime/runSpec';
import { cComponentSources } from '../../../client/src/scaffold/cWorld';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk, type Project } from '../../../client/src/toolchains/projects';
import { UNKNOWN_STABILITY, WorldItems, newTypeDef, type Func, type World, type WitType } from '../../../server/src/syntax/binary/witModel';
import { fixturesDir } from '../../helpers/paths';
import { cToolchainProblem, readWasm, tempDir, writeFiles } from '../../helpers/toolchains';
import { WASI_PACKAGES, runComponent, wasiPackages, worldOf } from '../../helpers/wasmComponents';

const FIXTURE = join(fixturesDir, 'scaffold', 'c-world');
const EVERYTHING_WIT = readFileSync(join(FIXTURE, 'everything.wit'), 'utf8');

/** Generates the sources, or fails with the refusal. */
function sources(world: World, worldName: string): Record<string, string> {
  const generated = cComponentSources(world, { worldName });
  assert.ok(generated.ok, generated.ok ? '' : generated.message);
  return generated.files;
}

/** A project of the sources and the WIT, built with the real pipeline; the component. */
async function build(files: Record<string, string>, wit: string, world: string): Promise<string> {
  const dir = tempDir('c-world-');
  writeFiles(dir, { ...files, 'wit/world.wit': wit, 'wit-studio.json': JSON.stringify({ kind: 'c', world }) });
  const project = (await detectProjectOnDisk(dir)) as Project;
  assert.equal(project.kind, 'c');
  assert.equal(project.execModel, 'reactor');
  const lines: string[] = [];
  const built = await buildProject(project, { onLine: (line) => lines.push(line) });
  assert.ok(built.ok, `${built.message}\n${lines.join('\n')}`);
  assert.deepEqual(built.diagnostics, [], 'clang has nothing to say');
  return built.output!;
}

/** Runs the calls, a few at a time (each is a runner process of its own): what each reports, in order. */
async function runCalls(component: string, calls: readonly { fn: string; args: string }[]): Promise<{ fn: string; args: string; result: string }[]> {
  const results: { fn: string; args: string; result: string }[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < calls.length; i = next++) {
      const { fn, args } = calls[i];
      results[i] = { fn, args, result: await outcome(component, { kind: 'invoke', function: fn, args }) };
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return results;
}

/** What a run reports: the result in WAVE, or the error or trap. */
async function outcome(component: string, mode: RunMode): Promise<string> {
  const run = runComponent(component, mode);
  const { code } = await run.done;
  const reported = run.events.find((e) => e.event === 'result' || e.event === 'error' || e.event === 'trap');
  if (reported?.event === 'result' && code === 0) return reported.wave;
  return `exit ${code}: ${JSON.stringify(reported ?? run.stderr)}`;
}

/** Calls of every export of everything.wit (empty strings and lists too), and what the generated stubs and echo.c answer. */
const CALLS: { fn: string; args: string; stub: string; echo: string }[] = [
  {
    fn: 'scalars',
    args: "true, -1, 255, -300, 65535, -70000, 4000000000, -5000000000, 18000000000000000000, 1.5, -2.25, '🌊'",
    stub: "(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\u{0}')",
    echo: "(true, -1, 255, -300, 65535, -70000, 4000000000, -5000000000, 18000000000000000000, 1.5, -2.25, '🌊')",
  },
  { fn: 'text', args: '"hé", ["a", "bc"], ["x"]', stub: '""', echo: '"hé|a,bc|x"' },
  { fn: 'text', args: '"", [], [""]', stub: '""', echo: '"||"' },
  { fn: 'shapes', args: 'circle(1.5), {x: -1, y: 2}', stub: 'circle(0)', echo: 'circle(1.5)' },
  { fn: 'shapes', args: 'rect(({x: 1, y: 2}, {x: -3, y: -4})), {x: 10, y: 20}', stub: 'circle(0)', echo: 'rect(({x: 11, y: 22}, {x: -3, y: -4}))' },
  { fn: 'shapes', args: 'label("lab"), {x: 0, y: 0}', stub: 'circle(0)', echo: 'label("lab")' },
  { fn: 'shapes', args: 'nothing, {x: 0, y: 0}', stub: 'circle(0)', echo: 'nothing' },
  { fn: 'shapes', args: 'big(18000000000000000000), {x: 0, y: 0}', stub: 'circle(0)', echo: 'big(18000000000000000000)' },
  { fn: 'shapes', args: 'nested(some(ok([1, 2, 65535]))), {x: 0, y: 0}', stub: 'circle(0)', echo: 'nested(some(ok([1, 2, 65535])))' },
  { fn: 'shapes', args: 'nested(some(err(blue))), {x: 0, y: 0}', stub: 'circle(0)', echo: 'nested(some(err(blue)))' },
  {
    fn: 'copy-profile',
    args: '{id: 7, name: "n", tags: ["t1", "t2"], home: some({x: 1, y: 2}), favourite: blue, perms: {read, exec}, shape: label("s"), switch: 9}',
    stub: '{id: 0, name: "", tags: [], favourite: red, perms: {}, shape: circle(0), switch: 0}',
    echo: '{id: 7, name: "n", tags: ["t1", "t2"], home: some({x: 1, y: 2}), favourite: blue, perms: {read, exec}, shape: label("s"), switch: 10}',
  },
  { fn: 'maybe', args: 'some(some("deep"))', stub: 'none', echo: 'some(some("deep"))' },
  { fn: 'maybe', args: 'some(none)', stub: 'none', echo: 'some(none)' },
  { fn: 'maybe', args: 'none', stub: 'none', echo: 'none' },
  { fn: 'outcome', args: 'ok(18000000000000000000)', stub: 'ok(0)', echo: 'ok(17999999999999999999)' },
  { fn: 'outcome', args: 'err("bad")', stub: 'ok(0)', echo: 'err("bad")' },
  { fn: 'mixed', args: 'ok(2.5), [(1, "one"), (2, "two")]', stub: 'ok([])', echo: 'ok([5, 103, 203])' },
  { fn: 'mixed', args: 'err(-1.25), []', stub: 'ok([])', echo: 'err([red, green, blue, red, green])' },
  { fn: 'permissions', args: '{write}, blue', stub: '{}', echo: '{write, exec}' },
  { fn: 'next-color', args: 'blue', stub: 'red', echo: 'red' },
  { fn: 'wrapped', args: '{value: 65535}', stub: '{value: 0}', echo: '{value: 65534}' },
  { fn: 'toggle', args: 'high', stub: 'low', echo: 'low' },
  { fn: 'scale', args: 'float(1.25)', stub: 'int(0)', echo: 'float(2.5)' },
  { fn: 'scale', args: 'int(-4)', stub: 'int(0)', echo: 'int(-8)' },
  { fn: 'many', args: '1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -16, "seventeen"', stub: '0', echo: '104009' },
  { fn: 'hello', args: '"wit"', stub: '""', echo: '"hello, wit"' },
  { fn: 'negate', args: 'true', stub: 'false', echo: 'false' },
  { fn: 'next-char', args: "'🌊'", stub: "'\\u{0}'", echo: "'🌋'" },
  { fn: 'half', args: '3', stub: '0', echo: '1.5' },
  { fn: 'double', args: '2.5', stub: '0', echo: '5' },
  { fn: 'minus', args: '-9000000000', stub: '0', echo: '9000000000' },
  { fn: 'ignore', args: '{x: 1, y: 2}', stub: '()', echo: '()' },
  { fn: 'succeed', args: '', stub: 'ok', echo: 'err' },
  { fn: 'status', args: 'err(green)', stub: 'ok', echo: 'err(blue)' },
];

describe('C sources for a world', () => {
  test('the files for a small world: stubs, header, glue', async () => {
    const world = await worldOf(`package test:tiny;

interface types {
  record point { x: s32, y: s32 }
}

world greeter {
  use types.{point};
  export greet: func(name: string) -> string;
  export count: func(items: list<u32>, origin: point) -> u32;
}
`);
    // Docs are not in a component's world: give some, as a world decoded from a WIT package has them.
    const greet = [...world.exports].find(({ item }) => item.kind === 'function' && item.func.name === 'greet')!.item as { func: Func };
    greet.func.docs = { contents: 'Greets `name`.' };
    const files = sources(world, 'greeter');
    assert.deepEqual(Object.keys(files), ['src/greeter.c', 'src/greeter_abi.h', 'src/greeter_abi.c']);
    assert.equal(
      files['src/greeter.c'],
      `// The exports of the world \`greeter\`: implement them here. Their C types are in
// greeter_abi.h; greeter_abi.c (generated) connects them to the component model.
//
// - Arguments are lent for the call: the strings and lists in them are freed when the
//   function returns (copy what you keep).
// - Strings and lists in a result must be allocated with malloc (an empty one may have any
//   pointer, NULL included): they are freed once the caller has copied them.

#include "greeter_abi.h"

// --- the exports of world greeter ---

// Greets \`name\`.
// greet: func(name: string) -> string
greeter_string_t greeter_greet(greeter_string_t name) {
  return (greeter_string_t){0};
}

// count: func(items: list<u32>, origin: point) -> u32
uint32_t greeter_count(greeter_list_u32_t items, types_point_t origin) {
  return 0;
}
`,
    );
    assert.equal(
      files['src/greeter_abi.h'],
      `// Generated by WIT Studio from the world \`greeter\`: do not edit. The C types of its
// exports, and the functions greeter.c implements.
#ifndef GREETER_ABI_H
#define GREETER_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *ptr; // UTF-8, not NUL-terminated
  size_t len; // in bytes
} greeter_string_t;

// list<u32>
typedef struct {
  uint32_t *ptr;
  size_t len;
} greeter_list_u32_t;

// record point
typedef struct {
  int32_t x;
  int32_t y;
} types_point_t;

// --- the exports of world greeter ---

// Greets \`name\`.
// greet: func(name: string) -> string
greeter_string_t greeter_greet(greeter_string_t name);

// count: func(items: list<u32>, origin: point) -> u32
uint32_t greeter_count(greeter_list_u32_t items, types_point_t origin);

#endif // GREETER_ABI_H
`,
    );
    assert.equal(
      files['src/greeter_abi.c'],
      `// Generated by WIT Studio from the world \`greeter\`: do not edit. The canonical ABI glue
// between the component model and greeter.c: each export is a core function named as
// wit-component expects, which converts its arguments to C values, calls the function of
// greeter.c, frees the arguments and returns the result; a \`cabi_post_…\` function frees a
// result once the caller has copied it.

#include <stdlib.h>
#include "greeter_abi.h"

#define EXPORT(name) __attribute__((export_name(name)))

// The allocator the caller uses to pass strings and lists into this module's memory.
EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  // Nothing to allocate: any address aligned for the type will do.
  if (new_size == 0) return (void *)align;
  // malloc aligns to 16 bytes, more than any type of the canonical ABI needs.
  void *p = realloc(old_size > 0 ? old : NULL, new_size);
  if (!p) abort();
  return p;
}

static void greeter_string_free(greeter_string_t *value) {
  if (value->len > 0) free(value->ptr);
}

static void greeter_list_u32_free(greeter_list_u32_t *value) {
  if (value->len > 0) free(value->ptr);
}

// greet: func(name: string) -> string
EXPORT("greet")
int32_t __wasm_export_greeter_greet(int32_t arg_0, int32_t arg_1) {
  greeter_string_t param_0;
  param_0.ptr = (char *)(uintptr_t)arg_0;
  param_0.len = (size_t)arg_1;
  static greeter_string_t result;
  result = greeter_greet(param_0);
  greeter_string_free(&param_0);
  return (int32_t)(uintptr_t)&result;
}

// After the caller has copied the result: free what it owns.
EXPORT("cabi_post_greet")
void __wasm_post_return_greeter_greet(int32_t result) {
  greeter_string_free((greeter_string_t *)(uintptr_t)result);
}

// count: func(items: list<u32>, origin: point) -> u32
EXPORT("count")
int32_t __wasm_export_greeter_count(int32_t arg_0, int32_t arg_1, int32_t arg_2, int32_t arg_3) {
  greeter_list_u32_t param_0;
  param_0.ptr = (uint32_t *)(uintptr_t)arg_0;
  param_0.len = (size_t)arg_1;
  types_point_t param_1;
  param_1.x = arg_2;
  param_1.y = arg_3;
  uint32_t result = greeter_count(param_0, param_1);
  greeter_list_u32_free(&param_0);
  return (int32_t)result;
}
`,
    );
  });

  test('names: interfaces that share a name are told apart by package; C keywords are escaped', async () => {
    const world = await worldOf(`package test:names;

world names {
  export test:a/api;
  export test:b/api;
  export double: func(int: s32, default: string) -> s32;
}

package test:a {
  interface api {
    enum mode { default, fast }
    get: func() -> mode;
  }
}

package test:b {
  interface api {
    enum mode { slow }
    get: func() -> mode;
  }
}
`);
    const header = sources(world, 'names')['src/names_abi.h'];
    const declarations = header.split('\n').filter((line) => /^(\w.*\)|typedef \w+ \w+|enum \{.*\});$/.test(line));
    assert.deepEqual(declarations, [
      'typedef uint8_t test_a_api_mode_t;',
      'enum { TEST_A_API_MODE_DEFAULT, TEST_A_API_MODE_FAST };',
      'typedef uint8_t test_b_api_mode_t;',
      'enum { TEST_B_API_MODE_SLOW };',
      'int32_t names_double(int32_t int_, names_string_t default_);',
      'test_a_api_mode_t test_a_api_get(void);',
      'test_b_api_mode_t test_b_api_get(void);',
    ]);
  });

  test('what it refuses, naming the export and the type', async () => {
    const resources = await worldOf(`package test:res;

interface counters {
  resource counter {
    constructor(start: u32);
    get: func() -> u32;
  }
  make-counter: func(start: u32) -> counter;
}

world w {
  export counters;
}
`);
    const refusal = (world: World) => {
      const generated = cComponentSources(world, { worldName: 'w' });
      return generated.ok ? 'generated' : generated.message;
    };
    assert.equal(refusal(resources), 'the C generator does not support resources yet (export `make-counter` of `test:res/counters` uses resource `counter`): choose JavaScript');
    const resourceTypes = await worldOf('package test:res;\n\ninterface handles {\n  resource handle;\n}\n\nworld w {\n  export handles;\n}\n');
    assert.equal(refusal(resourceTypes), 'the C generator does not support resources yet (export `test:res/handles` defines resource `handle`): choose JavaScript');
    const proxy = await worldOf(`package test:proxy;\n\nworld w {\n  export wasi:http/incoming-handler@0.2.12;\n}\n\n${WASI_PACKAGES()}`);
    assert.equal(
      refusal(proxy),
      'the C generator does not support resources yet (export `handle` of `wasi:http/incoming-handler@0.2.12` uses resource `incoming-request`): choose JavaScript',
    );
    const borrowed = await worldOf('package test:res;\n\ninterface handles {\n  resource handle;\n}\n\nworld w {\n  use handles.{handle};\n  export describe: func(h: borrow<handle>) -> string;\n}\n');
    assert.equal(refusal(borrowed), 'the C generator does not support resources yet (export `describe` uses resource `handle`): choose JavaScript');

    // What a component's world may hold but WIT needs features for: the decoded model, made here.
    const none = { kind: 'none' } as const;
    const exporting = (func: Partial<Func> & { name: string }): World => {
      const world: World = { name: 'w', imports: new WorldItems(), exports: new WorldItems(), docs: {}, stability: UNKNOWN_STABILITY };
      world.exports.set({ kind: 'name', name: func.name }, { kind: 'function', func: { kind: { kind: 'freestanding' }, params: [], docs: {}, stability: UNKNOWN_STABILITY, ...func } });
      return world;
    };
    const returning = (result: WitType) => refusal(exporting({ name: 'f', result }));
    assert.equal(refusal(exporting({ name: 'fetch', kind: { kind: 'async-freestanding' } })), 'the C generator does not support async functions yet (export `fetch` is async)');
    assert.equal(returning(newTypeDef({ kind: 'stream', ty: 'u8' }, none)), 'the C generator does not support futures and streams yet (export `f` uses `stream<u8>`)');
    assert.equal(returning(newTypeDef({ kind: 'future' }, none)), 'the C generator does not support futures and streams yet (export `f` uses `future`)');
    assert.equal(returning('error-context'), 'the C generator does not support error-context yet (export `f` uses `error-context`)');
    assert.equal(
      returning(newTypeDef({ kind: 'list', ty: newTypeDef({ kind: 'map', key: 'string', value: 'u32' }, none) }, none)),
      'the C generator does not support maps yet (export `f` uses `map<string, u32>`)',
    );
    assert.equal(
      refusal(exporting({ name: 'g', params: [{ name: 'rgb', ty: newTypeDef({ kind: 'fixed-length-list', ty: 'u8', length: 3 }, none) }] })),
      'the C generator does not support fixed-length lists yet (export `g` uses `list<u8, 3>`)',
    );
  });
});

describe('C sources for a world, built and run', async () => {
  const skip = await cToolchainProblem();
  let everything: World;
  before(async () => {
    everything = await worldOf(EVERYTHING_WIT);
  });

  test('the stubs: every export answers the default value of its type', { skip }, async () => {
    const component = await build(sources(everything, 'everything'), EVERYTHING_WIT, 'everything');
    // The imports the stubs do not call are left out of the component: only types remain.
    const { info } = readWasm(component);
    assert.deepEqual(info.imports, ['test:cgen/types@0.1.0', 'point', 'color']);
    assert.deepEqual(info.exports, ['hello', 'negate', 'next-char', 'half', 'double', 'minus', 'ignore', 'succeed', 'status', 'test:cgen/api@0.1.0']);
    // Each export once, with arguments that the glue lifts and frees.
    const calls = CALLS.filter((call, i) => CALLS.findIndex((c) => c.fn === call.fn) === i);
    assert.deepEqual(
      await runCalls(component, calls),
      calls.map(({ fn, args, stub }) => ({ fn, args, result: stub })),
    );
  });

  test('an implementation of the header: every argument arrives, every result leaves intact', { skip }, async () => {
    const files = { ...sources(everything, 'everything'), 'src/everything.c': readFileSync(join(FIXTURE, 'echo.c'), 'utf8') };
    const component = await build(files, EVERYTHING_WIT, 'everything');
    assert.deepEqual(
      await runCalls(component, CALLS),
      CALLS.map(({ fn, args, echo }) => ({ fn, args, result: echo })),
    );
  });

  test('wasi:cli/command: the stub of `run` returns ok, and the component runs as a command', { skip }, async () => {
    const wit = `package test:app;\n\nworld app {\n  include wasi:cli/command@0.2.12;\n}\n\n${wasiPackages('cli', 'clocks', 'filesystem', 'io', 'random', 'sockets')}`;
    const files = sources(await worldOf(wit), 'app');
    assert.match(files['src/app.c'], /\napp_result_void_void_t run_run\(void\) \{\n {2}return \(app_result_void_void_t\)\{ \.is_err = false \};\n\}\n/);
    assert.match(files['src/app_abi.c'], /\nEXPORT\("wasi:cli\/run@0\.2\.12#run"\)\nint32_t __wasm_export_run_run\(void\) \{\n/);
    const component = await build(files, wit, 'app');
    const run = runComponent(component, { kind: 'command', args: [] });
    const { code } = await run.done;
    assert.equal(code, 0, JSON.stringify(run.events));
    assert.deepEqual(
      run.events.map((e) => e.event),
      ['started', 'exit'],
    );
  });
});
