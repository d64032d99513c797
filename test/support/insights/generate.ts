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
    const app =
      t.format === 'text'
        ? `START RequestId: ${id} Version: $LATEST\n`
        : JSON.stringify({ time: new Date(timestamp).toISOString(), type: 'platform.start', record: { requestId: id } });
    return [
      { ...base, message: app },
      { ...base, message: report },
    ];
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

export interface PerformanceSpec {
  functionName: string;
  memoryMB: number;
  /** `cpu_total_time` of each invocation, ms (user + system). */
  cpuMs: number;
  durationMs: number;
  maxUsedMB: number;
}

/**
 * Lambda Insights' per-invocation "performance" event (EMF JSON in /aws/lambda-insights), with the
 * fields of the documented example event
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-example-event.html).
 */
export function performanceEvent(p: PerformanceSpec, requestId: string, timestamp: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: 'LambdaInsights',
          Dimensions: [['function_name'], ['function_name', 'version']],
          Metrics: [
            { Name: 'memory_utilization', Unit: 'Percent' },
            { Name: 'total_memory', Unit: 'Megabytes' },
            { Name: 'used_memory_max', Unit: 'Megabytes' },
            { Name: 'cpu_total_time', Unit: 'Milliseconds' },
          ],
        },
      ],
      LambdaInsights: { ShareTelemetry: true },
    },
    event_type: 'performance',
    function_name: p.functionName,
    version: '$LATEST',
    request_id: requestId,
    trace_id: `1-${timestamp.toString(16)}-000000000000000000000000`,
    duration: p.durationMs,
    billed_duration: Math.ceil(p.durationMs),
    billed_mb_ms: Math.ceil(p.durationMs) * p.memoryMB,
    cold_start: false,
    init_duration: 0,
    memory_utilization: Math.round((p.maxUsedMB / p.memoryMB) * 1000) / 10,
    total_memory: p.memoryMB,
    used_memory_max: p.maxUsedMB,
    cpu_user_time: Math.round(p.cpuMs * 0.8),
    cpu_system_time: p.cpuMs - Math.round(p.cpuMs * 0.8),
    cpu_total_time: p.cpuMs,
    fd_use: 416,
    fd_max: 1024,
    tmp_used: 0,
    tmp_max: 550_000_000,
    rx_bytes: 2_048,
    tx_bytes: 1_024,
    total_network: 3_072,
    agent_version: '1.0.333.0',
  });
}

/** One performance event per REPORT record of `t` (same request ids and times), CPU time `cpuMs` each. */
export function performanceEvents(t: Traffic, cpuMs: number | ((r: ReportSpec) => number)): LogEvent[] {
  const step = t.reports.length > 1 ? (t.toMs - t.fromMs) / (t.reports.length - 1) : 0;
  return t.reports.map((r, i) => {
    const timestamp = Math.round(t.fromMs + i * step);
    const cpu = typeof cpuMs === 'function' ? cpuMs(r) : cpuMs;
    const spec = { functionName: t.functionName, memoryMB: r.memoryMB, cpuMs: cpu, durationMs: r.durationMs, maxUsedMB: r.maxUsedMB };
    return {
      logGroupName: '/aws/lambda-insights',
      logStreamName: `${streamName(t.functionName, { custom: false, instance: i % 3 })}`,
      timestamp,
      message: performanceEvent(spec, `${t.functionName}-${i}`, timestamp),
    };
  });
}

/**
 * The report record of a Lambda Managed Instances function (JSON logs only): no billed duration
 * and no memory figures, as the runtime interface emulator writes it; AWS's docs show no real one.
 */
export function managedInstancesReport(requestId: string, durationMs: number, time: string): string {
  return JSON.stringify({ time, type: 'platform.report', record: { requestId, status: 'success', metrics: { durationMs }, spans: [] } });
}
