/**
 * What kind of component project a folder holds, decided from its files alone: JavaScript
 * (componentize-js via jco), Rust (cargo-component), Python (componentize-py), C/C++ (clang
 * for wasm32-wasi, then the WIT embedded and a component made with a WASI adapter), a core
 * module plus WIT, or none. Also where its WIT is, which world to build, the entry/sources
 * and where the component goes.
 *
 * Configuration, most specific first:
 * - `wit-studio.json` next to the project (any kind):
 *   `{ "kind": "c", "wit": "wit", "world": "clock", "sources": ["src/clock.c"], "out": "build/clock.wasm",
 *      "execModel": "reactor", "cflags": ["-DNDEBUG"] }`
 *   (`entry` for JS and Python, `core` for a core module);
 * - `package.json` → `"witStudio": { "wit": "wit", "world": "plugin", "entry": "src/plugin.js", "out": "build/plugin.wasm" }`;
 * - conventions: a `wit/` folder and the single world of its package, `build/<world>.wasm`.
 *
 * I/O stays at the edge: detection reads through a `ProjectReader` (`nodeProjectReader` for
 * disk, `memoryProjectReader` for tests or editor buffers).
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, posix, resolve } from 'node:path';
import { parse as parseWit } from '../../../server/src/syntax/parser';
import { CONFIG_FILE, hasDependency, isObject, parseJsonObject, sanitizeConfig, tomlValue, type ProjectConfig } from './projectConfig';

export type ProjectKind = 'js' | 'rust' | 'python' | 'c' | 'core-wasm';
export type ExecModel = 'reactor' | 'command';

export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

/** Reads a project's files by paths relative to the project folder (`''` is the folder; `../x` may occur). */
export interface ProjectReader {
  /** The entries of a folder; undefined when there is no such folder. */
  list(relDir: string): Promise<DirEntry[] | undefined> | DirEntry[] | undefined;
  /** A file's text; undefined when there is no such file. */
  read(relPath: string): Promise<string | undefined> | string | undefined;
}

export interface Project {
  kind: ProjectKind;
  /** The project folder (absolute). */
  dir: string;
  /** A display name: the package name, crate name or folder name. */
  name: string;
  /** Where the settings came from. */
  configSource: 'wit-studio.json' | 'package.json' | 'Cargo.toml' | 'pyproject.toml' | 'convention';
  /** The WIT folder (or file), absolute; undefined for Rust crates that take their WIT elsewhere. */
  witPath?: string;
  /** The world to build; undefined when the WIT has several and none was chosen (see `worlds`). */
  world?: string;
  /** The worlds of the WIT's root package (for a picker when there are several). */
  worlds: string[];
  /** The component to produce (absolute). */
  out: string;
  /** JS: the module to componentize; Python: the app module name (`app`). */
  entry?: string;
  /** C/C++: the source files (absolute). */
  sources?: string[];
  /** C/C++/core-wasm: which WASI preview1 adapter (reactor = a library, command = `main`). */
  execModel?: ExecModel;
  /** core-wasm: the core module (absolute). */
  core?: string;
  /** C/C++: extra compiler flags. */
  cflags?: string[];
  /** JS: bundle the entry with what it imports first (`--bundle`); default: when it imports relative modules. */
  bundle?: boolean;
  /** JS: WASI features to leave out / add (`jco componentize --disable/--enable`). */
  disableFeatures?: string[];
  enableFeatures?: string[];
  /** Things a user should know (several worlds, an unreadable config, …); the project is still usable. */
  notes: string[];
}

export interface NoProject {
  kind: 'none';
  dir: string;
  /** Why this is not a component project (or what is missing), in one sentence. */
  reason: string;
  notes: string[];
}

export type Detection = Project | NoProject;

const C_EXTS = /\.(c|cc|cpp|cxx|c\+\+)$/i;
const JS_EXTS = /\.(m?js|cjs|m?ts)$/i;
const JS_ENTRY_CANDIDATES = ['src/index.js', 'src/component.js', 'src/main.js', 'src/app.js', 'index.js', 'component.js', 'main.js', 'app.js', 'src/index.ts', 'index.ts'];
const JS_TOOLCHAIN_DEPS = ['@bytecodealliance/componentize-js', '@bytecodealliance/jco'];

