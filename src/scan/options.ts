/** Pure parsing of `scan`'s option values: durations, globs and finding kinds. */
import { FINDING_KINDS, VERIFIED_KINDS, type FindingKind } from './types.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "14d", "36h", "90m", "2w" → milliseconds; undefined when the text is not such a duration. */
export function parseDurationMs(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(raw.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return value > 0 ? value : undefined;
}

/**
 * A shell-style glob over function names: `*` any run of characters, `?` one character; the rest
 * literal. Anchored at both ends.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Keeps names matched by any include glob (all when none) and by no exclude glob. */
export function selectNames<T extends { name: string }>(items: readonly T[], include: readonly string[], exclude: readonly string[]): T[] {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return items.filter((item) => (inc.length === 0 || inc.some((r) => r.test(item.name))) && !exc.some((r) => r.test(item.name)));
}

/**
 * "over-provisioned,under-provisioned" → kinds. `any` is every verified kind (never the unverified
 * `memory-headroom`, nor the informational `managed-instances`): a CI job fails only on what holds
 * up unless it names more. `all` is every kind. Throws on an unknown kind.
 */
export function parseFindingKinds(raw: string): FindingKind[] {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const expanded: string[] = items.flatMap((s): readonly string[] => (s === 'any' ? VERIFIED_KINDS : s === 'all' ? FINDING_KINDS : [s]));
  const unknown = expanded.filter((s) => !FINDING_KINDS.includes(s as FindingKind));
  if (items.length === 0 || unknown.length > 0) {
    throw new Error(
      `unknown finding kind "${unknown[0] ?? raw}": use a comma-separated list of ${FINDING_KINDS.join(', ')}, or any (the verified ones), or all.`,
    );
  }
  return FINDING_KINDS.filter((k) => expanded.includes(k));
}
