/**
 * Building a component project (see projects.ts) as a list of steps: external commands
 * (program + argument array, run in a process group of their own) and in-process steps of
 * the bundled jco (embed the WIT into a core module, make the component with a WASI adapter):
 *
 * - JS:        node -e <oxc syntax check> <entry>, then
 *              node <jco.js> componentize <entry> --wit <dir> --world-name <world> --out <out>
 * - C/C++:     clang --target=wasm32-wasi -mexec-model=reactor|command -O2 … -o <core.wasm>;
 *              embed <wit> (world) into it; new component with the matching preview1 adapter
 * - core-wasm: embed + new
 * - Rust:      cargo component build --release
 * - Python:    componentize-py -d <wit> -w <world> componentize <module> -o <out>
 *
 * `buildProject` runs them, streams their output, turns it into diagnostics, stops the running
 * process group when the AbortSignal fires, and reports a missing tool as a `MissingTool`.
 * Pure Node (no VS Code).
 */
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { basename, delimiter, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { runCommandStep, runJcoStep, type OutputStream, type StepOutcome } from './buildSteps';
import { findJco, missingComponentizeJs, openFileSystemArgs, syntaxCheckArgs } from './jcoCli';
import type { CompilerDiagnostic } from './problemMatchers';
import type { ExecModel, Project } from './projects';
import { describeMissing, findTool, wasiSysroot, type MissingTool, type ToolId, type ToolPaths } from './tools';

export type { OutputStream } from './buildSteps';

export interface CommandStep {
  kind: 'command';
  title: string;
  program: string;
  args: string[];
  cwd: string;
  /** Added to the environment of the build. */
  env: Record<string, string>;
  /** Whose output to expect (the diagnostics' default source). */
  matcher: 'clang' | 'rustc' | 'componentize-js' | 'python';
  /** Relative paths in its messages are relative to this folder (default `cwd`). */
  diagnosticsDir?: string;
  /** A file it must produce. */
  produces?: string;
}

export interface EmbedStep {
  kind: 'embed';
  title: string;
  /** The core module. */
  core: string;
  witPath: string;
  world?: string;
  out: string;
}

export interface NewStep {
  kind: 'new';
  title: string;
  /** The core module with the WIT embedded. */
  core: string;
  /** The WASI preview1 adapter to use; `auto`: `command` if the module exports `_start`. */
  adapter: ExecModel | 'auto';
  out: string;
}

export type BuildStep = CommandStep | EmbedStep | NewStep;

export interface BuildPlan {
  project: Project;
  steps: BuildStep[];
  /** The component the build makes. */
  output: string;
  /** Rust: where cargo may put it (by cargo-component version); the newest is copied to `output`. */
  cargoArtifacts?: string[];
}

export interface PlanOptions {
  tools?: ToolPaths;
  /** Where the extension is (its node_modules may have jco); default: found from this file. */
  extensionRoot?: string;
  /** The environment the tools are found in and run with (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export type PlanResult = { ok: true; plan: BuildPlan } | { ok: false; message: string; missingTool?: MissingTool };

export interface BuildOptions extends PlanOptions {
  /** Each line of output (ANSI colors removed); `info` lines are the build's own (`$ clang …`). */
  onLine?: (line: string, stream: OutputStream) => void;
  /** A step starts. */
  onStep?: (step: BuildStep, index: number, count: number) => void;
  /** A process started (its id is its process group's). */
  onProcess?: (pid: number, step: CommandStep) => void;
  signal?: AbortSignal;
}

export interface BuildResult {
  ok: boolean;
  /** The component (when ok). */
  output?: string;
  diagnostics: CompilerDiagnostic[];
  missingTool?: MissingTool;
  /** One line for a notification: what was built, or what failed and why. */
  message: string;
  cancelled: boolean;
  durationMs: number;
}

/** The steps of a build, with the tools found; or why it cannot be built. */
export async function planBuild(project: Project, options: PlanOptions = {}): Promise<PlanResult> {
  const paths = options.tools ?? {};
  const env = options.env ?? process.env;
  const find = (id: ToolId) => findTool(id, paths, { env, baseDir: project.dir });
  const rel = (p: string) => {
    const r = relative(project.dir, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  const worldProblem =
    project.world === undefined && project.worlds.length > 1
      ? `The WIT defines several worlds (${project.worlds.join(', ')}): choose the one to build ("world" in ${project.configSource === 'package.json' ? 'package.json "witStudio"' : 'wit-studio.json'}).`
      : undefined;
  if (worldProblem && project.kind !== 'rust') return { ok: false, message: worldProblem };
  const plan = (steps: BuildStep[], extra: Partial<BuildPlan> = {}): PlanResult => ({ ok: true, plan: { project, steps, output: project.out, ...extra } });
  // The core module, and it with the WIT embedded, next to the component.
  const intermediate = (suffix: string) => join(dirname(project.out), `${basename(project.out, extname(project.out))}.${suffix}.wasm`);
  const embedAndNew = (core: string, adapter: NewStep['adapter']): BuildStep[] => [
    { kind: 'embed', title: `Embed the WIT (world ${project.world ?? '(the only one)'}) into ${rel(core)}`, core, witPath: project.witPath!, ...(project.world ? { world: project.world } : {}), out: intermediate('embed') },
    { kind: 'new', title: `Make the component${adapter === 'auto' ? '' : ` (WASI ${adapter} adapter)`}`, core: intermediate('embed'), adapter, out: project.out },
  ];

  switch (project.kind) {
    case 'js': {
      if (!project.entry || !project.witPath) return { ok: false, message: 'The project has no entry module or no WIT.' };
      const node = await find('node');
      if (!node.found) return missingResult(node);
      const jco = await findJco(project.dir, paths, { env, baseDir: project.dir, extensionRoot: options.extensionRoot ?? defaultExtensionRoot() });
      if (!jco.found) return missingResult(jco);
      if (!jco.componentizeJs) return missingResult(missingComponentizeJs(jco));
      const noColor = { ...node.env, NO_COLOR: '1', FORCE_COLOR: '0' };
      return plan([
        {
          kind: 'command',
          title: `Check the syntax of ${rel(project.entry)}`,
          program: node.path,
          args: syntaxCheckArgs(jco.componentizeJs, project.entry),
          cwd: project.dir,
          env: noColor,
          matcher: 'componentize-js',
        },
        {
          kind: 'command',
          title: `Componentize ${rel(project.entry)} (componentize-js)`,
          program: node.path,
          args: [
            ...openFileSystemArgs(jco),
            jco.cli,
            'componentize',
            rel(project.entry),
            ...((project.bundle ?? (await importsRelativeModules(project.entry))) ? ['--bundle'] : []),
            '--wit',
            rel(project.witPath),
            ...(project.world ? ['--world-name', project.world] : []),
            ...(project.disableFeatures?.length ? ['--disable', ...project.disableFeatures] : []),
            ...(project.enableFeatures?.length ? ['--enable', ...project.enableFeatures] : []),
            '--out',
            project.out,
          ],
          cwd: project.dir,
          env: noColor,
          matcher: 'componentize-js',
          // componentize-js runs the entry from its folder: its messages name files from there.
          diagnosticsDir: dirname(project.entry),
          produces: project.out,
        },
      ]);
    }
    case 'c': {
      if (!project.sources?.length || !project.witPath) return { ok: false, message: 'The project has no sources or no WIT.' };
      const clang = await find('clang');
      if (!clang.found) return missingResult(clang);
      const sysroot = await wasiSysroot(clang, paths, env);
      const cxx = project.sources.some((s) => /\.(cc|cpp|cxx|c\+\+)$/i.test(s));
      const model = project.execModel ?? 'reactor';
      const core = intermediate('core');
      return plan([
        {
          kind: 'command',
          title: `Compile ${project.sources.map(rel).join(', ')} (clang, wasm32-wasi ${model})`,
          program: clang.path,
          args: [
            ...(cxx ? ['--driver-mode=g++', '-fno-exceptions'] : []),
            '--target=wasm32-wasi',
            `-mexec-model=${model}`,
            ...(sysroot ? [`--sysroot=${sysroot}`] : []),
            '-O2',
            // Plain-text diagnostics whatever the environment says.
            '-fno-color-diagnostics',
            ...(project.cflags ?? []),
            ...project.sources.map(rel),
            '-o',
            core,
          ],
          cwd: project.dir,
          env: clang.env,
          matcher: 'clang',
          produces: core,
        },
        ...embedAndNew(core, model),
      ]);
    }
    case 'core-wasm': {
      if (!project.core || !project.witPath) return { ok: false, message: 'The project has no core module or no WIT.' };
      return plan(embedAndNew(project.core, project.execModel ?? 'auto'));
    }
    case 'rust': {
      const cargo = await find('cargo');
      if (!cargo.found) return missingResult(cargo);
      const cargoComponent = await find('cargo-component');
      if (!cargoComponent.found) return missingResult(cargoComponent);
      const targetDir = env.CARGO_TARGET_DIR ? resolve(project.dir, env.CARGO_TARGET_DIR) : join(project.dir, 'target');
      const artifact = `${project.name.replace(/-/g, '_')}.wasm`;
      return plan(
        [
          {
            kind: 'command',
            title: 'cargo component build --release',
            program: cargo.path,
            args: ['component', 'build', '--release'],
            cwd: project.dir,
            // cargo finds its `component` subcommand on PATH.
            env: { ...cargo.env, PATH: [dirname(cargoComponent.path), dirname(cargo.path), env.PATH ?? ''].filter(Boolean).join(delimiter), CARGO_TERM_COLOR: 'never' },
            matcher: 'rustc',
          },
        ],
        // cargo-component ≥ 0.14 builds for wasm32-wasip1, older ones for wasm32-wasi.
        { cargoArtifacts: [join(targetDir, 'wasm32-wasip1', 'release', artifact), join(targetDir, 'wasm32-wasi', 'release', artifact)] },
      );
    }
    case 'python': {
      if (!project.entry || !project.witPath) return { ok: false, message: 'The project has no app module or no WIT.' };
      const componentizePy = await find('componentize-py');
      if (!componentizePy.found) return missingResult(componentizePy);
      return plan([
        {
          kind: 'command',
          title: `componentize-py ${project.entry}`,
          program: componentizePy.path,
          args: ['-d', rel(project.witPath), ...(project.world ? ['-w', project.world] : []), 'componentize', project.entry, '-o', project.out],
          cwd: project.dir,
          env: componentizePy.env,
          matcher: 'python',
          produces: project.out,
        },
      ]);
    }
  }
}

/** Plans and runs a build. Never throws: failures are in the result. */
export async function buildProject(project: Project, options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const diagnostics: CompilerDiagnostic[] = [];
  const emit = (line: string, stream: OutputStream) => options.onLine?.(line, stream);
  const finish = (result: { ok: boolean; message: string; output?: string; missingTool?: MissingTool; cancelled?: boolean }): BuildResult => {
    emit(result.message, 'info');
    return { cancelled: false, ...result, diagnostics, durationMs: Date.now() - started };
  };
  const cancelled = () => finish({ ok: false, cancelled: true, message: `Build of ${project.name} cancelled.` });

  if (options.signal?.aborted) return cancelled();
  const planned = await planBuild(project, options);
  if (!planned.ok) return finish({ ok: false, message: planned.message, ...(planned.missingTool ? { missingTool: planned.missingTool } : {}) });
  const { plan } = planned;
  emit(`Building ${project.name} (${project.kind}) → ${plan.output}`, 'info');
  try {
    await mkdir(dirname(project.out), { recursive: true });
  } catch (e) {
    return finish({ ok: false, message: `Cannot create ${dirname(project.out)}: ${(e as Error).message}` });
  }

  for (const [index, step] of plan.steps.entries()) {
    if (options.signal?.aborted) return cancelled();
    options.onStep?.(step, index, plan.steps.length);
    emit(`[${index + 1}/${plan.steps.length}] ${step.title}`, 'info');
    const outcome: StepOutcome =
      step.kind === 'command'
        ? await runCommandStep(step, { emit, diagnostics, env: options.env ?? process.env, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProcess ? { onProcess: options.onProcess } : {}) })
        : await runJcoStep(step, { emit, diagnostics });
    if (outcome.cancelled || options.signal?.aborted) return cancelled();
    if (!outcome.ok) return finish({ ok: false, message: outcome.message });
  }

  if (plan.cargoArtifacts) {
    const newest = await newestExisting(plan.cargoArtifacts);
    if (!newest) return finish({ ok: false, message: `The build ran, but no component was found at ${plan.cargoArtifacts.join(' or ')}.` });
    if (newest !== plan.output) await copyFile(newest, plan.output);
  }
  try {
    await stat(plan.output);
  } catch {
    return finish({ ok: false, message: `The build ran, but ${plan.output} was not written.` });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const warningsNote = warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : '';
  return finish({ ok: true, output: plan.output, message: `Built ${relative(project.dir, plan.output) || plan.output} in ${seconds} s${warningsNote}.` });
}

/** Whether a JS module imports others by relative path: componentize-js takes one file, so it must be bundled. */
async function importsRelativeModules(entry: string): Promise<boolean> {
  const source = await readFile(entry, 'utf8').catch(() => '');
  return /(?:^|[\s;])(?:import|export)\b[^'"`;]*?from\s*['"]\.{1,2}\/|^\s*import\s*['"]\.{1,2}\//m.test(source);
}

async function newestExisting(paths: readonly string[]): Promise<string | undefined> {
  let best: { path: string; time: number } | undefined;
  for (const path of paths) {
    const time = await stat(path).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (time !== undefined && (!best || time > best.time)) best = { path, time };
  }
  return best?.path;
}

function missingResult(tool: MissingTool): PlanResult {
  return { ok: false, message: describeMissing(tool), missingTool: tool };
}

/** The extension's folder (with node_modules in development), from this file in out/ or dist/. */
function defaultExtensionRoot(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (basename(dir) === 'out' || basename(dir) === 'dist') return dirname(dir);
    if (dirname(dir) === dir) return undefined;
  }
}
