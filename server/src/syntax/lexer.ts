import type { SyntaxDiagnostic } from '../diagnostic';
import { escapeUnicode, rustCharDebug } from './rustDebug';
import { KEYWORDS, TokenKind, type Token } from './tokens';

export interface LexResult {
  /** Every token of the text, trivia included, ending with an `Eof` token. */
  tokens: Token[];
  errors: SyntaxDiagnostic[];
}

const XID_START = /\p{XID_Start}/u;
const XID_CONTINUE = /\p{XID_Continue}/u;

function isKeylikeStart(code: number, ch: string): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
  return XID_START.test(ch);
}

function isKeylikeContinue(code: number, ch: string): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f ||
      code === 0x2d
    );
  }
  return XID_CONTINUE.test(ch);
}

const BIDI_OVERRIDES = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const DEPRECATED_CODEPOINTS = new Set([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5]);

/**
 * Splits WIT source into tokens exactly as wit-parser's tokenizer does, but never stops:
 * a character it rejects becomes an `Invalid` trivia token with an error, so the parser
 * carries on and every problem of the file is reported.
 */
export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const errors: SyntaxDiagnostic[] = [];
  const length = text.length;
  let pos = 0;
  if (text.charCodeAt(0) === 0xfeff) {
    tokens.push({ kind: TokenKind.Whitespace, start: 0, end: 1 });
    pos = 1;
  }

  const codeAt = (i: number) => text.codePointAt(i) ?? 0;
  const width = (code: number) => (code > 0xffff ? 2 : 1);

  /** Characters wit-parser refuses anywhere in a file, even inside comments and strings. */
  const checkForbidden = (code: number, at: number) => {
    if (code < 0x20 ? code !== 0x0a && code !== 0x0d && code !== 0x09 : code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      errors.push({ start: at, end: at + 1, message: `Control code '${escapeUnicode(code)}'`, code: 'forbidden-codepoint' });
      return true;
    }
    if (BIDI_OVERRIDES.has(code)) {
      errors.push({
        start: at,
        end: at + 1,
        message: `Input contains bidirectional override codepoint "${escapeUnicode(code)}"`,
        code: 'forbidden-codepoint',
      });
      return true;
    }
    if (DEPRECATED_CODEPOINTS.has(code)) {
      errors.push({
        start: at,
        end: at + 1,
        message: `Codepoint "${escapeUnicode(code)}" is discouraged by Unicode`,
        code: 'forbidden-codepoint',
      });
      return true;
    }
    return false;
  };

  const scanForbidden = (from: number, to: number) => {
    for (let i = from; i < to; ) {
      const code = codeAt(i);
      if (code < 0x20 || code >= 0x7f) checkForbidden(code, i);
      i += width(code);
    }
  };

  while (pos < length) {
    const start = pos;
    const code = text.charCodeAt(pos);
    let kind: TokenKind;
    switch (code) {
      case 0x20: // ' '
      case 0x09: // '\t'
      case 0x0a: // '\n'
        pos = skipWhitespace(text, pos + 1);
        kind = TokenKind.Whitespace;
        break;
      case 0x0d: // '\r'
        if (text.charCodeAt(pos + 1) === 0x0a) {
          pos = skipWhitespace(text, pos + 2);
          kind = TokenKind.Whitespace;
        } else {
          pos++;
          errors.push({ start, end: pos, message: `unexpected character ${rustCharDebug('\r')}`, code: 'invalid-character' });
          kind = TokenKind.Invalid;
        }
        break;
      case 0x2f: // '/'
        if (text.charCodeAt(pos + 1) === 0x2f) {
          pos += 2;
          while (pos < length && text.charCodeAt(pos) !== 0x0a) pos++;
          if (text.charCodeAt(pos - 1) === 0x0d && pos < length) pos--;
          scanForbidden(start, pos);
          kind = TokenKind.Comment;
        } else if (text.charCodeAt(pos + 1) === 0x2a) {
          pos += 2;
          let depth = 1;
          while (depth > 0 && pos < length) {
            const c = text.charCodeAt(pos);
            if (c === 0x2f && text.charCodeAt(pos + 1) === 0x2a) {
              depth++;
              pos += 2;
            } else if (c === 0x2a && text.charCodeAt(pos + 1) === 0x2f) {
              depth--;
              pos += 2;
            } else pos++;
          }
          scanForbidden(start, pos);
          if (depth > 0) {
            errors.push({ start, end: start + 1, message: 'unterminated block comment', code: 'unterminated-comment' });
          }
          kind = TokenKind.Comment;
        } else {
          pos++;
          kind = TokenKind.Slash;
        }
        break;
      case 0x3d:
        pos++;
        kind = TokenKind.Equals;
        break;
      case 0x2c:
        pos++;
        kind = TokenKind.Comma;
        break;
      case 0x3a:
        pos++;
        kind = TokenKind.Colon;
        break;
      case 0x2e:
        pos++;
        kind = TokenKind.Period;
        break;
      case 0x3b:
        pos++;
        kind = TokenKind.Semicolon;
        break;
      case 0x28:
        pos++;
        kind = TokenKind.LeftParen;
        break;
      case 0x29:
        pos++;
        kind = TokenKind.RightParen;
        break;
      case 0x7b:
        pos++;
        kind = TokenKind.LeftBrace;
        break;
      case 0x7d:
        pos++;
        kind = TokenKind.RightBrace;
        break;
      case 0x3c:
        pos++;
        kind = TokenKind.LessThan;
        break;
      case 0x3e:
        pos++;
        kind = TokenKind.GreaterThan;
        break;
      case 0x2a:
        pos++;
        kind = TokenKind.Star;
        break;
      case 0x40:
        pos++;
        kind = TokenKind.At;
        break;
      case 0x2b:
        pos++;
        kind = TokenKind.Plus;
        break;
      case 0x2d: // '-'
        pos++;
        if (text.charCodeAt(pos) === 0x3e) {
          pos++;
          kind = TokenKind.RArrow;
        } else kind = TokenKind.Minus;
        break;
      case 0x25: {
        // '%'
        pos++;
        if (pos < length) {
          const c = codeAt(pos);
          if (isKeylikeStart(c, String.fromCodePoint(c))) {
            pos += width(c);
            pos = scanKeylike(text, pos);
          }
        }
        kind = TokenKind.ExplicitId;
        break;
      }
      case 0x22: // '"'
        pos = scanString(text, pos + 1, errors, scanForbidden);
        kind = TokenKind.StringLiteral;
        break;
      default: {
        const full = codeAt(pos);
        const ch = String.fromCodePoint(full);
        if (isKeylikeStart(full, ch)) {
          pos = scanKeylike(text, pos + width(full));
          kind = KEYWORDS.get(text.slice(start, pos)) ?? TokenKind.Id;
        } else if (code >= 0x30 && code <= 0x39) {
          pos++;
          while (pos < length) {
            const c = text.charCodeAt(pos);
            if (c < 0x30 || c > 0x39) break;
            pos++;
          }
          kind = TokenKind.Integer;
        } else {
          pos += width(full);
          if (!checkForbidden(full, start)) {
            errors.push({ start, end: pos, message: `unexpected character ${rustCharDebug(ch)}`, code: 'invalid-character' });
          }
          kind = TokenKind.Invalid;
        }
      }
    }
    tokens.push({ kind, start, end: pos });
  }
  tokens.push({ kind: TokenKind.Eof, start: length, end: length });
  return { tokens, errors };
}

