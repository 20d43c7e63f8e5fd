/**
 * The built-in composer (part of `npm run bench`): two WAT components (an app and the greeter
 * it imports, test/helpers/wasmComponents.ts) composed into one, against the reference task
 * measured in the same run: wasm-tools (in jco) reading the composed binary back to its WIT.
 * Warm, interleaved, medians.
 */
import { composeComponents } from '../../client/src/compose/compose';
import { loadJco } from '../../client/src/toolchains/jco';
import { appComponent, greeterComponent } from '../helpers/wasmComponents';

const ITERATIONS = 40;

export interface CompositionFigures {
  /** The composed component's size. */
  bytes: number;
  composeMs: number;
  referenceMs: number;
  ratio: number;
  reference: string;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function measureComposition(): Promise<CompositionFigures> {
  const jco = await loadJco();
  const components = { app: await appComponent(), greeter: await greeterComponent() };
  const compose = () => {
    const result = composeComponents({ components, wire: { app: { 'test:trace/greet': 'greeter' } } });
    if (!result.ok) throw new Error(result.message);
    return result.value.bytes;
  };
  const bytes = compose();
  await jco.componentWit(bytes);
  const ours: number[] = [];
  const reference: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    let t = performance.now();
    compose();
    ours.push(performance.now() - t);
    t = performance.now();
    await jco.componentWit(bytes);
    reference.push(performance.now() - t);
  }
  const composeMs = Math.round(median(ours) * 1000) / 1000;
  const referenceMs = Math.round(median(reference) * 1000) / 1000;
  return { bytes: bytes.length, composeMs, referenceMs, ratio: Math.round((composeMs / referenceMs) * 100) / 100, reference: 'jco componentWit (wasm-tools in wasm) of the composed binary' };
}
