/**
 * A JavaScript module implementing every export of a world with stubs, for componentize-js:
 * an exported interface is an object named by its camelCased name, a function of the world
 * itself a named export, a resource a class (member of its interface's object), a `result`
 * returned by an export is its `ok` value (an error is thrown). Each stub returns a default
 * value of its result type — or, where none can be made (an imported resource, a stream…),
 * throws. Two exports WASI hosts call get a body that does something: `wasi:cli/run` prints
 * a greeting, `wasi:http/incoming-handler` answers 200. Pure.
 */
import { funcView } from '../../../server/src/syntax/binary/wasmInfo';
import { jsName, resolveType } from '../component/wave';
import { interfaceId } from '../../../server/src/syntax/binary/witNames';
import { isTypeDef, type Func, type Interface, type TypeDef, type WitType, type World } from '../../../server/src/syntax/binary/witModel';

export type StubsResult = { ok: true; source: string } | { ok: false; message: string };

/** The stubs module of `world`; `name` is the project's name (in the greetings). */
export function jsStubs(world: World, name: string): StubsResult {
  const module = new ModuleWriter(name, world);
  const exportNames = new Map<string, string>();
  for (const { key, item } of world.exports) {
    const witName = key.kind === 'name' ? key.name : item.kind === 'interface' ? interfaceId(item.iface) : '';
    const exportName = item.kind === 'interface' ? jsName(key.kind === 'name' ? key.name : item.iface.name!) : item.kind === 'function' ? jsName(item.func.name) : undefined;
    if (exportName === undefined) continue;
    const clash = exportNames.get(exportName);
    if (clash) return { ok: false, message: `componentize-js would export both ${clash} and ${witName} as \`${exportName}\`; rename one of them in the WIT.` };
    exportNames.set(exportName, witName);
    if (item.kind === 'interface') module.exportInterface(exportName, item.iface);
    else if (item.kind === 'function') module.exportFunction(exportName, item.func);
  }
  return { ok: true, source: module.text() };
}

const RESERVED = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(' '),
);

/** A parameter name that is a JS identifier. */
function paramName(name: string): string {
  const js = jsName(name);
  return RESERVED.has(js) ? `${js}_` : js;
}

/** `output-stream` → `OutputStream`, the class name jco gives a resource. */
function className(name: string): string {
  const js = jsName(name);
  return js.charAt(0).toUpperCase() + js.slice(1);
}

class ModuleWriter {
  private readonly imports = new Set<string>();
  private readonly classes: string[] = [];
  private readonly exports: string[] = [];
  /** The class of each resource an exported interface defines. */
  private readonly classOf = new Map<TypeDef, string>();

  constructor(
    private readonly projectName: string,
    world: World,
  ) {
    // Every class is named first: any stub may return an instance of any of them.
    const used = new Set<string>();
    for (const { item } of world.exports) {
      if (item.kind !== 'interface') continue;
      for (const [typeName, ty] of item.iface.types) {
        if (ty.kind.kind !== 'resource') continue;
        let name = className(typeName);
        for (let i = 2; used.has(name); i++) name = `${className(typeName)}${i}`;
        used.add(name);
        this.classOf.set(ty, name);
      }
    }
  }

  exportInterface(exportName: string, iface: Interface): void {
    const members: string[] = [];
    for (const [typeName, ty] of iface.types) {
      if (ty.kind.kind !== 'resource') continue;
      members.push(`  ${this.declareClass(typeName, ty, iface)},`);
    }
    for (const func of iface.functions.values()) {
      if (func.kind.kind !== 'freestanding' && func.kind.kind !== 'async-freestanding') continue;
      const lines = this.method(jsName(func.name), func, iface);
      members.push(...indent([...lines.slice(0, -1), `${lines.at(-1)},`]), '');
    }
    if (members.at(-1) === '') members.pop();
    this.exports.push([...docLines(iface.docs.contents), `export const ${exportName} = {`, ...members, '};'].join('\n'));
  }

  exportFunction(exportName: string, func: Func): void {
    this.exports.push(this.method(exportName, func, undefined, 'export function ').join('\n'));
  }

  text(): string {
    const header = [
      `// The exports of the world, for componentize-js (see the WIT in wit/). Every function is a`,
      `// stub that returns a default value: fill them in. WIT records are objects, enums strings,`,
      '// variants `{ tag, val }`, `option<T>` is `T | undefined`, 64-bit integers are BigInts.',
    ];
    const parts = [header.join('\n'), ...(this.imports.size ? [[...this.imports].join('\n')] : []), ...this.classes, ...this.exports];
    return `${parts.join('\n\n')}\n`;
  }

  private declareClass(typeName: string, resource: TypeDef, iface: Interface): string {
    const name = this.classOf.get(resource)!;
    const body: string[] = [];
    const funcs = [...iface.functions.values()].filter((f) => 'resource' in f.kind && f.kind.resource === resource);
    if (!funcs.some((f) => f.kind.kind === 'constructor')) body.push('  // No constructor in the WIT: instances are made by the functions that return them.');
    for (const func of funcs) {
      const member = func.kind.kind === 'constructor' ? 'constructor' : jsName(func.name.slice(func.name.indexOf('.') + 1));
      const prefix = func.kind.kind === 'static' || func.kind.kind === 'async-static' ? 'static ' : '';
      body.push(...indent(this.method(member, func, iface, prefix)), '');
    }
    if (body.at(-1) === '') body.pop();
    this.classes.push([...docLines(resource.docs.contents), `class ${name} {`, ...body, '}'].join('\n'));
    // Exported under its own name: the class name jco looks for, whatever it was called here.
    return name === className(typeName) ? name : `${className(typeName)}: ${name}`;
  }

