/** The plan of a tune run, its cost bound and estimate: read-only, nothing changes here. */
import { AwsError, UsageError } from '../errors.js';
import { DEFAULTS } from '../config/defaults.js';
import { formatUsd } from '../format.js';
import { resolvePrice } from '../pricing/index.js';
import type { PriceRow } from '../types.js';
import type { DriverPlan, SearchFactory, SearchRequest, SizingDriver } from './driver.js';
import type { FunctionConfiguration } from './ports.js';
import { encodeRunMarker } from './marks.js';
import { aliveText, describeRecovery, planRecovery, SILENT_FOR_S } from './recover.js';
import type { TuneDeps, TuneOptions, TunePlan } from './types.js';

/** Longest INIT phase of an on-demand function; billed since Aug 2025, so part of the bound. */
const MAX_INIT_S = 10;

/**
 * Reads the function (waiting for an update in progress) and plans the run without changing anything.
 *
 * @throws UsageError for sizes outside 128–10240 MB or a non-positive count; AwsError when the
 *   function is Failed or Inactive, or its reserved concurrency is 0.
 */
export async function planTune(options: TuneOptions, deps: Pick<TuneDeps, 'lambda' | 'signal' | 'search'>): Promise<TunePlan> {
  const search = options.memorySizes.length === 0;
  const sizes = search ? [] : checkSizes(options.memorySizes);
  if (!Number.isInteger(options.invocations) || options.invocations < 1) {
    throw new UsageError(`--invocations must be a positive integer, not ${options.invocations}`, 'pass e.g. --invocations 10');
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(`--concurrency must be a positive integer, not ${options.concurrency}`, 'pass e.g. --concurrency 5');
  }
  let fn = await deps.lambda.getConfiguration(options.functionName, deps.signal);
  if (fn.lastUpdateStatus === 'InProgress' || fn.state === 'Pending') fn = { ...(await deps.lambda.waitUntilUpdated(fn.name, deps.signal)), ...reserved(fn) };
  checkRunnable(fn);
  checkMarkerFits(fn, sizes);
  const warnings: string[] = [];
  if (fn.revisionId === undefined)
    warnings.push('Lambda returned no RevisionId for the function, so the guard against concurrent changes rests on CodeSha256 alone');
  let concurrency = options.concurrency;
  if (fn.reservedConcurrency !== undefined && fn.reservedConcurrency < concurrency) {
    concurrency = fn.reservedConcurrency;
    warnings.push(`concurrency lowered from ${options.concurrency} to ${concurrency}: the function's reserved concurrency`);
  }
  concurrency = Math.min(concurrency, options.invocations);
  const price = resolvePrice({ region: fn.region, architecture: fn.architecture, ...options.analysis.pricing });
  const driver = search ? startSearch(deps.search, { analysis: options.analysis, price, concurrency, invocations: options.invocations }) : undefined;
  const driverPlan = driver?.plan();
  const plan: TunePlan = {
    function: fn,
    sizes,
    invocations: options.invocations,
    concurrency,
    price,
    costBoundUSD: driverPlan
      ? searchCostBound(driverPlan, concurrency, fn.timeoutS, price)
      : costBound(sizes, options.invocations, concurrency, fn.timeoutS, price),
    warnings,
  };
  if (driver && driverPlan) plan.search = { driver, plan: driverPlan };
  if (options.budgetUSD !== undefined) plan.budgetUSD = options.budgetUSD;
  const recovery = await planRecovery(fn, deps.lambda);
  if (recovery?.alive) {
    const busy = `another lambda-rightsize run is working on ${fn.name}: ${aliveText(recovery)}`;
    const after = `if it was killed, \`lambda-rightsize cleanup --function ${fn.name} --wait\` undoes it once it has been silent for ${SILENT_FOR_S} s (\`--force\`: now, if you know it is dead)`;
    // A dry run changes nothing, so it may always be shown: it says what a real run would meet.
    if (options.dryRun) plan.warnings.push(`${busy}; a real run would not start now — ${after}`);
    else throw new AwsError(busy, { hint: `wait until it ends; ${after}` });
  } else if (recovery) plan.recovery = recovery;
  return plan;
}

