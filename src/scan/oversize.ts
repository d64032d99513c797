/**
 * Is a function with memory headroom really over-provisioned? Pure.
 *
 * The headroom (p99 max memory used under `headroom` × size) only says a smaller size would hold
 * the memory. Whether it would be cheaper depends on the duration there, which the evidence
 * projects (projection.ts):
 * - with evidence, the cheapest multiple of 64 MB that keeps the memory safe, is projected to cost
 *   at least `minSaving` (10 %) less and keeps p95 within the speed limit is `over-provisioned`
 *   (verified) — a smaller saving is within what the projection can tell and not worth a failed
 *   CI build; when
 *   none exists there is no finding, only a note saying why (a CPU-bound function keeps its size);
 * - without evidence it is `memory-headroom` (unverified): the saving, priced as if the duration
 *   did not change, is an upper bound kept out of the verified total.
 */
import { DEFAULTS } from '../config/defaults.js';
import { gbSeconds, monthlyCost } from '../pricing/index.js';
import { formatCount, formatMB, formatMs, formatUsd } from '../format.js';
import type { PriceRow } from '../types.js';
import { cpuShareOfDuration, modelFromCpuTime, modelFromSizes, slowdown } from './projection.js';
import type { CpuStats, DurationEvidence, Finding, ScanFunctionConfig, ScanThresholds, SizeStats } from './types.js';
import { pct, plural, span, times } from './words.js';

/** Suggested sizes are whole multiples of this, which keeps them readable and stable run to run. */
export const SIZE_STEP_MB = 64;
export interface OversizeInput {
  config: ScanFunctionConfig;
  current: SizeStats;
  sizes: readonly SizeStats[];
  cpu?: readonly CpuStats[];
  monthlyInvocations: number;
  currentCostUSD: number;
  windowDays: number;
  thresholds: ScanThresholds;
  price: PriceRow;
}

export interface OversizeResult {
  finding?: Finding;
  /** Why a function with headroom was not flagged. */
  note?: string;
}

/** Smallest multiple of 64 MB (≥ 128) that keeps p99 under the target and the peak under the limit. */
export function suggestSize(p99UsedMB: number, maxUsedMB: number, thresholds: ScanThresholds): number {
  return stepUp(Math.max(p99UsedMB / thresholds.targetUtilization, maxUsedMB / thresholds.nearLimit));
}

export function stepUp(neededMB: number): number {
  const stepped = Math.ceil(neededMB / SIZE_STEP_MB) * SIZE_STEP_MB;
  return Math.min(DEFAULTS.maxMemoryMB, Math.max(DEFAULTS.minMemoryMB, stepped));
}

/** Volume tiers and the free tier are account-wide, so one function is costed at first-tier prices. */
export function costAt(memoryMB: number, meanBilledMs: number, invocations: number, price: PriceRow): number {
  return monthlyCost({ gbSeconds: invocations * gbSeconds(memoryMB, meanBilledMs), requests: invocations, price, tiers: false, freeTier: false });
}

export function judgeOversize(input: OversizeInput): OversizeResult {
  const { config, current, thresholds } = input;
  const p99 = current.p99MemoryUsedMB;
  const max = current.maxMemoryUsedMB;
  if (p99 === null || max === null || p99 >= thresholds.headroom * config.memoryMB) return {};
  const floor = suggestSize(p99, max, thresholds);
  if (floor >= config.memoryMB) return {};
  const memoryText =
    `p99 max memory used ${formatMB(p99, { unit: true })} is ${pct(p99, config.memoryMB)} of ${formatMB(config.memoryMB, { unit: true })} ` +
    `(peak ${formatMB(max, { unit: true })}, ${formatCount(current.invocations)} invocations in ${span(input.windowDays)})`;
  const evidence = durationEvidence({
    memoryMB: config.memoryMB,
    sizes: input.sizes,
    ...(input.cpu ? { cpu: input.cpu } : {}),
    minInvocations: thresholds.minInvocations,
  });
  return evidence ? verified(input, floor, memoryText, evidence) : { finding: unverified(input, floor, memoryText) };
}

