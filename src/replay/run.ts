/** `replay`: the offline analysis of recorded logs — no AWS account, same pipeline as `tune`. */
import { InterruptedError, UsageError } from '../errors.js';
import { analyse } from '../analysis/report.js';
import { RequestIds, type ParseCounters } from '../logs/index.js';
import { SampleSet } from '../stats/index.js';
import type { AnalysisSettings } from '../analysis/index.js';
import type { Architecture, InvocationRecord, Report } from '../types.js';
import { expandInputs } from './inputs.js';
import { readSource } from './read.js';
import { describeSkipped, probeLogSource } from './source.js';

export interface ReplayOptions {
  /** Files, folders (read recursively) or `-`. */
  files: readonly string[];
  /** Label for the report; defaults to the file names. */
  name?: string;
  region: string;
  architecture: Architecture;
  analysis: AnalysisSettings;
  currentMemoryMB?: number;
}

export interface ReplayDeps {
  stdin?: NodeJS.ReadableStream;
  /** Called for every record, in order (used by `--output records`). */
  onRecord?: (record: InvocationRecord) => void | Promise<void>;
  /** Aborting it (Ctrl-C) ends the reading: the report covers what was read and says it is partial. */
  signal?: AbortSignal;
  /** Told when an input is opened, and how it was read (for LAMBDA_RIGHTSIZE_DEBUG). */
  onOpen?: (name: string) => void;
  onRead?: (name: string, counters: Readonly<ParseCounters>) => void;
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
  // Several inputs may hold the same invocations (`a.log a.log.gz`, a folder with both, overlapping
  // exports): then each request id counts once. One input is a log as it was written, each
  // invocation in it once — and keeping its ids would cost a table lookup a line and ~10 bytes an
  // id for nothing.
  const ids = files.length > 1 ? new RequestIds() : undefined;
  const total = { duplicates: 0, withoutId: 0 };
  const warnings: string[] = skipped.map((why) => `skipped ${why}`);
  const empty: string[] = [];
  let partial = false;
  for (const file of files) {
    if (deps.signal?.aborted) {
      partial = true;
      break;
    }
    deps.onOpen?.(file === '-' ? 'stdin' : file);
    const opened = await probeLogSource(file, deps.stdin, deps.signal).catch((error: unknown) => {
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
    partial = await readSource(opened, samples, counters, { ids, signal: deps.signal, onRecord: deps.onRecord });
    deps.onRead?.(opened.name, counters);
    total.duplicates += counters.duplicates ?? 0;
    total.withoutId += counters.withoutId ?? 0;
    const malformed = describeSkipped(opened.name, counters);
    // A file that held only invocations already read is not empty: the duplicates warning covers it.
    if (counters.records === 0 && (counters.duplicates ?? 0) === 0)
      empty.push(`no Lambda REPORT line found in ${opened.name}${malformed ? ` (${malformed})` : ''}`);
    else if (malformed) warnings.push(malformed);
    if (partial) break;
  }
  if (samples.size === 0) {
    // Interrupted is not bad input: exit 130, as after a partial result.
    if (partial) throw new InterruptedError('interrupted before any Lambda REPORT line was read: nothing to analyse');
    if (files.length === 1) throw new UsageError(empty[0] ?? `no Lambda REPORT line found in ${files[0]}`, NO_REPORT_HINT);
    throw new UsageError(
      `no Lambda REPORT line found in any of the ${files.length} inputs (${empty.slice(0, 3).join('; ')}${empty.length > 3 ? '; …' : ''})`,
      NO_REPORT_HINT,
    );
  }
  warnings.push(...empty);
  const duplicates = duplicatesWarning(total.duplicates, total.withoutId);
  if (duplicates !== undefined) warnings.push(duplicates);
  if (partial)
    warnings.push(`partial result: interrupted after ${samples.size.toLocaleString('en-US')} invocations; what was read is analysed, the rest is not`);
  const report = analyse({
    source: 'replay',
    samples,
    functionInfo: {
      name: options.name ?? options.files.map((f) => (f === '-' ? 'stdin' : f)).join(', '),
      architecture: options.architecture,
      region: options.region,
      ...(options.currentMemoryMB !== undefined ? { originalMemoryMB: options.currentMemoryMB } : {}),
    },
    region: options.region,
    architecture: options.architecture,
    settings: options.analysis,
    warnings,
  });
  return { report: { ...report, input: { duplicatesDropped: total.duplicates } }, partial };
}

/**
 * What a replay says of the duplicates it dropped. Invocations without a request id cannot be
 * checked, so nothing is claimed of them beyond that.
 */
function duplicatesWarning(duplicates: number, withoutId: number): string | undefined {
  if (duplicates === 0) return undefined;
  const unchecked = withoutId === 0 ? '' : `; ${withoutId.toLocaleString('en-US')} without a request id could not be checked and count each`;
  const lines = duplicates === 1 ? 'line' : 'lines';
  return `dropped ${duplicates.toLocaleString('en-US')} duplicate REPORT ${lines} (a request id already read: the same log read twice?); each invocation counts once${unchecked}`;
}
