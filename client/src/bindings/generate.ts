/**
 * Generating the bindings of a world into a folder: TypeScript declarations with the bundled
 * jco (no tool needed, nothing run from the workspace), other languages with `wit-bindgen`
 * found on PATH or at its configured path. A missing tool or a failure is a result, never an
 * exception. Node, no VS Code.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errorText, loadJco } from '../toolchains/jco';
import { runProcess } from '../toolchains/process';
import { describeMissing, findTool, type MissingTool, type ToolPaths } from '../toolchains/tools';
import { generatedPaths, languageSpec, mainFile, witBindgenArgs, type BindingLanguage, type Generator, type WitFeatures } from './languages';

export interface BindingsRequest {
  language: BindingLanguage;
  /** The WIT package root (the folder with the world's package and its `deps/`). */
  witPath: string;
  /** The world as the root selects it (`name`, or `ns:pkg/name@version`). */
  world: string;
  /** Its plain name, for file names. */
  worldName: string;
  outDir: string;
  features: WitFeatures;
  /** Where wit-bindgen may be configured, and the folder relative paths there are resolved against. */
  tools?: ToolPaths;
  toolsBaseDir?: string;
  /** Each line a tool prints. */
  onLine?: (line: string) => void;
}

type Failure = { ok: false; message: string; missingTool?: MissingTool };
type Generated = { ok: true; generator: string; files: string[] };

/** The files written (sorted), with the one to show first. */
export type BindingsOutcome = (Generated & { main: string | undefined }) | Failure;

export async function generateBindings(request: BindingsRequest): Promise<BindingsOutcome> {
  // wasm-tools inside jco panics on a WIT path that does not exist, and wit-bindgen's message is obscure.
  if (!(await stat(request.witPath).then(() => true, () => false))) return { ok: false, message: `The WIT path ${request.witPath} does not exist.` };
  const generator = languageSpec(request.language).generator;
  const generated = generator.kind === 'jco' ? await generateWithJco(generator.types, request) : await generateWithWitBindgen(generator, request);
  if (!generated.ok) return generated;
  return { ...generated, main: mainFile(generated.files, request.worldName, request.language) };
}

async function generateWithJco(types: 'guest' | 'host', request: BindingsRequest): Promise<Generated | Failure> {
  const command = types === 'guest' ? 'jco guest-types' : 'jco types';
  try {
    const jco = await loadJco();
    // jco reads the WIT through its WASI shim, which starts with no folder open.
    jco.setPreopens({ '/': '/' });
    const generate = types === 'guest' ? jco.generateGuestTypes : jco.generateHostTypes;
    const features = request.features.allFeatures ? 'all' : [...request.features.features];
    const output = await generate(request.witPath, { worldName: request.world, name: request.worldName, features });
    const files: string[] = [];
    for (const [relative, bytes] of Object.entries(output)) {
      const file = join(request.outDir, relative);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
      files.push(file);
    }
    return { ok: true, generator: `${command} (bundled)`, files: files.sort() };
  } catch (e) {
    return { ok: false, message: `${command} failed: ${errorText(e)}` };
  }
}

async function generateWithWitBindgen(generator: Extract<Generator, { kind: 'wit-bindgen' }>, request: BindingsRequest): Promise<Generated | Failure> {
  const tool = await findTool('wit-bindgen', request.tools, request.toolsBaseDir ? { baseDir: request.toolsBaseDir } : {});
  if (!tool.found) return { ok: false, message: describeMissing(tool), missingTool: tool };
  await mkdir(request.outDir, { recursive: true });
  const args = witBindgenArgs(generator, request.witPath, request.world, request.outDir, request.features);
  request.onLine?.(`${tool.path} ${args.join(' ')}`);
  const lines: string[] = [];
  const result = await runProcess(tool.path, args, {
    cwd: request.outDir,
    env: { ...process.env, ...tool.env },
    onStdout: (line) => request.onLine?.(line),
    onStderr: (line) => {
      lines.push(line);
      request.onLine?.(line);
    },
  });
  const command = `wit-bindgen ${generator.subcommand}`;
  if (result.error) return { ok: false, message: `${command} could not be started: ${result.error.message}` };
  if (result.code !== 0) {
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
    return { ok: false, message: `${command} failed (${status}): ${result.stderr.trim() || 'no message'}` };
  }
  const files = generatedPaths(lines).map((path) => resolve(request.outDir, path));
  return { ok: true, generator: `${command} (${tool.path})`, files: files.sort() };
}
