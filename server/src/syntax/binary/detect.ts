/**
 * Whether a file's contents are WebAssembly, as the `wat` crate's
 * `Detect::from_bytes` decides it. wit-parser asks this of every `.wit`,
 * `.wat` and `.wasm` file it reads (whatever the extension says): binary
 * WebAssembly starts with `\0asm`, and WebAssembly text's first token (after
 * whitespace and comments) is `(`; anything else is read as WIT.
 */
import { decodeUtf8 } from './reader';

export type WasmKind = 'binary' | 'text';

/** U+202A, U+202B, U+202D, U+202E, U+2066..U+2069, U+206C: rejected in comments by the WAT lexer. */
const CONFUSING = /[\u202a\u202b\u202d\u202e\u2066-\u2069\u206c]/;

export function detectWasm(bytes: Uint8Array): WasmKind | undefined {
  if (bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d) return 'binary';
  const text = decodeUtf8(bytes);
  if (text === undefined) return undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === ';' && text[i + 1] === ';') {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      if (CONFUSING.test(text.slice(i, end))) return undefined;
      i = end;
    } else if (c === '(' && text[i + 1] === ';') {
      let level = 1;
      let j = i + 2;
      while (j < text.length && level > 0) {
        if (text[j] === '(' && text[j + 1] === ';') {
          level++;
          j += 2;
        } else if (text[j] === ';' && text[j + 1] === ')') {
          level--;
          j += 2;
        } else {
          j++;
        }
      }
      if (level > 0 || CONFUSING.test(text.slice(i, j))) return undefined;
      i = j;
    } else {
      return c === '(' ? 'text' : undefined;
    }
  }
  return undefined;
}
