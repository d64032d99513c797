/**
 * The search's cases in the no-HTTP simulator (test/support/search-sim.ts): the driver against the
 * same model the endpoint uses, many seeds in seconds. What the method was tuned on; the bars are
 * shown by bench.ts with the real CLI. Env: SEARCH_SIM_SEEDS (1..10), SEARCH_SIM_CONCURRENCY (5),
 * SEARCH_SIM_JITTER (each case's own).
 */
import { SearchDriver } from '../../../src/search/index.js';
import { GridDriver } from '../../../src/tune/driver.js';
import { PRICE, simulate, trueShortfall } from '../../../test/support/search-sim.js';
import { CASES, GRID } from './cases.js';

const SEEDS = (process.env.SEARCH_SIM_SEEDS ?? '1,2,3,4,5,6,7,8,9,10').split(',').map(Number);
const CONCURRENCY = Number(process.env.SEARCH_SIM_CONCURRENCY ?? 5);
/** Overrides every case's jitter (the issue names 0.05–0.1). */
const JITTER = process.env.SEARCH_SIM_JITTER === undefined ? undefined : Number(process.env.SEARCH_SIM_JITTER);

console.log(`seeds ${SEEDS.join(',')}, concurrency ${CONCURRENCY}${JITTER === undefined ? '' : `, jitter ${JITTER}`}; worst over the seeds`);
console.log('| case | optimum | search: worst shortfall | grid: worst shortfall | GB-s search / grid: mean (max) | modelled wall (max) | rounds (max) | true p95 over the SLO (max) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const base of CASES) {
  const c = JITTER === undefined ? base : { ...base, fn: { ...base.fn, jitter: JITTER } };
  let worst = { s: 0, g: 0, spend: 0, wall: 0, rounds: 0, optimum: 0, over: 0 };
  let spendSum = 0;
  for (const seed of SEEDS) {
    const opts = { ...c.goal, discard: 0.2, price: PRICE, concurrency: CONCURRENCY, invocations: 10 };
    const search = simulate(new SearchDriver(opts), c.fn, c.goal, { seed, concurrency: CONCURRENCY, prepareMs: 300 });
    const grid = simulate(new GridDriver(GRID, 20), c.fn, c.goal, { seed, concurrency: CONCURRENCY, prepareMs: 300 });
    const s = trueShortfall(c.fn, c.goal, search.report.recommendation?.memoryMB ?? NaN);
    const g = trueShortfall(c.fn, c.goal, grid.report.recommendation?.memoryMB ?? NaN);
    spendSum += search.gbSeconds / grid.gbSeconds;
    worst = {
      s: Math.max(worst.s, s.shortfall),
      g: Math.max(worst.g, g.shortfall),
      spend: Math.max(worst.spend, search.gbSeconds / grid.gbSeconds),
      wall: Math.max(worst.wall, search.wallMs / grid.wallMs),
      rounds: Math.max(worst.rounds, search.rounds),
      optimum: s.optimumMB,
      over: Math.max(worst.over, s.p95Over),
    };
  }
  const p = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'misses the SLO');
  console.log(`| ${c.name} | ${worst.optimum} MB | ${p(worst.s)} | ${p(worst.g)} | ${((spendSum / SEEDS.length) * 100).toFixed(0)} % (${(worst.spend * 100).toFixed(0)} %) | ${worst.wall.toFixed(2)} | ${worst.rounds} | ${c.goal.maxDurationMs === undefined ? '' : p(worst.over)} |`);
}
