// The run spec (client/src/runtime/runSpec.ts): how the extension launches the runner, how it
// reads the runner's events, and which specs the runner accepts.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { checkRunSpec, parseRunnerEvent, runnerLaunch, runnerPath, type RunSpec } from '../../../client/src/runtime/runSpec';

const spec: RunSpec = {
  component: '/work/app.wasm',
  mode: { kind: 'command', args: ['--flag'] },
  grants: { directories: [{ host: 'data', guest: '/data', readOnly: true }], env: { A: '1' }, network: false, stdin: true },
  cwd: '/work',
};

describe('run spec', () => {
  test('the runner is the bundled dist/runtime/runner.mjs', () => {
    assert.match(runnerPath(), /dist\/runtime\/runner\.mjs$/);
    assert.ok(existsSync(runnerPath()), 'built by scripts/build.mjs');
  });

  test('launch with node, or with VS Code as Node; the grants are not in the runner environment', () => {
    const env = { PATH: '/bin' };
    assert.deepEqual(runnerLaunch(spec, '/tmp/spec.json', { path: '/usr/bin/node' }, env), {
      command: '/usr/bin/node',
      args: [runnerPath(), '/tmp/spec.json'],
      cwd: '/work',
      env,
      interactiveInput: true,
    });
    const electron = runnerLaunch({ ...spec, grants: { ...spec.grants, stdin: false } }, '/tmp/spec.json', { path: '/opt/code/code', electron: true }, env);
    assert.deepEqual(electron.env, { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(electron.interactiveInput, false);
  });

  test('events are JSON lines; anything else is not an event', () => {
    assert.deepEqual(parseRunnerEvent('{"event":"trap","message":"m","function":"f"}'), { event: 'trap', message: 'm', function: 'f' });
    assert.equal(parseRunnerEvent('hello'), undefined);
    assert.equal(parseRunnerEvent('{"no":"event"}'), undefined);
    assert.equal(parseRunnerEvent('null'), undefined);
  });

  test('specs are checked', () => {
    assert.deepEqual(checkRunSpec(spec), { ok: true, spec });
    const bad = (value: unknown) => {
      const r = checkRunSpec(value);
      return r.ok ? 'ok' : r.message;
    };
    assert.equal(bad([]), '`component` must be a path');
    assert.equal(bad({ ...spec, mode: { kind: 'serve', port: 70000 } }), '`mode.port` must be a port number (0: any)');
    assert.equal(bad({ ...spec, mode: { kind: 'invoke', function: 'f' } }), '`mode.function` and `mode.args` must be strings');
    assert.equal(bad({ ...spec, mode: { kind: 'debug' } }), '`mode.kind` must be command, invoke or serve');
    assert.equal(bad({ ...spec, grants: { ...spec.grants, env: { A: 1 } } }), '`grants.env` must map names to strings');
    assert.equal(bad({ ...spec, grants: { ...spec.grants, network: 'yes' } }), '`grants.network` and `grants.stdin` must be true or false');
    assert.equal(bad({ ...spec, grants: { ...spec.grants, directories: [{ host: '/a' }] } }), '`grants.directories` must be a list of { host, guest, readOnly? }');
    const debugged = { ...spec, trace: { file: 't.jsonl' }, debug: { socket: '/tmp/d/channel.sock' } };
    assert.deepEqual(checkRunSpec(debugged), { ok: true, spec: debugged });
    assert.equal(bad({ ...debugged, debug: { socket: 3 } }), '`debug.socket` must be a path');
    assert.equal(bad({ ...debugged, trace: undefined }), '`debug` needs `trace` (a debugged run is traced)');
  });
});
