/** Small wording helpers shared by the findings, so every message writes numbers the same way. */
import { formatCount } from '../format.js';

export function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)} %`;
}

/**
 * A window length: "14 d", "2.5 d"; in hours under a day ("6 h", not "0.3 d"), in minutes under an
 * hour ("12 min", not "0 h": a log group created minutes ago shortens a function's window that much).
 */
export function span(days: number): string {
  if (days * 24 < 1) {
    const minutes = days * 1440;
    return minutes < 1 ? 'under 1 min' : `${Math.round(minutes)} min`;
  }
  if (days < 1) {
    const hours = days * 24;
    return `${hours >= 10 ? Math.round(hours) : Math.round(hours * 10) / 10} h`;
  }
  return `${days >= 10 ? Math.round(days) : Math.round(days * 10) / 10} d`;
}

export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** "×1.8" for a ratio of durations. */
export function times(ratio: number): string {
  return `×${ratio >= 10 ? Math.round(ratio) : (Math.round(ratio * 10) / 10).toFixed(1)}`;
}
