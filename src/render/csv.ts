/** CSV (RFC 4180): one row per memory size, raw numbers, units in the header names. */
import type { Distribution, Report } from '../types.js';
import { formatRaw } from '../format.js';
import { buildRows, type SizeRow } from './model.js';

type Value = string | number | boolean | null | undefined;

const DISTRIBUTION_FIELDS: readonly (keyof Distribution)[] = ['mean', 'trimmedMean', 'p50', 'p90', 'p95', 'p99', 'min', 'max'];
const SNAKE: Record<keyof Distribution, string> = {
  mean: 'mean',
  trimmedMean: 'trimmed_mean',
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  min: 'min',
  max: 'max',
};

/** Quotes a field only when RFC 4180 requires it (comma, double quote, CR or LF). */
export function csvField(value: Value): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatRaw(value);
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

interface CsvColumn {
  name: string;
  value(row: SizeRow, report: Report): Value;
}

const CSV_COLUMNS: readonly CsvColumn[] = [
  { name: 'function', value: (_row, report) => report.function.name },
  { name: 'architecture', value: (row, report) => row.result.architecture ?? report.function.architecture },
  { name: 'region', value: (_row, report) => report.function.region ?? report.pricing.region },
  { name: 'memory_mb', value: (row) => row.result.memoryMB },
  { name: 'invocations', value: (row) => row.result.invocations },
  { name: 'errors', value: (row) => row.result.errors },
  {
    name: 'error_types',
    value: (row) =>
      Object.entries(row.result.errorsByType)
        .map(([type, count]) => `${type}=${count}`)
        .join(';'),
  },
  { name: 'cold_starts', value: (row) => row.result.coldStarts },
  { name: 'sample', value: (row) => row.result.sample },
  ...DISTRIBUTION_FIELDS.map((field) => ({
    name: `duration_${SNAKE[field]}_ms`,
    value: (row: SizeRow) => row.result.durationMs?.[field],
  })),
  { name: 'billed_duration_mean_ms', value: (row) => row.result.billedDurationMs?.mean },
  { name: 'init_duration_mean_ms', value: (row) => row.result.cold?.initDurationMs?.mean },
  { name: 'max_memory_used_mb', value: (row) => row.result.maxMemoryUsedMB },
  { name: 'cost_per_invocation_usd', value: (row) => row.costPerInvocation },
  { name: 'per_invocations', value: (_row, report) => report.pricing.per },
  { name: 'cost_per_unit_usd', value: (row) => row.costPerUnit },
  { name: 'vs_cheapest_percent', value: (row) => row.vsCheapestPercent },
  { name: 'vs_fastest_ratio', value: (row) => row.vsFastestRatio },
  { name: 'recommended', value: (row) => row.recommended },
  // Last, so that the columns before them keep their positions; empty where a size has no interval.
  { name: 'ci95_trimmed_mean_low_ms', value: (row) => row.result.ci95?.trimmedMeanMs.low },
  { name: 'ci95_trimmed_mean_high_ms', value: (row) => row.result.ci95?.trimmedMeanMs.high },
  { name: 'ci95_cost_per_invocation_low_usd', value: (row) => row.result.ci95?.costPerInvocationUSD.low },
  { name: 'ci95_cost_per_invocation_high_usd', value: (row) => row.result.ci95?.costPerInvocationUSD.high },
];

/** Header row plus one row per size, CRLF line ends as RFC 4180 specifies. */
export function renderCsv(report: Report): string {
  const rows = buildRows(report);
  const lines = [
    CSV_COLUMNS.map((col) => csvField(col.name)).join(','),
    ...rows.map((row) => CSV_COLUMNS.map((col) => csvField(col.value(row, report))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
