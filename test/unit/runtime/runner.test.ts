// The bundled runner (dist/runtime/runner.mjs) running real components in child processes, as
// the extension starts it (runnerLaunch + startProcess, events on fd 3): components made here
// from WAT (exports with WAVE arguments and results, traps, an endless loop, sockets and HTTP,
// an HTTP handler) and a C command built with buildProject (arguments, environment,
// directories, read-only directories, stdin).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TRAP_EXIT_CODE, type RunGrants, type RunnerEvent } from '../../../client/src/runtime/runSpec';
import { buildProject } from '../../../client/src/toolchains/pipelines';
import { detectProjectOnDisk } from '../../../client/src/toolchains/projects';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { cToolchainProblem, tempDir, writeFiles } from '../../helpers/toolchains';
import { NO_GRANTS, WASI_PACKAGES, WAT_MEMORY, componentFromWat, coreImport, httpHandlerComponent, runComponent, valuesComponent, worldOf, type Run } from '../../helpers/wasmComponents';

const NET_WIT = () => `package test:net;

world net {
  import wasi:sockets/instance-network@0.2.12;
  import wasi:sockets/tcp-create-socket@0.2.12;
  import wasi:sockets/tcp@0.2.12;
  import wasi:http/outgoing-handler@0.2.12;
  use wasi:sockets/network@0.2.12.{error-code};
  use wasi:http/types@0.2.12.{error-code as http-error-code};
  /// Connects to 127.0.0.1:port.
  export connect: func(port: u16) -> result<_, error-code>;
  /// Sends a request (it has no authority: only whether it may be sent matters).
  export fetch: func() -> result<_, http-error-code>;
}

${WASI_PACKAGES()}`;

function netWat(world: World): string {
  const imp = (iface: string, func: string, local: string) => coreImport(world, iface, func, local);
  const zeros = (n: number) => ' (i32.const 0)'.repeat(n);
  // Return areas: 1024 for the imports, 2048 for connect's result, 4096 for fetch's (HTTP error-code is 8-aligned).
  return `(module
  ${imp('instance-network', 'instance-network', '$network')}
  ${imp('tcp-create-socket', 'create-tcp-socket', '$create')}
  ${imp('tcp', '[method]tcp-socket.start-connect', '$start')}
  ${imp('tcp', '[method]tcp-socket.subscribe', '$subscribe')}
  ${imp('tcp', '[method]tcp-socket.finish-connect', '$finish')}
  ${imp('poll', '[method]pollable.block', '$block')}
  ${imp('types', '[constructor]fields', '$fields')}
  ${imp('types', '[constructor]outgoing-request', '$request')}
  ${imp('outgoing-handler', 'handle', '$handle')}
  ${WAT_MEMORY}
  (func $fail (param $code i32) (result i32)
    (i32.store8 (i32.const 2048) (i32.const 1))
    (i32.store8 (i32.const 2049) (local.get $code))
    (i32.const 2048))
  (func (export "connect") (param $port i32) (result i32)
    (local $net i32) (local $socket i32)
    (local.set $net (call $network))
    (call $create (i32.const 0) (i32.const 1024))
    (if (i32.load8_u (i32.const 1024)) (then (return (call $fail (i32.load8_u (i32.const 1028))))))
    (local.set $socket (i32.load (i32.const 1028)))
    ;; ipv4(127.0.0.1:port), padded to the ipv6 case's 11 slots.
    (call $start (local.get $socket) (local.get $net) (i32.const 0) (local.get $port)
      (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1)${zeros(6)} (i32.const 1024))
    (if (i32.load8_u (i32.const 1024)) (then (return (call $fail (i32.load8_u (i32.const 1025))))))
    (loop $wait
      (call $block (call $subscribe (local.get $socket)))
      (call $finish (local.get $socket) (i32.const 1024))
      (if (i32.load8_u (i32.const 1024))
        (then
          ;; would-block: not connected yet.
          (br_if $wait (i32.eq (i32.load8_u (i32.const 1028)) (i32.const 8)))
          (return (call $fail (i32.load8_u (i32.const 1028)))))))
    (i32.store8 (i32.const 2048) (i32.const 0))
    (i32.const 2048))
  (func (export "fetch") (result i32)
    (call $handle (call $request (call $fields)) (i32.const 0) (i32.const 0) (i32.const 4096))
    (i32.const 4096)))
`;
}

/** Runs to the end; the events, stdout and stderr. */
async function runToEnd(run: Run): Promise<{ events: RunnerEvent[]; stdout: string[]; stderr: string[]; code: number | null }> {
  const result = await run.done;
  return { events: run.events, stdout: run.stdout, stderr: run.stderr, code: result.code };
}

/** Whether a process group still exists. */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ESRCH');
    return false;
  }
}

