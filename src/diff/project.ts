/**
 * One change's cost and latency at the new size, from the function's measured history. Pure.
 *
 * The duration evidence and the resource model are scan's (src/scan/oversize.ts durationEvidence,
 * src/scan/projection.ts): Lambda Insights CPU time at the current size, else durations at several
 * sizes. Mean, p95 and billed duration scale by the model's ratio; cost is at first-tier prices
 * (scan's costAt). The interval spans what the evidence cannot tell — how many threads the CPU work
 * has, where the change crosses one vCPU — widened by the model's tolerance (3 %, what tune's search
 * accepts as a fit) or, for a fit to several sizes, by its largest residual.
 */
import { formatMB, formatMs, formatUsd } from '../format.js';
import { DAYS_PER_MONTH } from '../scan/findings.js';
import { costAt, durationEvidence, type Evidence } from '../scan/oversize.js';
import { ALL_THREADS, slowdown } from '../scan/projection.js';
import type { CpuStats, SizeStats } from '../scan/types.js';
import { plural, times } from '../scan/words.js';
import { FIT_TOLERANCE, MB_PER_VCPU, predictDurationMs, type ResourceModel } from '../resources/index.js';
import type { Architecture, PriceRow } from '../types.js';
import type { IacChange } from './changes.js';
import type { DiffChange, DiffEvidence, DiffThresholds, Flag, MeasuredHistory, Range, Verdict } from './types.js';

/** Within 2 % is "the same": below what a projection or a fortnight of traffic can tell apart. */
const SAME = 0.02;
const MILLION = 1_000_000;

/** What was read of one function: scan's per-size statistics over a window. */
export interface FunctionHistory {
  /** The deployed function's name (or the name the replay file was given). */
  name: string;
  /** The memory deployed now, when read from Lambda. */
  deployedMemoryMB?: number;
  sizes: readonly SizeStats[];
  cpu?: readonly CpuStats[];
  /** Days the history covers; undefined when unknown (records without timestamps). */
  windowDays?: number;
  notes?: readonly string[];
}

export interface ProjectInput {
  change: IacChange;
  /** The deployed function's name, or the declaration's key. */
  name: string;
  history?: FunctionHistory;
  price: (architecture: Architecture) => PriceRow;
  thresholds: DiffThresholds;
}

const NONE: Range = { before: null, after: null, low: null, high: null };

/** What the history says at one size: means per invocation and traffic per month. */
interface Measured {
  memoryMB: number;
  stats: SizeStats;
  meanMs: number;
  p95Ms: number | null;
  billedMs: number;
  monthly: number | null;
}

export function projectChange(input: ProjectInput): DiffChange {
  const result = projectKind(input);
  const measured = result.kind === 'added' || result.kind === 'unresolved' ? undefined : measuredHistory(input, result);
  return measured ? { ...result, measured } : result;
}

/** The history at the size the projection started from, for the JSON (and a reader's check). */
function measuredHistory(input: ProjectInput, change: DiffChange): MeasuredHistory | undefined {
  const m = measuredAt(input, change.memoryMB.before, []);
  if (!m) return undefined;
  const days = input.history?.windowDays;
  const cpu = input.history?.cpu?.find((c) => c.memoryMB === m.memoryMB && c.durationMsSum > 0);
  return {
    memoryMB: m.memoryMB,
    invocations: m.stats.invocations,
    invocationsPerDay: days !== undefined && days > 0 ? m.stats.invocations / days : null,
    coldStarts: m.stats.coldStarts,
    durationMs: { mean: m.meanMs, ...m.stats.durationMs },
    ...(cpu ? { cpuShare: cpu.cpuTimeMsSum / cpu.durationMsSum } : {}),
  };
}

function projectKind(input: ProjectInput): DiffChange {
  const { change } = input;
  const r = change.after ?? change.before;
  if (!r) throw new Error('a change without a declaration');
  const base: DiffChange = {
    function: input.name,
    kind: change.kind,
    tool: r.tool,
    resource: r.key,
    file: r.file,
    line: r.line,
    ...(r.scope === 'shared' ? { shared: true as const } : {}),
    memoryMB: change.memoryMB,
    architecture: change.architecture,
    ...(change.expression !== undefined ? { expression: change.expression } : {}),
    monthlyInvocations: null,
    monthlyCostUSD: NONE,
    costPer1MUSD: NONE,
    durationMs: NONE,
    p95Ms: NONE,
    evidence: { basis: 'none', summary: 'no history read' },
    verdict: 'unknown',
    flags: [],
    message: '',
    notes: [...resolvedNotes(change), ...(input.history?.notes ?? [])],
  };
  switch (change.kind) {
    case 'added':
      return added(base, input);
    case 'unresolved':
      return {
        ...base,
        message: `memory set by \`${change.expression ?? '?'}\` at ${r.file}:${r.line}, which the tool cannot resolve: cost and duration unknown`,
        advice: 'write the memory as a number in this file to get a projection',
      };
    case 'removed':
      return removed(base, input);
    case 'architecture':
      return architecture(base, input);
    case 'memory':
      return memory(base, input);
  }
}

