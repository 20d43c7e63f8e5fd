/**
 * Decodes a wasm-encoded WIT package (what `wasm-tools component wit --wasm`
 * or wit-component's `encode` produce, and what wit-parser accepts as
 * `deps/*.wasm`) into WIT text our parser reads.
 *
 * Pure: no I/O, no Node APIs, no dependencies. `.wat` files must be turned into
 * binaries first (see host/decodeWat.ts).
 *
 * The decoding follows wit-parser's `decode` (crates/wit-parser/src/decoding.rs)
 * and the printing wit-component's `WitPrinter`, so `wit` is what `wasm-tools
 * component wit` prints for the same binary: the package itself, then the
 * packages it depends on in nested `package … { … }` blocks. Those dependencies
 * hold only what the binary shows of them (the interfaces, types and functions
 * the package uses), which is what wit-parser adds to its `Resolve` for them
 * too. One difference by default: `@unstable` gates are not printed (see
 * `PrintOptions.unstableGates`), since wit-parser keeps every item of a decoded
 * package whatever features are enabled.
 */
import { decodePackageBinary } from './binary/decodePackage';
import type { DecodedPackages } from './binary/decoder';
import { mergePackages } from './binary/merge';
import { WitPrinter, type PrintOptions } from './binary/printer';
import { DecodeError } from './binary/reader';
import { packageNameText } from './binary/witModel';

export { ACTUAL_COMPONENT } from './binary/decodePackage';
export { detectWasm, type WasmKind } from './binary/detect';
export type { PrintOptions } from './binary/printer';

export interface DecodedWitPackageText {
  /** `ns:name@version` of one package. */
  name: string;
  /** That package alone, as WIT text (`package ns:name@version;` and its items). */
  wit: string;
}

export type DecodeWitPackageResult =
  | {
      ok: true;
      /** The package and, in nested `package … { … }` blocks, the (partial) packages it uses. */
      wit: string;
      /** The package the binary encodes. */
      main: DecodedWitPackageText;
      /** The packages it uses, dependencies first, each alone (as `wasm-tools component wit --out-dir` writes them). */
      dependencies: DecodedWitPackageText[];
    }
  | {
      ok: false;
      /** The whole error, contexts first, joined like anyhow's `{:#}` ("context: cause"). */
      message: string;
      /** The error's chain, outermost context first, the root cause last. */
      causes: string[];
    };

/** Decodes a binary WIT package; on failure, wit-parser's error. */
export function decodeWitPackage(bytes: Uint8Array, options: PrintOptions = {}): DecodeWitPackageResult {
  try {
    const { packages, main } = decodePackageBinary(bytes);
    const others = packages.filter((p) => p !== main);
    const text = (pkg: (typeof packages)[number]): DecodedWitPackageText => ({
      name: packageNameText(pkg.name),
      wit: new WitPrinter(options).print(pkg, []),
    });
    return {
      ok: true,
      wit: new WitPrinter(options).print(main, others),
      main: text(main),
      dependencies: others.map(text),
    };
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
}

/** A decoding error as a message and its chain; anything else is a bug and goes on up. */
function failure(e: unknown): { message: string; causes: string[] } {
  if (!(e instanceof DecodeError)) throw e;
  const causes = [...e.contexts, e.message];
  return { message: causes.join(': '), causes };
}

export type DecodeWitPackagesResult =
  | {
      ok: true;
      /** Every package, once, each alone as WIT text, in the order first met (dependencies before their users). */
      packages: DecodedWitPackageText[];
    }
  | {
      ok: false;
      /** Which binary failed. */
      index: number;
      message: string;
      causes: string[];
    };

/**
 * Decodes several binary WIT packages (say, all the `deps/*.wasm` of a package)
 * together, as wit-parser merges them into one `Resolve`: a package that
 * several binaries use (each showing only the part it uses) comes out once,
 * with all their parts. Give the binaries in the order wit-parser reads them
 * (file names sorted).
 */
export function decodeWitPackages(binaries: Uint8Array[], options: PrintOptions = {}): DecodeWitPackagesResult {
  const decoded: DecodedPackages[] = [];
  for (const [index, bytes] of binaries.entries()) {
    try {
      decoded.push(decodePackageBinary(bytes));
    } catch (e) {
      return { ok: false, index, ...failure(e) };
    }
  }
  return {
    ok: true,
    packages: mergePackages(decoded).map((pkg) => ({
      name: packageNameText(pkg.name),
      wit: new WitPrinter(options).print(pkg, []),
    })),
  };
}
