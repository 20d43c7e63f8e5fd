/**
 * The files of a new component project, for WIT Studio's Build, Inspect and Run as they are:
 * its WIT in `wit/`, the settings that name the world and the output (package.json
 * `"witStudio"` for JavaScript, `wit-studio.json` for C, Cargo.toml for Rust — see
 * toolchains/projects.ts), and stubs of every export. Pure.
 */
import type { World } from '../../../server/src/syntax/binary/witModel';
import { cComponentSources, cStubsFile } from './cWorld';
import { jsStubs } from './jsStubs';
import { rustCrateFiles } from './rustCrate';
import type { FileContent, WasiWorldName, WitTree } from './witLayout';

export type Language = 'js' | 'c' | 'rust';

export interface ScaffoldInput {
  /** The project's name (kebab-case): its folder, package or crate, and output file. */
  name: string;
  language: Language;
  /** The WIT tree (the `wit/` folder) and the world of it that the project implements. */
  wit: WitTree;
  /** That world, decoded. */
  world: World;
  /** When the world is a WASI one (its shape is known: a command, a server). */
  wasiWorld?: WasiWorldName;
}

export type ScaffoldResult =
  | { ok: true; files: Record<string, FileContent>; /** The file with the stubs to fill in. */ stubs: string }
  | { ok: false; message: string };

/** The versions the examples and WIT Studio's own build use. */
const JS_TOOLCHAIN = { '@bytecodealliance/componentize-js': '^0.22.0', '@bytecodealliance/jco': '^1.35.0' };

export function projectFiles(input: ScaffoldInput): ScaffoldResult {
  const sources = languageFiles(input);
  if (!sources.ok) return sources;
  const files: Record<string, FileContent> = { ...sources.files };
  // cargo-component gives a binary crate its command world itself, and would take a wit/ folder as the crate's target.
  const ownWit = !(input.language === 'rust' && input.wasiWorld === 'wasi:cli/command');
  if (ownWit) for (const [path, content] of Object.entries(input.wit.files)) files[`wit/${path}`] = content;
  return { ok: true, files, stubs: sources.stubs };
}

function languageFiles(input: ScaffoldInput): ScaffoldResult {
  const { name, wit } = input;
  const out = `build/${name}.wasm`;
  switch (input.language) {
    case 'js': {
      const stubs = jsStubs(input.world, name);
      if (!stubs.ok) return stubs;
      const entry = `src/${name}.js`;
      const packageJson = {
        name,
        version: '0.1.0',
        private: true,
        type: 'module',
        witStudio: { wit: 'wit', world: wit.world, entry, out },
        devDependencies: JS_TOOLCHAIN,
      };
      return { ok: true, files: { 'package.json': json(packageJson), [entry]: stubs.source }, stubs: entry };
    }
    case 'c': {
      const config = json({ kind: 'c', world: wit.world, out });
      if (input.wasiWorld === 'wasi:cli/command') return { ok: true, files: { 'wit-studio.json': config, 'src/main.c': cCommand(name) }, stubs: 'src/main.c' };
      const generated = cComponentSources(input.world, { worldName: wit.world });
      if (!generated.ok) return generated;
      return { ok: true, files: { 'wit-studio.json': config, ...generated.files }, stubs: cStubsFile(wit.world) };
    }
    case 'rust':
      return rustCrateFiles({ name, world: wit.world, command: input.wasiWorld === 'wasi:cli/command' });
  }
}

/** A C command: `main`, which the WASI preview1 command adapter exports as `wasi:cli/run`. */
function cCommand(name: string): string {
  return `// A WASI command: the WASI preview1 command adapter exports \`main\` as \`wasi:cli/run\`.
// Arguments, environment variables and directories are what the host grants the run.
#include <stdio.h>

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  printf("Hello from ${name}\\n");
  return 0;
}
`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