/** Where a memory set through a parameter or variable came from; an override at deploy time would win. */
function resolvedNotes(change: IacChange): string[] {
  const sides = [
    ['base', change.before],
    ['head', change.after],
  ] as const;
  return sides.flatMap(([side, r]) =>
    r?.resolvedVia !== undefined
      ? [`${side}: ${r.memoryMB} MB from ${r.resolvedVia} (\`${r.memoryValue}\`); a value given at deploy time would override it`]
      : [],
  );
}

function measuredAt(input: ProjectInput, memoryMB: number | null, notes: string[]): Measured | undefined {
  const history = input.history;
  if (!history || memoryMB === null) return undefined;
  let stats = history.sizes.find((s) => s.memoryMB === memoryMB && s.invocations > 0);
  if (!stats && history.deployedMemoryMB !== undefined && history.deployedMemoryMB !== memoryMB) {
    // The base says one size and the function runs at another: project from what it runs at.
    stats = history.sizes.find((s) => s.memoryMB === history.deployedMemoryMB && s.invocations > 0);
    if (stats)
      notes.push(
        `deployed at ${formatMB(stats.memoryMB, { unit: true })}, not the ${formatMB(memoryMB, { unit: true })} the base sets: projected from ${formatMB(stats.memoryMB, { unit: true })}`,
      );
  }
  if (!stats) return undefined;
  const total = history.sizes.reduce((sum, s) => sum + s.invocations, 0);
  const billedMs = stats.billedDurationMsSum / stats.invocations;
  return {
    memoryMB: stats.memoryMB,
    stats,
    meanMs: stats.durationMsSum !== null ? stats.durationMsSum / stats.invocations : billedMs,
    p95Ms: stats.durationMs.p95,
    billedMs,
    monthly: history.windowDays !== undefined && history.windowDays > 0 ? (total * DAYS_PER_MONTH) / history.windowDays : null,
  };
}

function cost(memoryMB: number, billedMs: number, invocations: number, price: PriceRow): number {
  return costAt(memoryMB, billedMs, invocations, price);
}

/** A function with no history: what a million invocations cost per 100 ms at its size. */
function added(base: DiffChange, input: ProjectInput): DiffChange {
  const mb = base.memoryMB.after;
  if (mb === null) {
    return { ...base, verdict: 'new', message: `new function; memory set by \`${base.expression ?? '?'}\`, which the tool cannot resolve` };
  }
  const per100 = cost(mb, 100, MILLION, input.price(base.architecture.after));
  return {
    ...base,
    verdict: 'new',
    evidence: { basis: 'none', summary: 'a new function has no history' },
    message: `new function at ${formatMB(mb, { unit: true })} ${base.architecture.after}: ${formatUsd(per100)} per 1M invocations of 100 ms (no history, so no duration)`,
    advice: `measure it once deployed: \`lambda-rightsize ${input.name}\``,
  };
}

function removed(base: DiffChange, input: ProjectInput): DiffChange {
  const notes = [...base.notes];
  const m = measuredAt(input, base.memoryMB.before, notes);
  if (!m) return { ...base, notes, verdict: 'deleted', message: 'function deleted' };
  const price = input.price(base.architecture.before);
  const per1M = cost(m.memoryMB, m.billedMs, MILLION, price);
  const monthly = m.monthly === null ? null : cost(m.memoryMB, m.billedMs, m.monthly, price);
  return {
    ...base,
    notes,
    verdict: 'deleted',
    monthlyInvocations: m.monthly,
    monthlyCostUSD: { before: monthly, after: monthly === null ? null : 0, low: monthly === null ? null : 0, high: monthly === null ? null : 0 },
    costPer1MUSD: { before: per1M, after: null, low: null, high: null },
    durationMs: { ...NONE, before: m.meanMs },
    p95Ms: { ...NONE, before: m.p95Ms },
    message: `function deleted${monthly === null ? '' : `: saves about ${formatUsd(monthly)}/month`}`,
  };
}

