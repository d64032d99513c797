/** Picks the memory size to recommend from measured results: cheapest, fastest or best balanced. */
import { UsageError } from '../errors.js';
import type { Interval, Recommendation, SizeResult, Strategy } from '../types.js';
import { formatMB, formatMs as formatMsBare, formatPercent, formatUsd } from '../format.js';
import { sloEligible, unconfirmedSlo } from './slo.js';
import { breakTie, SETTLE_MARGIN, speedChoice, type TieCandidate } from './ties.js';

const formatMs = (ms: number): string => `${formatMsBare(ms)} ms`;

export interface RecommendOptions {
  strategy: Strategy;
  /** For `balanced`: how much cost counts against speed, 0..1 (1 = cost only, 0 = speed only). */
  weight: number;
  /** Only sizes whose p95 duration is at most this many ms qualify. */
  maxDurationMs?: number;
  /** The function's current size; when it was measured, the saving against it is reported. */
  currentMemoryMB?: number;
  /**
   * Sizes with fewer warm invocations than this stay rows but cannot be recommended (replay, which
   * cannot measure more): one invocation is not evidence.
   */
  minWarm?: number;
}

export interface RecommendOutcome {
  recommendation: Recommendation | null;
  warnings: string[];
}

/** A size that may be recommended: measured, and no invocation failed. `cost` per invocation, USD; `speed` the trimmed mean, ms. */
interface Candidate extends TieCandidate {
  p95: number;
  p95Upper?: number;
}

type Key = (c: Candidate) => number;

const byCost: Key = (c) => c.cost;
const bySpeed: Key = (c) => c.speed;
const byMemory: Key = (c) => c.memoryMB;

/**
 * Recommends a memory size from `results` (not modified).
 *
 * Only sizes that ran without a single error are candidates: a size that fails some of the time is
 * neither cheap nor fast, whatever its successful invocations say. Speed is the trimmed mean
 * duration; cost is the cost per invocation. `balanced` minimises
 * weight·cost/maxCost + (1 − weight)·duration/maxDuration over the candidates, as AWS Lambda Power
 * Tuning does. `speed` takes the cheapest of the sizes that may be as fast as the fastest level
 * (ties.ts speedChoice: within 1 % by their 95 % intervals). Ties (equal within 1e-12, relative) go to the cheaper, then the faster, then the smaller size.
 * Near-ties — sizes whose 95 % intervals (`ci95`) of the strategy's figure overlap the winner's —
 * are decided by the strategy's rule (ties.ts): speed and balanced take the cheaper, cost the one
 * measured cheapest; `settled` says whether that holds within 3 % at 95 % confidence. With an SLO,
 * only sizes that meet it qualify, confirmed by an upper bound of their p95 where any is (slo.ts).
 *
 * @returns the recommendation, or null with a warning that says why there is none.
 * @throws UsageError for a weight outside 0..1 or a maxDurationMs that is not a positive number.
 */
