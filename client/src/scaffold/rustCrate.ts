/**
 * A Rust crate for cargo-component. A command is a binary crate: cargo-component builds a `main`
 * into a `wasi:cli/command` component by itself, with no WIT of the crate's own. Pure.
 */
import type { FileContent } from './witLayout';

export type RustCrateResult = { ok: true; files: Record<string, FileContent>; stubs: string } | { ok: false; message: string };

export function rustCrateFiles(options: { name: string; world: string; command: boolean }): RustCrateResult {
  if (!options.command) {
    return {
      ok: false,
      message: `Rust projects are made here for wasi:cli/command only. For the world ${options.world}, run \`cargo component new --lib\` and set [package.metadata.component.target] path = "wit", world = "${options.world}" in its Cargo.toml.`,
    };
  }
  const { name } = options;
  const cargoToml = `[package]
name = "${name}"
version = "0.1.0"
edition = "2021"

# A binary crate: cargo-component builds it into a wasi:cli/command component.
[package.metadata.component]
package = "component:${name}"

[profile.release]
codegen-units = 1
opt-level = "s"
debug = false
strip = true
lto = true
`;
  const main = `fn main() {
    println!("Hello from ${name}");
}
`;
  return { ok: true, files: { 'Cargo.toml': cargoToml, 'src/main.rs': main, '.gitignore': '/target\n' }, stubs: 'src/main.rs' };
}