/** Another instruction set: its price is known, its duration is not without a measurement. */
function architecture(base: DiffChange, input: ProjectInput): DiffChange {
  const notes = [...base.notes];
  const { before, after } = base.architecture;
  const m = measuredAt(input, base.memoryMB.before, notes);
  const toMB = base.memoryMB.after;
  // A copy is measured, never the function: the pull request has not changed it yet.
  const advice = `measure ${after} before merging: \`lambda-rightsize ${input.name} --copy --arch ${before},${after}${toMB !== null ? ` --memory ${toMB}` : ''}\``;
  if (!m || toMB === null) {
    return { ...base, notes, message: `${before} → ${after}: duration on ${after} unknown without a measurement`, advice };
  }
  const per1MBefore = cost(m.memoryMB, m.billedMs, MILLION, input.price(before));
  const per1MSame = cost(toMB, m.billedMs, MILLION, input.price(after));
  return {
    ...base,
    notes,
    monthlyInvocations: m.monthly,
    monthlyCostUSD: { ...NONE, before: m.monthly === null ? null : cost(m.memoryMB, m.billedMs, m.monthly, input.price(before)) },
    costPer1MUSD: { ...NONE, before: per1MBefore },
    durationMs: { ...NONE, before: m.meanMs },
    p95Ms: { ...NONE, before: m.p95Ms },
    message:
      `${before} → ${after}${toMB !== m.memoryMB ? ` at ${formatMB(toMB, { unit: true })}` : ''}: duration on ${after} unknown without a measurement; ` +
      `at an unchanged duration ${formatUsd(per1MSame)} per 1M invocations instead of ${formatUsd(per1MBefore)} (${after}'s price)`,
    advice,
  };
}

function memory(base: DiffChange, input: ProjectInput): DiffChange {
  const notes = [...base.notes];
  const from = base.memoryMB.before as number;
  const to = base.memoryMB.after as number;
  const sizes = `${formatMB(from)} → ${formatMB(to, { unit: true })}`;
  const m = measuredAt(input, from, notes);
  const price = input.price(base.architecture.after);
  if (!m) {
    const per100 = cost(to, 100, MILLION, price);
    return {
      ...base,
      notes,
      message: `${sizes}: no history at ${formatMB(from, { unit: true })}, so cost and duration unknown; ${formatUsd(per100)} per 1M invocations of 100 ms at ${formatMB(to, { unit: true })}`,
      advice: `measure both sizes: \`lambda-rightsize ${input.name} --memory ${Math.min(from, to)},${Math.max(from, to)}\``,
    };
  }
  const { thresholds } = input;
  if (m.stats.invocations < thresholds.minInvocations)
    notes.push(`only ${plural(m.stats.invocations, 'invocation')} at ${formatMB(m.memoryMB, { unit: true })} (${thresholds.minInvocations} make evidence)`);
  const evidence = durationEvidence({
    memoryMB: m.memoryMB,
    sizes: input.history?.sizes ?? [],
    ...(input.history?.cpu ? { cpu: input.history.cpu } : {}),
    minInvocations: thresholds.minInvocations,
  });
  const per1MBefore = cost(m.memoryMB, m.billedMs, MILLION, price);
  const monthlyBefore = m.monthly === null ? null : cost(m.memoryMB, m.billedMs, m.monthly, price);
  const before = { costPer1M: per1MBefore, monthly: monthlyBefore };
  const there = input.history?.sizes.find((s) => s.memoryMB === to && s.invocations >= thresholds.minInvocations);
  if (there) return measuredThere(base, input, m, there, before, notes);
  return evidence ? projected(base, input, m, to, evidence, before, notes) : unprojected(base, input, m, to, before, notes);
}

/** Ratio of durations at `to` over `from`: the model's, and the interval around it. */
export function ratioInterval(evidence: Evidence, points: readonly SizeStats[], from: number, to: number): { mid: number; low: number; high: number } {
  const model = evidence.model;
  const mid = slowdown(model, from, to);
  // Below one vCPU the evidence cannot tell one busy thread from several; above it, it matters.
  const alternatives: ResourceModel[] = [model];
  if (from <= MB_PER_VCPU && to > MB_PER_VCPU) alternatives.push({ ...model, threads: 1 }, { ...model, threads: ALL_THREADS });
  const ratios = alternatives.map((alt) => slowdown(alt, from, to));
  // The ratio is the model at two sizes, each as far off as the fit's worst miss.
  const miss = Math.min(0.5, Math.max(FIT_TOLERANCE.relative, evidence.basis === 'memory-sizes' ? largestResidual(model, points) : 0));
  return { mid, low: (Math.min(...ratios) * (1 - miss)) / (1 + miss), high: (Math.max(...ratios) * (1 + miss)) / (1 - miss) };
}

