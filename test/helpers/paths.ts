import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (tests run from the compiled out/ tree, sources stay in place). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/out')) dir = dirname(dir);
  return dir;
})();

export const fixturesDir = join(repoRoot, 'test', 'fixtures');
