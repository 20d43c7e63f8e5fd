// Reading the adapter's command lines (client/src/runtime/debug/protocol.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAdapterCommand } from '../../../../client/src/runtime/debug/protocol';

test('command lines: known commands with their fields, anything else ignored', () => {
  assert.deepEqual(parseAdapterCommand('{"cmd":"breakpoints","breakpoints":[{"id":1,"function":"hello","condition":"name == \\"wit\\""}]}'), {
    cmd: 'breakpoints',
    breakpoints: [{ id: 1, function: 'hello', condition: 'name == "wit"' }],
  });
  assert.deepEqual(parseAdapterCommand('{"cmd":"exceptions","traps":true}'), { cmd: 'exceptions', traps: true, errors: false });
  assert.deepEqual(parseAdapterCommand('{"cmd":"start","stopOnEntry":true}'), { cmd: 'start', stopOnEntry: true });
  assert.deepEqual(parseAdapterCommand('{"cmd":"stepOut","extra":1}'), { cmd: 'stepOut' });
  assert.equal(parseAdapterCommand('{"cmd":"breakpoints","breakpoints":[{"id":"1"}]}'), undefined);
  assert.equal(parseAdapterCommand('{"cmd":"stepIn"}'), undefined);
  assert.equal(parseAdapterCommand('not json'), undefined);
  assert.equal(parseAdapterCommand('null'), undefined);
});
