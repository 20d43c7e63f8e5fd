/**
 * Whether an exported interface can be given for an imported one: the component model's
 * subtyping of instance types (what wasmparser checks when a component is instantiated with
 * an argument), decided on the decoded WIT so that the answer can name what differs. Every
 * function and type the import declares must be in the export (the export may have more),
 * functions with the same kind, parameter names and types and result, value types equal
 * structurally (names of fields, cases and flags included), and a resource that the imported
 * interface takes from another interface must come from the same interface in the export.
 * Pure.
 */
import { typeName } from '../syntax/binary/witNames';
import { isTypeDef, type Func, type Interface, type TypeDef, type WitType } from '../syntax/binary/witModel';

/** How messages call the two types compared: the import's and the export's, or two imports'. */
export type Sides = [first: string, second: string];
export const IMPORT_EXPORT: Sides = ['in the import', 'in the export'];

/** Why `exported` cannot satisfy an import of `imported`, or undefined when it can. */
export function interfaceMismatch(imported: Interface, exported: Interface): string | undefined {
  for (const [name, ty] of imported.types) {
    const other = exported.types.get(name);
    if (!other) return `the export has no type ${name}`;
    const reason = typeMismatch(ty, other);
    if (reason) return `type ${name}: ${reason}`;
  }
  for (const [name, func] of imported.functions) {
    const other = exported.functions.get(name);
    if (!other) return `the export has no function ${funcLabel(func)}`;
    const reason = funcMismatch(func, other);
    if (reason) return `function ${funcLabel(func)}: ${reason}`;
  }
  return undefined;
}

/** `name`, `r.method`, `r.constructor`. */
export function funcLabel(func: Func): string {
  const m = /^\[[a-z-]+\](.*)$/.exec(func.name);
  if (!m) return func.name;
  return func.kind.kind === 'constructor' ? `${m[1]}.constructor` : m[1];
}

/** Why a function of the export differs from the imported one (kind, parameters, result), or undefined. */
export function funcMismatch(imported: Func, exported: Func, sides: Sides = IMPORT_EXPORT): string | undefined {
  if (imported.kind.kind !== exported.kind.kind) return `${kindWord(imported)} ${sides[0]}, ${kindWord(exported)} ${sides[1]}`;
  const a = imported.params;
  const b = exported.params;
  if (a.length !== b.length) {
    const list = (ps: Func['params']) => `${ps.length} parameter${ps.length === 1 ? '' : 's'}${ps.length ? ` (${ps.map((p) => p.name).join(', ')})` : ''}`;
    return `${list(a)} ${sides[0]}, ${list(b)} ${sides[1]}`;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i].name !== b[i].name) return `parameter ${i + 1} is ${a[i].name} ${sides[0]}, ${b[i].name} ${sides[1]}`;
    const reason = typeMismatch(a[i].ty, b[i].ty, sides);
    if (reason) return `parameter ${a[i].name}: ${reason}`;
  }
  if (imported.result === undefined || exported.result === undefined) {
    if (imported.result === exported.result) return undefined;
    const result = (r: WitType | undefined) => (r === undefined ? 'no result' : `result ${show(r)}`);
    return `${result(imported.result)} ${sides[0]}, ${result(exported.result)} ${sides[1]}`;
  }
  const reason = typeMismatch(imported.result, exported.result, sides);
  return reason ? `result: ${reason}` : undefined;
}

function kindWord(func: Func): string {
  switch (func.kind.kind) {
    case 'freestanding':
      return 'a function';
    case 'async-freestanding':
      return 'an async function';
    default:
      return `a ${func.kind.kind.replace('-', ' ')}`;
  }
}

/** Through `type a = b` and `use`: the type itself. */
function resolve(ty: WitType): WitType {
  let t = ty;
  while (isTypeDef(t) && t.kind.kind === 'type') t = t.kind.ty;
  return t;
}

/** How a type is called in messages: `u32`, `enum style`, `list<u8>`, `resource file of a:b/fs`. */
function show(ty: WitType): string {
  const t = resolve(ty);
  if (!isTypeDef(t)) return t;
  const k = t.kind.kind;
  if (k === 'resource') {
    const owner = ownerName(t);
    return `resource ${t.name ?? ''}${owner ? ` of ${owner}` : ''}`;
  }
  if (t.name !== undefined && (k === 'record' || k === 'variant' || k === 'enum' || k === 'flags')) return `${k} ${t.name}`;
  return typeName(t);
}

/** The interface that defines a type, without its version (`ns:pkg/iface`), or undefined for a world's. */
function ownerName(t: TypeDef): string | undefined {
  if (t.owner.kind !== 'interface') return undefined;
  const iface = t.owner.iface;
  if (!iface.name) return undefined;
  const pkg = iface.package?.name;
  return pkg ? `${pkg.namespace}:${pkg.name}/${iface.name}` : iface.name;
}

