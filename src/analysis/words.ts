/** Numbers as they appear in recommendation reasons and warnings (en-US, so output is stable). */

const usd = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "$0.0000029": two significant digits, never in exponent form. */
export function formatUSD(value: number): string {
  return `$${usd.format(value)}`;
}

/** "1,466 ms", "12.5 ms", "1.23 ms": whole milliseconds once the decimals stop mattering. */
export function formatMs(value: number): string {
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ms`;
}

/** "20%", "33.3%". */
export function formatPercent(value: number): string {
  return `${percent.format(value)}%`;
}
