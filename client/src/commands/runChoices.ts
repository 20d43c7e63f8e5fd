/**
 * The questions before a run, in the order a user decides: what to run (the command, the
 * HTTP handler, or one exported function), what the component may use (its capabilities,
 * each grantable one with its grant, pre-filled from the last run of this component), then
 * the details (directories, variables, arguments as WAVE checked against the function's WIT
 * type, port). Cancelling any question cancels the run.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Capability, CapabilityReport } from '../component/capabilities';
import { formatEnvAssignments, parseDirectories, parseEnvAssignments, type DirectoryGrant, type Grants } from '../component/grants';
import { parseArgs } from '../component/wave';
import type { ExportedFunction } from '../component/worldItems';
import type { RunGrants, RunMode } from '../runtime/runSpec';
import { quoteArgument, splitArguments } from '../runtime/commandLine';
import { typeName } from '../../../server/src/syntax/binary/witNames';

export interface RunChoices {
  mode: RunMode;
  grants: RunGrants;
}

/** What was chosen last time for a component (kept in the workspace state). */
export interface Remembered {
  grants: Grants;
  args?: string[];
  invoke?: { function: string; args: string };
  port?: number;
}

type Target = { kind: 'command' } | { kind: 'serve' } | { kind: 'invoke'; fn: ExportedFunction };

export async function askRunChoices(fileName: string, report: CapabilityReport, functions: readonly ExportedFunction[], remembered: Remembered): Promise<RunChoices | undefined> {
  const target = await askTarget(fileName, report, functions);
  if (!target) return undefined;
  const grants = await askGrants(fileName, report, remembered.grants);
  if (!grants) return undefined;
  const mode = await askMode(target, remembered);
  return mode && { mode, grants };
}

/** The capabilities to grant (and for granted directories and variables, which ones). */
export async function askGrants(title: string, report: CapabilityReport, last: Grants): Promise<RunGrants | undefined> {
  const granted = await askCapabilities(title, report, last);
  if (!granted) return undefined;
  const grants: RunGrants = { directories: [], env: {}, network: granted.has('network'), stdin: granted.has('stdin') };
  if (granted.has('files')) {
    const directories = await askDirectories(last.directories);
    if (!directories) return undefined;
    grants.directories = directories;
  }
  if (granted.has('environment')) {
    const env = await askEnv(last.env);
    if (!env) return undefined;
    grants.env = env;
  }
  return grants;
}