/** The search's driver; a caller that lets tune search (no `--memory`) must pass the factory. */
export function startSearch(search: SearchFactory | undefined, request: SearchRequest): SizingDriver {
  if (!search) throw new Error('tune without --memory needs a search: pass deps.search (createSearch from src/search)');
  return search(request);
}

/** @throws UsageError when the plan could cost more than its budget. */
export function checkBudget(plan: TunePlan): void {
  if (plan.budgetUSD === undefined || plan.costBoundUSD <= plan.budgetUSD) return;
  const shape = plan.search
    ? `a search of up to ${plan.search.plan.maxInvocations} invocations at up to ${plan.search.plan.maxMemoryMB} MB`
    : `${plan.sizes.length} sizes × ${plan.invocations} invocations`;
  throw new UsageError(
    `this run could cost up to ${formatUsd(plan.costBoundUSD)} (${shape}, ${plan.function.timeoutS} s timeout), above --budget ${formatUsd(plan.budgetUSD)}`,
    plan.search ? 'pass --memory with the sizes to measure, or raise --budget' : 'lower --invocations or drop large --memory sizes, or raise --budget',
  );
}

/**
 * invocations × Σ sizes (GB × timeout × $/GB-s + $/request), plus one INIT per parallel slot and size:
 * what the run costs if every invocation runs into the timeout.
 */
export function costBound(sizes: readonly number[], invocations: number, concurrency: number, timeoutS: number, price: PriceRow): number {
  return sizes.reduce((sum, mb) => {
    const gb = mb / 1024;
    const runs = invocations * (gb * timeoutS * price.gbSecondUSD + price.requestUSD);
    const inits = Math.min(concurrency, invocations) * gb * MAX_INIT_S * price.gbSecondUSD;
    return sum + runs + inits;
  }, 0);
}

/**
 * A search's bound: every invocation it may ask for at the largest size it may ask for, running into
 * the timeout, plus an INIT per parallel slot for each size it may measure.
 */
export function searchCostBound(
  driver: Pick<DriverPlan, 'maxInvocations' | 'maxMemoryMB' | 'maxSizes'>,
  concurrency: number,
  timeoutS: number,
  price: PriceRow,
): number {
  const gb = driver.maxMemoryMB / 1024;
  const runs = driver.maxInvocations * (gb * timeoutS * price.gbSecondUSD + price.requestUSD);
  const inits = driver.maxSizes * concurrency * gb * MAX_INIT_S * price.gbSecondUSD;
  return runs + inits;
}

/**
 * The likely cost once one size is measured, assuming no size is slower than `measured` was per
 * invocation (more memory brings more CPU, so this errs high for CPU-bound code).
 */
export function costEstimate(sizes: readonly number[], invocations: number, meanBilledMs: number, price: PriceRow): number {
  return sizes.reduce((sum, mb) => sum + invocations * ((mb / 1024) * (meanBilledMs / 1000) * price.gbSecondUSD + price.requestUSD), 0);
}

/** What the run does to the function, in the order it does it (a search: per round). */
function steps(plan: TunePlan): string {
  const own = plan.function.memoryMB;
  const ownFirst = plan.search ? `${own} MB, if measured, is published as it is` : plan.sizes.includes(own) ? `publish ${own} MB as it is` : undefined;
  const round = plan.search ? 'per round: ' : '';
  return [
    'tag the function with what undoes the run',
    `${round}${ownFirst ? `${ownFirst}; ` : ''}per other size, set the memory on $LATEST and publish a version; put ${own} MB back right after the last one`,
    'invoke the versions; delete them and the tag',
  ].join('; ');
}

