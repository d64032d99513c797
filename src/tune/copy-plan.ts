/**
 * `tune --copy`: the plan, read-only. The function (or the version asked for) is read once with
 * GetFunction; each architecture gets a temporary copy with the same code and configuration, named
 * and tagged so `cleanup` can find a killed run's copy, and nothing else. Nothing here changes anything.
 */
import { AwsError, UsageError } from '../errors.js';
import { formatUsd } from '../format.js';
import { resolvePrice } from '../pricing/index.js';
import type { Architecture, PriceRow } from '../types.js';
import type { CopyGateway, SourceFunction } from './copy-ports.js';
import { ALIVE_MS, isoSeconds, newRunId } from './marks.js';
import { checkSizes, costBound, searchCostBound, startSearch } from './plan.js';
import type { SearchFactory } from './driver.js';
import type { TuneOptions } from './types.js';

/** Every copy's name starts with this; `cleanup` deletes only functions that do AND carry COPY_TAG. */
export const COPY_PREFIX = 'lambda-rightsize-copy-';
/** Tag on every copy and its log group: `run=<id> of=<function> started=<time>`. */
export const COPY_TAG = 'lambda-rightsize:copy';
/** Days CloudWatch Logs keeps a copy's log events, should deleting its log group fail. */
export const COPY_LOG_RETENTION_DAYS = 1;
/** Lambda takes a zip of at most 50 MB inline (CreateFunction `ZipFile`); larger ones go through S3. */
export const INLINE_ZIP_LIMIT_BYTES = 50 * 1024 * 1024;
const MAX_FUNCTION_NAME = 64;

export interface CopyOptions {
  /** One copy per architecture, measured one after the other; empty: the function's own. */
  architectures: readonly Architecture[];
  /** S3 bucket for a package over 50 MB (uploaded for the copy, deleted after). */
  codeBucket?: string;
  /**
   * `--code-file`: the package, given instead of downloaded (where S3's download address cannot be
   * reached, e.g. behind a VPC endpoint policy); checked against CodeSha256 like a download.
   */
  codeFile?: { path: string; bytes: Uint8Array };
}

export interface PlannedCopy {
  name: string;
  architecture: Architecture;
  logGroup: string;
  price: PriceRow;
  costBoundUSD: number;
}

export interface CopyPlan {
  source: SourceFunction;
  runId: string;
  copies: PlannedCopy[];
  /** How the code gets to the copies. */
  code: 'download' | 'bucket' | 'image';
  codeBucket?: string;
  codeFile?: CopyOptions['codeFile'];
  /** --memory sizes (empty: each copy is searched). */
  sizes: number[];
  searchSummary?: string;
  invocations: number;
  concurrency: number;
  costBoundUSD: number;
  budgetUSD?: number;
  warnings: string[];
}

/**
 * `lambda-rightsize-copy-<runId>-<x86|arm>-<function>`, within Lambda's 64 characters: the
 * function's name is shortened, never the run id that makes the name unique.
 */
export function copyName(functionName: string, architecture: Architecture, runId: string): string {
  const head = `${COPY_PREFIX}${runId}-${architecture === 'arm64' ? 'arm' : 'x86'}-`;
  const tail = functionName.slice(0, MAX_FUNCTION_NAME - head.length).replace(/[-_]+$/, '');
  return `${head}${tail || 'f'}`;
}

/** A copy logs to its own group, never the function's (which may be shared, and is not ours to delete). */
export function copyLogGroup(name: string): string {
  return `/aws/lambda/${name}`;
}
export const COPY_LOG_GROUP_PREFIX = copyLogGroup(COPY_PREFIX);

export interface CopyMark {
  runId: string;
  /** The function the copy was made of. */
  of: string;
  startedAt: string;
}

/** Tag values allow letters, digits, spaces and `_ . : / = + - @`: names and ISO times fit. */
export function encodeCopyTag(mark: CopyMark): string {
  return `run=${mark.runId} of=${mark.of} started=${mark.startedAt}`;
}

export function decodeCopyTag(value: string | undefined): CopyMark | undefined {
  const match = /^run=([a-z0-9]+) of=(\S+) started=(\S+)$/.exec(value ?? '');
  return match ? { runId: match[1]!, of: match[2]!, startedAt: match[3]! } : undefined;
}

