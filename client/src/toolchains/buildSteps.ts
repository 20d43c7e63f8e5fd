/**
 * Running one step of a build plan (pipelines.ts): a command in a process group of its own,
 * its output streamed and matched for diagnostics, stopped with the build's AbortSignal; or
 * an in-process step of the bundled jco (embed the WIT, make the component). Pure Node.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { inspectWasm } from '../../../server/src/syntax/binary/wasmInfo';
import { isFile } from './fsChecks';
import { errorText, loadJco, preview1AdapterPath } from './jco';
import type { CommandStep, EmbedStep, NewStep } from './pipelines';
import { ProblemMatcher, type CompilerDiagnostic } from './problemMatchers';
import { startProcess, type RunningProcess } from './process';
import type { ExecModel } from './projects';

export type OutputStream = 'stdout' | 'stderr' | 'info';

export type StepOutcome = { ok: true; cancelled?: undefined } | { ok: false; message: string; cancelled?: boolean };

interface StepContext {
  emit(line: string, stream: OutputStream): void;
  /** Where the step adds the problems it finds. */
  diagnostics: CompilerDiagnostic[];
}

interface CommandContext extends StepContext {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProcess?: (pid: number, step: CommandStep) => void;
}

// The colors compilers print when they think they write to a terminal.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export async function runCommandStep(step: CommandStep, context: CommandContext): Promise<StepOutcome> {
  context.emit(`$ ${[step.program, ...step.args].map(quoteForDisplay).join(' ')}`, 'info');
  const matcher = new ProblemMatcher({ cwd: step.diagnosticsDir ?? step.cwd, defaultSource: step.matcher });
  // The failure's explanation when no diagnostic is recognized (not a stack frame).
  let lastLine = '';
  const onLine = (stream: 'stdout' | 'stderr') => (raw: string) => {
    const line = raw.replace(ANSI, '');
    matcher.push(line);
    if (line.trim() && !/^\s+at /.test(line)) lastLine = line.trim();
    context.emit(line, stream);
  };
  // A stale output must not pass for this run's.
  if (step.produces) await rm(step.produces, { force: true });
  let proc: RunningProcess;
  try {
    proc = startProcess(step.program, step.args, { cwd: step.cwd, env: { ...context.env, ...step.env }, onStdout: onLine('stdout'), onStderr: onLine('stderr') });
  } catch (e) {
    return { ok: false, message: `${step.title}: cannot start ${step.program}: ${(e as Error).message}` };
  }
  if (proc.pid !== undefined) context.onProcess?.(proc.pid, step);
  let stopping: Promise<unknown> | undefined;
  const abort = () => {
    stopping ??= proc.stop();
  };
  context.signal?.addEventListener('abort', abort, { once: true });
  if (context.signal?.aborted) abort();
  const result = await proc.done;
  context.signal?.removeEventListener('abort', abort);
  // Cancelled means gone: everything the step started has ended when the build returns.
  await stopping;
  const found = matcher.finish();
  context.diagnostics.push(...found);
  if (result.stopped) return { ok: false, message: 'cancelled', cancelled: true };
  if (result.error) return { ok: false, message: `${step.title}: cannot start ${step.program}: ${result.error.message}` };
  if (result.code !== 0) {
    const firstError = found.find((d) => d.severity === 'error');
    const why = firstError ? describeDiagnostic(firstError, step.cwd) : lastLine;
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
    return { ok: false, message: `${step.title} failed (${status})${why ? `: ${why}` : ''}` };
  }
  if (step.produces && !(await isFile(step.produces))) return { ok: false, message: `${step.title} did not write ${step.produces}.` };
  return { ok: true };
}

export async function runJcoStep(step: EmbedStep | NewStep, context: StepContext): Promise<StepOutcome> {
  try {
    const jco = await loadJco();
    const core = new Uint8Array(await readFile(step.core));
    if (step.kind === 'embed') {
      // wasm-tools panics on a path that does not exist, and a panic leaves the bundled jco unusable.
      const exists = await stat(step.witPath).then(
        () => true,
        () => false,
      );
      if (!exists) throw new Error(`the WIT path ${step.witPath} does not exist`);
      // It reads the WIT through jco's WASI shim, which starts with no folder open.
      jco.setPreopens({ '/': '/' });
      await writeFile(step.out, await jco.componentEmbed({ binary: core, witPath: step.witPath, ...(step.world ? { world: step.world } : {}) }));
    } else {
      const model = step.adapter === 'auto' ? execModelOf(core) : step.adapter;
      const adapter = preview1AdapterPath(model);
      context.emit(`componentNew with the WASI preview1 ${model} adapter (${adapter})`, 'info');
      await writeFile(step.out, await jco.componentNew(core, [['wasi_snapshot_preview1', new Uint8Array(await readFile(adapter))]]));
    }
    return { ok: true };
  } catch (e) {
    const message = errorText(e);
    context.diagnostics.push(step.kind === 'embed' ? { severity: 'error', message, source: 'wit', file: step.witPath } : { severity: 'error', message, source: 'jco' });
    return { ok: false, message: `${step.title} failed: ${message.split('\n').find((l) => l.trim()) ?? message}` };
  }
}

/** `command` for a core module with a `main` (it exports `_start`), else `reactor`. */
function execModelOf(core: Uint8Array): ExecModel {
  const info = inspectWasm(core);
  return info.ok && info.coreExports.some((e) => e.name === '_start') ? 'command' : 'reactor';
}

function describeDiagnostic(d: CompilerDiagnostic, cwd: string): string {
  const where = d.file ? `${relative(cwd, d.file) || d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  return `${where}${d.message}`;
}

/** An argument as a shell would need it, to show the command (it is never run through a shell). */
function quoteForDisplay(arg: string): string {
  if (arg.startsWith('data:')) return '<preload: open / for jco>';
  if (arg.includes('\n')) return `<script: ${arg.split('\n').length} lines>`;
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
