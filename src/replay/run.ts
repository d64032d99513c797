/** `replay`: the offline analysis of recorded logs — no AWS account, same pipeline as `tune`. */
import { UsageError } from '../errors.js';
import { analyse } from '../analysis/report.js';
import { parseRecordBatches, type CanonicalFields, type ParseCounters } from '../logs/index.js';
import { SampleSet } from '../stats/index.js';
import type { Architecture, InvocationRecord, Report, Strategy } from '../types.js';
import { describeSkipped, openLogSource } from './source.js';

export interface ReplayOptions {
  files: readonly string[];
  /** Label for the report; defaults to the file names. */
  name?: string;
  region: string;
  architecture: Architecture;
  gbSecondUSD?: number;
  requestUSD?: number;
  per: number;
  discard: number;
  strategy: Strategy;
  weight: number;
  maxDurationMs?: number;
  currentMemoryMB?: number;
}

export interface ReplayDeps {
  stdin?: NodeJS.ReadableStream;
  /** Called for every record, in order (used by `--output records`). */
  onRecord?: (record: InvocationRecord) => void | Promise<void>;
}

export async function runReplay(options: ReplayOptions, deps: ReplayDeps = {}): Promise<Report> {
  const samples = new SampleSet();
  const warnings: string[] = [];
  for (const file of options.files) {
    const source = await openLogSource(file, deps.stdin);
    const counters: ParseCounters = { records: 0, malformed: 0 };
    // Without a per-record consumer, service-layout lines go straight into the statistics.
    const onCanonical = deps.onRecord
      ? undefined
      : (f: Readonly<CanonicalFields>) => samples.addSuccess(f.memoryMB, f.durationMs, f.billedDurationMs, f.maxMemoryUsedMB, f.initDurationMs);
    for await (const batch of parseRecordBatches(source.chunks, counters, { onCanonical })) {
      for (const record of batch) samples.add(record);
      if (deps.onRecord) {
        for (const record of batch) {
          const pending = deps.onRecord(record);
          if (pending) await pending;
        }
      }
    }
    const skipped = describeSkipped(source.name, counters);
    if (counters.records === 0) {
      throw new UsageError(
        `no Lambda REPORT line found in ${source.name}${skipped ? ` (${skipped})` : ''}`,
        'give CloudWatch Logs text, JSON-format logs, `aws logs filter-log-events` output or records JSONL',
      );
    }
    if (skipped) warnings.push(skipped);
  }
  return analyse({
    source: 'replay',
    samples,
    functionInfo: {
      name: options.name ?? options.files.map((f) => (f === '-' ? 'stdin' : f)).join(', '),
      architecture: options.architecture,
      region: options.region,
      ...(options.currentMemoryMB !== undefined ? { originalMemoryMB: options.currentMemoryMB } : {}),
    },
    pricing: {
      region: options.region,
      architecture: options.architecture,
      gbSecondUSD: options.gbSecondUSD,
      requestUSD: options.requestUSD,
      per: options.per,
    },
    strategy: { name: options.strategy, weight: options.weight, maxDurationMs: options.maxDurationMs },
    discard: options.discard,
    warnings,
  });
}
