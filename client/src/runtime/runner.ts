/**
 * The component runner: a Node program, one process per run, started by the extension in a
 * process group of its own (`node dist/runtime/runner.mjs <spec.json>`, see runSpec.ts). It
 * transpiles the component with the bundled jco (in memory), instantiates it with only the
 * granted WASI capabilities (wasiHost.ts) and runs it: a `wasi:cli/run` command, one exported
 * function called with WAVE arguments, or an HTTP handler served on 127.0.0.1. A composition
 * runs several components wired together (link.ts), and a trace records every call across
 * their boundaries (trace/), where a debugger may pause it (debug/). The component's output
 * is the runner's stdout and stderr; events go to fd 3 (reporter.ts). Exit code: the
 * command's, 0 after an invoke, 134 after a trap, 1 when the run could not be carried out.
 */
import { readFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { componentWorld } from '../../../server/src/syntax/binary/wasmInfo';
import { formatResult, parseArgs } from '../component/wave';
import { findExport, findInterfaceExport, importNames, type ExportedFunction } from '../component/worldItems';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { jcoDir } from '../toolchains/jco';
import { DEFAULT_MAX_VALUE_LENGTH } from '../trace/format';
import { parseComposition, planLinks, singleComponent, type Composition } from '../trace/composition';
import { Instrumentation } from '../trace/instrument';
import { TraceRecorder } from '../trace/recorder';
import { TraceFileWriter } from '../trace/traceFile';
import { callExport, exportAt, isTrap, trapMessage } from './invoke';
import { link, missingHostImports, type Loaded, type Tracer } from './link';
import { Reporter } from './reporter';
import { DebugChannel } from './debug/channel';
import { RunDebugger } from './debug/runDebugger';
import { TRAP_EXIT_CODE, checkRunSpec, type DebugRequest, type RunSpec } from './runSpec';
import { serveHttp } from './serve';
import { transpile } from './transpiled';
import { wasiImports } from './wasiHost';

const report = new Reporter();
/** Ends the trace (set while tracing): its last lines are written on every way out. */
let finishTrace: (() => void) | undefined;
process.on('exit', (code) => {
  finishTrace?.();
  report.emit({ event: 'exit', code });
});

class RunError extends Error {}

function fail(message: string): never {
  throw new RunError(message);
}

function trapped(message: string, fn: ExportedFunction | undefined): never {
  report.emit({ event: 'trap', message, ...(fn ? { function: fn.name } : {}) });
  process.exit(TRAP_EXIT_CODE);
}

interface Component {
  path: string;
  bytes: Uint8Array;
  world: World;
}

async function main(): Promise<void> {
  const spec = readSpec(process.argv[2]);
  const { composition, base } = readComposition(spec);
  const components = new Map<string, Component>();
  for (const [name, file] of Object.entries(composition.components)) {
    const path = resolve(base, file);
    const bytes = readComponent(path);
    const decoded = componentWorld(bytes);
    const what = spec.composition ? `${name} (${file})` : spec.component;
    if (!decoded.ok) fail(`${what} is not a component that can run: ${decoded.message}`);
    components.set(name, { path, bytes, world: decoded.world });
  }
  const entry = composition.run.component;
  const plan = planLinks(composition, new Map([...components].map(([name, c]) => [name, c.world])));
  if (!plan.ok) fail(plan.message);
  const target = entryPoint(spec, (components.get(entry) as Component).world);
  const args = target.args ?? [];

  const jco = jcoDir(dirname(process.argv[1]));
  const loaded = new Map<string, Loaded>(
    await Promise.all([...components].map(async ([name, c]) => [name, { world: c.world, component: await transpile(c.bytes, jco) }] as const)),
  );
  const argv = [spec.component, ...(spec.mode.kind === 'command' ? spec.mode.args : [])];
  const wasi = await wasiImports(spec, [...components.values()].flatMap((c) => importNames(c.world)), argv);
  const missing = missingHostImports(plan.value, wasi);
  if (missing.length > 0) {
    const names = missing.map((m) => (spec.composition ? `${m.name} (${m.instance})` : m.name));
    fail(`the component imports what this runner does not provide (only WASI 0.2): ${names.join(', ')}`);
  }
  const tracer = spec.trace ? startTrace(spec, components) : undefined;
  if (spec.debug && tracer) startDebugging(spec.debug, tracer.recorder);
  let instantiating = entry;
  let instances;
  try {
    instances = await link(plan.value, loaded, wasi, tracer, (name) => (instantiating = name));
  } catch (e) {
    const which = spec.composition ? ` ${instantiating}` : '';
    if (!isTrap(e)) fail(`could not instantiate the component${which}: ${trapMessage(e)}`);
    trapped(trapMessage(e), undefined);
  }
  const fn = exportAt(instances.get(entry) ?? {}, target.fn.jsPath) ?? fail(`jco's bindings have no export ${target.fn.jsPath.join('.')}`);
  report.emit({ event: 'started', pid: process.pid });

  if (spec.mode.kind === 'serve') {
    const url = await serveHttp(fn, spec.mode.port, (e) => trapped(trapMessage(e), target.fn));
    report.emit({ event: 'listening', url });
    return;
  }
  const outcome = await callExport(fn, target.fn.func, args);
  if (outcome.kind === 'trapped') trapped(outcome.message, target.fn);
  if (spec.mode.kind === 'invoke') {
    report.emit({ event: 'result', wave: formatResult(target.fn.func, outcome.value) });
    process.exit(0);
  }
  // wasi:cli/run returns result: `err` is exit code 1, as in wasmtime.
  process.exit((outcome.value as { tag: string }).tag === 'err' ? 1 : 0);
}

/** The run's components: the spec's composition file, or its one component. `base`: what their paths are relative to. */
function readComposition(spec: RunSpec): { composition: Composition; base: string } {
  if (!spec.composition) return { composition: singleComponent(spec.component), base: spec.cwd };
  const file = resolve(spec.cwd, spec.composition);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read the composition: ${(e as Error).message}`);
  }
  const parsed = parseComposition(text);
  if (!parsed.ok) fail(`${spec.composition}: ${parsed.message}`);
  if (!(spec.component in parsed.value.components)) fail(`${spec.composition} has no component ${spec.component}`);
  // The spec says which component runs (the file's `run` is what the extension proposes).
  return { composition: { ...parsed.value, run: { component: spec.component } }, base: dirname(file) };
}

/** Opens the trace file; from then on, leaving the process writes its end and reports it. */
function startTrace(spec: RunSpec, components: ReadonlyMap<string, Component>): Tracer {
  const request = spec.trace as NonNullable<RunSpec['trace']>;
  let writer: TraceFileWriter;
  try {
    writer = new TraceFileWriter(resolve(spec.cwd, request.file));
  } catch (e) {
    fail(`cannot write the trace: ${(e as Error).message}`);
  }
  const recorder = new TraceRecorder({
    components: Object.fromEntries([...components].map(([name, c]) => [name, c.path])),
    maxValueLength: request.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH,
    write: writer.write,
  });
  finishTrace = () => {
    writer.close();
    if (writer.error) writeSync(2, `The trace stopped early: ${writer.error.message}\n`);
    report.emit({ event: 'trace', file: writer.path, calls: recorder.calls });
  };
  // A stopped run (SIGTERM) still ends its trace, when its event loop gets to it.
  process.once('SIGTERM', () => process.exit(143));
  return { recorder, instrumentation: new Instrumentation(recorder) };
}

/** Connects to the debug adapter and waits for it to configure and start the run; from then on it sees every boundary call. */
function startDebugging(request: DebugRequest, recorder: TraceRecorder): void {
  const channel = DebugChannel.open(request.socket, dirname(process.argv[1]));
  const debug = new RunDebugger(channel, recorder.values, (ms) => recorder.leaveOut(ms), (reason) => {
    report.emit({ event: 'error', message: reason });
    process.exit(1);
  });
  debug.waitForStart();
  recorder.observer = debug;
}

function readSpec(path: string | undefined): RunSpec {
  if (!path) fail('usage: runner.mjs <run-spec.json>');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`cannot read the run spec ${path}: ${(e as Error).message}`);
  }
  const checked = checkRunSpec(json);
  if (!checked.ok) fail(`${path}: ${checked.message}`);
  return checked.spec;
}

function readComponent(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    fail(`cannot read the component: ${(e as Error).message}`);
  }
}

/** The export a run calls (and, for `invoke`, its arguments). */
function entryPoint(spec: RunSpec, world: World): { fn: ExportedFunction; args?: unknown[] } {
  const { mode } = spec;
  const inInterface = (id: string, func: string, what: string): ExportedFunction =>
    findInterfaceExport(world, id, func) ?? fail(`the component does not export ${id} (${what})`);
  switch (mode.kind) {
    case 'command':
      return { fn: inInterface('wasi:cli/run', 'run', 'it is not a command') };
    case 'serve':
      return { fn: inInterface('wasi:http/incoming-handler', 'handle', 'it is not an HTTP handler') };
    case 'invoke': {
      const fn = findExport(world, mode.function);
      if (typeof fn === 'string') fail(fn);
      if (fn.unsupported) fail(`${fn.name} cannot be invoked: ${fn.unsupported}`);
      const args = parseArgs(mode.args, fn.func.params);
      if (!args.ok) fail(`invalid arguments for ${fn.name} (${args.error.start}..${args.error.end}): ${args.error.message}`);
      return { fn, args: args.value };
    }
  }
}

main().catch((e: unknown) => {
  report.emit({ event: 'error', message: e instanceof RunError ? e.message : `the runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
  process.exit(1);
});
