// Builds the component project in each folder given, as "WIT: Build Component" does (the same
// detection and toolchain code, from out/: run `node scripts/build.mjs` first), printing the
// build's output. Exits 1 if a folder is not a project or its build fails.
//
//   node scripts/build-component.mjs wit-examples/c-clock wit-examples/js-plugin
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'client', 'src', 'toolchains');
const { detectProjectOnDisk } = await import(join(out, 'projects.js'));
const { buildProject } = await import(join(out, 'pipelines.js'));

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('usage: node scripts/build-component.mjs <project folder>…');
  process.exit(2);
}
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
for (const folder of folders) {
  const project = await detectProjectOnDisk(resolve(folder));
  for (const note of project.notes) console.log(`note: ${note}`);
  if (project.kind === 'none') {
    console.error(`${folder}: ${project.reason}`);
    process.exitCode = 1;
    continue;
  }
  const result = await buildProject(project, { signal: abort.signal, onLine: (line) => console.log(line) });
  if (!result.ok) process.exitCode = 1;
  if (result.cancelled) break;
}
