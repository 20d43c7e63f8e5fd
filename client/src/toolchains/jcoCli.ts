/**
 * jco's command line (an npm package, run with Node) for `jco componentize`: finding it —
 * configured, the project's own, the one next to the extension, or a global one — and the
 * Node arguments that make it work (its WASI shim opened on `/`) or that check the syntax of
 * an entry module with the parser componentize-js uses. Pure Node (no VS Code).
 */
import { readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDirectory, isFile } from './fsChecks';
import { missingTool, searchPath, TOOL_SPECS, type FindToolOptions, type MissingTool, type ToolPaths } from './tools';

export interface FoundJco {
  found: true;
  id: 'jco';
  /** `…/@bytecodealliance/jco/dist/jco.js` (run with node). */
  cli: string;
  /** jco's package folder. */
  packageDir: string;
  /** componentize-js as jco resolves it (undefined when missing: `componentize` then fails). */
  componentizeJs?: string;
  /** preview2-shim's `filesystem.js`, which jco's bundled wasm-tools reads files through. */
  preview2Filesystem?: string;
  source: 'configured' | 'project' | 'extension' | 'path';
}

/**
 * Finds jco: the configured path, else the project's own (its node_modules or a parent's),
 * else the one next to the extension (`extensionRoot`), else `jco` on PATH.
 */
export async function findJco(projectDir: string, paths: ToolPaths = {}, options: FindToolOptions & { extensionRoot?: string } = {}): Promise<FoundJco | MissingTool> {
  const candidates: { dir: string; source: FoundJco['source'] }[] = [];
  const configured = paths.jco?.trim();
  if (configured) {
    const path = isAbsolute(configured) || !options.baseDir ? resolve(configured) : resolve(options.baseDir, configured);
    const dir = (await isDirectory(path)) ? path : jcoPackageOf(path);
    if (!dir) return missingTool('jco', { path, problem: 'not a jco package folder or its dist/jco.js' });
    candidates.push({ dir, source: 'configured' });
  } else {
    const own = await resolvePackageDir(projectDir, '@bytecodealliance/jco');
    if (own) candidates.push({ dir: own, source: 'project' });
    const extension = options.extensionRoot && (await resolvePackageDir(options.extensionRoot, '@bytecodealliance/jco'));
    if (extension) candidates.push({ dir: extension, source: 'extension' });
    const onPath = await searchPath('jco', options.env ?? process.env);
    // A global install links bin/jco to the package's dist/jco.js.
    const global = onPath && jcoPackageOf(await realpath(onPath).catch(() => onPath));
    if (global) candidates.push({ dir: global, source: 'path' });
  }
  for (const { dir, source } of candidates) {
    const cli = await jcoCliOf(dir);
    if (!cli) continue;
    const componentizeJs = await resolvePackageDir(dir, '@bytecodealliance/componentize-js');
    const transpile = await resolvePackageDir(dir, '@bytecodealliance/jco-transpile');
    const shim = await resolvePackageDir(transpile ?? dir, '@bytecodealliance/preview2-shim');
    const preview2Filesystem = shim && (await firstFile([join(shim, 'dist/nodejs/filesystem.js'), join(shim, 'lib/nodejs/filesystem.js')]));
    return {
      found: true,
      id: 'jco',
      cli,
      packageDir: dir,
      ...(componentizeJs ? { componentizeJs } : {}),
      ...(preview2Filesystem ? { preview2Filesystem } : {}),
      source,
    };
  }
  return missingTool('jco', configured ? { path: resolve(options.baseDir ?? '', configured), problem: 'no jco package there' } : undefined);
}

/** A MissingTool for componentize-js next to a jco that lacks it. */
export function missingComponentizeJs(jco: FoundJco): MissingTool {
  return { ...missingTool('componentize-js'), description: `componentize-js ${TOOL_SPECS['componentize-js'].purpose}, but the jco at ${jco.packageDir} cannot find it.` };
}

/**
 * `node --import <module>` arguments that open `/` in jco's WASI shim before jco runs: the
 * shim starts with no preopened directories, so without them jco cannot read the WIT
 * ("failed to get path metadata: No such file or directory").
 */
export function openFileSystemArgs(jco: FoundJco): string[] {
  if (!jco.preview2Filesystem) return [];
  const source = `import{_setPreopens}from${JSON.stringify(pathToFileURL(jco.preview2Filesystem).href)};_setPreopens({"/":"/"});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(source)}`];
}

/**
 * `node` arguments that print the syntax errors of a JS/TS module as `file:line:col: error: …`
 * and exit 1 if there are any, with the parser componentize-js uses (oxc), because
 * componentize-js itself says only "failed to parse JS source". Without oxc it checks nothing.
 */
export function syntaxCheckArgs(componentizeJs: string, file: string): string[] {
  return ['--input-type=module', '--eval', SYNTAX_CHECK_SCRIPT, componentizeJs, file];
}

const SYNTAX_CHECK_SCRIPT = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir, file] = process.argv.slice(1);
let oxc;
try {
  oxc = createRequire(join(dir, 'package.json'))('oxc-parser');
} catch {
  process.exit(0);
}
const code = readFileSync(file, 'utf8');
const { errors } = await oxc.parseAsync(file, code);
const lineStarts = [0];
for (let i = 0; i < code.length; i++) if (code[i] === '\\n') lineStarts.push(i + 1);
for (const e of errors) {
  const at = e.labels?.[0]?.start ?? 0;
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1] <= at) line++;
  const label = e.labels?.[0]?.message ? \` (\${e.labels[0].message})\` : '';
  console.log(\`\${file}:\${line + 1}:\${at - lineStarts[line] + 1}: \${e.severity === 'Warning' ? 'warning' : 'error'}: \${e.message}\${label}\`);
}
process.exitCode = errors.some((e) => e.severity !== 'Warning') ? 1 : 0;
`;

/** Where Node would find package `name` from folder `from` (its folder), like require.resolve. */
async function resolvePackageDir(from: string, name: string): Promise<string | undefined> {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (await isFile(join(candidate, 'package.json'))) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The CLI script of the jco package in `dir` (undefined when it is not jco). */
async function jcoCliOf(dir: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    if (pkg?.name !== '@bytecodealliance/jco') return undefined;
    const cli = join(dir, (typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.jco) ?? 'dist/jco.js');
    return (await isFile(cli)) ? cli : undefined;
  } catch {
    return undefined;
  }
}

/** The `@bytecodealliance/jco` package folder a file is in. */
function jcoPackageOf(file: string): string | undefined {
  return /^(.*[\\/]@bytecodealliance[\\/]jco)(?:[\\/]|$)/.exec(file)?.[1];
}

async function firstFile(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) if (await isFile(path)) return path;
  return undefined;
}
