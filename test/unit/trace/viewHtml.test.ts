// The trace view's page (client/src/trace/view/traceHtml.ts): the header, the timeline (bars
// placed by time, failures red, a note for calls not drawn), the details of a call, the totals,
// the data the page's script filters, and the escaping of every value from the trace.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TraceCall, TraceHeader } from '../../../client/src/trace/model';
import { renderCallDetails, renderTraceErrorHtml, renderTraceHtml, type TracePage } from '../../../client/src/trace/view/traceHtml';
import { analyzeTrace, formatMs, matchesFilters } from '../../../client/src/trace/view/traceModel';

const NONCE = 'n0nce';
const OPTIONS = { nonce: NONCE, cspSource: 'vscode-webview:' };
const STDOUT = 'wasi:cli/stdout@0.2.3';
const STREAMS = 'wasi:io/streams@0.2.3';
const PLUGIN = 'wit-studio:pipeline/plugin@0.1.0';

function call(id: number, parent: number, caller: string, callee: string, iface: string, fn: string, start: number, duration: number, extra: Partial<TraceCall> = {}): TraceCall {
  return { id, parent, caller, callee, interface: iface, function: fn, args: [], start, duration, ...extra };
}

const HEADER: TraceHeader = {
  kind: 'wit-studio-trace',
  version: 1,
  startedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  components: { plugin: '/work/plugin.wasm' },
  source: 'jco',
  maxValueLength: 1024,
};

/** host → plugin transform (a value that looks like markup), which writes to stdout; then a trap. */
const CALLS: TraceCall[] = [
  call(2, 1, 'plugin', 'host', STDOUT, 'get-stdout', 1, 0.5, { result: 'handle<output-stream>#1' }),
  call(3, 1, 'plugin', 'host', STREAMS, '[method]output-stream.blocking-write-and-flush', 2, 1, { args: ['handle<output-stream>#1', '[60, 98, 62]'], result: 'ok' }),
  call(4, 1, 'plugin', 'host', STREAMS, '[method]output-stream.blocking-write-and-flush', 4, 2, { args: ['handle<output-stream>#1', '[10]'], result: 'ok' }),
  call(1, 0, 'host', 'plugin', PLUGIN, 'transform', 0, 10, {
    args: ['"<script>alert(\'x\')</script> & co"', 'upper'],
    result: 'ok("<B>")',
    definition: { file: '/work/wit/pipeline.wit', line: 13 },
  }),
  call(5, 0, 'host', 'plugin', PLUGIN, 'transform', 12, 3, { args: ['""', 'upper'], trap: true, error: 'unreachable <wasm>' }),
];

function page(extra: Partial<TracePage> = {}, calls = CALLS, header = HEADER): TracePage {
  return { title: 'run.witrace', trace: analyzeTrace(header, calls), hasFile: true, truncated: false, filters: {}, ...extra };
}

