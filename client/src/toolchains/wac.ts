/**
 * wac (bytecodealliance/wac), when it is installed: `wac plug <socket> --plug <plug>… -o <out>`
 * plugs the plugs' exports into the socket's imports; `wac compose <file.wac> --dep
 * ns:name=<path>… -o <out>` composes as a WAC document says. Its failures come back as its own
 * message (stderr, without the `error: ` it starts with). Also: whether `wac plug` can make a
 * planned composition at all (it only fills the root's imports, by name or a semver-compatible
 * version). Pure Node (no VS Code).
 */
import type { CompositionPlan } from '../compose/plan';
import type { Checked } from '../trace/composition';
import { runProcess } from './process';
import type { FoundTool } from './tools';

export function wacPlugArgs(socket: string, plugs: readonly string[], output: string): string[] {
  return ['plug', socket, ...plugs.flatMap((plug) => ['--plug', plug]), '-o', output];
}

/** `deps`: package name (`ns:name`) → its `.wasm`; wac finds the others in `deps/` of the working folder. */
export function wacComposeArgs(file: string, deps: Readonly<Record<string, string>>, output: string): string[] {
  return ['compose', file, ...Object.entries(deps).flatMap(([pkg, path]) => ['--dep', `${pkg}=${path}`]), '-o', output];
}

/** Runs wac with these arguments; its message when it fails. */
export async function runWac(wac: FoundTool, args: readonly string[], cwd: string): Promise<Checked<void>> {
  const result = await runProcess(wac.path, args, { cwd, env: { ...process.env, ...wac.env } });
  if (result.error) return { ok: false, message: `${wac.path} could not be started: ${result.error.message}` };
  if (result.code === 0) return { ok: true, value: undefined };
  const stderr = result.stderr.trim().replace(/^error: /, '');
  return { ok: false, message: `wac ${args[0]} failed${result.code === null ? ` (${result.signal})` : ''}: ${stderr || `exit code ${result.code}`}` };
}

/**
 * Why `wac plug` cannot make this composition (undefined when it can): it plugs every matching
 * export of each plug into the root's imports and nothing else, so every plugged import must be
 * the root's, with a name wac matches, and no plug may export something the plan takes elsewhere.
 */
export function wacPlugProblem(plan: CompositionPlan): string | undefined {
  const root = plan.root;
  if (root === undefined) return 'there is no root';
  if (plan.components.length < 2) return 'there is nothing to plug in';
  for (const { component, name, match } of plan.imports) {
    if (match.kind !== 'plugged') continue;
    if (component !== root) return `${component} imports ${name} from ${match.offer.provider}, but wac plug only fills the imports of the root (${root})`;
    if (!semverCompatible(name, match.offer.export)) return `wac plug does not take ${match.offer.export} for ${name} (versions it does not consider compatible)`;
  }
  for (const { component, name, match } of plan.imports) {
    if (component !== root || match.kind !== 'ambiguous') continue;
    return `several plugs export ${name}, and wac plug would plug them all`;
  }
  return undefined;
}

/** wac's `are_semver_compatible`: the same name, or the same interface on the same compatibility track (`1.x`, `0.2.x`). */
export function semverCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const track = (name: string): string | undefined => {
    const at = name.indexOf('@');
    if (at < 0) return undefined;
    const m = /^(\d+)\.(\d+)\.(\d+)(-[^+]*)?(\+.*)?$/.exec(name.slice(at + 1));
    if (!m || m[4]) return undefined;
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (major !== 0) return `${name.slice(0, at)}@${major}`;
    if (minor !== 0) return `${name.slice(0, at)}@0.${minor}`;
    return undefined;
  };
  const ta = track(a);
  return ta !== undefined && ta === track(b);
}
