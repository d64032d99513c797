/** The bracket without an SLO (refine.ts): measured neighbours close on both sides of the answer, and where the next size goes. */
import { describe, expect, it } from 'vitest';
import { monotone } from '../../../src/analysis/ties.js';
import { searchConfig } from '../../../src/search/driver.js';
import { bracket, BOUNDARY_RATIO, INTERIOR_RATIO } from '../../../src/search/refine.js';
import { observe } from '../../../src/search/view.js';
import type { Observations } from '../../../src/tune/driver.js';
import type { InvocationRecord, Strategy } from '../../../src/types.js';
import { PRICE, sizeRecords } from '../../support/search-sim.js';

const bounds = { minMB: 128, maxMB: 10_240 };
const config = (strategy: Strategy) => searchConfig({ strategy, weight: 0.5, discard: 0.2, price: PRICE, concurrency: 5, invocations: 10 });
/** Two cold starts, then twenty warm invocations of `ms` ± 1 %. */
const size = (memoryMB: number, ms: number): InvocationRecord[] =>
  sizeRecords(
    memoryMB,
    ms,
    Array.from({ length: 20 }, (_, i) => 1 + ((i % 5) - 2) / 200),
  );
const sizes = (entries: [number, number][]): Observations => new Map(entries.map(([mb, ms]) => [mb, size(mb, ms)]));

describe('the bracket without an SLO', () => {
  it('measures between the cheapest size as fast and a slower neighbour until they are within 4 % of memory', () => {
    // A knee between 1024 and 1769 MB: 1769 and 3538 MB are as fast, 1024 MB is not.
    const wide = bracket(
      observe(
        sizes([
          [1024, 700],
          [1769, 405],
          [3538, 404],
        ]),
        config('speed'),
      ),
      config('speed'),
      bounds,
    );
    expect(wide.best?.memoryMB).toBe(1769);
    expect(wide.open).toHaveLength(1);
    expect(wide.open[0]).toMatchObject({ lowMB: 1024, highMB: 1769 });
    expect(wide.open[0]!.atMB).toBeGreaterThan(1024);
    expect(wide.open[0]!.atMB).toBeLessThan(1769);

    const closed = bracket(
      observe(
        sizes([
          [1024, 700],
          [1710, 419],
          [1769, 405],
          [3538, 404],
        ]),
        config('speed'),
      ),
      config('speed'),
      bounds,
    );
    expect(1769 / 1710).toBeLessThan(BOUNDARY_RATIO);
    expect(closed.open).toEqual([]);
  });

  it('aims where the slope of the two slower sizes reaches the fastest level, not halfway', () => {
    // 1/M up to 2,025 MB, flat above: the line through 1024 and 1500 MB reaches the level near the knee.
    const duration = (mb: number): number => (100 * 2025) / Math.min(mb, 2025);
    const side = bracket(observe(sizes([1024, 1500, 3538].map((mb) => [mb, duration(mb)])), config('speed')), config('speed'), bounds).open[0]!;
    expect(side).toMatchObject({ lowMB: 1500, highMB: 3538 });
    expect(side.atMB).toBeGreaterThanOrEqual(2025);
    expect(side.atMB).toBeLessThan(2025 * 1.05);
  });

  it('closes a narrow side by a trusted model whose optimum is not in it, never a wide one (a knee can hide there)', () => {
    const narrow = observe(
      sizes([
        [1024, 700],
        [1501, 478],
        [1769, 405],
        [3538, 404],
      ]),
      config('speed'),
    );
    expect(bracket(narrow, config('speed'), bounds).open).toHaveLength(1);
    expect(bracket(narrow, config('speed'), bounds, 1769).open).toEqual([]);

    const wide = observe(
      sizes([
        [1024, 700],
        [1769, 405],
        [3538, 404],
      ]),
      config('speed'),
    );
    expect(bracket(wide, config('speed'), bounds, 1769).open).toHaveLength(1);
  });

  it('brackets an interior cost minimum on both sides to 12 %, and a best at the smallest size by half its size', () => {
    const cost = config('cost');
    // Cheapest at 1400 MB (faster than proportional below it), dearer above the knee.
    const interior = bracket(
      observe(
        sizes([
          [1024, 1100],
          [1400, 650],
          [2048, 480],
        ]),
        cost,
      ),
      cost,
      bounds,
    );
    expect(interior.best?.memoryMB).toBe(1400);
    expect(interior.open.map((s) => [s.lowMB, s.highMB])).toEqual([
      [1024, 1400],
      [1400, 2048],
    ]);
    const tight = bracket(
      observe(
        sizes([
          [1300, 720],
          [1400, 650],
          [1520, 600],
        ]),
        cost,
      ),
      cost,
      bounds,
    );
    expect(1520 / 1400).toBeLessThan(INTERIOR_RATIO);
    expect(tight.open).toEqual([]);

    const smallest = bracket(
      observe(
        sizes([
          [256, 500],
          [1024, 500],
        ]),
        cost,
      ),
      cost,
      bounds,
    );
    expect(smallest.open[0]).toMatchObject({ lowMB: 128, highMB: 256, atMB: 128 });
  });

  it('looks above the only size as fast once the side below is closed, 1.5 × up, unless a trusted model says the curve is flat there', () => {
    const speed = config('speed');
    const view = observe(
      sizes([
        [3420, 414],
        [3538, 400],
      ]),
      speed,
    );
    expect(bracket(view, speed, bounds).open).toEqual([expect.objectContaining({ lowMB: 3538, atMB: 5307 })]);
    expect(bracket(view, speed, bounds, 3538).open).toEqual([]);
  });

  it('pools sizes that say durations grow with memory into one level (pool-adjacent-violators)', () => {
    expect(monotone([10, 8, 9, 7], [1, 1, 1, 1])).toEqual([10, 8.5, 8.5, 7]);
    expect(monotone([5, 6, 7], [1, 1, 2])).toEqual([6.25, 6.25, 6.25]);
    expect(monotone([3, 2, 1], [1, 1, 1])).toEqual([3, 2, 1]);
  });
});
