/**
 * What `cleanup` would undo, found without changing anything: bench functions and log groups (by
 * name prefix AND bench tag), and on `--function` a killed tune run (its marker says what) and tune
 * versions and aliases of earlier runs. Each becomes an undo plan (tune's), carried out by tune's
 * one executor.
 */
import type { BenchGateway } from '../bench/ports.js';
import { BENCH_LOG_GROUP_PREFIX, BENCH_MARKER_TAG, BENCH_TAG, benchLogGroupName, decodeBenchMarker, isBenchFunction } from '../bench/naming.js';
import type { BenchLogGroups } from '../bench/ports.js';
import {
  ALIVE_MS,
  describeRunChanges,
  emptyPlan,
  heardFromRecently,
  isOfRun,
  planRecovery,
  type LambdaGateway,
  type RecoveryPlan,
  type TuneMarks,
  type UndoPlan,
} from '../tune/index.js';
import { findCopyLeftovers, type CopyListing } from './copies.js';

export interface CleanupOptions {
  /** Also look for tune leftovers (a killed run's memory and marker, versions, aliases) on this function. */
  functionName?: string;
  yes: boolean;
  dryRun: boolean;
  /** The user says a run that looks alive is dead: undo its own changes now. */
  force?: boolean;
  /** Wait at most this long for a run that looks alive to go silent (or finish), then undo. */
  waitS?: number;
}

/** A run whose marker was heard from recently: it may still be at work, so it is left alone. */
export interface LiveRun {
  /** "tune run ab12cd34 on orders" */
  what: string;
  startedAt: string;
  secondsAgo: number;
  /** Seconds until it is taken for killed, if it stays silent. */
  staleInS: number;
  /** What it changed: "$LATEST at 1024 MB (512 MB before it), 2 version(s) and its run marker". */
  changed: string;
  /** What undoing it takes (carried out only with --force, or once it is silent). */
  plan: UndoPlan;
  /** The cleanup to run once it is silent: "lambda-rightsize cleanup --function orders --wait". */
  waitCommand: string;
}

export interface FindDeps {
  /** A killed `tune --copy` run's copies (by the copy prefix and tag). */
  copies?: CopyListing;
  gateway: Pick<BenchGateway, 'listPrefixedFunctions'>;
  logGroups: Pick<BenchLogGroups, 'listPrefixed'>;
  /** Tune's own gateway: a killed tune's leftovers are found as tune finds them. */
  lambda: LambdaGateway;
  tuneMarks: TuneMarks;
  now?: () => number;
}

export interface Leftovers {
  /** What to undo, in order: tune's plans for --function first, then bench's. */
  plans: UndoPlan[];
  /** Runs that look alive: left alone. */
  live: LiveRun[];
  /** Runs that looked alive, undone because of --force. */
  forced: LiveRun[];
  /** Found but left alone, one "what: why" line each (e.g. a name prefix without the tag). */
  skipped: string[];
}

export async function findLeftovers(options: CleanupOptions, deps: FindDeps): Promise<Leftovers> {
  const found: Leftovers = { plans: [], live: [], forced: [], skipped: [] };
  if (options.functionName !== undefined) await findTuneLeftovers(options.functionName, options.force ?? false, deps, found);
  await findBenchLeftovers(options.force ?? false, deps, found);
  if (deps.copies) await findCopyLeftovers(deps.copies, (deps.now ?? Date.now)(), options.force ?? false, found);
  return found;
}

/**
 * Bench functions and log groups, one plan per bench run: a run whose liveness marker was heard
 * from recently is still at work (tune's rule), and left alone with all it created unless --force.
 */
