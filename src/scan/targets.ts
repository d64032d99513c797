/** Which functions a scan covers: the named ones, or every function of the region (`--all`). */
import type { LimitFunction } from 'p-limit';
import { AwsError, UsageError } from '../errors.js';
import type { ScanLambda } from './deps.js';
import { selectNames } from './options.js';
import type { ScanFunctionConfig } from './types.js';

export interface TargetOptions {
  functions: readonly string[];
  all: boolean;
  include: readonly string[];
  exclude: readonly string[];
}

export interface Targets {
  functions: ScanFunctionConfig[];
  /** Named functions Lambda does not know (in this region): reported, not scanned. */
  notFound: string[];
}

/** Lambda answered "no such function" (our mapped error), as opposed to a denial or a fault. */
function isNotFound(error: unknown): boolean {
  return error instanceof AwsError && error.awsName === 'ResourceNotFoundException';
}

/**
 * The named functions, or every function (`--all`), filtered. One unknown name among several is
 * reported and the rest scanned; when none is found, the first "not found" is the error.
 */
export async function resolveTargets(options: TargetOptions, lambda: ScanLambda, limit: LimitFunction): Promise<Targets> {
  if (options.all && options.functions.length > 0) {
    throw new UsageError('give function names or --all, not both', 'use --include/--exclude to narrow --all');
  }
  if (!options.all && options.functions.length === 0) {
    throw new UsageError('no function to scan', 'name functions (`scan api worker`) or pass --all');
  }
  // ListFunctions already returns each configuration, so --all needs no call per function.
  const notFound: string[] = [];
  let found: ScanFunctionConfig[];
  if (options.all) {
    found = await lambda.listFunctions();
  } else {
    const settled = await Promise.allSettled(options.functions.map((name) => limit(() => lambda.getConfiguration(name))));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isNotFound(r.reason));
    if (failure) throw failure.reason;
    found = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    settled.forEach((r, i) => {
      if (r.status === 'rejected') notFound.push(options.functions[i]!);
    });
    if (found.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  }
  const unique = [...new Map(found.map((fn) => [fn.name, fn])).values()];
  const selected = selectNames(unique, options.include, options.exclude);
  if (selected.length === 0) {
    throw new UsageError(
      unique.length === 0 ? 'the region has no Lambda function' : `none of the ${unique.length} functions matches --include/--exclude`,
      unique.length === 0 ? 'check --region and --profile' : 'check the globs (quote them for the shell, e.g. --include "api-*")',
    );
  }
  return { functions: selected, notFound };
}
