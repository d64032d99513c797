import { describe, expect, it } from 'vitest';
import { curvePoint, denseCurve, meetingSlo, optimum, reportCurve, shortfall, type Objective } from '../../../src/search/curve.js';
import { resolvePrice } from '../../../src/pricing/index.js';

const price = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });
const goal = (o: Partial<Objective>): Objective => ({ strategy: 'speed', weight: 0.5, p95Ratio: 1, ...o });

describe('optimum on the curve', () => {
  it.each([
    { case: 'speed, one thread: the knee at 1,769 MB', model: { ioMs: 0, cpuMs: 400, threads: 1 }, objective: goal({}), low: 1752, high: 1769 },
    { case: 'speed, two threads: the knee at 3,538 MB', model: { ioMs: 0, cpuMs: 800, threads: 2 }, objective: goal({}), low: 3503, high: 3538 },
    { case: 'cost, I/O-bound: the smallest size', model: { ioMs: 500, cpuMs: 20, threads: 1 }, objective: goal({ strategy: 'cost' }), low: 128, high: 128 },
    // p95 = 1.09 × (300 + 300·1769/m) ≤ 850 ⇔ m ≥ 1,107.
    {
      case: 'cost under an SLO: the first size meeting it',
      model: { ioMs: 300, cpuMs: 300, threads: 1 },
      objective: goal({ strategy: 'cost', maxDurationMs: 850, p95Ratio: 1.09 }),
      low: 1107,
      high: 1108,
    },
  ])('is $case', ({ model, objective, low, high }) => {
    const best = optimum(meetingSlo(denseCurve(model, 128, 10_240, price), objective), objective);

    expect(best?.memoryMB).toBeGreaterThanOrEqual(low);
    expect(best?.memoryMB).toBeLessThanOrEqual(high);
  });

  it('is undefined when no size meets the SLO', () => {
    const objective = goal({ maxDurationMs: 100 });

    expect(optimum(meetingSlo(denseCurve({ ioMs: 200, cpuMs: 10, threads: 1 }, 128, 10_240, price), objective), objective)).toBeUndefined();
  });
});

describe('shortfall', () => {
  const model = { ioMs: 0, cpuMs: 400, threads: 1 };
  const best = curvePoint(model, 1769, price);

  it.each([
    // Same speed above the knee, so 2048/1769 the cost, less the request fee's share.
    { case: "speed: the grid's 2,048 MB pays 15.5 % more for the same speed", mb: 2048, expected: 0.155 },
    { case: "speed: the grid's 1,536 MB is 15.2 % slower", mb: 1536, expected: 0.152 },
    { case: 'speed: the optimum itself', mb: 1769, expected: 0 },
  ])('$case', ({ mb, expected }) => {
    expect(shortfall(curvePoint(model, mb, price), best, goal({}), [])).toBeCloseTo(expected, 3);
  });
});

describe('reportCurve', () => {
  it('has every 64 MB, the knees and the measured sizes, ascending', () => {
    const curve = reportCurve({ ioMs: 10, cpuMs: 100, threads: 2 }, 128, 4000, price, [1000, 3538]);
    const sizes = curve.map((p) => p.memoryMB);

    expect(sizes).toEqual(expect.arrayContaining([128, 192, 1000, 1769, 3538, 3968, 4000]));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(sizes.length);
  });
});
