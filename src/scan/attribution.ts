/**
 * Which function wrote a REPORT record, from its log group and log stream.
 *
 * Lambda names the streams of a function's default group `/aws/lambda/<name>` as
 * `YYYY/MM/DD/[<version>]<guid>`, and the streams in a custom log group (`LoggingConfig.LogGroup`,
 * possibly shared by many functions) as `YYYY/MM/DD/<function_name>[<version>]<guid>`, "so that the
 * mapping between log messages and functions is preserved"
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html).
 * The "stream tag" is the part between the date and the first `[`, with the `[` kept so it is
 * never empty: `[` in a default group, `<name>[` in a custom one. Function names cannot contain
 * `/` or `[`, so `api[` never matches `api-v2[`.
 *
 * Limitation: a stream that does not follow either form (e.g. written by something other than
 * Lambda) is not attributed to any function and its records are ignored.
 */
import type { ScanFunctionConfig } from './types.js';

/**
 * The same extraction as the Logs Insights query's `parse @logStream`, which is built from this
 * source. `[` stays escaped inside the class: unescaped it opens a nested class in Java-style
 * regex engines.
 */
// eslint-disable-next-line no-useless-escape
export const STREAM_TAG_PATTERN = /^\d{4}\/\d{2}\/\d{2}\/([^\[]*\[)/;

export function streamTagOf(logStreamName: string): string | undefined {
  return STREAM_TAG_PATTERN.exec(logStreamName)?.[1];
}

/** `/aws/lambda/<name>`: the group Lambda creates for a function by default. */
export function defaultLogGroupOf(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Looks up the scanned function that wrote to (log group, stream tag), if any. */
export class FunctionIndex {
  private readonly byKey = new Map<string, ScanFunctionConfig>();

  constructor(functions: readonly ScanFunctionConfig[]) {
    for (const fn of functions) {
      const tag = fn.logGroup === defaultLogGroupOf(fn.name) ? '[' : `${fn.name}[`;
      this.byKey.set(key(fn.logGroup, tag), fn);
    }
  }

  owner(logGroup: string, streamTag: string | undefined): ScanFunctionConfig | undefined {
    return streamTag === undefined ? undefined : this.byKey.get(key(logGroup, streamTag));
  }
}

function key(logGroup: string, streamTag: string): string {
  return `${logGroup}\u0000${streamTag}`;
}

/** Insights' `@log` is `<account-id>:<log-group-name>`; group names cannot contain `:`. */
export function logGroupOfInsightsLog(log: string): string {
  const colon = log.indexOf(':');
  return colon === -1 ? log : log.slice(colon + 1);
}
