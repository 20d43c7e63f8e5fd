import type { Location } from '../diagnostic';
import type { DiagnosticSink } from './diagnostics';

export interface Edge {
  name: string;
  at: Location;
}

/**
 * Orders the nodes of `deps` so each comes after what it depends on, exactly as wit-parser's
 * `toposort` does (ties broken by source order). A missing node is reported as
 * "`kind` `name` does not exist" at the edge; a cycle as "`kind` `name` depends on itself" at
 * the edge wit-parser picks. Unlike the reference it does not stop: the offending edge is
 * dropped and sorting goes on, so every node appears in the result and every cycle is reported.
 */
export function toposort(
  kind: string,
  deps: Map<string, Edge[]>,
  sink: DiagnosticSink,
  hint?: (name: string) => string | undefined,
): string[] {
  const names = [...deps.keys()];
  const index = new Map(names.map((n, i) => [n, i]));
  const remaining = new Array<number>(names.length).fill(0);
  const reverse: number[][] = names.map(() => []);
  const edges: Edge[][] = names.map((n) => deps.get(n)!);
  names.forEach((_, i) => {
    for (const edge of edges[i]!) {
      const j = index.get(edge.name);
      if (j === undefined) {
        const extra = hint?.(edge.name);
        sink.error(edge.at, `${kind} \`${edge.name}\` does not exist${extra ? `\n${extra}` : ''}`, 'unknown-name');
        continue;
      }
      remaining[i]!++;
      reverse[j]!.push(i);
    }
  });

  const order: string[] = [];
  const emitted = new Array<boolean>(names.length).fill(false);
  // A max-heap on (names.length - i) is a min-heap on i: the earliest ready node goes first.
  const ready = new MinHeap();
  names.forEach((_, i) => remaining[i] === 0 && ready.push(i));
  /** Edges already dropped to break cycles, by `target from`, so they are not counted twice. */
  const broken = new Map<string, number>();
  const drain = () => {
    for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
      emitted[i] = true;
      order.push(names[i]!);
      for (const r of reverse[i]!) {
        const key = `${i} ${r}`;
        const dropped = broken.get(key);
        if (dropped) {
          broken.set(key, dropped - 1);
          continue;
        }
        if (--remaining[r]! === 0) ready.push(r);
      }
      reverse[i] = [];
    }
  };
  drain();
  // Nodes before `cursor` are all emitted: the search for the next cycle starts there.
  let cursor = 0;
  while (order.length < names.length) {
    while (emitted[cursor]) cursor++;
    const cycle = findCycleEdge(cursor, edges, index, remaining, emitted);
    sink.error(cycle.edge.at, `${kind} \`${cycle.edge.name}\` depends on itself`, 'cycle');
    // Break the cycle at that edge and go on.
    const key = `${index.get(cycle.edge.name)!} ${cycle.from}`;
    broken.set(key, (broken.get(key) ?? 0) + 1);
    if (--remaining[cycle.from]! === 0) ready.push(cycle.from);
    drain();
  }
  return order;
}

/** wit-parser's choice: the first edge, of the first unsorted node, to another unsorted node. */
function findCycleEdge(
  from: number,
  edges: Edge[][],
  index: Map<string, number>,
  remaining: number[],
  emitted: boolean[],
): { from: number; edge: Edge } {
  for (let i = from; i < edges.length; i++) {
    if (emitted[i] || remaining[i] === 0) continue;
    for (const edge of edges[i]!) {
      const j = index.get(edge.name);
      if (j === undefined || emitted[j] || remaining[j] === 0) continue;
      return { from: i, edge };
    }
  }
  throw new Error('toposort: no cycle found among the remaining nodes');
}

class MinHeap {
  private readonly items: number[] = [];
  push(v: number): void {
    const a = this.items;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
