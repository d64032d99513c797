/** The log lines one invocation writes, in Lambda's text or JSON format, with their timestamps. */
import type { Outcome } from './execution.js';
import type { FakeLogFormat } from './types.js';

export interface LogLine {
  timestamp: number;
  message: string;
  /** The REPORT / platform.report record (the truncation fault drops it from the tail). */
  isReport?: boolean;
  /** Init lines go to CloudWatch only; the Invoke tail starts at START. */
  initOnly?: boolean;
}

export interface InvocationLogInput {
  format: FakeLogFormat;
  requestId: string;
  version: string;
  memoryMB: number;
  startedAt: number;
  outcome: Outcome;
  appLogLines: readonly string[];
  trailingLogBytes: number;
  region: string;
}

const TAIL_BYTES = 4096;
const RUNTIME_VERSION = 'nodejs:22.v40';

const iso = (ms: number): string => new Date(ms).toISOString();

function textReport(input: InvocationLogInput): string {
  const { outcome } = input;
  const fields = [
    `REPORT RequestId: ${input.requestId}`,
    `Duration: ${outcome.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${outcome.billedDurationMs} ms`,
    `Memory Size: ${input.memoryMB} MB`,
    `Max Memory Used: ${outcome.maxMemoryUsedMB} MB`,
    ...(outcome.initDurationMs === undefined ? [] : [`Init Duration: ${outcome.initDurationMs.toFixed(2)} ms`]),
    ...(outcome.status === 'success' ? [] : [`Status: ${outcome.status}`]),
    ...(outcome.errorType === undefined ? [] : [`Error Type: ${outcome.errorType}`]),
  ];
  // Lambda separates fields with TABs and ends the line with a TAB before the newline.
  return `${fields.join('\t')}\t\n`;
}

function jsonReport(input: InvocationLogInput, at: number): string {
  const { outcome } = input;
  const metrics = {
    durationMs: outcome.durationMs,
    billedDurationMs: outcome.billedDurationMs,
    memorySizeMB: input.memoryMB,
    maxMemoryUsedMB: outcome.maxMemoryUsedMB,
    ...(outcome.initDurationMs === undefined ? {} : { initDurationMs: outcome.initDurationMs }),
  };
  const record = {
    requestId: input.requestId,
    metrics,
    status: outcome.status,
    ...(outcome.errorType === undefined ? {} : { errorType: outcome.errorType }),
  };
  return JSON.stringify({ time: iso(at), type: 'platform.report', record });
}

/** Extension chatter written after REPORT, about 100 bytes a line, until `bytes` are written. */
function trailingLines(bytes: number, format: FakeLogFormat, at: number): string[] {
  const lines: string[] = [];
  for (let written = 0, n = 1; written < bytes; n += 1) {
    const text = `[telemetry-extension] flushed batch ${n}: ${'x'.repeat(60)}`;
    const line = format === 'JSON' ? JSON.stringify({ timestamp: iso(at), level: 'INFO', message: text }) : `${text}\n`;
    lines.push(line);
    written += line.length;
  }
  return lines;
}

export function invocationLog(input: InvocationLogInput): LogLine[] {
  const { format, requestId, outcome } = input;
  const start = input.startedAt + (outcome.initDurationMs ?? 0);
  const end = Math.round(start + outcome.durationMs);
  const lines: LogLine[] = [];
  const json = format === 'JSON';
  if (outcome.initDurationMs !== undefined) {
    const arn = `arn:aws:lambda:${input.region}::runtime:0f1c1a5b2e3d4c5b6a7988776655443322110ffeeddccbbaa99887766554433`;
    lines.push({
      timestamp: input.startedAt,
      initOnly: true,
      message: json
        ? JSON.stringify({
            time: iso(input.startedAt),
            type: 'platform.initStart',
            record: { initializationType: 'on-demand', phase: 'init', runtimeVersion: RUNTIME_VERSION, runtimeVersionArn: arn },
          })
        : `INIT_START Runtime Version: ${RUNTIME_VERSION}\tRuntime Version ARN: ${arn}\n`,
    });
  }
  const at = Math.round(start);
  lines.push({
    timestamp: at,
    message: json
      ? JSON.stringify({ time: iso(at), type: 'platform.start', record: { requestId, version: input.version } })
      : `START RequestId: ${requestId} Version: ${input.version}\n`,
  });
  for (const app of input.appLogLines) {
    lines.push({
      timestamp: at,
      message: json ? JSON.stringify({ timestamp: iso(at), level: 'INFO', requestId, message: app }) : `${iso(at)}\t${requestId}\tINFO\t${app}\n`,
    });
  }
  if (!json) lines.push({ timestamp: end, message: `END RequestId: ${requestId}\n` });
  lines.push({ timestamp: end, isReport: true, message: json ? jsonReport(input, end) : textReport(input) });
  for (const message of trailingLines(input.trailingLogBytes, format, end)) lines.push({ timestamp: end, message });
  return lines;
}

/** What `LogType=Tail` returns: the last 4 KB of the invocation's log, base64. */
export function logTail(lines: readonly LogLine[], dropReport: boolean): string {
  const text = lines
    .filter((line) => !line.initOnly && !(dropReport && line.isReport))
    .map((line) => (line.message.endsWith('\n') ? line.message : `${line.message}\n`))
    .join('');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
}