export async function detectProject(dir: string, reader: ProjectReader): Promise<Detection> {
  dir = resolve(dir);
  const notes: string[] = [];
  const none = (reason: string): NoProject => ({ kind: 'none', dir, reason, notes });

  const configText = await reader.read(CONFIG_FILE);
  const configJson = configText === undefined ? undefined : parseJsonObject(configText, CONFIG_FILE, notes);
  const config = configJson && sanitizeConfig(configJson, notes, CONFIG_FILE);
  const packageJsonText = await reader.read('package.json');
  const packageJson = packageJsonText === undefined ? undefined : parseJsonObject(packageJsonText, 'package.json', notes);
  const witStudio = packageJson && isObject(packageJson.witStudio) ? sanitizeConfig(packageJson.witStudio, notes, 'package.json "witStudio"') : undefined;
  const cargoToml = await reader.read('Cargo.toml');
  const pyproject = await reader.read('pyproject.toml');
  const top = (await reader.list('')) ?? [];
  if (top.length === 0 && configText === undefined) return none('The folder is empty or cannot be read.');

  // Decide the kind.
  let kind: ProjectKind | undefined;
  let configSource: Project['configSource'] = 'convention';
  let settings: ProjectConfig = {};
  const explicitKind = config?.kind ?? witStudio?.kind;
  if (explicitKind !== undefined) {
    if (!isKind(explicitKind)) return none(`Unknown project kind "${explicitKind}" (expected js, rust, python, c or core-wasm).`);
    kind = explicitKind;
  }
  if (config) {
    settings = config;
    configSource = CONFIG_FILE;
  } else if (witStudio) {
    settings = witStudio;
    configSource = 'package.json';
    kind ??= 'js';
  }
  const cargoComponent = cargoToml !== undefined && /^\s*\[\s*package\.metadata\.component(\.[\w.-]+)?\s*\]/m.test(cargoToml);
  const dependsOnJco = !!packageJson && JS_TOOLCHAIN_DEPS.some((d) => hasDependency(packageJson!, d));
  const pythonFlavoured =
    (pyproject !== undefined && /componentize-py|componentize_py/.test(pyproject)) || top.some((e) => !e.isDirectory && e.name === 'app.py');
  if (!kind) {
    if (cargoComponent) {
      kind = 'rust';
      configSource = 'Cargo.toml';
    } else if (pythonFlavoured) {
      kind = 'python';
      if (pyproject !== undefined) configSource = 'pyproject.toml';
    } else if (dependsOnJco) {
      kind = 'js';
      configSource = 'package.json';
    }
  }

  // The WIT.
  const witRel = settings.wit ?? (kind === 'rust' && cargoToml ? tomlValue(cargoToml, 'package.metadata.component.target', 'path') : undefined);
  let witPath: string | undefined;
  let witFiles: string[] = [];
  if (witRel !== undefined) {
    const listing = await reader.list(witRel);
    if (listing) witFiles = listing.filter((e) => !e.isDirectory && e.name.endsWith('.wit')).map((e) => joinRel(witRel, e.name));
    else if (witRel.endsWith('.wit') && (await reader.read(witRel)) !== undefined) witFiles = [witRel];
    else notes.push(`The WIT path "${witRel}" does not exist.`);
    witPath = abs(dir, witRel);
  } else if (top.some((e) => e.isDirectory && e.name === 'wit')) {
    witFiles = ((await reader.list('wit')) ?? []).filter((e) => !e.isDirectory && e.name.endsWith('.wit')).map((e) => `wit/${e.name}`);
    witPath = join(dir, 'wit');
  } else {
    const topWit = top.filter((e) => !e.isDirectory && e.name.endsWith('.wit'));
    if (topWit.length === 1) {
      witFiles = [topWit[0].name];
      witPath = join(dir, topWit[0].name);
    }
  }
  const worlds = await rootWorlds(reader, witFiles);

  // Sources the convention-based kinds need.
  let sources: string[] | undefined = settings.sources;
  if (!sources && (kind === 'c' || kind === undefined)) {
    const srcDir = top.some((e) => e.isDirectory && e.name === 'src') ? ((await reader.list('src')) ?? []) : [];
    sources = [
      ...top.filter((e) => !e.isDirectory && C_EXTS.test(e.name)).map((e) => e.name),
      ...srcDir.filter((e) => !e.isDirectory && C_EXTS.test(e.name)).map((e) => `src/${e.name}`),
    ].sort();
  }
  if (!kind && witPath) {
    if (sources && sources.length > 0) kind = 'c';
    else if (settings.core || top.some((e) => !e.isDirectory && e.name.endsWith('.wasm'))) kind = 'core-wasm';
  }
  if (!kind) {
    if (witPath) return none('The folder has WIT but no sources a WIT Studio build knows (package.json with jco/componentize-js, Cargo.toml with [package.metadata.component], app.py or pyproject.toml for componentize-py, C/C++ sources, or a core .wasm).');
    if (cargoToml !== undefined) return none('Cargo.toml has no [package.metadata.component] section (cargo-component projects have one).');
    return none('No component project here: no wit-studio.json, no package.json "witStudio", no wit/ folder.');
  }
  if (!witPath && kind !== 'rust') return none(`A ${kindName(kind)} project needs its WIT: a wit/ folder, or "wit" in ${configSource === 'package.json' ? 'package.json "witStudio"' : CONFIG_FILE}.`);

  // The world.
  let world = settings.world ?? (kind === 'rust' && cargoToml ? tomlValue(cargoToml, 'package.metadata.component.target', 'world') : undefined);
  if (world === undefined) {
    if (worlds.length === 1) world = worlds[0];
    else if (worlds.length > 1 && kind !== 'rust') notes.push(`The WIT defines several worlds (${worlds.join(', ')}): choose one with "world" in ${configSource === 'package.json' ? 'package.json "witStudio"' : CONFIG_FILE}.`);
    else if (worlds.length === 0 && witFiles.length > 0) notes.push('The WIT package defines no world.');
  } else if (worlds.length > 0 && !worlds.includes(world)) {
    notes.push(`The world "${world}" is not one of the WIT package's worlds (${worlds.join(', ')}).`);
  }

  const folderName = basename(dir);
  const packageName = typeof packageJson?.name === 'string' ? (packageJson.name as string) : undefined;
  const crateName = cargoToml ? tomlValue(cargoToml, 'package', 'name') : undefined;
  const outName = sanitizeFileName(world ?? crateName ?? folderName);
  const base = {
    dir,
    witPath,
    world,
    worlds,
    notes,
  };

  switch (kind) {
    case 'js': {
      let entry = settings.entry;
      if (!entry && packageJson && typeof packageJson.main === 'string' && JS_EXTS.test(packageJson.main)) entry = posix.normalize(packageJson.main as string);
      if (!entry) {
        for (const candidate of JS_ENTRY_CANDIDATES) {
          if ((await reader.read(candidate)) !== undefined) {
            entry = candidate;
            break;
          }
        }
      }
      if (!entry) return none('A JavaScript component project needs its entry module: "entry" in package.json "witStudio" (or "main", or src/index.js).');
      if ((await reader.read(entry)) === undefined) notes.push(`The entry "${entry}" does not exist.`);
      if (!dependsOnJco) notes.push('package.json does not depend on @bytecodealliance/jco and @bytecodealliance/componentize-js; the ones next to WIT Studio are used.');
      return {
        ...base,
        kind,
        name: packageName ?? folderName,
        configSource,
        entry: abs(dir, entry),
        out: abs(dir, settings.out ?? `build/${outName}.wasm`),
        ...(settings.disable ? { disableFeatures: settings.disable } : {}),
        ...(settings.enable ? { enableFeatures: settings.enable } : {}),
        ...(settings.bundle !== undefined ? { bundle: settings.bundle } : {}),
      };
    }
    case 'rust': {
      const crate = crateName ?? folderName;
      const fileName = crate.replace(/-/g, '_');
      return {
        ...base,
        kind,
        name: crate,
        configSource,
        // cargo-component ≥ 0.14 builds for wasm32-wasip1 (older ones for wasm32-wasi); the build looks at both.
        out: settings.out ? abs(dir, settings.out) : join(dir, 'target', 'wasm32-wasip1', 'release', `${fileName}.wasm`),
      };
    }
    case 'python': {
      let module = settings.module ?? settings.entry?.replace(/\.py$/, '');
      if (!module && top.some((e) => !e.isDirectory && e.name === 'app.py')) module = 'app';
      if (!module) return none('A componentize-py project needs its app module: "module" in wit-studio.json, or app.py.');
      return {
        ...base,
        kind,
        name: folderName,
        configSource,
        entry: module,
        out: abs(dir, settings.out ?? `build/${outName}.wasm`),
      };
    }
    case 'c': {
      if (!sources || sources.length === 0) return none('A C/C++ component project needs sources: "sources" in wit-studio.json, or .c/.cpp files in the folder or src/.');
      let execModel = asExecModel(settings.execModel, notes);
      if (!execModel) {
        execModel = 'reactor';
        for (const s of sources) {
          const text = await reader.read(s);
          if (text && /\bint\s+main\s*\(/.test(stripCComments(text))) execModel = 'command';
        }
      }
      return {
        ...base,
        kind,
        name: folderName,
        configSource,
        sources: sources.map((s) => abs(dir, s)),
        execModel,
        out: abs(dir, settings.out ?? `build/${outName}.wasm`),
        ...(settings.cflags ? { cflags: settings.cflags } : {}),
      };
    }
    case 'core-wasm': {
      let core = settings.core;
      if (!core) {
        const wasm = top.filter((e) => !e.isDirectory && e.name.endsWith('.wasm')).map((e) => e.name);
        if (wasm.length !== 1) return none(wasm.length === 0 ? 'No core .wasm module here: set "core" in wit-studio.json.' : `Several .wasm files here (${wasm.join(', ')}): set "core" in wit-studio.json.`);
        core = wasm[0];
      }
      const execModel = asExecModel(settings.execModel, notes);
      return {
        ...base,
        kind,
        name: folderName,
        configSource,
        core: abs(dir, core),
        ...(execModel ? { execModel } : {}),
        out: abs(dir, settings.out ?? `build/${outName}.wasm`),
      };
    }
  }
}

/** The worlds of a WIT package's root files (not of packages nested in them), from WIT Studio's own parser. */
async function rootWorlds(reader: ProjectReader, files: readonly string[]): Promise<string[]> {
  const worlds: string[] = [];
  for (const file of files) {
    const text = await reader.read(file);
    if (text === undefined) continue;
    for (const item of parseWit(text).items) {
      if (item.kind === 'world' && item.name && !worlds.includes(item.name.name)) worlds.push(item.name.name);
    }
  }
  return worlds;
}

/** Reads the real file system. */
export function nodeProjectReader(dir: string): ProjectReader {
  return {
    async list(rel) {
      try {
        const entries = await readdir(resolve(dir, rel), { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
      } catch {
        return undefined;
      }
    },
    async read(rel) {
      try {
        return await readFile(resolve(dir, rel), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Reads from a map of posix paths to contents (a tree rooted anywhere); `projectDir` is the
 * project folder's path in that tree (`''` for the root), so `../` paths work.
 */
export function memoryProjectReader(files: Readonly<Record<string, string>>, projectDir = ''): ProjectReader {
  const norm = (rel: string) => {
    const p = posix.normalize(posix.join(projectDir || '.', rel || '.'));
    return p === '.' ? '' : p.replace(/\/$/, '');
  };
  return {
    list(rel) {
      const d = norm(rel);
      const prefix = d ? `${d}/` : '';
      const entries = new Map<string, boolean>();
      for (const path of Object.keys(files)) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0) entries.set(rest, false);
        else entries.set(rest.slice(0, slash), true);
      }
      if (entries.size === 0) return undefined;
      return [...entries].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    read(rel) {
      return files[norm(rel)];
    },
  };
}

/** Shorthand: detect from disk. */
export function detectProjectOnDisk(dir: string): Promise<Detection> {
  return detectProject(dir, nodeProjectReader(dir));
}

export function kindName(kind: ProjectKind): string {
  switch (kind) {
    case 'js':
      return 'JavaScript (componentize-js)';
    case 'rust':
      return 'Rust (cargo-component)';
    case 'python':
      return 'Python (componentize-py)';
    case 'c':
      return 'C/C++ (clang, wasm32-wasi)';
    case 'core-wasm':
      return 'core WebAssembly module + WIT';
  }
}

// --- helpers ----------------------------------------------------------------------------

function isKind(k: string): k is ProjectKind {
  return k === 'js' || k === 'rust' || k === 'python' || k === 'c' || k === 'core-wasm';
}

function asExecModel(value: string | undefined, notes: string[]): ExecModel | undefined {
  if (value === undefined) return undefined;
  if (value === 'reactor' || value === 'command') return value;
  notes.push(`"execModel" must be "reactor" or "command", not "${value}"; it was ignored.`);
  return undefined;
}

function abs(dir: string, rel: string): string {
  return isAbsolute(rel) ? rel : resolve(dir, rel);
}

function joinRel(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : posix.join(dir, name);
}

function sanitizeFileName(name: string): string {
  return name.replace(/^%/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'component';
}

function stripCComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}
