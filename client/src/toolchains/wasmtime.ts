/**
 * The runs of runtime/runSpec.ts with wasmtime, when it is installed: `wasmtime run` (a
 * `wasi:cli/run` command, or `--invoke 'func(wave args)'`) and `wasmtime serve`, with the same
 * grants as the bundled runner: `--dir host::guest` per directory, `--env NAME=value` per
 * variable, and the network only when granted (`-S inherit-network`, name lookup, wasi:http).
 * Where wasmtime's CLI cannot do what is asked, the launch says so in `warnings`.
 */
import type { Launch, RunSpec } from '../runtime/runSpec';

export interface WasmtimeLaunch extends Launch {
  /** Grants wasmtime's CLI cannot honour as asked. */
  warnings: string[];
}

export interface WasmtimeOptions {
  /** The wasmtime executable (default: `wasmtime` on PATH). */
  wasmtime?: string;
  /** The component's import names (from inspectWasm), to warn about what wasmtime cannot deny. */
  imports?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export function wasmtimeLaunch(spec: RunSpec, options: WasmtimeOptions = {}): WasmtimeLaunch {
  const { grants, mode } = spec;
  const warnings: string[] = [];
  const flags: string[] = [];
  for (const d of grants.directories) {
    flags.push('--dir', `${d.host}::${d.guest}`);
    if (d.readOnly) warnings.push(`wasmtime's command line cannot make ${d.guest} read-only: wasmtime grants it read-write.`);
  }
  for (const [name, value] of Object.entries(grants.env)) flags.push('--env', `${name}=${value}`);
  // Without these wasmtime allows no address and no name lookup: sockets fail with access-denied.
  if (grants.network) flags.push('-S', 'inherit-network', '-S', 'allow-ip-name-lookup');
  const importsHttp = (options.imports ?? []).some((name) => name.startsWith('wasi:http/outgoing-handler'));
  let args: string[];
  if (mode.kind === 'serve') {
    // `-S cli`: the WASI interfaces beyond wasi:http/proxy (files, sockets…), as the runner provides them.
    args = ['serve', '--addr', `127.0.0.1:${mode.port}`, '-S', 'cli', ...flags, spec.component];
    if (!grants.network && importsHttp) warnings.push('wasmtime serve cannot deny outgoing HTTP requests: the component may make them.');
  } else {
    // wasmtime can only allow or refuse wasi:http as a whole.
    if (grants.network) flags.push('-S', 'http');
    else if (importsHttp) warnings.push('The network is denied, so wasmtime runs it without wasi:http: a component that imports wasi:http/outgoing-handler cannot start.');
    const invoke = mode.kind === 'invoke' ? ['--invoke', invocation(mode.function, mode.args)] : [];
    args = ['run', ...flags, ...invoke, spec.component, ...(mode.kind === 'command' ? mode.args : [])];
  }
  return { command: options.wasmtime ?? 'wasmtime', args, cwd: spec.cwd, env: options.env ?? process.env, interactiveInput: grants.stdin, warnings };
}

/** `--invoke`'s call: `name(args)` (a line break before `)` ends a trailing `//` comment). */
export function invocation(name: string, args: string): string {
  return `${name}(${args}${args.includes('//') ? '\n' : ''})`;
}

/** The URL in wasmtime serve's `Serving HTTP on http://127.0.0.1:8080/` line. */
export function wasmtimeListeningUrl(line: string): string | undefined {
  return /^Serving HTTP on (http:\/\/\S+)/.exec(line)?.[1];
}
