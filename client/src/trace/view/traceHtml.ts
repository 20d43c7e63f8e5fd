/**
 * The trace view's page: one run's calls across component boundaries as a picture. A header
 * (components, how complete the trace is, calls, time), a timeline per component (a flame chart:
 * nested calls stacked below the call they were made in, width ∝ duration, colored by the party
 * called, failures red), the call list with its filters, the details of the selected call, and
 * the time per function and per component. Pure; its script and style are traceAssets.ts's,
 * views/traceView.ts is the VS Code side.
 *
 * The page posts `{ type: 'select', id }`, `{ type: 'filters', filters }` and, from its buttons,
 * `{ type: 'goToDefinition' | 'exportChrome' | 'openRaw', id }`; it takes
 * `{ type: 'details', id, html }` (renderCallDetails) to show a call.
 */
import { badge, banner, bar, esc, header, icon, plural, section, webviewPage, type RenderOptions } from '../../views/webviewPage';
import { HOST, type Party, type TraceCall } from '../model';
import { PALETTE, SCRIPT, STYLE } from './traceAssets';
import { callsToDraw, failed, formatMs, functionKey, matchesFilters, type CallNode, type Lane, type TraceAnalysis, type TraceFilters } from './traceModel';

export interface TracePage {
  title: string;
  trace: TraceAnalysis;
  /** There is a file behind the trace ("Open raw file"). */
  hasFile: boolean;
  /** The file's last line was cut off and left out. */
  truncated: boolean;
  filters: TraceFilters;
  selected?: number;
  /** For components of the run that are compositions (fused binaries): what the trace cannot show of them (fused.ts). */
  fusedNotes?: string[];
}

export interface TraceRenderOptions extends RenderOptions {
  /** The most calls the timeline draws (the call list has them all). */
  maxDrawn?: number;
}

export const MAX_DRAWN = 2000;

const SOURCE_LABELS = {
  jco: 'complete (jco: every call at the boundaries, with values)',
  'wasmtime-log': 'partial (Wasmtime log: WASI calls only, no values)',
} as const;

export function renderTraceHtml(page: TracePage, options: TraceRenderOptions): string {
  const { trace } = page;
  const parts = [
    pageHeader(page),
    trace.header.source === 'wasmtime-log'
      ? banner(
          'info',
          'A partial trace',
          'Wasmtime logs only the WASI calls a component makes, without their arguments and results. Run with the <code>jco</code> engine to record every call at the boundaries, with values.',
        )
      : '',
    ...(page.fusedNotes ?? []).map((note) => banner('info', 'Calls inside a composed component are not recorded', esc(note))),
    page.truncated ? banner('warning', 'The last line of the file was cut off', 'The run may have ended abruptly; the call on that line is left out.') : '',
    timelineSection(trace, options.maxDrawn ?? MAX_DRAWN),
    callsSection(page),
    summarySection(trace),
    dataBlock(page, options.nonce),
  ];
  return webviewPage(page.title, parts.filter(Boolean).join('\n'), options, STYLE, SCRIPT);
}

/** The page for a file that is not a readable trace. */
export function renderTraceErrorHtml(title: string, message: string, options: RenderOptions): string {
  return webviewPage(title, header(title, [], []) + banner('warning', 'This trace cannot be shown', esc(message)), options, STYLE, '');
}

// ---- Header ----

function pageHeader({ title, trace, hasFile }: TracePage): string {
  const { summary, header: h } = trace;
  const meta = [
    `<span id="source">${esc(SOURCE_LABELS[h.source])}</span>`,
    `<span id="call-count">${esc(plural(summary.calls, 'call'))}</span>`,
    `<span>total ${esc(formatMs(summary.end - summary.start))}</span>`,
    summary.errors ? badge(plural(summary.errors, 'failed call'), 'error') : '',
    `<span title="when recording began">${esc(new Date(h.startedAt).toISOString().replace('T', ' ').slice(0, 19))} UTC</span>`,
  ];
  const components = Object.entries(h.components).map(([name, wasm]) => badge(name, `role ${colorClass(trace, name)}`, wasm));
  const tools =
    `<div class="tools" id="actions">` +
    `<button data-command="exportChrome" title="A JSON file for chrome://tracing or ui.perfetto.dev">${icon('export')}Export Chrome trace</button>` +
    (hasFile ? `<button class="secondary" data-command="openRaw">${icon('go-to-file')}Open raw file</button>` : '') +
    '</div>';
  return header(title, meta, components) + tools;
}

