/**
 * Characters as Rust formats them, for messages that must read exactly as wit-parser's and
 * semver's: `{:?}` of a `char` (`'a'`, `'\n'`, `'\u{200b}'`) and `char::escape_unicode`.
 */

/** `\u{7f}`: how Rust's `char::escape_unicode` spells a code point. */
export function escapeUnicode(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

// What Rust's `char::is_printable` rejects (general categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs,
// but for the space), and grapheme extenders, which `{:?}` escapes too.
const ESCAPED = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Grapheme_Extend}]$/u;

/** A character as Rust's `{:?}` formats a `char`. */
export function rustCharDebug(ch: string): string {
  switch (ch) {
    case '\0':
      return "'\\0'";
    case '\t':
      return "'\\t'";
    case '\r':
      return "'\\r'";
    case '\n':
      return "'\\n'";
    case '\\':
      return "'\\\\'";
    case "'":
      return "'\\''";
    case ' ':
      return "' '";
  }
  return ESCAPED.test(ch) ? `'${escapeUnicode(ch.codePointAt(0)!)}'` : `'${ch}'`;
}
