/**
 * The component runner: a Node program, one process per run, started by the extension in a
 * process group of its own (`node dist/runtime/runner.mjs <spec.json>`, see runSpec.ts). It
 * transpiles the component with the bundled jco (in memory), instantiates it with only the
 * granted WASI capabilities (wasiHost.ts) and runs it: a `wasi:cli/run` command, one exported
 * function called with WAVE arguments, or an HTTP handler served on 127.0.0.1. The
 * component's output is the runner's stdout and stderr; events go to fd 3 (reporter.ts).
 * Exit code: the command's, 0 after an invoke, 134 after a trap, 1 when the run could not be
 * carried out.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { componentWorld } from '../component/wasmInfo';
import { formatResult, parseArgs } from '../component/wave';
import { findExport, findInterfaceExport, importNames, type ExportedFunction } from '../component/worldItems';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { jcoDir } from '../toolchains/jco';
import { callExport, exportAt, isTrap, trapMessage } from './invoke';
import { Reporter } from './reporter';
import { TRAP_EXIT_CODE, checkRunSpec, type RunSpec } from './runSpec';
import { serveHttp } from './serve';
import { instantiate, transpile } from './transpiled';
import { wasiImports } from './wasiHost';

const report = new Reporter();
process.on('exit', (code) => report.emit({ event: 'exit', code }));

class RunError extends Error {}

function fail(message: string): never {
  throw new RunError(message);
}

function trapped(message: string, fn: ExportedFunction | undefined): never {
  report.emit({ event: 'trap', message, ...(fn ? { function: fn.name } : {}) });
  process.exit(TRAP_EXIT_CODE);
}

async function main(): Promise<void> {
  const spec = readSpec(process.argv[2]);
  const bytes = readComponent(resolve(spec.cwd, spec.component));
  const decoded = componentWorld(bytes);
  if (!decoded.ok) fail(`${spec.component} is not a component that can run: ${decoded.message}`);
  const { world } = decoded;
  const target = entryPoint(spec, world);
  const args = target.args ?? [];

  const component = await transpile(bytes, jcoDir(dirname(process.argv[1])));
  const argv = [spec.component, ...(spec.mode.kind === 'command' ? spec.mode.args : [])];
  const names = importNames(world);
  const imports = await wasiImports(spec, names, argv);
  const missing = names.filter((name) => !imports[name]);
  if (missing.length > 0) fail(`the component imports what this runner does not provide (only WASI 0.2): ${missing.join(', ')}`);
  let exports;
  try {
    exports = await instantiate(component, imports);
  } catch (e) {
    if (!isTrap(e)) fail(`could not instantiate the component: ${trapMessage(e)}`);
    trapped(trapMessage(e), undefined);
  }
  const fn = exportAt(exports, target.fn.jsPath) ?? fail(`jco's bindings have no export ${target.fn.jsPath.join('.')}`);
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
