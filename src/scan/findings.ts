/**
 * The pure analysis of `scan`: one function's per-size statistics → findings with their evidence.
 *
 * Rules (thresholds in `ScanThresholds`, defaults in src/scan/defaults.ts):
 * - no data: the log group is missing or holds no REPORT record in the window;
 * - too little data: fewer than `minInvocations` at the current size (and how many were found);
 * - under-provisioned (judged on any amount of data — one out-of-memory error is evidence):
 *   out-of-memory errors, max memory used ≥ `nearLimit` × configured, or timeouts;
 * - over-provisioned (only with enough data): p99 max memory used < `headroom` × configured, and a
 *   smaller size exists that keeps p99 at or under `targetUtilization` of it and the peak under
 *   `nearLimit` of it (so the suggestion would not itself be flagged), rounded up to 64 MB.
 * Monthly cost: invocations in the window × 30 / window days, each at the mean billed duration seen
 * at the current size; the suggested size is costed assuming the same billed duration, which a
 * CPU-bound function will not keep — hence the advice to confirm with `lambda-rightsize`.
 */
import { DEFAULTS } from '../config/defaults.js';
import { gbSeconds, monthlyCost } from '../pricing/index.js';
import { formatCount, formatMB, formatUsd } from '../format.js';
import type { PriceRow } from '../types.js';
import type { Finding, FunctionScan, ScanFunctionConfig, ScanThresholds, SizeStats } from './types.js';

const DAYS_PER_MONTH = 30;
/** Suggested sizes are whole multiples of this, which keeps them readable and stable run to run. */
const SIZE_STEP_MB = 64;

export interface FunctionEvidence {
  config: ScanFunctionConfig;
  source: FunctionScan['source'];
  /** Ascending by memory size, one entry per size. */
  sizes: readonly SizeStats[];
  windowDays: number;
  price: PriceRow;
  thresholds: ScanThresholds;
  notes?: readonly string[];
}

export function analyseFunction(input: FunctionEvidence): FunctionScan {
  const { config, sizes, windowDays, thresholds } = input;
  const current = sizes.find((s) => s.memoryMB === config.memoryMB);
  const total = sizes.reduce((sum, s) => sum + s.invocations, 0);
  const monthly = monthlyAtCurrent(input, current, total);
  const findings: Finding[] = [];
  if (total === 0) {
    findings.push(noData(input));
  } else {
    const under = underProvisioned(config, current, thresholds);
    if (under) findings.push(under);
    if (!current || current.invocations < thresholds.minInvocations) {
      findings.push(tooLittleData(config, current, total, windowDays, thresholds));
    } else if (monthly) {
      const over = overProvisioned(config, current, total, windowDays, thresholds, monthly.costUSD, input.price);
      if (over) findings.push(over);
    }
  }
  return {
    name: config.name,
    ...(config.arn !== undefined ? { arn: config.arn } : {}),
    architecture: config.architecture,
    memoryMB: config.memoryMB,
    ...(config.timeoutS !== undefined ? { timeoutS: config.timeoutS } : {}),
    logGroup: config.logGroup,
    logFormat: config.logFormat,
    source: input.source,
    windowDays,
    sizes: [...sizes],
    monthly,
    findings,
    notes: [...(input.notes ?? [])],
  };
}

/** Smallest multiple of 64 MB (≥ 128) that keeps p99 under the target and the peak under the limit. */
export function suggestSize(p99UsedMB: number, maxUsedMB: number, thresholds: ScanThresholds): number {
  return stepUp(Math.max(p99UsedMB / thresholds.targetUtilization, maxUsedMB / thresholds.nearLimit));
}

function stepUp(neededMB: number): number {
  const stepped = Math.ceil(neededMB / SIZE_STEP_MB) * SIZE_STEP_MB;
  return Math.min(DEFAULTS.maxMemoryMB, Math.max(DEFAULTS.minMemoryMB, stepped));
}

function monthlyAtCurrent(input: FunctionEvidence, current: SizeStats | undefined, total: number): FunctionScan['monthly'] {
  if (!current || current.invocations === 0 || input.windowDays <= 0) return null;
  const invocations = (total * DAYS_PER_MONTH) / input.windowDays;
  const meanBilledMs = current.billedDurationMsSum / current.invocations;
  const costUSD = costAt(input.config.memoryMB, meanBilledMs, invocations, input.price);
  return { invocations, costUSD };
}

/** Volume tiers and the free tier are account-wide, so one function is costed at first-tier prices. */
function costAt(memoryMB: number, meanBilledMs: number, invocations: number, price: PriceRow): number {
  return monthlyCost({ gbSeconds: invocations * gbSeconds(memoryMB, meanBilledMs), requests: invocations, price, tiers: false, freeTier: false });
}

