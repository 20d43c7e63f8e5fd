/**
 * Test fixtures written as one string:
 *
 *   //- /ws/a.wit          starts a file (absolute path); without any, the file is /ws/main.wit
 *   interface i { type t = nope; }
 *   //                     ^^^^ error: name `nope` does not exist
 *
 * A line of only `//` and carets annotates the line above it (the carets' columns; a lone `^`
 * on an empty range marks a zero-width place). Annotation lines are removed from the files.
 * `$0` marks a cursor and is removed too. The common indentation of the fixture is removed.
 */
export interface Annotation {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fixture {
  files: Map<string, string>;
  annotations: Annotation[];
  cursor?: { file: string; offset: number };
}

const ANNOTATION = /^(\s*)\/\/(\s*)(\^+|\|)\s?(.*)$/;

export function parseFixture(source: string): Fixture {
  const lines = dedent(source).split('\n');
  const files = new Map<string, string>();
  const annotations: Annotation[] = [];
  let cursor: Fixture['cursor'];
  let path = '/ws/main.wit';
  let out: string[] = [];
  let offset = 0;
  let previousLineStart = -1;

  const flush = () => {
    if (out.length > 0 || files.has(path)) files.set(path, out.join('\n'));
  };
  for (const raw of lines) {
    const header = /^\/\/- (\S+)\s*$/.exec(raw);
    if (header) {
      flush();
      path = header[1]!;
      out = [];
      offset = 0;
      previousLineStart = -1;
      continue;
    }
    const annotation = ANNOTATION.exec(raw);
    if (annotation && previousLineStart >= 0) {
      const column = annotation[1]!.length + 2 + annotation[2]!.length;
      const marker = annotation[3]!;
      const start = previousLineStart + column;
      const end = marker === '|' ? start : start + marker.length;
      annotations.push({ file: path, start, end, text: annotation[4]!.trim() });
      continue;
    }
    let line = raw;
    const at = line.indexOf('$0');
    if (at >= 0) {
      cursor = { file: path, offset: offset + at };
      line = line.slice(0, at) + line.slice(at + 2);
    }
    previousLineStart = offset;
    out.push(line);
    offset += line.length + 1;
  }
  flush();
  return cursor ? { files, annotations, cursor } : { files, annotations };
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}

/** `file:line:col-line:col message` lines for comparing located things in a readable way. */
export function describeLocated(files: Map<string, string>, items: { file: string; start: number; end: number; text: string }[]): string[] {
  return items
    .map((d) => {
      const text = files.get(d.file) ?? '';
      return `${d.file}:${lineCol(text, d.start)}-${lineCol(text, d.end)} ${d.text}`;
    })
    .sort();
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
