/**
 * For the runtime tests: components made here from WIT and core WAT with the bundled jco
 * (parse + embed + new), the decoded world of a WIT, the core signature of a function, and
 * runs of the bundled runner.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, flatTypes, type CoreType } from '../../client/src/component/canonicalAbi';
import { componentWorld } from '../../server/src/syntax/binary/wasmInfo';
import { parseRunnerEvent, runnerLaunch, type RunGrants, type RunMode, type RunnerEvent } from '../../client/src/runtime/runSpec';
import { loadJco } from '../../client/src/toolchains/jco';
import { startProcess, type ProcessResult, type RunningProcess } from '../../client/src/toolchains/process';
import type { Func, World } from '../../server/src/syntax/binary/witModel';
import { repoRoot } from './paths';
import { tempDir } from './toolchains';

/** WASI 0.2.12 packages shipped with jco, as nested `package … { … }` blocks to append to a WIT source. */
export function wasiPackages(...names: string[]): string {
  const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12');
  return names
    .map((p) => readFileSync(join(builtin, `wasi-${p}`, 'package.wit'), 'utf8').replace(/^package ([^;]+);/m, 'package $1 {') + '\n}\n')
    .join('\n');
}

/** A component from WIT (one world) and a core module in WAT implementing it. */
export async function componentFromWat(wit: string, wat: string): Promise<Uint8Array> {
  const jco = await loadJco();
  const embedded = await jco.componentEmbed({ binary: await jco.parse(wat), witSource: wit });
  return jco.componentNew(embedded);
}

/** The decoded world of a WIT's (only) world, through a component of it. */
export async function worldOf(wit: string): Promise<World> {
  const jco = await loadJco();
  const decoded = componentWorld(await jco.componentNew(await jco.componentEmbed({ dummy: true, witSource: wit })));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.world;
}

/** The core signature a function is lifted from (`export`) or lowered to (`import`: results through a pointer argument). */
export function coreSignature(func: Func, side: 'import' | 'export'): { params: CoreType[]; results: CoreType[] } {
  const flatParams = func.params.flatMap((p) => flatTypes(p.ty));
  const params: CoreType[] = flatParams.length > MAX_FLAT_PARAMS ? ['i32'] : flatParams;
  const flatResults = func.result === undefined ? [] : flatTypes(func.result);
  if (flatResults.length <= MAX_FLAT_RESULTS) return { params, results: flatResults };
  return side === 'export' ? { params, results: ['i32'] } : { params: [...params, 'i32'], results: [] };
}

/** `(param i32 i64) (result i32)`. */
export function watSignature(sig: { params: CoreType[]; results: CoreType[] }): string {
  return `${sig.params.length ? `(param ${sig.params.join(' ')})` : ''}${sig.results.length ? ` (result ${sig.results.join(' ')})` : ''}`;
}

/** A bump allocator as `cabi_realloc` (`$realloc`), and the memory it allocates in (from 64 KiB on; below is free for return areas and data). */
export const WAT_MEMORY = `
  (memory (export "memory") 4)
  (global $heap (mut i32) (i32.const 65536))
  (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))`;

/**
 * `test:run/api` (check: result with a variant error, greet: strings, boom: a trap, spin: an
 * endless loop, deep: a stack overflow) and a world function `answer`.
 */
export function valuesComponent(): Promise<Uint8Array> {
  return componentFromWat(VALUES_WIT, VALUES_WAT);
}

const VALUES_WIT = `package test:run;

interface api {
  variant problem { negative, too-big(s32) }
  check: func(n: s32) -> result<u32, problem>;
  greet: func(name: string) -> string;
  boom: func();
  spin: func();
  deep: func(n: u32) -> u32;
}

world values {
  export api;
  export answer: func() -> u32;
}
`;

