/**
 * What composing some components would do, before anything is written: for every interface
 * import of every component, which export of which other component satisfies it (the same
 * interface by name, else at another version: `matchingExport`), whether it fits (typeCheck.ts),
 * or that several components export it (someone must choose), or that nothing does (it stays an
 * import of the composed component — expected for `wasi:`). The root is the component whose
 * exports the composed component exports: by default the one no other component imports from
 * (of several, the one that uses more of the others than the rest do).
 * Components nothing imports from besides the root are left out. The wiring comes out in the
 * form the built-in composer takes. Pure.
 */
import { worldKeyName } from '../../../server/src/syntax/binary/witNames';
import type { World } from '../../../server/src/syntax/binary/witModel';
import { checkWire, matchingExport, providerOf, type Composition } from '../trace/composition';
import { interfaceMismatch } from '../../../server/src/semantics/typeFit';

export interface PlanComponent {
  /** Its instance name in the composition. */
  name: string;
  world: World;
}

/** An export of another component that has the interface an import asks for. */
export interface Offer {
  provider: string;
  /** Its name in the provider's world (the import's name, or the same interface at another version). */
  export: string;
  /** Why it does not fit the import; undefined when it does. */
  mismatch?: string;
}

export type ImportMatch =
  /** Satisfied by this export. */
  | { kind: 'plugged'; offer: Offer }
  /** The export that would satisfy it does not fit: the composition cannot be made. */
  | { kind: 'mismatch'; offer: Offer }
  /** Several components export it: one must be chosen (`PlanOptions.wire`). */
  | { kind: 'ambiguous'; offers: Offer[] }
  /** No component exports it (or the given wiring leaves it out): an import of the composed component. */
  | { kind: 'open' };

export interface PlannedImport {
  component: string;
  /** The import's name (`wit-studio:pipeline/plugin@0.1.0`). */
  name: string;
  match: ImportMatch;
}

export interface CompositionPlan {
  /** The components the composition holds, in the order given. */
  components: string[];
  root?: string;
  /** The interface imports of those components, in order. */
  imports: PlannedImport[];
  /** Components left out: nothing imports from them and they are not the root. */
  unused: string[];
  /** The plugged imports, as the built-in composer takes them. */
  wire: Composition['wire'];
  /** What stops the composition (mismatches, choices to make, no root, a cycle); empty when it can be made. */
  problems: string[];
  /** When there is no single root: the candidates to choose from. */
  rootCandidates: string[];
}

export interface PlanOptions {
  /** The component whose exports are exported; by default the one no other component imports from. */
  root?: string;
  /** Providers decided already: answers to ambiguities, or the wiring of a composition file. */
  wire?: Composition['wire'];
  /** Whether imports that `wire` does not mention are matched by interface (default), or stay imports (a composition file's wiring is complete). */
  matchRest?: boolean;
}

export function planComposition(components: readonly PlanComponent[], options: PlanOptions = {}): CompositionPlan {
  const problems: string[] = [];
  const all: PlannedImport[] = [];
  for (const component of components) {
    for (const { key, item } of component.world.imports) {
      if (item.kind !== 'interface') continue;
      const name = worldKeyName(key);
      all.push({ component: component.name, name, match: matchImport(component, name, components, options, problems) });
    }
  }
  const wire: Composition['wire'] = {};
  for (const { component, name, match } of all) {
    if (match.kind !== 'plugged') continue;
    (wire[component] ??= {})[name] = { instance: match.offer.provider, export: match.offer.export };
  }

  const names = components.map((c) => c.name);
  const fed = new Set(all.flatMap((i) => (i.match.kind === 'open' ? [] : i.match.kind === 'ambiguous' ? i.match.offers.map((o) => o.provider) : [i.match.offer.provider])));
  const rootCandidates = names.filter((n) => !fed.has(n));
  let root = options.root;
  const unknownRoot = root !== undefined && !names.includes(root);
  if (unknownRoot) {
    problems.push(`the root ${root} is not one of the components`);
    root = undefined;
  } else {
    root ??= widestReach(rootCandidates, all);
  }
  if (root === undefined && !unknownRoot) {
    problems.push(
      rootCandidates.length === 0
        ? 'every component is imported from by another: there is no root (the one whose exports the composition exports)'
        : `${listed(rootCandidates)} are not imported from by any other component: choose the root (the one whose exports the composition exports)`,
    );
  }

  const used = root === undefined ? new Set(names) : reachable(root, all);
  const keptWire = Object.fromEntries(Object.entries(wire).filter(([component]) => used.has(component)));
  const cycle = checkWire(Object.fromEntries(names.map((n) => [n, n])), keptWire);
  if (cycle) problems.push(cycle);
  const imports = all.filter((i) => used.has(i.component));
  for (const { component, name, match } of imports) {
    if (match.kind === 'mismatch') problems.push(mismatchMessage(component, name, match.offer));
    if (match.kind === 'ambiguous') problems.push(`${component} imports ${name}, which ${listed(match.offers.map((o) => o.provider))} export: choose one`);
  }
  return {
    components: names.filter((n) => used.has(n)),
    ...(root !== undefined ? { root } : {}),
    imports,
    unused: names.filter((n) => !used.has(n)),
    wire: keptWire,
    problems: [...new Set(problems)],
    rootCandidates,
  };
}

