/**
 * What the extension's webview pages share: the document (a strict CSP with a nonce, VS Code's
 * theme variables, nothing loaded from outside), the base style, inline icons and the small
 * parts every page is made of (header, sections, banners, badges, bars). Pure.
 */

export interface RenderOptions {
  /** A fresh random string for the CSP and the inline style and script. */
  nonce: string;
  /** The webview's `cspSource`. */
  cspSource: string;
}

/** A whole page: the shared style, then the page's own `style`; `script` runs last. */
export function webviewPage(title: string, body: string, { nonce, cspSource }: RenderOptions, style: string, script: string): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(title)}</title>
<style nonce="${nonce}">${BASE_STYLE}${style}</style>
</head>
<body>
<main>
${body}
</main>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
}

// ---- Parts ----

export function header(title: string, meta: string[], badges: string[]): string {
  return (
    `<header><h1 id="title">${esc(title)}</h1><div class="meta">${meta.filter(Boolean).join('<span class="sep">·</span>')}</div>` +
    (badges.length ? `<div class="roles">${badges.join(' ')}</div>` : '') +
    '</header>'
  );
}

export function section(id: string, title: string, content: string, extra = ''): string {
  return `<section id="${id}"><div class="section-head"><h2>${esc(title)}</h2>${extra}</div>${content}</section>`;
}

export function banner(kind: 'warning' | 'info', title: string, html: string): string {
  return `<div class="banner ${kind}" role="status">${icon(kind === 'warning' ? 'warning' : 'info')}<div><strong>${esc(title)}</strong><div>${html}</div></div></div>`;
}

export function badge(text: string, cls: string, title?: string): string {
  return `<span class="badge ${cls}"${title ? ` title="${esc(title)}"` : ''}>${esc(text)}</span>`;
}

export function bar(value: number, max: number): string {
  const pct = max > 0 ? Math.max(0.5, (100 * value) / max) : 0;
  // SVG attributes rather than a style attribute, which the CSP blocks.
  return `<svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect width="${pct.toFixed(1)}" height="1"/></svg>`;
}

// ---- Text ----

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---- Icons (inline SVG in the spirit of the codicons; the webview loads nothing) ----

const ICONS: Record<string, string> = {
  'folder-opened': '<path d="M1.5 3.5h4l1.5 1.5h6.5v2"/><path d="M1.5 3.5v9h11l2-5.5h-11l-2 5.5"/>',
  globe: '<circle cx="8" cy="8" r="6.5"/><path d="M1.5 8h13M8 1.5c-2.5 3-2.5 10 0 13M8 1.5c2.5 3 2.5 10 0 13"/>',
  'symbol-variable': '<path d="M2 4.5l6-3 6 3v7l-6 3-6-3z"/><path d="M2 4.5l6 3 6-3M8 7.5v7"/>',
  terminal: '<rect x="1.5" y="2.5" width="13" height="11" rx="1"/><path d="M4 6l2.5 2L4 10M8 10.5h4"/>',
  watch: '<circle cx="8" cy="8" r="5"/><path d="M8 5.5V8l1.8 1.2M6 1.5h4M6 14.5h4"/>',
  'symbol-number': '<path d="M5.5 2l-1.5 12M11.5 2L10 14M2.5 5.5h11M2 10.5h11"/>',
  'debug-stop': '<rect x="3.5" y="3.5" width="9" height="9" rx="1"/>',
  extensions: '<rect x="1.5" y="6.5" width="4" height="4"/><rect x="5.5" y="10.5" width="4" height="4"/><rect x="1.5" y="10.5" width="4" height="4"/><rect x="9" y="2" width="4" height="4" transform="rotate(15 11 4)"/>',
  plug: '<path d="M5.5 1.5v3M10.5 1.5v3M3.5 4.5h9v3a4.5 4.5 0 0 1-9 0zM8 12v2.5"/>',
  references: '<path d="M2 4h9M2 8h12M2 12h7"/><path d="M12 10l2 2-2 2"/>',
  'symbol-interface': '<circle cx="4.5" cy="8" r="3"/><path d="M7.5 8h7"/>',
  'symbol-method': '<path d="M8 1.5l5.5 3v7L8 14.5l-5.5-3v-7z"/><path d="M2.5 4.5L8 7.5l5.5-3M8 7.5v7"/>',
  settings: '<circle cx="8" cy="8" r="2.2"/><path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4"/>',
  'go-to-file': '<path d="M3.5 1.5h6l3 3v10h-9z"/><path d="M9.5 1.5v3h3M5.5 9.5h5M8.5 7.5l2 2-2 2"/>',
  copy: '<rect x="4.5" y="4.5" width="9" height="10" rx="1"/><path d="M2.5 11.5v-9a1 1 0 0 1 1-1h7"/>',
  warning: '<path d="M8 1.5l7 12.5H1z"/><path d="M8 6v4M8 11.5v1"/>',
  info: '<circle cx="8" cy="8" r="6.5"/><path d="M8 7v4.5M8 4.5v1"/>',
  export: '<path d="M8 10.5V1.5M4.5 5L8 1.5 11.5 5"/><path d="M2.5 9.5v5h11v-5"/>',
  error: '<circle cx="8" cy="8" r="6.5"/><path d="M5.5 5.5l5 5M10.5 5.5l-5 5"/>',
};

