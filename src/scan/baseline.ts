/**
 * Baselines: findings a team has accepted, so that `--fail-on` only fails on new ones.
 * The file is `{ "schemaVersion": 1, "findings": [ { "function": "<name>", "kind": "<kind>" } ] }`,
 * sorted, so that it diffs well when committed.
 */
import { UsageError } from '../errors.js';
import { FINDING_KINDS, type FindingKind, type FunctionScan } from './types.js';

export interface BaselineEntry {
  function: string;
  kind: FindingKind;
}

export interface Baseline {
  schemaVersion: 1;
  findings: BaselineEntry[];
}

/** Reads a baseline file's text; `source` names the file in errors. */
export function parseBaseline(text: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${source} is not JSON`, 'write it with `scan --write-baseline <file>`');
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (typeof data !== 'object' || data === null || (data as { schemaVersion?: unknown }).schemaVersion !== 1 || !Array.isArray(findings)) {
    throw new UsageError(`${source} is not a scan baseline (schemaVersion 1 with a "findings" list)`, 'write it with `scan --write-baseline <file>`');
  }
  return {
    schemaVersion: 1,
    findings: findings.map((entry: unknown, index) => {
      const e = entry as { function?: unknown; kind?: unknown } | null;
      if (typeof e?.function !== 'string' || !FINDING_KINDS.includes(e.kind as FindingKind)) {
        throw new UsageError(
          `${source}: finding ${index + 1} needs a "function" name and a "kind" (${FINDING_KINDS.join(', ')})`,
          'write the file with `scan --write-baseline <file>`',
        );
      }
      return { function: e.function, kind: e.kind as FindingKind };
    }),
  };
}

/** The baseline that accepts every finding of a scan. */
export function baselineOf(functions: readonly FunctionScan[]): Baseline {
  const keys = new Set<string>();
  const findings: BaselineEntry[] = [];
  for (const fn of functions) {
    for (const finding of fn.findings) {
      const k = key(fn.name, finding.kind);
      if (keys.has(k)) continue;
      keys.add(k);
      findings.push({ function: fn.name, kind: finding.kind });
    }
  }
  return {
    schemaVersion: 1,
    findings: findings.toSorted((a, b) => (a.function === b.function ? a.kind.localeCompare(b.kind) : a.function.localeCompare(b.function))),
  };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Copies of `functions` whose findings are marked `known` when the baseline lists them. */
export function applyBaseline(functions: readonly FunctionScan[], baseline: Baseline): FunctionScan[] {
  const known = new Set(baseline.findings.map((e) => key(e.function, e.kind)));
  return functions.map((fn) => ({
    ...fn,
    findings: fn.findings.map((f) => ({ ...f, known: known.has(key(fn.name, f.kind)) })),
  }));
}

export interface FailingFinding {
  function: string;
  kind: FindingKind;
}

/** The findings that fail the build: of a kind named by `--fail-on` and not in the baseline. */
export function failingFindings(functions: readonly FunctionScan[], failOn: readonly FindingKind[]): FailingFinding[] {
  return functions.flatMap((fn) => fn.findings.filter((f) => failOn.includes(f.kind) && !f.known).map((f) => ({ function: fn.name, kind: f.kind })));
}

/** One line for FindingsError: "2 new findings: over-provisioned (api, worker)". */
export function describeFailing(failing: readonly FailingFinding[]): string {
  const byKind = new Map<FindingKind, string[]>();
  for (const f of failing) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.function]);
  const parts = [...byKind.entries()].map(([kind, names]) => `${kind} (${names.join(', ')})`);
  return `${failing.length} new finding${failing.length === 1 ? '' : 's'}: ${parts.join('; ')}`;
}

function key(fn: string, kind: FindingKind): string {
  return `${fn}\u0000${kind}`;
}
