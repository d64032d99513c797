/**
 * JSON lines: the JSON log format's `platform.report` and our own records JSONL
 * (`replay --output records`). Other `platform.*` events and app logs are `other`.
 */
import type { InvocationRecord, InvocationStatus, LogFormat } from '../types.js';
import { malformed, OTHER, type LineResult } from './types.js';

const STATUSES: Readonly<Record<string, InvocationStatus>> = { success: 'success', failure: 'error', error: 'error', timeout: 'timeout' };
const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

type Json = Record<string, unknown>;

/** Parses a line that starts with `{`. */
export function parseJsonLine(line: string): LineResult {
  // Cheap test first: most JSON lines are application logs that cannot be reports.
  const platform = line.includes('platform.report');
  if (!platform && !line.includes('billedDurationMs')) return OTHER;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return platform || line.includes('"memoryMB"') ? malformed('invalid JSON', line) : OTHER;
  }
  return parseJsonValue(value, line);
}

/** The same for an already parsed value (`line`: its text, quoted in malformed reasons). */
export function parseJsonValue(value: unknown, line: string): LineResult {
  if (!isObject(value)) return OTHER;
  if (value.type === 'platform.report') return platformReport(value, line);
  // Both keys, so an app log that merely mentions billedDurationMs is not taken for a broken record.
  if (typeof value.type === 'string' || !('billedDurationMs' in value && 'memoryMB' in value)) return OTHER;
  return ownRecord(value, line);
}

function platformReport(event: Json, line: string): LineResult {
  const body = event.record;
  if (!isObject(body) || !isObject(body.metrics)) return malformed('platform.report without record.metrics', line);
  const metrics = body.metrics;
  const required = {
    memoryMB: metrics.memorySizeMB,
    durationMs: metrics.durationMs,
    billedDurationMs: metrics.billedDurationMs,
    maxMemoryUsedMB: metrics.maxMemoryUsedMB,
  };
  const names = { memoryMB: 'memorySizeMB', durationMs: 'durationMs', billedDurationMs: 'billedDurationMs', maxMemoryUsedMB: 'maxMemoryUsedMB' };
  for (const [key, found] of Object.entries(required)) {
    const problem = numberProblem(found, `record.metrics.${names[key as keyof typeof names]}`, true);
    if (problem !== undefined) return malformed(problem, line);
  }
  for (const name of ['initDurationMs', 'restoreDurationMs', 'billedRestoreDurationMs']) {
    const problem = numberProblem(metrics[name], `record.metrics.${name}`, false);
    if (problem !== undefined) return malformed(problem, line);
  }
  let status: InvocationStatus = 'success';
  if (body.status !== undefined) {
    const known = typeof body.status === 'string' ? STATUSES[body.status] : undefined;
    if (known === undefined) return malformed(`unknown record.status ${JSON.stringify(body.status)}`, line);
    status = known;
  }
  const record: InvocationRecord = {
    memoryMB: required.memoryMB as number,
    durationMs: required.durationMs as number,
    billedDurationMs: required.billedDurationMs as number,
    maxMemoryUsedMB: required.maxMemoryUsedMB as number,
    status,
    logFormat: 'json',
  };
  withOptional(record, {
    requestId: body.requestId || undefined,
    ...pick(metrics, OPTIONAL_DURATIONS),
    errorType: body.errorType || undefined,
    timestamp: event.time,
  });
  return { kind: 'record', record };
}

/** Validates one line of our own records JSONL, so a hand-edited file fails loudly, not as zeros. */
function ownRecord(value: Json, line: string): LineResult {
  for (const name of ['memoryMB', 'durationMs', 'billedDurationMs', 'maxMemoryUsedMB']) {
    const problem = numberProblem(value[name], name, true);
    if (problem !== undefined) return malformed(problem, line);
  }
  if ((value.memoryMB as number) <= 0) return malformed('memoryMB must be positive', line);
  for (const name of ['initDurationMs', 'restoreDurationMs', 'billedRestoreDurationMs']) {
    const problem = numberProblem(value[name], name, false);
    if (problem !== undefined) return malformed(problem, line);
  }
  const status = typeof value.status === 'string' ? STATUSES[value.status] : undefined;
  if (status === undefined) return malformed(`status must be success, error or timeout, not ${JSON.stringify(value.status)}`, line);
  const logFormat = value.logFormat ?? 'json';
  if (!LOG_FORMATS.includes(logFormat as LogFormat)) return malformed(`logFormat must be text or json, not ${JSON.stringify(logFormat)}`, line);
  for (const name of ['requestId', 'errorType', 'timestamp']) {
    if (value[name] !== undefined && value[name] !== null && typeof value[name] !== 'string') return malformed(`${name} must be a string`, line);
  }
  const record: InvocationRecord = {
    memoryMB: value.memoryMB as number,
    durationMs: value.durationMs as number,
    billedDurationMs: value.billedDurationMs as number,
    maxMemoryUsedMB: value.maxMemoryUsedMB as number,
    status,
    logFormat: logFormat as LogFormat,
  };
  withOptional(record, { ...pick(value, OPTIONAL_DURATIONS), requestId: value.requestId, errorType: value.errorType, timestamp: value.timestamp });
  return { kind: 'record', record };
}

const OPTIONAL_DURATIONS = ['initDurationMs', 'restoreDurationMs', 'billedRestoreDurationMs'] as const;

function pick(source: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}

/** Copies the optional fields that are present with the right type; absent stays absent, never 0 or ''. */
function withOptional(record: InvocationRecord, values: Json): void {
  for (const key of OPTIONAL_DURATIONS) if (typeof values[key] === 'number') record[key] = values[key] as number;
  for (const key of ['requestId', 'errorType', 'timestamp'] as const) if (typeof values[key] === 'string') record[key] = values[key] as string;
}

/** Why `value` is not a usable non-negative number (absent and null are fine when optional). */
function numberProblem(value: unknown, name: string, required: boolean): string | undefined {
  if (value === undefined || value === null) return required ? `${name} is missing` : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} is not a number (${JSON.stringify(value)})`;
  if (value < 0) return `${name} is negative`;
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
