// Wasmtime logs (`WASMTIME_LOG=wasmtime_wasi=trace`) read into the trace model
// (client/src/trace/wasmtimeLog.ts). The lines are in the format Wasmtime's CLI prints:
// tracing-subscriber's default format (crates/cli-flags: `FmtSubscriber::builder()` on
// stderr) of the spans and events `wasmtime::component::bindgen!` generates with `tracing`
// (crates/wit-bindgen: a `wit-bindgen import{module, function}` span, a `call` event with the
// arguments, list values as "...", and a `return` event with `result`), as in
// bytecodealliance/wasmtime#7239 (which also shows `wit-bindgen export` spans) and, for
// preview 1, the `wiggle abi` lines of docs/cli-logging.md.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWasmtimeLog } from '../../../client/src/trace/wasmtimeLog';

const component = { name: 'app.wasm', path: '/w/app.wasm' };
const TARGET = 'wasmtime_wasi::p2::bindings::sync::generated::wasi';

/** A line of a bindgen import span (`time` in µs after 10:00:00). */
function line(time: number, module: string, fn: string, target: string, event: string, spans = ''): string {
  const stamp = `2025-03-04T10:00:00.${String(time).padStart(6, '0')}Z`;
  return `${stamp} TRACE ${spans}wit-bindgen import{module="${module}" function="${fn}"}: ${TARGET}::${target}: ${event}`;
}

