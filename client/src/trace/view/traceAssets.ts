/**
 * The script and style of the trace view's page (traceHtml.ts). The script renders the call list
 * from the page's data, filters it (and dims the timeline) with the model's own
 * `matchesFilters`, and posts the user's choices to the extension.
 */
import { formatMs, matchesFilters } from './traceModel';

/** The theme's chart colors components take in turn (red is for failures). */
export const PALETTE = ['blue', 'green', 'purple', 'orange', 'yellow'];

export const SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  const matchesFilters = ${matchesFilters.toString()};
  const formatMs = ${formatMs.toString()};
  const data = JSON.parse(document.getElementById('trace-data').textContent);
  const PAGE = 500;
  const $ = (id) => document.getElementById(id);
  const controls = { component: $('f-component'), interface: $('f-interface'), function: $('f-function'), errorsOnly: $('f-errors') };
  let filters = data.filters;
  let selected = data.selected;
  let matching = [];
  let shown = PAGE;
  let zoom = 1;

  function readFilters() {
    const f = {};
    if (controls.component.value !== '*') f.component = controls.component.value;
    if (controls.interface.value !== '*') f.interface = controls.interface.value;
    if (controls.function.value) f.function = controls.function.value;
    if (controls.errorsOnly.checked) f.errorsOnly = true;
    return f;
  }

  function apply() {
    matching = data.calls.filter((c) => matchesFilters(c, filters));
    const ids = new Set(matching.map((c) => c.id));
    for (const b of document.querySelectorAll('svg.call')) b.classList.toggle('dim', !ids.has(Number(b.getAttribute('data-id'))));
    const all = data.calls.length;
    $('match-count').textContent = matching.length === all ? all + (all === 1 ? ' call' : ' calls') : matching.length + ' of ' + all + (all === 1 ? ' call' : ' calls');
    shown = PAGE;
    renderRows();
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function span(text, className) {
    const s = document.createElement('span');
    s.textContent = text;
    s.className = className;
    return s;
  }

  function row(c) {
    const tr = document.createElement('tr');
    tr.setAttribute('data-id', c.id);
    const failed = c.error !== undefined || c.trap === true;
    if (failed) tr.className = 'failed';
    // The function's name first, its interface after it in grey, indented by depth.
    const name = cell(c.function, 'fn');
    name.style.paddingLeft = 8 + 14 * c.depth + 'px';
    if (c.interface) name.append(' ', span(c.interface, 'hint'));
    if (failed) name.append(' ', span(c.trap ? 'trap' : 'error', 'badge error'));
    name.title = c.error === undefined ? c.name : c.name + '\\n' + c.error;
    tr.append(cell('#' + c.id, 'num'), cell(formatMs(c.start), 'num'), cell(formatMs(c.duration), 'num'), cell(c.caller + ' → ' + c.callee), name);
    return tr;
  }

  function renderRows() {
    const rows = document.createDocumentFragment();
    for (const c of matching.slice(0, shown)) rows.append(row(c));
    $('call-rows').replaceChildren(rows);
    const left = matching.length - shown;
    const more = $('more');
    more.hidden = left <= 0;
    if (left > 0) more.textContent = 'Show ' + Math.min(left, PAGE) + ' more (' + left + ' not listed yet)';
    markSelected();
  }

  function markSelected() {
    for (const el of document.querySelectorAll('.selected')) el.classList.remove('selected');
    for (const el of document.querySelectorAll('[data-id="' + selected + '"]')) el.classList.add('selected');
  }

  function changed() {
    filters = readFilters();
    apply();
    vscode.postMessage({ type: 'filters', filters });
  }

  let typing;
  controls.function.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 150);
  });
  for (const c of [controls.component, controls.interface, controls.errorsOnly]) c.addEventListener('change', changed);
  $('more').addEventListener('click', () => {
    shown += PAGE;
    renderRows();
  });

  document.addEventListener('click', (e) => {
    const t = e.target.closest('[data-id],[data-select],[data-command],[data-zoom],[data-filter-function]');
    if (!t) return;
    if (t.hasAttribute('data-command')) vscode.postMessage({ type: t.getAttribute('data-command'), id: selected });
    else if (t.hasAttribute('data-zoom')) {
      const how = t.getAttribute('data-zoom');
      zoom = how === 'fit' ? 1 : Math.min(64, Math.max(1, how === 'in' ? zoom * 2 : zoom / 2));
      $('timeline-canvas').style.width = 100 * zoom + '%';
    } else if (t.hasAttribute('data-filter-function')) {
      controls.function.value = t.getAttribute('data-filter-function');
      changed();
      $('calls').scrollIntoView();
    } else vscode.postMessage({ type: 'select', id: Number(t.getAttribute('data-id') ?? t.getAttribute('data-select')) });
  });

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (m && m.type === 'details') {
      selected = m.id;
      $('details').innerHTML = m.html;
      markSelected();
      const r = document.querySelector('tr[data-id="' + selected + '"]');
      if (r) r.scrollIntoView({ block: 'nearest' });
    }
  });

  apply();
})();`;

export const STYLE = `
main { max-width: none; }
[hidden] { display: none !important; }
#actions { margin-bottom: 16px; }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.badge.role { background: var(--party, var(--vscode-button-secondaryBackground)); color: var(--vscode-editor-background); }
.c-host { --party: var(--vscode-charts-lines, #8888); }
${PALETTE.map((color, i) => `.c${i} { --party: var(--vscode-charts-${color}); }`).join('\n')}
.failed { --party: var(--vscode-charts-red, #f14c4c); }
.note { display: flex; gap: 6px; align-items: center; color: var(--vscode-editorWarning-foreground, #cca700); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 4px 0 8px; color: var(--vscode-descriptionForeground); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; background: var(--party); vertical-align: middle; }
.timeline-scroll { overflow-x: auto; }
#timeline-canvas { width: 100%; }
.lane { margin-bottom: 10px; }
.lane-head { display: flex; gap: 8px; align-items: baseline; margin: 6px 0 2px; position: sticky; left: 0; }
svg.axis, svg.track { display: block; overflow: visible; }
svg.axis text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
line.grid { stroke: var(--vscode-widget-border, #8883); stroke-dasharray: 2 3; }
svg.call { cursor: pointer; }
svg.call rect { fill: var(--party); }
svg.call text { fill: var(--vscode-editor-background); font-size: 11px; pointer-events: none; }
svg.call.failed rect { stroke: var(--vscode-errorForeground, #f14c4c); stroke-width: 2; }
svg.call.selected rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 3; }
svg.call.dim { opacity: .2; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin-bottom: 8px; }
.filters select, .filters input[type="search"] { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, #8884); padding: 2px 4px; }
.split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; align-items: start; }
.list { max-height: 70vh; overflow: auto; }
table.calls tbody tr { cursor: pointer; }
table.calls tbody tr:hover { background: var(--vscode-list-hoverBackground); }
table.calls tr.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
table.calls td { white-space: nowrap; }
table.calls td.fn .hint { font-size: .9em; }
.error-text { color: var(--vscode-errorForeground, #f14c4c); }
tr.failed td:first-child { box-shadow: inset 3px 0 var(--vscode-errorForeground, #f14c4c); }
aside#details { position: sticky; top: 8px; border: 1px solid var(--vscode-widget-border, #8884); border-radius: 4px; padding: 8px 12px; }
.call-details.failed { border-left: 3px solid var(--vscode-errorForeground, #f14c4c); padding-left: 8px; }
.call-details h3 { margin-top: 4px; }
table.kv th { text-align: left; vertical-align: top; padding: 3px 12px 3px 0; color: var(--vscode-descriptionForeground); font-weight: 600; white-space: nowrap; }
table.kv td { padding: 3px 0; word-break: break-word; }
ol.values { margin: 0; padding-left: 20px; }
code.wave { white-space: pre-wrap; word-break: break-all; }
`;
