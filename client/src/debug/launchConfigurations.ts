/**
 * The launch configurations of the `wit-component` debug type, as data: the ones offered for
 * the workspace's components, the one made for a component the user picked, and what a
 * configuration still lacks before it can be launched. Pure (paths only), no VS Code: the
 * glue is commands/debug.ts; the adapter reads these arguments (launch.ts).
 */
import { basename, dirname, isAbsolute, relative } from 'node:path';
import type { RunGrants, RunMode } from '../runtime/runSpec';
import { isComposition, type ComponentLaunchArguments } from './launch';

export const DEBUG_TYPE = 'wit-component';

/** A launch configuration as launch.json holds it: the adapter's arguments (all optional until resolved). */
export interface LaunchConfiguration extends Partial<ComponentLaunchArguments> {
  type: string;
  request: string;
  name: string;
  [key: string]: unknown;
}

/** What the extension fills in where a configuration leaves it out. */
export interface LaunchDefaults {
  witRoots: string[];
  cwd: string;
  traceMaxValueLength: number;
}

/** A composition's file says what to run; a component needs a mode or one of its shorthands. */
export function saysWhatToRun(config: LaunchConfiguration): boolean {
  if (config.program !== undefined && isComposition(config.program)) return true;
  return config.mode !== undefined || config.invoke !== undefined || config.args !== undefined;
}

/** A configuration that launches `program`; without `choices` it is asked for at launch. */
export function launchConfiguration(program: string, choices?: { mode?: RunMode; grants: RunGrants }): LaunchConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${displayName(program)}`, program, ...choices };
}

/** One configuration per component or composition, with paths as `${workspaceFolder}/…` inside `folder`. */
export function workspaceConfigurations(programs: readonly string[], folder: string): LaunchConfiguration[] {
  return programs.map((program) => ({ ...launchConfiguration(program), program: workspacePath(program, folder) }));
}

/** The configuration with the defaults for what it leaves out. */
export function withDefaults(config: LaunchConfiguration, defaults: LaunchDefaults): LaunchConfiguration {
  return { ...defaults, ...definedFields(config) };
}

/** `build/plugin.wasm` → `plugin.wasm`; a composition by its folder (`pipeline composition`). */
function displayName(program: string): string {
  return isComposition(program) ? `${basename(dirname(program))} composition` : basename(program);
}

function workspacePath(path: string, folder: string): string {
  const rel = relative(folder, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : `\${workspaceFolder}/${rel.split('\\').join('/')}`;
}

/** launch.json may say `"cwd": null`; a field set to undefined or null takes the default. */
function definedFields(config: LaunchConfiguration): LaunchConfiguration {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined && v !== null)) as LaunchConfiguration;
}