/** The fit's worst relative miss over the sizes it was fitted to. */
function largestResidual(model: ResourceModel, sizes: readonly SizeStats[]): number {
  const misses = sizes
    .filter((s) => s.durationMsSum !== null && s.invocations > 0)
    .map((s) => {
      const measured = (s.durationMsSum as number) / s.invocations;
      const predicted = predictDurationMs(model, s.memoryMB);
      return predicted > 0 ? Math.abs(measured - predicted) / predicted : 0;
    });
  return Math.max(0, ...misses);
}

interface Before {
  costPer1M: number;
  monthly: number | null;
}

function projected(base: DiffChange, input: ProjectInput, m: Measured, to: number, evidence: Evidence, before: Before, notes: string[]): DiffChange {
  const price = input.price(base.architecture.after);
  const ratio = ratioInterval(evidence, input.history?.sizes ?? [], m.memoryMB, to);
  const scale = (value: number | null, k: number) => (value === null ? null : value * k);
  const per1M = (k: number) => cost(to, m.billedMs * k, MILLION, price);
  const monthly = (k: number) => (m.monthly === null ? null : cost(to, m.billedMs * k, m.monthly, price));
  const range = (f: (k: number) => number | null, beforeValue: number | null): Range => ({
    before: beforeValue,
    after: f(ratio.mid),
    low: f(ratio.low),
    high: f(ratio.high),
  });
  const durationMs = range((k) => m.meanMs * k, m.meanMs);
  const p95Ms = range((k) => scale(m.p95Ms, k), m.p95Ms);
  const costPer1MUSD = range(per1M, before.costPer1M);
  const monthlyCostUSD = range(monthly, before.monthly);
  const judged = judge(costPer1MUSD, p95Ms.before !== null ? p95Ms : durationMs, input.thresholds);
  const sizes = `${formatMB(m.memoryMB)} → ${formatMB(to, { unit: true })}`;
  const money =
    monthlyCostUSD.before !== null
      ? `${formatUsd(monthlyCostUSD.before)} → ${formatUsd(monthlyCostUSD.after as number)}/month (${formatUsd(monthlyCostUSD.low as number)}–${formatUsd(monthlyCostUSD.high as number)})`
      : `${formatUsd(before.costPer1M)} → ${formatUsd(costPer1MUSD.after as number)} per 1M invocations`;
  const speed = p95Ms.before !== null ? p95Ms : durationMs;
  const latency = `${p95Ms.before !== null ? 'p95' : 'mean'} ${formatMs(speed.before as number)} → ${formatMs(speed.after as number)} ms (${times(ratio.mid)}, ${formatMs(speed.low as number)}–${formatMs(speed.high as number)} ms)`;
  const diffEvidence: DiffEvidence = { basis: evidence.basis, summary: evidence.summary, model: evidence.model };
  return changeOf(
    base,
    notes,
    m,
    { monthlyCostUSD, costPer1MUSD, durationMs, p95Ms },
    diffEvidence,
    judged,
    `${sizes}: ${money}, ${latency}; ${evidence.summary}`,
  );
}

/** A change with its figures: what projected and measured changes share. */
function changeOf(
  base: DiffChange,
  notes: string[],
  m: Measured,
  ranges: { monthlyCostUSD: Range; costPer1MUSD: Range; durationMs: Range; p95Ms: Range },
  evidence: DiffEvidence,
  judged: ReturnType<typeof judge>,
  message: string,
): DiffChange {
  return { ...base, notes, monthlyInvocations: m.monthly, ...ranges, evidence, ...judged, message };
}

/**
 * The new size ran in the window (the memory was changed and changed back, or is being restored):
 * what it did there is the answer, no model needed.
 */
