/**
 * The canonical ABI glue of exported functions in C: a core function exported under the name
 * wit-component expects, which lifts its flat parameters (or, past 16 of them, the memory
 * they were put in) into C values, calls the function the user implements, frees the
 * arguments, and lowers the result — one flat value returned as is, more stored in a return
 * area whose address is returned; `cabi_post_<name>` then frees what the result owns.
 *
 * Strings and lists arrive in memory the caller allocated through `cabi_realloc` and are the
 * callee's to free; an empty one may have no allocation. The C types have the ABI's layout
 * (cTypes.ts), so values in memory need no conversion. Pure.
 */
import type { Primitive } from '../../../server/src/syntax/binary/types';
import { isTypeDef, type Func, type WitType } from '../../../server/src/syntax/binary/witModel';
import { typeName } from '../../../server/src/syntax/binary/witNames';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, discriminantBytes, flagsBytes, flatTypes, joinedPayloadTypes, type CoreType } from '../component/canonicalAbi';
import { resolveType } from '../component/wave';
import { cIdent, type CNames } from './cNames';
import { indent, unsignedType, type CTypes } from './cTypes';

export interface ExportedC {
  /** The core export: `greet` for a world function, `ns:pkg/iface@1.0.0#greet` for an interface's. */
  coreName: string;
  /** The C function that implements it. */
  stub: string;
  func: Func;
}

const CORE_C: Record<CoreType, string> = { i32: 'int32_t', i64: 'int64_t', f32: 'float', f64: 'double' };

/** A flat value as C sees it: an expression and the core type it has. */
interface Flat {
  expr: string;
  core: CoreType;
}

export class CGlue {
  /** The bit casts the lifted variants need (an f32 or f64 payload in an integer slot). */
  private readonly bitCasts = new Map<'f32' | 'f64', string>();

  constructor(
    private readonly types: CTypes,
    private readonly names: CNames,
  ) {}

  /** The static helpers the exported functions use, to put before them. */
  helpers(): string[] {
    return [...this.bitCasts].map(([ty, name]) => {
      const bits = ty === 'f32' ? 'int32_t' : 'int64_t';
      const c = CORE_C[ty];
      return `static ${c} ${name}(${bits} bits) {\n  ${c} value;\n  memcpy(&value, &bits, sizeof value);\n  return value;\n}`;
    });
  }

  /** The core export of a function (and its `cabi_post_` function when the result owns memory). */
  exportFunction({ coreName, stub, func }: ExportedC): string {
    const { coreParams, statements: body, args, inMemory: paramsInMemory } = this.liftParams(func);
    const flatResults = func.result === undefined ? [] : flatTypes(func.result);
    const inMemory = flatResults.length > MAX_FLAT_RESULTS;
    const resultType = func.result === undefined ? undefined : this.types.name(func.result);
    const call = `${stub}(${args.join(', ')})`;
    if (resultType === undefined) body.push(`${call};`);
    else if (inMemory) body.push(`static ${resultType} result;`, `result = ${call};`);
    else body.push(`${resultType} result = ${call};`);
    body.push(...func.params.flatMap((p, i) => (this.types.ownsMemory(p.ty) ? [this.types.free(p.ty, `&${args[i]}`)] : [])));
    if (paramsInMemory) body.push('free(params);');
    if (func.result !== undefined) body.push(`return ${inMemory ? '(int32_t)(uintptr_t)&result' : this.flatResult(func.result, 'result')};`);

    const coreResult = inMemory ? 'int32_t' : flatResults.length === 0 ? 'void' : CORE_C[flatResults[0]];
    const parameters = coreParams.map((core, i) => `${CORE_C[core]} arg_${i}`).join(', ') || 'void';
    const wrapper = `EXPORT("${coreName}")\n${coreResult} __wasm_export_${stub}(${parameters}) {\n${body.map((s) => indent(s)).join('\n')}\n}`;
    if (!inMemory || !this.types.ownsMemory(func.result!)) return wrapper;
    const postReturn = `// After the caller has copied the result: free what it owns.\nEXPORT("cabi_post_${coreName}")\nvoid __wasm_post_return_${stub}(int32_t result) {\n  ${this.types.free(func.result!, `(${resultType} *)(uintptr_t)result`)}\n}`;
    return `${wrapper}\n\n${postReturn}`;
  }

  /** The core parameters, the statements that make C values of them, and those values. */
  private liftParams(func: Func): { coreParams: CoreType[]; statements: string[]; args: string[]; inMemory: boolean } {
    const flatParams = func.params.flatMap((p) => flatTypes(p.ty));
    if (flatParams.length > MAX_FLAT_PARAMS) {
      // The caller put the parameters in memory as a tuple (a struct in C), allocated with cabi_realloc.
      const fields = func.params.map((p, i) => `${this.types.name(p.ty)} param_${i};`);
      return {
        coreParams: ['i32'],
        statements: [`struct {\n${fields.map((f) => indent(f)).join('\n')}\n} *params = (void *)(uintptr_t)arg_0;`],
        args: func.params.map((_, i) => `params->param_${i}`),
        inMemory: true,
      };
    }
    const flats: Flat[] = flatParams.map((core, i) => ({ expr: `arg_${i}`, core }));
    const statements = func.params.flatMap((p, i) => this.declareLifted(p.ty, `param_${i}`, flats));
    return { coreParams: flatParams, statements, args: func.params.map((_, i) => `param_${i}`), inMemory: false };
  }

  /** `T name = …;`, or `T name;` and the statements that lift it from the flat values (consumed). */
  private declareLifted(ty: WitType, name: string, flats: Flat[]): string[] {
    const statements = this.lift(ty, name, flats);
    const cType = this.types.name(ty);
    if (statements.length === 1 && statements[0].startsWith(`${name} = `)) return [`${cType} ${statements[0]}`];
    return [`${cType} ${name};`, ...statements];
  }

