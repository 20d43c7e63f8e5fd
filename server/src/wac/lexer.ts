/**
 * The lexer of WAC (bytecodealliance/wac, crates/wac-parser/src/lexer.rs): the same tokens
 * with the same longest-match rules, names as its `Display` spells them (for messages), and
 * errors kept as tokens so that the parser can report them and carry on. Pure.
 */

export type TokenKind =
  | 'ident'
  | 'string'
  | 'package-name'
  | 'package-path'
  | 'keyword'
  | 'symbol'
  | 'error'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The keyword or symbol itself (`import`, `;`, `...`); the text for the other kinds. */
  text: string;
  start: number;
  end: number;
  /** For `error` tokens: wac's message. */
  message?: string;
}

export interface Comment {
  text: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set([
  'import', 'with', 'type', 'tuple', 'list', 'option', 'result', 'borrow', 'resource', 'variant', 'record', 'flags',
  'enum', 'func', 'static', 'constructor', 'u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64',
  'char', 'bool', 'string', 'interface', 'world', 'export', 'new', 'let', 'use', 'include', 'as', 'package', 'targets',
]);

const SYMBOLS = ['...', '->', ';', '{', '}', ':', '=', '(', ')', '<', '>', '_', '[', ']', '.', ',', '/', '@'];

const WORD = '(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)';
const ID = `%?${WORD}(?:-${WORD})*`;
const SEMVER = '[0-9]+(?:\\.[0-9a-zA-Z\\-+]+)*';
/** The longest of identifier, package name and package path, as logos picks it. */
const NAME = new RegExp(`${ID}(?:(?::${ID})+(?:(?:/${ID})+)?(?:@${SEMVER})?)?`, 'y');

/** How wac names a token in "expected …, found …" messages. */
export function describeToken(token: { kind: TokenKind; text?: string }): string {
  switch (token.kind) {
    case 'ident':
      return 'identifier';
    case 'string':
      return 'string literal';
    case 'package-name':
      return 'package name';
    case 'package-path':
      return 'package path';
    case 'keyword':
      return `\`${token.text}\` keyword`;
    case 'symbol':
      return `\`${token.text}\``;
    case 'eof':
      return 'end of input';
    case 'error':
      return 'invalid token';
  }
}

/** A character wac refuses anywhere in a document (`detect_invalid_input`), with its message. */
function invalidCharacter(ch: string): string | undefined {
  const cp = ch.codePointAt(0)!;
  const escaped = `\\u{${cp.toString(16)}}`;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return `disallowed bidirectional override codepoint \`${escaped}\``;
  if ([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5].includes(cp)) return `codepoint \`${escaped}\` is discouraged by Unicode`;
  if (ch !== '\r' && ch !== '\t' && ch !== '\n' && (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))) return `disallowed control code '${escaped}'`;
  return undefined;
}

export function lex(text: string): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  const error = (start: number, end: number, message: string) => tokens.push({ kind: 'error', text: text.slice(start, end), start, end, message });
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f') {
      i++;
      continue;
    }
    const invalid = invalidCharacter(String.fromCodePoint(text.codePointAt(i)!));
    if (invalid) {
      const len = text.codePointAt(i)! > 0xffff ? 2 : 1;
      error(i, i + len, invalid);
      i += len;
      continue;
    }
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      comments.push({ text: text.slice(i, stop), start: i, end: stop });
      i = stop;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = blockCommentEnd(text, i);
      if (end === undefined) {
        error(i, text.length, 'an unterminated comment was encountered');
        i = text.length;
      } else {
        comments.push({ text: text.slice(i, end), start: i, end });
        i = end;
      }
      continue;
    }
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) {
        error(i, text.length, 'an unterminated string was encountered');
        i = text.length;
      } else {
        tokens.push({ kind: 'string', text: text.slice(i, close + 1), start: i, end: close + 1 });
        i = close + 1;
      }
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      const word = name[0];
      const kind: TokenKind = word.includes(':') ? (word.includes('/') ? 'package-path' : 'package-name') : KEYWORDS.has(word) ? 'keyword' : 'ident';
      tokens.push({ kind, text: word, start: i, end: i + word.length });
      i += word.length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol) {
      tokens.push({ kind: 'symbol', text: symbol, start: i, end: i + symbol.length });
      i += symbol.length;
      continue;
    }
    error(i, i + 1, 'unexpected token was encountered');
    i++;
  }
  return { tokens, comments };
}

/** The end of the (nested) block comment at `start`, or undefined when it is not closed. */
function blockCommentEnd(text: string, start: number): number | undefined {
  let depth = 1;
  let i = start + 2;
  while (depth > 0) {
    if (i >= text.length) return undefined;
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
    } else i++;
  }
  return i;
}

/** The text of a doc comment (`///` or `/** … *\/`), trimmed as wac does; undefined for other comments. */
export function docText(comment: Comment): string | undefined {
  if (comment.text.startsWith('///')) return comment.text.slice(3).trim();
  if (comment.text.startsWith('/**') && comment.text !== '/**/') return comment.text.slice(3, -2).trim();
  return undefined;
}
