/**
 * Number formatting shared by the table, CSV, Markdown and chart, so every output shows the same
 * figures. Deliberately locale-independent: output must not change with the user's LANG.
 */

/** Significant digits for money: enough to tell apart per-invocation costs that differ by 0.05 %. */
const USD_SIGNIFICANT = 4;
/** Significant digits kept in raw (CSV) numbers: beyond float noise, below 17 that shows it. */
const RAW_SIGNIFICANT = 12;

/** Groups the integer part with commas: 1234567.5 → "1,234,567.5". */
function groupThousands(fixed: string): string {
  const negative = fixed.startsWith('-');
  const unsigned = negative ? fixed.slice(1) : fixed;
  const [int = '', frac] = unsigned.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** Decimal places that give `significant` digits for `value` (never negative). */
function decimalsFor(value: number, significant: number): number {
  if (value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return Math.max(0, significant - 1 - magnitude);
}

/** Integer count with thousands separators: 1000000 → "1,000,000". */
export function formatCount(value: number): string {
  return groupThousands(Math.round(value).toFixed(0));
}

/** Milliseconds with one decimal and thousands separators, no unit: 11722.965 → "11,723.0". */
export function formatMs(value: number): string {
  return groupThousands(value.toFixed(1));
}

/**
 * Megabytes, optionally with the unit: 1024 → "1024" or "1024 MB". Never grouped: a memory size is
 * printed as users type it into `--memory` (and as the Lambda console and API write it).
 */
export function formatMB(value: number, options: { unit?: boolean } = {}): string {
  const text = Math.round(value).toFixed(0);
  return options.unit ? `${text} MB` : text;
}

/**
 * US dollars with up to 4 significant digits and at least 2 decimals:
 * 0.000024628 → "$0.00002463", 24.628 → "$24.63", 1234.5 → "$1,234.50".
 */
export function formatUsd(value: number): string {
  const decimals = Math.min(20, Math.max(2, decimalsFor(value, USD_SIGNIFICANT)));
  // Trailing zeros past the cents say nothing: 0.000002 → "$0.000002", not "$0.000002000".
  const fixed = Math.abs(value)
    .toFixed(decimals)
    .replace(/(\.\d\d\d*?)0+$/, '$1');
  const text = groupThousands(fixed);
  return value < 0 ? `-$${text}` : `$${text}`;
}

/**
 * A percentage (already ×100) with a space before the sign, as in "+13.8 %".
 * Small values keep two decimals so a 0.04 % difference does not read as "+0.0 %".
 */
export function formatPercent(percent: number, options: { signed?: boolean } = {}): string {
  const decimals = Math.abs(percent) < 1 ? 2 : 1;
  const text = groupThousands(percent.toFixed(decimals));
  const sign = options.signed && percent >= 0 ? '+' : '';
  return `${sign}${text} %`;
}

/** A ratio such as a slowdown factor: 7.9966 → "×8.00". */
export function formatRatio(ratio: number): string {
  return `×${groupThousands(ratio.toFixed(2))}`;
}

/** The `per` quantity as a column header says it: 1000000 → "1M", 1000 → "1,000". */
export function formatPer(per: number): string {
  if (per >= 1_000_000 && per % 1_000_000 === 0) return `${formatCount(per / 1_000_000)}M`;
  return formatCount(per);
}

/**
 * A machine-readable number for CSV: no grouping, no exponent, no float noise.
 * 2.020833375e-7 → "0.0000002020833375", 0.1 + 0.2 → "0.3", 1024 → "1024".
 */
export function formatRaw(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot format non-finite number ${value}`);
  if (Number.isInteger(value)) return value.toFixed(0);
  const decimals = Math.min(100, decimalsFor(value, RAW_SIGNIFICANT));
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/**
 * Orders names (error types) case-insensitively, then by code unit: the order `localeCompare`
 * gives such ASCII names, without it — its first call loads ICU's collation data, ~10 ms, which
 * was a twentieth of a REPORT-only replay.
 */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