export type Evidence = Pick<DurationEvidence, 'basis' | 'summary' | 'model'> & {
  /** The sizes whose durations the model was fitted to. */
  measuredMB: number[];
};

/** What the duration evidence is read from: one function's history, judged at `memoryMB`. */
export interface EvidenceInput {
  memoryMB: number;
  sizes: readonly SizeStats[];
  cpu?: readonly CpuStats[];
  /** A size (or its Lambda Insights events) with fewer invocations is no evidence. */
  minInvocations: number;
}

/** Lambda Insights at `memoryMB` first (measured directly), else durations at several sizes. */
export function durationEvidence(input: EvidenceInput): Evidence | undefined {
  const { memoryMB, minInvocations } = input;
  const cpu = input.cpu?.find((c) => c.memoryMB === memoryMB && c.invocations >= minInvocations && c.durationMsSum > 0);
  if (cpu) {
    const model = modelFromCpuTime(memoryMB, cpu.cpuTimeMsSum / cpu.invocations, cpu.durationMsSum / cpu.invocations);
    const share = cpuShareOfDuration(model, memoryMB);
    return {
      basis: 'lambda-insights',
      model,
      summary: `CPU time is ${pct(share, 1)} of the duration (Lambda Insights, ${plural(cpu.invocations, 'invocation')})`,
      measuredMB: [memoryMB],
    };
  }
  const measured = input.sizes.filter((s) => s.invocations >= minInvocations && s.durationMsSum !== null && s.durationMsSum > 0);
  if (measured.length < 2) return undefined;
  const points = measured.map((s) => ({ memoryMB: s.memoryMB, invocations: s.invocations, durationMsMean: (s.durationMsSum as number) / s.invocations }));
  const model = modelFromSizes(points);
  if (!model) return undefined;
  const list = points.map((p) => `${formatMs(p.durationMsMean)} ms at ${formatMB(p.memoryMB, { unit: true })}`).join(', ');
  return { basis: 'memory-sizes', model, summary: `mean duration measured in the window: ${list}`, measuredMB: points.map((p) => p.memoryMB) };
}

interface Candidate {
  memoryMB: number;
  ratio: number;
  durationMsMean: number;
  durationMsP95: number | null;
  billedDurationMsMean: number;
  costUSD: number;
  withinLimit: boolean;
}

