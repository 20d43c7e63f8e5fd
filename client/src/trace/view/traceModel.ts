/**
 * What the trace view shows, computed from the calls of a trace (model.ts): the tree of calls,
 * one lane per component for the timeline, totals per function and per component, and the
 * filters of the call list, durations as people read them. Pure.
 */
import { HOST, type Party, type TraceCall, type TraceHeader } from '../model';

export interface CallNode {
  call: TraceCall;
  parent?: CallNode;
  children: CallNode[];
  /** 0 for a top-level call (or one whose enclosing call is not in the trace). */
  depth: number;
  /** The duration minus the time spent in the calls it made. */
  self: number;
}

export interface CallTree {
  roots: CallNode[];
  /** Every call, in the order calls began. */
  nodes: CallNode[];
  byId: Map<number, CallNode>;
}

export function buildCallTree(calls: readonly TraceCall[]): CallTree {
  const nodes = calls.map((call): CallNode => ({ call, children: [], depth: 0, self: call.duration })).sort(byStart);
  const byId = new Map(nodes.map((n) => [n.call.id, n]));
  const roots: CallNode[] = [];
  for (const node of [...nodes].sort((a, b) => a.call.id - b.call.id)) {
    const parent = byId.get(node.call.parent);
    // Ids follow the order calls began, so a real parent has a smaller id (no cycles). A parent
    // missing from the trace had not ended when it was written: its calls become top-level.
    if (parent && parent.call.id < node.call.id) {
      node.parent = parent;
      node.depth = parent.depth + 1;
      parent.children.push(node);
    } else roots.push(node);
  }
  roots.sort(byStart);
  for (const node of nodes) {
    node.children.sort(byStart);
    node.self = Math.max(0, node.call.duration - covered(node));
  }
  return { roots, nodes, byId };
}

function byStart(a: CallNode, b: CallNode): number {
  return a.call.start - b.call.start || a.call.id - b.call.id;
}

/** How much of a call's time its (sorted) children cover, overlaps counted once. */
function covered(node: CallNode): number {
  const end = node.call.start + node.call.duration;
  let total = 0;
  let reached = node.call.start;
  for (const child of node.children) {
    const from = Math.max(reached, child.call.start);
    const to = Math.min(end, child.call.start + child.call.duration);
    if (to > from) {
      total += to - from;
      reached = to;
    }
  }
  return total;
}

/** `wasi:cli/stdout@0.2.3#get-stdout`, or just the name of a world-level function. */
export function functionKey(call: TraceCall): string {
  return call.interface ? `${call.interface}#${call.function}` : call.function;
}

export function failed(call: TraceCall): boolean {
  return call.error !== undefined || call.trap === true;
}

// ---- Lanes ----

/** The timeline of one component: its top-level calls, each with all the calls made within it. */
export interface Lane {
  party: Party;
  roots: CallNode[];
  /** The calls in the lane, nested ones included. */
  calls: number;
}

/**
 * The component a top-level call belongs to: the one the host called, or, for a call into the
 * host (a partial trace has only those), the one that made it.
 */
export function laneParty(call: TraceCall): Party {
  return call.callee !== HOST ? call.callee : call.caller;
}

/** One lane per component, in the order their first calls began. */
export function buildLanes(tree: CallTree): Lane[] {
  const lanes = new Map<Party, Lane>();
  for (const root of tree.roots) {
    const party = laneParty(root.call);
    const lane = lanes.get(party) ?? { party, roots: [], calls: 0 };
    lane.roots.push(root);
    lane.calls += countCalls(root);
    lanes.set(party, lane);
  }
  return [...lanes.values()];
}

function countCalls(node: CallNode): number {
  return node.children.reduce((n, c) => n + countCalls(c), 1);
}

/**
 * At most `max` calls for the timeline: the top levels first, and within a level the failed ones
 * then the longest, so the calls drawn always have their enclosing calls drawn too.
 */
export function callsToDraw(tree: CallTree, max: number): CallNode[] {
  if (tree.nodes.length <= max) return tree.nodes;
  const order = (a: CallNode, b: CallNode): number =>
    a.depth - b.depth || Number(failed(b.call)) - Number(failed(a.call)) || b.call.duration - a.call.duration;
  return [...tree.nodes].sort(order).slice(0, max);
}

// ---- Summary ----

export interface Totals {
  /** A function key (functionKey) or a party. */
  name: string;
  calls: number;
  /** Time inside the calls; a call made within a call of the same name is not counted twice. */
  total: number;
  /** Time inside the calls minus the calls they made. */
  self: number;
  errors: number;
}

export interface TraceSummary {
  calls: number;
  errors: number;
  /** From the first call's start to the last call's end (ms since the trace began). */
  start: number;
  end: number;
  /** Biggest total first. */
  byFunction: Totals[];
  /** By the component called (the host: the host functions it implements); biggest total first. */
  byComponent: Totals[];
}