/** The rule cleanup applies: the name prefix and the copy tag, both. */
export function isCopy(name: string, tags: Readonly<Record<string, string>>): boolean {
  return name.startsWith(COPY_PREFIX) && decodeCopyTag(tags[COPY_TAG]) !== undefined;
}

/** A copy made within ALIVE_MS may still be set up by a live run (its heartbeat starts with the measuring). */
export function isFreshCopy(mark: CopyMark, nowMs: number): boolean {
  const started = Date.parse(mark.startedAt);
  return Number.isFinite(started) && nowMs - started < ALIVE_MS;
}

/**
 * Reads the function and plans its copies without changing anything.
 *
 * @throws UsageError for bad sizes, a package too large without --code-bucket, --code-bucket on an
 *   image; AwsError when the function is Failed.
 */
export async function planCopy(
  options: TuneOptions,
  copy: CopyOptions,
  deps: { copies: CopyGateway; signal?: AbortSignal; runId?: string; now?: () => number; search?: SearchFactory },
): Promise<CopyPlan> {
  const sizes = options.memorySizes.length === 0 ? [] : checkSizes(options.memorySizes);
  const source = await deps.copies.readSource(options.functionName, deps.signal);
  if (source.state === 'Failed') {
    throw new AwsError(`function ${source.name} is Failed${source.stateReason ? `: ${source.stateReason}` : ''}`, {
      hint: 'fix and redeploy it, then run again',
    });
  }
  const code = codeRoute(source, copy.codeBucket);
  const runId = deps.runId ?? newRunId();
  const architectures = copy.architectures.length > 0 ? [...new Set(copy.architectures)] : [source.architecture];
  const concurrency = Math.min(options.concurrency, options.invocations);
  const copies = architectures.map((architecture): PlannedCopy => {
    const name = copyName(source.name, architecture, runId);
    const price = resolvePrice({ region: source.region, architecture, ...options.analysis.pricing });
    const bound =
      sizes.length > 0
        ? costBound(sizes, options.invocations, concurrency, source.timeoutS, price)
        : searchCostBound(
            startSearch(deps.search, { analysis: options.analysis, price, concurrency, invocations: options.invocations }).plan(),
            concurrency,
            source.timeoutS,
            price,
          );
    return { name, architecture, logGroup: copyLogGroup(name), price, costBoundUSD: bound };
  });
  const plan: CopyPlan = {
    source,
    runId,
    copies,
    code,
    sizes,
    invocations: options.invocations,
    concurrency,
    costBoundUSD: copies.reduce((sum, c) => sum + c.costBoundUSD, 0),
    warnings: notReproduced(source, architectures),
  };
  if (sizes.length === 0)
    plan.searchSummary = startSearch(deps.search, {
      analysis: options.analysis,
      price: copies[0]!.price,
      concurrency,
      invocations: options.invocations,
    }).plan().summary;
  if (copy.codeBucket !== undefined) plan.codeBucket = copy.codeBucket;
  if (copy.codeFile !== undefined) {
    if (code === 'image')
      throw new UsageError(`${source.name} is a container image, so --code-file has nothing to replace`, 'drop --code-file: the copy uses the same image');
    plan.codeFile = copy.codeFile;
  }
  if (options.budgetUSD !== undefined) plan.budgetUSD = options.budgetUSD;
  return plan;
}

function codeRoute(source: SourceFunction, codeBucket: string | undefined): CopyPlan['code'] {
  if (source.packageType === 'Image') {
    if (codeBucket !== undefined)
      throw new UsageError(`${source.name} is a container image, so --code-bucket has nothing to upload`, 'drop --code-bucket: the copy uses the same image');
    return 'image';
  }
  if (codeBucket !== undefined) return 'bucket';
  if (source.codeSize > INLINE_ZIP_LIMIT_BYTES) {
    throw new UsageError(
      `the package of ${source.name} is ${(source.codeSize / 1024 / 1024).toFixed(1)} MB, above the 50 MB Lambda takes inline, so the copy cannot be created directly`,
      `pass --code-bucket <bucket> (an S3 bucket in ${source.region} you may write to): the package goes there for the copy and is deleted after`,
    );
  }
  return 'download';
}

