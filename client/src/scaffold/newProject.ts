/**
 * Creating a component project on disk: the WIT of the chosen world read (a workspace
 * package's folder, a `deps/` folder, or the WASI WIT bundled with jco), the world decoded
 * with the bundled jco, the files made by projectFiles.ts, written into `<parent>/<name>` —
 * which must not exist yet or be empty. Node, no VS Code.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { componentWorld } from '../../../server/src/syntax/binary/wasmInfo';
import { errorText, jcoDir, loadJco } from '../toolchains/jco';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { projectFiles, type Language } from './projectFiles';
import { WASI_VERSION, declaredWorlds, includingTree, projectNameProblem, wasiTree, type FileContent, type WasiWorldName, type WitTree } from './witLayout';

/** A world of a `.wit` file on disk (by its name), or one of WASI's. */
export type WorldSource = { file: string; name: string } | WasiWorldName;

export interface NewProjectRequest {
  world: WorldSource;
  language: Language;
  name: string;
  /** The folder the project folder goes in. */
  parent: string;
}

export type NewProjectResult =
  | { ok: true; /** The project folder. */ dir: string; /** What was written, relative to it, sorted. */ files: string[]; /** The stubs to fill in (absolute). */ stubs: string }
  | { ok: false; message: string };

export async function createProject(request: NewProjectRequest): Promise<NewProjectResult> {
  const { name, language } = request;
  const nameProblem = projectNameProblem(name);
  if (nameProblem) return { ok: false, message: nameProblem };
  const dir = join(request.parent, name);
  const occupied = await readdir(dir).then(
    (entries) => entries.length > 0,
    () => false,
  );
  if (occupied) return { ok: false, message: `${dir} already exists and is not empty.` };

  const wit = await witTreeFor(request.world, name, language);
  if ('message' in wit) return { ok: false, message: wit.message };
  const world = await decodeWorld(wit);
  if ('message' in world) return { ok: false, message: world.message };
  const scaffold = projectFiles({ name, language, wit, world, ...(typeof request.world === 'string' ? { wasiWorld: request.world } : {}) });
  if (!scaffold.ok) return scaffold;
  await writeFiles(dir, scaffold.files);
  return { ok: true, dir, files: Object.keys(scaffold.files).sort(), stubs: join(dir, scaffold.stubs) };
}

/** The WIT tree a project for `source` gets. */
export async function witTreeFor(source: WorldSource, name: string, language: Language): Promise<WitTree | { message: string }> {
  if (typeof source === 'string') return wasiTree(source, name, language, await bundledWasiPackages());
  const text = await readFile(source.file, 'utf8').catch(() => undefined);
  if (text === undefined) return { message: `Cannot read ${source.file}.` };
  const declared = declaredWorlds(text).find((w) => w.name === source.name);
  if (!declared) return { message: `${source.file} declares no world ${source.name}.` };
  const deps = depsFolderOf(source.file);
  if (!deps && !declared.nested) {
    // A world of a workspace package: the package's folder (its .wit files and deps/), as it is.
    const folder = dirname(source.file);
    const files: Record<string, FileContent> = {};
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.wit')) files[entry.name] = await readFile(join(folder, entry.name), 'utf8');
    }
    Object.assign(files, prefixed('deps', await readTree(join(folder, 'deps'))));
    return { files, world: source.name };
  }
  if (!deps || !declared.package) return { message: `The world ${source.name} is in a nested package outside deps/: pick a world of a package's own files or of deps/.` };
  return includingTree(name, `${declared.package.replace(/@.*$/, '')}/${source.name}${declared.package.match(/@.*$/)?.[0] ?? ''}`, `The world ${source.name} of ${declared.package}, from deps/.`, await readTree(deps));
}

/** WASI's packages as the extension ships them (jco's builtin WIT): `cli` → its package.wit. */
export async function bundledWasiPackages(): Promise<Map<string, string>> {
  const root = join(jcoDir(), 'wit', WASI_VERSION);
  const packages = new Map<string, string>();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('wasi-')) packages.set(entry.name.slice('wasi-'.length), await readFile(join(root, entry.name, 'package.wit'), 'utf8'));
  }
  return packages;
}

/** The world of a WIT tree, decoded from a component jco makes of it (a dummy module). */
export async function decodeWorld(wit: WitTree): Promise<World | { message: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'wit-studio-new-'));
  try {
    await writeFiles(join(scratch, 'wit'), wit.files);
    const jco = await loadJco();
    // jco reads the WIT through its WASI shim, which starts with no folder open.
    jco.setPreopens({ '/': '/' });
    const embedded = await jco.componentEmbed({ dummy: true, witPath: join(scratch, 'wit'), world: wit.world });
    const decoded = componentWorld(await jco.componentNew(embedded));
    return decoded.ok ? decoded.world : { message: decoded.message };
  } catch (e) {
    // jco names the folder it read: the scratch copy, which means nothing to the user.
    return { message: `The WIT of the world ${wit.world} does not resolve: ${errorText(e).replaceAll(join(scratch, 'wit'), 'wit/')}` };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The `deps` folder a file is in (at any depth), if any. */
function depsFolderOf(file: string): string | undefined {
  const parts = dirname(file).split(sep);
  const at = parts.lastIndexOf('deps');
  return at > 0 ? parts.slice(0, at + 1).join(sep) : undefined;
}

/** Every file under `dir` (relative paths, `/`-separated); .wit files as text. Empty when there is no such folder. */
async function readTree(dir: string): Promise<Record<string, FileContent>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files: Record<string, FileContent> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const rel = relative(dir, path).split(sep).join('/');
    files[rel] = entry.name.endsWith('.wit') ? await readFile(path, 'utf8') : new Uint8Array(await readFile(path));
  }
  return files;
}

function prefixed(folder: string, files: Record<string, FileContent>): Record<string, FileContent> {
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [`${folder}/${path}`, content]));
}

async function writeFiles(dir: string, files: Readonly<Record<string, FileContent>>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** A name for the project from a world's name (the world itself when it is a valid project name). */
export function suggestedName(world: WorldSource): string {
  const base = typeof world === 'string' ? (world === 'wasi:cli/command' ? 'hello' : 'hello-http') : world.name;
  return projectNameProblem(base) ? 'my-component' : base;
}
