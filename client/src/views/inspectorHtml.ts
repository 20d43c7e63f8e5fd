/**
 * The Component Inspector's page: an inspection of a `.wasm` file (wasmInfo.ts), its
 * capabilities (capabilities.ts) and its WIT, as one self-contained HTML document for a
 * webview — a strict CSP with a nonce, VS Code's theme variables, no external resources.
 * Pure: the extension side (inspector.ts) reads the file and asks jco for the WIT. The page's
 * shell, shared parts and base style are webviewPage.ts's.
 *
 * Order: header (file, size, kind, world), capability cards (what it asks for), the world
 * (imports and exports, expandable), types, the WIT (with "Open WIT" and "Copy WIT", which
 * post `{ type: 'openWit' | 'copyWit' }`), producers, and section sizes with bars. Corrupt
 * files and core modules get a page that says so, with what could be read.
 */
import { classifyCapabilities, classifyCoreImports, type Capability, type CapabilityReport } from '../component/capabilities';
import type {
  FuncView,
  InterfaceView,
  Inspection,
  PackageView,
  Producers,
  SectionInfo,
  TypeView,
  WasmError,
  WasmInfo,
  WorldItemView,
  WorldView,
} from '../../../server/src/syntax/binary/wasmInfo';
import { badge, banner, bar, esc, header, icon, plural, section, webviewPage, type RenderOptions } from './webviewPage';

export interface InspectorModel {
  fileName: string;
  inspection: Inspection;
  /** What jco (`wasm-tools component wit`) printed for the file, or its error; absent when not asked. */
  jcoWit?: { ok: true; text: string } | { ok: false; message: string };
}

/** What the page shows, computed once (the extension uses it for "Open WIT" and "Copy WIT"). */
export interface InspectorSummary {
  title: string;
  kind: 'component' | 'module' | 'wit-package' | 'error';
  /** The WIT "Open WIT" and "Copy WIT" give: the world and, when known, the packages it uses. */
  witText?: string;
  /** `root:component/root`, or the package name of a WIT package. */
  witName?: string;
  capabilities?: CapabilityReport;
  /** The headline of an error page. */
  error?: string;
}

export function summarize(model: InspectorModel): InspectorSummary {
  const { inspection, jcoWit } = model;
  if (!inspection.ok) return { title: model.fileName, kind: 'error', error: errorHeadline(inspection) };
  const decoded = inspection.wit?.ok ? inspection.wit : undefined;
  let witText: string | undefined;
  if (decoded && (!jcoWit?.ok || sameText(jcoWit.text, decoded.mainText))) witText = decoded.text;
  else if (jcoWit?.ok) witText = jcoWit.text;
  else if (decoded) witText = decoded.text;
  const witName = decoded?.world?.id ?? (inspection.kind === 'wit-package' ? decoded?.package.name : undefined);
  if (inspection.kind === 'module' && decoded) witText = decoded.text;
  return {
    title: model.fileName,
    kind: inspection.kind,
    ...(witText !== undefined ? { witText } : {}),
    ...(witName ? { witName } : {}),
    ...(inspection.kind === 'component' ? { capabilities: classifyCapabilities(inspection.imports, inspection.exports) } : {}),
    ...(inspection.kind === 'module' ? { capabilities: moduleCapabilities(inspection) } : {}),
  };
}

/** A core module's capabilities: from the world it carries when there is one, else from its core imports. */
function moduleCapabilities(info: WasmInfo): CapabilityReport {
  const world = info.wit?.ok ? info.wit.world : undefined;
  if (world) return classifyCapabilities(world.imports.map((i) => i.name), world.exports.map((e) => e.name));
  return classifyCoreImports(info.coreImports);
}

function sameText(a: string, b: string): boolean {
  return a.trimEnd() === b.trimEnd();
}

function errorHeadline(e: WasmError): string {
  if (e.looksLike === 'empty') return 'Empty file: there is nothing to inspect.';
  if (e.notWasm) return `Not a WebAssembly file: ${notWasmReason(e)}`;
  return `This WebAssembly file is corrupt: ${firstLine(e.message)}`;
}