/** Why value type `b` (the export's) is not `a` (the import's), or undefined when they are the same. */
export function typeMismatch(imported: WitType, exported: WitType, sides: Sides = IMPORT_EXPORT): string | undefined {
  const a = resolve(imported);
  const b = resolve(exported);
  const both = (): string => `${show(a)} ${sides[0]}, ${show(b)} ${sides[1]}`;
  if (!isTypeDef(a) || !isTypeDef(b)) return a === b ? undefined : both();
  const ka = a.kind;
  const kb = b.kind;
  if (ka.kind !== kb.kind) return both();
  /** A difference inside an anonymous type: the whole types when they read differently, else the inner reason. */
  const inner = (reason: string | undefined): string | undefined => (reason === undefined ? undefined : show(a) !== show(b) ? both() : reason);
  const names = (what: string, xs: string[], ys: string[]): string | undefined =>
    xs.join(',') === ys.join(',') ? undefined : `${show(a)} has ${what} ${xs.join(', ') || 'none'} ${sides[0]}, ${ys.join(', ') || 'none'} ${sides[1]}`;
  switch (ka.kind) {
    case 'record': {
      const fb = (kb as typeof ka).fields;
      const differ = names('fields', ka.fields.map((f) => f.name), fb.map((f) => f.name));
      if (differ) return differ;
      for (let i = 0; i < ka.fields.length; i++) {
        const reason = typeMismatch(ka.fields[i].ty, fb[i].ty, sides);
        if (reason) return `field ${ka.fields[i].name} of ${show(a)}: ${reason}`;
      }
      return undefined;
    }
    case 'variant': {
      const cb = (kb as typeof ka).cases;
      const differ = names('cases', ka.cases.map((c) => c.name), cb.map((c) => c.name));
      if (differ) return differ;
      for (let i = 0; i < ka.cases.length; i++) {
        const [x, y] = [ka.cases[i].ty, cb[i].ty];
        if (x === undefined && y === undefined) continue;
        const reason = x === undefined || y === undefined ? `${x ? show(x) : 'no payload'} ${sides[0]}, ${y ? show(y) : 'no payload'} ${sides[1]}` : typeMismatch(x, y, sides);
        if (reason) return `case ${ka.cases[i].name} of ${show(a)}: ${reason}`;
      }
      return undefined;
    }
    case 'enum':
      return names('cases', ka.cases.map((c) => c.name), (kb as typeof ka).cases.map((c) => c.name));
    case 'flags':
      return names('flags', ka.flags.map((f) => f.name), (kb as typeof ka).flags.map((f) => f.name));
    case 'tuple': {
      const tb = (kb as typeof ka).types;
      if (ka.types.length !== tb.length) return both();
      for (let i = 0; i < tb.length; i++) {
        const reason = inner(typeMismatch(ka.types[i], tb[i], sides));
        if (reason) return reason;
      }
      return undefined;
    }
    case 'list':
    case 'option':
      return inner(typeMismatch(ka.ty, (kb as typeof ka).ty, sides));
    case 'fixed-length-list':
      return ka.length !== (kb as typeof ka).length ? both() : inner(typeMismatch(ka.ty, (kb as typeof ka).ty, sides));
    case 'map':
      return inner(typeMismatch(ka.key, (kb as typeof ka).key, sides) ?? typeMismatch(ka.value, (kb as typeof ka).value, sides));
    case 'result': {
      const rb = kb as typeof ka;
      if (!ka.ok !== !rb.ok || !ka.err !== !rb.err) return both();
      return inner((ka.ok && typeMismatch(ka.ok, rb.ok as WitType, sides)) ?? (ka.err && typeMismatch(ka.err, rb.err as WitType, sides)));
    }
    case 'future':
    case 'stream': {
      const sb = kb as typeof ka;
      if (!ka.ty !== !sb.ty) return both();
      return ka.ty && sb.ty ? inner(typeMismatch(ka.ty, sb.ty, sides)) : undefined;
    }
    case 'own':
    case 'borrow':
      return inner(typeMismatch(ka.resource, (kb as typeof ka).resource, sides));
    case 'resource':
      // A resource the interface defines is bound to the export's; one it uses from another
      // interface must be that interface's in the export too: the same name in the same
      // interface (of any version, as the wiring allows).
      return a.name === b.name && ownerName(a) === ownerName(b) ? undefined : both();
    case 'type':
      return undefined;
  }
}

/**
 * Why two components' imports of the same interface (given one import of the composition)
 * disagree on what both declare, or undefined. Items only one has are fine: the composition
 * imports the union.
 */
export function sharedMismatch(a: Interface, b: Interface, sides: Sides): string | undefined {
  for (const [name, ty] of a.types) {
    const other = b.types.get(name);
    const reason = other && typeMismatch(ty, other, sides);
    if (reason) return `type ${name}: ${reason}`;
  }
  for (const [name, func] of a.functions) {
    const other = b.functions.get(name);
    const reason = other && funcMismatch(func, other, sides);
    if (reason) return `function ${funcLabel(func)}: ${reason}`;
  }
  return undefined;
}
