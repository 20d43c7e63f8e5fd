/**
 * C identifiers for WIT names: `write-all` → `write_all`, C keywords and the names of
 * <stdbool.h> escaped with a trailing `_`, and a table that keeps the file-scope names of one
 * generated program distinct. Pure.
 */

const RESERVED = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if',
  'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', 'bool', 'true', 'false',
]);

/** A WIT name (`%`-escaped or not) in snake case: `write_all`; a part of C identifiers. */
export function snakeCase(witName: string): string {
  return witName.replace(/^%/, '').toLowerCase().replace(/-/g, '_');
}

/** A WIT name as a C identifier of its own (a field, a parameter): snake case, keywords escaped (`int_`). */
export function cIdent(witName: string): string {
  const snake = snakeCase(witName);
  return RESERVED.has(snake) ? `${snake}_` : snake;
}

/** Names at file scope, each given once. */
export class CNames {
  private readonly taken = new Set<string>();

  /** `name` (with `suffix` appended: `api_point` + `_t`) if it is free, else the first free `name_2`, `name_3`…; taken, and returned without the suffix. */
  claim(name: string, suffix = ''): string {
    let base = name;
    for (let n = 2; this.taken.has(base + suffix); n++) base = `${name}_${n}`;
    this.taken.add(base + suffix);
    return base;
  }
}