function matchImport(component: PlanComponent, name: string, components: readonly PlanComponent[], options: PlanOptions, problems: string[]): ImportMatch {
  const importItem = [...component.world.imports].find(({ key }) => worldKeyName(key) === name)?.item;
  const offerOf = (provider: PlanComponent, exported = matchingExport(provider.world, name)): Offer | undefined => {
    if (exported === undefined) return undefined;
    const exportItem = [...provider.world.exports].find(({ key }) => worldKeyName(key) === exported)?.item;
    if (exportItem?.kind !== 'interface' || importItem?.kind !== 'interface') return undefined;
    const mismatch = interfaceMismatch(importItem.iface, exportItem.iface);
    return { provider: provider.name, export: exported, ...(mismatch ? { mismatch } : {}) };
  };
  const decided = options.wire?.[component.name]?.[name];
  if (decided !== undefined) {
    const provider = components.find((c) => c.name === providerOf(decided));
    const offer = provider && offerOf(provider, typeof decided === 'string' ? undefined : decided.export);
    if (offer) return offer.mismatch ? { kind: 'mismatch', offer } : { kind: 'plugged', offer };
    problems.push(`${component.name} imports ${name} from ${providerOf(decided)}, which ${provider ? 'does not export it' : 'is not one of the components'}`);
    return { kind: 'open' };
  }
  if (options.matchRest === false) return { kind: 'open' };
  const offers = components.filter((c) => c !== component).flatMap((c) => offerOf(c) ?? []);
  if (offers.length === 0) return { kind: 'open' };
  if (offers.length > 1) return { kind: 'ambiguous', offers };
  return offers[0].mismatch ? { kind: 'mismatch', offer: offers[0] } : { kind: 'plugged', offer: offers[0] };
}

/** Of the candidates, the one that uses more of the other components than any other candidate does. */
function widestReach(candidates: readonly string[], imports: readonly PlannedImport[]): string | undefined {
  const sizes = candidates.map((c) => reachable(c, imports).size);
  const most = Math.max(...sizes);
  return sizes.filter((s) => s === most).length === 1 ? candidates[sizes.indexOf(most)] : undefined;
}

/** The components `root` imports from, directly or not, and itself. */
function reachable(root: string, imports: readonly PlannedImport[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const { component, match } of imports) {
      if (component !== name) continue;
      if (match.kind === 'plugged' || match.kind === 'mismatch') visit(match.offer.provider);
      else if (match.kind === 'ambiguous') match.offers.forEach((o) => visit(o.provider));
    }
  };
  visit(root);
  return seen;
}

function mismatchMessage(component: string, name: string, offer: Offer): string {
  return `${component} imports ${name}, but ${offer.provider}'s export ${offer.export} does not fit it: ${offer.mismatch}`;
}

/** One line of the match table, as the output shows it. */
export function describeImport({ component, name, match }: PlannedImport): string {
  return `${match.kind === 'mismatch' ? '✗ ' : match.kind === 'ambiguous' ? '? ' : ''}${component} imports ${name} ${describeMatch(name, match)}`;
}

/** Where an import comes from: `← plugin exports it`, `does not fit: …`, `stays an import of the composed component`. */
export function describeMatch(name: string, match: ImportMatch): string {
  switch (match.kind) {
    case 'plugged':
      return `← ${match.offer.provider} exports ${match.offer.export === name ? 'it' : match.offer.export}`;
    case 'mismatch':
      return `← ${match.offer.provider}'s export ${match.offer.export} does not fit: ${match.offer.mismatch}`;
    case 'ambiguous':
      return `← ${listed(match.offers.map((o) => (o.mismatch ? `${o.provider} (does not fit)` : o.provider)))} export it: choose one`;
    case 'open':
      return `stays an import of the composed component${name.startsWith('wasi:') ? '' : ' (no component here exports it)'}`;
  }
}

/** `a`, `a and b`, `a, b and c`. */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