/** The plan as the CLI prints it (stdout for --dry-run, stderr before a real run). */
export function renderTunePlan(plan: TunePlan): string {
  const fn = plan.function;
  const lines = [
    `Plan: tune ${fn.name} (${fn.region}, ${fn.architecture}, now ${fn.memoryMB} MB, timeout ${fn.timeoutS} s)`,
    ...sizing(plan),
    `  steps:        ${steps(plan)}`,
    `  prices:       ${formatUsd(plan.price.gbSecondUSD)} per GB-s + ${formatUsd(plan.price.requestUSD)} per request (${plan.price.region}, ${plan.price.architecture}, ${plan.price.asOf})`,
    `  cost bound:   ${formatUsd(plan.costBoundUSD)} (every invocation running into the timeout${plan.search ? `, all at ${plan.search.plan.maxMemoryMB} MB` : ''}; Lambda charges only)`,
  ];
  if (plan.budgetUSD !== undefined) {
    lines.push(
      `  budget:       ${formatUsd(plan.budgetUSD)}${plan.costBoundUSD > plan.budgetUSD ? ' — the bound is above it, so the run would be refused' : ''}`,
    );
  }
  if (plan.recovery) lines.push('  first, undo a killed earlier run:', ...describeRecovery(plan.recovery).map((line) => `    ${line}`));
  lines.push(...plan.warnings.map((w) => `  note: ${w}`));
  return `${lines.join('\n')}\n`;
}

function sizing(plan: TunePlan): string[] {
  if (!plan.search) {
    return [
      `  sizes:        ${plan.sizes.map((mb) => `${mb} MB`).join(', ')}`,
      `  invocations:  ${plan.invocations} per size (${plan.invocations * plan.sizes.length} in all), ${plan.concurrency} in parallel`,
    ];
  }
  const p = plan.search.plan;
  return [
    `  sizes:        chosen by a search: ${p.summary}`,
    `  invocations:  at most ${p.maxInvocations} at up to ${p.maxSizes} sizes, ${plan.concurrency} in parallel`,
  ];
}

export function checkSizes(memorySizes: readonly number[]): number[] {
  const sizes = [...new Set(memorySizes)];
  if (sizes.length === 0) throw new UsageError('no memory size to measure', 'pass --memory, e.g. --memory 128,512,1024');
  const bad = sizes.find((mb) => !Number.isInteger(mb) || mb < DEFAULTS.minMemoryMB || mb > DEFAULTS.maxMemoryMB);
  if (bad !== undefined) {
    throw new UsageError(
      `memory size ${bad} MB is outside ${DEFAULTS.minMemoryMB}–${DEFAULTS.maxMemoryMB} MB`,
      'give whole megabytes in that range to --memory',
    );
  }
  return sizes;
}

/** The run marker names a round's sizes in one tag value (256 characters): a grid must fit in it. */
function checkMarkerFits(fn: FunctionConfiguration, sizes: readonly number[]): void {
  try {
    encodeRunMarker({
      runId: 'x'.repeat(8),
      originalMemoryMB: fn.memoryMB,
      codeSha256: fn.codeSha256,
      sizes: sizes.filter((mb) => mb !== fn.memoryMB),
      startedAt: '2026-01-01T00:00:00Z',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(
      `${sizes.length} memory sizes are more than one run can note in its run marker`,
      'pass at most about 20 sizes to --memory, or split them over two runs',
    );
  }
}

function checkRunnable(fn: FunctionConfiguration): void {
  if (fn.state === 'Failed') {
    throw new AwsError(`function ${fn.name} is Failed${fn.stateReason ? `: ${fn.stateReason}` : ''}`, { hint: 'fix and redeploy it, then run again' });
  }
  if (fn.state === 'Inactive') {
    throw new AwsError(`function ${fn.name} is Inactive (idle for weeks)`, { hint: 'invoke it once and wait until it is Active, then run again' });
  }
  if (fn.reservedConcurrency === 0) {
    throw new AwsError(`function ${fn.name} has a reserved concurrency of 0, so it cannot run`, { hint: 'raise its reserved concurrency, then run again' });
  }
}

function reserved(fn: FunctionConfiguration): Pick<FunctionConfiguration, 'reservedConcurrency'> {
  return fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency };
}