function bars(html: string): string[] {
  return [...html.matchAll(/<svg class="call[^"]*" data-id="(\d+)"/g)].map((m) => m[1]);
}

describe('trace page', () => {
  test('a self-contained document: a CSP with the nonce, nothing loaded from outside', () => {
    const html = renderTraceHtml(page(), OPTIONS);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src vscode-webview: 'nonce-n0nce'; script-src 'nonce-n0nce';/);
    assert.equal([...html.matchAll(/<script /g)].length, [...html.matchAll(/<script [^>]*nonce="n0nce"/g)].length);
    assert.doesNotMatch(html, /\b(src|href)=/);
    assert.match(html, /var\(--vscode-charts-blue\)/);
  });

  test('the header: the run, how complete the trace is, calls, total time, failures, components', () => {
    const html = renderTraceHtml(page(), OPTIONS);
    assert.match(html, /<h1 id="title">run\.witrace<\/h1>/);
    assert.match(html, /<span id="source">complete \(jco: every call at the boundaries, with values\)<\/span>/);
    assert.match(html, /<span id="call-count">5 calls<\/span>/);
    assert.match(html, /<span>total 15\.0 ms<\/span>/);
    assert.match(html, /<span class="badge error">1 failed call<\/span>/);
    assert.match(html, /2025-01-02 03:04:05 UTC/);
    assert.match(html, /<span class="badge role c0" title="\/work\/plugin\.wasm">plugin<\/span>/);
    assert.match(html, /data-command="exportChrome"/);
    assert.match(html, /data-command="openRaw"/);
    assert.doesNotMatch(renderTraceHtml(page({ hasFile: false }), OPTIONS), /data-command="openRaw"/);
  });

  test('a Wasmtime log trace is said to be partial; a cut-off file is said so', () => {
    const html = renderTraceHtml(page({ truncated: true }, CALLS, { ...HEADER, source: 'wasmtime-log' }), OPTIONS);
    assert.match(html, /<span id="source">partial \(Wasmtime log: WASI calls only, no values\)<\/span>/);
    assert.match(html, /<strong>A partial trace<\/strong>/);
    assert.match(html, /<strong>The last line of the file was cut off<\/strong>/);
  });

  test('the timeline: a lane per component, bars placed by time and depth, colored by the party called, failures red', () => {
    const html = renderTraceHtml(page(), OPTIONS);
    assert.match(html, /<div class="lane" data-party="plugin"><div class="lane-head"><strong>plugin<\/strong><span class="hint">5 calls · 13\.0 ms<\/span><\/div><svg class="track" width="100%" height="40">/);
    assert.deepEqual(bars(html), ['1', '2', '3', '4', '5']);
    assert.match(html, /<svg class="call c0" data-id="1" x="0%" y="0" width="66\.667%" height="18">/);
    assert.match(html, /<svg class="call c-host" data-id="3" x="13\.333%" y="20" width="6\.667%" height="18">/);
    assert.match(html, /<svg class="call c0 failed" data-id="5" x="80%" y="0" width="20%" height="18"><title>[^<]*trap: unreachable &lt;wasm&gt;<\/title><rect width="100%" height="100%" rx="2"\/><text x="4" y="13">✕ transform<\/text><\/svg>/);
    assert.match(html, /<span><span class="swatch c-host"><\/span>host<\/span>/);
    assert.doesNotMatch(html, /more not drawn/);
  });

  test('hover titles carry the call with its values, escaped', () => {
    const html = renderTraceHtml(page(), OPTIONS);
    const title = /data-id="1"[^>]*><title>([^<]*)<\/title>/.exec(html)?.[1];
    assert.equal(
      title,
      'host → plugin\nwit-studio:pipeline/plugin@0.1.0#transform(&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co&quot;, upper)\n→ ok(&quot;&lt;B&gt;&quot;)\n10.0 ms (self 6.50 ms), at 0.000 ms',
    );
  });

  test('a big trace: at most N calls drawn, and the rest said', () => {
    const html = renderTraceHtml(page(), { ...OPTIONS, maxDrawn: 3 });
    assert.deepEqual(bars(html), ['1', '4', '5']);
    assert.match(html, /<p class="note" id="not-drawn">.*<span>2 more not drawn: the timeline shows the 3 calls nearest the top level, failed and longest first\. The call list has all 5\.<\/span><\/p>/);
    const many = Array.from({ length: 2500 }, (_, i) => call(i + 1, 0, 'host', 'plugin', PLUGIN, 'count', i, 0.5));
    assert.match(renderTraceHtml(page({}, many), OPTIONS), /500 more not drawn: the timeline shows the 2,000 calls .*The call list has all 2,500\./);
  });

  test('an empty trace', () => {
    const html = renderTraceHtml(page({}, []), OPTIONS);
    assert.match(html, /<p class="none">No calls were recorded\.<\/p>/);
    assert.doesNotMatch(html, /id="summary"/);
  });

  test('the call list: its filters as given, the count they let through, the data for the script without values', () => {
    const html = renderTraceHtml(page({ filters: { component: 'plugin', interface: STDOUT, errorsOnly: false, function: 'get"' }, selected: 2 }), OPTIONS);
    assert.match(html, /<option value="plugin" selected>plugin<\/option>/);
    assert.match(
      html,
      /<select id="f-interface"><option value="\*">All<\/option><option value="wasi:cli\/stdout@0\.2\.3" selected>wasi:cli\/stdout@0\.2\.3<\/option><option value="wasi:io\/streams@0\.2\.3">wasi:io\/streams@0\.2\.3<\/option><option value="wit-studio:pipeline\/plugin@0\.1\.0">/,
    );
    const world = renderTraceHtml(page({}, [call(1, 0, 'host', 'plugin', '', 'run', 0, 1)]), OPTIONS);
    assert.match(world, /<option value="">\(world functions\)<\/option>/);
    assert.match(html, /<input id="f-function" type="search" placeholder="part of a name" value="get&quot;">/);
    assert.match(html, /<input id="f-errors" type="checkbox"> Failed only/);
    assert.match(html, /<span class="hint" id="match-count">0 of 5 calls<\/span>/);
    const json = /<script type="application\/json" id="trace-data" nonce="n0nce">(.*?)<\/script>/.exec(html)![1];
    assert.doesNotMatch(json, /</);
    const data = JSON.parse(json);
    assert.deepEqual(data.calls[0], { id: 1, depth: 0, name: `${PLUGIN}#transform`, caller: 'host', callee: 'plugin', interface: PLUGIN, function: 'transform', start: 0, duration: 10 });
    assert.deepEqual(data.calls[4], { ...data.calls[0], id: 5, start: 12, duration: 3, error: 'unreachable <wasm>', trap: true });
    assert.equal(data.selected, 2);
    assert.doesNotMatch(json, /alert/);
  });

  test("the page's script parses, and filters with the model's own function", () => {
    const html = renderTraceHtml(page(), OPTIONS);
    const script = /<script nonce="n0nce">([^]*?)<\/script>/.exec(html)![1];
    assert.doesNotThrow(() => new Function(script));
    assert.ok(script.includes(`const matchesFilters = ${matchesFilters.toString()};`));
    assert.ok(script.includes(`const formatMs = ${formatMs.toString()};`));
  });

  test('the totals per function and per component', () => {
    const html = renderTraceHtml(page(), OPTIONS);
    assert.match(
      html,
      /<tr class="failed"><td><button class="link" data-filter-function="wit-studio:pipeline\/plugin@0\.1\.0#transform" title="Show its calls">wit-studio:pipeline\/plugin@0\.1\.0#transform<\/button><\/td><td class="num">2<\/td><td class="num">13\.000<\/td><td class="num">9\.500<\/td><td class="num">1<\/td>/,
    );
    assert.match(html, /<tr><td>host<\/td><td class="num">3<\/td><td class="num">3\.500<\/td><td class="num">3\.500<\/td><td class="num"><\/td>/);
  });
});

