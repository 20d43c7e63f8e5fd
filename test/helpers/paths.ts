import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (tests run from the compiled out/ tree, sources stay in place). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/out')) dir = dirname(dir);
  return dir;
})();

export const fixturesDir = join(repoRoot, 'test', 'fixtures');

/**
 * The wit-parser conformance corpus (shared with the project, not vendored): `$WIT_CONFORMANCE_DIR`,
 * or `../shared/wit-conformance` beside the checkout, or `/work/shared/wit-conformance`.
 * Keep in step with scripts/test.mjs.
 */
export function conformanceDir(): string | undefined {
  return [process.env.WIT_CONFORMANCE_DIR, join(repoRoot, '../shared/wit-conformance'), '/work/shared/wit-conformance'].find(
    (d): d is string => !!d && existsSync(join(d, 'cases')),
  );
}
