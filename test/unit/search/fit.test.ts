import { describe, expect, it } from 'vitest';
import { fitModel, maxThreads, pooled, type MeasuredPoint } from '../../../src/search/fit.js';
import { predictDurationMs, type ResourceModel } from '../../../src/resources/index.js';

/** Points exactly on a model, with a 2 % half-width over 10 values, times `distort(memoryMB)`. */
function on(model: ResourceModel, sizes: readonly number[], distort: (mb: number) => number = () => 1): MeasuredPoint[] {
  return sizes.map((memoryMB) => {
    const durationMs = predictDurationMs(model, memoryMB) * distort(memoryMB);
    return { memoryMB, durationMs, halfWidthMs: durationMs * 0.02, samples: 10 };
  });
}

describe('fitModel', () => {
  it.each([
    { case: 'a CPU-bound single thread', model: { ioMs: 0, cpuMs: 400, threads: 1 }, sizes: [256, 1024, 3538] },
    { case: 'two threads, told apart above 3,538 MB', model: { ioMs: 5, cpuMs: 800, threads: 2 }, sizes: [256, 1024, 3538, 5307] },
    { case: 'I/O plus CPU', model: { ioMs: 300, cpuMs: 300, threads: 1 }, sizes: [256, 1024, 1126] },
    { case: 'four threads', model: { ioMs: 20, cpuMs: 2000, threads: 4 }, sizes: [512, 2048, 5307, 7076, 10240] },
  ])('recovers $case from points on its curve', ({ model, sizes }) => {
    const fit = fitModel(on(model, sizes), maxThreads(10_240));

    expect(fit?.model.threads).toBe(model.threads);
    expect(fit?.model.cpuMs).toBeCloseTo(model.cpuMs, 6);
    expect(fit?.model.ioMs).toBeCloseTo(model.ioMs, 6);
    expect(fit).toMatchObject({ good: true, misfits: [] });
    expect(fit?.r2).toBeCloseTo(1, 9);
  });

  it('never calls a fit to as many points as it has parameters good, however exactly it passes through them', () => {
    const fit = fitModel(on({ ioMs: 100, cpuMs: 400, threads: 1 }, [256, 1024]), maxThreads(10_240));

    expect(fit?.r2).toBeCloseTo(1, 9);
    expect(fit).toMatchObject({ good: false, heldOutResidualPercent: Infinity });
  });

  it('judges a fit on points it was not fitted to: a knee at 1,400 MB, not 1,769, fails the held-out test', () => {
    // Below the knee durations follow io + cpu·1400/m, which the model fits with a smaller cpu; above it they stop falling.
    const knee = (mb: number): number => (10 + (400 * 1400) / Math.min(mb, 1400)) / predictDurationMs({ ioMs: 10, cpuMs: 400, threads: 1 }, mb);
    const fit = fitModel(on({ ioMs: 10, cpuMs: 400, threads: 1 }, [256, 1024, 1769, 3538], knee), maxThreads(10_240));

    expect(fit?.good).toBe(false);
    expect(fit?.heldOutResidualPercent).toBeGreaterThan(10);
  });

  it('assumes the fewest threads when no point lies above 1,769 MB to tell', () => {
    const fit = fitModel(on({ ioMs: 0, cpuMs: 400, threads: 3 }, [256, 1024, 1500]), maxThreads(10_240));

    expect(fit?.model.threads).toBe(1);
  });

  it('finds a memory-hungry runtime does not fit, naming the sizes off the curve', () => {
    // GC pressure: 256 MB is 2.5× slower than the model, 512 MB 1.5×.
    const slow = (mb: number): number => (mb < 1024 ? 1 + (1024 - mb) / 512 : 1);
    const fit = fitModel(on({ ioMs: 50, cpuMs: 300, threads: 1 }, [256, 512, 1024, 1769], slow), maxThreads(10_240));

    expect(fit?.good).toBe(false);
    expect(fit?.misfits.length).toBeGreaterThan(0);
    expect(fit?.maxResidualPercent).toBeGreaterThan(10);
  });

  it.each([
    { case: 'a single size', sizes: [1024] },
    { case: 'only sizes at or above the knee of one thread', sizes: [1769, 2048] },
  ])('cannot fit $case', ({ sizes }) => {
    expect(fitModel(on({ ioMs: 10, cpuMs: 100, threads: 1 }, sizes), 1)).toBeUndefined();
  });

  it('gives every point the pooled relative noise, so a lucky narrow interval does not dominate', () => {
    const points: MeasuredPoint[] = [
      { memoryMB: 256, durationMs: 2000, halfWidthMs: 400, samples: 4 },
      { memoryMB: 1024, durationMs: 500, halfWidthMs: 1, samples: 4 },
    ];

    const result = pooled(points);

    // c² = mean((0.2)²·4, (0.002)²·4) → the same relative half-width at equal sample counts.
    expect(result[0]!.halfWidthMs / 2000).toBeCloseTo(result[1]!.halfWidthMs / 500, 12);
    expect(points[1]!.halfWidthMs).toBe(1);
  });
});