  /** Statements assigning the value lifted from the flat values (consumed) to `target`. */
  private lift(ty: WitType, target: string, flats: Flat[]): string[] {
    const t = resolveType(ty);
    const next = () => flats.shift()!;
    if (!isTypeDef(t)) {
      if (t === 'string') return this.liftPointerAndLength('char', target, next(), next());
      return [`${target} = ${this.scalar(t, next())};`];
    }
    const k = t.kind;
    switch (k.kind) {
      case 'list':
        return this.liftPointerAndLength(this.types.name(k.ty), target, next(), next());
      case 'record':
        return k.fields.flatMap((f) => this.lift(f.ty, `${target}.${cIdent(f.name)}`, flats));
      case 'tuple':
        return k.types.flatMap((ty, i) => this.lift(ty, `${target}.f${i}`, flats));
      case 'enum':
        return [`${target} = (${unsignedType(discriminantBytes(k.cases.length))})${this.coerce(next(), 'i32')};`];
      case 'flags':
        return [`${target} = (${unsignedType(flagsBytes(k.flags.length))})${this.coerce(next(), 'i32')};`];
      case 'variant': {
        const tag = `${target}.tag = (${unsignedType(discriminantBytes(k.cases.length))})${this.coerce(next(), 'i32')};`;
        const payloads = flats.splice(0, joinedPayloadTypes(k.cases.map((c) => c.ty)).length);
        const cases = k.cases.flatMap((c, i) => {
          if (c.ty === undefined) return [];
          const lifted = this.lift(c.ty, `${target}.val.${cIdent(c.name)}`, [...payloads]);
          return [`case ${this.types.caseConstant(t, i)}:\n${[...lifted, 'break;'].map((s) => indent(s)).join('\n')}`];
        });
        return cases.length === 0 ? [tag] : [tag, `switch (${target}.tag) {\n${cases.map((c) => indent(c)).join('\n')}\n}`];
      }
      case 'option': {
        const tag = `${target}.is_some = ${this.coerce(next(), 'i32')} != 0;`;
        const payload = flats.splice(0, joinedPayloadTypes([k.ty]).length);
        return [tag, `if (${target}.is_some) {\n${this.lift(k.ty, `${target}.val`, payload).map((s) => indent(s)).join('\n')}\n}`];
      }
      case 'result': {
        const tag = `${target}.is_err = ${this.coerce(next(), 'i32')} != 0;`;
        const payloads = flats.splice(0, joinedPayloadTypes([k.ok, k.err]).length);
        const branch = (ty: WitType | undefined, member: string) => (ty === undefined ? undefined : this.lift(ty, `${target}.val.${member}`, [...payloads]).map((s) => indent(s)).join('\n'));
        const ok = branch(k.ok, 'ok');
        const err = branch(k.err, 'err');
        if (ok && err) return [tag, `if (${target}.is_err) {\n${err}\n} else {\n${ok}\n}`];
        if (err) return [tag, `if (${target}.is_err) {\n${err}\n}`];
        if (ok) return [tag, `if (!${target}.is_err) {\n${ok}\n}`];
        return [tag];
      }
      default:
        throw new Error(`cannot lift ${typeName(t)}`);
    }
  }

  private liftPointerAndLength(element: string, target: string, pointer: Flat, length: Flat): string[] {
    return [`${target}.ptr = (${element} *)(uintptr_t)${this.coerce(pointer, 'i32')};`, `${target}.len = (size_t)${this.coerce(length, 'i32')};`];
  }

  /** A primitive (not a string) from its flat value. */
  private scalar(prim: Primitive, flat: Flat): string {
    const value = this.coerce(flat, flatTypes(prim)[0]);
    switch (prim) {
      case 'bool':
        return `${value} != 0`;
      case 's32':
      case 's64':
      case 'f32':
      case 'f64':
        return value;
      default:
        return `(${this.types.name(prim)})${value}`;
    }
  }

  /**
   * A variant's payload slot holds the join of its cases' flat types: an i32 value may sit in an
   * i64 slot (wrapped back), an f32 in an i32 or i64 slot and an f64 in an i64 slot (their bits).
   */
  private coerce(flat: Flat, want: CoreType): string {
    if (flat.core === want) return flat.expr;
    const low32 = flat.core === 'i64' ? `(int32_t)${flat.expr}` : flat.expr;
    if (want === 'i32') return low32;
    if (want === 'f32') return `${this.bitCast('f32')}(${low32})`;
    return `${this.bitCast('f64')}(${flat.expr})`;
  }

  private bitCast(ty: 'f32' | 'f64'): string {
    let name = this.bitCasts.get(ty);
    if (!name) this.bitCasts.set(ty, (name = this.names.claim(`${ty}_from_bits`)));
    return name;
  }

  /** The one flat value of a result that has one (no string or list in it; a variant without payloads). */
  private flatResult(ty: WitType, value: string): string {
    const t = resolveType(ty);
    if (!isTypeDef(t)) return t === 's64' || t === 'u64' ? `(int64_t)${value}` : t === 'f32' || t === 'f64' ? value : `(int32_t)${value}`;
    const k = t.kind;
    switch (k.kind) {
      case 'record':
        return this.flatResult(k.fields[0].ty, `${value}.${cIdent(k.fields[0].name)}`);
      case 'tuple':
        return this.flatResult(k.types[0], `${value}.f0`);
      case 'variant':
        return `(int32_t)${value}.tag`;
      case 'result':
        return `(int32_t)${value}.is_err`;
      default:
        // enum, flags (an option always has a payload: never one flat value).
        return `(int32_t)${value}`;
    }
  }
}
