// Test entry loaded by VS Code's extension host (the `extensionTestsPath` of the e2e runner,
// scripts/e2e/run.mjs). Runs every compiled `*.test.js` of one suite folder with Mocha:
// $WIT_E2E_SUITE (absolute, or relative to this file's folder), else ./suite next to this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const setting = process.env.WIT_E2E_SUITE;
  const suiteDir = setting ? path.resolve(__dirname, setting) : path.join(__dirname, 'suite');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000 });
  const grep = process.env.WIT_E2E_GREP;
  if (grep) mocha.grep(grep);

  const files = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${suiteDir}`);
  for (const f of files) mocha.addFile(path.join(suiteDir, f));
  console.log(`e2e: running ${files.length} file(s) from ${suiteDir}`);

  await new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
