// Compiler output → diagnostics (client/src/toolchains/problemMatchers.ts) on real output:
// clang's and wasm-ld's from compiling broken files here (skipped without a C toolchain), and
// componentize-js's as it printed it for broken projects (test/fixtures/toolchains/README.md).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseCompilerOutput, ProblemMatcher } from '../../../client/src/toolchains/problemMatchers';
import { findTool } from '../../../client/src/toolchains/tools';
import { fixturesDir } from '../../helpers/paths';
import { cToolchainProblem, tempDir, writeFiles } from '../../helpers/toolchains';

const BROKEN_C = {
  'src/bad.c': [
    '#include <stdint.h>',
    '',
    'int add(int a, int b) {',
    '  return a + b',
    '}',
    '',
    'int use(void) {',
    '  int *p = 3;',
    '  return undefined_name + *p;',
    '}',
    '',
  ].join('\n'),
  'src/note.c': 'int twice(int x);\nlong twice(long x) { return 2 * x; }\n',
  'src/missing.c': '#include "nope.h"\nint f(void) { return 1; }\n',
  'src/link.c': 'extern int not_defined(int);\n__attribute__((export_name("g"))) int g(void) { return not_defined(2); }\n',
};

describe('clang and wasm-ld', async () => {
  const skip = await cToolchainProblem();
  const dir = tempDir('clang-output-');
  writeFiles(dir, BROKEN_C);
  /** What clang prints (stderr) compiling and linking `sources` for wasm32-wasi from `dir`. */
  const clang = async (...sources: string[]) => {
    const tool = await findTool('clang');
    assert.ok(tool.found);
    const r = spawnSync(tool.path, ['--target=wasm32-wasi', '-mexec-model=reactor', '-fno-color-diagnostics', ...sources, '-o', join(dir, 'out.wasm')], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1);
    return r.stderr;
  };

  test('errors and warnings with their places and -W flags', { skip }, async () => {
    assert.deepEqual(parseCompilerOutput(await clang('src/bad.c'), { cwd: dir }), [
      { file: join(dir, 'src/bad.c'), line: 4, column: 15, severity: 'error', message: "expected ';' after return statement", source: 'clang' },
      {
        file: join(dir, 'src/bad.c'),
        line: 8,
        column: 8,
        severity: 'warning',
        message: "incompatible integer to pointer conversion initializing 'int *' with an expression of type 'int'",
        code: '-Wint-conversion',
        source: 'clang',
      },
      { file: join(dir, 'src/bad.c'), line: 9, column: 10, severity: 'error', message: "use of undeclared identifier 'undefined_name'", source: 'clang' },
    ]);
  });

  test('a note belongs to the error before it; a fatal error is an error', { skip }, async () => {
    assert.deepEqual(parseCompilerOutput(await clang('src/note.c', 'src/missing.c'), { cwd: dir }), [
      {
        file: join(dir, 'src/note.c'),
        line: 2,
        column: 6,
        severity: 'error',
        message: "conflicting types for 'twice'",
        source: 'clang',
        related: [{ file: join(dir, 'src/note.c'), line: 1, column: 5, message: 'previous declaration is here' }],
      },
      { file: join(dir, 'src/missing.c'), line: 1, column: 10, severity: 'error', message: "'nope.h' file not found", source: 'clang' },
    ]);
  });

  test('a linker error has no place; the driver\'s "linker command failed" is left out', { skip }, async () => {
    const output = await clang('src/link.c');
    assert.match(output, /^wasm-ld(-\d+)?: error: \S+\.o: undefined symbol: not_defined$/m);
    assert.match(output, /^clang(-\d+)?: error: linker command failed/m);
    assert.deepEqual(parseCompilerOutput(output, { cwd: dir }), [{ severity: 'error', message: 'undefined symbol: not_defined', source: 'wasm-ld' }]);
  });
});

describe('componentize-js', () => {
  const project = '/work/js-plugin';
  const output = (name: string) => readFileSync(join(fixturesDir, 'toolchains', `componentize-${name}.txt`), 'utf8');
  // jco runs componentize-js from the entry's folder, so its messages name files from there.
  const options = { cwd: join(project, 'src'), defaultSource: 'componentize-js' };

  test('an error thrown while initializing the component, at its place (once, not per excerpt line)', () => {
    assert.deepEqual(parseCompilerOutput(output('init-error'), options), [
      { file: join(project, 'src/throws.js'), line: 72, column: 1, severity: 'error', message: 'ReferenceError: undefinedFunction is not defined', code: 'ReferenceError', source: 'componentize-js' },
    ]);
  });

  test('an entry that does not export what the world asks for', () => {
    assert.deepEqual(parseCompilerOutput(output('missing-export'), options), [
      { file: join(project, 'src/noexport.js'), severity: 'error', message: 'noexport.js does not export a "text" interface as expected by the world.', source: 'componentize-js' },
    ]);
  });

  test('a syntax error in a bundled module (rolldown\'s report)', () => {
    assert.deepEqual(parseCompilerOutput(output('bundle-parse-error'), options), [
      { file: join(project, 'src/util.js'), line: 2, column: 13, severity: 'error', message: 'Unexpected token', code: 'PARSE_ERROR', source: 'componentize-js' },
    ]);
  });

  test('WIT that does not parse: the package folder', () => {
    assert.deepEqual(parseCompilerOutput(output('wit-parse-error'), options), [
      { file: '/tmp/tc/jsbad/badwit', severity: 'error', message: 'failed to parse the WIT package at /tmp/tc/jsbad/badwit', source: 'wit' },
    ]);
  });

  test('lines may come in any chunks: streaming gives what parsing the whole does', () => {
    const whole = output('init-error');
    const matcher = new ProblemMatcher(options);
    for (const line of whole.split('\n')) matcher.push(`${line}\r`);
    assert.deepEqual(matcher.finish(), parseCompilerOutput(whole, options));
  });
});

describe('other formats', () => {
  // rustc's and Python's report formats (no Rust or componentize-py toolchain here to run).
  test('a rustc error block with its --> place and notes', () => {
    const output = [
      'error[E0425]: cannot find value `y` in this scope',
      ' --> src/lib.rs:3:13',
      '  |',
      '3 |     let x = y;',
      '  |             ^ not found in this scope',
      '  = help: consider importing this constant',
      '',
      'error: could not compile `demo` (lib) due to 1 previous error',
    ].join('\n');
    assert.deepEqual(parseCompilerOutput(output, { cwd: '/crate', defaultSource: 'rustc' }), [
      {
        file: '/crate/src/lib.rs',
        line: 3,
        column: 13,
        severity: 'error',
        message: 'cannot find value `y` in this scope',
        code: 'E0425',
        source: 'rustc',
        related: [{ file: '/crate/src/lib.rs', line: 3, column: 13, message: 'help: consider importing this constant' }],
      },
    ]);
  });

  test('a Python traceback: the innermost frame and the exception', () => {
    const output = ['Traceback (most recent call last):', '  File "/app/app.py", line 3, in <module>', '    import missing', "ModuleNotFoundError: No module named 'missing'"].join('\n');
    assert.deepEqual(parseCompilerOutput(output, { cwd: '/app', defaultSource: 'python' }), [
      { file: '/app/app.py', line: 3, severity: 'error', message: "ModuleNotFoundError: No module named 'missing'", code: 'ModuleNotFoundError', source: 'python' },
    ]);
  });
});
