import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Compares `actual` with the snapshot file. A missing snapshot is written (and the test
 * fails under CI, where nothing may be written); `UPDATE_SNAPSHOTS=1` rewrites them all.
 */
export function matchSnapshot(path: string, actual: string): void {
  if (process.env.UPDATE_SNAPSHOTS === '1' || (!existsSync(path) && !process.env.CI)) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing snapshot ${path} (run the tests once locally to create it)`);
  assert.equal(actual, readFileSync(path, 'utf8'), `snapshot ${path} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}
