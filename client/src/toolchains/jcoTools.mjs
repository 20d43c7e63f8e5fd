// The part of jco the extension bundles (see scripts/build.mjs): bindings and TypeScript types
// generation and wasm-tools (component new/embed/wit, print, parse), with the WASI preview1 adapters.
export { generateGuestTypes, generateHostTypes, transpileBytes } from '@bytecodealliance/jco-transpile';
export { componentEmbed, componentNew, componentWit, metadataShow, parse, print } from '@bytecodealliance/jco-transpile/wasm-tools';
// jco's WASI shim starts with no preopened directories; wasm-tools reads WIT files through it.
export { _setPreopens as setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