// ---- Timeline ----

/** Pixels per nesting level. */
const ROW = 20;
/** The narrowest bar, in % of the timeline (a call of no measurable time still shows). */
const MIN_WIDTH = 0.15;

interface Scale {
  start: number;
  span: number;
}

function timelineSection(trace: TraceAnalysis, max: number): string {
  const { summary } = trace;
  if (summary.calls === 0) return section('timeline', 'Timeline', '<p class="none">No calls were recorded.</p>');
  const drawn = new Set(callsToDraw(trace.tree, max));
  const scale: Scale = { start: summary.start, span: Math.max(summary.end - summary.start, 1e-3) };
  const notDrawn = summary.calls - drawn.size;
  const note = notDrawn
    ? `<p class="note" id="not-drawn">${icon('warning')}<span>${count(notDrawn)} more not drawn: the timeline shows the ${count(drawn.size)} calls nearest the top level, ` +
      `failed and longest first. The call list has all ${count(summary.calls)}.</span></p>`
    : '';
  const parties = [...new Set(trace.tree.nodes.map((n) => n.call.callee))];
  const legend = `<div class="legend">${parties.map((p) => `<span><span class="swatch ${colorClass(trace, p)}"></span>${esc(p)}</span>`).join('')}<span><span class="swatch failed"></span>failed</span></div>`;
  const zoom = `<div class="tools"><button class="link" data-zoom="out" title="Zoom out">−</button><button class="link" data-zoom="in" title="Zoom in">+</button><button class="link" data-zoom="fit">Fit</button></div>`;
  const lines = ticks(scale);
  const body =
    note +
    legend +
    `<div class="timeline-scroll"><div id="timeline-canvas">${axis(scale, lines)}${trace.lanes.map((l) => laneHtml(trace, l, drawn, scale, lines)).join('')}</div></div>`;
  return section('timeline', 'Timeline', body, zoom);
}

function laneHtml(trace: TraceAnalysis, lane: Lane, drawn: Set<CallNode>, scale: Scale, lines: number[]): string {
  const bars: string[] = [];
  let rows = 1;
  const walk = (node: CallNode): void => {
    if (!drawn.has(node)) return;
    rows = Math.max(rows, node.depth + 1);
    bars.push(callBar(trace, node, scale));
    node.children.forEach(walk);
  };
  lane.roots.forEach(walk);
  const busy = lane.roots.reduce((t, r) => t + r.call.duration, 0);
  const grid = lines.map((t) => `<line class="grid" x1="${pct(at(scale, t))}" x2="${pct(at(scale, t))}" y1="0" y2="100%"/>`).join('');
  return (
    `<div class="lane" data-party="${esc(lane.party)}"><div class="lane-head"><strong>${esc(lane.party)}</strong>` +
    `<span class="hint">${esc(plural(lane.calls, 'call'))} · ${esc(formatMs(busy))}</span></div>` +
    `<svg class="track" width="100%" height="${rows * ROW}">${grid}${bars.join('')}</svg></div>`
  );
}

/** A nested <svg> per call: it clips its label, and its attributes are not styles the CSP would block. */
function callBar(trace: TraceAnalysis, node: CallNode, scale: Scale): string {
  const c = node.call;
  const classes = ['call', colorClass(trace, c.callee), failed(c) ? 'failed' : ''].filter(Boolean).join(' ');
  const width = Math.max((100 * c.duration) / scale.span, MIN_WIDTH);
  return (
    `<svg class="${classes}" data-id="${c.id}" x="${pct(Math.min(at(scale, c.start), 100 - width))}" y="${node.depth * ROW}" width="${pct(width)}" height="${ROW - 2}">` +
    `<title>${esc(hoverText(node))}</title><rect width="100%" height="100%" rx="2"/><text x="4" y="13">${failed(c) ? '✕ ' : ''}${esc(c.function)}</text></svg>`
  );
}

