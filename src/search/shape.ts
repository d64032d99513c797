/**
 * What the sizes not measured could still gain over the pick: the search's test that the pick is a
 * minimum. Pure.
 *
 * Without a trusted model, the only assumptions are two shape constraints: a duration does not grow
 * as memory grows (monotone), and each extra MB buys no more than the one before (convex). Lambda's
 * resource model has both, and so do its real-world deviations: GC pressure that eases, network
 * time that shrinks, a knee anywhere, a mixture of request types. Under them, the duration at a size
 * m between measured sizes is at least
 *   - the duration measured at the next larger size (monotone), and
 *   - the line through the two measured sizes on either side, extended to m (a convex function lies
 *     above the extension of any of its chords),
 * each taken conservatively (the next size's less a standard error, the chord's ends moved two
 * standard errors towards a lower line, a chord that does not fall ignored); above
 * the largest measured size, also no more than a proportional speed-up.
 * A size's figure (cost, duration, balanced score) grows with its duration, so the bound on the
 * duration bounds the figure, and with it what the size could gain. With a trusted model (a fit
 * judged good on held-out points) its curve stands in for the bound.
 */

/** A measured size as the bound sees it. */
export interface ShapePoint {
  memoryMB: number;
  durationMs: number;
  /** Standard error of durationMs. */
  seMs: number;
}

/** An interval of sizes not measured, and the most any size in it could gain over the pick. */
export interface Gap {
  lowMB: number;
  highMB: number;
  /** Fraction of the pick's figure (0.05 = a size there could be 5 % better). */
  gain: number;
  /** Where in the gap that gain is reached. */
  atMB: number;
}

/** Sizes within this fraction of a measured one count as measured (budget.ts NEAR). */
const NEAR = 0.02;
/** Standard errors a chord's ends are moved by (about 95 % each): chords amplify noise. */
const CHORD_SE = 2;
/** Sizes tried in each gap (geometric): fine enough for a bound that is itself approximate. */
const PROBES = 32;

/**
 * The gaps between `points` (ascending by memory, at least one) over [minMB, maxMB], each with its
 * largest possible gain; `gainAt(memoryMB, durationLowerBound)` is what a size with that duration
 * would gain over the pick (≤ 0 when none), `lowerBound` the duration bound (shapeBound or a model).
 */
export function gaps(
  points: readonly ShapePoint[],
  minMB: number,
  maxMB: number,
  lowerBound: (memoryMB: number) => number,
  gainAt: (memoryMB: number, durationMs: number) => number,
): Gap[] {
  const edges = [minMB * (1 - NEAR) - 1, ...points.map((p) => p.memoryMB), maxMB * (1 + NEAR) + 1];
  const result: Gap[] = [];
  for (let i = 0; i + 1 < edges.length; i += 1) {
    const low = Math.max(minMB, (edges[i] as number) * (1 + NEAR));
    const high = Math.min(maxMB, (edges[i + 1] as number) * (1 - NEAR));
    if (high < low) continue;
    let best = { gain: -Infinity, atMB: low };
    for (let k = 0; k <= PROBES; k += 1) {
      const mb = Math.round(low * (high / low) ** (k / PROBES));
      const gain = gainAt(mb, lowerBound(mb));
      if (gain > best.gain) best = { gain, atMB: mb };
    }
    result.push({ lowMB: Math.round(low), highMB: Math.round(high), ...best });
  }
  return result;
}

/** The monotone-and-convex lower bound of the duration at `memoryMB` from `points` (ascending). */
export function shapeBound(points: readonly ShapePoint[]): (memoryMB: number) => number {
  return (m) => {
    let bound = 0;
    const next = points.findIndex((p) => p.memoryMB >= m);
    // Monotone: no faster than the next larger measured size (less a standard error).
    if (next >= 0) bound = Math.max(bound, (points[next] as ShapePoint).durationMs - (points[next] as ShapePoint).seMs);
    const right = next >= 0 ? next : points.length;
    // Convex: the chord of the two sizes below m, extended up to m…
    if (right >= 2) bound = Math.max(bound, extend(points[right - 2] as ShapePoint, points[right - 1] as ShapePoint, m));
    // …and the chord of the two sizes above m, extended down to m.
    if (next >= 0 && next + 1 < points.length) bound = Math.max(bound, extend(points[next] as ShapePoint, points[next + 1] as ShapePoint, m));
    // Above every measured size: no more than a proportional speed-up (CPU grows in proportion to
    // memory). Not assumed between measured sizes, where GC pressure can give more.
    const last = points.at(-1);
    if (next < 0 && last) bound = Math.max(bound, ((last.durationMs - last.seMs) * last.memoryMB) / m);
    return bound;
  };
}

/**
 * The line through a and b (a below b) at m outside [a, b], with each end moved CHORD_SE standard
 * errors so that the line lies lower at m: a chord steepened by noise would rule out sizes that
 * noise alone made look bad.
 */
function extend(a: ShapePoint, b: ShapePoint, m: number): number {
  const z = CHORD_SE;
  if (m >= b.memoryMB) {
    const from = b.durationMs - z * b.seMs;
    const slope = (from - (a.durationMs + z * a.seMs)) / (b.memoryMB - a.memoryMB);
    // A chord that does not fall is noise (durations do not grow with memory): it bounds nothing above b.
    return slope < 0 ? from + slope * (m - b.memoryMB) : 0;
  }
  const from = a.durationMs - z * a.seMs;
  const slope = (b.durationMs + z * b.seMs - from) / (b.memoryMB - a.memoryMB);
  return from + slope * (m - a.memoryMB);
}
