/**
 * The performance model's expected steady state at a size — warm environments past their warm-up —
 * in closed form, no sampling: the mean, any quantile (the p95) and the mean billed duration. Pure.
 *
 * A steady-state duration is D = base_k · J · T: base_k the request type's duration
 * (performance.ts), J the jitter, uniform on [1 − j, 1 + j], T the tail, 1 or (with probability s)
 * uniform on [a, b]. J and T do not depend on the size, so P(D ≤ d) = Σ_k p_k · F_X(d / base_k) with
 * X = J · T, whose distribution function has a closed form (below).
 */
import { requestTypes, runsOutOfMemory, typeDurationMs } from './performance.js';
import type { WorkModel } from './types.js';

export interface SteadyState {
  memoryMB: number;
  /** Every invocation at this size dies (Runtime.OutOfMemory); the figures are then NaN. */
  failing: boolean;
  meanMs: number;
  p95Ms: number;
  /** E[⌈D⌉]: what Lambda bills on average (1 ms granularity), warm invocations. */
  billedMeanMs: number;
}

interface Component {
  share: number;
  baseMs: number;
}

/** The expected steady state at `memoryMB`. */
export function steadyState(work: WorkModel, memoryMB: number): SteadyState {
  if (runsOutOfMemory(work, memoryMB)) return { memoryMB, failing: true, meanMs: NaN, p95Ms: NaN, billedMeanMs: NaN };
  const parts = components(work, memoryMB);
  const { s, a, b } = tailOf(work);
  const meanX = 1 - s + (s * (a + b)) / 2;
  const meanMs = parts.reduce((sum, c) => sum + c.share * c.baseMs * meanX, 0);
  const billedMeanMs = parts.reduce((sum, c) => {
    const j = work.jitter;
    const body = expectedCeilUniform(c.baseMs * (1 - j), c.baseMs * (1 + j));
    // The tail spans several times its base: the fraction ⌈d⌉ − d is uniform there, on average ½ ms.
    const slow = c.baseMs * ((a + b) / 2) + 0.5;
    return sum + c.share * ((1 - s) * body + s * slow);
  }, 0);
  return { memoryMB, failing: false, meanMs, p95Ms: quantileOf(work, parts, 0.95), billedMeanMs };
}

/** The q-quantile of the steady-state duration at `memoryMB` (NaN at a failing size). */
export function steadyQuantileMs(work: WorkModel, memoryMB: number, q: number): number {
  if (runsOutOfMemory(work, memoryMB)) return NaN;
  return quantileOf(work, components(work, memoryMB), q);
}

function components(work: WorkModel, memoryMB: number): Component[] {
  return requestTypes(work)
    .filter((t) => t.share > 0)
    .map((t) => ({ share: t.share, baseMs: typeDurationMs(work, memoryMB, t) }));
}

function tailOf(work: WorkModel): { s: number; a: number; b: number } {
  return work.tail ? { s: work.tail.share, a: work.tail.minFactor, b: work.tail.maxFactor } : { s: 0, a: 1, b: 1 };
}

/** Bisection on P(D ≤ d) = q: 200 halvings of the support is far below a microsecond. */
function quantileOf(work: WorkModel, parts: readonly Component[], q: number): number {
  const { b } = tailOf(work);
  const cdf = (d: number): number => parts.reduce((sum, c) => sum + c.share * cdfX(work, d / c.baseMs), 0);
  let low = 0;
  let high = Math.max(...parts.map((c) => c.baseMs)) * (1 + work.jitter) * Math.max(1, b);
  for (let i = 0; i < 200 && high - low > 1e-9 * high; i += 1) {
    const mid = (low + high) / 2;
    if (cdf(mid) >= q) high = mid;
    else low = mid;
  }
  return high;
}

/** P(J · T ≤ x). */
export function cdfX(work: WorkModel, x: number): number {
  const { s, a, b } = tailOf(work);
  const body = cdfJ(work.jitter, x);
  if (s === 0) return body;
  // P(J·T ≤ x | tail) = (1 / (b − a)) ∫_a^b F_J(x / t) dt.
  return (1 - s) * body + (s * integralOfCdfJ(work.jitter, x, a, b)) / (b - a || 1);
}

function cdfJ(j: number, y: number): number {
  if (j === 0) return y >= 1 ? 1 : 0;
  return Math.min(1, Math.max(0, (y - (1 - j)) / (2 * j)));
}

/**
 * ∫_a^b F_J(x / t) dt: 1 while x / t ≥ 1 + j, 0 once x / t ≤ 1 − j, and (x / t − (1 − j)) / 2j in
 * between, whose integral is (x ln t − (1 − j) t) / 2j. With a = b (a point tail) it is F_J(x / a).
 */
function integralOfCdfJ(j: number, x: number, a: number, b: number): number {
  if (b === a) return cdfJ(j, x / a);
  if (j === 0) return Math.max(0, Math.min(b, x) - a);
  const lowJ = 1 - j;
  const full = Math.min(b, x / (1 + j));
  let total = Math.max(0, full - a);
  const from = Math.max(a, x / (1 + j));
  const to = Math.min(b, x / lowJ);
  if (to > from) total += (x * Math.log(to / from) - lowJ * (to - from)) / (2 * j);
  return total;
}

/** E[⌈U⌉] for U uniform on [p, q]: ∫ ⌈u⌉ du / (q − p), with ∫_0^x ⌈u⌉ du = n(n + 1)/2 + (n + 1)(x − n), n = ⌊x⌋. */
function expectedCeilUniform(p: number, q: number): number {
  if (q - p < 1e-9) return Math.ceil(p - 1e-9);
  const g = (x: number): number => {
    const n = Math.floor(x);
    return (n * (n + 1)) / 2 + (n + 1) * (x - n);
  };
  return (g(q) - g(p)) / (q - p);
}
