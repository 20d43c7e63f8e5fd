/**
 * Composing component files into one `.wasm`: reading them (each must be a component), naming
 * their instances, and writing the composition a plan (plan.ts) describes — with the built-in
 * composer, or with `wac plug` when it is installed and can make it — or the composition a
 * `.wac` file describes (`wac compose`, else the built-in composer through wacSource.ts).
 * Nothing is written when the composition cannot be made. Node, no VS Code.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { componentWorld, inspectWasm } from '../../../server/src/syntax/binary/wasmInfo';
import type { World } from '../../../server/src/syntax/binary/witModel';
import type { Checked } from '../trace/composition';
import { runWac, wacComposeArgs, wacPlugArgs, wacPlugProblem } from '../toolchains/wac';
import type { FoundTool } from '../toolchains/tools';
import { composeComponents, type ComposeInput } from './compose';
import { composeInputOfWac, wacDeps, type WacPackageSettings } from './wacSource';
import type { CompositionPlan } from './plan';

export interface ComponentFile {
  /** Its instance name in the composition. */
  name: string;
  path: string;
  bytes: Uint8Array;
  world: World;
}

export type ComposerId = 'builtin' | 'wac';

export interface ComposeOutcome {
  output: string;
  composer: ComposerId;
  /** Why wac was not used although it is installed. */
  composerNote?: string;
  /** The composed component's imports and exports. */
  imports: string[];
  exports: string[];
}

/** Instance names from file names: `build/host.wasm` → `host`, kebab-case, the second `host` → `host-2`. */
export function instanceNames(paths: readonly string[]): string[] {
  const taken = new Set<string>();
  return paths.map((path) => {
    const stem =
      basename(path)
        .replace(/\.wasm$/i, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^[^a-z]+|-+$/g, '') || 'component';
    let name = stem;
    for (let i = 2; taken.has(name); i++) name = `${stem}-${i}`;
    taken.add(name);
    return name;
  });
}

/** Reads component files; the message names the file that is not a component and why. */
export async function loadComponents(files: readonly { name: string; path: string }[]): Promise<Checked<ComponentFile[]>> {
  const out: ComponentFile[] = [];
  for (const { name, path } of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      return { ok: false, message: `${path} cannot be read: ${(e as Error).message}` };
    }
    const inspection = inspectWasm(bytes);
    if (!inspection.ok) return { ok: false, message: `${path} is not a WebAssembly binary: ${inspection.message}` };
    if (inspection.kind !== 'component') {
      return { ok: false, message: `${path} is ${inspection.kind === 'module' ? 'a core module: make a component of it first (WIT: Build Component)' : 'a WIT package, not a component'}` };
    }
    const world = componentWorld(bytes);
    if (!world.ok) return { ok: false, message: `the world of ${path} cannot be read: ${world.message}` };
    out.push({ name, path, bytes, world: world.world });
  }
  return { ok: true, value: out };
}

/**
 * Writes the composition the plan describes to `output`: with wac (`wac plug`) when it is given
 * and can make it, else with the built-in composer (the outcome says why not wac).
 */
export async function writePlannedComposition(files: readonly ComponentFile[], plan: CompositionPlan, output: string, wac?: FoundTool): Promise<Checked<ComposeOutcome>> {
  if (plan.problems.length > 0) return { ok: false, message: plan.problems.join('; ') };
  const fileOf = (name: string) => files.find((f) => f.name === name) as ComponentFile;
  const notPluggable = wac && wacPlugProblem(plan);
  if (wac && !notPluggable) {
    const plugs = plan.components.filter((n) => n !== plan.root).map((n) => fileOf(n).path);
    await mkdir(dirname(output), { recursive: true });
    const ran = await runWac(wac, wacPlugArgs(fileOf(plan.root as string).path, plugs, output), dirname(output));
    return ran.ok ? outcomeOf(output, 'wac') : ran;
  }
  const input: ComposeInput = {
    components: Object.fromEntries(plan.components.map((n) => [n, fileOf(n).bytes])),
    wire: plan.wire,
    ...(plan.root !== undefined ? { root: plan.root } : {}),
  };
  return writeBuiltin(input, output, notPluggable ? `wac plug cannot make this composition: ${notPluggable}` : undefined);
}

/** Writes the composition a `.wac` file describes: with `wac compose` when given (run next to the file, so that its `deps/` is found), else the built-in composer. */
export async function writeWacComposition(file: string, settings: WacPackageSettings, output: string, wac?: FoundTool): Promise<Checked<ComposeOutcome>> {
  if (wac) {
    await mkdir(dirname(output), { recursive: true });
    const ran = await runWac(wac, wacComposeArgs(file, wacDeps(settings), output), dirname(file));
    return ran.ok ? outcomeOf(output, 'wac') : ran;
  }
  const input = await composeInputOfWac(file, settings);
  return input.ok ? writeBuiltin(input.value, output) : input;
}

async function writeBuiltin(input: ComposeInput, output: string, composerNote?: string): Promise<Checked<ComposeOutcome>> {
  const composed = composeComponents(input);
  if (!composed.ok) return composed;
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, composed.value.bytes);
  return { ok: true, value: { output, composer: 'builtin', ...(composerNote ? { composerNote } : {}), imports: composed.value.imports, exports: composed.value.exports } };
}

/** What wac wrote: its imports and exports as the binary lists them. */
async function outcomeOf(output: string, composer: ComposerId): Promise<Checked<ComposeOutcome>> {
  const inspection = inspectWasm(new Uint8Array(await readFile(output)));
  if (!inspection.ok) return { ok: false, message: `${composer} wrote ${output}, but it cannot be read: ${inspection.message}` };
  return { ok: true, value: { output, composer, imports: inspection.imports, exports: inspection.exports } };
}
