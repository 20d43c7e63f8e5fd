/**
 * Names for the types a component's imports declare, the same in every component: a type
 * exported by an imported instance is `import#name` (`wasi:io/streams@0.2.12#output-stream`),
 * a type imported on its own is its import name. Each type id of the decoded model (and each
 * resource) gets the name of the import that first declares it, so that a `use` (an instance
 * export that equals another import's type) keeps pointing at its origin, and two components
 * importing one interface agree on its types. Pure.
 */
import type { ComponentTypes } from '../../../server/src/syntax/binary/wasmInfo';
import type { AnyTypeId, ComponentItem, EntityType } from '../../../server/src/syntax/binary/types';

export class TypeKeys {
  /** Defined type ids (by uid) → key. */
  private readonly byUid = new Map<number, string>();
  /** Resource numbers → key. */
  private readonly byResource = new Map<number, string>();

  constructor(types: ComponentTypes) {
    for (const [name, item] of types.imports) {
      if (item.ty.kind === 'instance') {
        for (const [exportName, exported] of item.ty.id.instance.exports) {
          if (exported.ty.kind === 'type') this.register(exported.ty, `${name}#${exportName}`);
        }
      } else if (item.ty.kind === 'type') this.register(item.ty, name);
    }
  }

  private register(ty: Extract<EntityType, { kind: 'type' }>, key: string): void {
    if (ty.created.kind === 'resource') {
      if (!this.byResource.has(ty.created.resource)) this.byResource.set(ty.created.resource, key);
      return;
    }
    // The definition the export equals is named after the first import that exports it.
    if (!this.byUid.has(ty.referenced.uid)) this.byUid.set(ty.referenced.uid, key);
    this.byUid.set(ty.created.uid, key);
  }

  /** The key of a type: the import (and export) that declares it; undefined for anonymous types. */
  keyOf(id: AnyTypeId): string | undefined {
    return id.kind === 'resource' ? this.byResource.get(id.resource) : this.byUid.get(id.uid);
  }

  /** Where a type export of an import comes from: its own key for a definition, another for a `use`. */
  originOf(item: ComponentItem): string | undefined {
    return item.ty.kind === 'type' ? this.keyOf(item.ty.referenced) : undefined;
  }
}

/** `wasi:io/streams@0.2.12#output-stream` → `wasi:io/streams@0.2.12` and `output-stream`; a plain name is a type import. */
export function splitKey(key: string): { instance?: string; name: string } {
  const hash = key.lastIndexOf('#');
  return hash < 0 ? { name: key } : { instance: key.slice(0, hash), name: key.slice(hash + 1) };
}
