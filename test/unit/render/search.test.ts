import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/render/index.js';
import { renderCurveChart } from '../../../src/render/curve-chart.js';
import { SearchDriver } from '../../../src/search/index.js';
import type { Report } from '../../../src/types.js';
import { PRICE, simulate } from '../../support/search-sim.js';
import { errorsReport, slideReport } from '../../support/report-fixtures.js';

const plain = new Chalk({ level: 0 });

/** A seeded search of a one-thread CPU-bound function (speed), as tune reports it. */
function searchReport(): Report {
  const goal = { strategy: 'speed' as const, weight: 0.5 };
  const driver = new SearchDriver({ ...goal, discard: 0.2, price: PRICE, concurrency: 5, invocations: 10 });
  return simulate(driver, { cpuMs: 400, ioMs: 5, threads: 1, jitter: 0.1, initMs: 200 }, goal, { seed: 1, concurrency: 5 }).report;
}

describe('a searched report', () => {
  it('renders the intervals, the search note and the curve chart', () => {
    expect(renderReport(searchReport(), 'table', { colorLevel: plain.level, chart: true })).toMatchSnapshot();
  });

  it("shows each size's 95 % intervals in the table and in Markdown", () => {
    const report = searchReport();

    expect(renderReport(report, 'table', { colorLevel: plain.level })).toMatch(/95 %\s+p95[\s\S]*±\d+\.\d %/);
    expect(renderReport(report, 'markdown', { colorLevel: plain.level })).toMatch(/\| Trimmed mean ms \| 95 % CI \|/);
  });

  it('keeps the table of a report without intervals as it was', () => {
    expect(renderReport(slideReport(), 'table', { colorLevel: plain.level })).not.toMatch(/95 %/);
  });

  it("spans a failed size's row over the interval columns too", () => {
    const base = errorsReport();
    const interval = { low: 1, high: 2 };
    const report = {
      ...base,
      results: base.results.map((r) => (r.durationMs ? { ...r, ci95: { samples: 10, trimmedMeanMs: interval, costPerInvocationUSD: interval } } : r)),
    };

    const failed = renderReport(report, 'table', { colorLevel: plain.level })
      .split('\n')
      .find((line) => line.includes('no successful invocation'));

    expect(failed?.trimEnd()).toMatch(/no successful invocation: [^│]+\s\d+$/);
  });

  it('draws no curve chart for a report without a search', () => {
    expect(renderCurveChart(slideReport(), plain)).toBeUndefined();
  });

  it('marks the recommended size on the curve chart', () => {
    const chart = renderCurveChart(searchReport(), plain)!;

    expect(chart.split('\n')).toHaveLength(1 + 8 + 2);
    expect(chart).toContain('▶');
    expect(chart.match(/o/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
