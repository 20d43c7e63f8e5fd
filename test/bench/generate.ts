/**
 * A deterministic, realistic WIT workspace for benchmarks: one main package spread over
 * several files (interfaces with records, variants, enums, flags, aliases, resources and
 * functions, `use` between interfaces of the package and from WASI, worlds), with the WASI
 * 0.2 packages as `deps/`. The same options always give the same text.
 */
import { Rng } from '../helpers/mutate';

export interface WorkspaceOptions {
  /** Directory of the main package. */
  root?: string;
  /** Lines of WIT in the main package, roughly (it stops at the first interface past it). */
  lines?: number;
  files?: number;
  seed?: number;
  /** WASI packages by name (`wasi-io`, …), all of one release; they go to `deps/`. */
  wasi: Map<string, string>;
  /** The release's version, for the `use` paths (`0.2.12`). */
  wasiVersion: string;
  /** The main package's name (default `bench:app@0.1.0`). */
  packageName?: string;
}

export interface Workspace {
  root: string;
  files: Map<string, string>;
  /** The main package's files (the ones edits go to). */
  mainFiles: string[];
  mainLines: number;
}

interface Iface {
  name: string;
  records: string[];
  resources: string[];
  variants: string[];
}

const PRIMS = ['u8', 'u16', 'u32', 'u64', 's32', 's64', 'f32', 'f64', 'bool', 'char', 'string'];
const WORDS = [
  'account', 'order', 'item', 'price', 'stock', 'user', 'session', 'token', 'event', 'query',
  'result', 'page', 'cursor', 'blob', 'chunk', 'digest', 'route', 'header', 'payload', 'metric',
  'span', 'trace', 'level', 'policy', 'quota', 'region', 'zone', 'node', 'shard', 'replica',
];

