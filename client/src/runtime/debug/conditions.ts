/**
 * Conditions of boundary breakpoints: `name == <WAVE>` and `name != <WAVE>` clauses joined by
 * `&&`, where `name` is a parameter of the function called. Values are compared as canonical
 * WAVE: the literal is parsed against the parameter's type and written again, so `"a b"`,
 * `{ x: 1 }` and `{x:1}` each equal what the argument writes as. Pure.
 */
import { formatValue, parseValue, type Param } from '../../component/wave';
import { labelName } from '../../component/waveSyntax';

export type CompiledCondition =
  | {
      ok: true;
      /** Whether the call's arguments satisfy it; `argText(i)` is parameter i's value in WAVE. */
      holds(argText: (index: number) => string): boolean;
    }
  | { ok: false; message: string };

interface Clause {
  param: number;
  equal: boolean;
  /** The literal, as the argument's text would read. */
  wave: string;
}

const CLAUSE = /^\s*(%?[a-zA-Z][a-zA-Z0-9-]*)\s*(==|!=)\s*([\s\S]*?)\s*$/;

/** A condition for calls of a function with these parameters, or why it cannot be evaluated. */
export function compileCondition(text: string, params: readonly Param[]): CompiledCondition {
  const clauses: Clause[] = [];
  for (const part of splitClauses(text)) {
    const m = CLAUSE.exec(part);
    if (!m) return { ok: false, message: `\`${part.trim()}\` is not \`name == <WAVE value>\` or \`name != <WAVE value>\`` };
    const [, label, operator, literal] = m;
    const name = labelName(label);
    const param = params.findIndex((p) => p.name === name);
    if (param < 0) {
      const names = params.map((p) => p.name).join(', ');
      return { ok: false, message: `no parameter ${name} (the parameters: ${names || 'none'})` };
    }
    const parsed = parseValue(literal, params[param].ty);
    if (!parsed.ok) return { ok: false, message: `${name} ${operator} ${literal}: ${parsed.error.message}` };
    clauses.push({ param, equal: operator === '==', wave: formatValue(parsed.value, params[param].ty) });
  }
  return { ok: true, holds: (argText) => clauses.every((c) => (argText(c.param) === c.wave) === c.equal) };
}

/** The text between top-level `&&`s (not those inside a quoted string or char). */
function splitClauses(text: string): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '&' && text[i + 1] === '&') {
      out.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  out.push(text.slice(start));
  return out;
}
