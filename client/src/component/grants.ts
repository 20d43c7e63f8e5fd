/**
 * What a run of a component is granted, next to what it asks for: directories (host folder →
 * path the component sees), environment variables, network, standard input. A grant that
 * the component does not import is dropped, so a remembered choice never widens what a
 * rebuilt component gets. Pure.
 */
import type { CapabilityReport } from './capabilities';

export interface DirectoryGrant {
  /** The folder on this machine. */
  host: string;
  /** Where the component sees it. */
  guest: string;
}

export interface Grants {
  directories: DirectoryGrant[];
  env: Record<string, string>;
  network: boolean;
  stdin: boolean;
}

export const NO_GRANTS: Grants = { directories: [], env: {}, network: false, stdin: false };

/** What of `grants` the component can use (it imports the matching interfaces). */
export function effectiveGrants(report: CapabilityReport, grants: Grants): Grants {
  const asks = (id: string) => report.capabilities.some((c) => c.id === id);
  const importsStdin = report.capabilities.some((c) => c.imports.some((i) => i.interface === 'wasi:cli/stdin'));
  return {
    directories: asks('files') ? grants.directories : [],
    env: asks('environment') ? grants.env : {},
    network: asks('network') && grants.network,
    stdin: importsStdin && grants.stdin,
  };
}

/** One line per capability the component asks for, saying what this run gives it. */
export function describeGrants(report: CapabilityReport, grants: Grants): string[] {
  return report.capabilities.map((capability) => {
    switch (capability.id) {
      case 'files':
        return grants.directories.length === 0
          ? `${capability.title}: no directories (it sees no files)`
          : `${capability.title}: ${grants.directories.map((d) => `${d.host} as ${d.guest}`).join(', ')}`;
      case 'environment': {
        const names = Object.keys(grants.env);
        return `${capability.title}: ${names.length === 0 ? 'no variables' : names.join(', ')}`;
      }
      case 'network':
        return `${capability.title}: ${grants.network ? 'allowed' : 'denied'}`;
      case 'stdio':
        return `${capability.title}: output shown; input ${grants.stdin ? 'from the terminal' : 'empty'}`;
      default:
        return `${capability.title}: provided`;
    }
  });
}

/** `NAME=value` lines (or `;`-separated) to variables; the error names the first bad entry. */
export function parseEnvAssignments(text: string): { ok: true; env: Record<string, string> } | { ok: false; message: string } {
  const env: Record<string, string> = {};
  for (const entry of text.split(/[\n;]/).map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { ok: false, message: `"${entry}" is not NAME=value (a name is letters, digits and _, not starting with a digit)` };
    env[name] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return { ok: true, env };
}

/** `host::guest; …` (as wasmtime's `--dir`) to directory grants; both paths absolute. */
export function parseDirectories(text: string): { ok: true; directories: DirectoryGrant[] } | { ok: false; message: string } {
  const directories: DirectoryGrant[] = [];
  for (const entry of text.split(';').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf('::');
    const host = at < 0 ? entry : entry.slice(0, at);
    const guest = at < 0 ? entry : entry.slice(at + 2);
    if (!host.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(host)) return { ok: false, message: `"${host}" is not an absolute folder path` };
    if (!guest.startsWith('/')) return { ok: false, message: `"${guest}" must be an absolute path (as the component sees it), like /data` };
    directories.push({ host, guest });
  }
  return { ok: true, directories };
}

export function formatEnvAssignments(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** Reads a remembered value back, keeping only well-formed parts (workspace state outlives versions). */
export function sanitizeGrants(value: unknown): Grants {
  if (typeof value !== 'object' || value === null) return NO_GRANTS;
  const v = value as Partial<Record<keyof Grants, unknown>>;
  const directories = Array.isArray(v.directories)
    ? v.directories.filter((d): d is DirectoryGrant => typeof d?.host === 'string' && typeof d?.guest === 'string').map((d) => ({ host: d.host, guest: d.guest }))
    : [];
  const env: Record<string, string> = {};
  if (typeof v.env === 'object' && v.env !== null) {
    for (const [name, val] of Object.entries(v.env)) if (typeof val === 'string') env[name] = val;
  }
  return { directories, env, network: v.network === true, stdin: v.stdin === true };
}