const VALUES_WAT = `(module
  ${WAT_MEMORY}
  (data (i32.const 2048) "hello, ")
  (func (export "test:run/api#check") (param $n i32) (result i32)
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then (i32.store8 (i32.const 1024) (i32.const 1)) (i32.store8 (i32.const 1028) (i32.const 0)) (return (i32.const 1024))))
    (if (i32.gt_s (local.get $n) (i32.const 100))
      (then
        (i32.store8 (i32.const 1024) (i32.const 1))
        (i32.store8 (i32.const 1028) (i32.const 1))
        (i32.store (i32.const 1032) (local.get $n))
        (return (i32.const 1024))))
    (i32.store8 (i32.const 1024) (i32.const 0))
    (i32.store (i32.const 1028) (i32.mul (local.get $n) (i32.const 2)))
    (i32.const 1024))
  (func (export "test:run/api#greet") (param $p i32) (param $n i32) (result i32)
    (local $out i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $n) (i32.const 8))))
    (memory.copy (local.get $out) (i32.const 2048) (i32.const 7))
    (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $p) (local.get $n))
    (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 7)) (local.get $n)) (i32.const 33))
    (i32.store (i32.const 1024) (local.get $out))
    (i32.store (i32.const 1028) (i32.add (local.get $n) (i32.const 8)))
    (i32.const 1024))
  (func (export "test:run/api#boom") unreachable)
  (func (export "test:run/api#spin") (loop $forever (br $forever)))
  (func $deep (export "test:run/api#deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "answer") (result i32) (i32.const 42)))
`;


/** Every WASI 0.2.12 package, nested (what worlds using wasi:http or wasi:sockets need to resolve). */
export const WASI_PACKAGES = (): string => wasiPackages('cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets');

/** A `wasi:http/incoming-handler` that answers every request with 200 and `hello from a WAT component`. */
export async function httpHandlerComponent(): Promise<Uint8Array> {
  const wit = SERVE_WIT();
  return componentFromWat(wit, serveWat(await worldOf(wit)));
}

const SERVE_WIT = () => `package test:serve;

world server {
  export wasi:http/incoming-handler@0.2.12;
}

${WASI_PACKAGES()}`;

/** The core import of an imported interface's function, lowered as wit-component expects it. */
export function coreImport(world: World, iface: string, func: string, local: string): string {
  for (const { item } of world.imports) {
    if (item.kind !== 'interface' || item.iface.name !== iface) continue;
    const f: Func | undefined = item.iface.functions.get(func);
    const pkg = item.iface.package!.name;
    if (f) return `(import "${pkg.namespace}:${pkg.name}/${iface}@0.2.12" "${func}" (func ${local} ${watSignature(coreSignature(f, 'import'))}))`;
  }
  throw new Error(`no import ${iface}.${func}`);
}

function serveWat(world: World): string {
  const imp = (iface: string, func: string, local: string) => coreImport(world, iface, func, local);
  const set = [...world.imports].flatMap(({ item }) => (item.kind === 'interface' && item.iface.name === 'types' ? [item.iface.functions.get('[static]response-outparam.set')!] : []))[0];
  // ok(response): the parameter, discriminant 0, the handle, then zeros for the rest of the error-code slots.
  const rest = coreSignature(set, 'import').params.slice(3).map((t) => ` (${t}.const 0)`).join('');
  const body = 'hello from a WAT component\n';
  return `(module
  ${imp('types', '[constructor]fields', '$fields')}
  ${imp('types', '[constructor]outgoing-response', '$response')}
  ${imp('types', '[method]outgoing-response.body', '$body')}
  ${imp('types', '[static]response-outparam.set', '$set')}
  ${imp('types', '[method]outgoing-body.write', '$write')}
  ${imp('types', '[static]outgoing-body.finish', '$finish')}
  ${imp('streams', '[method]output-stream.blocking-write-and-flush', '$writeAndFlush')}
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $dropStream (param i32)))
  ${WAT_MEMORY}
  (data (i32.const 3072) ${JSON.stringify(body)})
  (func (export "wasi:http/incoming-handler@0.2.12#handle") (param $request i32) (param $out i32)
    (local $response i32) (local $body i32) (local $stream i32)
    (local.set $response (call $response (call $fields)))
    (call $body (local.get $response) (i32.const 1024))
    (local.set $body (i32.load (i32.const 1028)))
    (call $set (local.get $out) (i32.const 0) (local.get $response)${rest})
    (call $write (local.get $body) (i32.const 1024))
    (local.set $stream (i32.load (i32.const 1028)))
    (call $writeAndFlush (local.get $stream) (i32.const 3072) (i32.const ${Buffer.byteLength(body)}) (i32.const 1024))
    (call $dropStream (local.get $stream))
    (call $finish (local.get $body) (i32.const 0) (i32.const 0) (i32.const 1024))))
`;
}

export const NO_GRANTS: RunGrants = { directories: [], env: {}, network: false, stdin: false };

export interface Run {
  process: RunningProcess;
  events: RunnerEvent[];
  stdout: string[];
  stderr: string[];
  /** The first event of a kind (waits for it; rejects if the runner ends first). */
  event<K extends RunnerEvent['event']>(kind: K): Promise<Extract<RunnerEvent, { event: K }>>;
  done: Promise<ProcessResult>;
}

