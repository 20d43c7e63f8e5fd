/**
 * A component made runnable in Node by the bundled jco: `transpileBytes` in `instantiation`
 * mode gives an ES module whose `instantiate(getCoreModule, imports)` takes every import from
 * the caller. The module and its core wasm stay in memory (imported from a `data:` URL), so a
 * run leaves no files behind, even when it is killed.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A compiled core module (`WebAssembly.Module`). */
export type CoreModule = object;

/** The `WebAssembly` global (whose types are not in this project's TS libraries). */
export const webAssembly = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CoreModule>; RuntimeError: ErrorConstructor } })
  .WebAssembly;

/** What jco's bindings take as imports: interface name → its functions and resource classes. */
export type ImportObject = Record<string, Record<string, unknown>>;

/** What an instance exports: interface (or world function) name → functions. */
export type Exports = Record<string, unknown>;

export interface TranspiledComponent {
  /** jco's generated `instantiate`. */
  readonly instantiateBindings: (getCoreModule: (name: string) => Promise<CoreModule>, imports: ImportObject) => Promise<Exports>;
  /** The component's core modules, by the file names the bindings ask for. */
  readonly coreModule: (name: string) => Promise<CoreModule>;
}

interface JcoTranspile {
  transpileBytes(bytes: Uint8Array, options: Record<string, unknown>): Promise<{ files: Record<string, Uint8Array> }>;
}

/** Transpiles a component with the jco in `jcoDir` (dist/jco) and loads its bindings. */
export async function transpile(bytes: Uint8Array, jcoDir: string): Promise<TranspiledComponent> {
  const jco = (await import(pathToFileURL(join(jcoDir, 'tools.mjs')).href)) as JcoTranspile;
  const { files } = await jco.transpileBytes(bytes, { name: 'component', instantiation: 'async', emitTypescriptDeclarations: false });
  const js = files['component.js'];
  if (!js) throw new Error('jco produced no bindings (component.js)');
  const bindings = (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as {
    instantiate: TranspiledComponent['instantiateBindings'];
  };
  return {
    instantiateBindings: bindings.instantiate,
    coreModule: async (name) => {
      const wasm = files[name];
      if (!wasm) throw new Error(`jco produced no core module ${name}`);
      return webAssembly.compile(wasm);
    },
  };
}

/**
 * Instantiates a component with exactly these imports. The one place where a host meets the
 * instance: a call tracer wraps each import before it goes in and each export coming out.
 */
export function instantiate(component: TranspiledComponent, imports: ImportObject): Promise<Exports> {
  return component.instantiateBindings(component.coreModule, imports);
}