function hoverText({ call: c, self }: CallNode): string {
  const clip = (s: string): string => (s.length > 120 ? `${s.slice(0, 119)}…` : s);
  return [
    `${c.caller} → ${c.callee}`,
    `${functionKey(c)}(${c.args.map(clip).join(', ')})`,
    ...(c.result !== undefined ? [`→ ${clip(c.result)}`] : []),
    `${formatMs(c.duration)} (self ${formatMs(self)}), at ${formatMs(c.start)}`,
    ...(failed(c) ? [`${c.trap ? 'trap' : 'error'}: ${c.error ?? 'the component trapped'}`] : []),
  ].join('\n');
}

function axis(scale: Scale, lines: number[]): string {
  const labels = lines.map((t) => {
    const x = at(scale, t);
    const anchor = x < 3 ? 'start' : x > 97 ? 'end' : 'middle';
    return `<text x="${pct(x)}" y="12" text-anchor="${anchor}">${esc(formatMs(t))}</text>`;
  });
  return `<svg class="axis" width="100%" height="16">${labels.join('')}</svg>`;
}

/** Round times about a sixth of the span apart (1, 2 or 5 × a power of ten). */
function ticks(scale: Scale): number[] {
  const raw = scale.span / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) as number;
  const first = Math.ceil(scale.start / step);
  const out: number[] = [];
  for (let i = first; i * step <= scale.start + scale.span; i++) out.push(i * step);
  return out;
}

function at(scale: Scale, t: number): number {
  return (100 * (t - scale.start)) / scale.span;
}

function pct(x: number): string {
  return `${+x.toFixed(3)}%`;
}

/** The color of a party: the host is grey, components take the theme's chart colors in turn. */
function colorClass(trace: TraceAnalysis, party: Party): string {
  if (party === HOST) return 'c-host';
  const components = trace.choices.parties.filter((p) => p !== HOST);
  return `c${components.indexOf(party) % PALETTE.length}`;
}

// ---- Calls and details ----

function callsSection({ trace, filters, selected }: TracePage): string {
  const { parties, interfaces } = trace.choices;
  const option = (value: string, label: string, current: string | undefined): string =>
    `<option value="${esc(value)}"${value === current ? ' selected' : ''}>${esc(label)}</option>`;
  const controls =
    `<div class="filters">` +
    `<label>Component <select id="f-component">${option('*', 'All', filters.component ?? '*')}${parties.map((p) => option(p, p, filters.component)).join('')}</select></label>` +
    `<label>Interface <select id="f-interface">${option('*', 'All', filters.interface ?? '*')}` +
    interfaces.map((i) => option(i, i || '(world functions)', filters.interface)).join('') +
    '</select></label>' +
    `<label>Function <input id="f-function" type="search" placeholder="part of a name" value="${esc(filters.function ?? '')}"></label>` +
    `<label><input id="f-errors" type="checkbox"${filters.errorsOnly ? ' checked' : ''}> Failed only</label>` +
    '</div>';
  const matching = trace.tree.nodes.filter((n) => matchesFilters(n.call, filters)).length;
  const list =
    `<div class="list"><table class="grid calls"><thead><tr><th class="num">#</th><th class="num">Start</th><th class="num">Duration</th>` +
    `<th>Caller → callee</th><th>Function</th></tr></thead><tbody id="call-rows"></tbody></table>` +
    `<button class="secondary" id="more" hidden></button></div>`;
  const details = `<aside id="details">${renderCallDetails(trace, selected)}</aside>`;
  const countText = matching === trace.summary.calls ? plural(matching, 'call') : `${matching} of ${plural(trace.summary.calls, 'call')}`;
  return section('calls', 'Calls', `${controls}<div class="split">${list}${details}</div>`, `<span class="hint" id="match-count">${esc(countText)}</span>`);
}