async function askTarget(fileName: string, report: CapabilityReport, functions: readonly ExportedFunction[]): Promise<Target | undefined> {
  type Item = vscode.QuickPickItem & { target?: Target; unsupported?: string };
  const roles = new Set(report.roles.map((r) => r.id));
  const items: Item[] = [];
  if (roles.has('command')) items.push({ label: '$(terminal) Run the command', description: 'wasi:cli/run', target: { kind: 'command' } });
  if (roles.has('http-handler')) items.push({ label: '$(globe) Serve HTTP', description: 'wasi:http/incoming-handler, on a local port', target: { kind: 'serve' } });
  const callable = functions.filter((f) => !/^wasi:(cli\/run|http\/incoming-handler)\b/.test(f.instance ?? ''));
  if (callable.length > 0) items.push({ label: 'Call an exported function', kind: vscode.QuickPickItemKind.Separator });
  for (const fn of callable) {
    items.push({
      label: `$(symbol-method) ${fn.name}`,
      description: signatureOf(fn),
      ...(fn.unsupported ? { detail: `Cannot be called with WAVE values: ${fn.unsupported}`, unsupported: fn.unsupported } : { target: { kind: 'invoke', fn } }),
    });
  }
  const choices = items.filter((i) => i.target || i.unsupported);
  if (choices.length === 0) {
    void vscode.window.showErrorMessage(`${fileName} has nothing to run: it exports no wasi:cli/run command, no HTTP handler and no function.`);
    return undefined;
  }
  if (choices.length === 1 && choices[0].target) return choices[0].target;
  const picked = await vscode.window.showQuickPick(items, {
    title: `Run ${fileName}`,
    placeHolder: 'What to run',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.unsupported) {
    void vscode.window.showErrorMessage(`${picked.label.replace(/^\$\([^)]*\) /, '')} cannot be called from here: ${picked.unsupported}.`);
    return undefined;
  }
  return picked.target;
}

/** The grantable capabilities the user leaves checked (`files`, `environment`, `network`, `stdin`). */
async function askCapabilities(fileName: string, report: CapabilityReport, last: Grants): Promise<Set<string> | undefined> {
  type Item = vscode.QuickPickItem & { grant?: string };
  const items: Item[] = [];
  const importsStdin = (c: Capability) => c.imports.some((i) => i.interface === 'wasi:cli/stdin');
  const provided = report.capabilities.filter((c) => !grantOf(c.id, importsStdin(c))).map((c) => c.title);
  // A heading above the checkboxes (a trailing one would not show): what every run gets.
  if (provided.length > 0) items.push({ label: `always provided: ${provided.join(', ')}`, kind: vscode.QuickPickItemKind.Separator });
  for (const capability of report.capabilities) {
    const grant = grantOf(capability.id, importsStdin(capability));
    if (!grant) continue;
    items.push({
      label: `$(${capability.icon}) ${capability.title}`,
      description: grant.label,
      detail: capability.description,
      picked: grant.wasGranted(last),
      grant: grant.id,
    });
  }
  if (!items.some((i) => i.grant)) {
    // Nothing to decide; the capabilities are shown in the run's terminal.
    return new Set();
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${fileName} asks for these capabilities`,
    placeHolder: 'Check what this run may use; everything unchecked is denied',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return picked && new Set(picked.flatMap((i) => (i.grant ? [i.grant] : [])));
}

function grantOf(id: string, importsStdin: boolean): { id: string; label: string; wasGranted: (g: Grants) => boolean } | undefined {
  switch (id) {
    case 'files':
      return { id, label: 'grant directories…', wasGranted: (g) => g.directories.length > 0 };
    case 'environment':
      return { id, label: 'grant variables…', wasGranted: (g) => Object.keys(g.env).length > 0 };
    case 'network':
      return { id, label: 'allow network access', wasGranted: (g) => g.network };
    case 'stdio':
      return importsStdin ? { id: 'stdin', label: 'connect standard input to the terminal', wasGranted: (g) => g.stdin } : undefined;
    default:
      return undefined;
  }
}

/** Folders, each with the path the component sees it at: `host::guest; …` (as wasmtime's `--dir`). */
async function askDirectories(last: readonly DirectoryGrant[]): Promise<DirectoryGrant[] | undefined> {
  let value = last.map((d) => `${d.host}::${d.guest}`).join('; ');
  if (!value) {
    const folders = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: true,
      openLabel: 'Grant',
      title: 'Directories the component may use',
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    if (!folders) return undefined;
    value = folders.map((f) => `${f.fsPath}::/${basename(f.fsPath)}`).join('; ');
  }
  const text = await vscode.window.showInputBox({
    title: 'Directories the component may use',
    prompt: 'host-folder::path-the-component-sees, separated by ;',
    value,
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = parseDirectories(t);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseDirectories(text);
  return parsed.ok ? parsed.directories : undefined;
}

async function askEnv(last: Record<string, string>): Promise<Record<string, string> | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Environment variables the component may read',
    prompt: 'NAME=value, separated by ; (nothing else from this machine is passed)',
    value: formatEnvAssignments(last),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = parseEnvAssignments(t);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseEnvAssignments(text);
  return parsed.ok ? parsed.env : undefined;
}

async function askMode(target: Target, remembered: Remembered): Promise<RunMode | undefined> {
  switch (target.kind) {
    case 'command': {
      const text = await vscode.window.showInputBox({
        title: 'Command-line arguments',
        prompt: 'As in a shell: quotes group words, nothing is expanded',
        value: (remembered.args ?? []).map(quoteArgument).join(' '),
        ignoreFocusOut: true,
        validateInput: (t) => {
          const parsed = splitArguments(t);
          return parsed.ok ? undefined : parsed.message;
        },
      });
      if (text === undefined) return undefined;
      const parsed = splitArguments(text);
      return parsed.ok ? { kind: 'command', args: parsed.args } : undefined;
    }
    case 'serve': {
      const text = await vscode.window.showInputBox({
        title: 'Port to serve on (127.0.0.1)',
        prompt: '0 picks a free port',
        value: String(remembered.port ?? 8080),
        validateInput: (t) => (/^\d+$/.test(t.trim()) && Number(t) < 65536 ? undefined : 'A port number from 0 to 65535'),
      });
      return text === undefined ? undefined : { kind: 'serve', port: Number(text.trim()) };
    }
    case 'invoke': {
      const { fn } = target;
      const params = fn.func.params;
      if (params.length === 0) return { kind: 'invoke', function: fn.name, args: '' };
      const text = await vscode.window.showInputBox({
        title: `${fn.name}: arguments in WAVE`,
        prompt: params.map((p) => `${p.name}`).join(', ') + ` — ${signatureOf(fn)}`,
        value: remembered.invoke?.function === fn.name ? remembered.invoke.args : '',
        ignoreFocusOut: true,
        validateInput: (t) => {
          const parsed = parseArgs(t, params);
          return parsed.ok ? undefined : parsed.error.toString();
        },
      });
      return text === undefined ? undefined : { kind: 'invoke', function: fn.name, args: text };
    }
  }
}

function signatureOf(fn: ExportedFunction): string {
  const params = fn.func.params.map((p) => `${p.name}: ${typeName(p.ty)}`).join(', ');
  return `func(${params})${fn.func.result ? ` -> ${typeName(fn.func.result)}` : ''}`;
}
