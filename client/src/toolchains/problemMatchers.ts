/**
 * Compiler output → diagnostics with file, line, column, severity and message, for the
 * Problems view. Understands, line by line (streamed output works):
 * - clang / gcc / wasm-ld: `file:line:col: error: msg` (also `fatal error`, `warning`, `note`,
 *   without a column, with `[-Wflag]` → code); `clang: error: …` / `wasm-ld: error: …`
 *   without a place;
 * - rustc / cargo / wit-parser blocks: `error[E0425]: msg` then `  --> file:line:col`; a
 *   wit-parser error (`expected …, found …` then `--> file:line:col`) takes the line before;
 * - componentize-js (StarlingMonkey while initializing the component):
 *   `plugin.js:6:17 ReferenceError: msg` (repeated per line of its excerpt; kept once),
 *   stack frames `fn@plugin.js:3:9` after an uncaught error, `"plugin.js" does not export …`,
 *   and jco's `failed to parse package: <wit folder>`;
 * - rolldown and oxc (`jco componentize --bundle`): `[PARSE_ERROR] msg` then `╭─[ util.js:2:13 ]`;
 * - Python tracebacks (componentize-py): `File "app.py", line 3` … `NameError: msg`.
 * Relative paths are resolved against the step's folder; `file://` URLs are turned into paths.
 * Pure: no I/O.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface CompilerDiagnostic {
  /** Absolute path; undefined for errors with no place (a linker or driver error). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  severity: DiagnosticSeverity;
  message: string;
  /** `E0425`, `-Wint-conversion`, `SyntaxError`. */
  code?: string;
  /** Which tool said it: `clang`, `rustc`, `componentize-js`, `python`, `wit`. */
  source: string;
  /** Notes that belong to it (clang `note:`, rustc `= note:`). */
  related?: RelatedLocation[];
}

export interface MatcherOptions {
  /** Folder relative paths are resolved against (the step's working directory). */
  cwd: string;
  /** `source` for tool-agnostic formats (default `clang` for the `file:line:col:` format). */
  defaultSource?: string;
}

