/**
 * Command-line arguments typed as one line, split the way a POSIX shell splits words — quotes
 * and backslashes group, nothing is expanded (no variables, globs or pipes: the arguments go
 * to the component as an array, never through a shell). Pure.
 */

export function splitArguments(line: string): { ok: true; args: string[] } | { ok: false; message: string } {
  const args: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 === line.length) return { ok: false, message: 'a backslash at the end escapes nothing' };
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) args.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return { ok: false, message: `the ${quote === '"' ? 'double' : 'single'} quote is not closed` };
  if (word !== undefined) args.push(word);
  return { ok: true, args };
}

/** An argument as `splitArguments` reads it back (quoted only when it must be). */
export function quoteArgument(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
