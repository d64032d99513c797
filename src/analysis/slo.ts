/**
 * Which measured sizes meet an SLO on the p95 (`--max-duration`). Pure.
 *
 * A p95 from a handful of values errs low (with 5 values it is nearly their maximum, which exceeds
 * the true p95 only 1 − 0.95⁵ = 23 % of the time), so a measured p95 under the SLO does not show the
 * size meets it. A size is **confirmed** when the distribution-free upper 95 % bound of its p95
 * (stats p95UpperBound: the maximum of 59 values, a lower order statistic with more) is within the
 * SLO. When any size is confirmed, only confirmed sizes are eligible. Otherwise the sizes whose
 * measured p95 meets it stand in, with a warning that it is not confirmed — except those below a
 * size whose measured p95 broke it on at least as many values: durations fall as memory grows, and
 * nothing measured at those sizes says otherwise (a confirmed size's own 59 values do; so do more
 * values than the broken size has).
 */
import { P95_BOUND_MIN_SAMPLES } from '../stats/index.js';
import { formatMB, formatMs } from '../format.js';

export interface SloCandidate {
  memoryMB: number;
  p95: number;
  /** Upper 95 % bound of the p95, when there are enough values. */
  p95Upper?: number;
  samples: number;
}

export interface SloOutcome<C extends SloCandidate> {
  eligible: C[];
  /** True when the eligible sizes are confirmed ones. */
  confirmed: boolean;
}

export function sloEligible<C extends SloCandidate>(candidates: readonly C[], maxDurationMs: number): SloOutcome<C> {
  const confirmed = candidates.filter((c) => c.p95Upper !== undefined && c.p95Upper <= maxDurationMs);
  if (confirmed.length > 0) return { eligible: confirmed, confirmed: true };
  const broken = candidates.filter((c) => c.p95 > maxDurationMs);
  // Only as far as the measurements support it: a size broken on fewer values than a smaller one
  // met it on (five values of a warm-up, say) rules nothing out.
  const ruledOut = (c: C): boolean => broken.some((b) => b.memoryMB > c.memoryMB && b.samples >= c.samples);
  return { eligible: candidates.filter((c) => c.p95 <= maxDurationMs && !ruledOut(c)), confirmed: false };
}

/** The warning for a recommendation whose SLO is not confirmed: what is missing. */
export function unconfirmedSlo(c: SloCandidate, maxDurationMs: number): string {
  const slo = `p95 ≤ ${formatMs(maxDurationMs)} ms`;
  const why =
    c.p95Upper === undefined
      ? `its p95 (${formatMs(c.p95)} ms) rests on ${c.samples} warm invocation(s), and an upper 95 % bound of a p95 needs at least ${P95_BOUND_MIN_SAMPLES}`
      : `the upper 95 % bound of its p95 is ${formatMs(c.p95Upper)} ms`;
  return `${slo} is not confirmed at ${formatMB(c.memoryMB, { unit: true })}: ${why}`;
}