/** What the copy cannot be: said in the plan and the report. */
function notReproduced(source: SourceFunction, architectures: readonly Architecture[]): string[] {
  const notes: string[] = [];
  if (source.managedInstances) {
    notes.push(
      `${source.name} runs on Lambda Managed Instances: the copy runs on demand (no capacity provider), where GB-s sizing applies; its figures do not describe the function's instances`,
    );
  }
  if (source.snapStart) notes.push("SnapStart is copied: each size's version takes its snapshot when published, which can take minutes per size");
  if (source.reservedConcurrency !== undefined)
    notes.push(`reserved concurrency (${source.reservedConcurrency}) is not copied: the copy draws on the account's unreserved concurrency`);
  if (source.qualifier !== undefined)
    notes.push(`provisioned concurrency of ${source.name}:${source.qualifier}, if any, is not reproduced: the copy's cold starts are on-demand ones`);
  if (source.packageType === 'Image' && architectures.some((a) => a !== source.architecture)) {
    notes.push(
      `a container image is built per architecture: the ${architectures.filter((a) => a !== source.architecture).join(', ')} copy runs only if ${source.imageUri ?? 'the image'} is a multi-architecture image`,
    );
  }
  return notes;
}

/** @throws UsageError when the plan could cost more than its budget. */
export function checkCopyBudget(plan: CopyPlan): void {
  if (plan.budgetUSD === undefined || plan.costBoundUSD <= plan.budgetUSD) return;
  throw new UsageError(
    `this run could cost up to ${formatUsd(plan.costBoundUSD)} (${plan.copies.length} copies, ${plan.source.timeoutS} s timeout), above --budget ${formatUsd(plan.budgetUSD)}`,
    'measure fewer sizes or one architecture, or raise --budget',
  );
}

/** The plan as the CLI prints it (stdout for --dry-run, stderr before a real run). */
export function renderCopyPlan(plan: CopyPlan, nowMs: number = Date.now()): string {
  const s = plan.source;
  const what = s.qualifier !== undefined ? `${s.name}:${s.qualifier} (version ${s.version})` : s.name;
  const fetch = plan.codeFile ? `read the package from ${plan.codeFile.path}` : `download the package (${(s.codeSize / 1024 / 1024).toFixed(1)} MB)`;
  const code = {
    download: `${fetch}, check it against CodeSha256`,
    bucket: `${fetch}, check it against CodeSha256, put it in s3://${plan.codeBucket}`,
    image: `the same image ${s.imageUri ?? ''}`,
  }[plan.code];
  const lines = [
    `Plan: tune a temporary copy of ${what} (${s.region}, ${s.architecture}, now ${s.memoryMB} MB, timeout ${s.timeoutS} s); ${s.name} itself is only read`,
    ...plan.copies.map((c) => `  copy:         ${c.name} (${c.architecture}, log group ${c.logGroup}, kept ${COPY_LOG_RETENTION_DAYS} day at most)`),
    `  code:         ${code}`,
    plan.sizes.length > 0
      ? `  sizes:        ${plan.sizes.map((mb) => `${mb} MB`).join(', ')}; ${plan.invocations} invocations each, ${plan.concurrency} in parallel, per copy`
      : `  sizes:        chosen by a search per copy: ${plan.searchSummary ?? ''}`,
    `  steps:        per architecture, one after the other: create the copy (tagged ${COPY_TAG}=run ${plan.runId}, started ${isoSeconds(nowMs)}; no triggers, aliases or URL: nothing calls it but this run), measure it as tune measures a function, delete it and its log group`,
    ...plan.copies.map(
      (c) =>
        `  prices:       ${c.architecture}: ${formatUsd(c.price.gbSecondUSD)} per GB-s + ${formatUsd(c.price.requestUSD)} per request (${c.price.region}, ${c.price.asOf})`,
    ),
    `  cost bound:   ${formatUsd(plan.costBoundUSD)} (${plan.copies.map((c) => `${c.architecture} ${formatUsd(c.costBoundUSD)}`).join(', ')}; every invocation running into the timeout; Lambda charges only)`,
  ];
  if (plan.budgetUSD !== undefined)
    lines.push(
      `  budget:       ${formatUsd(plan.budgetUSD)}${plan.costBoundUSD > plan.budgetUSD ? ' — the bound is above it, so the run would be refused' : ''}`,
    );
  lines.push(...plan.warnings.map((w) => `  note: ${w}`));
  return `${lines.join('\n')}\n`;
}
