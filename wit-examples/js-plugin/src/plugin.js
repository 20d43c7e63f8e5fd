// The `text` interface of the `plugin` world (wit/plugin.wit), for componentize-js.
// WIT records are plain objects, enums are strings, variants are `{ tag, val }`,
// `option<T>` is `T | undefined`, and a `result<T, E>` export returns T or throws E.

const MAX_BYTES = 64 * 1024;
// Letters include accented Latin, Greek and Cyrillic (the engine has no \p{…} classes).
const LETTER = 'A-Za-z\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF';
const TOKEN = new RegExp(`[${LETTER}][${LETTER}'’-]*|[0-9]+(?:[.,][0-9]+)*|[^\\s${LETTER}0-9]`, 'g');
const encoder = new TextEncoder();

function kindOf(text) {
  if (/^[0-9]/.test(text)) return 'number';
  if (new RegExp(`^[${LETTER}]`).test(text)) return 'word';
  return 'punctuation';
}

function* tokens(text) {
  // Offsets are in UTF-8 bytes, as a Rust or C host would count them.
  let bytes = 0;
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    bytes += encoder.encode(text.slice(last, match.index)).length;
    last = match.index;
    yield { text: match[0], offset: bytes, kind: kindOf(match[0]) };
  }
}

class Tokenizer {
  #iterator;
  #position = 0;

  constructor(text) {
    this.#iterator = tokens(text);
  }

  next() {
    const step = this.#iterator.next();
    if (step.done) return undefined;
    this.#position += 1;
    return step.value;
  }

  position() {
    return this.#position;
  }
}

function tokenize(text) {
  return [...tokens(text)];
}

function analyze(text) {
  const size = encoder.encode(text).length;
  if (size > MAX_BYTES) throw { tag: 'too-long', val: MAX_BYTES };
  const all = tokenize(text);
  if (all.length === 0) throw { tag: 'empty' };
  let longest;
  const kinds = [];
  for (const t of all) {
    if (t.kind === 'word' && (longest === undefined || t.text.length > longest.length)) longest = t.text;
    if (!kinds.includes(t.kind)) kinds.push(t.kind);
  }
  return {
    tokens: all.length,
    words: all.filter((t) => t.kind === 'word').length,
    numbers: all.filter((t) => t.kind === 'number').length,
    longest,
    kinds,
  };
}

export const text = { Tokenizer, tokenize, analyze };
