// Breakpoints at the WIT boundary, verified against the worlds of a run's components (decoded
// from real components of the example pipeline's WIT).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { functionBreakpoint, targetBreakpoint, type RunWorlds } from '../../../client/src/debug/breakpoints';
import { worldOf } from '../../helpers/wasmComponents';

const PLUGIN_INTERFACE = `package wit-studio:pipeline@0.1.0;

interface plugin {
  name: func() -> string;
  transform: func(input: string, loud: bool) -> result<string, string>;
}
`;

const plugin = 'wit-studio:pipeline/plugin@0.1.0';
const hostShape = { id: 'wit-studio:pipeline/host@0.1.0', imports: [plugin], exports: ['process'] };

describe('boundary breakpoints', () => {
  let worlds: RunWorlds;
  before(async () => {
    worlds = new Map([
      ['pipeline-host', await worldOf(`${PLUGIN_INTERFACE}\nworld host {\n  import plugin;\n  export process: func(input: string) -> string;\n}\n`)],
      ['plugin', await worldOf(`${PLUGIN_INTERFACE}\nworld text-plugin {\n  export plugin;\n}\n`)],
    ]);
  });

  test('a function, an interface, a world function', () => {
    assert.deepEqual(targetBreakpoint({ kind: 'function', interface: plugin, function: 'transform' }, worlds), {
      verified: true,
      filters: [{ interface: plugin, function: 'transform' }],
      label: 'plugin.transform',
    });
    assert.deepEqual(targetBreakpoint({ kind: 'interface', interface: plugin }, worlds), { verified: true, filters: [{ interface: plugin }], label: 'plugin' });
    assert.deepEqual(targetBreakpoint({ kind: 'function', interface: '', function: 'process', world: hostShape.id }, worlds), {
      verified: true,
      filters: [{ interface: '', function: 'process' }],
      label: 'process',
    });
  });

  test('a world: every boundary call of the components of that world', () => {
    assert.deepEqual(targetBreakpoint({ kind: 'world', world: hostShape }, worlds), { verified: true, filters: [{ component: 'pipeline-host' }], label: 'world host' });
    assert.deepEqual(targetBreakpoint({ kind: 'world', world: { id: 'wit-studio:pipeline/text-plugin@0.1.0', imports: [], exports: [plugin] } }, worlds), {
      verified: true,
      filters: [{ component: 'plugin' }],
      label: 'world text-plugin',
    });
  });

  test('what no component of the run imports or exports is unverified, saying so', () => {
    assert.deepEqual(targetBreakpoint({ kind: 'interface', interface: 'wit-studio:text/types@0.1.0' }, worlds), {
      verified: false,
      message: 'no component of this run imports or exports wit-studio:text/types',
    });
    assert.deepEqual(targetBreakpoint({ kind: 'function', interface: plugin, function: 'count' }, worlds), {
      verified: false,
      message: 'no component of this run imports or exports wit-studio:pipeline/plugin@0.1.0#count',
    });
    assert.deepEqual(targetBreakpoint({ kind: 'world', world: { id: 'a:b/other', imports: [], exports: ['run'] } }, worlds), {
      verified: false,
      message: 'no component of this run is of world a:b/other',
    });
  });

  test('function breakpoint names', () => {
    const fb = (name: string) => functionBreakpoint(name, worlds);
    assert.deepEqual(fb('transform'), { verified: true, filters: [{ function: 'transform' }], label: 'transform' });
    assert.deepEqual(fb('plugin.transform'), { verified: true, filters: [{ interface: plugin, function: 'transform' }], label: 'plugin.transform' });
    assert.deepEqual(fb(`${plugin}#name`), { verified: true, filters: [{ interface: plugin, function: 'name' }], label: 'plugin.name' });
    assert.deepEqual(fb(plugin), { verified: true, filters: [{ interface: plugin }], label: 'plugin' });
    assert.deepEqual(fb('wit-studio:pipeline/plugin'), { verified: true, filters: [{ interface: 'wit-studio:pipeline/plugin' }], label: 'plugin' });
    assert.deepEqual(fb('component:plugin'), { verified: true, filters: [{ component: 'plugin' }], label: 'component:plugin' });
    assert.deepEqual(fb('component:nope'), { verified: false, message: 'this run has no component nope (it has pipeline-host, plugin)' });
    assert.deepEqual(fb('tranform'), { verified: false, message: 'no component of this run imports or exports a function tranform' });
    assert.deepEqual(fb('other.transform'), { verified: false, message: 'no component of this run imports or exports an interface other with a function transform' });
  });
});
