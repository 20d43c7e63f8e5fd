// Tests for the capability classification (client/src/component/capabilities.ts): on the imports
// of real components built here with jco from the WASI releases it ships (0.2.x and 0.3.0), on
// every interface of those releases, and on core modules (WASI preview 1, embedded WIT).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  classifyCapabilities,
  classifyCoreImports,
  classifyImport,
  componentRoles,
  parseInterfaceName,
  type CapabilityReport,
} from '../../../client/src/component/capabilities';
import { inspectWasm, type WasmInfo } from '../../../server/src/syntax/binary/wasmInfo';
import { repoRoot } from '../../helpers/paths';

type Jco = typeof import('@bytecodealliance/jco');
let jco: Jco;

before(async () => {
  jco = await import('@bytecodealliance/jco');
});

const builtin = join(repoRoot, 'node_modules/@bytecodealliance/jco/lib/wit/builtin');

function wasi(version: string, ...packages: string[]): string {
  return packages
    .map((p) => readFileSync(join(builtin, version, `wasi-${p}`, 'package.wit'), 'utf8').replace(/^package ([^;]+);/m, 'package $1 {') + '\n}\n')
    .join('\n');
}

async function inspectComponent(source: string, world = 'w'): Promise<WasmInfo> {
  const core = await jco.componentEmbed({ witSource: source, world, dummy: true });
  const info = inspectWasm(await jco.componentNew(core));
  if (!info.ok) assert.fail(info.message);
  return info;
}

/** `id: import, import` per capability, most sensitive first. */
function outline(report: CapabilityReport): string[] {
  return report.capabilities.map((c) => `${c.id}: ${c.imports.map((i) => i.name).join(', ')}`);
}

const WASI_02 = (): string => wasi('0.2.12', 'cli', 'clocks', 'filesystem', 'io', 'random', 'sockets', 'http');

describe('WASI interfaces', () => {
  test('every interface of the WASI releases shipped with jco has its own rule', () => {
    const unknown: string[] = [];
    let count = 0;
    for (const version of readdirSync(builtin).filter((v) => /^\d+\.\d+\.\d+$/.test(v))) {
      for (const dir of readdirSync(join(builtin, version))) {
        const text = readFileSync(join(builtin, version, dir, 'package.wit'), 'utf8');
        const pkg = /^package wasi:([a-z-]+)@/m.exec(text)?.[1];
        assert.ok(pkg, `${version}/${dir} names its package`);
        for (const [, name] of text.matchAll(/^interface ([a-z-]+)/gm)) {
          const id = `wasi:${pkg}/${name}@${version}`;
          const { item } = classifyImport(id);
          count++;
          if (item.detail.startsWith('the WASI interface')) unknown.push(id);
        }
      }
    }
    assert.ok(count > 40, `${count} interfaces`);
    assert.deepEqual(unknown, []);
  });

  test('names: packages, versions, plain names', () => {
    assert.deepEqual(parseInterfaceName('wasi:cli/environment@0.2.0'), { namespace: 'wasi', pkg: 'cli', iface: 'environment', version: '0.2.0' });
    assert.deepEqual(parseInterfaceName('wasi:keyvalue/store@0.2.0-draft'), { namespace: 'wasi', pkg: 'keyvalue', iface: 'store', version: '0.2.0-draft' });
    assert.deepEqual(parseInterfaceName('my:host/logger'), { namespace: 'my', pkg: 'host', iface: 'logger' });
    assert.equal(parseInterfaceName('log'), undefined);
    assert.equal(parseInterfaceName('[method]r.m'), undefined);
    const env = classifyImport('wasi:cli/environment');
    assert.deepEqual([env.capability, env.item.interface, env.item.version], ['environment', 'wasi:cli/environment', undefined]);
  });

  test('other WASI packages, newer interfaces of known packages, custom ones', () => {
    assert.deepEqual(
      outline(
        classifyCapabilities([
          'wasi:keyvalue/store@0.2.0-draft',
          'wasi:config/store@0.2.0-draft',
          'wasi:frobnicate/x@1.0.0',
          'wasi:filesystem/watch@0.4.0',
          'wasi:sockets/quic@0.4.0',
          'acme:billing/charge@2.0.0',
          'log',
        ]),
      ),
      [
        'files: wasi:filesystem/watch@0.4.0',
        'network: wasi:sockets/quic@0.4.0',
        'custom: acme:billing/charge@2.0.0, log',
        'other-wasi: wasi:keyvalue/store@0.2.0-draft, wasi:config/store@0.2.0-draft, wasi:frobnicate/x@1.0.0',
      ],
    );
    assert.equal(classifyImport('wasi:keyvalue/store@0.2.0-draft').item.detail, 'key-value storage the host provides');
    assert.equal(classifyImport('acme:billing/charge@2.0.0').item.detail, 'the host interface acme:billing/charge');
    assert.equal(classifyImport('log').item.detail, 'a function or interface named log that the host must provide');
  });

  test('versions are listed once, in version order', () => {
    const report = classifyCapabilities(['wasi:io/poll@0.2.12', 'wasi:io/error@0.2.9', 'wasi:cli/stdin@0.3.0', 'wasi:io/streams@0.2.12', 'my:x/y@9.0.0']);
    assert.deepEqual(report.wasiVersions, ['0.2.9', '0.2.12', '0.3.0']);
  });
});

