// A traced run with the wasmtime engine, against a stand-in `wasmtime` (a script that writes what
// `WASMTIME_LOG=wasmtime_wasi=trace` makes Wasmtime write): the call log becomes a partial trace
// and stays out of the component's output. Real Wasmtime runs: test/unit/runtime/wasmtime.test.ts.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startRun } from '../../../client/src/runtime/session';
import { readTrace } from '../../../client/src/trace/format';

const dir = mkdtempSync(join(tmpdir(), 'wit-wasmtime-trace-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TARGET = 'wasmtime_wasi::p2::bindings::sync::generated::wasi::cli::stdout';
const SPAN = 'wit-bindgen import{module="stdout" function="get-stdout"}';

test('a traced Wasmtime run writes its call log as a partial trace, apart from the output', async () => {
  const wasmtime = join(dir, 'wasmtime');
  writeFileSync(
    wasmtime,
    [
      '#!/bin/sh',
      // Only when asked to log, as Wasmtime.
      '[ "$WASMTIME_LOG" = "wasmtime_wasi=trace" ] || exit 3',
      `echo '2025-03-04T10:00:00.000100Z TRACE ${SPAN}: ${TARGET}: call' >&2`,
      `echo '2025-03-04T10:00:00.000300Z TRACE ${SPAN}: ${TARGET}: return result=Ok(Resource { rep: 1, state: "own" })' >&2`,
      'echo "hello from the component"',
      'echo "a warning of its own" >&2',
    ].join('\n'),
  );
  chmodSync(wasmtime, 0o755);
  const output: string[] = [];
  const run = await startRun(
    { component: 'app.wasm', mode: { kind: 'command', args: [] }, grants: { directories: [], env: {}, network: false, stdin: false }, cwd: dir, trace: { file: 'traces/app.witrace' } },
    { kind: 'wasmtime', path: wasmtime, imports: [] },
    { onOutput: (line, stream) => output.push(`${stream}: ${line}`) },
  );
  const outcome = await run.done;
  assert.equal(outcome.code, 0);
  assert.deepEqual(output, ['stdout: hello from the component', 'stderr: a warning of its own']);
  assert.deepEqual(outcome.trace, { file: join(dir, 'traces', 'app.witrace'), calls: 1 });
  const trace = readTrace(readFileSync(outcome.trace!.file, 'utf8'));
  assert.ok(trace.ok);
  assert.equal(trace.header.source, 'wasmtime-log');
  assert.deepEqual(trace.header.components, { 'app.wasm': join(dir, 'app.wasm') });
  assert.deepEqual(
    trace.calls.map((c) => [c.caller, c.callee, c.interface, c.function, c.result]),
    [['app.wasm', 'host', 'wasi:cli/stdout', 'get-stdout', 'Ok(Resource { rep: 1, state: "own" })']],
  );
});