/** The details pane for a call (or a hint when none is selected). */
export function renderCallDetails(trace: TraceAnalysis, id: number | undefined): string {
  const node = id === undefined ? undefined : trace.tree.byId.get(id);
  if (!node) return '<p class="none">Select a call in the timeline or the list to see its arguments, result and timing.</p>';
  const c = node.call;
  const partial = trace.header.source === 'wasmtime-log';
  const value = (v: string): string => `<code class="wave">${esc(v)}</code>`;
  const args = c.args.length
    ? `<ol class="values">${c.args.map((a) => `<li>${value(a)}</li>`).join('')}</ol>`
    : `<span class="none">${partial ? 'not recorded (Wasmtime log)' : 'none'}</span>`;
  const result =
    c.result !== undefined
      ? value(c.result)
      : `<span class="none">${failed(c) ? 'none: the call failed' : partial ? 'not recorded (Wasmtime log)' : 'none'}</span>`;
  const rows: [string, string][] = [
    ['Function', `<code>${esc(functionKey(c))}</code>`],
    ['Arguments', args],
    ['Result', result],
  ];
  if (failed(c)) rows.push([c.trap ? 'Trap' : 'Error', `<span class="error-text">${esc(c.error ?? 'the component trapped')}</span>`]);
  rows.push(['Start', esc(formatMs(c.start))], ['Duration', `${esc(formatMs(c.duration))} <span class="hint">(self ${esc(formatMs(node.self))})</span>`]);
  rows.push(['Within', within(node)], ['Calls made', String(node.children.length)]);
  return (
    `<div class="call-details${failed(c) ? ' failed' : ''}" data-call="${c.id}">` +
    `<h3><span class="party">${esc(c.caller)}</span> → <span class="party">${esc(c.callee)}</span> <span class="hint">#${c.id}</span></h3>` +
    `<table class="kv">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>` +
    // Without a recorded place, the editor looks the function up in the workspace's WIT.
    `<button data-command="goToDefinition" title="${esc(c.definition ? `${c.definition.file}:${c.definition.line + 1}` : `${witName(c)} in the workspace's WIT`)}">${icon('go-to-file')}Go to WIT definition</button>` +
    '</div>'
  );
}

function within({ call, parent }: CallNode): string {
  if (parent) {
    const p = parent.call;
    return `<button class="link" data-select="${p.id}">#${p.id} ${esc(p.caller)} → ${esc(p.callee)} ${esc(p.function)}</button>`;
  }
  if (call.parent) return `<span class="none">call #${call.parent}, which had not ended when the trace was written</span>`;
  return '<span class="none">nothing: a top-level call</span>';
}

// ---- Summary ----

function summarySection({ summary }: TraceAnalysis): string {
  if (summary.calls === 0) return '';
  const table = (first: string, rows: typeof summary.byFunction, filterable: boolean): string => {
    const max = Math.max(0, ...rows.map((r) => r.total));
    return (
      `<table class="grid totals"><thead><tr><th>${first}</th><th class="num">Calls</th><th class="num">Total ms</th><th class="num">Self ms</th>` +
      `<th class="num">Failed</th><th></th></tr></thead><tbody>` +
      rows
        .map(
          (r) =>
            `<tr${r.errors ? ' class="failed"' : ''}><td>${filterable ? `<button class="link" data-filter-function="${esc(r.name)}" title="Show its calls">${esc(r.name)}</button>` : esc(r.name)}</td>` +
            `<td class="num">${r.calls}</td><td class="num">${r.total.toFixed(3)}</td><td class="num">${r.self.toFixed(3)}</td>` +
            `<td class="num">${r.errors || ''}</td><td class="bar-cell">${bar(r.total, max)}</td></tr>`,
        )
        .join('') +
      '</tbody></table>'
    );
  };
  return section(
    'summary',
    'Time',
    `<h3>By function</h3>${table('Function', summary.byFunction, true)}` +
      `<h3>By component called</h3><p class="hint">Self time of the host: in the host functions it implements (WASI and others).</p>${table('Component', summary.byComponent, false)}`,
  );
}

// ---- Data for the script ----

/** What the page's script needs of each call (values stay out: details come from the extension). */
function dataBlock({ trace, filters, selected }: TracePage, nonce: string): string {
  const calls = trace.tree.nodes.map(({ call: c, depth }) => ({
    id: c.id,
    depth,
    name: functionKey(c),
    caller: c.caller,
    callee: c.callee,
    interface: c.interface,
    function: c.function,
    start: c.start,
    duration: c.duration,
    ...(c.error !== undefined ? { error: c.error } : {}),
    ...(c.trap ? { trap: true } : {}),
  }));
  // `<` escaped so no value can end the script element.
  const json = JSON.stringify({ calls, filters, selected }).replace(/</g, '\\u003c');
  return `<script type="application/json" id="trace-data" nonce="${nonce}">${json}</script>`;
}

// ---- Text ----

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `interface.function` as WIT names it (`wit-studio:pipeline/plugin@0.1.0.process`), or the bare world function. */
function witName(c: TraceCall): string {
  return c.interface ? `${c.interface}.${c.function}` : c.function;
}
