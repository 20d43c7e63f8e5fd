import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyCapabilities } from '../../../client/src/component/capabilities';
import { describeGrants, effectiveGrants, formatEnvAssignments, parseDirectories, parseEnvAssignments, sanitizeGrants, type Grants } from '../../../client/src/component/grants';

const everything: Grants = { directories: [{ host: '/home/me/data', guest: '/data' }], env: { HOME: '/home/me', MODE: 'fast' }, network: true, stdin: true };

describe('grants', () => {
  test('a component gets only the grants for what it imports', () => {
    const clockOnly = classifyCapabilities(['wasi:clocks/wall-clock@0.2.0']);
    assert.deepEqual(effectiveGrants(clockOnly, everything), { directories: [], env: {}, network: false, stdin: false });
    const files = classifyCapabilities(['wasi:filesystem/preopens@0.2.0', 'wasi:filesystem/types@0.2.0', 'wasi:cli/stdout@0.2.0']);
    assert.deepEqual(effectiveGrants(files, everything), { directories: everything.directories, env: {}, network: false, stdin: false });
    const all = classifyCapabilities(['wasi:filesystem/preopens@0.2.0', 'wasi:cli/environment@0.2.0', 'wasi:sockets/tcp@0.2.0', 'wasi:cli/stdin@0.2.0']);
    assert.deepEqual(effectiveGrants(all, everything), everything);
  });

  test('each capability says what this run gives it', () => {
    const report = classifyCapabilities(['wasi:filesystem/preopens@0.2.0', 'wasi:cli/environment@0.2.0', 'wasi:sockets/tcp@0.2.0', 'wasi:cli/stdin@0.2.0', 'wasi:clocks/wall-clock@0.2.0']);
    const titles = report.capabilities.map((c) => c.title);
    assert.deepEqual(
      describeGrants(report, { directories: [], env: { A: '1' }, network: false, stdin: false }),
      [`${titles[0]}: no directories (it sees no files)`, `${titles[1]}: denied`, `${titles[2]}: A`, `${titles[3]}: output shown; input empty`, `${titles[4]}: provided`],
    );
  });

  test('environment assignments', () => {
    assert.deepEqual(parseEnvAssignments('A=1; B = x\nC='), { ok: false, message: '"B = x" is not NAME=value (a name is letters, digits and _, not starting with a digit)' });
    assert.deepEqual(parseEnvAssignments('A=1; B=x=y\nC='), { ok: true, env: { A: '1', B: 'x=y', C: '' } });
    assert.deepEqual(parseEnvAssignments('  '), { ok: true, env: {} });
    assert.equal(formatEnvAssignments({ A: '1', B: 'x=y' }), 'A=1; B=x=y');
  });

  test('remembered grants are read back defensively', () => {
    assert.deepEqual(sanitizeGrants(undefined), { directories: [], env: {}, network: false, stdin: false });
    assert.deepEqual(sanitizeGrants({ directories: [{ host: '/a', guest: '/b', extra: 1 }, { host: 3 }], env: { A: '1', B: 2 }, network: 'yes', stdin: true }), {
      directories: [{ host: '/a', guest: '/b' }],
      env: { A: '1' },
      network: false,
      stdin: true,
    });
  });
});

describe('directory grants', () => {
  test('host::guest pairs, both absolute', () => {
    assert.deepEqual(parseDirectories('/home/me/data::/data; /tmp/x::/'), { ok: true, directories: [{ host: '/home/me/data', guest: '/data' }, { host: '/tmp/x', guest: '/' }] });
    assert.deepEqual(parseDirectories('/srv'), { ok: true, directories: [{ host: '/srv', guest: '/srv' }] });
    assert.deepEqual(parseDirectories(''), { ok: true, directories: [] });
    assert.deepEqual(parseDirectories('data::/data'), { ok: false, message: '"data" is not an absolute folder path' });
    assert.deepEqual(parseDirectories('/data::data'), { ok: false, message: '"data" must be an absolute path (as the component sees it), like /data' });
  });
});