function measuredThere(base: DiffChange, input: ProjectInput, m: Measured, there: SizeStats, before: Before, notes: string[]): DiffChange {
  const price = input.price(base.architecture.after);
  const billed = there.billedDurationMsSum / there.invocations;
  const mean = there.durationMsSum !== null ? there.durationMsSum / there.invocations : billed;
  const point = (value: number | null, beforeValue: number | null): Range => ({ before: beforeValue, after: value, low: value, high: value });
  const per1M = cost(there.memoryMB, billed, MILLION, price);
  const monthly = m.monthly === null ? null : cost(there.memoryMB, billed, m.monthly, price);
  const durationMs = point(mean, m.meanMs);
  const p95Ms = point(there.durationMs.p95, m.p95Ms);
  const costPer1MUSD = point(per1M, before.costPer1M);
  const monthlyCostUSD = point(monthly, before.monthly);
  const speed = p95Ms.before !== null && p95Ms.after !== null ? p95Ms : durationMs;
  const summary = `measured at ${formatMB(there.memoryMB, { unit: true })} in the window (${plural(there.invocations, 'invocation')})`;
  const money =
    monthly !== null && before.monthly !== null
      ? `${formatUsd(before.monthly)} → ${formatUsd(monthly)}/month`
      : `${formatUsd(before.costPer1M)} → ${formatUsd(per1M)} per 1M invocations`;
  return changeOf(
    base,
    notes,
    m,
    { monthlyCostUSD, costPer1MUSD, durationMs, p95Ms },
    { basis: 'memory-sizes', summary },
    judge(costPer1MUSD, speed, input.thresholds),
    `${formatMB(m.memoryMB)} → ${formatMB(there.memoryMB, { unit: true })}: ${money}, ${speed === p95Ms ? 'p95' : 'mean'} ${formatMs(speed.before as number)} → ${formatMs(speed.after as number)} ms; ${summary}`,
  );
}

/** No duration evidence: the cost at an unchanged duration bounds the cost from one side. */
function unprojected(base: DiffChange, input: ProjectInput, m: Measured, to: number, before: Before, notes: string[]): DiffChange {
  const price = input.price(base.architecture.after);
  const up = to > m.memoryMB;
  // More memory never makes a handler slower (more CPU, same work); less never makes it faster.
  const side = up ? 'high' : 'low';
  const bound = up ? 'an upper bound' : 'a lower bound';
  const per1MSame = cost(to, m.billedMs, MILLION, price);
  const monthlySame = m.monthly === null ? null : cost(to, m.billedMs, m.monthly, price);
  const figure = monthlySame !== null ? `${formatUsd(monthlySame)}/month` : `${formatUsd(per1MSame)} per 1M invocations`;
  const sizes = `${formatMB(m.memoryMB)} → ${formatMB(to, { unit: true })}`;
  return {
    ...base,
    notes,
    monthlyInvocations: m.monthly,
    monthlyCostUSD: { ...NONE, before: before.monthly, [side]: monthlySame },
    costPer1MUSD: { ...NONE, before: before.costPer1M, [side]: per1MSame },
    durationMs: { ...NONE, before: m.meanMs, [side]: m.meanMs },
    p95Ms: { ...NONE, before: m.p95Ms, [side]: m.p95Ms },
    evidence: { basis: 'none', summary: missing(input) },
    message:
      `${sizes}: the duration at ${formatMB(to, { unit: true })} is unknown (${missing(input)}); ` +
      `at an unchanged duration ${figure}, ${bound} (now ${before.monthly !== null ? `${formatUsd(before.monthly)}/month` : `${formatUsd(before.costPer1M)} per 1M`})`,
    advice: `measure both sizes: \`lambda-rightsize ${input.name} --memory ${Math.min(m.memoryMB, to)},${Math.max(m.memoryMB, to)}\`, or install Lambda Insights for CPU time`,
  };
}

function missing(input: ProjectInput): string {
  const h = input.history;
  const insights = h?.cpu?.length ? 'too few Lambda Insights events' : 'no Lambda Insights';
  const sized = (h?.sizes ?? []).filter((s) => s.invocations >= input.thresholds.minInvocations).length;
  return `${insights}, ${sized < 2 ? 'durations at one memory size' : 'no fit to the sizes'}`;
}

/** The verdict and the flags, on the projected point. */
function judge(costs: Range, speed: Range, thresholds: DiffThresholds): { verdict: Verdict; flags: Flag[] } {
  const direction = (r: Range): -1 | 0 | 1 => {
    const ratio = (r.after as number) / (r.before as number);
    return ratio > 1 + SAME ? 1 : ratio < 1 - SAME ? -1 : 0;
  };
  const c = direction(costs);
  const s = direction(speed);
  const table: Record<string, Verdict> = {
    '-1,-1': 'cheaper-and-faster',
    '-1,0': 'cheaper',
    '-1,1': 'cheaper-but-slower',
    '0,-1': 'faster',
    '0,0': 'about-the-same',
    '0,1': 'slower',
    '1,-1': 'faster-for-more',
    '1,0': 'dearer-for-no-speed',
    '1,1': 'slower-and-dearer',
  };
  const verdict = table[`${c},${s}`] as Verdict;
  const flags: Flag[] = [];
  const after = speed.after as number;
  const before = speed.before as number;
  const limit = thresholds.maxDurationMs ?? before * (1 + thresholds.maxSlowdown);
  if (s === 1 && after > limit) flags.push('slower');
  if (c === 1 && s !== -1) flags.push('dearer');
  return { verdict, flags };
}