const started = { event: 'started', pid: 0 };
const withoutPid = (events: RunnerEvent[]) => events.map((e) => (e.event === 'started' ? started : e));

describe('runner: invoke', () => {
  let values: Uint8Array;
  before(async () => {
    values = await valuesComponent();
  });

  const invoke = (fn: string, args: string) => runToEnd(runComponent(values, { kind: 'invoke', function: fn, args }));

  test('a function called with WAVE arguments reports its result in WAVE', async () => {
    const run = await invoke('test:run/api.greet', '"WAVE 🌊"');
    assert.deepEqual(withoutPid(run.events), [started, { event: 'result', wave: '"hello, WAVE 🌊!"' }, { event: 'exit', code: 0 }]);
    assert.equal(run.code, 0);
    assert.deepEqual(run.stdout, []);
  });

  test('results, errors of results, world functions, short names', async () => {
    const result = async (fn: string, args: string) => (await invoke(fn, args)).events.find((e) => e.event === 'result');
    assert.deepEqual(await result('check', '21'), { event: 'result', wave: 'ok(42)' });
    assert.deepEqual(await result('api.check', '-1'), { event: 'result', wave: 'err(negative)' });
    assert.deepEqual(await result('test:run/api.check', '(500)'), { event: 'result', wave: 'err(too-big(500))' });
    assert.deepEqual(await result('answer', ''), { event: 'result', wave: '42' });
  });

  test('a trap is reported with its message and the function, exit code 134', async () => {
    const boom = await invoke('boom', '');
    assert.deepEqual(withoutPid(boom.events), [
      started,
      { event: 'trap', message: 'wasm trap: wasm `unreachable` instruction executed', function: 'test:run/api.boom' },
      { event: 'exit', code: TRAP_EXIT_CODE },
    ]);
    assert.equal(boom.code, TRAP_EXIT_CODE);
    const deep = await invoke('deep', '0');
    assert.deepEqual(deep.events[1], { event: 'trap', message: 'wasm trap: call stack exhausted', function: 'test:run/api.deep' });
  });

  test('bad arguments and unknown functions are errors before anything runs', async () => {
    const bad = await invoke('check', '"x"');
    assert.deepEqual(bad.events, [
      { event: 'error', message: 'invalid arguments for test:run/api.check (0..3): invalid value type' },
      { event: 'exit', code: 1 },
    ]);
    assert.equal(bad.code, 1);
    const unknown = await invoke('nope', '');
    assert.deepEqual(unknown.events[0], { event: 'error', message: 'No exported func named `nope` in component.' });
    const command = await runToEnd(runComponent(values, { kind: 'command', args: [] }));
    assert.deepEqual(command.events[0], { event: 'error', message: 'the component does not export wasi:cli/run (it is not a command)' });
  });

  test('an endless loop is stopped with its whole process group', async () => {
    const run = runComponent(values, { kind: 'invoke', function: 'spin', args: '' });
    await run.event('started');
    const pid = run.process.pid!;
    assert.ok(groupExists(pid));
    const result = await run.process.stop(500);
    assert.equal(result.stopped, true);
    assert.equal(groupExists(pid), false);
    assert.ok(!run.events.some((e) => e.event === 'result'));
  });
});