/** Spaces, tabs and line ends (`\r\n` counting as one), as wit-parser folds them. */
function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x09 || c === 0x0a) pos++;
    else if (c === 0x0d && text.charCodeAt(pos + 1) === 0x0a) pos += 2;
    else break;
  }
  return pos;
}

function scanKeylike(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.codePointAt(pos)!;
    if (!isKeylikeContinue(c, c < 0x80 ? '' : String.fromCodePoint(c))) break;
    pos += c > 0xffff ? 2 : 1;
  }
  return pos;
}

/**
 * Scans the body of a string literal (after its opening quote) and returns the offset after
 * the closing quote. Problems inside are reported where wit-parser reports them.
 */
function scanString(
  text: string,
  pos: number,
  errors: SyntaxDiagnostic[],
  scanForbidden: (from: number, to: number) => void,
): number {
  const start = pos - 1;
  const report = (at: number, message: string) =>
    errors.push({ start: at, end: Math.min(at + 1, text.length), message, code: 'invalid-string' });
  const value = decodeStringBody(text, pos);
  scanForbidden(start, value.end);
  if (value.error) report(value.error.at, value.error.message);
  return value.end;
}

export interface DecodedString {
  value: string;
  /** Offset after the closing quote (or the end of the text when unterminated). */
  end: number;
  error?: { at: number; message: string };
}