  /** A function, method or constructor with its WIT signature above it. */
  private method(member: string, func: Func, iface: Interface | undefined, prefix = ''): string[] {
    const isMethod = func.kind.kind === 'method' || func.kind.kind === 'async-method';
    const params = (isMethod ? func.params.slice(1) : func.params).map((p) => paramName(p.name));
    const view = funcView(func);
    const head = [...docLines(func.docs.contents), `// ${view.name === 'constructor' ? '' : `${view.name}: `}${view.signature}`];
    const body = func.kind.kind === 'constructor' ? [] : this.body(func, iface);
    const signature = `${prefix}${member}(${params.join(', ')})`;
    return body.length === 0 ? [...head, `${signature} {}`] : [...head, `${signature} {`, ...indent(body), '}'];
  }

  private body(func: Func, iface: Interface | undefined): string[] {
    const known = iface && this.knownBody(interfaceId(iface).replace(/@.*$/, ''), func, iface);
    if (known) return known;
    if (func.result === undefined) return [];
    const value = this.defaultValue(func.result, true);
    return value === undefined ? [`throw new Error(${JSON.stringify(`${func.name} is not implemented yet`)});`] : [`return ${value};`];
  }

  /** Bodies for the exports WASI hosts call, so that a new command or server does something at once. */
  private knownBody(id: string, func: Func, iface: Interface): string[] | undefined {
    if (id === 'wasi:cli/run' && func.name === 'run') return [`console.log(${JSON.stringify(`Hello from ${this.projectName}`)});`];
    if (id === 'wasi:http/incoming-handler' && func.name === 'handle') {
      const version = interfaceId(iface).match(/@.*$/)?.[0] ?? '';
      this.imports.add(`import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types${version}';`);
      return [
        'const encoder = new TextEncoder();',
        "const response = new OutgoingResponse(Fields.fromList([['content-type', encoder.encode('text/plain')]]));",
        'response.setStatusCode(200);',
        'const body = response.body();',
        "ResponseOutparam.set(responseOut, { tag: 'ok', val: response });",
        'const stream = body.write();',
        `stream.blockingWriteAndFlush(encoder.encode(${JSON.stringify(`hello from ${this.projectName}\n`)}));`,
        'stream[Symbol.dispose]();',
        'OutgoingBody.finish(body, undefined);',
      ];
    }
    return undefined;
  }

  /**
   * A JS expression of a default value of `ty` as componentize-js takes it, or undefined when
   * none can be made here. `returned`: the whole result of an export (a `result` is its `ok` value).
   */
  private defaultValue(ty: WitType, returned = false, seen = new Set<TypeDef>()): string | undefined {
    const t = resolveType(ty);
    if (!isTypeDef(t)) {
      switch (t) {
        case 'bool':
          return 'false';
        case 's64':
        case 'u64':
          return '0n';
        case 'char':
          return "'\\0'";
        case 'string':
          return "''";
        case 'error-context':
          return undefined;
        default:
          return '0';
      }
    }
    if (seen.has(t)) return undefined;
    const inner = (x: WitType) => this.defaultValue(x, false, new Set([...seen, t]));
    const k = t.kind;
    switch (k.kind) {
      case 'record': {
        const fields = k.fields.map((f) => [jsName(f.name), inner(f.ty)] as const);
        return fields.some(([, v]) => v === undefined) ? undefined : `{ ${fields.map(([n, v]) => `${n}: ${v}`).join(', ')} }`;
      }
      case 'tuple': {
        const items = k.types.map(inner);
        return items.some((v) => v === undefined) ? undefined : `[${items.join(', ')}]`;
      }
      case 'fixed-length-list': {
        const item = inner(k.ty);
        return item === undefined ? undefined : `[${Array.from({ length: k.length }, () => item).join(', ')}]`;
      }
      case 'list':
        return '[]';
      case 'flags':
        return `{ ${k.flags.map((f) => `${jsName(f.name)}: false`).join(', ')} }`;
      case 'enum':
        return JSON.stringify(k.cases[0]!.name);
      case 'variant': {
        // The first case that can be made.
        for (const c of k.cases) {
          const val = c.ty === undefined ? '' : inner(c.ty);
          if (val !== undefined) return `{ tag: ${JSON.stringify(c.name)}${val ? `, val: ${val}` : ''} }`;
        }
        return undefined;
      }
      case 'option': {
        const payload = resolveType(k.ty);
        return isTypeDef(payload) && payload.kind.kind === 'option' ? "{ tag: 'none' }" : 'undefined';
      }
      case 'result': {
        const ok = k.ok === undefined ? '' : inner(k.ok);
        if (ok === undefined) return undefined;
        if (returned) return ok || 'undefined';
        return `{ tag: 'ok'${ok ? `, val: ${ok}` : ''} }`;
      }
      case 'own': {
        const cls = this.classOf.get(k.resource);
        const ctor = cls && this.constructorOf(k.resource);
        if (!cls || !ctor) return undefined;
        const args = ctor.params.map((p) => inner(p.ty));
        return args.some((a) => a === undefined) ? undefined : `new ${cls}(${args.join(', ')})`;
      }
      default:
        return undefined;
    }
  }

  private constructorOf(resource: TypeDef): Func | undefined {
    if (resource.owner.kind !== 'interface') return undefined;
    return [...resource.owner.iface.functions.values()].find((f) => f.kind.kind === 'constructor' && f.kind.resource === resource);
  }
}

function indent(lines: readonly string[]): string[] {
  return lines.map((l) => (l ? `  ${l}` : l));
}

function docLines(docs: string | undefined): string[] {
  if (!docs) return [];
  return ['/**', ...docs.split('\n').map((l) => ` * ${l}`.trimEnd()), ' */'];
}
