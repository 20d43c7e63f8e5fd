/**
 * Several decoded binaries as one set of packages, the way wit-parser's
 * `Resolve::merge` combines the `deps/*.wasm` it reads: packages with the same
 * name become one package holding every interface and world that any of the
 * views has, and an interface seen twice gets the types and functions the
 * first view lacked. (Each binary only shows the part of a foreign package it
 * uses, so two binaries often hold different parts of the same package.)
 *
 * Unlike wit-parser, views that disagree about an item are not reported: the
 * first view of an item wins.
 */
import type { DecodedPackages } from './decoder';
import { packageNameText, type Package } from './witModel';

export function mergePackages(decoded: DecodedPackages[]): Package[] {
  const merged = new Map<string, Package>();
  for (const { packages } of decoded) {
    for (const pkg of packages) {
      const key = packageNameText(pkg.name);
      const target = merged.get(key);
      if (!target) {
        merged.set(key, { ...pkg, interfaces: new Map(pkg.interfaces), worlds: new Map(pkg.worlds) });
        continue;
      }
      if (target.docs.contents === undefined && pkg.docs.contents !== undefined) target.docs = pkg.docs;
      for (const [name, iface] of pkg.interfaces) {
        const existing = target.interfaces.get(name);
        if (!existing) {
          target.interfaces.set(name, iface);
          continue;
        }
        for (const [typeName, ty] of iface.types) if (!existing.types.has(typeName)) existing.types.set(typeName, ty);
        for (const [funcName, func] of iface.functions) {
          if (!existing.functions.has(funcName)) existing.functions.set(funcName, func);
        }
      }
      for (const [name, world] of pkg.worlds) if (!target.worlds.has(name)) target.worlds.set(name, world);
    }
  }
  return [...merged.values()];
}