async function findBenchLeftovers(force: boolean, deps: FindDeps, found: Leftovers): Promise<void> {
  const nowMs = (deps.now ?? Date.now)();
  const runs = new Map<string, { plan: UndoPlan; heard?: { startedAt: string; seenAt: string } }>();
  const runOf = (runId: string) => runs.get(runId) ?? runs.set(runId, { plan: emptyPlan('', `bench run ${runId}`) }).get(runId)!;
  const groups = new Map<string, string>();
  for (const group of await deps.logGroups.listPrefixed(BENCH_LOG_GROUP_PREFIX)) {
    const runId = group.tags[BENCH_TAG];
    if (runId) groups.set(group.name, runId);
    else found.skipped.push(`log group ${group.name}: has the bench name prefix but not the ${BENCH_TAG} tag`);
  }
  for (const fn of await deps.gateway.listPrefixedFunctions()) {
    if (!isBenchFunction(fn.name, fn.tags)) {
      found.skipped.push(`function ${fn.name}: has the bench name prefix but not the ${BENCH_TAG} tag`);
      continue;
    }
    const runId = fn.tags[BENCH_TAG]!;
    const run = runOf(runId);
    const marker = decodeBenchMarker(fn.tags[BENCH_MARKER_TAG]);
    if (marker && heardFromRecently(marker.seenAt, nowMs) && (!run.heard || marker.seenAt > run.heard.seenAt)) run.heard = marker;
    const logGroup = benchLogGroupName(fn.name);
    const hasGroup = groups.delete(logGroup);
    run.plan.functions.push({ name: fn.name, runId, ...(hasGroup ? { logGroup } : {}) });
  }
  for (const [group, runId] of groups) runOf(runId).plan.logGroups.push(group);
  for (const [runId, { plan, heard }] of runs) {
    if (heard) {
      const secondsAgo = Math.max(0, Math.round((nowMs - Date.parse(heard.seenAt)) / 1000));
      const live: LiveRun = {
        what: `bench run ${runId}`,
        startedAt: heard.startedAt,
        secondsAgo,
        staleInS: Math.max(0, ALIVE_MS / 1000 - secondsAgo),
        changed: `created ${plan.functions.map((fn) => `function ${fn.name}`).join(', ')}${plan.functions.some((fn) => fn.logGroup) || plan.logGroups.length > 0 ? ' and log group(s)' : ''}`,
        plan,
        waitCommand: 'lambda-rightsize cleanup --wait',
      };
      (force ? found.forced : found.live).push(live);
      if (!force) continue;
    }
    found.plans.push(plan);
  }
}

async function findTuneLeftovers(name: string, force: boolean, deps: FindDeps, found: Leftovers): Promise<void> {
  const fn = await deps.lambda.getConfiguration(name);
  const recovery = await planRecovery(fn, deps.lambda, (deps.now ?? Date.now)());
  if (recovery?.alive) {
    const live: LiveRun = {
      what: `tune run ${recovery.marker.runId} on ${fn.name}`,
      startedAt: recovery.marker.startedAt,
      ...recovery.alive,
      changed: describeRunChanges(recovery),
      plan: recovery.undo,
      waitCommand: `lambda-rightsize cleanup --function ${fn.name} --wait`,
    };
    // A run still at work cleans up after itself; its versions and aliases are in use.
    (force ? found.forced : found.live).push(live);
  }
  if (recovery && (!recovery.alive || force)) {
    found.plans.push(recovery.undo);
    found.skipped.push(...recovery.undo.leftAlone);
  }
  const earlier = await earlierRuns(fn.name, recovery, deps, found.skipped);
  if (earlier) found.plans.push(earlier);
}

/** Tune versions and aliases no marker speaks for (runs before markers, or whose marker is gone). */
async function earlierRuns(name: string, recovery: RecoveryPlan | undefined, deps: FindDeps, skipped: string[]): Promise<UndoPlan | undefined> {
  const plan = emptyPlan(name, 'earlier tune runs');
  // The marker's own run is in its plan (or alive): not here.
  const runId = recovery?.marker.runId;
  const other = (what: { name?: string; description?: string }): boolean => runId === undefined || !isOfRun(runId, what);
  const aliases = await deps.lambda.listAliases(name);
  plan.aliases = aliases.filter((a) => deps.tuneMarks.isTuneAlias(a) && other({ name: a.name })).map((a) => a.name);
  const deleted = new Set([...plan.aliases, ...(recovery?.undo.aliases ?? [])]);
  // A version another alias still points to cannot be deleted, and is in use: leave it.
  const heldBy = new Map(aliases.filter((a) => !deleted.has(a.name)).map((a) => [a.version, a.name]));
  for (const v of await deps.lambda.listVersions(name)) {
    if (!deps.tuneMarks.isTuneVersion(v) || !other({ description: v.description })) continue;
    const holder = heldBy.get(v.version);
    if (holder) skipped.push(`version ${name}:${v.version}: alias ${holder} points to it`);
    else plan.versions.push(v.version);
  }
  return plan.aliases.length + plan.versions.length > 0 ? plan : undefined;
}