export function recommend(results: readonly SizeResult[], opts: RecommendOptions): RecommendOutcome {
  checkOptions(opts);
  const warnings: string[] = [];
  if (results.length === 0) {
    return { recommendation: null, warnings: ['no memory size was measured, so there is nothing to recommend'] };
  }
  for (const r of results) {
    if (r.errors > 0) warnings.push(describeErrors(r));
  }
  const measured = results.flatMap(toCandidate);
  const minWarm = opts.minWarm ?? 0;
  const thin = results.filter((r) => r.errors === 0 && r.durationMs !== null && warmInvocations(r) < minWarm);
  if (thin.length > 0) {
    const sizes = thin.map((r) => `${formatMB(r.memoryMB, { unit: true })} (${warmInvocations(r)})`).join(', ');
    warnings.push(`too few warm invocations to recommend ${sizes}: at least ${minWarm} are needed, as tune measures; shown, not recommended`);
  }
  const clean = measured.filter((c) => !thin.some((r) => r.memoryMB === c.memoryMB));
  if (measured.length === 0) {
    warnings.push('no memory size ran without errors, so there is no recommendation: fix the errors above and measure again');
    return { recommendation: null, warnings };
  }
  if (clean.length === 0) {
    warnings.push(`no memory size has the ${minWarm} warm invocations a recommendation needs, so there is none`);
    return { recommendation: null, warnings };
  }
  const { maxDurationMs } = opts;
  const slo = maxDurationMs === undefined ? undefined : sloEligible(clean, maxDurationMs);
  const candidates = slo ? slo.eligible : clean;
  if (maxDurationMs !== undefined && candidates.length === 0) {
    const fastest = pick(clean, [(c) => c.p95, byCost, byMemory]);
    warnings.push(`no memory size meets p95 ≤ ${formatMs(maxDurationMs)}: the fastest p95 is ${formatMs(fastest.p95)} at ${fastest.memoryMB} MB`);
    return { recommendation: null, warnings };
  }
  const speed = opts.strategy === 'speed' ? speedChoice(candidates) : undefined;
  const best = speed ? speed.chosen : pick(candidates, keysFor(opts, candidates));
  const tie = speed ? speed.tie : breakTie(candidates, best, opts.strategy, balancedInterval(opts, candidates));
  const chosen = tie?.chosen ?? best;
  const recommendation: Recommendation = { memoryMB: chosen.memoryMB, reason: reasonFor(chosen, opts) };
  if (tie) {
    recommendation.tiedWith = tie.tiedWith;
    recommendation.tieRule = tie.rule;
    recommendation.settled = tie.settled;
    recommendation.worseByPercent = Math.max(0, tie.worseBy * 100);
    const sizes = [chosen.memoryMB, ...tie.tiedWith].toSorted((a, b) => a - b).map((mb) => formatMB(mb, { unit: true }));
    const figure = { cost: 'cost', speed: 'mean duration', balanced: 'balanced score (cost and speed together)' }[opts.strategy];
    const margin = tie.settled
      ? `; it is within ${formatPercent(SETTLE_MARGIN * 100)} of each of them with 95 % confidence`
      : `; with what was measured it may be up to ${formatPercent(tie.worseBy * 100)} worse than the best of them (95 % confidence): measure more to tell`;
    warnings.push(
      `${sizes.join(', ')} cannot be told apart at the measured noise (95 % intervals of their ${figure} overlap); recommended: ${tie.rule}${margin}`,
    );
  }
  if (slo && maxDurationMs !== undefined) {
    recommendation.sloConfirmed = slo.confirmed;
    if (!slo.confirmed)
      warnings.push(`${unconfirmedSlo(chosen, maxDurationMs)}; measure it with more invocations (or a larger size) before relying on the SLO`);
    const closer = slo.confirmed ? clean.filter((c) => c.memoryMB < chosen.memoryMB && c.p95 <= maxDurationMs && !slo.eligible.includes(c)).at(-1) : undefined;
    if (closer)
      warnings.push(
        `${unconfirmedSlo(closer, maxDurationMs)}; it meets the SLO on its measured p95, so a size from ${formatMB(closer.memoryMB, { unit: true })} up to ${formatMB(chosen.memoryMB, { unit: true })} may meet it for less`,
      );
    const narrow = slo.confirmed ? undefined : narrowSlo(chosen, candidates, maxDurationMs);
    if (narrow) warnings.push(narrow);
  }
  const saving = savingVsCurrent(chosen, results, opts.currentMemoryMB);
  if (saving) recommendation.savingVsCurrent = saving;
  return { recommendation, warnings };
}

/**
 * A p95 that meets the SLO by less than the relative half-width of the size's 95 % interval of the
 * mean meets it within the noise (a p95 is noisier than a mean, so this errs towards silence):
 * say so, and name the next measured size up that meets it with room.
 */
function narrowSlo(chosen: Candidate, candidates: readonly Candidate[], maxDurationMs: number | undefined): string | undefined {
  if (maxDurationMs === undefined || !chosen.speedCi) return undefined;
  const noise = (chosen.speedCi.high - chosen.speedCi.low) / 2 / chosen.speed;
  const room = (c: Candidate): number => 1 - c.p95 / maxDurationMs;
  if (room(chosen) >= noise) return undefined;
  const safer = candidates.filter((c) => c.memoryMB > chosen.memoryMB && room(c) >= noise).toSorted((a, b) => a.memoryMB - b.memoryMB)[0];
  const alternative = safer ? `; ${formatMB(safer.memoryMB, { unit: true })} meets it with room (p95 ${formatMs(safer.p95)})` : '';
  return `${formatMB(chosen.memoryMB, { unit: true })} meets p95 ≤ ${formatMs(maxDurationMs)} within the noise (p95 ${formatMs(chosen.p95)}, ±${formatPercent(noise * 100)} on its mean)${alternative}`;
}

function keysFor(opts: RecommendOptions, candidates: readonly Candidate[]): Key[] {
  switch (opts.strategy) {
    case 'cost':
      return [byCost, bySpeed, byMemory];
    case 'speed':
      return [bySpeed, byCost, byMemory];
    case 'balanced': {
      const balanced = balancedScore(opts.weight, Math.max(...candidates.map(byCost)), Math.max(...candidates.map(bySpeed)));
      const score: Key = (c) => balanced(c.cost, c.speed);
      // Cost before speed as the tie-break keeps weight 1 identical to `cost` and weight 0 to
      // `speed` (whose own tie-break is the cheaper size).
      return [score, byCost, bySpeed, byMemory];
    }
  }
}

