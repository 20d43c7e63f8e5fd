/**
 * Tracing overhead (part of `npm run bench`): a call-heavy component — its export `run(n)`
 * calls a host function `step(i, "item")` n times — run in this process untraced, then traced
 * (instrumented as the runner does, writing the trace to a file). Reports the ratio of the
 * medians and what each recorded call costs.
 */
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentWorld } from '../../server/src/syntax/binary/wasmInfo';
import { instantiate, transpile, type ImportObject } from '../../client/src/runtime/transpiled';
import { jcoDir } from '../../client/src/toolchains/jco';
import { Instrumentation } from '../../client/src/trace/instrument';
import { TraceRecorder } from '../../client/src/trace/recorder';
import { TraceFileWriter } from '../../client/src/trace/traceFile';
import { componentFromWat, WAT_MEMORY } from '../helpers/wasmComponents';

/** The workload, in a package of its own name: each build gets bindings of its own (see below). */
function busyComponent(pkg: string): Promise<Uint8Array> {
  const wit = `package bench:${pkg};

interface host {
  step: func(i: u32, label: string) -> u32;
}

world busy {
  import host;
  export run: func(n: u32) -> u32;
}
`;
  const wat = `(module
  (import "bench:${pkg}/host" "step" (func $step (param i32 i32 i32) (result i32)))
  ${WAT_MEMORY}
  (data (i32.const 2048) "item")
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $step (local.get $i) (i32.const 2048) (i32.const 4))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum)))
`;
  return componentFromWat(wit, wat);
}

export interface TracingFigures {
  callsPerRun: number;
  rounds: number;
  untracedMs: number;
  tracedMs: number;
  /** traced / untraced (medians). */
  ratio: number;
  /** (traced - untraced) / recorded calls, in microseconds. */
  usPerCall: number;
  traceBytesPerCall: number;
}

export async function measureTracing(): Promise<TracingFigures> {
  // Two builds, so that each instance has its own jco bindings module, as a runner process
  // has: instances sharing one module slow each other down (its call sites see both).
  const load = async (pkg: string) => {
    const bytes = await busyComponent(pkg);
    const decoded = componentWorld(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    const host: ImportObject = { [`bench:${pkg}/host`]: { step: (i: unknown, label: unknown) => (i as number) + (label as string).length } };
    return { world: decoded.world, component: await transpile(bytes, jcoDir()), host };
  };
  const untraced = await load('untraced');
  const traced = await load('traced');

  const CALLS = 20_000;
  const ROUNDS = 15;
  const time = (run: (n: number) => number) => {
    const start = performance.now();
    run(CALLS);
    return performance.now() - start;
  };
  const measure = (run: (n: number) => number) => {
    for (let i = 0; i < 3; i++) time(run);
    return Array.from({ length: ROUNDS }, () => time(run));
  };
  // Untraced first: tracing turns on AsyncLocalStorage, which costs every later run a little.
  const plain = (await instantiate(untraced.component, untraced.host)) as { run(n: number): number };
  const untracedMs = measure((n) => plain.run(n));

  const file = join(tmpdir(), `wit-bench-trace-${process.pid}.jsonl`);
  const writer = new TraceFileWriter(file);
  const recorder = new TraceRecorder({ components: { busy: 'busy.wasm' }, maxValueLength: 1024, write: writer.write });
  const instrumentation = new Instrumentation(recorder);
  const instance = await recorder.as('busy', () => instantiate(traced.component, instrumentation.hostImports(traced.world, traced.host)));
  const recording = instrumentation.exports('busy', traced.world, instance) as { run(n: number): number };
  const tracedMs = measure((n) => recording.run(n));
  const recordedPerRun = recorder.calls / (ROUNDS + 3);
  writer.close();
  const { size } = statSync(file);
  rmSync(file, { force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const u = median(untracedMs);
  const t = median(tracedMs);
  const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    callsPerRun: CALLS + 1,
    rounds: ROUNDS,
    untracedMs: round(u),
    tracedMs: round(t),
    ratio: round(t / u),
    usPerCall: round(((t - u) * 1000) / recordedPerRun, 3),
    traceBytesPerCall: Math.round(size / recorder.calls),
  };
}
