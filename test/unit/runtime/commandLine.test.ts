import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteArgument, splitArguments } from '../../../client/src/runtime/commandLine';

test('arguments split like a shell splits words, with nothing expanded', () => {
  assert.deepEqual(splitArguments(`  --read 'my file.txt' "a \\"b\\" $HOME" c\\ d '' *  `), { ok: true, args: ['--read', 'my file.txt', 'a "b" $HOME', 'c d', '', '*'] });
  assert.deepEqual(splitArguments('x"y z"w'), { ok: true, args: ['xy zw'] });
  assert.deepEqual(splitArguments(''), { ok: true, args: [] });
  assert.deepEqual(splitArguments(`'open`), { ok: false, message: 'the single quote is not closed' });
  assert.deepEqual(splitArguments('a "b'), { ok: false, message: 'the double quote is not closed' });
  assert.deepEqual(splitArguments('a\\'), { ok: false, message: 'a backslash at the end escapes nothing' });
});

test('quoted arguments read back as themselves', () => {
  const args = ['plain', 'two words', "it's", '', '$HOME', 'a\\b'];
  const line = args.map(quoteArgument).join(' ');
  assert.equal(line, `plain 'two words' 'it'\\''s' '' '$HOME' 'a\\b'`);
  assert.deepEqual(splitArguments(line), { ok: true, args });
});
