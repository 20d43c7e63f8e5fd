/**
 * The WIT a new component project gets in its `wit/` folder: a workspace package copied as it
 * is, or a small package of the project's own whose world includes a world from elsewhere
 * (WASI's `wasi:cli/command` or `wasi:http/proxy`, or a world of a package in `deps/`), with
 * the packages that world needs in `wit/deps/`. Pure: the files come in, the files go out.
 */
import type { PackageName, TopLevelItem } from '../../../server/src/syntax/ast';
import { validateId } from '../../../server/src/syntax/lexer';
import { parse as parseWit } from '../../../server/src/syntax/parser';
import { KEYWORDS } from '../../../server/src/syntax/tokens';

/** The WASI release the bundled WIT (jco's builtin 0.2.12) and the examples use. */
export const WASI_VERSION = '0.2.12';

export type WasiWorldName = 'wasi:cli/command' | 'wasi:http/proxy';

export type FileContent = string | Uint8Array;

/** A project's `wit/` folder (paths relative to it) and the world of its root package to build. */
export interface WitTree {
  files: Record<string, FileContent>;
  world: string;
}

/** Why `name` cannot name a project (its folder, WIT world and package), or undefined. */
export function projectNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return 'Use lowercase kebab-case: letters, digits and dashes, starting with a letter (e.g. hello-world).';
  const problem = validateId(name);
  if (problem) return `"${name}" is not a WIT identifier: ${problem}.`;
  if (KEYWORDS.has(name)) return `"${name}" is a WIT keyword.`;
  return undefined;
}

/**
 * The project's own package, `component:<name>`, with one world `<name>` that includes
 * `include` (`ns:pkg/world@version`); `why` is a comment for the reader.
 */
export function includingPackage(name: string, include: string, why: string): string {
  return `package component:${name};\n\n${why
    .split('\n')
    .map((line) => `/// ${line}`)
    .join('\n')}\nworld ${name} {\n  include ${include};\n}\n`;
}

/** A WIT tree of the project's own package including a world of `deps` (the files of a `deps/` folder, relative to it). */
export function includingTree(name: string, include: string, why: string, deps: Readonly<Record<string, FileContent>>): WitTree {
  const files: Record<string, FileContent> = { 'world.wit': includingPackage(name, include, why) };
  for (const [path, content] of Object.entries(deps)) files[`deps/${path}`] = content;
  return { files, world: name };
}

/**
 * The WIT tree of a project for a WASI world. A C command is a plain `main` that the WASI
 * preview1 command adapter exports as `wasi:cli/run`: its world must leave that export to the
 * adapter, so it includes only `wasi:cli/imports`. `builtin` maps WASI package names (`cli`,
 * `io`, …) to their `package.wit`.
 */
export function wasiTree(world: WasiWorldName, name: string, language: 'js' | 'c' | 'rust', builtin: ReadonlyMap<string, string>): WitTree {
  const commandByAdapter = world === 'wasi:cli/command' && language === 'c';
  const include = `${commandByAdapter ? 'wasi:cli/imports' : world}@${WASI_VERSION}`;
  const why =
    world === 'wasi:cli/command'
      ? commandByAdapter
        ? `A WASI command: \`main\` in C, which the WASI preview1 command adapter exports as\n\`wasi:cli/run\`; the world gives it WASI's imports.`
        : 'A WASI command: it exports `wasi:cli/run`, which a host calls to run it.'
      : 'An HTTP server: it exports `wasi:http/incoming-handler`, which a wasi:http host\n(`jco serve`, `wasmtime serve`, WIT: Run Component) calls for each request.';
  const deps: Record<string, string> = {};
  for (const pkg of wasiPackagesNeeded(include, builtin)) deps[`${pkg}/package.wit`] = builtin.get(pkg)!;
  return includingTree(name, include, why, deps);
}

/** The WASI packages `wit` refers to, and those they refer to, sorted (names as in `wasi:<name>/…`). */
export function wasiPackagesNeeded(wit: string, builtin: ReadonlyMap<string, string>): string[] {
  const needed = new Set<string>();
  const visit = (text: string) => {
    for (const [, pkg] of text.matchAll(/\bwasi:([a-z][a-z0-9-]*)\//g)) {
      if (needed.has(pkg!)) continue;
      const source = builtin.get(pkg!);
      if (source === undefined) continue;
      needed.add(pkg!);
      visit(source);
    }
  };
  visit(wit);
  return [...needed].sort();
}

/** A world a WIT file declares: its name and its package's (`ns:pkg@version`, when the file names one). */
export interface DeclaredWorld {
  name: string;
  package?: string;
  /** Declared in a nested `package … { }` block rather than the file's own package. */
  nested: boolean;
}

export function declaredWorlds(text: string): DeclaredWorld[] {
  const file = parseWit(text);
  const worlds: DeclaredWorld[] = [];
  const collect = (items: readonly TopLevelItem[], pkg: PackageName | undefined, nested: boolean) => {
    for (const item of items) {
      if (item.kind === 'world' && item.name) worlds.push({ name: item.name.name, ...(pkg && packageText(pkg) ? { package: packageText(pkg) } : {}), nested });
      else if (item.kind === 'package') collect(item.items, item.name, true);
    }
  };
  collect(file.items, file.packageHeader?.name, false);
  return worlds;
}

function packageText(name: PackageName): string | undefined {
  if (!name.name) return undefined;
  return `${name.namespace.name}:${name.name.name}${name.version ? `@${name.version.text}` : ''}`;
}
