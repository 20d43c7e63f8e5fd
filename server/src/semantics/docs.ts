import type { Docs } from '../syntax/ast';

/**
 * The documentation text of an item, normalised as wit-parser does: comment markers removed,
 * trailing whitespace dropped, the common indentation removed, trailing blank lines dropped.
 * Returns `undefined` when there are no comments.
 */
export function docsText(docs: Docs): string | undefined {
  if (docs.comments.length === 0) return undefined;
  let lines = docs.comments.map((comment) => {
    const body = comment.startsWith('/**') ? comment.slice(3, comment.endsWith('*/') ? -2 : undefined) : comment.replace(/^\/+/, '');
    return body.replace(/\s+$/, '');
  });
  const indents = lines.filter((l) => l.length > 0).map((l) => /^\s*/.exec(l)![0].length);
  const minIndent = indents.length > 0 ? Math.min(...indents) : 0;
  if (minIndent > 0) {
    const prefix = ' '.repeat(minIndent);
    lines = lines.map((l) => (l.startsWith(prefix) ? l.slice(minIndent) : l));
  }
  let contents = '';
  for (const doc of lines) {
    if (doc.length === 0) contents += '\n';
    else for (const line of doc.split(/\r?\n/)) contents += `${line}\n`;
  }
  return contents.replace(/\n+$/, '');
}