function verified(input: OversizeInput, floor: number, memoryText: string, evidence: Evidence): OversizeResult {
  const { config, current, thresholds } = input;
  const meanBilled = current.billedDurationMsSum / current.invocations;
  const meanMs = current.durationMsSum !== null ? current.durationMsSum / current.invocations : meanBilled;
  const p95 = current.durationMs.p95;
  const base = p95 ?? meanMs;
  const timeoutMs = config.timeoutS !== undefined ? config.timeoutS * 1000 : Infinity;
  const limitMs = Math.min(thresholds.maxDurationMs ?? base * (1 + thresholds.maxSlowdown), timeoutMs);
  const candidates: Candidate[] = [];
  for (let memoryMB = floor; memoryMB < config.memoryMB; memoryMB += SIZE_STEP_MB) {
    const ratio = slowdown(evidence.model, config.memoryMB, memoryMB);
    const billed = meanBilled * ratio;
    candidates.push({
      memoryMB,
      ratio,
      durationMsMean: meanMs * ratio,
      durationMsP95: p95 === null ? null : p95 * ratio,
      billedDurationMsMean: billed,
      costUSD: costAt(memoryMB, billed, input.monthlyInvocations, input.price),
      withinLimit: base * ratio <= limitMs,
    });
  }
  const cheaper = candidates.filter((c) => c.withinLimit && c.costUSD <= input.currentCostUSD * (1 - thresholds.minSaving));
  const best = cheaper.toSorted((a, b) => a.costUSD - b.costUSD || a.memoryMB - b.memoryMB)[0];
  const limitText = `p95 ≤ ${formatMs(limitMs)} ms`;
  if (!best) {
    const smallest = candidates[0] as Candidate;
    return {
      note:
        `memory headroom (${memoryText}), but ${evidence.summary}: at ${formatMB(smallest.memoryMB, { unit: true })} it would take ${times(smallest.ratio)} as long ` +
        `for about ${formatUsd(smallest.costUSD)}/month instead of ${formatUsd(input.currentCostUSD)}, and no smaller size is cheaper within ${limitText} — keep ${formatMB(config.memoryMB, { unit: true })}`,
    };
  }
  const p95Text = best.durationMsP95 === null ? '' : `a p95 of about ${formatMs(best.durationMsP95)} ms (now ${formatMs(p95 as number)} ms) and `;
  const { measuredMB, ...shown } = evidence;
  const projection = best.memoryMB >= Math.min(...measuredMB) && measuredMB.length >= 2 ? 'interpolated' : 'extrapolated';
  const how =
    projection === 'interpolated'
      ? 'projected between sizes measured'
      : `projected by Lambda's resource model beyond the ${measuredMB.length === 1 ? 'size' : 'sizes'} measured, not measured there`;
  return {
    finding: {
      kind: 'over-provisioned',
      message:
        `${memoryText}; ${evidence.summary}: at ${formatMB(best.memoryMB, { unit: true })} ${p95Text}` +
        `about ${formatUsd(best.costUSD)}/month instead of ${formatUsd(input.currentCostUSD)} (within ${limitText}; ${how})`,
      suggestedMemoryMB: best.memoryMB,
      monthlyCostUSD: { current: input.currentCostUSD, suggested: best.costUSD, saving: input.currentCostUSD - best.costUSD },
      advice: `set ${best.memoryMB} MB; \`lambda-rightsize ${config.name} --memory ${best.memoryMB},${config.memoryMB}\` measures both`,
      evidence: {
        ...shown,
        projection,
        projected: {
          memoryMB: best.memoryMB,
          durationMsMean: best.durationMsMean,
          durationMsP95: best.durationMsP95,
          billedDurationMsMean: best.billedDurationMsMean,
        },
        p95LimitMs: Number.isFinite(limitMs) ? limitMs : null,
      },
      known: false,
    },
  };
}

function unverified(input: OversizeInput, floor: number, memoryText: string): Finding {
  const { config, current } = input;
  const bound = costAt(floor, current.billedDurationMsSum / current.invocations, input.monthlyInvocations, input.price);
  return {
    kind: 'memory-headroom',
    message:
      `unverified: ${memoryText}; without duration evidence (${missingEvidence(input)}) ` +
      `${formatMB(floor, { unit: true })} would save at most ${formatUsd(input.currentCostUSD - bound)}/month, and only if the duration held`,
    suggestedMemoryMB: floor,
    monthlyCostUSD: { current: input.currentCostUSD, suggested: bound, saving: input.currentCostUSD - bound },
    advice:
      `run \`lambda-rightsize ${config.name} --memory ${floor},${config.memoryMB}\` to confirm: CPU scales with memory, ` +
      `so a CPU-bound function gets slower at ${floor} MB and may cost more`,
    known: false,
  };
}

/** Why there is no evidence, in the terms of the two kinds scan looks for. */
function missingEvidence(input: OversizeInput): string {
  const { config, thresholds } = input;
  const here = input.cpu?.find((c) => c.memoryMB === config.memoryMB);
  const insights =
    input.cpu === undefined || input.cpu.length === 0
      ? 'no Lambda Insights'
      : `Lambda Insights has ${plural(here?.invocations ?? 0, 'event')} at ${formatMB(config.memoryMB, { unit: true })}, ${thresholds.minInvocations} needed`;
  const others = input.sizes.filter((s) => s.memoryMB !== config.memoryMB && s.invocations > 0);
  const sizes =
    others.length === 0 ? 'one memory size in the window' : `too few invocations at ${others.map((s) => formatMB(s.memoryMB, { unit: true })).join(', ')}`;
  return `${insights}, ${sizes}`;
}
