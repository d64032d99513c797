/** Which functions a scan covers: the named ones, or every function of the region (`--all`). */
import type { LimitFunction } from 'p-limit';
import { UsageError } from '../errors.js';
import type { ScanLambda } from './deps.js';
import { selectNames } from './options.js';
import type { ScanFunctionConfig } from './types.js';

export interface TargetOptions {
  functions: readonly string[];
  all: boolean;
  include: readonly string[];
  exclude: readonly string[];
}

export async function resolveTargets(options: TargetOptions, lambda: ScanLambda, limit: LimitFunction): Promise<ScanFunctionConfig[]> {
  if (options.all && options.functions.length > 0) {
    throw new UsageError('give function names or --all, not both', 'use --include/--exclude to narrow --all');
  }
  if (!options.all && options.functions.length === 0) {
    throw new UsageError('no function to scan', 'name functions (`scan api worker`) or pass --all');
  }
  // ListFunctions already returns each configuration, so --all needs no call per function.
  const found = options.all
    ? await lambda.listFunctions()
    : await Promise.all(options.functions.map((name) => limit(() => lambda.getConfiguration(name))));
  const unique = [...new Map(found.map((fn) => [fn.name, fn])).values()];
  const selected = selectNames(unique, options.include, options.exclude);
  if (selected.length === 0) {
    throw new UsageError(
      unique.length === 0 ? 'the region has no Lambda function' : `none of the ${unique.length} functions matches --include/--exclude`,
      unique.length === 0 ? 'check --region and --profile' : 'check the globs (quote them for the shell, e.g. --include "api-*")',
    );
  }
  return selected;
}
