// wit-check as CI runs it: the bundled dist/wit-check.js in a process, on WIT and WAC files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { repoRoot } from '../../helpers/paths';
import { tempDir } from '../../helpers/toolchains';
import { appComponent, greeterComponent } from '../../helpers/wasmComponents';

function witCheck(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'wit-check.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('wit-check', () => {
  let dir: string;
  before(async () => {
    dir = tempDir('wit-check-');
    mkdirSync(join(dir, 'deps', 'test'), { recursive: true });
    writeFileSync(join(dir, 'deps', 'test', 'greeter.wasm'), await greeterComponent());
    writeFileSync(join(dir, 'app.wasm'), await appComponent());
    writeFileSync(join(dir, 'bad.wit'), 'package a:b;\ninterface i {\n  f: func() -> strin;\n}\n');
    writeFileSync(join(dir, 'good.wac'), 'package test:composition;\nlet greeter = new test:greeter { ... };\nlet app = new test:app { greet: greeter.greet };\nexport app.run;\n');
    writeFileSync(join(dir, 'bad.wac'), 'package test:composition;\nlet greeter = new test:greeter { ... };\nlet app = new test:app { greet: greeter.great };\nexport app.run;\n');
  });

  test('a WIT error: its message, where it is, and exit status 1', () => {
    const r = witCheck(dir, 'bad.wit');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, 'error: name `strin` does not exist\n  --> bad.wit:3:16\n  |\n3 |   f: func() -> strin;\n  |                ^^^^^\n\nwit-check: 1 error in 1 file\n');
  });

  test('a WAC composition, its packages from deps/ and --dep', () => {
    const clean = witCheck(dir, '--dep', 'test:app=app.wasm', 'good.wac');
    assert.deepEqual([clean.status, clean.stdout], [0, 'wit-check: 1 path checked, no errors\n']);
    const bad = witCheck(dir, '--dep=test:app=app.wasm', '--json', 'bad.wac');
    assert.equal(bad.status, 1);
    assert.deepEqual(JSON.parse(bad.stdout).results[0].diagnostics.map((d: { line: number; column: number; endColumn: number; message: string }) => [d.line, d.column, d.endColumn, d.message]), [
      [3, 40, 46, 'the instance has no export named `great`'],
    ]);
    const unknown = witCheck(dir, 'good.wac');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stdout, /unknown package `test:app`/);
  });

  test('bad usage exits with 2', () => {
    assert.equal(witCheck(dir, '--dep', 'nonsense', 'good.wac').status, 2);
    assert.equal(witCheck(dir).status, 2);
  });
});
