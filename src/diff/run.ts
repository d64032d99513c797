/**
 * `diff`: the memory changes between a base commit and the working tree, each projected from its
 * function's measured history. Orchestration only: the changes are found in changes.ts, projected
 * in project.ts; the history is scan's reading (runScan) or recorded logs. Nothing is read from
 * AWS unless a change needs a history.
 */
import pLimit from 'p-limit';
import { isAccessDenied, UsageError } from '../errors.js';
import { resolvePrice } from '../pricing/index.js';
import { indexSources, locateResource, LOGICAL_ID_TAG } from '../scan/iac/locate.js';
import type { IacResource, SourceFile } from '../scan/iac/types.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { runScan } from '../scan/run.js';
import type { ScanFunctionConfig } from '../scan/types.js';
import type { Architecture, PriceRow } from '../types.js';
import { findChanges, type IacChange } from './changes.js';
import type { HistorySource, Repository } from './ports.js';
import { projectChange, type FunctionHistory } from './project.js';
import { unreadable } from './readable.js';
import type { DiffChange, DiffReport, DiffSummary, DiffThresholds } from './types.js';

export interface DiffOptions {
  /** `--base`; the merge base with the default branch when absent. */
  base?: string;
  /** The folder to compare, relative to the repository's root ('' for all of it). */
  prefix: string;
  thresholds: DiffThresholds;
  /** Region whose prices apply, unless the history is read from AWS (then that region's). */
  region: string;
  gbSecondUSD?: number;
  requestUSD?: number;
}

export interface DiffDeps {
  repo: Repository;
  /** Called only when a change needs a history: builds the AWS clients, or reads the files. */
  history: () => Promise<HistorySource>;
  onProgress?: (message: string) => void;
}

/** Changes that are priced from what the function did: they need its history. */
const NEEDS_HISTORY = new Set<IacChange['kind']>(['memory', 'removed', 'architecture']);

export async function runDiff(options: DiffOptions, deps: DiffDeps): Promise<DiffReport> {
  const base = options.base !== undefined ? { ref: options.base, commit: await deps.repo.resolve(options.base) } : await deps.repo.defaultBase();
  const [baseFiles, headFiles] = await Promise.all([deps.repo.filesAt(base.commit, options.prefix), deps.repo.workingFiles(options.prefix)]);
  checkReadable(baseFiles, headFiles, base.ref);
  const changes = findChanges(baseFiles, headFiles);
  const warnings: string[] = [];
  const priced = new Map<Architecture, PriceRow>();
  let region = options.region;
  const price = (architecture: Architecture): PriceRow => {
    const row = priced.get(architecture) ?? resolvePrice({ region, architecture, gbSecondUSD: options.gbSecondUSD, requestUSD: options.requestUSD });
    priced.set(architecture, row);
    return row;
  };
  let history: DiffReport['history'] = 'none';
  let window: DiffReport['window'];
  let matched: Array<{ change: IacChange; names: string[] }> = changes.map((change) => ({ change, names: [] }));
  let histories = new Map<string, FunctionHistory>();
  if (changes.some((c) => NEEDS_HISTORY.has(c.kind))) {
    const source = await deps.history();
    history = source.kind === 'aws' ? 'cloudwatch' : 'replay';
    if (source.kind === 'aws') region = source.region;
    const sides = { base: indexSources(baseFiles), head: indexSources(headFiles) };
    if (source.kind === 'replay') {
      histories = new Map(source.histories);
      matched = changes.map((change) => ({
        change,
        names: [...histories.keys()].filter((name) => mapsTo(sides, change, name, {}) || mapsTo(sides, change, name, { [LOGICAL_ID_TAG]: name })),
      }));
      const used = new Set(matched.flatMap((m) => m.names));
      for (const name of histories.keys())
        if (!used.has(name)) warnings.push(`--history ${name}: no changed function is declared under that name or logical id`);
    } else {
      const read = await readCloudWatch(source, sides, changes, deps, warnings);
      matched = read.matched;
      histories = read.histories;
      window = read.window;
    }
  }
  const projected = matched.flatMap(({ change, names }) => {
    const declared = change.after ?? change.before;
    // Without a deployed function, the name the file gives it, else its key.
    const key = declared?.names[0] ?? declared?.key ?? '?';
    const targets = names.length > 0 ? names : [undefined];
    return targets.map((name) => {
      const result = projectChange({
        change,
        name: name ?? key,
        ...(name && histories.get(name) ? { history: histories.get(name) } : {}),
        price,
        thresholds: options.thresholds,
      });
      if (name !== undefined || !NEEDS_HISTORY.has(change.kind)) return result;
      return { ...result, notes: [...result.notes, `no ${history === 'replay' ? '--history file' : 'deployed function'} matches ${key}`] };
    });
  });
  return {
    schemaVersion: 1,
    source: 'diff',
    base,
    history,
    region,
    ...(window ? { window } : {}),
    thresholds: options.thresholds,
    pricing: [...priced.values()],
    changes: projected,
    summary: summarize(projected),
    warnings,
  };
}