function notWasmReason(e: WasmError): string {
  switch (e.looksLike) {
    case 'wat':
      return 'it is WebAssembly text (WAT), not a binary. Convert it with `wasm-tools parse` (or jco `parse`) first.';
    case 'text':
      return 'it is a text file, and WebAssembly binaries start with the bytes `\\0asm`.';
    default:
      return 'it does not start with the WebAssembly magic bytes `\\0asm`.';
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

export function renderInspectorHtml(model: InspectorModel, options: RenderOptions): string {
  const summary = summarize(model);
  const { inspection } = model;
  let body: string;
  if (!inspection.ok) body = errorPage(model.fileName, inspection);
  else if (inspection.kind === 'module') body = modulePage(model, inspection, summary);
  else body = componentPage(model, inspection, summary);
  return webviewPage(summary.title, body, options, STYLE, SCRIPT);
}

// ---- Pages ----

function componentPage(model: InspectorModel, info: WasmInfo, summary: InspectorSummary): string {
  const wit = info.wit?.ok ? info.wit : undefined;
  const isPackage = info.kind === 'wit-package';
  const parts: string[] = [];
  const meta = [
    badge(isPackage ? 'WIT package' : 'Component', 'kind'),
    `<span>${esc(formatBytes(info.size))}</span>`,
    summary.witName ? `<span>${isPackage ? 'package' : 'world'} <code class="wit-name">${esc(summary.witName)}</code></span>` : '',
    summary.capabilities?.wasiVersions.length ? `<span>WASI ${summary.capabilities.wasiVersions.map(esc).join(', ')}</span>` : '',
  ];
  parts.push(header(model.fileName, meta, summary.capabilities?.roles.map((r) => badge(r.title, `role role-${r.id}`, r.description)) ?? []));

  if (model.jcoWit && !model.jcoWit.ok) {
    parts.push(
      banner('warning', 'jco could not read this component', `${esc(firstLine(model.jcoWit.message))}${detailsBlock('Full message', model.jcoWit.message)}`),
    );
  }
  if (info.wit && !info.wit.ok && !summary.witText) {
    parts.push(banner('warning', 'The WIT world could not be decoded', esc(info.wit.message)));
  }

  if (!isPackage && summary.capabilities) parts.push(capabilitySection(summary.capabilities, info, wit?.world));
  if (isPackage && wit) parts.push(packageSection(wit.package));
  else if (wit?.world) parts.push(worldSection(wit.world));
  else parts.push(namesSection(info));
  if (wit) {
    const typesHtml = typesSection(isPackage ? wit.package.interfaces : worldInterfaces(wit.world));
    if (typesHtml) parts.push(typesHtml);
  }
  parts.push(witSection(summary.witText, wit ? wit.dependencies.length : 0));
  parts.push(producersSection(info));
  parts.push(sizesSection(info));
  return parts.join('\n');
}

function modulePage(model: InspectorModel, info: WasmInfo, summary: InspectorSummary): string {
  const parts: string[] = [];
  parts.push(header(model.fileName, [badge('Core module', 'kind'), `<span>${esc(formatBytes(info.size))}</span>`], []));
  const embedded = info.componentTypeSections.length > 0;
  parts.push(
    banner(
      'info',
      'This is a core WebAssembly module, not a component: it has no WIT world.',
      embedded
        ? 'It carries the WIT of a world (a <code>component-type</code> custom section), so it can be made into a component with ' +
            '<code>wasm-tools component new</code> (or jco <code>new</code>), with a WASI adapter if it uses WASI preview 1.'
        : 'Components wrap core modules and describe their interface in WIT. Make one with <code>wasm-tools component embed</code> and ' +
            '<code>wasm-tools component new</code>, or with a component toolchain (cargo-component, jco componentize, componentize-py, wit-bindgen).',
    ),
  );
  const world = info.wit?.ok ? info.wit.world : undefined;
  if (summary.capabilities) parts.push(capabilitySection(summary.capabilities, info, world));
  parts.push(coreInterfaceSection(info));
  const wit = info.wit?.ok ? info.wit : undefined;
  if (embedded && world) parts.push(worldSection(world, `Embedded world ${world.id}`));
  if (embedded && info.wit && !info.wit.ok) parts.push(banner('warning', 'The embedded WIT could not be decoded', esc(info.wit.message)));
  if (embedded && summary.witText) parts.push(witSection(summary.witText, wit ? wit.dependencies.length : 0, 'Embedded WIT'));
  parts.push(producersSection(info));
  parts.push(sizesSection(info));
  return parts.join('\n');
}

function errorPage(fileName: string, e: WasmError): string {
  const parts: string[] = [];
  parts.push(header(fileName, [badge(e.notWasm ? 'Not WebAssembly' : 'Corrupt', 'kind error'), `<span>${esc(formatBytes(e.size))}</span>`], []));
  const headline = errorHeadline(e);
  const explain = e.notWasm
    ? `<p>The inspector reads WebAssembly binaries: components, core modules and WIT packages.</p>`
    : `<p>The file starts like a WebAssembly ${e.kind === 'module' ? 'core module' : e.kind ?? 'binary'} but cannot be read to the end.` +
      ` It may be truncated or damaged; rebuild it.</p>`;
  parts.push(
    `<section class="error-page" id="error"><div class="error-icon">${icon('error')}</div><div><h2 class="error-title">${esc(headline)}</h2>${explain}` +
      (e.notWasm || e.message.includes('\n') ? `<p class="error-message">The reader says: <code>${esc(e.message)}</code></p>` : '') +
      '</div></section>',
  );
  if (e.sections.length > 0) {
    parts.push(section('sections', 'Sections read before the error', sectionTable(e.sections, e.size)));
  }
  return parts.join('\n');
}

// ---- Parts ----

function detailsBlock(summary: string, text: string): string {
  return `<details class="more"><summary>${esc(summary)}</summary><pre>${esc(text)}</pre></details>`;
}

function capabilitySection(report: CapabilityReport, info: WasmInfo, world: WorldView | undefined): string {
  if (report.capabilities.length === 0) {
    const none =
      info.imports.length === 0 && info.coreImports.length === 0
        ? '<p class="none">It imports nothing: it cannot reach files, the network, clocks or anything else of the host. It only computes with what it is given.</p>'
        : '';
    return section('capabilities', 'What it asks for', none);
  }
  const signatures = new Map<string, string>();
  for (const item of world?.imports ?? []) {
    if (item.kind === 'function') signatures.set(item.name, `${item.name}: ${item.func.signature}`);
  }
  const cards = report.capabilities.map((c) => capabilityCard(c, signatures)).join('\n');
  return section('capabilities', 'What it asks for', `<div class="cards">${cards}</div>`);
}

const FIXED: Partial<Record<Capability['id'], string>> = {
  custom: '',
  'other-wasi': 'The host must support these interfaces',
  io: '',
};

function capabilityCard(c: Capability, signatures: Map<string, string>): string {
  const fixed = FIXED[c.id] ?? 'Provided by the host whenever it runs; cannot be switched off';
  const control = c.control
    ? `<div class="control">${icon('settings')}<span>${esc(c.control.label)}</span></div>`
    : fixed
      ? `<div class="control fixed">${esc(fixed)}</div>`
      : '';
  const items = c.imports
    .map((i) => {
      const signature = signatures.get(i.name);
      const detail = signature ? `<code class="detail">${highlight(signature)}</code>` : `<span class="detail">${esc(i.detail)}</span>`;
      return `<li><code>${esc(i.name)}</code>${detail}</li>`;
    })
    .join('');
  return (
    `<div class="card sens-${c.sensitivity}" data-capability="${c.id}"><div class="card-head">${icon(c.icon)}<h3>${esc(c.title)}</h3>` +
    `<span class="count">${c.imports.length}</span></div><p>${esc(c.description)}</p>${control}<ul class="imports">${items}</ul></div>`
  );
}

function worldSection(world: WorldView, title = `World ${world.id}`): string {
  const list = (title: string, items: WorldItemView[], id: string): string =>
    `<h3 id="${id}">${esc(title)} <span class="count">${items.length}</span></h3>` +
    (items.length ? `<div class="items">${items.map(worldItem).join('\n')}</div>` : `<p class="none">None.</p>`);
  const controls = `<div class="tools"><button class="link" data-action="expand">Expand all</button><button class="link" data-action="collapse">Collapse all</button></div>`;
  return section(
    'world',
    title,
    (world.docs ? docs(world.docs) : '') + list('Imports', world.imports, 'imports') + list('Exports', world.exports, 'exports'),
    controls,
  );
}

function worldItem(item: WorldItemView): string {
  switch (item.kind) {
    case 'interface': {
      const i = item.iface;
      const counts = [
        i.functions.length + i.types.reduce((n, t) => n + t.functions.length, 0) ? plural(i.functions.length + i.types.reduce((n, t) => n + t.functions.length, 0), 'function') : '',
        i.types.length ? plural(i.types.length, 'type') : '',
      ]
        .filter(Boolean)
        .join(', ');
      return (
        `<details class="item iface" data-name="${esc(item.name)}"><summary>${icon('symbol-interface')}<code class="name">${esc(item.name)}</code>` +
        `<span class="sub">${esc(counts || 'empty')}</span></summary><div class="body">${interfaceBody(i)}</div></details>`
      );
    }
    case 'function':
      return (
        `<div class="item func" data-name="${esc(item.name)}">${icon('symbol-method')}<code class="sig"><span class="name">${esc(item.name)}</span>: ${highlight(item.func.signature)}</code>` +
        `${item.func.docs ? docs(item.func.docs) : ''}</div>`
      );
    case 'type':
      return `<div class="item type" data-name="${esc(item.name)}">${typeBlock(item.type)}</div>`;
  }
}

function interfaceBody(i: InterfaceView): string {
  const out: string[] = [];
  if (i.docs) out.push(docs(i.docs));
  for (const f of i.functions) out.push(funcLine(f));
  for (const t of i.types) {
    if (t.kind === 'resource') out.push(resourceBlock(t));
  }
  const others = i.types.filter((t) => t.kind !== 'resource');
  if (others.length) out.push(`<div class="type-names">types: ${others.map((t) => `<code title="${esc(t.definition)}">${esc(t.name)}</code>`).join(' ')}</div>`);
  if (out.length === 0) out.push('<p class="none">No functions or types.</p>');
  return out.join('');
}

function funcLine(f: FuncView): string {
  return `<div class="fn"><code class="sig"><span class="name">${esc(f.name)}</span>: ${highlight(f.signature)}</code>${f.docs ? docs(f.docs) : ''}</div>`;
}

function resourceBlock(t: TypeView): string {
  const fns = t.functions.map((f) => (f.kind === 'constructor' ? `<div class="fn"><code class="sig">${highlight(f.signature)}</code>${f.docs ? docs(f.docs) : ''}</div>` : funcLine(f)));
  return `<div class="resource"><code class="sig">${highlight(`resource ${t.name}`)}</code>${t.docs ? docs(t.docs) : ''}<div class="members">${fns.join('')}</div></div>`;
}

function typeBlock(t: TypeView): string {
  return `<div class="typedef"><pre class="code">${highlight(t.definition)}</pre>${t.docs ? docs(t.docs) : ''}</div>`;
}

function worldInterfaces(world: WorldView | undefined): InterfaceView[] {
  if (!world) return [];
  const out: InterfaceView[] = [];
  const seen = new Set<string>();
  const worldTypes: TypeView[] = [];
  for (const item of [...world.imports, ...world.exports]) {
    if (item.kind === 'interface' && !seen.has(item.name)) {
      seen.add(item.name);
      out.push(item.iface);
    } else if (item.kind === 'type') worldTypes.push(item.type);
  }
  if (worldTypes.length) out.unshift({ name: `world ${world.name}`, types: worldTypes, functions: [] });
  return out;
}

function typesSection(interfaces: InterfaceView[]): string | undefined {
  const groups = interfaces
    .map((i) => ({ i, types: i.types.filter((t) => t.kind !== 'resource' && t.kind !== 'use') }))
    .filter((g) => g.types.length > 0);
  if (groups.length === 0) return undefined;
  const content = groups
    .map(
      ({ i, types }) =>
        `<details class="item types-of"><summary><code class="name">${esc(i.name)}</code><span class="sub">${plural(types.length, 'type')}</span></summary>` +
        `<div class="body">${types.map(typeBlock).join('')}</div></details>`,
    )
    .join('\n');
  return section('types', 'Types', content);
}

function packageSection(pkg: PackageView): string {
  const parts: string[] = [];
  if (pkg.docs) parts.push(docs(pkg.docs));
  if (pkg.worlds.length) {
    parts.push(`<h3>Worlds <span class="count">${pkg.worlds.length}</span></h3>`);
    for (const w of pkg.worlds) {
      const line = (label: string, items: WorldItemView[]): string =>
        items.length ? `<div class="world-line"><span class="label">${label}</span> ${items.map((i) => `<code>${esc(i.name)}</code>`).join(' ')}</div>` : '';
      parts.push(
        `<details class="item world" open><summary>${icon('globe')}<code class="name">${esc(w.name)}</code></summary><div class="body">` +
          `${w.docs ? docs(w.docs) : ''}${line('imports', w.imports)}${line('exports', w.exports)}</div></details>`,
      );
    }
  }
  if (pkg.interfaces.length) {
    parts.push(`<h3>Interfaces <span class="count">${pkg.interfaces.length}</span></h3>`);
    parts.push(
      `<div class="items">${pkg.interfaces
        .map((i) => worldItem({ kind: 'interface', name: i.name, iface: i }))
        .join('\n')}</div>`,
    );
  }
  return section('world', `Package ${pkg.name}`, parts.join(''));
}

/** When the world could not be decoded: the names the binary imports and exports. */
function namesSection(info: WasmInfo): string {
  const list = (title: string, names: string[]): string =>
    `<h3>${esc(title)} <span class="count">${names.length}</span></h3>` +
    (names.length ? `<ul class="names">${names.map((n) => `<li><code>${esc(n)}</code></li>`).join('')}</ul>` : '<p class="none">None.</p>');
  return section('world', 'Imports and exports', list('Imports', info.imports) + list('Exports', info.exports));
}

function coreInterfaceSection(info: WasmInfo): string {
  const byModule = new Map<string, string[]>();
  for (const i of info.coreImports) {
    const list = byModule.get(i.module) ?? [];
    list.push(i.kind === 'func' ? i.name : `${i.name} (${i.kind})`);
    byModule.set(i.module, list);
  }
  const imports = byModule.size
    ? `<table class="grid"><thead><tr><th>Module</th><th class="num">Count</th><th>Names</th></tr></thead><tbody>${[...byModule]
        .map(([module, names]) => `<tr><td><code>${esc(module)}</code></td><td class="num">${names.length}</td><td>${nameList(names)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="none">None.</p>';
  const exports = info.coreExports.length
    ? `<table class="grid"><thead><tr><th>Name</th><th>Kind</th></tr></thead><tbody>${info.coreExports
        .map((e) => `<tr><td><code>${esc(e.name)}</code></td><td>${e.kind}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="none">None.</p>';
  const wasi = byModule.has('wasi_snapshot_preview1') || byModule.has('wasi_unstable')
    ? '<p class="hint">It imports WASI preview 1 (<code>wasi_snapshot_preview1</code>): turning it into a component takes the preview 1 adapter.</p>'
    : '';
  return section(
    'core',
    'Core imports and exports',
    `${wasi}<h3 id="imports">Imports <span class="count">${info.coreImports.length}</span></h3>${imports}<h3 id="exports">Exports <span class="count">${info.coreExports.length}</span></h3>${exports}`,
  );
}

/** Names as inline code; long lists folded after the first few. */
function nameList(names: string[]): string {
  const code = (n: string): string => `<code>${esc(n)}</code>`;
  if (names.length <= 8) return names.map(code).join(', ');
  return `${names.slice(0, 6).map(code).join(', ')} <details class="more inline"><summary>and ${names.length - 6} more</summary>${names.slice(6).map(code).join(', ')}</details>`;
}

function witSection(text: string | undefined, dependencies: number, title = 'WIT'): string {
  if (text === undefined) return section('wit', title, '<p class="none">No WIT is available for this file.</p>');
  const buttons =
    `<div class="tools"><button data-command="openWit" id="open-wit">${icon('go-to-file')}Open WIT</button>` +
    `<button data-command="copyWit" id="copy-wit">${icon('copy')}Copy WIT</button></div>`;
  const note = dependencies
    ? `<p class="hint">The world, then the ${plural(dependencies, 'package')} it uses, as far as the binary describes them.</p>`
    : '';
  return section('wit', title, `${note}<pre class="code wit" id="wit-text">${highlight(text)}</pre>`, buttons);
}

function producersSection(info: WasmInfo): string {
  const rows: { where: string; p: Producers }[] = [];
  if (info.producers) rows.push({ where: info.kind === 'module' ? 'module' : 'component', p: info.producers });
  for (const n of info.nestedProducers) rows.push({ where: nestedLabel(info, n.where), p: n.producers });
  if (rows.length === 0) return section('producers', 'Producers', '<p class="none">No <code>producers</code> section.</p>');
  const fmt = (list: [string, string][]): string => list.map(([n, v]) => `<code>${esc(n)}</code>${v ? ` ${esc(v)}` : ''}`).join('<br>') || '—';
  const body = rows
    .map(({ where, p }) => `<tr><td>${esc(where)}</td><td>${fmt(p.language)}</td><td>${fmt(p.processedBy)}</td><td>${fmt(p.sdk)}</td></tr>`)
    .join('');
  return section(
    'producers',
    'Producers',
    `<table class="grid"><thead><tr><th>Where</th><th>Language</th><th>Processed by</th><th>SDK</th></tr></thead><tbody>${body}</tbody></table>`,
  );
}

function nestedLabel(info: WasmInfo, where: string): string {
  const m = info.nestedModules.find((n) => n.path === where);
  return m?.name ? `${where} (${m.name})` : where;
}

function sizesSection(info: WasmInfo): string {
  let html = sectionTable(info.sections, info.size);
  if (info.nestedModules.length) {
    const max = Math.max(...info.nestedModules.map((m) => m.size));
    html +=
      `<h3>Core modules inside <span class="count">${info.nestedModules.length}</span></h3>` +
      `<table class="grid sizes"><thead><tr><th>Module</th><th class="num">Size</th><th></th><th class="num">Imports</th><th class="num">Exports</th></tr></thead><tbody>` +
      info.nestedModules
        .map(
          (m) =>
            `<tr><td>${esc(m.path)}${m.name ? ` <code>${esc(m.name)}</code>` : ''}</td><td class="num">${esc(formatBytes(m.size))}</td>` +
            `<td class="bar-cell">${bar(m.size, max)}</td><td class="num">${m.imports}</td><td class="num">${m.exports}</td></tr>`,
        )
        .join('') +
      '</tbody></table>';
  }
  if (info.nestedComponents) html += `<p class="hint">${plural(info.nestedComponents, 'nested component')}.</p>`;
  return section('sections', 'Size by section', html);
}

/** Sections grouped by kind (components have many small ones), biggest first. */
function sectionTable(sections: SectionInfo[], fileSize: number): string {
  const groups = new Map<string, { name: string; size: number; sections: number; items: number }>();
  for (const s of sections) {
    const g = groups.get(s.name) ?? { name: s.name, size: 0, sections: 0, items: 0 };
    g.size += s.size;
    g.sections += 1;
    g.items += s.count ?? 0;
    groups.set(s.name, g);
  }
  const rows = [...groups.values()].sort((a, b) => b.size - a.size);
  const max = Math.max(1, ...rows.map((r) => r.size));
  return (
    `<table class="grid sizes"><thead><tr><th>Section</th><th class="num">Size</th><th class="num">%</th><th></th><th class="num">Sections</th><th class="num">Items</th></tr></thead><tbody>` +
    rows
      .map(
        (r) =>
          `<tr data-section="${esc(r.name)}"><td>${esc(r.name)}</td><td class="num">${esc(formatBytes(r.size))}</td>` +
          `<td class="num">${fileSize ? ((100 * r.size) / fileSize).toFixed(1) : '0'}</td><td class="bar-cell">${bar(r.size, max)}</td>` +
          `<td class="num">${r.sections}</td><td class="num">${r.items || ''}</td></tr>`,
      )
      .join('') +
    '</tbody></table>'
  );
}

function docs(text: string): string {
  return `<div class="docs">${esc(text)
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, ' ')}</p>`)
    .join('')}</div>`;
}

// ---- Text helpers ----

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

const KEYWORDS = new Set([
  'package', 'world', 'interface', 'import', 'export', 'use', 'type', 'record', 'variant', 'enum', 'flags', 'resource', 'func',
  'static', 'constructor', 'async', 'include', 'with', 'as', 'from',
]);
const TYPES = new Set([
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'list', 'option', 'result',
  'tuple', 'borrow', 'own', 'future', 'stream', 'map', 'error-context', '_',
]);

/** WIT text as HTML with spans for comments, keywords and built-in types. */
export function highlight(text: string): string {
  let out = '';
  const re = /(\/\/[^\n]*)|(%?[a-zA-Z][a-zA-Z0-9-]*)|(@[a-z]+(?:\([^)]*\))?)|([^/%a-zA-Z@]+|.)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) out += `<span class="tk-comment">${esc(m[1])}</span>`;
    else if (m[2] !== undefined) {
      const w = m[2];
      if (KEYWORDS.has(w)) out += `<span class="tk-keyword">${esc(w)}</span>`;
      else if (TYPES.has(w)) out += `<span class="tk-type">${esc(w)}</span>`;
      else out += esc(w);
    } else if (m[3] !== undefined) out += `<span class="tk-attr">${esc(m[3])}</span>`;
    else out += esc(m[4] ?? '');
  }
  return out;
}

// ---- The document ----

const SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  for (const b of document.querySelectorAll('[data-command]')) {
    b.addEventListener('click', () => vscode.postMessage({ type: b.getAttribute('data-command') }));
  }
  for (const b of document.querySelectorAll('[data-action]')) {
    b.addEventListener('click', () => {
      const open = b.getAttribute('data-action') === 'expand';
      for (const d of document.querySelectorAll('#world details')) d.open = open;
    });
  }
})();`;

/** The inspector's own rules, after the shared ones of webviewPage.ts. */
const STYLE = `
.badge.role { background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, #fff); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--vscode-widget-border, #8884); border-left-width: 4px; border-radius: 4px; padding: 10px 12px; background: var(--vscode-editorWidget-background, transparent); }
.card.sens-high { border-left-color: var(--vscode-editorError-foreground, #f14c4c); }
.card.sens-medium { border-left-color: var(--vscode-editorWarning-foreground, #cca700); }
.card.sens-low { border-left-color: var(--vscode-editorInfo-foreground, #3794ff); }
.card.sens-none { border-left-color: var(--vscode-disabledForeground, #8888); opacity: .85; }
.card-head { display: flex; align-items: center; gap: 8px; }
.card-head h3 { margin: 0; flex: 1; }
.card p { margin: 6px 0; }
.control { display: flex; gap: 6px; align-items: center; margin: 6px 0; font-weight: 600; }
.control.fixed { color: var(--vscode-descriptionForeground); font-style: italic; font-weight: normal; }
ul.imports, ul.names { list-style: none; padding: 0; margin: 6px 0 0; }
ul.imports li { display: flex; flex-direction: column; padding: 3px 0; border-top: 1px dashed var(--vscode-widget-border, #8883); }
ul.imports .detail { color: var(--vscode-descriptionForeground); font-size: .92em; }
.items { display: flex; flex-direction: column; gap: 4px; }
.item { border: 1px solid var(--vscode-widget-border, #8883); border-radius: 3px; padding: 4px 8px; }
.item summary { cursor: pointer; display: flex; align-items: center; gap: 8px; list-style: none; }
.item summary::-webkit-details-marker { display: none; }
.item summary::before { content: '▸'; width: 10px; color: var(--vscode-descriptionForeground); }
.item[open] > summary::before { content: '▾'; }
.item .sub { color: var(--vscode-descriptionForeground); margin-left: auto; }
.item .body { padding: 6px 0 4px 18px; }
.item.func { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.fn { margin: 3px 0; }
.resource { margin: 8px 0; }
.resource .members { padding-left: 18px; border-left: 1px solid var(--vscode-widget-border, #8883); margin-left: 4px; }
.type-names { margin-top: 6px; color: var(--vscode-descriptionForeground); }
.type-names code { margin-right: 6px; color: var(--vscode-foreground); }
.sig .name, code.name { color: var(--vscode-symbolIcon-functionForeground, var(--vscode-foreground)); font-weight: 600; }
.docs { color: var(--vscode-descriptionForeground); margin: 2px 0 4px; }
.docs p { margin: 2px 0; }
pre.wit { max-height: 70vh; }
.tk-keyword { color: var(--vscode-symbolIcon-keywordForeground, #569cd6); }
.tk-type { color: var(--vscode-symbolIcon-typeParameterForeground, #4ec9b0); }
.tk-comment { color: var(--vscode-editorLineNumber-foreground, #6a9955); font-style: italic; }
.tk-attr { color: var(--vscode-symbolIcon-constantForeground, #c586c0); }
.error-page { display: flex; gap: 16px; padding: 16px; border: 1px solid var(--vscode-inputValidation-errorBorder, #be1100); border-radius: 4px; background: var(--vscode-inputValidation-errorBackground, #5a1d1d); }
.error-icon .icon { width: 32px; height: 32px; color: var(--vscode-errorForeground); }
.error-title { margin-bottom: 8px; }
.error-message code { white-space: pre-wrap; }
details.more summary { cursor: pointer; color: var(--vscode-textLink-foreground); }
.world-line { margin: 2px 0; }
.world-line .label { color: var(--vscode-descriptionForeground); display: inline-block; min-width: 60px; }
.world-line code { margin-right: 6px; }
`;