describe('Wasmtime logs', () => {
  test('a command: WASI calls with their arguments and results, times, the component output skipped', () => {
    const log = [
      line(100, 'environment', 'get-arguments', 'cli::environment', 'call'),
      line(150, 'environment', 'get-arguments', 'cli::environment', 'return result=Ok(["app.wasm", "--name", "a b"])'),
      'hello from the component',
      line(300, 'stdout', 'get-stdout', 'cli::stdout', 'call'),
      line(320, 'stdout', 'get-stdout', 'cli::stdout', 'return result=Ok(Resource { rep: 1, state: "own (not in table)" })'),
      line(400, 'streams', '[method]output-stream.blocking-write-and-flush', 'io::streams', 'call self_=Resource { rep: 1, state: "borrow" } contents="..."'),
      line(520, 'streams', '[method]output-stream.blocking-write-and-flush', 'io::streams', 'return result=Ok(())'),
      line(600, 'types', '[method]descriptor.open-at', 'filesystem::types', 'call self_=Resource { rep: 3, state: "borrow" } path_flags=PathFlags(SYMLINK_FOLLOW) path="data.txt" open_flags=OpenFlags(0x0) flags=DescriptorFlags(READ)'),
      line(700, 'types', '[method]descriptor.open-at', 'filesystem::types', 'return result=Err(ErrorCode::NoEntry)'),
      line(800, 'exit', 'exit', 'cli::exit', 'call status=Err(())'),
      '',
    ].join('\n');
    const { header, calls } = parseWasmtimeLog(log, { component });
    assert.deepEqual(header, {
      kind: 'wit-studio-trace',
      version: 1,
      startedAt: Date.UTC(2025, 2, 4, 10, 0, 0) + 0.1,
      components: { 'app.wasm': '/w/app.wasm' },
      source: 'wasmtime-log',
      maxValueLength: 1024,
    });
    const wasi = { parent: 0, caller: 'app.wasm', callee: 'host' };
    assert.deepEqual(calls, [
      { id: 1, ...wasi, interface: 'wasi:cli/environment', function: 'get-arguments', args: [], start: 0, duration: 0.05, result: 'Ok(["app.wasm", "--name", "a b"])' },
      { id: 2, ...wasi, interface: 'wasi:cli/stdout', function: 'get-stdout', args: [], start: 0.2, duration: 0.02, result: 'Ok(Resource { rep: 1, state: "own (not in table)" })' },
      {
        id: 3,
        ...wasi,
        interface: 'wasi:io/streams',
        function: '[method]output-stream.blocking-write-and-flush',
        args: ['self: Resource { rep: 1, state: "borrow" }', 'contents: "..."'],
        start: 0.3,
        duration: 0.12,
        result: 'Ok(())',
      },
      {
        id: 4,
        ...wasi,
        interface: 'wasi:filesystem/types',
        function: '[method]descriptor.open-at',
        args: ['self: Resource { rep: 3, state: "borrow" }', 'path_flags: PathFlags(SYMLINK_FOLLOW)', 'path: "data.txt"', 'open_flags: OpenFlags(0x0)', 'flags: DescriptorFlags(READ)'],
        start: 0.5,
        duration: 0.1,
        result: 'Err(ErrorCode::NoEntry)',
      },
      { id: 5, ...wasi, interface: 'wasi:cli/exit', function: 'exit', args: ['status: Err(())'], start: 0.7, duration: 0, error: 'no return in the log (the run ended during this call)' },
    ]);
  });

  test('export spans (where the embedder traces them) hold the calls made within them', () => {
    const run = 'wit-bindgen export{module="wasi:cli/run@0.2.3" function="run"}:';
    const log = [
      line(10, 'terminal-stdin', 'get-terminal-stdin', 'cli::terminal_stdin', 'call', run),
      line(20, 'terminal-stdin', 'get-terminal-stdin', 'cli::terminal_stdin', 'return result=Ok(Some(Resource { rep: 3, state: "own (not in table)" }))', run),
      line(30, 'monotonic-clock', 'now', 'clocks::monotonic_clock', 'call', run),
      line(35, 'monotonic-clock', 'now', 'clocks::monotonic_clock', 'return result=Ok(1234)', run),
      line(90, 'stdout', 'get-stdout', 'cli::stdout', 'call'),
      line(95, 'stdout', 'get-stdout', 'cli::stdout', 'return result=Ok(Resource { rep: 1, state: "own (not in table)" })'),
    ].join('\n');
    const { calls } = parseWasmtimeLog(log, { component });
    assert.deepEqual(
      calls.map((c) => [c.id, c.parent, `${c.caller} → ${c.callee}`, c.interface, c.function, c.start, c.duration]),
      [
        [2, 1, 'app.wasm → host', 'wasi:cli/terminal-stdin', 'get-terminal-stdin', 0, 0.01],
        [3, 1, 'app.wasm → host', 'wasi:clocks/monotonic-clock', 'now', 0.02, 0.005],
        // From the first to the last line within it: when it began and ended is not logged.
        [1, 0, 'host → app.wasm', 'wasi:cli/run@0.2.3', 'run', 0, 0.025],
        [4, 0, 'app.wasm → host', 'wasi:cli/stdout', 'get-stdout', 0.08, 0.005],
      ],
    );
  });

  test('colours, no context (WASMTIME_LOG_NO_CONTEXT=1), other targets, long values', () => {
    const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
    const log = [
      `\x1b[2m2025-03-04T10:00:00.000001Z\x1b[0m \x1b[35mTRACE\x1b[0m ${bold('wit-bindgen import')}${bold('{')}module="random" function="get-random-bytes"${bold('}')}\x1b[2m:\x1b[0m \x1b[2m${TARGET}::random::random\x1b[0m\x1b[2m:\x1b[0m call len=4`,
      `2025-03-04T10:00:00.000002Z TRACE wit-bindgen import{module="random" function="get-random-bytes"}: ${TARGET}::random::random: return result=Ok([1, 2, 3, 4])`,
      'wit-bindgen import{module="my-log" function="log"}: call msg="a message that is long"',
      'wit-bindgen import{module="my-log" function="log"}: return result=()',
      '2025-03-04T10:00:00.000009Z DEBUG wasmtime::runtime::module: compiled',
    ].join('\n');
    const { header, calls } = parseWasmtimeLog(log, { component, maxValueLength: 12 });
    assert.equal(header.maxValueLength, 12);
    assert.deepEqual(
      calls.map((c) => [c.interface, c.function, c.args, c.result, c.start]),
      [
        ['wasi:random/random', 'get-random-bytes', ['len: 4'], 'Ok([1, 2, 3,…(4 more characters)', 0],
        // A host's own interface, without a target: its plain name; without a time: the last one logged.
        ['my-log', 'log', ['msg: "a mess…(17 more characters)'], '()', 0.001],
      ],
    );
  });

  test('preview 1 (wiggle) lines', () => {
    const abi = (fn: string) => `TRACE wiggle abi{module="wasi_snapshot_preview1" function="${fn}"}: wasmtime_wasi::preview1::wasi_snapshot_preview1: `;
    const log = [
      `${abi('fd_write')}fd=Fd(1) iovs=*guest 0x14/1`,
      'Hello, world!',
      `${abi('fd_write')}result=Ok(14)`,
      `${abi('sched_yield')}result=Ok(())`,
      `${abi('proc_exit')}rval=1`,
      `${abi('proc_exit')}result=Exited with i32 exit status 1`,
    ].join('\n');
    assert.deepEqual(
      parseWasmtimeLog(log, { component }).calls.map((c) => [c.id, c.interface, c.function, c.args, c.result]),
      [
        [1, 'wasi_snapshot_preview1', 'fd_write', ['fd: Fd(1)', 'iovs: *guest 0x14/1'], 'Ok(14)'],
        [2, 'wasi_snapshot_preview1', 'sched_yield', [], 'Ok(())'],
        [3, 'wasi_snapshot_preview1', 'proc_exit', ['rval: 1'], 'Exited with i32 exit status 1'],
      ],
    );
  });
});
