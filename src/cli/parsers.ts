/**
 * Option-value parsers for commander: each throws InvalidArgumentError with a message that names
 * the accepted range, so every bad value becomes one line and exit 2.
 */
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { DEFAULTS } from '../config/defaults.js';
import { parseDurationMs } from '../scan/options.js';

/**
 * Decimal with an optional exponent, as users write counts (`1e6`): Number() alone would also take
 * "0x80", "0b1", "Infinity" or "" (as 0).
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** `1_000_000` and `1,000,000`: refused (`1,000` is ambiguous across locales), with a hint. */
const GROUPED = /^[+-]?\d{1,3}([_,]\d{3})+(\.\d*)?$/;

function toNumber(raw: string, what: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) {
    const hint = GROUPED.test(text) ? ` (write it without separators, e.g. ${text.replace(/[_,]/g, '')} or in e-notation)` : '';
    throw new InvalidArgumentError(`${what} must be a number, got "${raw}"${hint}.`);
  }
  return value;
}

export function parseMemoryMB(raw: string): number {
  const value = toNumber(raw, 'memory size');
  if (!Number.isInteger(value) || value < DEFAULTS.minMemoryMB || value > DEFAULTS.maxMemoryMB) {
    throw new InvalidArgumentError(`memory size ${raw} is out of range: use whole MB from ${DEFAULTS.minMemoryMB} to ${DEFAULTS.maxMemoryMB}.`);
  }
  return value;
}

/**
 * A size written with a thousands separator ("1,024", "10,240"): the comma splits it into a size too
 * small to be one ("1") and three digits. The joined number, when it is a size, is what was meant.
 */
function groupedSize(items: readonly string[]): { written: string; meant: string } | undefined {
  for (let i = 0; i + 1 < items.length; i++) {
    const [head, tail] = [items[i]!, items[i + 1]!];
    const meant = Number(`${head}${tail}`);
    if (/^\d{1,2}$/.test(head) && /^\d{3}$/.test(tail) && meant >= DEFAULTS.minMemoryMB && meant <= DEFAULTS.maxMemoryMB) {
      return { written: `${head},${tail}`, meant: String(meant) };
    }
  }
  return undefined;
}

/** "128,256, 512" → [128, 256, 512], sorted and without duplicates. */
export function parseMemoryList(raw: string): number[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('give at least one memory size, e.g. --memory 128,512,1024.');
  const grouped = groupedSize(items);
  if (grouped) throw new InvalidArgumentError(`"${grouped.written}" reads as two sizes, because commas separate sizes: write ${grouped.meant}.`);
  return [...new Set(items.map(parseMemoryMB))].toSorted((a, b) => a - b);
}

export function parsePositiveInt(what: string, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = toNumber(raw, what);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`${what} must be a whole number from 1 to ${max.toLocaleString('en-US')}, got "${raw}".`);
    }
    return value;
  };
}

export function parseRange(what: string, min: number, max: number) {
  return (raw: string): number => {
    const value = toNumber(raw, what);
    if (value < min || value > max) throw new InvalidArgumentError(`${what} must be between ${min} and ${max}, got "${raw}".`);
    return value;
  };
}

export function parsePrice(what: string) {
  return (raw: string): number => {
    const value = toNumber(raw, what);
    if (value < 0) throw new InvalidArgumentError(`${what} cannot be negative, got "${raw}".`);
    return value;
  };
}

export function parsePositiveNumber(what: string) {
  return (raw: string): number => {
    const value = toNumber(raw, what);
    if (value <= 0) throw new InvalidArgumentError(`${what} must be greater than 0, got "${raw}".`);
    return value;
  };
}

/** A parser of the domain's (which throws a plain Error with a precise message) as commander's: the message kept. */
export function asOptionParser<T>(parse: (raw: string) => T): (raw: string) => T {
  return (raw) => {
    try {
      return parse(raw);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** `--since` of scan and diff: a duration such as 14d, 36h, 90m or 2w, in milliseconds. */
export function parseSince(raw: string): number {
  const ms = parseDurationMs(raw);
  if (ms === undefined) throw new InvalidArgumentError(`--since takes a duration such as 14d, 36h, 90m or 2w, got "${raw}".`);
  return ms;
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