export function icon(name: string): string {
  const body = ICONS[name] ?? ICONS.info;
  return `<svg class="icon" data-icon="${esc(name)}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">${body}</svg>`;
}

const BASE_STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
h1 { font-size: 1.6em; font-weight: 600; margin: 8px 0 4px; word-break: break-all; }
h2 { font-size: 1.25em; font-weight: 600; margin: 0; }
h3 { font-size: 1.05em; font-weight: 600; margin: 16px 0 8px; }
header { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); padding-bottom: 12px; margin-bottom: 16px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; color: var(--vscode-descriptionForeground); }
.meta .sep { opacity: .6; }
.roles { margin-top: 8px; display: flex; gap: 6px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: .9em; }
.badge.error { background: var(--vscode-inputValidation-errorBackground, #a1260d); color: var(--vscode-errorForeground, #fff); }
section { margin: 24px 0; }
.section-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 4px; margin-bottom: 12px; }
.tools { display: flex; gap: 8px; }
button { display: inline-flex; align-items: center; gap: 6px; font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.link { background: none; color: var(--vscode-textLink-foreground); padding: 2px 4px; }
button.link:hover { text-decoration: underline; background: none; }
.icon { width: 16px; height: 16px; flex: none; fill: none; stroke: currentColor; stroke-width: 1.2; stroke-linecap: round; stroke-linejoin: round; vertical-align: middle; }
.count { display: inline-block; min-width: 18px; text-align: center; padding: 0 6px; border-radius: 9px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: .85em; font-weight: normal; }
pre.code { background: var(--vscode-textCodeBlock-background, #8881); padding: 8px 12px; border-radius: 3px; overflow: auto; margin: 4px 0; white-space: pre; }
table.grid { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
table.grid th, table.grid td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-widget-border, #8883); vertical-align: top; }
table.grid th { font-weight: 600; color: var(--vscode-descriptionForeground); }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar-cell { width: 35%; }
.bar { display: block; width: 100%; height: 10px; background: var(--vscode-editorWidget-background, #8882); border-radius: 2px; }
.bar rect { fill: var(--vscode-progressBar-background, #0e70c0); }
.banner { display: flex; gap: 10px; padding: 10px 12px; border-radius: 4px; margin: 12px 0; border: 1px solid; }
.banner.warning { border-color: var(--vscode-inputValidation-warningBorder, #b89500); background: var(--vscode-inputValidation-warningBackground, #352a05); }
.banner.info { border-color: var(--vscode-inputValidation-infoBorder, #007acc); background: var(--vscode-inputValidation-infoBackground, #063b49); }
.banner .icon { margin-top: 2px; }
.none, .hint { color: var(--vscode-descriptionForeground); }
`;
