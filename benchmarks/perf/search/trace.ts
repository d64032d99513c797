/**
 * One case, one seed, step by step: what the search measured each round and why, the sizes'
 * figures at the end and its warnings — for seeing why a run of `simulate.ts` missed.
 * Usage: npx esbuild benchmarks/perf/search/trace.ts --bundle --platform=node --format=esm --packages=external --outfile=benchmarks/perf/out/trace.mjs
 *        && node benchmarks/perf/out/trace.mjs "<part of a case name>" [seed]
 */
import { SearchDriver } from '../../../src/search/index.js';
import type { SizingDriver } from '../../../src/tune/driver.js';
import { simulate } from '../../../test/support/search-sim.js';
import { PRICE } from '../../../test/support/truth.js';
import { CASES } from './cases.js';

const name = process.argv[2] ?? '';
const seed = Number(process.argv[3] ?? 1);
const c = CASES.find((k) => k.name.includes(name));
if (!c) throw new Error(`no case matches "${name}"`);
const driver = new SearchDriver({ ...c.goal, discard: 0.2, price: PRICE, concurrency: 5, invocations: 10 });
const traced: SizingDriver = {
  plan: () => driver.plan(),
  next: (observed) => {
    const step = driver.next(observed);
    console.log(step.kind === 'measure' ? `measure ${step.sizes.map((s) => `${s.memoryMB}×${s.invocations}`).join(' ')}: ${step.note}` : `done: ${step.note}`);
    return step;
  },
};
const run = simulate(traced, c.fn, c.goal, { seed, concurrency: 5 });
console.log(`recommended ${run.report.recommendation?.memoryMB ?? 'none'} MB, ${run.gbSeconds.toFixed(1)} GB-s`);
for (const r of run.report.results)
  console.log(
    `${r.memoryMB} MB: trimmed mean ${r.durationMs?.trimmedMean.toFixed(1)} ms, p95 ${r.durationMs?.p95.toFixed(0)} ms, ${r.ci95?.samples ?? 0} warm`,
  );
for (const w of run.report.warnings) console.log(`warning: ${w}`);
