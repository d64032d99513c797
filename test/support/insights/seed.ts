/** Seeds the fake endpoint with functions and their generated REPORT logs, for scan tests. */
import type { FakeAws, FunctionSeed } from '../fake-aws/index.js';
import { managedInstancesReport, performanceEvents, streamName, trafficEvents, type ReportSpec } from './generate.js';
import type { LogEvent } from './fields.js';

export interface SeededFunction {
  name: string;
  memoryMB: number;
  logFormat?: 'text' | 'json';
  logGroup?: string;
  architecture?: 'x86_64' | 'arm64';
  /** REPORT records to write, spread over [fromMs, toMs]; none: the log group is not created. */
  reports?: readonly ReportSpec[];
  /** Lambda Insights is installed: one performance event per report, with this much CPU time (ms). */
  insightsCpuMs?: number;
  tags?: Record<string, string>;
  /** Lambda Managed Instances: the configuration field, and `lmiReports` report records of this duration. */
  capacityProviderConfig?: FunctionSeed['capacityProviderConfig'];
  lmiReports?: { count: number; durationMs: number };
  durableConfig?: FunctionSeed['durableConfig'];
}

export function seedFunctions(fake: FakeAws, functions: readonly SeededFunction[], window: { fromMs: number; toMs: number }): void {
  for (const f of functions) {
    const logGroup = f.logGroup ?? `/aws/lambda/${f.name}`;
    fake.addFunction({
      name: f.name,
      memoryMB: f.memoryMB,
      logFormat: f.logFormat === 'json' ? 'JSON' : 'Text',
      logGroup,
      ...(f.architecture ? { architecture: f.architecture } : {}),
      ...(f.tags ? { tags: f.tags } : {}),
      ...(f.capacityProviderConfig ? { capacityProviderConfig: f.capacityProviderConfig } : {}),
      ...(f.durableConfig ? { durableConfig: f.durableConfig } : {}),
    });
    if (f.lmiReports) append(fake, lmiEvents(f.name, logGroup, f.lmiReports, window));
    if (!f.reports) continue;
    const traffic = { functionName: f.name, logGroupName: logGroup, format: f.logFormat ?? 'text', ...window, reports: f.reports };
    append(fake, trafficEvents(traffic));
    if (f.insightsCpuMs !== undefined) append(fake, performanceEvents(traffic, f.insightsCpuMs));
  }
}

function lmiEvents(name: string, logGroup: string, spec: { count: number; durationMs: number }, window: { fromMs: number; toMs: number }): LogEvent[] {
  const custom = logGroup !== `/aws/lambda/${name}`;
  const step = (window.toMs - window.fromMs) / Math.max(1, spec.count - 1);
  return Array.from({ length: spec.count }, (_, i) => {
    const timestamp = Math.round(window.fromMs + i * step);
    return {
      logGroupName: logGroup,
      logStreamName: streamName(name, { custom }),
      timestamp,
      message: managedInstancesReport(`${name}-${i}`, spec.durationMs, new Date(timestamp).toISOString()),
    };
  });
}

function append(fake: FakeAws, events: readonly LogEvent[]): void {
  const byStream = new Map<string, { group: string; lines: { timestamp: number; message: string }[] }>();
  for (const e of events) {
    const key = `${e.logGroupName}\u0000${e.logStreamName}`;
    const entry = byStream.get(key) ?? { group: e.logGroupName, lines: [] };
    entry.lines.push({ timestamp: e.timestamp, message: e.message });
    byStream.set(key, entry);
  }
  for (const [key, { group, lines }] of byStream) fake.appendLogs(group, key.split('\u0000')[1] as string, lines);
}
