/**
 * The pure analysis of `scan`: one function's per-size statistics → findings with their evidence.
 *
 * Rules (thresholds in `ScanThresholds`, defaults in src/scan/defaults.ts):
 * - managed instances: a function on a capacity provider is billed per instance, not per
 *   GB-second; it gets that finding and nothing else, and never enters the savings;
 * - no data: the log group is missing or holds no REPORT record in the window;
 * - too little data: fewer than `minInvocations` at the current size (and how many were found);
 * - under-provisioned (judged on any amount of data — one out-of-memory error is evidence):
 *   out-of-memory errors, max memory used ≥ `nearLimit` × configured, or timeouts;
 * - over-provisioned / memory-headroom (only with enough data): see oversize.ts — verified by
 *   duration evidence, or labelled unverified.
 * Monthly cost: invocations in the window × 30 / window days, each at the mean billed duration seen
 * at the current size.
 */
import { formatCount, formatMB } from '../format.js';
import type { PriceRow } from '../types.js';
import { costAt, judgeOversize, stepUp } from './oversize.js';
import type { CpuStats, Finding, FunctionScan, ScanFunctionConfig, ScanThresholds, SizeStats } from './types.js';
import { pct, plural, span } from './words.js';

export { suggestSize } from './oversize.js';

export const DAYS_PER_MONTH = 30;

export interface FunctionEvidence {
  config: ScanFunctionConfig;
  source: FunctionScan['source'];
  /** Ascending by memory size, one entry per size. */
  sizes: readonly SizeStats[];
  /** Lambda Insights CPU time per memory size, when the function has the extension. */
  cpu?: readonly CpuStats[];
  windowDays: number;
  price: PriceRow;
  thresholds: ScanThresholds;
  notes?: readonly string[];
}

/**
 * Durable functions write one REPORT per invocation, and one execution replays as several
 * invocations; each is billed as an invocation, so counting REPORT records prices them right.
 */
const DURABLE_NOTE =
  'durable function: counted per invocation (each replay of an execution writes its own REPORT and is billed as one), ' +
  'so executions are fewer than the invocations shown; waits are not billed and durable operations are billed apart (not included)';

export function analyseFunction(input: FunctionEvidence): FunctionScan {
  const { config, sizes, windowDays, thresholds } = input;
  const notes = [...(input.notes ?? [])];
  if (config.durable) notes.push(DURABLE_NOTE);
  if (config.capacityProviderArn !== undefined) return managedInstances(input, notes);
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
      const over = judgeOversize({
        config,
        current,
        sizes,
        ...(input.cpu ? { cpu: input.cpu } : {}),
        monthlyInvocations: monthly.invocations,
        currentCostUSD: monthly.costUSD,
        windowDays,
        thresholds,
        price: input.price,
      });
      if (over.finding) findings.push(over.finding);
      if (over.note) notes.push(over.note);
    }
  }
  return { ...identity(input), sizes: [...sizes], ...(input.cpu?.length ? { cpu: [...input.cpu] } : {}), monthly, findings, notes };
}

function identity(input: FunctionEvidence): Omit<FunctionScan, 'sizes' | 'monthly' | 'findings' | 'notes'> {
  const { config } = input;
  return {
    name: config.name,
    ...(config.arn !== undefined ? { arn: config.arn } : {}),
    architecture: config.architecture,
    memoryMB: config.memoryMB,
    ...(config.timeoutS !== undefined ? { timeoutS: config.timeoutS } : {}),
    logGroup: config.logGroup,
    logFormat: config.logFormat,
    source: input.source,
    ...(config.capacityProviderArn !== undefined ? { capacityProviderArn: config.capacityProviderArn } : {}),
    ...(config.durable ? { durable: true } : {}),
    windowDays: input.windowDays,
  };
}

/**
 * Lambda Managed Instances: billed per EC2 instance (+ a fee) and requests, many requests sharing
 * one environment; the report record has no billed duration and no memory figures. Nothing here
 * is priced in GB-seconds, so no saving is claimed.
 */
function managedInstances(input: FunctionEvidence, notes: string[]): FunctionScan {
  const finding: Finding = {
    kind: 'managed-instances',
    message: `managed instances: sized by capacity provider ${input.config.capacityProviderArn}, not by memory — billed per instance, so GB-second advice does not apply`,
    advice: 'size the capacity provider (instance types, memory per vCPU, concurrency per environment) instead',
    known: false,
  };
  return { ...identity(input), source: 'skipped', sizes: [], monthly: null, findings: [finding], notes };
}

function monthlyAtCurrent(input: FunctionEvidence, current: SizeStats | undefined, total: number): FunctionScan['monthly'] {
  if (!current || current.invocations === 0 || input.windowDays <= 0) return null;
  const invocations = (total * DAYS_PER_MONTH) / input.windowDays;
  const meanBilledMs = current.billedDurationMsSum / current.invocations;
  const costUSD = costAt(input.config.memoryMB, meanBilledMs, invocations, input.price);
  return { invocations, costUSD };
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
    advice =
      suggested === undefined
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

function tooLittleData(config: ScanFunctionConfig, current: SizeStats | undefined, total: number, windowDays: number, thresholds: ScanThresholds): Finding {
  const here = current?.invocations ?? 0;
  const elsewhere = total - here;
  const otherSizes = elsewhere > 0 ? `; ${formatCount(elsewhere)} at other sizes before a memory change` : '';
  return {
    kind: 'too-little-data',
    message:
      `only ${plural(here, 'invocation')} at ${formatMB(config.memoryMB, { unit: true })} in ${span(windowDays)}` +
      ` (at least ${thresholds.minInvocations} needed to judge)${otherSizes}`,
    advice: `widen the window (--since) or lower --min-invocations`,
    known: false,
  };
}

function noData(input: FunctionEvidence): Finding {
  const { config, windowDays } = input;
  const message =
    input.source === 'none'
      ? `log group ${config.logGroup} does not exist: the function has not logged, or cannot (check its role's logs:PutLogEvents)`
      : `no REPORT record in ${config.logGroup} in ${span(windowDays)}`;
  return { kind: 'no-data', message, known: false };
}
