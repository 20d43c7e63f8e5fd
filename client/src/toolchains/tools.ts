/**
 * Finding the external tools component builds and runs need: at a configured path (the VS Code
 * side fills `ToolPaths` from settings), else on PATH (and a few well-known places). A tool
 * that cannot be found is a `MissingTool` result — what it is for, where to get it, which
 * setting points at it — never an exception. Pure Node (no VS Code).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isDirectory } from './fsChecks';

export type ToolId = 'node' | 'jco' | 'componentize-js' | 'clang' | 'cargo' | 'cargo-component' | 'componentize-py' | 'wasmtime' | 'wac' | 'wit-bindgen';

/** Configured locations (absolute, or relative to `baseDir` of `findTool`); empty = search. */
export interface ToolPaths {
  node?: string;
  /** jco's CLI (`…/@bytecodealliance/jco/dist/jco.js`) or its package folder. */
  jco?: string;
  clang?: string;
  cargo?: string;
  cargoComponent?: string;
  componentizePy?: string;
  wasmtime?: string;
  wac?: string;
  witBindgen?: string;
  /** A WASI sysroot for a clang that has none built in (wasi-sdk's `share/wasi-sysroot`). */
  wasiSysroot?: string;
}

export interface FoundTool {
  found: true;
  id: ToolId;
  /** The program to start. */
  path: string;
  /** Environment variables the program needs (e.g. `ELECTRON_RUN_AS_NODE` for VS Code's own runtime as node). */
  env: Record<string, string>;
  source: 'configured' | 'path' | 'well-known' | 'current-process';
}

export interface MissingTool {
  found: false;
  id: ToolId;
  /** The tool's name as users know it (`cargo-component`). */
  name: string;
  /** One sentence: what it is needed for and that it was not found. */
  description: string;
  /** Where to get it. */
  installUrl: string;
  /** How to install it, when there is a one-liner. */
  installHint?: string;
  /** The setting (`wit.toolchains.<key>`) that can point at it. */
  setting: string;
  /** A configured path that did not work, with why. */
  configured?: { path: string; problem: string };
}

export type ToolLookup = FoundTool | MissingTool;

interface ToolSpec {
  name: string;
  key: keyof ToolPaths;
  /** Program names to look for on PATH, best first. */
  programs: string[];
  purpose: string;
  installUrl: string;
  installHint?: string;
  /** Places searched after PATH. */
  wellKnown?: (env: NodeJS.ProcessEnv) => string[];
}

const CLANG_VERSIONS = Array.from({ length: 13 }, (_, i) => 22 - i); // 22 … 10

const cargoBin = (env: NodeJS.ProcessEnv) => join(env.CARGO_HOME || join(env.HOME || homedir(), '.cargo'), 'bin');

export const TOOL_SPECS: Readonly<Record<ToolId, ToolSpec>> = {
  node: {
    name: 'Node.js',
    key: 'node',
    programs: ['node'],
    purpose: 'runs jco and componentize-js to build JavaScript components',
    installUrl: 'https://nodejs.org/',
  },
  jco: {
    name: 'jco',
    key: 'jco',
    programs: ['jco'],
    purpose: 'builds JavaScript components (`jco componentize`, with componentize-js)',
    installUrl: 'https://github.com/bytecodealliance/jco',
    installHint: 'npm install --save-dev @bytecodealliance/jco @bytecodealliance/componentize-js (in the project)',
  },
  'componentize-js': {
    name: 'componentize-js',
    key: 'jco',
    programs: [],
    purpose: 'is the engine `jco componentize` uses to turn JavaScript into a component',
    installUrl: 'https://github.com/bytecodealliance/ComponentizeJS',
    installHint: 'npm install --save-dev @bytecodealliance/componentize-js (next to jco)',
  },
  clang: {
    name: 'clang (WASI)',
    key: 'clang',
    // A wasi-sdk clang first (it has the WASI sysroot built in), then Debian's clang-NN.
    programs: ['clang', ...CLANG_VERSIONS.map((v) => `clang-${v}`)],
    purpose: 'compiles C and C++ to WebAssembly (wasm32-wasi)',
    installUrl: 'https://github.com/WebAssembly/wasi-sdk',
    installHint: 'Debian/Ubuntu: sudo apt-get install clang lld wasi-libc libclang-rt-dev-wasm32 (or clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32); elsewhere: the WASI SDK',
    wellKnown: (env) => [
      ...(env.WASI_SDK_PATH ? [join(env.WASI_SDK_PATH, 'bin', 'clang')] : []),
      '/opt/wasi-sdk/bin/clang',
      '/usr/local/opt/wasi-sdk/bin/clang',
    ],
  },
  cargo: {
    name: 'cargo',
    key: 'cargo',
    programs: ['cargo'],
    purpose: 'builds Rust components (with cargo-component)',
    installUrl: 'https://rustup.rs/',
    wellKnown: (env) => [join(cargoBin(env), 'cargo')],
  },
  'cargo-component': {
    name: 'cargo-component',
    key: 'cargoComponent',
    programs: ['cargo-component'],
    purpose: 'builds Rust crates with `[package.metadata.component]` into components (`cargo component build`)',
    installUrl: 'https://github.com/bytecodealliance/cargo-component',
    installHint: 'cargo install cargo-component --locked',
    wellKnown: (env) => [join(cargoBin(env), 'cargo-component')],
  },
  'componentize-py': {
    name: 'componentize-py',
    key: 'componentizePy',
    programs: ['componentize-py'],
    purpose: 'builds Python apps into components',
    installUrl: 'https://github.com/bytecodealliance/componentize-py',
    installHint: 'pip install componentize-py',
    wellKnown: (env) => [join(env.HOME || homedir(), '.local', 'bin', 'componentize-py')],
  },
  wasmtime: {
    name: 'Wasmtime',
    key: 'wasmtime',
    programs: ['wasmtime'],
    purpose: 'runs and serves components natively (`wasmtime run`, `wasmtime serve`)',
    installUrl: 'https://wasmtime.dev',
    installHint: 'curl https://wasmtime.dev/install.sh -sSf | bash',
    wellKnown: (env) => [join(env.WASMTIME_HOME || join(env.HOME || homedir(), '.wasmtime'), 'bin', 'wasmtime')],
  },
  wac: {
    name: 'wac',
    key: 'wac',
    programs: ['wac'],
    purpose: 'composes components (`wac plug`, `wac compose`)',
    installUrl: 'https://github.com/bytecodealliance/wac',
    installHint: 'cargo install wac-cli --locked',
    wellKnown: (env) => [join(cargoBin(env), 'wac')],
  },
  'wit-bindgen': {
    name: 'wit-bindgen',
    key: 'witBindgen',
    programs: ['wit-bindgen'],
    purpose: 'generates bindings for Rust, C, C++, Go, C# and MoonBit (`wit-bindgen <language>`)',
    installUrl: 'https://github.com/bytecodealliance/wit-bindgen',
    installHint: 'cargo install wit-bindgen-cli --locked',
    wellKnown: (env) => [join(cargoBin(env), 'wit-bindgen')],
  },
};