export function generateWorkspace(options: WorkspaceOptions): Workspace {
  const root = options.root ?? '/ws';
  const targetLines = options.lines ?? 10_000;
  const fileCount = options.files ?? 16;
  const rng = new Rng(options.seed ?? 42);
  const v = options.wasiVersion;
  const ifaces: Iface[] = [];
  const files = new Map<string, string>();
  const mainFiles: string[] = [];
  const word = () => rng.pick(WORDS);
  const prim = () => rng.pick(PRIMS);
  let mainLines = 0;

  for (let f = 0; f < fileCount; f++) {
    const out: string[] = [];
    if (f === 0) out.push('/// The benchmark application: generated, deterministic.', `package ${options.packageName ?? 'bench:app@0.1.0'};`, '');
    const fileIfaces: Iface[] = [];
    for (let k = 0; out.length < targetLines / fileCount; k++) {
      const id = `f${f}-i${k}`;
      const iface: Iface = { name: `api-${id}`, records: [], resources: [], variants: [] };
      // A few interfaces defined earlier (acyclic `use`), each with things to take from.
      const earlier = ifaces.length > 0 ? Array.from({ length: Math.min(3, ifaces.length) }, () => rng.pick(ifaces)) : [];
      const used = [...new Set(earlier)];
      out.push(`/// ${word()} operations of part ${f}, group ${k}.`, `interface ${iface.name} {`);
      out.push(`  use wasi:io/streams@${v}.{input-stream, output-stream};`);
      out.push(`  use wasi:clocks/wall-clock@${v}.{datetime};`);
      const imported: string[] = [];
      for (const u of used) {
        const names = [u.records[0], u.resources[0], u.variants[0]].filter((n): n is string => !!n);
        if (names.length === 0) continue;
        out.push(`  use ${u.name}.{${names.join(', ')}};`);
        imported.push(...names);
      }
      out.push('');
      out.push(`  /// Errors of ${iface.name}.`, `  variant error-${id} {`, '    not-found,', '    denied(string),', `    invalid(u32),`, '    other(option<string>),', '  }', '');
      out.push(`  enum kind-${id} {`, ...Array.from({ length: 4 }, (_, i) => `    ${word()}-k${i},`), '  }', '');
      out.push(`  flags perm-${id} {`, '    read,', '    write,', '    exec,', '    admin,', '  }', '');
      const typeRefs = [...imported.filter((n) => !n.startsWith('res-')), `kind-${id}`, `perm-${id}`, 'datetime'];
      for (let r = 0; r < 3; r++) {
        const name = `rec-${id}-r${r}`;
        out.push(`  /// A ${word()} record.`, `  record ${name} {`, `    id: u64,`, `    name: string,`);
        const fields = rng.range(2, 6);
        for (let i = 0; i < fields; i++) {
          const t =
            rng.chance(0.4) && typeRefs.length > 0
              ? rng.pick([`option<${rng.pick(typeRefs)}>`, `list<${rng.pick(typeRefs)}>`, rng.pick(typeRefs)])
              : rng.pick([prim(), `list<${prim()}>`, `option<${prim()}>`, `tuple<${prim()}, ${prim()}>`]);
          out.push(`    ${word()}-f${i}: ${t},`);
        }
        out.push('  }', '');
        iface.records.push(name);
        typeRefs.push(name);
      }
      const variant = `event-${id}`;
      out.push(`  variant ${variant} {`, `    created(${iface.records[0]}),`, `    updated(tuple<${iface.records[1]}, datetime>),`, `    removed(u64),`, '    cleared,', '  }', '');
      iface.variants.push(variant);
      out.push(`  type page-${id} = list<${iface.records[2]}>;`, `  type outcome-${id} = result<${iface.records[0]}, error-${id}>;`, '');
      const resources = rng.range(1, 2);
      for (let r = 0; r < resources; r++) {
        const name = `res-${id}-r${r}`;
        out.push(`  /// A handle to a ${word()}.`, `  resource ${name} {`, `    constructor(name: string, kind: kind-${id});`);
        out.push(`    get: func() -> outcome-${id};`, `    put: func(value: ${iface.records[0]}, perms: perm-${id}) -> result<_, error-${id}>;`);
        out.push(`    list-page: func(cursor: option<string>, limit: u32) -> result<page-${id}, error-${id}>;`);
        out.push(`    read: func() -> result<input-stream, error-${id}>;`, `    write: func() -> result<output-stream, error-${id}>;`);
        out.push(`    open: static func(path: string) -> result<${name}, error-${id}>;`, '  }', '');
        iface.resources.push(name);
      }
      const funcs = rng.range(3, 7);
      for (let i = 0; i < funcs; i++) {
        const params = Array.from({ length: rng.range(0, 4) }, (_, p) => `${word()}-p${p}: ${rng.pick([...typeRefs, prim(), `borrow<${iface.resources[0]}>`])}`);
        const ret = rng.pick([`outcome-${id}`, `list<${variant}>`, `option<${rng.pick(typeRefs)}>`, prim(), `result<tuple<u32, string>, error-${id}>`]);
        out.push(`  /// ${word()} ${word()}.`, `  ${word()}-op${i}: func(${params.join(', ')}) -> ${ret};`);
      }
      out.push('}', '');
      ifaces.push(iface);
      fileIfaces.push(iface);
    }
    out.push(`world app-f${f} {`, `  import wasi:cli/environment@${v};`, `  import wasi:clocks/monotonic-clock@${v};`);
    for (const i of fileIfaces.slice(0, -1)) out.push(`  import ${i.name};`);
    out.push(`  export ${fileIfaces[fileIfaces.length - 1]!.name};`, '}', '');
    const path = `${root}/app-${String(f).padStart(2, '0')}.wit`;
    const text = out.join('\n');
    files.set(path, text);
    mainFiles.push(path);
    mainLines += out.length;
  }
  for (const [name, text] of options.wasi) files.set(`${root}/deps/${name}.wit`, text);
  return { root, files, mainFiles, mainLines };
}

/**
 * The same amount of WIT spread over several packages: a main package and `others` more in
 * `deps/`, each generated alike (about `lines` lines each), with the WASI packages.
 */
export function generateMultiPackageWorkspace(options: WorkspaceOptions & { others: number }): Workspace {
  const main = generateWorkspace({ ...options, files: 2 });
  const files = new Map(main.files);
  for (let k = 0; k < options.others; k++) {
    const dep = generateWorkspace({ ...options, files: 2, seed: 1000 + k, root: `${main.root}/deps/p${k}`, packageName: `bench:p${k}@0.1.0`, wasi: new Map() });
    for (const path of dep.mainFiles) files.set(path, dep.files.get(path)!);
  }
  return { ...main, files };
}
