/**
 * The jco the extension ships (dist/jco, built by scripts/build.mjs from jco's transpile and
 * wasm-tools packages): component encoding, decoding to WIT, text ⇄ binary, and bindings for
 * running components in Node. Loaded on first use.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface TranspileResult {
  files: Record<string, Uint8Array>;
  imports: string[];
  exports: [string, 'function' | 'instance'][];
}

export interface EmbedOptions {
  witSource?: string;
  witPath?: string;
  world?: string;
  dummy?: boolean;
  binary?: Uint8Array;
  stringEncoding?: 'utf8' | 'utf16' | 'compact-utf16';
  features?: { tag: 'all' } | { tag: 'list'; val: string[] };
}

/** Options of jco's TypeScript generation (`jco types`, `jco guest-types`). */
export interface TypegenOptions {
  /** The world, as wit-parser selects it (`name`, or `ns:pkg/name@version`). */
  worldName?: string;
  /** The base name of the world's file (`<name>.d.ts`). */
  name?: string;
  features?: string[] | 'all';
}

export interface JcoTools {
  /** The WIT of a component (its world), as `wasm-tools component wit` prints it. */
  componentWit(bytes: Uint8Array): Promise<string>;
  /** A component from a core module with embedded WIT (and WASI preview1 adapters). */
  componentNew(bytes: Uint8Array, adapters?: [string, Uint8Array][]): Promise<Uint8Array>;
  /** A core module with the WIT of a world embedded (a dummy module with `dummy`). */
  componentEmbed(options: EmbedOptions): Promise<Uint8Array>;
  /** WAT (core or component) to binary. */
  parse(wat: string): Promise<Uint8Array>;
  /** Binary to WAT. */
  print(bytes: Uint8Array): Promise<string>;
  /** Bindings to run a component in JS (`jco transpile`). */
  transpileBytes(bytes: Uint8Array, options: Record<string, unknown>): Promise<TranspileResult>;
  /** TypeScript declarations of the world for a component written in JS (`jco guest-types`), by relative path; reads the WIT through `setPreopens`. */
  generateGuestTypes(witPath: string, options: TypegenOptions): Promise<Record<string, Uint8Array>>;
  /** TypeScript declarations of the bindings `jco transpile` makes for the world (`jco types`). */
  generateHostTypes(witPath: string, options: TypegenOptions): Promise<Record<string, Uint8Array>>;
  /** Host folders the WASI shim lets wasm-tools read (by guest path); it starts with none. */
  setPreopens(preopens: Record<string, string>): void;
}

/** The folder of the bundled jco, found from wherever this code runs (dist/ or out/). */
export function jcoDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'jco');
    if (existsSync(join(candidate, 'tools.mjs'))) return candidate;
    if (existsSync(join(dir, 'jco', 'tools.mjs'))) return join(dir, 'jco');
    if (dirname(dir) === dir) throw new Error('the bundled jco (dist/jco/tools.mjs) was not found: run the build');
  }
}

/** The WASI preview1 adapter to turn a preview1 core module into a component. */
export function preview1AdapterPath(kind: 'reactor' | 'command'): string {
  return join(jcoDir(), `wasi_snapshot_preview1.${kind}.wasm`);
}

let loaded: Promise<JcoTools> | undefined;

export function loadJco(): Promise<JcoTools> {
  loaded ??= import(pathToFileURL(join(jcoDir(), 'tools.mjs')).href) as Promise<JcoTools>;
  return loaded;
}

/** The message of what jco threw: an Error, a string, or an object with the message as `payload`. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  const payload = (e as { payload?: unknown })?.payload;
  return typeof payload === 'string' ? payload : String(e);
}
