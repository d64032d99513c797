/**
 * `scan`: reads what functions actually did from CloudWatch Logs and flags over- and
 * under-provisioned memory. Orchestration only; the numbers are judged in findings.ts.
 */
import pLimit from 'p-limit';
import { isAccessDenied } from '../errors.js';
import { resolvePrice } from '../pricing/index.js';
import type { Architecture, PriceRow } from '../types.js';
import { mergeSizeStats } from './aggregate.js';
import { FunctionIndex } from './attribution.js';
import type { LogGroupInfo, ScanDeps } from './deps.js';
import { readGroup } from './fallback.js';
import { analyseFunction } from './findings.js';
import { planBatches, runBatch, runCpuQuery, type Batch } from './insights.js';
import { unreadableRow } from './query.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { buildScanReport } from './report.js';
import { resolveTargets, type TargetOptions } from './targets.js';
import type { CpuStats, FunctionScan, ScanFunctionConfig, ScanReport, ScanThresholds, SizeStats } from './types.js';

const DAY_MS = 86_400_000;

export interface ScanOptions extends TargetOptions {
  /** Region whose prices apply (and the report names). */
  region: string;
  sinceMs: number;
  /** Concurrent Logs Insights queries (each over up to 50 log groups) and other API calls. */
  concurrency: number;
  thresholds: ScanThresholds;
  /** FilterLogEvents fallback: REPORT records read per log group at most. */
  maxEvents: number;
  /**
   * Read REPORT records with FilterLogEvents instead of Logs Insights (`--filter-log-events`), for
   * endpoints whose Insights does not run `stats` (moto, LocalStack). No Lambda Insights CPU query.
   */
  filterLogEvents?: boolean;
  gbSecondUSD?: number;
  requestUSD?: number;
  queryTimeoutMs?: number;
  pollStartMs?: number;
  pollMaxMs?: number;
}

type Source = FunctionScan['source'];

interface Collected {
  sizes: Map<string, Map<number, SizeStats>>;
  cpu: Map<string, CpuStats[]>;
  source: Map<string, Source>;
  notes: Map<string, string[]>;
  /** Functions whose reading stopped at the cap: the window it covers ends earlier. */
  coveredUntilMs: Map<string, number>;
  warnings: string[];
}