describe('runner: network', () => {
  let net: Uint8Array;
  let server: Server;
  let port: number;
  let connections = 0;

  before(async () => {
    const wit = NET_WIT();
    net = await componentFromWat(wit, netWat(await worldOf(wit)));
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  const result = async (fn: string, args: string, network: boolean) => {
    const run = await runToEnd(runComponent(net, { kind: 'invoke', function: fn, args }, { ...NO_GRANTS, network }));
    return run.events.find((e) => e.event === 'result' || e.event === 'error' || e.event === 'trap');
  };

  test('denied: sockets fail with access-denied, outgoing HTTP with HTTP-request-denied', async () => {
    const before = connections;
    assert.deepEqual(await result('connect', String(port), false), { event: 'result', wave: 'err(access-denied)' });
    assert.deepEqual(await result('fetch', '', false), { event: 'result', wave: 'err(HTTP-request-denied)' });
    assert.equal(connections, before);
  });

  test('granted: the component connects', async () => {
    const before = connections;
    assert.deepEqual(await result('connect', String(port), true), { event: 'result', wave: 'ok' });
    for (let i = 0; i < 100 && connections === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(connections, before + 1);
  });
});

describe('runner: serve', () => {
  test('an HTTP handler answers on the port it reports, until stopped', async () => {
    const component = await httpHandlerComponent();
    const run = runComponent(component, { kind: 'serve', port: 0 });
    try {
      const { url } = await run.event('listening');
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'hello from a WAT component\n');
    } finally {
      const pid = run.process.pid!;
      await run.process.stop(500);
      assert.equal(groupExists(pid), false);
    }
  });
});

const PROBE_C = `// Prints its arguments and environment, then: read PATH, write PATH, stdin.
#include <errno.h>
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  int failed = 0;
  printf("argv[0] %s\\n", argv[0]);
  for (int i = 1; i < argc; i++) printf("arg %s\\n", argv[i]);
  for (char **e = environ; e && *e; e++) printf("env %s\\n", *e);
  char buffer[256];
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "stdin") == 0) {
      size_t n = fread(buffer, 1, sizeof buffer - 1, stdin);
      buffer[n] = 0;
      printf("stdin: %s\\n", buffer);
    } else if (strcmp(argv[i], "read") == 0 && i + 1 < argc) {
      FILE *f = fopen(argv[++i], "r");
      if (!f) { printf("cannot read %s: %s\\n", argv[i], strerror(errno)); failed = 1; continue; }
      size_t n = fread(buffer, 1, sizeof buffer - 1, f);
      buffer[n] = 0;
      fclose(f);
      printf("read %s: %s\\n", argv[i], buffer);
    } else if (strcmp(argv[i], "write") == 0 && i + 1 < argc) {
      FILE *f = fopen(argv[++i], "w");
      if (!f) { printf("cannot write %s: %s\\n", argv[i], strerror(errno)); failed = 1; continue; }
      fputs("written by the component", f);
      fclose(f);
      printf("wrote %s\\n", argv[i]);
    }
  }
  return failed;
}
`;

describe('runner: a C command (wasi:cli/run) and what it is granted', async () => {
  const problem = await cToolchainProblem();
  let probe: string;
  let data: string;

  before(async () => {
    if (problem) return;
    const dir = join(tempDir('probe-'), 'probe');
    writeFiles(dir, { 'wit/probe.wit': 'package test:probe;\n\nworld probe {}\n', 'src/main.c': PROBE_C });
    const project = await detectProjectOnDisk(dir);
    assert.ok(project.kind === 'c', JSON.stringify(project));
    const built = await buildProject(project);
    assert.ok(built.ok, built.message);
    probe = built.output!;
    data = join(tempDir('data-'), 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'in.txt'), 'granted contents');
  });

  const run = (args: string[], grants: RunGrants) => runToEnd(runComponent(probe, { kind: 'command', args }, grants));
  const skip = problem ? { skip: problem } : {};

  test('arguments and only the granted environment variables', skip, async () => {
    const r = await run(['one', 'two words'], { ...NO_GRANTS, env: { GREETING: 'hi', EMPTY: '' } });
    assert.deepEqual(r.stdout, [`argv[0] ${probe}`, 'arg one', 'arg two words', 'env GREETING=hi', 'env EMPTY=']);
    assert.deepEqual(withoutPid(r.events), [started, { event: 'exit', code: 0 }]);
    assert.equal(r.code, 0);
  });

  // Without a preopened directory that holds the path, wasi-libc has nowhere to look: ENOTCAPABLE.
  test('a directory that is not granted cannot be read; granted, it can be read and written', skip, async () => {
    const denied = await run(['read', '/data/in.txt'], NO_GRANTS);
    assert.deepEqual(denied.stdout.slice(-1), ['cannot read /data/in.txt: Capabilities insufficient']);
    assert.equal(denied.code, 1);
    assert.deepEqual(denied.events.at(-1), { event: 'exit', code: 1 });

    const granted = await run(['read', '/data/in.txt', 'write', '/data/out.txt'], { ...NO_GRANTS, directories: [{ host: data, guest: '/data' }] });
    assert.deepEqual(granted.stdout.slice(-2), ['read /data/in.txt: granted contents', 'wrote /data/out.txt']);
    assert.equal(readFileSync(join(data, 'out.txt'), 'utf8'), 'written by the component');
    assert.equal(granted.code, 0);
  });

  test('a read-only directory can be read but not written', skip, async () => {
    const r = await run(['read', '/ro/in.txt', 'write', '/ro/new.txt'], { ...NO_GRANTS, directories: [{ host: data, guest: '/ro', readOnly: true }] });
    assert.deepEqual(r.stdout.slice(-2), ['read /ro/in.txt: granted contents', 'cannot write /ro/new.txt: Operation not permitted']);
    assert.equal(existsSync(join(data, 'new.txt')), false);
    assert.equal(r.code, 1);
  });

  test('stdin: the terminal when granted, empty otherwise', skip, async () => {
    const granted = runComponent(probe, { kind: 'command', args: ['stdin'] }, { ...NO_GRANTS, stdin: true });
    granted.process.stdin!.end('typed input');
    assert.deepEqual((await runToEnd(granted)).stdout.slice(-1), ['stdin: typed input']);
    const empty = await run(['stdin'], NO_GRANTS);
    assert.deepEqual(empty.stdout.slice(-1), ['stdin: ']);
  });
});
