/**
 * The one place where the composers meet WAC documents: a `.wac` file → what `composeComponents`
 * takes, through the WAC language core (server/src/wac/: resolution against the components it
 * instantiates, found as the language server finds them, then `lowerWac`); and the packages to
 * hand `wac compose` as `--dep`. Node, no VS Code.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { WacDocuments } from '../../../server/src/host/wacPackages';
import { lowerWac } from '../../../server/src/wac/lower';
import type { Checked } from '../trace/composition';
import type { ComposeInput } from './compose';

/** Where the packages a `.wac` file names are: the `wit.wac.packages` setting (relative to `folder`), else `deps/` next to the file. */
export interface WacPackageSettings {
  packages: Record<string, string>;
  folder: string;
}

export async function composeInputOfWac(file: string, settings: WacPackageSettings): Promise<Checked<ComposeInput>> {
  const analysis = new WacDocuments().analyze(file, await readFile(file, 'utf8'), settings.packages, [settings.folder]);
  const lowered = lowerWac(analysis);
  if (!lowered.ok) return lowered;
  const components: Record<string, Uint8Array> = {};
  for (const [name, path] of Object.entries(lowered.value.components)) components[name] = new Uint8Array(await readFile(path));
  return { ok: true, value: { components, wire: lowered.value.wire, exports: lowered.value.exports } };
}

/** The configured packages as `wac compose --dep` takes them (absolute paths). */
export function wacDeps(settings: WacPackageSettings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings.packages).map(([pkg, path]) => [pkg, isAbsolute(path) ? path : join(settings.folder, path)]));
}
