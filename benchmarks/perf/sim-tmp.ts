import { SearchDriver } from '../../src/search/index.js';
import { GridDriver } from '../../src/tune/driver.js';
import { PRICE, simulate, trueShortfall, type SimFunction, type SimGoal } from '../../test/support/search-sim.js';
const cases: Array<{ name: string; fn: SimFunction; goal: SimGoal }> = [
  { name: 'cpu1 speed', fn: { cpuMs: 400, ioMs: 5, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'speed', weight: 0.5 } },
  { name: 'cpu2 speed', fn: { cpuMs: 800, ioMs: 5, threads: 2, jitter: 0.1, initMs: 200 }, goal: { strategy: 'speed', weight: 0.5 } },
  { name: 'io+cpu slo', fn: { cpuMs: 300, ioMs: 300, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'cost', weight: 0.5, maxDurationMs: 850 } },
  { name: 'io cost floor', fn: { cpuMs: 20, ioMs: 500, threads: 1, jitter: 0.1, initMs: 200, minMemoryMB: 300 }, goal: { strategy: 'cost', weight: 0.5 } },
  { name: 'gc balanced', fn: { cpuMs: 300, ioMs: 50, threads: 1, jitter: 0.05, initMs: 200, slowdown: (m: number) => (m < 1024 ? (1024 - m) / 256 : 0) }, goal: { strategy: 'balanced', weight: 0.5 } },
  { name: 'gc cost', fn: { cpuMs: 300, ioMs: 50, threads: 1, jitter: 0.05, initMs: 200, slowdown: (m: number) => (m < 1024 ? (1024 - m) / 256 : 0) }, goal: { strategy: 'cost', weight: 0.5 } },
  { name: 'bal', fn: { cpuMs: 300, ioMs: 100, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'balanced', weight: 0.5 } },
  { name: 'io cost', fn: { cpuMs: 20, ioMs: 500, threads: 1, jitter: 0.1, initMs: 200 }, goal: { strategy: 'cost', weight: 0.5 } },
];
for (const c of cases) {
  for (const seed of [1, 2, 3, 4, 5]) {
    const opts = { strategy: c.goal.strategy, weight: c.goal.weight, maxDurationMs: c.goal.maxDurationMs, discard: 0.2, price: PRICE, concurrency: 5, invocations: 10 };
    const s = simulate(new SearchDriver(opts), c.fn, c.goal, { seed, concurrency: 5, prepareMs: 300 });
    const g = simulate(new GridDriver([128, 256, 512, 1024, 1536, 2048, 3008], 20), c.fn, c.goal, { seed, concurrency: 5, prepareMs: 300 });
    const sr = s.report.recommendation?.memoryMB ?? NaN, gr = g.report.recommendation?.memoryMB ?? NaN;
    const ts = trueShortfall(c.fn, c.goal, sr), tg = trueShortfall(c.fn, c.goal, gr);
    console.log(`${c.name} seed ${seed}: opt ${ts.optimumMB} | search ${sr} ${(ts.shortfall*100).toFixed(1)}% GB-s ${(s.gbSeconds/g.gbSeconds*100).toFixed(0)}% wall ${(s.wallMs/g.wallMs).toFixed(2)} rounds ${s.rounds} sizes ${s.sizes} inv ${s.invocations} | grid ${gr} ${(tg.shortfall*100).toFixed(1)}% | ${s.report.search?.stoppedBecause} ${JSON.stringify(s.report.search?.model)} ${s.report.search?.method}`);
  }
}
