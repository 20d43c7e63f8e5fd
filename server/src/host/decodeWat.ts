/**
 * WebAssembly text (`.wat`, module or component) to binary, for WIT packages
 * written as `deps/*.wat`: wit-parser runs them through the `wat` crate before
 * decoding. Here jco's `parse` does it (the same wasm-tools code, compiled to
 * wasm); jco is loaded only when a `.wat` file is met, and its absence gives a
 * clear error rather than a crash.
 */

const JCO = '@bytecodealliance/jco';

interface JcoModule {
  parse(wat: string): Promise<Uint8Array> | Uint8Array;
}

/** A `.wat` file that could not be turned into a binary (bad text, or no jco). */
export class WatError extends Error {
  override readonly name = 'WatError';
}

let jco: Promise<JcoModule> | undefined;

function loadJco(): Promise<JcoModule> {
  // A specifier in a variable keeps bundlers from pulling jco (large, with wasm files) into the bundle.
  const specifier: string = JCO;
  jco ??= (import(specifier) as Promise<JcoModule>).catch((e: unknown) => {
    jco = undefined;
    const detail = e instanceof Error ? e.message : String(e);
    throw new WatError(
      `cannot read WebAssembly text (.wat): the \`${JCO}\` package, which converts it to binary, ` +
        `could not be loaded (${detail}); install it (npm install ${JCO}) or convert the file to .wasm`,
    );
  });
  return jco;
}

/**
 * Parses WebAssembly text into a binary. `path` only names the file in error
 * messages, which follow the `wat` crate's layout:
 *
 *     expected `(`
 *          --> deps/a.wat:1:1
 *           |
 *         1 | foo
 *           | ^
 */
export async function watToBinary(text: string, path?: string): Promise<Uint8Array> {
  const { parse } = await loadJco();
  try {
    return await parse(text);
  } catch (e) {
    throw new WatError(formatWatError(e instanceof Error ? e.message : String(e), path));
  }
}

/** Rust's `{:?}` of a string back to the string. */
function unescapeDebug(s: string): string {
  return s.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_m, esc: string, hex?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc === '0' ? '\0' : esc;
  });
}

const DEBUG_STRING = '"((?:[^"\\\\]|\\\\.)*)"';

/**
 * jco reports `wat` errors in Rust's debug form (`Error { kind: Wast(Error { inner:
 * ErrorInner { text: Some(Text { line, col, snippet }), …, kind: Custom("…") } }) }`);
 * this rebuilds the `Display` form wasm-tools prints. Other texts are kept as they are.
 */
export function formatWatError(raw: string, path?: string): string {
  const message = new RegExp(`kind: Custom\\(${DEBUG_STRING}\\)`).exec(raw);
  if (!message) return raw;
  const err = unescapeDebug(message[1]);
  const text = new RegExp(`text: Some\\(Text \\{ line: (\\d+), col: (\\d+), snippet: ${DEBUG_STRING} \\}\\)`).exec(raw);
  if (!text) {
    const offset = /span: Span \{ offset: (\d+) \}/.exec(raw);
    return offset ? `${err} at byte offset ${offset[1]}` : err;
  }
  const file = path ?? '<anon>';
  const line = Number(text[1]) + 1;
  const col = Number(text[2]) + 1;
  if (col > 500) return `${err} at ${file}:${line}:${col}`;
  return [
    err,
    `     --> ${file}:${line}:${col}`,
    '      |',
    ` ${String(line).padStart(4)} | ${unescapeDebug(text[3])}`,
    `      | ${'^'.padStart(col)}`,
  ].join('\n');
}