// ANSI escapes (colors) that compilers print when they think they write to a terminal.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const GCC = /^(.+?):(\d+):(?:(\d+):)?\s+(fatal error|error|warning|note|remark|info):\s+(.*)$/;
const TOOL_ERROR = /^((?:[\w.+-]*\/)?(?:clang(?:\+\+)?(?:-\d+)?|wasm-ld(?:-\d+)?|ld|lld|gcc|cc|componentize-py|cargo-component|wit-bindgen)(?:\.exe)?):\s+(error|warning|fatal error):\s+(.*)$/;
const RUST_HEADER = /^(error|warning)(?:\[(\w+)\])?:\s+(.*)$/;
const RUST_ARROW = /^\s*(?:-->|╭▸|┌─)\s+(.+?):(\d+):(\d+)\s*$/;
// Bundlers and parsers with miette-style reports (rolldown under `jco componentize --bundle`, oxc):
// `[PARSE_ERROR] Expected …` then `╭─[ plugin.js:4:23 ]` (or `,-[plugin.js:4:23]`).
const BUNDLER_HEADER = /^(?:Error:\s+)?\[([A-Z][A-Z0-9_]+)\]\s+(?:(Error|Warning):\s+)?(.*)$/;
const MIETTE_PLACE = /^\s*(?:╭─|,-)\s*\[\s*(.+?):(\d+):(\d+)\s*\]/;
const RUST_NOTE = /^\s*=\s+(note|help):\s+(.*)$/;
const CJS_LOCATED = /^(\S+?\.(?:m?js|cjs|m?ts)):(\d+):(\d+)\s+(\w*(?:Error|Exception)|\w+):\s*(.*)$/;
const CJS_LOCATED_ANY = /^(\S+?\.(?:m?js|cjs|m?ts)):(\d+):(\d+)\s/;
// V8 (`at fn (file:///x.js:1:2)`) and SpiderMonkey (`fn@x.js:1:2`, `@x.js:1:2`) stack frames.
const JS_FRAME_V8 = /^\s*at\s+(?:.*?\()?((?:file:\/\/)?[^\s()]+?\.(?:m?js|cjs|m?ts)):(\d+):(\d+)\)?\s*$/;
const JS_FRAME_SM = /^\s*[\w$.<>/*]*@((?:file:\/\/)?[^\s()@]+?\.(?:m?js|cjs|m?ts)):(\d+):(\d+)\s*$/;
// componentize-js: the module does not export what the world asks for.
const JS_MISSING_EXPORT = /^(?:\(jco componentize\)\s+)?(?:Error:\s+)?"([^"]+\.(?:m?js|cjs|m?ts))" does not export (.*)$/;
// jco / wasm-tools: the WIT did not parse (no place is given).
const WIT_PACKAGE = /^(?:\(jco \w+\)\s+)?(?:ComponentError:\s+|Error:\s+)?failed to parse package:\s+(.+)$/;
const JS_THROWN = /^(?:\(jco componentize\)\s+)?(?:Uncaught\s+)?(\w*Error):\s+(.*)$/;
const PY_FILE = /^\s*File "(.+?)", line (\d+)(?:, in .*)?$/;
const PY_ERROR = /^(\w+(?:Error|Exception)|SyntaxError|\w+Warning):\s+(.*)$/;

/** Lines rustc/cargo print that are summaries, not problems. */
const RUST_NOISE = [/^aborting due to/, /^could not compile/, /generated \d+ warnings?/, /^build failed/, /^Some errors have detailed explanations/, /^For more information about/];

export class ProblemMatcher {
  private readonly out: CompilerDiagnostic[] = [];
  /** A rustc-style header waiting for its `-->` line. */
  private pending: CompilerDiagnostic | undefined;
  /** The last diagnostic notes attach to. */
  private last: CompilerDiagnostic | undefined;
  /** The previous non-empty line (a wit-parser message before its `-->`). */
  private previousLine = '';
  /** componentize-js repeats its location prefix for each excerpt line. */
  private lastJsLocation = '';
  /** An uncaught JS error waiting for its first stack frame in user code. */
  private pendingJs: { message: string; code: string } | undefined;
  /** A Python traceback's innermost frame. */
  private pythonFrame: { file: string; line: number } | undefined;

  constructor(private readonly options: MatcherOptions) {}

  push(rawLine: string): void {
    const line = rawLine.replace(ANSI, '').replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed) {
      this.flushPending();
      return;
    }
    try {
      this.match(line, trimmed);
    } finally {
      if (!/^\|/.test(trimmed) && !/^\d+\s*\|/.test(trimmed)) this.previousLine = trimmed;
    }
  }

  /** All diagnostics so far (flushes what waits for more lines). */
  finish(): CompilerDiagnostic[] {
    this.flushPending();
    if (this.pendingJs) {
      this.add({ severity: 'error', message: this.pendingJs.message, code: this.pendingJs.code, source: 'componentize-js' });
      this.pendingJs = undefined;
    }
    return dedupe(this.out);
  }

  private match(line: string, trimmed: string): void {
    const miette = MIETTE_PLACE.exec(line);
    if (miette) {
      if (this.pending) {
        Object.assign(this.pending, { file: this.path(miette[1]), line: Number(miette[2]), column: Number(miette[3]) });
        this.add(this.pending);
        this.pending = undefined;
      }
      return;
    }
    const bundler = BUNDLER_HEADER.exec(trimmed);
    if (bundler && !/^\s/.test(line)) {
      this.flushPending();
      this.pending = { severity: bundler[2] === 'Warning' ? 'warning' : 'error', message: bundler[3], code: bundler[1], source: this.options.defaultSource ?? 'componentize-js' };
      return;
    }
    // rustc / wit-parser: the place of the pending header.
    const arrow = RUST_ARROW.exec(line);
    if (arrow) {
      const place = { file: this.path(arrow[1]), line: Number(arrow[2]), column: Number(arrow[3]) };
      if (this.pending) {
        Object.assign(this.pending, place);
        this.add(this.pending);
        this.pending = undefined;
      } else if (this.last && this.last.file === undefined && this.last.source !== 'componentize-js') {
        Object.assign(this.last, place);
      } else if (this.previousLine && !RUST_ARROW.test(this.previousLine)) {
        // wit-parser: `expected `{`, found keyword `func`` then `--> file:line:col`.
        this.add({ ...place, severity: 'error', message: this.previousLine.replace(/^(?:error:\s*)/, ''), source: 'wit' });
      }
      return;
    }
    const note = RUST_NOTE.exec(line);
    if (note && (this.pending || this.last)) {
      const target = this.pending ?? this.last!;
      (target.related ??= []).push({ file: target.file ?? '', line: target.line ?? 0, ...(target.column ? { column: target.column } : {}), message: `${note[1]}: ${note[2]}` });
      return;
    }

    const gcc = GCC.exec(line);
    if (gcc && !/^\s/.test(line) && !/^(error|warning)(\[\w+\])?$/.test(gcc[1]) && !/^https?$/.test(gcc[1])) {
      this.flushPending();
      const [, file, l, c, level, message] = gcc;
      const { text, code } = splitFlag(message);
      const place = { file: this.path(file), line: Number(l), ...(c ? { column: Number(c) } : {}) };
      if (level === 'note') {
        if (this.last) (this.last.related ??= []).push({ ...place, message: text });
        else this.add({ ...place, severity: 'info', message: text, source: this.options.defaultSource ?? 'clang' });
        return;
      }
      this.add({ ...place, severity: level === 'warning' ? 'warning' : level === 'remark' || level === 'info' ? 'info' : 'error', message: text, ...(code ? { code } : {}), source: this.options.defaultSource ?? 'clang' });
      return;
    }

    const tool = TOOL_ERROR.exec(trimmed);
    if (tool) {
      this.flushPending();
      const source = /wasm-ld|ld|lld/.test(tool[1]) ? 'wasm-ld' : /clang|gcc|cc/.test(tool[1]) ? 'clang' : tool[1].replace(/^.*\//, '');
      // The driver's "linker command failed" only repeats that the linker's errors above were errors.
      if (source === 'clang' && /^linker command failed/.test(tool[3]) && this.out.some((d) => d.source === 'wasm-ld')) return;
      // The object file a linker error names is the compiler's temporary one: the symbol says it all.
      const message = tool[3].replace(/^\S+?\.(?:o|a):\s+/, '');
      this.add({ severity: tool[2] === 'warning' ? 'warning' : 'error', message, source });
      return;
    }

    const cjs = CJS_LOCATED.exec(trimmed);
    if (cjs) {
      const key = `${cjs[1]}:${cjs[2]}:${cjs[3]}`;
      if (key === this.lastJsLocation) return; // the excerpt lines that follow
      this.lastJsLocation = key;
      this.pendingJs = undefined;
      this.add({ file: this.path(cjs[1]), line: Number(cjs[2]), column: Number(cjs[3]), severity: 'error', message: cjs[5] ? `${cjs[4]}: ${cjs[5]}` : cjs[4], code: cjs[4], source: 'componentize-js' });
      return;
    }
    if (CJS_LOCATED_ANY.test(trimmed)) return; // excerpt lines under a location already reported

    const missingExport = JS_MISSING_EXPORT.exec(trimmed);
    if (missingExport) {
      this.pendingJs = undefined;
      this.add({ file: this.path(missingExport[1]), severity: 'error', message: `${missingExport[1]} does not export ${missingExport[2]}`, source: 'componentize-js' });
      return;
    }
    const witPackage = WIT_PACKAGE.exec(trimmed);
    if (witPackage) {
      this.pendingJs = undefined;
      this.add({ file: this.path(witPackage[1]), severity: 'error', message: `failed to parse the WIT package at ${witPackage[1]}`, source: 'wit' });
      return;
    }

    const frame = JS_FRAME_V8.exec(line) ?? JS_FRAME_SM.exec(line);
    if (frame) {
      if (this.pendingJs && !isToolchainPath(frame[1])) {
        this.add({ file: this.path(frame[1]), line: Number(frame[2]), column: Number(frame[3]), severity: 'error', message: this.pendingJs.message, code: this.pendingJs.code, source: 'componentize-js' });
        this.pendingJs = undefined;
      }
      return;
    }

    const py = PY_FILE.exec(line);
    if (py) {
      this.pythonFrame = { file: this.path(py[1]), line: Number(py[2]) };
      return;
    }
    if (this.pythonFrame) {
      const err = PY_ERROR.exec(trimmed);
      if (err) {
        this.add({ ...this.pythonFrame, severity: 'error', message: `${err[1]}: ${err[2]}`, code: err[1], source: 'python' });
        this.pythonFrame = undefined;
        return;
      }
    }

    const rust = RUST_HEADER.exec(trimmed);
    if (rust && !/^\s/.test(line)) {
      this.flushPending();
      if (RUST_NOISE.some((r) => r.test(rust[3]))) return;
      this.pending = { severity: rust[1] === 'warning' ? 'warning' : 'error', message: rust[3], ...(rust[2] ? { code: rust[2] } : {}), source: 'rustc' };
      return;
    }

    const thrown = JS_THROWN.exec(trimmed);
    if (thrown && this.options.defaultSource === 'componentize-js') {
      this.pendingJs = { message: `${thrown[1]}: ${thrown[2]}`, code: thrown[1] };
    }
  }

  private flushPending(): void {
    if (this.pending) {
      this.add(this.pending);
      this.pending = undefined;
    }
  }

  private add(d: CompilerDiagnostic): void {
    // A located problem explains the bare "Build failed" / "Failed to initialize" before it.
    if (d.file !== undefined) this.pendingJs = undefined;
    this.out.push(d);
    this.last = d;
  }

  private path(p: string): string {
    if (p.startsWith('file://')) {
      try {
        return fileURLToPath(p);
      } catch {
        // fall through
      }
    }
    return isAbsolute(p) ? p : resolve(this.options.cwd, p);
  }
}

/** Parses a whole output at once. */
export function parseCompilerOutput(output: string | readonly string[], options: MatcherOptions): CompilerDiagnostic[] {
  const matcher = new ProblemMatcher(options);
  for (const line of typeof output === 'string' ? output.split(/\r?\n/) : output) matcher.push(line);
  return matcher.finish();
}

/** `message [-Wflag]` → message and `-Wflag`. */
function splitFlag(message: string): { text: string; code?: string } {
  const m = /^(.*?)\s+\[(-W[\w=+-]+(?:,[^\]]*)?)\]$/.exec(message);
  return m ? { text: m[1], code: m[2].split(',')[0] } : { text: message };
}

function isToolchainPath(p: string): boolean {
  return /node_modules|node:internal|componentize-js|@bytecodealliance|^internal\//.test(p);
}

function dedupe(list: CompilerDiagnostic[]): CompilerDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