function overProvisioned(
  config: ScanFunctionConfig,
  current: SizeStats,
  total: number,
  windowDays: number,
  thresholds: ScanThresholds,
  currentCost: number,
  price: PriceRow,
): Finding | undefined {
  const p99 = current.p99MemoryUsedMB;
  const max = current.maxMemoryUsedMB;
  if (p99 === null || max === null || p99 >= thresholds.headroom * config.memoryMB) return undefined;
  const suggested = suggestSize(p99, max, thresholds);
  if (suggested >= config.memoryMB) return undefined;
  const invocations = (total * DAYS_PER_MONTH) / windowDays;
  const suggestedCost = costAt(suggested, current.billedDurationMsSum / current.invocations, invocations, price);
  return {
    kind: 'over-provisioned',
    message:
      `p99 max memory used ${formatMB(p99, { unit: true })} is ${pct(p99, config.memoryMB)} of ${formatMB(config.memoryMB, { unit: true })} ` +
      `(peak ${formatMB(max, { unit: true })}, ${formatCount(current.invocations)} invocations in ${days(windowDays)}); ` +
      `${formatMB(suggested, { unit: true })} would cost about ${formatUsd(suggestedCost)}/month instead of ${formatUsd(currentCost)}`,
    suggestedMemoryMB: suggested,
    monthlyCostUSD: { current: currentCost, suggested: suggestedCost, saving: currentCost - suggestedCost },
    advice:
      `CPU scales with memory, so a CPU-bound function may get slower (and cost more) at ${suggested} MB: ` +
      `confirm with \`lambda-rightsize ${config.name} --memory ${suggested},${config.memoryMB}\``,
    known: false,
  };
}

function underProvisioned(config: ScanFunctionConfig, current: SizeStats | undefined, thresholds: ScanThresholds): Finding | undefined {
  if (!current) return undefined;
  const reasons: string[] = [];
  if (current.outOfMemory > 0) reasons.push(`${plural(current.outOfMemory, 'out-of-memory error')}`);
  const max = current.maxMemoryUsedMB;
  const nearLimit = max !== null && max >= config.memoryMB * thresholds.nearLimit;
  if (nearLimit && max !== null) {
    reasons.push(`max memory used ${formatMB(max, { unit: true })} of ${formatMB(config.memoryMB, { unit: true })} (${pct(max, config.memoryMB)})`);
  }
  if (current.timeouts > 0) {
    reasons.push(`${plural(current.timeouts, 'timeout')}${config.timeoutS !== undefined ? ` (timeout ${config.timeoutS} s)` : ''}`);
  }
  if (reasons.length === 0) return undefined;
  const memoryBound = current.outOfMemory > 0 || nearLimit;
  const larger = stepUp(config.memoryMB / thresholds.targetUtilization);
  const suggested = memoryBound && larger > config.memoryMB ? larger : undefined;
  let advice = `more memory also brings more CPU: measure with \`lambda-rightsize ${config.name}\`, or raise the timeout`;
  if (memoryBound) {
    advice = suggested === undefined
      ? `${config.memoryMB} MB is the most Lambda allows: the function has to use less memory`
      : `raise the memory (e.g. to ${suggested} MB) and measure with \`lambda-rightsize ${config.name}\``;
  }
  return {
    kind: 'under-provisioned',
    message: `${reasons.join(', ')} in ${plural(current.invocations, 'invocation')} at ${formatMB(config.memoryMB, { unit: true })}`,
    ...(suggested !== undefined ? { suggestedMemoryMB: suggested } : {}),
    advice,
    known: false,
  };
}

function tooLittleData(
  config: ScanFunctionConfig,
  current: SizeStats | undefined,
  total: number,
  windowDays: number,
  thresholds: ScanThresholds,
): Finding {
  const here = current?.invocations ?? 0;
  const elsewhere = total - here;
  const otherSizes = elsewhere > 0 ? `; ${formatCount(elsewhere)} at other sizes before a memory change` : '';
  return {
    kind: 'too-little-data',
    message:
      `only ${plural(here, 'invocation')} at ${formatMB(config.memoryMB, { unit: true })} in ${days(windowDays)}` +
      ` (at least ${thresholds.minInvocations} needed to judge)${otherSizes}`,
    advice: `widen the window (--since) or lower --min-invocations`,
    known: false,
  };
}

function noData(input: FunctionEvidence): Finding {
  const { config, windowDays } = input;
  const message = input.source === 'none'
    ? `log group ${config.logGroup} does not exist: the function has not logged, or cannot (check its role's logs:PutLogEvents)`
    : `no REPORT record in ${config.logGroup} in ${days(windowDays)}`;
  return { kind: 'no-data', message, known: false };
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)} %`;
}

function days(value: number): string {
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} d`;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