describe('components', () => {
  test('a component importing files, sockets, environment, clocks, random and a host function', async () => {
    const info = await inspectComponent(
      `package demo:app;
world w {
  import wasi:filesystem/preopens@0.2.12;
  import wasi:sockets/tcp@0.2.12;
  import wasi:sockets/ip-name-lookup@0.2.12;
  import wasi:cli/environment@0.2.12;
  import wasi:clocks/wall-clock@0.2.12;
  import wasi:random/random@0.2.12;
  import log: func(msg: string);
  export run: func() -> result;
}
` + WASI_02(),
    );
    const report = classifyCapabilities(info.imports, info.exports);
    assert.deepEqual(outline(report), [
      'files: wasi:filesystem/types@0.2.12, wasi:filesystem/preopens@0.2.12',
      'network: wasi:sockets/network@0.2.12, wasi:sockets/tcp@0.2.12, wasi:sockets/ip-name-lookup@0.2.12',
      'environment: wasi:cli/environment@0.2.12',
      'custom: log',
      'clocks: wasi:clocks/wall-clock@0.2.12, wasi:clocks/monotonic-clock@0.2.12',
      'random: wasi:random/random@0.2.12',
      'io: wasi:io/error@0.2.12, wasi:io/poll@0.2.12, wasi:io/streams@0.2.12',
    ]);
    const byId = new Map(report.capabilities.map((c) => [c.id, c]));
    assert.deepEqual(byId.get('files')?.control?.kind, 'directories');
    assert.deepEqual(byId.get('environment')?.control?.kind, 'variables');
    assert.deepEqual(byId.get('network')?.control?.kind, 'toggle');
    assert.equal(byId.get('clocks')?.control, undefined);
    assert.equal(byId.get('files')?.icon, 'folder-opened');
    assert.equal(byId.get('files')?.sensitivity, 'high');
    assert.equal(byId.get('io')?.sensitivity, 'none');
    assert.equal(byId.get('files')?.description, 'Read and write files in the directories you grant it. Without granted directories it sees no files at all.');
    assert.equal(
      byId.get('environment')?.imports[0].detail,
      'read environment variables, command-line arguments and the initial working directory',
    );
    assert.equal(byId.get('network')?.imports.find((i) => i.interface === 'wasi:sockets/ip-name-lookup')?.detail, 'resolve host names (DNS)');
    assert.deepEqual(report.wasiVersions, ['0.2.12']);
    assert.deepEqual(report.roles.map((r) => [r.id, r.exports]), [['library', ['run']]]);
  });

  test('a command with stdio and exit; world-level resources go with their functions', async () => {
    const info = await inspectComponent(
      `package demo:cmd;
world w {
  import wasi:cli/stdin@0.2.12;
  import wasi:cli/stdout@0.2.12;
  import wasi:cli/exit@0.2.12;
  import wasi:cli/terminal-stdout@0.2.12;
  import my:host/logger@1.0.0;
  resource r { m: func(); }
  import make: func() -> r;
  export wasi:cli/run@0.2.12;
}
package my:host@1.0.0 { interface logger { log: func(msg: string); } }
` + WASI_02(),
    );
    const report = classifyCapabilities(info.imports, info.exports);
    assert.deepEqual(outline(report), [
      'custom: my:host/logger@1.0.0, r, make',
      'stdio: wasi:cli/stdin@0.2.12, wasi:cli/stdout@0.2.12, wasi:cli/terminal-output@0.2.12, wasi:cli/terminal-stdout@0.2.12',
      'exit: wasi:cli/exit@0.2.12',
      // streams use poll's pollable, so poll is imported too
      'io: wasi:io/error@0.2.12, wasi:io/poll@0.2.12, wasi:io/streams@0.2.12',
    ]);
    const stdio = report.capabilities.find((c) => c.id === 'stdio');
    assert.deepEqual(stdio?.control, { kind: 'toggle', label: 'Standard input can be connected or left empty' });
    const r = report.capabilities.find((c) => c.id === 'custom')?.imports.find((i) => i.name === 'r');
    assert.equal(r?.detail, 'a resource the host provides, with m');
    assert.deepEqual(report.roles.map((x) => [x.id, x.exports]), [['command', ['wasi:cli/run@0.2.12']]]);
    // Without stdin there is nothing to switch off.
    assert.equal(classifyCapabilities(['wasi:cli/stdout@0.2.12']).capabilities[0].control, undefined);
  });

  test('an HTTP proxy (0.2): outgoing requests are network access, HTTP types are plumbing', async () => {
    const info = await inspectComponent('package demo:proxy;\nworld w { include wasi:http/proxy@0.2.12; }\n' + WASI_02());
    const report = classifyCapabilities(info.imports, info.exports);
    assert.deepEqual(outline(report), [
      'network: wasi:http/outgoing-handler@0.2.12',
      'stdio: wasi:cli/stdout@0.2.12, wasi:cli/stderr@0.2.12, wasi:cli/stdin@0.2.12',
      'clocks: wasi:clocks/monotonic-clock@0.2.12, wasi:clocks/wall-clock@0.2.12',
      'random: wasi:random/random@0.2.12',
      'io: wasi:io/poll@0.2.12, wasi:io/error@0.2.12, wasi:io/streams@0.2.12, wasi:http/types@0.2.12',
    ]);
    assert.deepEqual(report.roles.map((r) => [r.id, r.exports]), [['http-handler', ['wasi:http/incoming-handler@0.2.12']]]);
  });

  test('WASI 0.3 names', async () => {
    const info = await inspectComponent(
      `package demo:p3;
world w {
  import wasi:cli/stdin@0.3.0;
  import wasi:cli/environment@0.3.0;
  import wasi:filesystem/preopens@0.3.0;
  import wasi:sockets/types@0.3.0;
  import wasi:sockets/ip-name-lookup@0.3.0;
  import wasi:http/client@0.3.0;
  import wasi:clocks/system-clock@0.3.0;
  import wasi:clocks/monotonic-clock@0.3.0;
  import wasi:random/insecure@0.3.0;
  import wasi:random/insecure-seed@0.3.0;
  export wasi:http/handler@0.3.0;
}
` + wasi('0.3.0', 'cli', 'clocks', 'filesystem', 'random', 'sockets', 'http'),
    );
    const report = classifyCapabilities(info.imports, info.exports);
    assert.deepEqual(outline(report), [
      'files: wasi:filesystem/types@0.3.0, wasi:filesystem/preopens@0.3.0',
      'network: wasi:sockets/types@0.3.0, wasi:sockets/ip-name-lookup@0.3.0, wasi:http/client@0.3.0',
      'environment: wasi:cli/environment@0.3.0',
      'stdio: wasi:cli/stdin@0.3.0',
      'clocks: wasi:clocks/types@0.3.0, wasi:clocks/system-clock@0.3.0, wasi:clocks/monotonic-clock@0.3.0',
      'random: wasi:random/insecure@0.3.0, wasi:random/insecure-seed@0.3.0',
      'io: wasi:cli/types@0.3.0, wasi:http/types@0.3.0',
    ]);
    assert.deepEqual(report.wasiVersions, ['0.3.0']);
    assert.deepEqual(report.roles.map((r) => r.id), ['http-handler']);
  });

  test('a component that imports nothing asks for nothing', () => {
    const report = classifyCapabilities([], ['add']);
    assert.deepEqual(report.capabilities, []);
    assert.deepEqual(componentRoles([]), []);
  });
});