/** Decodes a string literal's body (escapes included) the way wit-parser does. */
export function decodeStringBody(text: string, pos: number): DecodedString {
  let value = '';
  const fail = (at: number, message: string): DecodedString => {
    // Resynchronise after the closing quote so the rest of the file still lexes.
    let end = at;
    while (end < text.length && text.charCodeAt(end) !== 0x22 && text.charCodeAt(end) !== 0x0a) end++;
    if (text.charCodeAt(end) === 0x22) end++;
    return { value, end, error: { at, message } };
  };
  for (;;) {
    if (pos >= text.length) return { value, end: pos, error: { at: text.length, message: 'unexpected end of file' } };
    const code = text.codePointAt(pos)!;
    const at = pos;
    pos += code > 0xffff ? 2 : 1;
    if (code === 0x22) return { value, end: pos };
    if (code === 0x5c) {
      if (pos >= text.length) return { value, end: pos, error: { at: text.length, message: 'unexpected end of file' } };
      const escAt = pos;
      const esc = text[pos++]!;
      switch (esc) {
        case '"':
        case "'":
        case '\\':
          value += esc;
          break;
        case 't':
          value += '\t';
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 'u': {
          if (text[pos] !== '{') return fail(pos, `expected character ${rustCharDebug('{')}`);
          pos++;
          const digits = /^[0-9a-fA-F][0-9a-fA-F_]*/.exec(text.slice(pos, pos + 64));
          if (!digits) return fail(pos, `invalid hex digit ${rustCharDebug(text[pos] ?? '')}`);
          if (digits[0].endsWith('_')) return fail(pos, 'trailing underscore in number');
          const n = parseInt(digits[0].replace(/_/g, ''), 16);
          if (n > 0xffffffff) return fail(pos, 'number is too big to fit in a u32');
          pos += digits[0].length;
          if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return fail(escAt, `invalid unicode value ${'0x' + n.toString(16)}`);
          value += String.fromCodePoint(n);
          if (text[pos] !== '}') return fail(pos, `expected character ${rustCharDebug('}')}`);
          pos++;
          break;
        }
        default:
          if (/[0-9a-fA-F]/.test(esc)) {
            const second = text[pos];
            if (second === undefined || !/[0-9a-fA-F]/.test(second)) {
              return fail(pos, `invalid hex digit ${rustCharDebug(second ?? '')}`);
            }
            pos++;
            value += String.fromCharCode(parseInt(esc + second, 16));
          } else return fail(escAt, `invalid string escape ${rustCharDebug(esc)}`);
      }
      continue;
    }
    if (code < 0x20 || code === 0x7f) return fail(at, `invalid string character ${rustCharDebug(String.fromCodePoint(code))}`);
    value += String.fromCodePoint(code);
  }
}

/**
 * Checks an identifier (without its `%`) with wit-parser's rules: kebab-case words, each all
 * lowercase or all uppercase, the first starting with a letter. Returns the problem, if any.
 */
const WELL_FORMED_ID = /^(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*$/;

export function validateId(id: string): string | undefined {
  if (WELL_FORMED_ID.test(id)) return undefined;
  if (id.length === 0) return "identifiers must have characters between '-'s";
  const parts = id.split('-');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length === 0) return "identifiers must have characters between '-'s";
    const first = String.fromCodePoint(part.codePointAt(0)!);
    if (i === 0 && !/^[a-zA-Z]$/.test(first)) return `invalid character in identifier ${rustCharDebug(first)}`;
    let upper: boolean | undefined;
    for (const ch of part) {
      if (ch >= '0' && ch <= '9') continue;
      if (ch >= 'A' && ch <= 'Z') {
        if (upper === false) return `invalid character in identifier ${rustCharDebug(ch)}`;
        upper = true;
      } else if (ch >= 'a' && ch <= 'z') {
        if (upper === true) return `invalid character in identifier ${rustCharDebug(ch)}`;
        upper = false;
      } else return `invalid character in identifier ${rustCharDebug(ch)}`;
    }
  }
  return undefined;
}
