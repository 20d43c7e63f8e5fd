/**
 * The WASI 0.2 imports of a run, from preview2-shim's `WASIShim` in its sandbox mode, holding
 * only what the grants give: the granted directories as preopens (nothing else of the host's
 * file system), the granted environment variables, the arguments, and the network only when
 * granted (otherwise sockets fail with `access-denied` and outgoing HTTP with
 * `HTTP-request-denied`). Read-only directories are enforced here, as wasmtime does for its
 * read-only preopens (`not-permitted`). Standard input is the runner's own (the launcher gives
 * it an empty one when stdin is not granted).
 */
import { resolve } from 'node:path';
import type { RunSpec } from './runSpec';
import type { ImportObject } from './transpiled';

interface ShimModule {
  WASIShim: new (config: { sandbox: { preopens: Record<string, string>; env: Record<string, string>; args: string[]; enableNetwork: boolean } }) => {
    getImportObject(): ImportObject;
  };
}

/** A preopened directory or a file opened under one (preview2-shim's `Descriptor`). */
interface Descriptor {
  openAt(pathFlags: unknown, path: string, openFlags: OpenFlags, descriptorFlags: DescriptorFlags): Descriptor;
}
interface OpenFlags {
  create?: boolean;
  truncate?: boolean;
}
interface DescriptorFlags {
  write?: boolean;
  mutateDirectory?: boolean;
}

/** The import object for a run (keys with and without the versions the component imports). */
export async function wasiImports(spec: RunSpec, importNames: readonly string[], args: readonly string[]): Promise<ImportObject> {
  const { WASIShim } = (await import('@bytecodealliance/preview2-shim/instantiation')) as unknown as ShimModule;
  const { grants } = spec;
  const preopens: Record<string, string> = {};
  for (const d of grants.directories) preopens[d.guest] = resolve(spec.cwd, d.host);
  const shim = new WASIShim({ sandbox: { preopens, env: grants.env, args: [...args], enableNetwork: grants.network } });
  const imports = shim.getImportObject();
  // wasmtime reports no initial directory; the shim would give the host's (and break relative paths).
  imports['wasi:cli/environment'] = { ...imports['wasi:cli/environment'], initialCwd: () => undefined };
  if (!grants.network) {
    imports['wasi:http/outgoing-handler'] = {
      handle() {
        throw { tag: 'HTTP-request-denied' };
      },
    };
  }
  const readOnly = grants.directories.filter((d) => d.readOnly).map((d) => d.guest);
  if (readOnly.length > 0) enforceReadOnly(imports, readOnly);
  for (const name of importNames) {
    const unversioned = name.replace(/@[^@]*$/, '');
    if (!imports[name] && imports[unversioned]) imports[name] = imports[unversioned];
  }
  return imports;
}

/** The descriptors (preopens and what is opened under them) that may not change anything. */
const readOnlyDescriptors = new WeakSet<object>();
let patched = false;

/** Mutating methods of `wasi:filesystem/types.descriptor`, and which of their arguments are descriptors too. */
const MUTATING: Record<string, number[]> = {
  writeViaStream: [],
  appendViaStream: [],
  write: [],
  setSize: [],
  setTimes: [],
  setTimesAt: [],
  createDirectoryAt: [],
  removeDirectoryAt: [],
  unlinkFileAt: [],
  symlinkAt: [],
  renameAt: [1],
  linkAt: [2],
};

/**
 * Marks the read-only preopens and makes `Descriptor` refuse changes through them: the class
 * is the shim's own (the bindings check `instanceof` it), so its prototype is patched (once).
 */
function enforceReadOnly(imports: ImportObject, guestPaths: string[]): void {
  const preopens = imports['wasi:filesystem/preopens'] as { getDirectories(): [Descriptor, string][] };
  for (const [descriptor, guest] of preopens.getDirectories()) if (guestPaths.includes(guest)) readOnlyDescriptors.add(descriptor);
  if (patched) return;
  patched = true;
  const proto = (imports['wasi:filesystem/types'] as { Descriptor: { prototype: Record<string, (...args: unknown[]) => unknown> } }).Descriptor.prototype;
  const denied = (...descriptors: unknown[]) => descriptors.some((d) => typeof d === 'object' && d !== null && readOnlyDescriptors.has(d));
  for (const [method, descriptorArgs] of Object.entries(MUTATING)) {
    const original = proto[method];
    if (typeof original !== 'function') continue;
    proto[method] = function (this: object, ...args: unknown[]) {
      if (denied(this, ...descriptorArgs.map((i) => args[i]))) throw 'not-permitted';
      return original.apply(this, args);
    };
  }
  const openAt = proto.openAt as Descriptor['openAt'];
  proto.openAt = function (this: Descriptor, pathFlags: unknown, path: string, openFlags: OpenFlags, flags: DescriptorFlags) {
    if (!readOnlyDescriptors.has(this)) return openAt.call(this, pathFlags, path, openFlags, flags);
    if (openFlags.create || openFlags.truncate || flags.write || flags.mutateDirectory) throw 'not-permitted';
    const opened = openAt.call(this, pathFlags, path, openFlags, flags);
    readOnlyDescriptors.add(opened);
    return opened;
  } as (...args: unknown[]) => unknown;
}
