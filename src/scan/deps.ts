/**
 * What `runScan` needs from AWS, as narrow interfaces: src/aws implements them with SDK clients,
 * tests with the local endpoint or plain objects. Gateways throw our errors (AwsError with the
 * exception's name in `awsName`), never raw SDK exceptions.
 */
import type { QueryRow } from './query.js';
import type { ScanFunctionConfig } from './types.js';

export interface ScanLambda {
  /** GetFunctionConfiguration for a name, partial ARN or ARN. */
  getConfiguration(nameOrArn: string): Promise<ScanFunctionConfig>;
  /** Every function of the region ($LATEST), through all ListFunctions pages. */
  listFunctions(): Promise<ScanFunctionConfig[]>;
  /** ListTags on a function ARN (for `--source`: the CloudFormation tags). */
  listTags?(arn: string): Promise<Record<string, string>>;
}

export interface LogGroupInfo {
  name: string;
  /** Milliseconds since the epoch. */
  creationTimeMs?: number;
  /** Unset: logs never expire. */
  retentionInDays?: number;
}

export interface InsightsQuery {
  logGroupNames: readonly string[];
  queryString: string;
  /** Logs Insights takes times in seconds since the epoch. */
  startTimeS: number;
  endTimeS: number;
  limit: number;
}

/** Scheduled | Running | Complete | Failed | Cancelled | Timeout | Unknown. */
export interface QueryResults {
  status: string;
  rows: QueryRow[];
}

export interface LogEventsPage {
  events: { logStreamName?: string; message?: string; timestamp?: number }[];
  nextToken?: string;
}

export interface FilterRequest {
  logGroupName: string;
  filterPattern: string;
  startTimeMs: number;
  endTimeMs: number;
  nextToken?: string;
}

export interface ScanLogs {
  /** The group's details, or undefined when it does not exist. */
  describeLogGroup(name: string): Promise<LogGroupInfo | undefined>;
  /** Returns the query id. */
  startQuery(query: InsightsQuery): Promise<string>;
  getQueryResults(queryId: string): Promise<QueryResults>;
  stopQuery(queryId: string): Promise<void>;
  filterLogEvents(request: FilterRequest): Promise<LogEventsPage>;
}

export interface ScanDeps {
  lambda: ScanLambda;
  logs: ScanLogs;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Progress for stderr ("querying 4 batches…"); never results. */
  onProgress?: (message: string) => void;
}
