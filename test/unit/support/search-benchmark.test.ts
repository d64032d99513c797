/** The search benchmark's verdict on one run (benchmarks/perf/search/evaluate.ts): what the bars count. */
import { describe, expect, it } from 'vitest';
import { GridDriver, type SizingDriver } from '../../../src/tune/driver.js';
import type { Report, SearchReport } from '../../../src/types.js';
import { CASES } from '../../../benchmarks/perf/search/cases.js';
import { verdictOf } from '../../../benchmarks/perf/search/evaluate.js';
import { simulate } from '../../support/search-sim.js';

const sloCase = CASES.find((c) => c.name === 'plain: io + cpu, p95 ≤ 850 ms')!;
const measured = simulate(new GridDriver([1024, 1107, 1536], 30), sloCase.fn, sloCase.goal, { seed: 1, concurrency: 5 }).report;
const recommending = (memoryMB: number, warnings: string[] = []): Report => ({ ...measured, recommendation: { memoryMB, reason: 'test' }, warnings });

describe('search benchmark: the verdict on a run', () => {
  it('judges the true optimum a hit whose interval covers the true mean duration and cost', () => {
    const v = verdictOf(sloCase, 1, recommending(1107), 10);

    expect(v).toMatchObject({ memoryMB: 1107, miss: 0, p95Over: expect.closeTo(0, 2), coversDuration: true, coversCost: true, warned: false });
  });

  it('judges a size whose true p95 is 4.9 % over the SLO a miss, however cheap', () => {
    expect(verdictOf(sloCase, 1, recommending(1024), 10)).toMatchObject({ miss: Infinity, p95Over: expect.closeTo(0.049, 3) });
  });

  it.each([
    { warning: '1024 MB, 1107 MB cannot be told apart at the measured noise (95 % intervals of their cost overlap)', warned: true },
    { warning: '1024 MB meets p95 ≤ 850 ms within the noise (p95 849 ms, ±2.1 % on its mean)', warned: true },
    { warning: 'the SLO is unconfirmed at 1024 MB: 15 values', warned: true },
    { warning: 'Lambda throttled 2 invocation(s), retried after a backoff', warned: false },
  ])('counts "$warning" as naming the uncertainty: $warned', ({ warning, warned }) => {
    expect(verdictOf(sloCase, 1, recommending(1024, [warning]), 10).warned).toBe(warned);
  });

  it('counts no answer where the truth has one as an infinite miss, with no interval to judge', () => {
    const v = verdictOf(sloCase, 1, { ...measured, recommendation: null }, 10);

    expect(v).toMatchObject({ memoryMB: undefined, miss: Infinity, coversDuration: undefined, coversCost: undefined });
  });

  it("judges the search's stated interval of the mean when it gives one, not the trimmed mean's", () => {
    const answer = {
      memoryMB: 1107,
      samples: 30,
      meanDurationMs: { low: 1, high: 2, mean: 1.5 },
      costUSD: { low: 0, high: 1, mean: 0.5 },
      contenders: [],
      bracket: { belowMB: 1024, aboveMB: 1536 },
    };
    const search: SearchReport = {
      method: 'model',
      model: null,
      fit: null,
      curve: [],
      range: { minMB: 128, maxMB: 10_240 },
      rounds: 3,
      stoppedBecause: 'confirmed',
      stopped: 'confirmed',
      answer,
      minWarmSamples: 5,
    };

    const v = verdictOf(sloCase, 1, { ...recommending(1107), search }, 10);

    expect(v).toMatchObject({ coversDuration: false, coversCost: true, settled: true });
  });
});

describe('search simulator', () => {
  it("puts what the driver could not confirm into the report's warnings, as tune's run does", () => {
    const driver: SizingDriver = {
      plan: () => ({ summary: 'one size', maxInvocations: 6, maxMemoryMB: 256, maxSizes: 1 }),
      next: (observed) =>
        observed.size === 0
          ? { kind: 'measure', sizes: [{ memoryMB: 256, invocations: 6 }] }
          : { kind: 'done', warnings: ['the SLO is unconfirmed at 256 MB'] },
    };

    const { report } = simulate(driver, sloCase.fn, sloCase.goal, { seed: 1, concurrency: 2 });

    expect(report.warnings).toContain('the SLO is unconfirmed at 256 MB');
  });
});
