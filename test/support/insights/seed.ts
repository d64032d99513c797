/** Seeds the fake endpoint with functions and their generated REPORT logs, for scan tests. */
import type { FakeAws } from '../fake-aws/index.js';
import { trafficEvents, type ReportSpec } from './generate.js';

export interface SeededFunction {
  name: string;
  memoryMB: number;
  logFormat?: 'text' | 'json';
  logGroup?: string;
  architecture?: 'x86_64' | 'arm64';
  /** REPORT records to write, spread over [fromMs, toMs]; none: the log group is not created. */
  reports?: readonly ReportSpec[];
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
    });
    if (!f.reports) continue;
    const events = trafficEvents({ functionName: f.name, logGroupName: logGroup, format: f.logFormat ?? 'text', ...window, reports: f.reports });
    const byStream = new Map<string, { timestamp: number; message: string }[]>();
    for (const e of events) {
      const lines = byStream.get(e.logStreamName) ?? [];
      lines.push({ timestamp: e.timestamp, message: e.message });
      byStream.set(e.logStreamName, lines);
    }
    for (const [stream, lines] of byStream) fake.appendLogs(logGroup, stream, lines);
  }
}
