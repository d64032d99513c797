/** Generated Lambda log events for scan tests: REPORT lines in both formats, with Lambda's stream names. */
import type { LogEvent } from './fields.js';

export interface ReportSpec {
  memoryMB: number;
  durationMs: number;
  billedMs?: number;
  maxUsedMB: number;
  initMs?: number;
  status?: 'error' | 'timeout';
  errorType?: string;
}

/** `YYYY/MM/DD/[$LATEST]<guid>` in a default group, `YYYY/MM/DD/<name>[$LATEST]<guid>` in a custom one. */
export function streamName(functionName: string, options: { custom: boolean; instance?: number; day?: string }): string {
  const guid = `${(options.instance ?? 0).toString(16).padStart(8, '0')}aaaabbbbccccdddd`;
  return `${options.day ?? '2026/01/10'}/${options.custom ? functionName : ''}[$LATEST]${guid}`;
}

export function textReport(requestId: string, r: ReportSpec): string {
  const fields = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedMs ?? Math.ceil(r.durationMs + (r.initMs ?? 0))} ms`,
    `Memory Size: ${r.memoryMB} MB`,
    `Max Memory Used: ${r.maxUsedMB} MB`,
  ];
  if (r.initMs !== undefined) fields.push(`Init Duration: ${r.initMs.toFixed(2)} ms`);
  if (r.status) fields.push(`Status: ${r.status}`);
  if (r.errorType) fields.push(`Error Type: ${r.errorType}`);
  return `${fields.join('\t')}\t\n`;
}

export function jsonReport(requestId: string, r: ReportSpec, time: string): string {
  const metrics: Record<string, number> = {
    durationMs: r.durationMs,
    billedDurationMs: r.billedMs ?? Math.ceil(r.durationMs + (r.initMs ?? 0)),
    memorySizeMB: r.memoryMB,
    maxMemoryUsedMB: r.maxUsedMB,
  };
  if (r.initMs !== undefined) metrics.initDurationMs = r.initMs;
  const record: Record<string, unknown> = { requestId, metrics, status: r.status ?? 'success' };
  if (r.errorType) record.errorType = r.errorType;
  return JSON.stringify({ time, type: 'platform.report', record });
}

export interface Traffic {
  functionName: string;
  logGroupName: string;
  format: 'text' | 'json';
  /** Events are spread evenly from `fromMs` to `toMs`. */
  fromMs: number;
  toMs: number;
  reports: readonly ReportSpec[];
}

/** REPORT events (plus START/END or app lines, which the query must ignore) for one function. */
export function trafficEvents(t: Traffic): LogEvent[] {
  const custom = t.logGroupName !== `/aws/lambda/${t.functionName}`;
  const step = t.reports.length > 1 ? (t.toMs - t.fromMs) / (t.reports.length - 1) : 0;
  return t.reports.flatMap((r, i) => {
    const timestamp = Math.round(t.fromMs + i * step);
    const id = `${t.functionName}-${i}`;
    const stream = streamName(t.functionName, { custom, instance: i % 3 });
    const base = { logGroupName: t.logGroupName, logStreamName: stream, timestamp };
    const report = t.format === 'text' ? textReport(id, r) : jsonReport(id, r, new Date(timestamp).toISOString());
    const app = t.format === 'text' ? `START RequestId: ${id} Version: $LATEST\n` : JSON.stringify({ time: new Date(timestamp).toISOString(), type: 'platform.start', record: { requestId: id } });
    return [{ ...base, message: app }, { ...base, message: report }];
  });
}

/** `n` reports with memory used spread between `minUsed` and `maxUsed` and a fixed duration. */
export function steadyReports(n: number, spec: { memoryMB: number; minUsedMB: number; maxUsedMB: number; durationMs: number }): ReportSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    memoryMB: spec.memoryMB,
    durationMs: spec.durationMs,
    maxUsedMB: Math.round(spec.minUsedMB + ((spec.maxUsedMB - spec.minUsedMB) * i) / Math.max(1, n - 1)),
    ...(i === 0 ? { initMs: 180.5 } : {}),
  }));
}
