/**
 * Judges a run's report against the model's truth (test/support/truth.ts) and prints the tables of
 * issue 17's bars; shared by simulate.ts (no HTTP) and bench.ts (the real CLI), so both modes judge
 * alike.
 */
import { judge, truePoint } from '../../../test/support/truth.js';
import { workOf } from '../../../test/support/search-sim.js';
import type { Interval, Report } from '../../../src/types.js';
import type { SearchCase } from './cases.js';

/**
 * A warning names the uncertainty when it says the answer rests on noise or is unconfirmed (the
 * analysis' near-tie and SLO warnings, too few warm samples, an unconfirmed fit or SLO).
 */
export const UNCERTAINTY = /noise|uncertain|unconfirmed|not confirmed|cannot be (told apart|confirmed)|confiden|95 %|too few|only \d+ warm/i;

export interface RunVerdict {
  seed: number;
  memoryMB: number | undefined;
  /** Fraction worse than the true optimum (Infinity: no answer, or a size that fails). */
  miss: number;
  /** Fraction the recommended size's true p95 is above the SLO (0 when it meets it). */
  p95Over: number;
  gbSeconds: number;
  /** Search's wall time over the grid's (bench: measured; simulate: modelled), when known. */
  wallRatio?: number;
  /** Whether the stated interval of the recommended size (the search's answer, else its ci95) covered its true mean duration / true mean cost (undefined without one). */
  coversDuration: boolean | undefined;
  coversCost: boolean | undefined;
  /** Some warning names the uncertainty (UNCERTAINTY). */
  warned: boolean;
  /** The search said its answer is confirmed (report.search.stopped; before issue 17, a stoppedBecause of "settled"). */
  settled: boolean;
  stoppedBecause: string | undefined;
}

export function verdictOf(c: SearchCase, seed: number, report: Report, gbSeconds: number): RunVerdict {
  const memoryMB = report.recommendation?.memoryMB;
  const work = workOf(c.fn);
  const { miss, p95Over } = judge(work, c.goal, memoryMB);
  const ci = memoryMB === undefined ? undefined : report.results.find((r) => r.memoryMB === memoryMB)?.ci95;
  // The search states its answer's interval of the mean duration (search.answer); ci95's is the trimmed mean's.
  const answer = report.search?.answer?.memoryMB === memoryMB ? report.search?.answer : undefined;
  const truth = memoryMB === undefined ? undefined : truePoint(work, memoryMB);
  const covers = (interval: Interval | undefined, value: number | undefined): boolean | undefined =>
    interval === undefined || value === undefined || !Number.isFinite(value) ? undefined : interval.low <= value && value <= interval.high;
  const stoppedBecause = report.search?.stoppedBecause;
  return {
    seed,
    memoryMB,
    miss,
    p95Over,
    gbSeconds,
    coversDuration: covers(answer?.meanDurationMs ?? ci?.trimmedMeanMs, truth?.meanMs),
    coversCost: covers(answer?.costUSD ?? ci?.costPerInvocationUSD, truth?.costUSD),
    warned: report.warnings.some((w) => UNCERTAINTY.test(w)),
    settled: report.search?.stopped === 'confirmed' || (stoppedBecause?.startsWith('settled') ?? false),
    stoppedBecause,
  };
}

export interface CaseRuns {
  c: SearchCase;
  optimumMB: number | undefined;
  search: RunVerdict[];
  grid: RunVerdict[];
}

