/**
 * The root to analyze for a WIT file: the package directory whose `deps/` it belongs to, or
 * its own directory. `/p/wit/a.wit`, `/p/wit/deps/x.wit` and `/p/wit/deps/x/y.wit` all
 * belong to the root `/p/wit`.
 */
export function packageRootOf(file: string): string {
  const parts = file.split('/');
  parts.pop();
  const n = parts.length;
  if (n >= 2 && parts[n - 1] === 'deps') return parts.slice(0, n - 1).join('/') || '/';
  if (n >= 3 && parts[n - 2] === 'deps') return parts.slice(0, n - 2).join('/') || '/';
  return parts.join('/') || '/';
}
