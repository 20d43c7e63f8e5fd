/**
 * The languages Generate Bindings knows: which generator makes them (the bundled jco's
 * TypeScript generation, or `wit-bindgen <language>`), where their files go by default, the
 * command line of wit-bindgen, and which generated file is the one to open. Pure.
 */
import { basename, dirname, extname, join } from 'node:path';

export type BindingLanguage = 'ts-guest' | 'ts-host' | 'rust' | 'c' | 'cpp' | 'go' | 'csharp' | 'moonbit';

export type Generator = { kind: 'jco'; types: 'guest' | 'host' } | { kind: 'wit-bindgen'; subcommand: string; extraArgs: readonly string[] };

export interface LanguageSpec {
  id: BindingLanguage;
  label: string;
  generator: Generator;
  /** Relative to the project folder (the folder holding `wit/`). */
  defaultFolder: string;
  /** The kinds of file to open after generating, best first. */
  mainExtensions: readonly string[];
}

const witBindgen = (subcommand: string, extraArgs: readonly string[] = []): Generator => ({ kind: 'wit-bindgen', subcommand, extraArgs });

export const BINDING_LANGUAGES: readonly LanguageSpec[] = [
  { id: 'ts-guest', label: 'JavaScript / TypeScript — guest types (jco guest-types)', generator: { kind: 'jco', types: 'guest' }, defaultFolder: 'types', mainExtensions: ['.d.ts'] },
  { id: 'ts-host', label: 'JavaScript / TypeScript — host types (jco types)', generator: { kind: 'jco', types: 'host' }, defaultFolder: 'bindings/ts-host', mainExtensions: ['.d.ts'] },
  // Without `--generate-all`, wit-bindgen rust refuses worlds that import interfaces (it asks for `--with`).
  { id: 'rust', label: 'Rust', generator: witBindgen('rust', ['--generate-all']), defaultFolder: 'bindings/rust', mainExtensions: ['.rs'] },
  { id: 'c', label: 'C', generator: witBindgen('c'), defaultFolder: 'bindings/c', mainExtensions: ['.h', '.c'] },
  { id: 'cpp', label: 'C++', generator: witBindgen('cpp'), defaultFolder: 'bindings/cpp', mainExtensions: ['.h', '.hpp', '.cpp'] },
  { id: 'go', label: 'Go', generator: witBindgen('go'), defaultFolder: 'bindings/go', mainExtensions: ['.go'] },
  { id: 'csharp', label: 'C#', generator: witBindgen('csharp'), defaultFolder: 'bindings/csharp', mainExtensions: ['.cs'] },
  { id: 'moonbit', label: 'MoonBit', generator: witBindgen('moonbit'), defaultFolder: 'bindings/moonbit', mainExtensions: ['.mbt'] },
];

export function languageSpec(id: BindingLanguage): LanguageSpec {
  const spec = BINDING_LANGUAGES.find((l) => l.id === id);
  if (!spec) throw new Error(`unknown bindings language: ${id}`);
  return spec;
}

/** The WIT features to enable, as the language server has them (`wit.features`, `wit.allFeatures`). */
export interface WitFeatures {
  features: readonly string[];
  allFeatures: boolean;
}

/** `wit-bindgen <language> <wit> --world <world> --out-dir <dir>` and the features, as an argument array. */
export function witBindgenArgs(generator: Extract<Generator, { kind: 'wit-bindgen' }>, witPath: string, world: string, outDir: string, features: WitFeatures): string[] {
  const featureArgs = features.allFeatures ? ['--all-features'] : features.features.length > 0 ? ['--features', features.features.join(',')] : [];
  return [generator.subcommand, witPath, '--world', world, '--out-dir', outDir, ...generator.extraArgs, ...featureArgs];
}

/** The files wit-bindgen says it wrote: it prints `Generating "<path>"` (a Rust debug string) to stderr for each. */
export function generatedPaths(stderrLines: readonly string[]): string[] {
  const paths: string[] = [];
  for (const line of stderrLines) {
    const match = /^Generating "(.*)"$/.exec(line.trim());
    if (match) paths.push(match[1]!.replace(/\\(["\\])/g, '$1'));
  }
  return paths;
}

/** The project a WIT package root belongs to: the folder holding `wit/`, or the root itself. */
export function projectDirOf(witRoot: string): string {
  return basename(witRoot) === 'wit' ? dirname(witRoot) : witRoot;
}

export function defaultOutDir(witRoot: string, language: BindingLanguage): string {
  return join(projectDirOf(witRoot), languageSpec(language).defaultFolder);
}

/**
 * The generated file to show first: of the language's main kind, named after the world
 * (`text_plugin.rs`, `text-plugin.d.ts`, `TextPluginWorld.cs`) when one is, else the shortest path.
 */
export function mainFile(files: readonly string[], worldName: string, language: BindingLanguage): string | undefined {
  const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const world = key(worldName);
  const rank = (file: string) => {
    const extension = languageSpec(language).mainExtensions.findIndex((ext) => file.endsWith(ext));
    return [extension < 0 ? Infinity : extension, key(basename(file, extname(file))).includes(world) ? 0 : 1, file.length];
  };
  const ordered = [...files].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]! || a.localeCompare(b);
  });
  return ordered[0];
}
