/** Defaults of `diff`, kept light: the command line loads this before any of the work. */
import type { DiffThresholds, Flag } from './types.js';

export type DiffOutputFormat = 'table' | 'json' | 'markdown';
export const DIFF_OUTPUT_FORMATS: readonly DiffOutputFormat[] = ['table', 'json', 'markdown'];

export const DIFF_DEFAULTS = Object.freeze({
  since: '14d',
  /** As scan's: a change is `slower` past 20 % on p95, and a size with fewer than 50 invocations is no evidence. */
  thresholds: Object.freeze<DiffThresholds>({ maxSlowdown: 0.2, minInvocations: 50 }),
  /** Prices when no region is set and nothing is read from AWS (the same as most regions'). */
  region: 'us-east-1',
});

/** "slower,dearer" → flags; `any` = both. Throws on an unknown name. */
export function parseFlags(raw: string): Flag[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const expanded = items.flatMap((s) => (s === 'any' ? ['slower', 'dearer'] : [s]));
  const unknown = expanded.find((s) => s !== 'slower' && s !== 'dearer');
  if (items.length === 0 || unknown !== undefined) throw new Error(`unknown --fail-on "${unknown ?? raw}": use slower, dearer or any.`);
  return (['slower', 'dearer'] as const).filter((f) => expanded.includes(f));
}