describe('trace page: details of a call', () => {
  const trace = analyzeTrace(HEADER, CALLS);

  test('caller → callee, the function, its values escaped, timing, the call it was made in, Go to WIT definition', () => {
    const html = renderCallDetails(trace, 1);
    assert.match(html, /<h3><span class="party">host<\/span> → <span class="party">plugin<\/span> <span class="hint">#1<\/span><\/h3>/);
    assert.match(html, /<tr><th>Function<\/th><td><code>wit-studio:pipeline\/plugin@0\.1\.0#transform<\/code><\/td><\/tr>/);
    assert.match(html, /<ol class="values"><li><code class="wave">&quot;&lt;script&gt;alert\(&#39;x&#39;\)&lt;\/script&gt; &amp; co&quot;<\/code><\/li><li><code class="wave">upper<\/code><\/li><\/ol>/);
    assert.match(html, /<tr><th>Result<\/th><td><code class="wave">ok\(&quot;&lt;B&gt;&quot;\)<\/code><\/td><\/tr>/);
    assert.match(html, /<tr><th>Duration<\/th><td>10\.0 ms <span class="hint">\(self 6\.50 ms\)<\/span><\/td><\/tr>/);
    assert.match(html, /<tr><th>Within<\/th><td><span class="none">nothing: a top-level call<\/span><\/td><\/tr><tr><th>Calls made<\/th><td>3<\/td><\/tr>/);
    assert.match(html, /<button data-command="goToDefinition" title="\/work\/wit\/pipeline\.wit:14">.*Go to WIT definition<\/button>/);
  });

  test('a trap: marked red, no result; without a recorded definition the button looks it up in the workspace', () => {
    const html = renderCallDetails(trace, 5);
    assert.match(html, /^<div class="call-details failed" data-call="5">/);
    assert.match(html, /<tr><th>Result<\/th><td><span class="none">none: the call failed<\/span><\/td><\/tr><tr><th>Trap<\/th><td><span class="error-text">unreachable &lt;wasm&gt;<\/span><\/td><\/tr>/);
    assert.match(html, /<button data-command="goToDefinition" title="[^"]* in the workspace&#39;s WIT">/);
  });

  test('the call it was made in links to it; a missing one is explained', () => {
    assert.match(renderCallDetails(trace, 3), /<button class="link" data-select="1">#1 host → plugin transform<\/button>/);
    const orphan = analyzeTrace(HEADER, [call(7, 3, 'plugin', 'host', STDOUT, 'get-stdout', 1, 1)]);
    assert.match(renderCallDetails(orphan, 7), /call #3, which had not ended when the trace was written/);
  });

  test('no values in a Wasmtime log: said so', () => {
    const partial = analyzeTrace({ ...HEADER, source: 'wasmtime-log' }, [call(1, 0, 'plugin', 'host', STDOUT, 'get-stdout', 0, 1)]);
    const html = renderCallDetails(partial, 1);
    assert.match(html, /<tr><th>Arguments<\/th><td><span class="none">not recorded \(Wasmtime log\)<\/span><\/td><\/tr><tr><th>Result<\/th><td><span class="none">not recorded \(Wasmtime log\)<\/span>/);
  });

  test('nothing selected, or a call not in the trace', () => {
    assert.match(renderCallDetails(trace, undefined), /Select a call in the timeline or the list/);
    assert.match(renderCallDetails(trace, 99), /Select a call in the timeline or the list/);
  });
});

describe('trace page: other', () => {
  test('a file that is no trace gets a page that says why, escaped', () => {
    const html = renderTraceErrorHtml('x.witrace', 'Not a WIT Studio trace <here>.', OPTIONS);
    assert.match(html, /<strong>This trace cannot be shown<\/strong><div>Not a WIT Studio trace &lt;here&gt;\.<\/div>/);
  });

  test('durations with the precision they need', () => {
    assert.deepEqual([0.0123, 1.5, 12.34, 456.7, 2345].map(formatMs), ['0.012 ms', '1.50 ms', '12.3 ms', '457 ms', '2.35 s']);
  });
});