/** The first candidate in the order the keys give, compared key by key with a relative tolerance. */
function pick(candidates: readonly Candidate[], keys: readonly Key[]): Candidate {
  const ordered = candidates.toSorted((a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (!nearlyEqual(x, y)) return x - y;
    }
    return 0;
  });
  return ordered[0] as Candidate;
}

function nearlyEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/** Balanced's score as an interval: the score is linear in cost and speed, so their intervals map end to end. */
function balancedInterval(opts: RecommendOptions, candidates: readonly Candidate[]): ((c: Candidate) => Interval) | undefined {
  if (opts.strategy !== 'balanced') return undefined;
  const score = balancedScore(opts.weight, Math.max(...candidates.map(byCost)), Math.max(...candidates.map(bySpeed)));
  return (c) => {
    const cost = c.costCi ?? { low: c.cost, high: c.cost };
    const speed = c.speedCi ?? { low: c.speed, high: c.speed };
    return { low: score(cost.low, speed.low), high: score(cost.high, speed.high) };
  };
}

/**
 * Balanced's score: weight·cost/maxCost + (1 − weight)·duration/maxDuration (each 0 when its max is
 * 0). The one formula for the recommendation, its near-ties, and the search that aims at it.
 */
export function balancedScore(weight: number, maxCost: number, maxDuration: number): (cost: number, durationMs: number) => number {
  const ratio = (value: number, max: number): number => (max > 0 ? value / max : 0);
  return (cost, durationMs) => weight * ratio(cost, maxCost) + (1 - weight) * ratio(durationMs, maxDuration);
}

/** Successful warm invocations of a size: those its interval is over (one when there is no interval). */
export function warmInvocations(r: SizeResult): number {
  if (r.durationMs === null || r.sample === 'all') return 0;
  return r.ci95?.samples ?? 1;
}

function toCandidate(r: SizeResult): Candidate[] {
  if (r.errors > 0 || !r.durationMs || !r.costUSD) return [];
  const c: Candidate = {
    memoryMB: r.memoryMB,
    cost: r.costUSD.perInvocation,
    speed: r.durationMs.trimmedMean,
    p95: r.durationMs.p95,
    samples: r.ci95?.samples ?? 0,
  };
  if (r.ci95) {
    c.costCi = r.ci95.costPerInvocationUSD;
    c.speedCi = r.ci95.trimmedMeanMs;
    if (r.ci95.p95UpperMs !== undefined) c.p95Upper = r.ci95.p95UpperMs;
  }
  return [c];
}

function reasonFor(c: Candidate, opts: RecommendOptions): string {
  const cost = `${formatUsd(c.cost)} per invocation`;
  const speed = `${formatMs(c.speed)} trimmed mean`;
  const slo = opts.maxDurationMs === undefined ? '' : `; p95 ${formatMs(c.p95)} ≤ ${formatMs(opts.maxDurationMs)}`;
  switch (opts.strategy) {
    case 'cost':
      return `cheapest: ${cost}, ${speed}${slo}`;
    case 'speed':
      return `fastest: ${speed}, ${cost}${slo}`;
    case 'balanced':
      return `best balance of cost and speed (weight ${opts.weight}): ${cost}, ${speed}${slo}`;
  }
}

function describeErrors(r: SizeResult): string {
  const types = Object.entries(r.errorsByType)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const rate = formatPercent((r.errors / r.invocations) * 100);
  return `${r.memoryMB} MB is not recommended: ${r.errors} of ${r.invocations} invocations failed (${rate}${types ? `: ${types}` : ''})`;
}

function savingVsCurrent(chosen: Candidate, results: readonly SizeResult[], currentMemoryMB: number | undefined): Recommendation['savingVsCurrent'] {
  const current = results.find((r) => r.memoryMB === currentMemoryMB);
  if (!current?.durationMs || !current.costUSD) return undefined;
  const currentCost = current.costUSD.perInvocation;
  const currentSpeed = current.durationMs.trimmedMean;
  return {
    costPercent: currentCost > 0 ? ((currentCost - chosen.cost) / currentCost) * 100 : 0,
    durationPercent: currentSpeed > 0 ? ((currentSpeed - chosen.speed) / currentSpeed) * 100 : 0,
    currentMemoryMB: current.memoryMB,
  };
}

function checkOptions(opts: RecommendOptions): void {
  if (opts.strategy === 'balanced' && !(opts.weight >= 0 && opts.weight <= 1)) {
    throw new UsageError(`--weight must be between 0 and 1 (1 = cost only, 0 = speed only), got ${opts.weight}.`);
  }
  if (opts.maxDurationMs !== undefined && !(opts.maxDurationMs > 0)) {
    throw new UsageError(`--max-duration must be a positive number of milliseconds, got ${opts.maxDurationMs}.`);
  }
}
