/**
 * One answer across architectures (`tune --copy --arch x86_64,arm64`): each architecture was
 * measured on its own copy and has its own recommendation at its own prices; this picks between
 * those by the same strategy and says how the winner compares with the function as it is today.
 */
import { formatMB, formatPercent } from '../format.js';
import type { Architecture, ArchitecturePart, Recommendation, Report, SizeResult, Strategy } from '../types.js';
import { balancedScore } from './recommend.js';

export interface ArchitectureRun {
  architecture: Architecture;
  report: Report;
  /** Why the architecture has no answer (e.g. its code failed there). */
  failed?: string;
}

/** The function as it runs today: the point every saving is measured from. */
export interface Today {
  architecture: Architecture;
  memoryMB: number;
}

interface Candidate {
  architecture: Architecture;
  result: SizeResult;
  cost: number;
  speed: number;
}

/**
 * One report of both architectures: `results` of both (each with `architecture`), each
 * architecture's part (prices, recommendation), and the recommendation across them. `runs` is
 * not modified; the first run's report gives the shared fields (function, strategy, discard).
 */
export function combineArchitectures(runs: readonly ArchitectureRun[], today: Today): Report {
  const first = runs[0];
  if (!first) throw new RangeError('combineArchitectures needs at least one architecture');
  const results = runs.flatMap((run) => run.report.results.map((r) => ({ ...r, architecture: run.architecture })));
  const parts: ArchitecturePart[] = runs.map((run) => ({
    architecture: run.architecture,
    pricing: run.report.pricing,
    recommendation: run.report.recommendation ? { ...run.report.recommendation, architecture: run.architecture } : null,
    ...(run.report.search ? { search: run.report.search } : {}),
    ...(run.failed !== undefined ? { failed: run.failed } : {}),
  }));
  const warnings = runs.flatMap((run) => [
    ...(run.failed !== undefined ? [`${run.architecture}: ${run.failed}`] : []),
    ...run.report.warnings.map((w) => `${run.architecture}: ${w}`),
  ]);
  const todayPart = runs.find((run) => run.architecture === today.architecture) ?? first;
  const { search: _search, ...shared } = todayPart.report;
  return {
    ...shared,
    function: { ...shared.function, architecture: today.architecture, originalMemoryMB: today.memoryMB },
    results,
    recommendation: recommendAcross(runs, todayPart.report.strategy, today),
    architectures: parts,
    warnings,
  };
}

/** The better of the architectures' own recommendations, by the strategy, with its saving against today. */
export function recommendAcross(runs: readonly ArchitectureRun[], strategy: Report['strategy'], today: Today): Recommendation | null {
  const candidates = runs.flatMap(candidateOf);
  if (candidates.length === 0) return null;
  const best = candidates.toSorted(order(strategy.name, strategy.weight ?? 0.5, candidates))[0]!;
  const own = runs.find((run) => run.architecture === best.architecture)!.report.recommendation!;
  const base = runs.find((run) => run.architecture === today.architecture)?.report.results.find((r) => r.memoryMB === today.memoryMB);
  const recommendation: Recommendation = {
    ...own,
    architecture: best.architecture,
    reason: `${best.architecture} at ${formatMB(best.result.memoryMB, { unit: true })}: ${own.reason}`,
  };
  delete recommendation.savingVsCurrent;
  if (base?.costUSD && base.durationMs && base.errors === 0) {
    const costPercent = percentLess(base.costUSD.perInvocation, best.cost);
    const durationPercent = percentLess(base.durationMs.trimmedMean, best.speed);
    recommendation.savingVsCurrent = { costPercent, durationPercent, currentMemoryMB: today.memoryMB };
    recommendation.reason = `${best.architecture} at ${formatMB(best.result.memoryMB, { unit: true })}: ${versus(costPercent, 'cheaper', 'dearer')} than today, ${versus(durationPercent, 'faster', 'slower')} (today: ${today.architecture} at ${formatMB(today.memoryMB, { unit: true })}); ${own.reason}`;
  }
  return recommendation;
}

function candidateOf(run: ArchitectureRun): Candidate[] {
  const mb = run.report.recommendation?.memoryMB;
  const result = run.report.results.find((r) => r.memoryMB === mb);
  if (!result?.costUSD || !result.durationMs) return [];
  return [{ architecture: run.architecture, result, cost: result.costUSD.perInvocation, speed: result.durationMs.trimmedMean }];
}

function order(strategy: Strategy, weight: number, all: readonly Candidate[]): (a: Candidate, b: Candidate) => number {
  const score = balancedScore(weight, Math.max(...all.map((c) => c.cost)), Math.max(...all.map((c) => c.speed)));
  const keys: Array<(c: Candidate) => number> =
    strategy === 'cost'
      ? [(c) => c.cost, (c) => c.speed]
      : strategy === 'speed'
        ? [(c) => c.speed, (c) => c.cost]
        : [(c) => score(c.cost, c.speed), (c) => c.cost];
  return (a, b) => {
    for (const key of keys) if (key(a) !== key(b)) return key(a) - key(b);
    return 0;
  };
}

/** How much lower `value` is than `base`, in % of `base` (negative when higher). */
function percentLess(base: number, value: number): number {
  return base > 0 ? ((base - value) / base) * 100 : 0;
}

/** "21 % cheaper" / "4 % slower" (a negative saving is the other word). */
function versus(percent: number, better: string, worse: string): string {
  return `${formatPercent(Math.abs(percent))} ${percent >= 0 ? better : worse}`;
}
