import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { runSafe } from '../../../server/src/lsp/runSafe';
import { startServer } from '../../../server/src/lsp/server';

interface PublishedDiagnostics {
  uri: string;
  diagnostics: { range: { start: { line: number; character: number } }; message: string; severity: number; tags?: number[] }[];
}

describe('language server over LSP', () => {
  let dir: string;
  let client: MessageConnection;
  const published = new Map<string, PublishedDiagnostics>();
  const waiters: (() => void)[] = [];
  const uri = (rel: string) => URI.file(join(dir, rel)).toString();
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const diagnosticsOf = async (rel: string, predicate: (d: PublishedDiagnostics) => boolean = () => true) => {
    for (let i = 0; i < 200; i++) {
      const d = published.get(uri(rel));
      if (d && predicate(d)) return d;
      await new Promise<void>((r) => waiters.push(r) && setTimeout(r, 25));
    }
    throw new Error(`no diagnostics for ${rel}`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wit-lsp-'));
    write('wit/main.wit', 'package a:b;\ninterface i {\n  use wasi:io/streams@0.2.0.{input-stream};\n  read: func(s: borrow<input-stream>);\n}\n');
    write('wit/deps/io.wit', 'package wasi:io@0.2.0;\ninterface streams {\n  /// Bytes in.\n  resource input-stream;\n}\n');
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(toServer, toClient));
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      published.set(p.uri, p);
      waiters.splice(0).forEach((w) => w());
    });
    client.onRequest('workspace/configuration', () => [{ features: [], allFeatures: false, depsFolders: [] }]);
    client.onNotification('window/logMessage', () => undefined);
    client.listen();
    await client.sendRequest('initialize', { processId: null, rootUri: URI.file(dir).toString(), capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
  });

  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('files of the workspace get diagnostics without being opened, and clean files an empty list', async () => {
    const main = await diagnosticsOf('wit/main.wit');
    assert.deepEqual(main.diagnostics, []);
    assert.deepEqual((await diagnosticsOf('wit/deps/io.wit')).diagnostics, []);
  });

  test('a component written next to no WIT makes no package of its folder', async () => {
    write('build/app.wasm', '\0asm\x0d\0\x01\0');
    await client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('build/app.wasm'), type: 1 }] });
    write('wit/extra.wit', 'package a:b;\n');
    await client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('wit/extra.wit'), type: 1 }] });
    await diagnosticsOf('wit/extra.wit');
    assert.equal(published.get(uri('build')), undefined);
  });

  test('an edit in the open document re-publishes, with exact ranges and unused-use hints', async () => {
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri('wit/main.wit'), languageId: 'wit', version: 1, text: 'package a:b;\ninterface i {\n  use wasi:io/streams@0.2.0.{input-stream, nope};\n}\n' },
    });
    const d = await diagnosticsOf('wit/main.wit', (p) => p.diagnostics.some((x) => x.severity === 1));
    assert.deepEqual(
      d.diagnostics.filter((x) => x.severity === 1).map((x) => [x.range.start.line, x.range.start.character, x.message]),
      [[2, 43, 'type `nope` not defined in interface']],
    );
    const hints = d.diagnostics.filter((x) => x.severity === 4);
    assert.deepEqual(hints.map((x) => [x.message, x.tags]), [['`input-stream` is never used', [1]], ['`nope` is never used', [1]]]);
  });

  test('hover and go to definition across into deps/', async () => {
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('wit/main.wit'), version: 2 },
      contentChanges: [{ text: 'package a:b;\ninterface i {\n  use wasi:io/streams@0.2.0.{input-stream};\n  read: func(s: borrow<input-stream>);\n}\n' }],
    });
    const position = { line: 3, character: 26 };
    const hover = (await client.sendRequest('textDocument/hover', { textDocument: { uri: uri('wit/main.wit') }, position })) as { contents: { value: string } };
    assert.match(hover.contents.value, /resource input-stream/);
    assert.match(hover.contents.value, /Bytes in\./);
    const def = (await client.sendRequest('textDocument/definition', { textDocument: { uri: uri('wit/main.wit') }, position })) as { uri: string; range: unknown };
    assert.deepEqual(def, { uri: uri('wit/deps/io.wit'), range: { start: { line: 3, character: 11 }, end: { line: 3, character: 23 } } });
  });

  test('rename refuses a keyword with a message, and renames across files', async () => {
    const params = { textDocument: { uri: uri('wit/main.wit') }, position: { line: 3, character: 26 } };
    await assert.rejects(client.sendRequest('textDocument/rename', { ...params, newName: 'record' }), /`record` is a WIT keyword/);
    const edit = (await client.sendRequest('textDocument/rename', { ...params, newName: 'source' })) as { changes: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(edit.changes).sort(), [uri('wit/deps/io.wit'), uri('wit/main.wit')].sort());
    assert.equal(edit.changes[uri('wit/main.wit')]!.length, 2);
  });

  test('completion offers types in scope with a text edit', async () => {
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('wit/main.wit'), version: 3 },
      contentChanges: [{ text: 'package a:b;\ninterface i {\n  use wasi:io/streams@0.2.0.{input-stream};\n  read: func(s: inp);\n}\n' }],
    });
    const items = (await client.sendRequest('textDocument/completion', { textDocument: { uri: uri('wit/main.wit') }, position: { line: 3, character: 19 } })) as {
      label: string;
      textEdit: { range: { start: { character: number } } };
    }[];
    const item = items.find((i) => i.label === 'input-stream')!;
    assert.equal(item.textEdit.range.start.character, 16);
  });

  test('outline, workspace symbols, semantic tokens, folding and selection ranges', async () => {
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('wit/main.wit'), version: 4 },
      contentChanges: [{ text: 'package a:b;\ninterface i {\n  use wasi:io/streams@0.2.0.{input-stream};\n  read: func(s: borrow<input-stream>);\n}\n' }],
    });
    const doc = { textDocument: { uri: uri('wit/main.wit') } };
    const symbols = (await client.sendRequest('textDocument/documentSymbol', doc)) as { name: string; kind: number; children: { name: string }[] }[];
    assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['a:b', 4]]);
    const found = (await client.sendRequest('workspace/symbol', { query: 'inpst' })) as { name: string; location: { uri: string } }[];
    assert.deepEqual(found.map((s) => [s.name, s.location.uri]), [['input-stream', uri('wit/deps/io.wit')]]);
    const tokens = (await client.sendRequest('textDocument/semanticTokens/full', doc)) as { data: number[] };
    assert.equal(tokens.data.length % 5, 0);
    assert.ok(tokens.data.length >= 5 * 6, `tokens for the names of the file: ${tokens.data}`);
    const folds = (await client.sendRequest('textDocument/foldingRange', doc)) as { startLine: number; endLine: number }[];
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[1, 3]]);
    const selection = (await client.sendRequest('textDocument/selectionRange', { ...doc, positions: [{ line: 3, character: 26 }] })) as {
      range: { start: { character: number }; end: { character: number } };
      parent?: unknown;
    }[];
    assert.deepEqual([selection[0]!.range.start.character, selection[0]!.range.end.character], [23, 35]);
    assert.ok(selection[0]!.parent);
  });

  test('a request that throws is answered empty and logged; a cancelled one is answered as cancelled', () => {
    const logged: string[] = [];
    const connection = { console: { error: (m: string) => logged.push(m) } } as unknown as Parameters<typeof runSafe>[0];
    const live = new CancellationTokenSource();
    assert.deepEqual(runSafe(connection, 'boom', live.token, [], () => { throw new Error('kaput'); }), []);
    assert.match(logged[0]!, /^boom failed: Error: kaput/);
    const cancelled = new CancellationTokenSource();
    cancelled.cancel();
    const answer = runSafe(connection, 'slow', cancelled.token, [], () => ['never']);
    assert.ok(!Array.isArray(answer) && answer.code === -32800);
  });
});
