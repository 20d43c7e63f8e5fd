import { layoutOf, type BinaryRead, type FileSystemSnapshot } from '../semantics/layout';
import { watToBinary, WatError } from './decodeWat';

/**
 * Converts the `.wat` WIT packages of the given roots (their `deps/*.wat`, or a root that is
 * a `.wat` file) to binaries, for a `NodeFileSystem` to serve. A file that cannot be
 * converted maps to the reason.
 */
export async function convertWatPackages(fs: FileSystemSnapshot, roots: readonly string[]): Promise<Map<string, BinaryRead>> {
  const converted = new Map<string, BinaryRead>();
  for (const root of roots) {
    for (const path of layoutOf(fs, root).binaries) {
      if (!path.endsWith('.wat') || converted.has(path)) continue;
      const text = fs.readFile(path);
      if (text === undefined) continue;
      try {
        converted.set(path, { bytes: await watToBinary(text, path) });
      } catch (e) {
        if (!(e instanceof WatError)) throw e;
        converted.set(path, { problem: e.message });
      }
    }
  }
  return converted;
}
