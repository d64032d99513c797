import { describe, expect, it } from 'vitest';
import { gaps, shapeBound, type ShapePoint } from '../../../src/search/shape.js';

const point = (memoryMB: number, durationMs: number, seMs = 0): ShapePoint => ({ memoryMB, durationMs, seMs });

describe('shapeBound (duration falls with memory, convexly)', () => {
  // io 100 ms + cpu 400 ms at one vCPU: 2,864 ms at 256 MB, 791 ms at 1,024 MB, 500 ms at 1,769 MB.
  const points = [point(256, 2864), point(1024, 791), point(1769, 500)];
  const bound = shapeBound(points);

  it.each([
    { case: 'between two sizes, the larger one (monotone)', mb: 1400, low: 500, high: 791 },
    {
      case: 'below the smallest, the chord of the two smallest extended',
      mb: 128,
      low: 2864 + ((2864 - 791) / 768) * 128 - 1,
      high: 2864 + ((2864 - 791) / 768) * 128 + 1,
    },
    { case: 'above the largest, no more than a proportional speed-up', mb: 3538, low: 250 - 1, high: 250 + 1 },
  ])('is $case', ({ mb, low, high }) => {
    expect(bound(mb)).toBeGreaterThanOrEqual(low);
    expect(bound(mb)).toBeLessThanOrEqual(high);
  });

  it('never exceeds the true curve of a function that has both shapes', () => {
    const truth = (mb: number): number => 100 + (400 * 1769) / Math.min(mb, 1769);
    const measured = [256, 512, 1024, 1769, 3538].map((mb) => point(mb, truth(mb)));
    const b = shapeBound(measured);

    for (let mb = 128; mb <= 10_240; mb += 37) expect(b(mb)).toBeLessThanOrEqual(truth(mb) + 1e-9);
  });

  it('moves noisy chords towards a lower line, so noise does not rule sizes out', () => {
    const exact = shapeBound([point(1024, 800), point(1536, 600)]);
    const noisy = shapeBound([point(1024, 800, 20), point(1536, 600, 20)]);

    expect(noisy(512)).toBeLessThan(exact(512));
  });
});

describe('gaps', () => {
  it('finds the most a size between measured ones could gain, and where', () => {
    // cost ∝ memory × duration; the pick is 1,024 MB at 791 ms.
    const points = [point(256, 2864), point(1024, 791), point(1769, 500)];
    const cost = (mb: number, ms: number): number => mb * ms;
    const result = gaps(points, 128, 10_240, shapeBound(points), (mb, ms) => 1 - cost(mb, ms) / cost(1024, 791));

    const between = result.find((g) => g.lowMB > 256 && g.highMB < 1024)!;
    // Monotone alone: a size just above 256 MB as fast as 1,024 MB would cost a quarter.
    expect(between.gain).toBeGreaterThan(0.6);
    expect(between.atMB).toBeLessThan(300);
    expect(result.every((g) => g.lowMB >= 128 && g.highMB <= 10_240)).toBe(true);
  });
});
