/**
 * What a component asks of its host, from the names of its imports: each WASI interface
 * grouped by what it grants (files, network, clocks, random numbers, environment, stdio,
 * exit, plumbing), with a plain-language description, a codicon id and whether a host can
 * grant or deny it when the component runs; non-WASI imports listed by name as custom host
 * functions. Works with WASI 0.2.x and 0.3.x names (and unversioned ones). Pure.
 */

export type CapabilityId = 'files' | 'network' | 'environment' | 'stdio' | 'clocks' | 'random' | 'exit' | 'other-wasi' | 'custom' | 'io';

/** How a host can limit a capability when it runs the component. */
export type RuntimeControl =
  | { kind: 'directories'; label: string }
  | { kind: 'variables'; label: string }
  | { kind: 'toggle'; label: string };

export interface CapabilityImport {
  /** The import name as the component spells it (`wasi:filesystem/types@0.2.0`, `log`). */
  name: string;
  /** `wasi:filesystem/types` (no version), or the plain name. */
  interface: string;
  version?: string;
  /** What this one import gives (`open, read and write files and directories`). */
  detail: string;
}

export interface Capability {
  id: CapabilityId;
  title: string;
  /** One sentence a user can act on: what the component may do with this. */
  description: string;
  /** A codicon name (https://microsoft.github.io/vscode-codicons/). */
  icon: string;
  /** How much it matters for trust: high (files, network), medium, low, none (plumbing). */
  sensitivity: 'high' | 'medium' | 'low' | 'none';
  /** Set when a host can grant or deny it per run (files → directories, env → variables, network/stdin → on/off). */
  control?: RuntimeControl;
  imports: CapabilityImport[];
}

export interface CapabilityReport {
  /** Most sensitive first; only capabilities with at least one import. */
  capabilities: Capability[];
  /** What the component offers, from its exports: a CLI command, an HTTP handler, … */
  roles: ComponentRole[];
  /** The WASI versions the imports name (`0.2.0`, `0.3.0`), sorted. */
  wasiVersions: string[];
}

export interface ComponentRole {
  id: 'command' | 'http-handler' | 'library';
  title: string;
  description: string;
  exports: string[];
}

interface ParsedName {
  namespace: string;
  pkg: string;
  iface: string;
  version?: string;
}