/** A changed file the readers cannot read would hide a change: refused, with the first reason. */
function checkReadable(baseFiles: readonly SourceFile[], headFiles: readonly SourceFile[], baseRef: string): void {
  const before = new Map(baseFiles.map((f) => [f.path, f.text]));
  const after = new Map(headFiles.map((f) => [f.path, f.text]));
  const changed = [...headFiles.filter((f) => before.get(f.path) !== f.text), ...baseFiles.filter((f) => !after.has(f.path))];
  for (const file of changed) {
    const problem = unreadable(file);
    if (problem)
      throw new UsageError(after.get(file.path) === file.text ? problem : `${problem} (at ${baseRef})`, 'fix the file, or leave it out with --source <folder>');
  }
}

type Sides = { base: IacResource[]; head: IacResource[] };

/** Does the deployed function `name` (with `tags`) map to this change's declaration, as scan maps it? */
function mapsTo(sides: Sides, change: IacChange, name: string, tags: Readonly<Record<string, string>>): boolean {
  const declared = change.after ?? change.before;
  const resources = change.after ? sides.head : sides.base;
  const found = locateResource(resources, name, tags)?.resource;
  return found !== undefined && declared !== undefined && found.file === declared.file && found.key === declared.key;
}

/**
 * ListFunctions, then each function mapped to its declaration exactly as `scan --source` does —
 * by name first, then by the CloudFormation tags of the few candidates (and of every function only
 * when a changed CloudFormation declaration is still unmatched) — then scan's reading of the
 * matched functions' logs.
 */
async function readCloudWatch(
  source: Extract<HistorySource, { kind: 'aws' }>,
  sides: Sides,
  changes: readonly IacChange[],
  deps: DiffDeps,
  warnings: string[],
): Promise<{ matched: Array<{ change: IacChange; names: string[] }>; histories: Map<string, FunctionHistory>; window: DiffReport['window'] }> {
  const { lambda } = source.deps;
  const limit = pLimit(source.concurrency);
  const wanted = changes.filter((c) => NEEDS_HISTORY.has(c.kind));
  deps.onProgress?.(`listing the functions of ${source.region}`);
  const functions = await lambda.listFunctions();
  let tagsDenied = false;
  const tagsOf = async (fn: ScanFunctionConfig): Promise<Record<string, string>> => {
    if (!lambda.listTags || fn.arn === undefined || tagsDenied) return {};
    try {
      return await lambda.listTags(fn.arn);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      tagsDenied = true;
      warnings.push('lambda:ListTags is not allowed: CloudFormation, SAM and CDK functions are matched by name only');
      return {};
    }
  };
  const byName = functions.filter((fn) => wanted.some((c) => mapsTo(sides, c, fn.name, {})));
  const unmatchedStack = wanted.some((c) => (c.after ?? c.before)?.logicalId !== undefined && !byName.some((fn) => mapsTo(sides, c, fn.name, {})));
  const candidates = unmatchedStack ? functions : byName;
  const tagged = await Promise.all(candidates.map((fn) => limit(async () => ({ fn, tags: await tagsOf(fn) }))));
  const matched = changes.map((change) => ({
    change,
    names: NEEDS_HISTORY.has(change.kind) ? tagged.filter(({ fn, tags }) => mapsTo(sides, change, fn.name, tags)).map(({ fn }) => fn.name) : [],
  }));
  const names = [...new Set(matched.flatMap((m) => m.names))].toSorted();
  if (names.length === 0) return { matched, histories: new Map(), window: undefined };
  const report = await runScan(
    {
      functions: names,
      all: false,
      include: [],
      exclude: [],
      region: source.region,
      sinceMs: source.sinceMs,
      concurrency: source.concurrency,
      // diff wants scan's reading, not its findings: a headroom of 0 turns the over-provisioning judgement (and its notes) off.
      thresholds: { ...SCAN_DEFAULTS.thresholds, headroom: 0 },
      maxEvents: source.maxEvents,
    },
    source.deps,
  );
  warnings.push(...report.warnings);
  const histories = new Map(
    report.functions.map((fn): [string, FunctionHistory] => [
      fn.name,
      {
        name: fn.name,
        deployedMemoryMB: fn.memoryMB,
        sizes: fn.sizes,
        ...(fn.cpu ? { cpu: fn.cpu } : {}),
        windowDays: fn.windowDays,
        notes: [
          ...(fn.source === 'none' ? [`${fn.logGroup} does not exist: no history`] : []),
          ...(fn.source === 'skipped' ? ['Lambda Managed Instances: billed per instance, not by memory'] : []),
          ...fn.notes,
        ],
      },
    ]),
  );
  return { matched, histories, window: report.window };
}

function summarize(changes: readonly DiffChange[]): DiffSummary {
  const known = changes.filter((c) => c.monthlyCostUSD.before !== null && c.monthlyCostUSD.after !== null);
  const sum = (pick: (c: DiffChange) => number | null) => known.reduce((total, c) => total + (pick(c) ?? 0), 0);
  return {
    changes: changes.length,
    monthlyCostUSD: {
      before: sum((c) => c.monthlyCostUSD.before),
      after: sum((c) => c.monthlyCostUSD.after),
      low: sum((c) => c.monthlyCostUSD.low ?? c.monthlyCostUSD.after),
      high: sum((c) => c.monthlyCostUSD.high ?? c.monthlyCostUSD.after),
    },
    unknown: changes.length - known.length,
    flagged: { slower: changes.filter((c) => c.flags.includes('slower')).length, dearer: changes.filter((c) => c.flags.includes('dearer')).length },
  };
}
