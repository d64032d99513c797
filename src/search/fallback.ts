/**
 * When the resource model does not fit (a memory-hungry runtime, GC, I/O that changes with memory),
 * the search stops trusting the curve and measures more sizes instead: it halves the gaps on both
 * sides of the analysis's pick among the measured sizes, a few per round, until the neighbours are
 * within STEP_MB of it (or the caps are reached); then it samples the sizes tied with the pick further,
 * so that the tie rule decides only what the noise truly cannot. Pure.
 */
import type { Fit } from './fit.js';
import type { Bounds, Budget, Ledger } from './budget.js';
import type { Decision } from './policy.js';
import { cleanSizes, type SearchConfig, type SearchView } from './view.js';

/** Resolution of the fallback: finer steps cannot be told apart at the usual noise. */
export const STEP_MB = 64;

export function fallbackStep(view: SearchView, ledger: Ledger, config: SearchConfig, bounds: Bounds, budget: Budget, fit: Fit | undefined): Decision {
  const why = fit ? `the model does not fit ${fit.misfits.map((mb) => `${mb} MB`).join(', ')} (residual up to ${Math.round(fit.maxResidualPercent)} %)` : 'too few clean sizes to fit the model';
  const anchor = view.pick ?? cleanSizes(view)[0]?.memoryMB;
  const targets = anchor === undefined ? spread(bounds, ledger) : around(anchor, ledger, bounds);
  const asks = budget.newSizes(targets);
  if (asks.length > 0) return { kind: 'measure', sizes: asks, note: `${why}: measuring ${asks.map((a) => `${a.memoryMB} MB`).join(', ')}`, method: 'fallback', fit };
  const tie = anchor === undefined ? [] : budget.more([anchor, ...view.tiedWith]);
  if (view.tiedWith.length > 0 && tie.length > 0) {
    return { kind: 'measure', sizes: tie, note: `${why}: sampling ${tie.map((a) => `${a.memoryMB} MB`).join(', ')}, which cannot be told apart yet`, method: 'fallback', fit };
  }
  const reason = anchor === undefined ? 'no size ran without errors' : `${why}; ${anchor} MB is the measured best and its measured neighbours are within ${STEP_MB} MB (or the caps are reached)`;
  return { kind: 'done', reason, method: 'fallback', fit };
}

/**
 * Towards each side of `anchor`: halfway to the nearest size asked for, while that is more than
 * STEP_MB away; with nothing asked for on that side, halfway to the range's end, or the end itself
 * once it is within two steps.
 */
function around(anchor: number, ledger: Ledger, bounds: Bounds): number[] {
  const asked = [...ledger.asked.keys()];
  const below = asked.filter((mb) => mb < anchor);
  const above = asked.filter((mb) => mb > anchor);
  return [side(anchor, below.length > 0 ? Math.max(...below) : undefined, bounds.minMB), side(anchor, above.length > 0 ? Math.min(...above) : undefined, bounds.maxMB)].flatMap(
    (mb) => (mb === undefined ? [] : [mb]),
  );
}

function side(anchor: number, neighbour: number | undefined, end: number): number | undefined {
  if (neighbour !== undefined) return Math.abs(anchor - neighbour) > STEP_MB ? Math.round((anchor + neighbour) / 2) : undefined;
  const gap = Math.abs(end - anchor);
  if (gap === 0) return undefined;
  return gap <= 2 * STEP_MB ? end : Math.round((anchor + end) / 2);
}

/** Nothing clean yet: spread new sizes over the range, smallest first. */
function spread(bounds: Bounds, ledger: Ledger): number[] {
  const asked = [...ledger.asked.keys()];
  const candidates = [512, 2048, bounds.maxMB, Math.round((bounds.minMB + bounds.maxMB) / 2)];
  return candidates.filter((mb) => mb >= bounds.minMB && mb <= bounds.maxMB && !asked.includes(mb)).slice(0, 2);
}
