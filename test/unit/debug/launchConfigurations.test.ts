import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchConfiguration, type LaunchConfiguration, saysWhatToRun, withDefaults, workspaceConfigurations } from '../../../client/src/debug/launchConfigurations';

const NOTHING = { directories: [], env: {}, network: false, stdin: false };
const DEFAULTS = { witRoots: ['/ws'], cwd: '/ws', traceMaxValueLength: 1024 };

test('the workspace gets one configuration per component and composition, with paths inside the folder relative to it', () => {
  const configs = workspaceConfigurations(['/ws/pipeline/wit-studio.compose.json', '/ws/c-command/build/command.wasm', '/elsewhere/x.wasm'], '/ws');
  assert.deepEqual(
    configs.map((c) => [c.type, c.request, c.name, c.program]),
    [
      ['wit-component', 'launch', 'Debug pipeline composition', '${workspaceFolder}/pipeline/wit-studio.compose.json'],
      ['wit-component', 'launch', 'Debug command.wasm', '${workspaceFolder}/c-command/build/command.wasm'],
      ['wit-component', 'launch', 'Debug x.wasm', '/elsewhere/x.wasm'],
    ],
  );
  assert.equal(configs.some((c) => 'mode' in c || 'grants' in c), false, 'what to run is asked at launch');
});

test('a configuration made from the answers carries them', () => {
  const mode = { kind: 'invoke' as const, function: 'process', args: '"hello world"' };
  assert.deepEqual(launchConfiguration('/ws/host.wasm', { mode, grants: NOTHING }), {
    type: 'wit-component',
    request: 'launch',
    name: 'Debug host.wasm',
    program: '/ws/host.wasm',
    mode,
    grants: NOTHING,
  });
});

test('a component says what to run with a mode or a shorthand; a composition always does', () => {
  const base = { type: 'wit-component', request: 'launch', name: 'x' };
  assert.equal(saysWhatToRun({ ...base, program: '/ws/a.wasm' }), false);
  assert.equal(saysWhatToRun({ ...base, program: '/ws/a.wasm', args: [] }), true);
  assert.equal(saysWhatToRun({ ...base, program: '/ws/a.wasm', invoke: 'f()' }), true);
  assert.equal(saysWhatToRun({ ...base, program: '/ws/a.wasm', mode: { kind: 'serve', port: 0 } }), true);
  assert.equal(saysWhatToRun({ ...base, program: '/ws/p/wit-studio.compose.json' }), true);
});

test('defaults fill only what the configuration leaves out (null counts as left out)', () => {
  const config = { type: 'wit-component', request: 'launch', name: 'x', program: '/ws/a.wasm', cwd: '/ws/a', witRoots: undefined, traceMaxValueLength: null };
  assert.deepEqual(withDefaults(config as unknown as LaunchConfiguration, DEFAULTS), { ...DEFAULTS, type: 'wit-component', request: 'launch', name: 'x', program: '/ws/a.wasm', cwd: '/ws/a' });
});
