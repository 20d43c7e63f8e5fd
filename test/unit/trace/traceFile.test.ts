// The trace file writer (client/src/trace/traceFile.ts): the header at once, then lines in
// batches while the run goes on, the rest at close; a failing disk stops the trace, not the run.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TraceFileWriter } from '../../../client/src/trace/traceFile';
import { tempDir } from '../../helpers/toolchains';

describe('trace file writer', () => {
  test('writes the first line at once, gathers the next ones, writes the rest when closed', async () => {
    const path = join(tempDir('trace-file-'), 'nested', 'run.jsonl');
    const writer = new TraceFileWriter(path);
    writer.write('header\n');
    assert.equal(readFileSync(path, 'utf8'), 'header\n');
    writer.write('a\n');
    assert.equal(readFileSync(path, 'utf8'), 'header\n', 'gathered');
    await new Promise((resolve) => setTimeout(resolve, 120));
    writer.write('b\n');
    assert.equal(readFileSync(path, 'utf8'), 'header\na\nb\n', 'written once 100 ms have passed since the file was last written');
    writer.write('x'.repeat(64 * 1024));
    assert.equal(readFileSync(path, 'utf8').length, 11 + 64 * 1024, 'written when 64 KiB have gathered');
    writer.write('c\n');
    writer.close();
    writer.write('after\n');
    assert.ok(readFileSync(path, 'utf8').endsWith('xc\n'));
    assert.equal(writer.error, undefined);
  });

  test('a write that fails stops the trace quietly and keeps why', { skip: existsSync('/dev/full') ? undefined : 'no /dev/full here' }, () => {
    const writer = new TraceFileWriter('/dev/full');
    writer.write('header\n');
    assert.match(String(writer.error?.message), /ENOSPC/);
    writer.write('more\n');
    writer.close();
  });
});
