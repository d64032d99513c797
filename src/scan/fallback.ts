/**
 * The fallback where Logs Insights is not allowed (logs:StartQuery denied): FilterLogEvents with a
 * pattern that keeps only REPORT records, parsed and aggregated here. It moves every REPORT line
 * over the network, so it reads at most `maxEvents` per log group and says so when it stops early.
 */
import { parseReportLine } from '../logs/index.js';
import type { LogFormat } from '../types.js';
import { SizeAggregator } from './aggregate.js';
import { streamTagOf, type FunctionIndex } from './attribution.js';
import type { ScanLogs } from './deps.js';

/** Text REPORT lines contain this phrase; JSON-format reports have `"type": "platform.report"`. */
export const FILTER_PATTERNS: Record<LogFormat, string> = {
  text: '"REPORT RequestId"',
  json: '{ $.type = "platform.report" }',
};

export interface FallbackContext {
  logs: ScanLogs;
  index: FunctionIndex;
  startTimeMs: number;
  endTimeMs: number;
  maxEvents: number;
  signal?: AbortSignal;
}

export interface GroupReading {
  /** Aggregated records per function name. */
  byFunction: Map<string, SizeAggregator>;
  eventsRead: number;
  /** Stopped at `maxEvents` with more pages left. */
  capped: boolean;
  /** Latest event time read (ms), to bound the window a capped reading covers. */
  lastTimestampMs: number | undefined;
  malformed: number;
}

/**
 * Reads one log group's REPORT records of one format. Empty pages with a `nextToken` are normal
 * (FilterLogEvents searches a slice of the group per call): keep paging until there is no token.
 */
export async function readGroup(logGroupName: string, format: LogFormat, ctx: FallbackContext): Promise<GroupReading> {
  const reading: GroupReading = { byFunction: new Map(), eventsRead: 0, capped: false, lastTimestampMs: undefined, malformed: 0 };
  let nextToken: string | undefined;
  const seenTokens = new Set<string>();
  do {
    ctx.signal?.throwIfAborted();
    const page = await ctx.logs.filterLogEvents({
      logGroupName,
      filterPattern: FILTER_PATTERNS[format],
      startTimeMs: ctx.startTimeMs,
      endTimeMs: ctx.endTimeMs,
      ...(nextToken !== undefined ? { nextToken } : {}),
    });
    for (const event of page.events) {
      reading.eventsRead += 1;
      if (event.timestamp !== undefined) reading.lastTimestampMs = Math.max(reading.lastTimestampMs ?? 0, event.timestamp);
      addEvent(reading, logGroupName, format, event, ctx.index);
    }
    nextToken = page.nextToken;
    // A token seen before would loop forever; the SDK's own paginator stops on it too.
    if (nextToken !== undefined && seenTokens.has(nextToken)) nextToken = undefined;
    if (nextToken !== undefined) seenTokens.add(nextToken);
    if (nextToken !== undefined && reading.eventsRead >= ctx.maxEvents) {
      reading.capped = true;
      nextToken = undefined;
    }
  } while (nextToken !== undefined);
  return reading;
}

function addEvent(
  reading: GroupReading,
  logGroupName: string,
  format: LogFormat,
  event: { logStreamName?: string; message?: string },
  index: FunctionIndex,
): void {
  const fn = index.owner(logGroupName, event.logStreamName === undefined ? undefined : streamTagOf(event.logStreamName));
  if (!fn || fn.logFormat !== format || event.message === undefined) return;
  const parsed = parseReportLine(event.message.trimEnd());
  if (parsed.kind === 'malformed') reading.malformed += 1;
  if (parsed.kind !== 'record') return;
  let aggregator = reading.byFunction.get(fn.name);
  if (!aggregator) {
    aggregator = new SizeAggregator();
    reading.byFunction.set(fn.name, aggregator);
  }
  aggregator.add(parsed.record);
}
