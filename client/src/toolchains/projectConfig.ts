/**
 * The settings files of a component project, read leniently: `wit-studio.json`, package.json
 * (and its `"witStudio"` object), and the few Cargo.toml values detection needs. A field of
 * the wrong type is left out with a note, never an error: the project stays usable.
 */

/** The settings file of any kind of project (see projects.ts for its fields). */
export const CONFIG_FILE = 'wit-studio.json';

export interface ProjectConfig {
  kind?: string;
  wit?: string;
  world?: string;
  entry?: string;
  module?: string;
  sources?: string[];
  out?: string;
  execModel?: string;
  core?: string;
  cflags?: string[];
  disable?: string[];
  enable?: string[];
  bundle?: boolean;
}

const STRING_FIELDS = ['kind', 'wit', 'world', 'entry', 'module', 'out', 'execModel', 'core'] as const;
const LIST_FIELDS = ['sources', 'cflags', 'disable', 'enable'] as const;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON object in `text` (named `what` in notes), or undefined with a note saying why not. */
export function parseJsonObject(text: string, what: string, notes: string[]): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    notes.push(`${what} is not valid JSON (${(e as Error).message}); it was ignored.`);
    return undefined;
  }
  if (isObject(value)) return value;
  notes.push(`${what} is not a JSON object; it was ignored.`);
  return undefined;
}

/** The fields of the right types; the others are noted (`where`: the file or object they are in). */
export function sanitizeConfig(raw: Record<string, unknown>, notes: string[], where: string): ProjectConfig {
  const config: ProjectConfig = {};
  for (const key of STRING_FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v === 'string' && v.length > 0) config[key] = v;
    else notes.push(`${where}: "${key}" must be a non-empty string; it was ignored.`);
  }
  if (typeof raw.bundle === 'boolean') config.bundle = raw.bundle;
  else if (raw.bundle !== undefined) notes.push(`${where}: "bundle" must be true or false; it was ignored.`);
  for (const key of LIST_FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) config[key] = v as string[];
    else if (typeof v === 'string') config[key] = [v];
    else notes.push(`${where}: "${key}" must be a list of strings; it was ignored.`);
  }
  return config;
}

export function hasDependency(pkg: Record<string, unknown>, name: string): boolean {
  return ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some((field) => {
    const deps = pkg[field];
    return isObject(deps) && name in deps;
  });
}

/**
 * A string value of a TOML table (enough TOML for Cargo.toml's `[package] name` and
 * `[package.metadata.component.target] path/world`; also dotted keys under a parent table).
 */
export function tomlValue(toml: string, table: string, key: string): string | undefined {
  let current = '';
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = header[1].replace(/\s+/g, '');
      continue;
    }
    const kv = /^([A-Za-z0-9_.\-"]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const fullKey = [current, kv[1].replace(/"/g, '')].filter(Boolean).join('.');
    if (fullKey !== `${table}.${key}`) continue;
    const value = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(kv[2].trim());
    if (value) return value[1] !== undefined ? JSON.parse(`"${value[1]}"`) : value[2];
  }
  return undefined;
}