export function summarizeTrace(tree: CallTree): TraceSummary {
  const byFunction = new Map<string, Totals>();
  const byComponent = new Map<string, Totals>();
  const openFunctions = new Set<string>();
  const openComponents = new Set<string>();
  const visit = (node: CallNode): void => {
    const fn = tally(byFunction, functionKey(node.call), node, openFunctions);
    const party = tally(byComponent, node.call.callee, node, openComponents);
    for (const child of node.children) visit(child);
    if (fn) openFunctions.delete(fn);
    if (party) openComponents.delete(party);
  };
  for (const root of tree.roots) visit(root);
  let start = Infinity;
  let end = -Infinity;
  for (const { call } of tree.nodes) {
    start = Math.min(start, call.start);
    end = Math.max(end, call.start + call.duration);
  }
  return {
    calls: tree.nodes.length,
    errors: tree.nodes.filter((n) => failed(n.call)).length,
    start: tree.nodes.length ? start : 0,
    end: tree.nodes.length ? end : 0,
    byFunction: sortTotals(byFunction),
    byComponent: sortTotals(byComponent),
  };
}

/** Counts a call under `name`; returns the name when this call is the outermost open one of it. */
function tally(table: Map<string, Totals>, name: string, node: CallNode, open: Set<string>): string | undefined {
  const t = table.get(name) ?? { name, calls: 0, total: 0, self: 0, errors: 0 };
  table.set(name, t);
  t.calls++;
  t.self += node.self;
  if (failed(node.call)) t.errors++;
  if (open.has(name)) return undefined;
  t.total += node.call.duration;
  open.add(name);
  return name;
}

function sortTotals(table: Map<string, Totals>): Totals[] {
  return [...table.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

// ---- Filters ----

/** What the call list shows; an absent field does not filter. */
export interface TraceFilters {
  /** Calls made by or to this party. */
  component?: string;
  /** Calls of functions of this interface (`` for world-level functions). */
  interface?: string;
  /** A case-insensitive part of `interface#function`. */
  function?: string;
  errorsOnly?: boolean;
}

/**
 * Whether a call passes the filters. Self-contained on purpose: the page's script runs this very
 * function (traceAssets.ts embeds its source), so the list and the extension agree.
 */
export function matchesFilters(call: Pick<TraceCall, 'caller' | 'callee' | 'interface' | 'function' | 'error' | 'trap'>, filters: TraceFilters): boolean {
  const text = (filters.function ?? '').toLowerCase();
  return (
    (filters.component === undefined || call.caller === filters.component || call.callee === filters.component) &&
    (filters.interface === undefined || call.interface === filters.interface) &&
    (text === '' || `${call.interface}#${call.function}`.toLowerCase().includes(text)) &&
    (!filters.errorsOnly || call.error !== undefined || call.trap === true)
  );
}

/** The choices of the component and interface filters. */
export function filterChoices(header: TraceHeader, calls: readonly TraceCall[]): { parties: Party[]; interfaces: string[] } {
  const parties = new Set<Party>([HOST, ...Object.keys(header.components)]);
  for (const c of calls) parties.add(c.caller).add(c.callee);
  const interfaces = [...new Set(calls.map((c) => c.interface))].sort();
  return { parties: [...parties], interfaces };
}

/** Filters as the page sent them: only well-formed fields are kept. */
export function toFilters(value: unknown): TraceFilters {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    ...(typeof v.component === 'string' ? { component: v.component } : {}),
    ...(typeof v.interface === 'string' ? { interface: v.interface } : {}),
    ...(typeof v.function === 'string' && v.function !== '' ? { function: v.function } : {}),
    ...(v.errorsOnly === true ? { errorsOnly: true } : {}),
  };
}

// ---- Text ----

/** A duration (or a time) in ms with the precision it needs. */
export function formatMs(ms: number): string {
  // Self-contained: the page's script runs this very function (traceAssets.ts).
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  const digits = ms >= 100 ? 0 : ms >= 10 ? 1 : ms >= 1 ? 2 : 3;
  return `${ms.toFixed(digits)} ms`;
}

// ---- All of it ----

export interface TraceAnalysis {
  header: TraceHeader;
  tree: CallTree;
  lanes: Lane[];
  summary: TraceSummary;
  choices: ReturnType<typeof filterChoices>;
}

export function analyzeTrace(header: TraceHeader, calls: readonly TraceCall[]): TraceAnalysis {
  const tree = buildCallTree(calls);
  return { header, tree, lanes: buildLanes(tree), summary: summarizeTrace(tree), choices: filterChoices(header, calls) };
}