/** Runs a component with the bundled runner (dist/runtime/runner.mjs) in its own process group. */
export function runComponent(component: Uint8Array | string, mode: RunMode, grants: RunGrants = NO_GRANTS, cwd?: string): Run {
  const dir = tempDir('run-');
  const path = typeof component === 'string' ? component : join(dir, 'component.wasm');
  if (typeof component !== 'string') writeFileSync(path, component);
  const specPath = join(dir, 'spec.json');
  const spec = { component: path, mode, grants, cwd: cwd ?? dir };
  mkdirSync(spec.cwd, { recursive: true });
  writeFileSync(specPath, JSON.stringify(spec));
  const launch = runnerLaunch(spec, specPath, { path: process.execPath });
  const events: RunnerEvent[] = [];
  const waiting: (() => void)[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const proc = startProcess(launch.command, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    interactiveInput: launch.interactiveInput,
    onStdout: (l) => stdout.push(l),
    onStderr: (l) => stderr.push(l),
    onEvent: (line) => {
      const e = parseRunnerEvent(line);
      if (e) events.push(e);
      waiting.splice(0).forEach((w) => w());
    },
  });
  let ended = false;
  void proc.done.then(() => {
    ended = true;
    waiting.splice(0).forEach((w) => w());
  });
  const event = <K extends RunnerEvent['event']>(kind: K) =>
    new Promise<Extract<RunnerEvent, { event: K }>>((resolve, reject) => {
      const check = () => {
        const found = events.find((e) => e.event === kind);
        if (found) resolve(found as Extract<RunnerEvent, { event: K }>);
        else if (ended) reject(new Error(`the runner ended without a ${kind} event: ${JSON.stringify({ events, stdout, stderr })}`));
        else waiting.push(check);
      };
      check();
    });
  return { process: proc, events, stdout, stderr, event, done: proc.done };
}

/** `test:trace/greet`: `hello` writes `hello, <name>` to stdout through WASI and returns it; `boom` traps; `spin` calls WASI forever. */
const GREETER_WIT = () => `package test:trace;

interface greet {
  hello: func(name: string) -> string;
  boom: func();
  spin: func();
}

world greeter {
  import wasi:cli/stdout@0.2.12;
  export greet;
}

${WASI_PACKAGES()}`;

export async function greeterComponent(): Promise<Uint8Array> {
  const wit = GREETER_WIT();
  const world = await worldOf(wit);
  const imp = (iface: string, func: string, local: string) => coreImport(world, iface, func, local);
  return componentFromWat(
    wit,
    `(module
  ${imp('stdout', 'get-stdout', '$getStdout')}
  ${imp('streams', '[method]output-stream.blocking-write-and-flush', '$write')}
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop (param i32)))
  ${WAT_MEMORY}
  (data (i32.const 2048) "hello, ")
  (func (export "test:trace/greet#hello") (param $p i32) (param $n i32) (result i32)
    (local $out i32) (local $len i32) (local $stdout i32)
    (local.set $len (i32.add (local.get $n) (i32.const 7)))
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $len)))
    (memory.copy (local.get $out) (i32.const 2048) (i32.const 7))
    (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $p) (local.get $n))
    (local.set $stdout (call $getStdout))
    (call $write (local.get $stdout) (local.get $out) (local.get $len) (i32.const 1024))
    (call $drop (local.get $stdout))
    (i32.store (i32.const 1040) (local.get $out))
    (i32.store (i32.const 1044) (local.get $len))
    (i32.const 1040))
  (func (export "test:trace/greet#boom") unreachable)
  (func (export "test:trace/greet#spin") (loop $forever (call $drop (call $getStdout)) (br $forever))))
`,
  );
}

/** `run(name)` returns what the greeter's `hello` returns; `crash` calls its `boom`. */
export function appComponent(): Promise<Uint8Array> {
  return componentFromWat(
    `package test:trace;

interface greet {
  hello: func(name: string) -> string;
  boom: func();
}

world app {
  import greet;
  export run: func(name: string) -> string;
  export crash: func();
}
`,
    `(module
  (import "test:trace/greet" "hello" (func $hello (param i32 i32 i32)))
  (import "test:trace/greet" "boom" (func $boom))
  ${WAT_MEMORY}
  (func (export "run") (param $p i32) (param $n i32) (result i32)
    (call $hello (local.get $p) (local.get $n) (i32.const 1024))
    (i32.const 1024))
  (func (export "crash") (call $boom)))
`,
  );
}
