/**
 * `--history`: recorded logs instead of CloudWatch, read with replay's readers (every format
 * `replay` takes) and aggregated with scan's SizeAggregator into the same per-size statistics a
 * CloudWatch reading gives. Each file belongs to one function: `name=path`, or the file's name up
 * to its first dot (`logs/orders-api.log` → `orders-api`).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { RequestIds } from '../logs/index.js';
import { openLogSource } from '../replay/source.js';
import { readSource } from '../replay/read.js';
import { SizeAggregator } from '../scan/aggregate.js';
import { SampleSet } from '../stats/index.js';
import type { FunctionHistory } from './project.js';

const DAY_MS = 86_400_000;

export interface HistorySpec {
  name: string;
  path: string;
}

/** `name=path` or `path`. */
export function parseHistorySpec(raw: string): HistorySpec {
  const eq = raw.indexOf('=');
  if (eq > 0) return { name: raw.slice(0, eq), path: raw.slice(eq + 1) };
  const name = basename(raw).split('.')[0] ?? '';
  if (name === '') throw new UsageError(`--history ${raw}: no function name in the file name`, 'write it as <function>=<file>');
  return { name, path: raw };
}

/** Each file exists and is a file: checked before git runs, so a typo fails even when no change needs it. */
export async function checkHistoryFiles(specs: readonly HistorySpec[]): Promise<void> {
  for (const spec of specs) {
    const info = await stat(spec.path).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`--history ${spec.path}: no such file`, 'give a recorded log of the function, as <function>=<file>');
  }
}

/** One history per function name; several files of one function add up. */
export async function readHistories(specs: readonly HistorySpec[], signal?: AbortSignal): Promise<Map<string, FunctionHistory>> {
  const byName = new Map<string, { aggregator: SizeAggregator; ids: RequestIds; first?: number; last?: number; files: string[] }>();
  for (const spec of specs) {
    // One function's files may overlap (two exports of the same hours): each invocation counts once.
    const entry = byName.get(spec.name) ?? { aggregator: new SizeAggregator(), ids: new RequestIds(), files: [] };
    byName.set(spec.name, entry);
    entry.files.push(spec.path);
    const source = await openLogSource(spec.path);
    const counters = { records: 0, malformed: 0 };
    await readSource(source, new SampleSet(), counters, {
      ids: entry.ids,
      ...(signal ? { signal } : {}),
      onRecord: (record) => {
        entry.aggregator.add(record);
        const at = record.timestamp === undefined ? Number.NaN : Date.parse(record.timestamp);
        if (Number.isFinite(at)) {
          entry.first = Math.min(entry.first ?? at, at);
          entry.last = Math.max(entry.last ?? at, at);
        }
      },
    });
    if (counters.records === 0)
      throw new UsageError(`--history ${spec.path}: no Lambda REPORT line in it`, 'give CloudWatch Logs of the function, in any format `replay` reads');
  }
  const histories = new Map<string, FunctionHistory>();
  for (const [name, entry] of byName) {
    const span = entry.first !== undefined && entry.last !== undefined ? (entry.last - entry.first) / DAY_MS : undefined;
    const notes: string[] = [];
    if (span === undefined || span <= 0)
      notes.push(`${entry.files.join(', ')}: no timestamps on the REPORT lines, so no traffic per month: costs are per 1M invocations`);
    histories.set(name, {
      name,
      sizes: entry.aggregator.stats(),
      ...(span !== undefined && span > 0 ? { windowDays: span } : {}),
      notes,
    });
  }
  return histories;
}
