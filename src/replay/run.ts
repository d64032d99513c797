/** `replay`: the offline analysis of recorded logs — no AWS account, same pipeline as `tune`. */
import { UsageError } from '../errors.js';
import { analyse } from '../analysis/report.js';
import type { ParseCounters } from '../logs/index.js';
import { SampleSet } from '../stats/index.js';
import type { Architecture, InvocationRecord, Report, Strategy } from '../types.js';
import { expandInputs } from './inputs.js';
import { defaultThreads } from './parallel.js';
import { readSource } from './read.js';
import { describeSkipped, probeLogSource } from './source.js';

export interface ReplayOptions {
  /** Files, folders (read recursively) or `-`. */
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
  /** Threads for large plain files; 1 keeps everything on the main thread. Default: the cores, up to 4. */
  threads?: number;
}

export interface ReplayDeps {
  stdin?: NodeJS.ReadableStream;
  /** Called for every record, in order (used by `--output records`). */
  onRecord?: (record: InvocationRecord) => void | Promise<void>;
  /** Aborting it (Ctrl-C) ends the reading: the report covers what was read and says it is partial. */
  signal?: AbortSignal;
  /** Told how each input was read (for LAMBDA_RIGHTSIZE_DEBUG). */
  onRead?: (name: string, threads: number, counters: Readonly<ParseCounters>) => void;
  /** Told when an input starts to be parsed on several threads (for LAMBDA_RIGHTSIZE_DEBUG). */
  onParallel?: (name: string, threads: number) => void;
}

/** What a replay read, for the caller to act on (e.g. exit 130 after a partial report). */
export interface ReplayResult {
  report: Report;
  /** True when the signal stopped the reading before the end of the inputs. */
  partial: boolean;
}

const NO_REPORT_HINT = 'give CloudWatch Logs text, JSON-format logs, CSV exports, `aws logs filter-log-events` / `get-query-results` output or records JSONL';

export async function replay(options: ReplayOptions, deps: ReplayDeps = {}): Promise<ReplayResult> {
  const { files, skipped, found } = await expandInputs(options.files);
  const samples = new SampleSet();
  const warnings: string[] = skipped.map((why) => `skipped ${why}`);
  const empty: string[] = [];
  let partial = false;
  for (const file of files) {
    if (deps.signal?.aborted) {
      partial = true;
      break;
    }
    const opened = await probeLogSource(file, deps.stdin).catch((error: unknown) => {
      // A file a folder walk found (a symlink to a folder, no permission…) is noted and skipped.
      if (found.has(file) && error instanceof UsageError) return { problem: error };
      throw error;
    });
    if ('problem' in opened) {
      // One input that is not a log is the user's mistake; one among many is a note.
      if (files.length === 1) throw opened.problem;
      empty.push(opened.problem.message);
      continue;
    }
    const counters: ParseCounters = { records: 0, malformed: 0 };
    const outcome = await readSource(opened, samples, counters, {
      threads: options.threads ?? defaultThreads(),
      signal: deps.signal,
      onRecord: deps.onRecord,
      onParallel: deps.onParallel && ((threads) => deps.onParallel?.(opened.name, threads)),
    });
    partial = outcome.stopped;
    deps.onRead?.(opened.name, outcome.threads, counters);
    const malformed = describeSkipped(opened.name, counters);
    if (counters.records === 0) empty.push(`no Lambda REPORT line found in ${opened.name}${malformed ? ` (${malformed})` : ''}`);
    else if (malformed) warnings.push(malformed);
    if (partial) break;
  }
  if (samples.size === 0) {
    if (partial) throw new UsageError('interrupted before any Lambda REPORT line was read', 'let it read longer, or give a file');
    if (files.length === 1) throw new UsageError(empty[0] ?? `no Lambda REPORT line found in ${files[0]}`, NO_REPORT_HINT);
    throw new UsageError(`no Lambda REPORT line found in any of the ${files.length} inputs (${empty.slice(0, 3).join('; ')}${empty.length > 3 ? '; …' : ''})`, NO_REPORT_HINT);
  }
  warnings.push(...empty);
  if (partial) warnings.push(`partial result: interrupted after ${samples.size.toLocaleString('en-US')} invocations; what was read is analysed, the rest is not`);
  const report = analyse({
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
  return { report, partial };
}
