import type { SourceFile } from '../../server/src/syntax/ast';
import { formatVersion, type Version } from '../../server/src/syntax/semver';

/**
 * A readable dump of a syntax tree: one node per line as `field kind@start..end "text"`,
 * children indented, then the errors. Used for snapshot tests of the parser.
 */
export function dumpTree(file: SourceFile): string {
  const lines: string[] = [];
  const text = file.text;
  const visit = (label: string, value: unknown, depth: number) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(`${label}[${i}]`, v, depth));
      return;
    }
    if (typeof value !== 'object') {
      lines.push(`${'  '.repeat(depth)}${label} = ${JSON.stringify(value)}`);
      return;
    }
    const node = value as Record<string, unknown>;
    if (isVersion(node)) {
      lines.push(`${'  '.repeat(depth)}${label} = ${formatVersion(node)}`);
      return;
    }
    const ranged = typeof node.start === 'number' && typeof node.end === 'number';
    const kind = typeof node.kind === 'string' ? ` ${node.kind}` : '';
    const name = typeof node.name === 'string' ? ` "${node.name}"` : '';
    const where = ranged ? `@${node.start}..${node.end}` : '';
    const source = ranged && !name && (node.end as number) - (node.start as number) <= 24 ? ` \`${text.slice(node.start as number, node.end as number).replace(/\n/g, '⏎')}\`` : '';
    lines.push(`${'  '.repeat(depth)}${label}${kind}${where}${name}${source}`);
    for (const [key, child] of Object.entries(node)) {
      if (['start', 'end', 'kind', 'text', 'tokens', 'errors', 'explicit'].includes(key)) continue;
      if (key === 'name' && typeof child === 'string') continue;
      if (key === 'docs') {
        const docs = child as { comments: string[] };
        if (docs.comments.length > 0) lines.push(`${'  '.repeat(depth + 1)}docs = ${JSON.stringify(docs.comments)}`);
        continue;
      }
      visit(key, child, depth + 1);
    }
  };
  visit('file', file, 0);
  for (const e of file.errors) lines.push(`error@${e.start}..${e.end} [${e.code}] ${e.message}`);
  return `${lines.join('\n')}\n`;
}

function isVersion(node: Record<string, unknown>): node is Version & Record<string, unknown> {
  return typeof node.major === 'bigint';
}
