/** The whole resolved workspace: every package linked into shared arenas. */
import type { Location } from '../diagnostic';
import { formatVersion } from '../syntax/semver';
import type { DiagnosticSink } from './diagnostics';
import {
  formatPackageName,
  type Interface,
  type InterfaceId,
  type Package,
  type PackageId,
  type Stability,
  type TypeDef,
  type TypeId,
  type World,
  type WorldKey,
} from './model';
import { compareVersions } from '../syntax/semver';

export interface FeatureOptions {
  /** Features enabled for `@unstable(feature = …)` items. */
  features: ReadonlySet<string>;
  allFeatures: boolean;
}

/** The sizes of the arenas at a moment: linking only appends, so this is a state to return to. */
export interface Checkpoint {
  packages: number;
  types: number;
  interfaces: number;
  worlds: number;
}

export class Resolve {
  packages: Package[] = [];
  readonly packageNames = new Map<string, PackageId>();
  types: TypeDef[] = [];
  interfaces: Interface[] = [];
  worlds: World[] = [];
  private readonly directDeps = new Map<InterfaceId, InterfaceId[]>();

  constructor(
    readonly options: FeatureOptions,
    /** Where linking reports; the caller may switch it per package. */
    public sink: DiagnosticSink,
  ) {}

  checkpoint(): Checkpoint {
    return { packages: this.packages.length, types: this.types.length, interfaces: this.interfaces.length, worlds: this.worlds.length };
  }

  /**
   * A new `Resolve` holding what this one held at `at`. The items are shared, not copied:
   * once their package is linked nothing changes them.
   */
  fork(at: Checkpoint, sink: DiagnosticSink): Resolve {
    const copy = new Resolve(this.options, sink);
    copy.packages = this.packages.slice(0, at.packages);
    copy.types = this.types.slice(0, at.types);
    copy.interfaces = this.interfaces.slice(0, at.interfaces);
    copy.worlds = this.worlds.slice(0, at.worlds);
    copy.packages.forEach((p, id) => copy.packageNames.set(formatPackageName(p.name), id));
    return copy;
  }

  /**
   * wit-parser's `include_stability`: whether an item with this stability is part of the
   * package, reporting a `@since` that the package's version does not allow.
   */
  includeStability(stability: Stability, pkg: PackageId, span: Location): boolean {
    switch (stability.kind) {
      case 'unknown':
        return true;
      case 'unstable':
        return this.options.allFeatures || this.options.features.has(stability.feature);
      case 'stable': {
        const p = this.packages[pkg];
        if (!p) return true;
        const name = formatPackageName(p.name);
        if (!p.name.version) {
          this.sink.error(
            span,
            `package [${name}] contains a feature gate with a version specifier, so it must have a version`,
            'invalid-gate',
          );
          return true;
        }
        if (compareVersions(stability.since, p.name.version) > 0) {
          this.sink.error(
            span,
            `feature gate cannot reference unreleased version ${formatVersion(stability.since)} of package [${name}] (current version ${formatVersion(p.name.version)})`,
            'invalid-gate',
          );
        }
        return true;
      }
    }
  }

  /** `ns:pkg/iface@version` of a named interface. */
  idOf(id: InterfaceId): string | undefined {
    const iface = this.interfaces[id]!;
    if (iface.name === undefined || iface.package === undefined) return undefined;
    const pkg = this.packages[iface.package]!.name;
    return `${pkg.namespace}:${pkg.name}/${iface.name}${pkg.version ? `@${formatVersion(pkg.version)}` : ''}`;
  }

  nameWorldKey(key: WorldKey): string {
    return key.kind === 'name' ? key.name : (this.idOf(key.id) ?? '<anonymous>');
  }

  /** The interface a type is `use`d from, when it is another interface than its own. */
  typeInterfaceDep(id: TypeId): InterfaceId | undefined {
    const ty = this.types[id]!;
    if (ty.kind.kind !== 'type' || typeof ty.kind.type !== 'number') return undefined;
    const other = this.types[ty.kind.type]!;
    if (other.owner.kind !== 'interface') return undefined;
    if (ty.owner.kind === 'interface' && ty.owner.id === other.owner.id) return undefined;
    return other.owner.id;
  }

  /** The interfaces whose types `id` uses (an interface's types are final once it is linked). */
  interfaceDirectDeps(id: InterfaceId): readonly InterfaceId[] {
    let deps = this.directDeps.get(id);
    if (!deps) {
      deps = [];
      for (const ty of this.interfaces[id]!.types.values()) {
        const dep = this.typeInterfaceDep(ty);
        if (dep !== undefined) deps.push(dep);
      }
      this.directDeps.set(id, deps);
    }
    return deps;
  }
}