/** `ns:pkg/iface@version`; undefined for a plain name (`log`, `[method]r.f`). */
export function parseInterfaceName(name: string): ParsedName | undefined {
  const m = /^([a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)*):([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@([^\s]+))?$/i.exec(name);
  if (!m) return undefined;
  return { namespace: m[1], pkg: m[2], iface: m[3], ...(m[4] ? { version: m[4] } : {}) };
}

interface Rule {
  capability: CapabilityId;
  detail: string;
  /** Capability-level control this one import brings (stdin on/off). */
  control?: RuntimeControl;
}

const STDIN_CONTROL: RuntimeControl = { kind: 'toggle', label: 'Standard input can be connected or left empty' };

/** `pkg/iface` of WASI (0.2 and 0.3 names) to what it grants. */
const WASI: Record<string, Rule> = {
  'filesystem/types': { capability: 'files', detail: 'open, read, write, create and delete files and directories under the directories it is given' },
  'filesystem/preopens': { capability: 'files', detail: 'get the directories the host grants (preopens)' },
  'sockets/tcp': { capability: 'network', detail: 'open TCP connections and listen for them' },
  'sockets/tcp-create-socket': { capability: 'network', detail: 'create TCP sockets' },
  'sockets/udp': { capability: 'network', detail: 'send and receive UDP datagrams' },
  'sockets/udp-create-socket': { capability: 'network', detail: 'create UDP sockets' },
  'sockets/ip-name-lookup': { capability: 'network', detail: 'resolve host names (DNS)' },
  'sockets/network': { capability: 'network', detail: 'use the network handle the host gives' },
  'sockets/instance-network': { capability: 'network', detail: 'get the default network' },
  'sockets/types': { capability: 'network', detail: 'create TCP and UDP sockets, connect, listen, send and receive' },
  'http/outgoing-handler': { capability: 'network', detail: 'send HTTP requests to any server' },
  'http/client': { capability: 'network', detail: 'send HTTP requests to any server' },
  'http/handler': { capability: 'network', detail: 'pass HTTP requests on to another handler (the next hop)' },
  'http/incoming-handler': { capability: 'network', detail: 'handle HTTP requests through the host' },
  'http/types': { capability: 'io', detail: 'HTTP request, response and header types' },
  'tls/types': { capability: 'network', detail: 'open TLS connections' },
  'cli/environment': { capability: 'environment', detail: 'read environment variables, command-line arguments and the initial working directory' },
  'cli/stdin': { capability: 'stdio', detail: 'read standard input', control: STDIN_CONTROL },
  'cli/stdout': { capability: 'stdio', detail: 'write to standard output' },
  'cli/stderr': { capability: 'stdio', detail: 'write to standard error' },
  'cli/terminal-input': { capability: 'stdio', detail: 'see terminal input handles' },
  'cli/terminal-output': { capability: 'stdio', detail: 'see terminal output handles' },
  'cli/terminal-stdin': { capability: 'stdio', detail: 'tell whether standard input is a terminal' },
  'cli/terminal-stdout': { capability: 'stdio', detail: 'tell whether standard output is a terminal' },
  'cli/terminal-stderr': { capability: 'stdio', detail: 'tell whether standard error is a terminal' },
  'cli/exit': { capability: 'exit', detail: 'end the program with an exit status' },
  'cli/types': { capability: 'io', detail: 'shared CLI types (error codes)' },
  'cli/run': { capability: 'other-wasi', detail: 'call another command\'s `run`' },
  'clocks/wall-clock': { capability: 'clocks', detail: 'read the current date and time' },
  'clocks/system-clock': { capability: 'clocks', detail: 'read the current date and time' },
  'clocks/monotonic-clock': { capability: 'clocks', detail: 'measure elapsed time and wait (timers)' },
  'clocks/timezone': { capability: 'clocks', detail: 'read the local time zone' },
  'clocks/types': { capability: 'clocks', detail: 'time types (instants, durations)' },
  'random/random': { capability: 'random', detail: 'get cryptographically secure random bytes' },
  'random/insecure': { capability: 'random', detail: 'get fast, non-cryptographic random numbers' },
  'random/insecure-seed': { capability: 'random', detail: 'get a seed for hash maps and similar' },
  'io/error': { capability: 'io', detail: 'error values of streams' },
  'io/poll': { capability: 'io', detail: 'wait for streams and timers to be ready' },
  'io/streams': { capability: 'io', detail: 'byte streams (the plumbing of files, sockets and stdio)' },
};

/** Other WASI packages, by package name. */
const OTHER_WASI: Record<string, string> = {
  keyvalue: 'key-value storage the host provides',
  config: 'configuration values the host provides',
  logging: 'log messages to the host',
  blobstore: 'blob storage the host provides',
  nn: 'machine-learning inference the host provides',
  messaging: 'message queues the host provides',
  observe: 'traces and metrics to the host',
  otel: 'OpenTelemetry traces and metrics to the host',
  'sql': 'SQL databases the host provides',
};

const CAPABILITIES: Record<CapabilityId, Omit<Capability, 'imports' | 'control'> & { control?: RuntimeControl }> = {
  files: {
    id: 'files',
    title: 'Files',
    description: 'Read and write files in the directories you grant it. Without granted directories it sees no files at all.',
    icon: 'folder-opened',
    sensitivity: 'high',
    control: { kind: 'directories', label: 'Grant directories (preopens), read-only or read-write' },
  },
  network: {
    id: 'network',
    title: 'Network',
    description: 'Reach other machines: open connections, look up names or send HTTP requests.',
    icon: 'globe',
    sensitivity: 'high',
    control: { kind: 'toggle', label: 'Network access can be allowed or denied' },
  },
  environment: {
    id: 'environment',
    title: 'Environment',
    description: 'Read the environment variables and command-line arguments you pass it (which may hold secrets).',
    icon: 'symbol-variable',
    sensitivity: 'medium',
    control: { kind: 'variables', label: 'Choose which environment variables and arguments it gets' },
  },
  stdio: {
    id: 'stdio',
    title: 'Standard I/O',
    description: 'Use standard input, output and error (the terminal or console).',
    icon: 'terminal',
    sensitivity: 'low',
  },
  clocks: {
    id: 'clocks',
    title: 'Clocks',
    description: 'Read the time of day and measure elapsed time.',
    icon: 'watch',
    sensitivity: 'low',
  },
  random: {
    id: 'random',
    title: 'Random numbers',
    description: 'Get random numbers from the host.',
    icon: 'symbol-number',
    sensitivity: 'low',
  },
  exit: {
    id: 'exit',
    title: 'Exit',
    description: 'End the program with an exit status.',
    icon: 'debug-stop',
    sensitivity: 'low',
  },
  'other-wasi': {
    id: 'other-wasi',
    title: 'Other WASI interfaces',
    description: 'WASI interfaces beyond the CLI set; the host must provide them.',
    icon: 'extensions',
    sensitivity: 'medium',
  },
  custom: {
    id: 'custom',
    title: 'Custom host imports',
    description: 'Functions and interfaces that are not WASI: whoever runs the component must implement them.',
    icon: 'plug',
    sensitivity: 'medium',
  },
  io: {
    id: 'io',
    title: 'I/O plumbing',
    description: 'Streams, polling and shared types that the other interfaces use; grants nothing by itself.',
    icon: 'references',
    sensitivity: 'none',
  },
};

const ORDER: CapabilityId[] = ['files', 'network', 'environment', 'custom', 'other-wasi', 'stdio', 'clocks', 'random', 'exit', 'io'];

/** One import's capability and detail. */
export function classifyImport(name: string): { capability: CapabilityId; item: CapabilityImport; control?: RuntimeControl } {
  const parsed = parseInterfaceName(name);
  if (!parsed) {
    return { capability: 'custom', item: { name, interface: name, detail: describeCustom(name) } };
  }
  const iface = `${parsed.namespace}:${parsed.pkg}/${parsed.iface}`;
  const base = { name, interface: iface, ...(parsed.version ? { version: parsed.version } : {}) };
  if (parsed.namespace !== 'wasi') {
    return { capability: 'custom', item: { ...base, detail: `the host interface ${iface}` } };
  }
  const rule = WASI[`${parsed.pkg}/${parsed.iface}`];
  if (rule) return { capability: rule.capability, item: { ...base, detail: rule.detail }, ...(rule.control ? { control: rule.control } : {}) };
  const other = OTHER_WASI[parsed.pkg];
  if (other) return { capability: 'other-wasi', item: { ...base, detail: other } };
  // An interface of a known package that this table does not list (a newer WASI release).
  const known: Record<string, CapabilityId> = {
    filesystem: 'files',
    sockets: 'network',
    http: 'network',
    clocks: 'clocks',
    random: 'random',
    io: 'io',
  };
  const capability = known[parsed.pkg] ?? 'other-wasi';
  return { capability, item: { ...base, detail: `the WASI interface ${iface}` } };
}

function describeCustom(name: string): string {
  const resource = /^\[(method|static|constructor)\]([^.]*)(?:\.(.*))?$/.exec(name);
  if (resource) return `${resource[1]} of the resource ${resource[2]}`;
  return `a function or interface named ${name} that the host must provide`;
}

/** Classifies a component's imports (and names its role from its exports). */
export function classifyCapabilities(imports: readonly string[], exports: readonly string[] = []): CapabilityReport {
  const groups = new Map<CapabilityId, Capability>();
  const versions = new Set<string>();
  // `[method]r.f`, `[static]r.f` and `[constructor]r` go with the world-level resource `r`.
  const resourceFuncs = new Map<string, string[]>();
  for (const name of imports) {
    const m = /^\[(?:method|static|constructor)\]([^.]+)(?:\.(.+))?$/.exec(name);
    if (m && imports.includes(m[1])) resourceFuncs.set(m[1], [...(resourceFuncs.get(m[1]) ?? []), m[2] ?? 'constructor']);
  }
  for (const name of imports) {
    const m = /^\[(?:method|static|constructor)\]([^.]+)/.exec(name);
    if (m && resourceFuncs.has(m[1])) continue;
    const classified = classifyImport(name);
    const { capability, control } = classified;
    const funcs = resourceFuncs.get(name);
    const item = funcs ? { ...classified.item, detail: `a resource the host provides, with ${funcs.join(', ')}` } : classified.item;
    let group = groups.get(capability);
    if (!group) {
      const { control: defaultControl, ...rest } = CAPABILITIES[capability];
      group = { ...rest, ...(defaultControl ? { control: defaultControl } : {}), imports: [] };
      groups.set(capability, group);
    }
    if (control && !group.control) group.control = control;
    group.imports.push(item);
    if (item.interface.startsWith('wasi:') && item.version) versions.add(item.version);
  }
  return {
    capabilities: ORDER.filter((id) => groups.has(id)).map((id) => groups.get(id) as Capability),
    roles: componentRoles(exports),
    wasiVersions: [...versions].sort(compareVersionText),
  };
}

function compareVersionText(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x));
  const pb = b.split(/[.-]/).map((x) => Number(x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (Number.isNaN(pa[i]) ? 0 : pa[i] ?? 0) - (Number.isNaN(pb[i]) ? 0 : pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the component offers: a command (`wasi:cli/run`), an HTTP handler, or a library of exports. */
export function componentRoles(exports: readonly string[]): ComponentRole[] {
  const roles: ComponentRole[] = [];
  const ifaceOf = (e: string): string | undefined => {
    const p = parseInterfaceName(e);
    return p ? `${p.namespace}:${p.pkg}/${p.iface}` : undefined;
  };
  const run = exports.filter((e) => ifaceOf(e) === 'wasi:cli/run');
  if (run.length > 0) {
    roles.push({ id: 'command', title: 'Command', description: 'A program with a `run` entry point: it can be run like a CLI command.', exports: run });
  }
  const http = exports.filter((e) => ifaceOf(e) === 'wasi:http/incoming-handler' || ifaceOf(e) === 'wasi:http/handler');
  if (http.length > 0) {
    roles.push({ id: 'http-handler', title: 'HTTP handler', description: 'Handles HTTP requests: a host serves it (for example `jco serve`).', exports: http });
  }
  const rest = exports.filter((e) => !run.includes(e) && !http.includes(e));
  if (rest.length > 0) {
    roles.push({ id: 'library', title: 'Library', description: 'Exports functions and interfaces for other code to call.', exports: rest });
  }
  return roles;
}

// ---- Core modules ----

/** WASI preview 1 functions (`wasi_snapshot_preview1`) to what they grant. */
const PREVIEW1: [RegExp, CapabilityId, string][] = [
  [/^(path_|fd_prestat_|fd_readdir$|fd_filestat_)/, 'files', 'open, read, write and list files under the directories it is given'],
  [/^sock_/, 'network', 'use sockets the host hands it'],
  [/^(environ_|args_)/, 'environment', 'read environment variables and command-line arguments'],
  [/^(fd_read|fd_write|fd_pread|fd_pwrite)$/, 'stdio', 'read and write open descriptors (standard input and output, or open files)'],
  [/^clock_/, 'clocks', 'read clocks'],
  [/^random_get$/, 'random', 'get random bytes'],
  [/^proc_/, 'exit', 'end the program'],
];

/**
 * The capabilities of a core module, from its imports: WASI preview 1 functions, component
 * imports lowered into it (`cm32p2|wasi:cli/environment@0.2` or `wasi:cli/environment@0.2.0`
 * modules, as `wasm-tools component embed` leaves them) and other host modules.
 */
export function classifyCoreImports(imports: readonly { module: string; name: string }[]): CapabilityReport {
  const names: string[] = [];
  const preview1 = new Map<CapabilityId, Set<string>>();
  for (const { module, name } of imports) {
    if (module === 'wasi_snapshot_preview1' || module === 'wasi_unstable') {
      const rule = PREVIEW1.find(([re]) => re.test(name));
      const id = rule ? rule[1] : 'io';
      let set = preview1.get(id);
      if (!set) preview1.set(id, (set = new Set()));
      set.add(name);
      continue;
    }
    if (module.startsWith('[export]') || module.includes('|[export]')) continue; // resource intrinsics of exports
    let base: string;
    if (module === 'cm32p2' || module === '$root') {
      // A world-level function (resource intrinsics of world-level resources are skipped).
      if (name.startsWith('[')) continue;
      base = name;
    } else {
      const component = module.replace(/^cm32p2\|/, '');
      base = parseInterfaceName(component) ? component : module;
    }
    if (!names.includes(base)) names.push(base);
  }
  const report = classifyCapabilities(names);
  for (const [id, fns] of preview1) {
    const detail = PREVIEW1.find(([, cap]) => cap === id)?.[2] ?? 'I/O plumbing (descriptors, polling)';
    const item: CapabilityImport = { name: `wasi_snapshot_preview1: ${[...fns].join(', ')}`, interface: 'wasi_snapshot_preview1', detail };
    let group = report.capabilities.find((c) => c.id === id);
    if (!group) {
      const { control, ...rest } = CAPABILITIES[id];
      group = { ...rest, ...(control ? { control } : {}), imports: [] };
      report.capabilities.push(group);
    }
    group.imports.push(item);
  }
  report.capabilities.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  return report;
}