describe('core modules', () => {
  test('WASI preview 1 functions and other host modules', async () => {
    const bytes = await jco.parse(`(module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "path_open" (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_prestat_get" (func (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_get" (func (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
      (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "poll_oneoff" (func (param i32 i32 i32 i32) (result i32)))
      (import "env" "host_log" (func (param i32 i32)))
      (memory (export "memory") 1))`);
    const info = inspectWasm(bytes);
    assert.ok(info.ok);
    const report = classifyCoreImports(info.coreImports);
    assert.deepEqual(outline(report), [
      'files: wasi_snapshot_preview1: path_open, fd_prestat_get',
      'network: wasi_snapshot_preview1: sock_accept',
      'environment: wasi_snapshot_preview1: environ_get, args_sizes_get',
      'custom: env',
      'stdio: wasi_snapshot_preview1: fd_write',
      'clocks: wasi_snapshot_preview1: clock_time_get',
      'random: wasi_snapshot_preview1: random_get',
      'exit: wasi_snapshot_preview1: proc_exit',
      'io: wasi_snapshot_preview1: poll_oneoff',
    ]);
  });

  test('a module with WIT embedded: its lowered imports classify like the component’s', async () => {
    const source =
      `package demo:app;
world w {
  import wasi:filesystem/preopens@0.2.12;
  import wasi:cli/environment@0.2.12;
  import log: func(msg: string);
  export run: func();
}
` + WASI_02();
    const core = await jco.componentEmbed({ witSource: source, world: 'w', dummy: true });
    const module = inspectWasm(core);
    const comp = inspectWasm(await jco.componentNew(core));
    assert.ok(module.ok && comp.ok);
    const ids = (r: CapabilityReport) => r.capabilities.map((c) => `${c.id} ${c.imports.length}`);
    assert.deepEqual(ids(classifyCoreImports(module.coreImports)), ids(classifyCapabilities(comp.imports)));
    assert.deepEqual(
      classifyCoreImports(module.coreImports).capabilities.find((c) => c.id === 'files')?.imports.map((i) => i.name),
      ['cm32p2|wasi:filesystem/types@0.2', 'cm32p2|wasi:filesystem/preopens@0.2'].map((n) => n.replace('cm32p2|', '')),
    );
  });
});