export async function runScan(options: ScanOptions, deps: ScanDeps): Promise<ScanReport> {
  const now = deps.now ?? Date.now;
  const endMs = now();
  const startMs = endMs - options.sinceMs;
  const limit = pLimit(options.concurrency);
  const { functions: targets, notFound } = await resolveTargets(options, deps.lambda, limit);
  // Managed Instances functions are not sized by memory: their logs are not read at all.
  const sized = targets.filter((t) => t.capacityProviderArn === undefined);
  const groups = [...new Set(sized.map((t) => t.logGroup))];
  deps.onProgress?.(`scanning ${targets.length} function${targets.length === 1 ? '' : 's'} in ${groups.length} log group${groups.length === 1 ? '' : 's'}`);
  const cpuGroup = SCAN_DEFAULTS.lambdaInsightsLogGroup;
  const infos = new Map(await limit.map(groups, async (g) => [g, await deps.logs.describeLogGroup(g)] as const));
  // After the functions' own groups, so that a denied DescribeLogGroups names one of theirs.
  if (sized.length > 0 && !infos.has(cpuGroup)) infos.set(cpuGroup, await deps.logs.describeLogGroup(cpuGroup));
  const existing = new Set(groups.filter((g) => infos.get(g) !== undefined));
  const index = new FunctionIndex(sized);
  const collected: Collected = { sizes: new Map(), cpu: new Map(), source: new Map(), notes: new Map(), coveredUntilMs: new Map(), warnings: [] };
  for (const name of notFound) collected.warnings.push(`function ${name} not found in ${options.region}: not scanned (check the name and --region)`);

  const run: Run = { options, deps, limit, startMs, endMs };
  const withCpu = infos.get(cpuGroup) !== undefined ? cpuGroup : undefined;
  if (options.filterLogEvents) {
    collected.warnings.push(
      `read REPORT records with FilterLogEvents (--filter-log-events), at most ${options.maxEvents.toLocaleString('en-US')} per log group; no Lambda Insights CPU evidence, so memory headroom stays unverified`,
    );
    await filterFallback(planBatches(sized, existing), sized, index, collected, run);
  }
  const denied = options.filterLogEvents ? [] : await queryInsights(sized, existing, index, collected, run, withCpu);
  if (denied.length > 0) {
    collected.warnings.push(
      `Logs Insights is not allowed (logs:StartQuery denied): read REPORT records with FilterLogEvents instead, at most ${options.maxEvents.toLocaleString('en-US')} per log group`,
    );
    await filterFallback(denied, sized, index, collected, run);
  }

  const prices = new Map<Architecture, PriceRow>();
  const priceOf = (architecture: Architecture): PriceRow => {
    let price = prices.get(architecture);
    if (!price) {
      price = resolvePrice({ region: options.region, architecture, gbSecondUSD: options.gbSecondUSD, requestUSD: options.requestUSD });
      prices.set(architecture, price);
    }
    return price;
  };
  const functions = targets.map((config) =>
    analyseFunction({
      config,
      source: existing.has(config.logGroup) ? (collected.source.get(config.name) ?? 'insights') : 'none',
      sizes: [...(collected.sizes.get(config.name)?.values() ?? [])].toSorted((a, b) => a.memoryMB - b.memoryMB),
      cpu: (collected.cpu.get(config.name) ?? []).toSorted((a, b) => a.memoryMB - b.memoryMB),
      windowDays: windowDaysOf(infos.get(config.logGroup), startMs, endMs, collected.coveredUntilMs.get(config.name)),
      price: priceOf(config.architecture),
      thresholds: options.thresholds,
      notes: collected.notes.get(config.name) ?? [],
    }),
  );
  return buildScanReport({
    region: options.region,
    window: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), days: options.sinceMs / DAY_MS },
    thresholds: options.thresholds,
    pricing: [...prices.values()],
    functions,
    warnings: collected.warnings,
  });
}

interface Run {
  options: ScanOptions;
  deps: ScanDeps;
  limit: ReturnType<typeof pLimit>;
  startMs: number;
  endMs: number;
}

/**
 * Runs every batch, and the Lambda Insights CPU query when `cpuGroup` exists; returns the batches
 * Insights refused (access denied) for the fallback.
 */
async function queryInsights(
  targets: readonly ScanFunctionConfig[],
  existing: ReadonlySet<string>,
  index: FunctionIndex,
  collected: Collected,
  run: Run,
  cpuGroup: string | undefined,
): Promise<Batch[]> {
  const batches = planBatches(targets, existing);
  const denied: Batch[] = [];
  const ctx = {
    logs: run.deps.logs,
    // Insights takes whole seconds; widen rather than lose the edges.
    startTimeS: Math.floor(run.startMs / 1000),
    endTimeS: Math.ceil(run.endMs / 1000),
    pollStartMs: run.options.pollStartMs ?? SCAN_DEFAULTS.pollStartMs,
    pollMaxMs: run.options.pollMaxMs ?? SCAN_DEFAULTS.pollMaxMs,
    timeoutMs: run.options.queryTimeoutMs ?? SCAN_DEFAULTS.queryTimeoutMs,
    now: run.deps.now ?? Date.now,
    sleep: run.deps.sleep,
    signal: run.deps.signal,
  };
  if (batches.length > 0) run.deps.onProgress?.(`running ${batches.length} Logs Insights quer${batches.length === 1 ? 'y' : 'ies'}`);
  const runOne = async (batch: Batch): Promise<void> => {
    // After an interrupt, queued batches must not start queries that nobody will stop.
    run.deps.signal?.throwIfAborted();
    if (denied.length > 0) {
      denied.push(batch);
      return;
    }
    try {
      const result = await runBatch(batch, ctx);
      for (const row of result.rows) {
        const fn = index.owner(row.logGroup, row.streamTag);
        if (!fn || fn.logFormat !== batch.format) continue;
        // A scanned function's row that cannot be read would otherwise turn into "no data".
        if (!row.stats) throw unreadableRow(row.raw, row.problem ?? 'unreadable');
        addStats(collected, fn.name, row.stats);
      }
      collected.warnings.push(...result.warnings);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      denied.push(batch);
    }
  };
  const scanned = new Set(targets.map((t) => t.name));
  let cpuDenied = false;
  const runCpu = async (group: string): Promise<void> => {
    run.deps.signal?.throwIfAborted();
    try {
      const result = await runCpuQuery(group, ctx);
      for (const row of result.rows) {
        if (scanned.has(row.functionName)) collected.cpu.set(row.functionName, [...(collected.cpu.get(row.functionName) ?? []), row.stats]);
      }
      collected.warnings.push(...result.warnings);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      cpuDenied = true;
    }
  };
  const settled = await Promise.allSettled([
    ...batches.map((batch) => run.limit(runOne, batch)),
    ...(cpuGroup !== undefined && targets.length > 0 ? [run.limit(runCpu, cpuGroup)] : []),
  ]);
  // Every batch has settled (and stopped its query if it failed) before the first error is thrown,
  // so an interrupt leaves no query holding one of the account's 30 slots.
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  // A policy narrowed to /aws/lambda/* leaves the Insights group out while the batches run: say
  // so, or every headroom finding would be unverified without a reason given.
  if (cpuDenied && denied.length === 0) {
    collected.warnings.push(
      `logs:StartQuery is denied on ${cpuGroup}: no Lambda Insights CPU evidence, so memory headroom stays unverified (allow that log group in the scan policy)`,
    );
  }
  return denied;
}