const MISS = 0.05;
const SLO_SLACK = 0.03;
const pct = (x: number, digits = 1): string => {
  if (Number.isNaN(x) || x === -Infinity) return '–';
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '∞';
};
const median = (xs: readonly number[]): number => {
  const s = xs.toSorted((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const count = <T>(xs: readonly T[], pred: (x: T) => boolean): number => xs.filter(pred).length;
const ratioOf = (n: number, total: number): string => `${n}/${total}`;
const unwarnedMiss = (v: RunVerdict): boolean => v.miss > MISS && !v.warned;
const unwarnedSlo = (v: RunVerdict): boolean => v.p95Over > SLO_SLACK && !v.warned;
const coverage = (vs: readonly RunVerdict[], key: 'coversDuration' | 'coversCost'): string => {
  const known = vs.filter((v) => v[key] !== undefined);
  return known.length === 0 ? '–' : `${count(known, (v) => v[key] === true)}/${known.length}`;
};

/** Per case: the search's runs against the grid's (same seeds). */
export function caseTable(rows: readonly CaseRuns[]): string[] {
  const lines = [
    '| case | optimum | search ≤ 5 % | search worst miss (MB) | grid ≤ 5 % | grid worst miss (MB) | GB-s search / grid: median (max) | search interval covers mean: duration, cost | SLO: worst true p95 over (search / grid) | search unwarned: miss > 5 %, SLO > 3 % | wall search / grid (max) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { c, optimumMB, search, grid } of rows) {
    const worst = (vs: readonly RunVerdict[]): RunVerdict => vs.reduce((a, b) => (b.miss > a.miss ? b : a));
    const ws = worst(search);
    const wg = worst(grid);
    const spend = search.map((v, i) => v.gbSeconds / (grid[i] as RunVerdict).gbSeconds);
    const slo = c.goal.maxDurationMs === undefined ? '' : `${pct(Math.max(...search.map((v) => v.p95Over)))} / ${pct(Math.max(...grid.map((v) => v.p95Over)))}`;
    const walls = search.map((v) => v.wallRatio).filter((w): w is number => w !== undefined);
    lines.push(
      `| ${c.name} | ${optimumMB ?? 'none'} MB | ${ratioOf(
        count(search, (v) => v.miss <= MISS),
        search.length,
      )} | ${pct(ws.miss)} (${ws.memoryMB ?? '–'}) | ` +
        `${ratioOf(
          count(grid, (v) => v.miss <= MISS),
          grid.length,
        )} | ${pct(wg.miss)} (${wg.memoryMB ?? '–'}) | ` +
        `${pct(median(spend), 0)} (${pct(Math.max(...spend), 0)}) | ${coverage(search, 'coversDuration')}, ${coverage(search, 'coversCost')} | ${slo} | ` +
        `${count(search, unwarnedMiss)}, ${count(search, unwarnedSlo)} | ${walls.length ? Math.max(...walls).toFixed(2) : '–'} |`,
    );
  }
  return lines;
}

export interface Bars {
  lines: string[];
  met: boolean;
}

/** Overall figures, the search against the grid, and each bar of issue 17 met or not. */
export function overall(rows: readonly CaseRuns[]): Bars {
  const all = (pick: (r: CaseRuns) => RunVerdict[], plain?: boolean): RunVerdict[] =>
    rows.filter((r) => plain === undefined || r.c.plain === plain).flatMap(pick);
  const s = all((r) => r.search);
  const g = all((r) => r.grid);
  const spend = rows.flatMap((r) => r.search.map((v, i) => v.gbSeconds / (r.grid[i] as RunVerdict).gbSeconds));
  const plainWorst = Math.max(...all((r) => r.search, true).map((v) => v.miss));
  const frac = (vs: readonly RunVerdict[], pred: (v: RunVerdict) => boolean): number => count(vs, pred) / vs.length;
  const covered = (vs: readonly RunVerdict[], key: 'coversDuration' | 'coversCost'): number => {
    const known = vs.filter((v) => v[key] !== undefined);
    return known.length ? count(known, (v) => v[key] === true) / known.length : NaN;
  };
  const lines = [
    '| overall | search | grid (7 × 20) |',
    '| --- | --- | --- |',
    `| runs within 5 % of the true optimum | ${ratioOf(
      count(s, (v) => v.miss <= MISS),
      s.length,
    )} (${pct(
      frac(s, (v) => v.miss <= MISS),
      0,
    )}) | ${ratioOf(
      count(g, (v) => v.miss <= MISS),
      g.length,
    )} (${pct(
      frac(g, (v) => v.miss <= MISS),
      0,
    )}) |`,
    `| deviating cases only | ${ratioOf(
      count(
        all((r) => r.search, false),
        (v) => v.miss <= MISS,
      ),
      all((r) => r.search, false).length,
    )} | ${ratioOf(
      count(
        all((r) => r.grid, false),
        (v) => v.miss <= MISS,
      ),
      all((r) => r.grid, false).length,
    )} |`,
    `| plain cases: worst miss | ${pct(plainWorst, 2)} | ${pct(Math.max(...all((r) => r.grid, true).map((v) => v.miss)))} |`,
    `| misses > 5 % without a warning naming the uncertainty | ${count(s, unwarnedMiss)} | ${count(g, unwarnedMiss)} |`,
    `| of them "confirmed" | ${count(s, (v) => unwarnedMiss(v) && v.settled)} | – |`,
    // A warning on every run would meet the bar above and tell the user nothing.
    `| runs carrying a warning that names the uncertainty (hits included) | ${ratioOf(
      count(s, (v) => v.warned),
      s.length,
    )} | ${ratioOf(
      count(g, (v) => v.warned),
      g.length,
    )} |`,
    `| SLO broken by > 3 % at the true p95 without a warning | ${count(s, unwarnedSlo)} | ${count(g, unwarnedSlo)} |`,
    `| GB-s against the grid: median, max | ${pct(median(spend), 0)}, ${pct(Math.max(...spend), 0)} | 100 % |`,
    `| the stated 95 % interval covers the true mean duration | ${pct(covered(s, 'coversDuration'), 0)} | ${pct(covered(g, 'coversDuration'), 0)} |`,
    `| the stated 95 % interval covers the true mean cost | ${pct(covered(s, 'coversCost'), 0)} | ${pct(covered(g, 'coversCost'), 0)} |`,
  ];
  const bars: [string, boolean][] = [
    ['≥ 95 % of runs within 5 % of the true optimum', frac(s, (v) => v.miss <= MISS) >= 0.95],
    ['no miss > 5 % without a warning naming the uncertainty', count(s, unwarnedMiss) === 0],
    ['no SLO broken by > 3 % at the true p95 without a warning', count(s, unwarnedSlo) === 0],
    ['median GB-s ≤ 50 % of the grid’s, none above it', median(spend) <= 0.5 && Math.max(...spend) <= 1],
    ['the stated intervals cover the true mean duration and cost in ≥ 90 % of runs', covered(s, 'coversDuration') >= 0.9 && covered(s, 'coversCost') >= 0.9],
    ['plain cases within 1.5 %', plainWorst <= 0.015],
  ];
  lines.push('', ...bars.map(([bar, ok]) => `- ${ok ? 'met' : 'NOT MET'}: ${bar}`));
  return { lines, met: bars.every(([, ok]) => ok) };
}

/** One line per run, for SEARCH_*_VERBOSE. */
export function runLine(c: SearchCase, kind: 'search' | 'grid', v: RunVerdict): string {
  const covers = (x: boolean | undefined): string => (x === undefined ? '–' : x ? 'yes' : 'no');
  return `${c.name} | ${kind} seed ${v.seed}: ${v.memoryMB ?? 'none'} MB, miss ${pct(v.miss)}, p95 over ${pct(v.p95Over)}, covers ${covers(v.coversDuration)}/${covers(v.coversCost)}, ${v.warned ? 'warned' : 'no warning'}${v.stoppedBecause ? `; ${v.stoppedBecause}` : ''}`;
}
