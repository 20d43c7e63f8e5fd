// wasmtime runs of the same specs (client/src/toolchains/wasmtime.ts): the argument arrays for
// every mode and grant, and — where wasmtime is on PATH — real runs that give what the runner
// gives (WAVE result on stdout, exit code 134 on a trap, a served HTTP handler).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunSpec } from '../../../client/src/runtime/runSpec';
import { runProcess, startProcess } from '../../../client/src/toolchains/process';
import { findTool } from '../../../client/src/toolchains/tools';
import { invocation, wasmtimeLaunch, wasmtimeListeningUrl } from '../../../client/src/toolchains/wasmtime';
import { tempDir } from '../../helpers/toolchains';
import { NO_GRANTS, httpHandlerComponent, valuesComponent } from '../../helpers/wasmComponents';

const base: RunSpec = { component: '/w/app.wasm', mode: { kind: 'command', args: ['a', 'b c'] }, grants: NO_GRANTS, cwd: '/w' };

describe('wasmtime arguments', () => {
  test('a command with every grant', () => {
    const launch = wasmtimeLaunch({
      ...base,
      grants: { directories: [{ host: '/home/me/data', guest: '/data' }, { host: 'out', guest: '/out', readOnly: true }], env: { A: '1', B: 'x=y' }, network: true, stdin: true },
    });
    assert.deepEqual(launch.args, [
      'run',
      '--dir', '/home/me/data::/data',
      '--dir', 'out::/out',
      '--env', 'A=1',
      '--env', 'B=x=y',
      '-S', 'inherit-network',
      '-S', 'allow-ip-name-lookup',
      '-S', 'http',
      '/w/app.wasm', 'a', 'b c',
    ]);
    assert.equal(launch.command, 'wasmtime');
    assert.equal(launch.cwd, '/w');
    assert.equal(launch.interactiveInput, true);
    assert.deepEqual(launch.warnings, ["wasmtime's command line cannot make /out read-only: wasmtime grants it read-write."]);
  });

  test('nothing granted: no flags (wasmtime then gives no files, variables or network)', () => {
    const launch = wasmtimeLaunch(base, { wasmtime: '/opt/wasmtime', imports: ['wasi:http/outgoing-handler@0.2.3'] });
    assert.deepEqual(launch.args, ['run', '/w/app.wasm', 'a', 'b c']);
    assert.equal(launch.command, '/opt/wasmtime');
    assert.equal(launch.interactiveInput, false);
    assert.deepEqual(launch.warnings, ['The network is denied, so wasmtime runs it without wasi:http: a component that imports wasi:http/outgoing-handler cannot start.']);
  });

  test('invoke and serve', () => {
    assert.deepEqual(wasmtimeLaunch({ ...base, mode: { kind: 'invoke', function: 'ns:pkg/api.greet@1.0.0', args: '"hi", 2' } }).args, [
      'run',
      '--invoke', 'ns:pkg/api.greet@1.0.0("hi", 2)',
      '/w/app.wasm',
    ]);
    assert.equal(invocation('f', '1 // one'), 'f(1 // one\n)');
    const serve = wasmtimeLaunch({ ...base, mode: { kind: 'serve', port: 0 }, grants: { ...NO_GRANTS, env: { A: '1' } } }, { imports: ['wasi:http/outgoing-handler@0.2.3'] });
    assert.deepEqual(serve.args, ['serve', '--addr', '127.0.0.1:0', '-S', 'cli', '--env', 'A=1', '/w/app.wasm']);
    assert.deepEqual(serve.warnings, ['wasmtime serve cannot deny outgoing HTTP requests: the component may make them.']);
    assert.equal(wasmtimeListeningUrl('Serving HTTP on http://127.0.0.1:43210/'), 'http://127.0.0.1:43210/');
    assert.equal(wasmtimeListeningUrl('something else'), undefined);
  });
});

describe('wasmtime runs', async () => {
  const found = await findTool('wasmtime');
  const skip = found.found ? {} : { skip: 'wasmtime is not on PATH' };
  const wasmtime = { wasmtime: found.found ? found.path : 'wasmtime' };

  const values = async () => {
    const path = join(tempDir('wasmtime-'), 'values.wasm');
    writeFileSync(path, await valuesComponent());
    return path;
  };

  test('invoke prints the WAVE result, as the runner reports it', skip, async () => {
    const launch = wasmtimeLaunch({ ...base, component: await values(), mode: { kind: 'invoke', function: 'test:run/api.greet', args: '"WAVE 🌊"' } }, wasmtime);
    const r = await runProcess(launch.command, launch.args, { cwd: launch.cwd });
    assert.equal(r.stdout, '"hello, WAVE 🌊!"');
    assert.equal(r.code, 0);
  });

  test('a trap exits with 134', skip, async () => {
    const launch = wasmtimeLaunch({ ...base, component: await values(), mode: { kind: 'invoke', function: 'boom', args: '' } }, wasmtime);
    const r = await runProcess(launch.command, launch.args, { cwd: launch.cwd });
    assert.equal(r.code, 134);
    assert.match(r.stderr, /unreachable/);
  });

  test('serve answers on the address it prints', skip, async () => {
    const path = join(tempDir('wasmtime-'), 'handler.wasm');
    writeFileSync(path, await httpHandlerComponent());
    const launch = wasmtimeLaunch({ ...base, component: path, mode: { kind: 'serve', port: 0 } }, wasmtime);
    let listened: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (listened = resolve));
    const p = startProcess(launch.command, launch.args, {
      cwd: launch.cwd,
      onStderr: (line) => {
        const url = wasmtimeListeningUrl(line);
        if (url) listened(url);
      },
    });
    try {
      const response = await fetch(await listening);
      assert.equal(await response.text(), 'hello from a WAT component\n');
    } finally {
      await p.stop(500);
    }
  });
});