async function filterFallback(
  batches: readonly Batch[],
  targets: readonly ScanFunctionConfig[],
  index: FunctionIndex,
  collected: Collected,
  run: Run,
): Promise<void> {
  const jobs = batches.flatMap((b) => b.logGroups.map((logGroup) => ({ logGroup, format: b.format })));
  const ctx = { logs: run.deps.logs, index, startTimeMs: run.startMs, endTimeMs: run.endMs, maxEvents: run.options.maxEvents, signal: run.deps.signal };
  await run.limit.map(jobs, async ({ logGroup, format }) => {
    const reading = await readGroup(logGroup, format, ctx);
    const inGroup = targets.filter((t) => t.logGroup === logGroup && t.logFormat === format);
    for (const fn of inGroup) {
      collected.source.set(fn.name, 'filter-log-events');
      for (const stats of reading.byFunction.get(fn.name)?.stats() ?? []) addStats(collected, fn.name, stats);
      if (reading.capped) {
        addNote(
          collected,
          fn.name,
          `FilterLogEvents stopped after ${reading.eventsRead.toLocaleString('en-US')} records of ${logGroup} (--max-events): the figures cover only the part of the window read`,
        );
        if (reading.lastTimestampMs !== undefined) collected.coveredUntilMs.set(fn.name, reading.lastTimestampMs);
      }
    }
    if (reading.malformed > 0) collected.warnings.push(`${logGroup}: ${reading.malformed} REPORT lines could not be read and were left out`);
  });
}

function addStats(collected: Collected, name: string, stats: SizeStats): void {
  let bySize = collected.sizes.get(name);
  if (!bySize) {
    bySize = new Map();
    collected.sizes.set(name, bySize);
  }
  const existing = bySize.get(stats.memoryMB);
  bySize.set(stats.memoryMB, existing ? mergeSizeStats(existing, stats) : stats);
}

function addNote(collected: Collected, name: string, note: string): void {
  collected.notes.set(name, [...(collected.notes.get(name) ?? []), note]);
}

/**
 * The part of the window the logs can hold: not before the log group existed, nor before its
 * retention. Traffic is extrapolated to a month from this, so a week-old function is not judged
 * on 14 days.
 */
export function windowDaysOf(info: LogGroupInfo | undefined, startMs: number, endMs: number, coveredUntilMs = endMs): number {
  let from = startMs;
  if (info?.creationTimeMs !== undefined) from = Math.max(from, info.creationTimeMs);
  if (info?.retentionInDays !== undefined) from = Math.max(from, endMs - info.retentionInDays * DAY_MS);
  return Math.max(0, Math.min(coveredUntilMs, endMs) - from) / DAY_MS;
}