/** The setting that holds a tool's path (the VS Code side contributes these). */
function toolSetting(id: ToolId): string {
  return `wit.toolchains.${TOOL_SPECS[id].key}`;
}

export interface FindToolOptions {
  /** Environment to read PATH (and HOME, WASI_SDK_PATH, …) from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Relative configured paths are resolved against it (a workspace folder). */
  baseDir?: string;
  /** Search the well-known places after PATH (default true; tests turn it off). */
  wellKnown?: boolean;
}

/** Finds one tool: the configured path if set (and only it), else PATH, else well-known places. */
export async function findTool(id: ToolId, paths: ToolPaths = {}, options: FindToolOptions = {}): Promise<ToolLookup> {
  const spec = TOOL_SPECS[id];
  const env = options.env ?? process.env;
  const configured = paths[spec.key]?.trim();
  if (configured) {
    const path = isAbsolute(configured) || !options.baseDir ? resolve(configured) : resolve(options.baseDir, configured);
    const problem = await executableProblem(path);
    if (!problem) return found(id, path, 'configured');
    return missingTool(id, { path, problem });
  }
  for (const program of spec.programs) {
    const path = await searchPath(program, env);
    if (path) return found(id, path, 'path');
  }
  if (options.wellKnown !== false) {
    for (const path of spec.wellKnown?.(env) ?? []) {
      if (!(await executableProblem(path))) return found(id, path, 'well-known');
    }
  }
  if (id === 'node') {
    // Node itself (or the editor's runtime run as Node) can always run Node programs.
    const electron = !!(process.versions as Record<string, string | undefined>).electron;
    return { ...found(id, process.execPath, 'current-process'), env: electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
  }
  return missingTool(id);
}

/** A missing tool as one paragraph for a message or the build output: what, how to install, which setting. */
export function describeMissing(tool: MissingTool): string {
  const install = tool.installHint ? ` Install: ${tool.installHint}.` : '';
  return `${tool.description}${install} See ${tool.installUrl}, or set \`${tool.setting}\` to its path.`;
}

function found(id: ToolId, path: string, source: FoundTool['source']): FoundTool {
  return { found: true, id, path, env: {}, source };
}

/** The MissingTool of `id`: not on PATH, or not usable at its configured path. */
export function missingTool(id: ToolId, configured?: { path: string; problem: string }): MissingTool {
  const spec = TOOL_SPECS[id];
  const where = configured ? `at ${configured.path} (${configured.problem}), the path set in \`${toolSetting(id)}\`` : 'on PATH';
  return {
    found: false,
    id,
    name: spec.name,
    description: `${spec.name} ${spec.purpose}, but it was not found ${where}.`,
    installUrl: spec.installUrl,
    ...(spec.installHint ? { installHint: spec.installHint } : {}),
    setting: toolSetting(id),
    ...(configured ? { configured } : {}),
  };
}

/** The first executable `program` in PATH's folders (with PATHEXT's extensions on Windows). */
export async function searchPath(program: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, program + ext);
      if (!(await executableProblem(candidate))) return candidate;
    }
  }
  return undefined;
}

/** Why a path cannot be run (undefined when it can). */
async function executableProblem(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return 'a directory, not a program';
    if (process.platform !== 'win32') await access(path, constants.X_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
    if (code === 'EACCES') return 'not executable';
    return (e as Error).message;
  }
}

/** The sysroot to give a clang that is not wasi-sdk's (which knows its own): configured, or a known one. */
export async function wasiSysroot(clang: FoundTool, paths: ToolPaths = {}, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (paths.wasiSysroot) return resolve(paths.wasiSysroot);
  // wasi-sdk: <sdk>/bin/clang with <sdk>/share/wasi-sysroot — it finds it itself.
  if (await isDirectory(join(dirname(dirname(clang.path)), 'share', 'wasi-sysroot'))) return undefined;
  // Debian's wasi-libc installs into clang's default places (/usr/include/wasm32-wasi, /usr/lib/wasm32-wasi).
  if (await isDirectory('/usr/include/wasm32-wasi')) return undefined;
  for (const candidate of [env.WASI_SYSROOT, env.WASI_SDK_PATH && join(env.WASI_SDK_PATH, 'share', 'wasi-sysroot'), '/opt/wasi-sdk/share/wasi-sysroot']) {
    if (candidate && (await isDirectory(candidate))) return candidate;
  }
  return undefined;
}
