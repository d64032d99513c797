/**
 * A small ScanReport for the renderers' browser tests: two functions, one over-provisioned with a
 * name full of Markdown syntax, a warning with a pipe. Asserted to the type rather than declared as
 * it, so the scan engine can add fields to its report (another issue's work) without this
 * fixture failing to compile; the renderers read only what is here.
 */
import type { ScanReport } from '../../src/scan/types.js';

export function scanReport(): ScanReport {
  const size = (memoryMB: number, invocations: number) => ({
    memoryMB,
    invocations,
    coldStarts: 1,
    errors: 0,
    timeouts: 0,
    outOfMemory: 0,
    durationMs: { p50: 100, p95: 120.3, p99: 150 },
    durationMsSum: invocations * 100,
    billedDurationMsSum: invocations * 101,
    maxMemoryUsedMB: 160,
    p99MemoryUsedMB: 140,
  });
  const base = { architecture: 'x86_64' as const, logFormat: 'text' as const, source: 'insights' as const, windowDays: 14, notes: [] };
  return {
    schemaVersion: 1 as const,
    source: 'scan',
    region: 'us-east-1',
    window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-15T00:00:00.000Z', days: 14 },
    thresholds: { headroom: 0.5, targetUtilization: 0.8, nearLimit: 0.95, minInvocations: 50, maxSlowdown: 0.2, minSaving: 0.1 },
    pricing: [{ region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.0000166667, requestUSD: 0.0000002, asOf: '2026-11-27' }],
    functions: [
      {
        ...base,
        name: 'pipe|name_with*stars',
        memoryMB: 1024,
        logGroup: '/aws/lambda/pipe',
        sizes: [size(512, 300), size(1024, 2_000_000)],
        monthly: { invocations: 4_285_714, costUSD: 8.001 },
        findings: [
          {
            kind: 'over-provisioned',
            message: 'p99 max memory used 140 MB is 14 % of 1024 MB; 256 MB would cost about $2.643/month instead of $8.001',
            suggestedMemoryMB: 256,
            monthlyCostUSD: { current: 8.001, suggested: 2.643, saving: 5.358 },
            advice: 'confirm with `lambda-rightsize pipe --memory 256,1024`',
            known: false,
          },
        ],
      },
      {
        ...base,
        name: 'worker',
        memoryMB: 512,
        logGroup: '/aws/lambda/worker',
        sizes: [size(512, 5000)],
        monthly: { invocations: 10_714, costUSD: 0.01107 },
        findings: [],
      },
    ],
    summary: {
      functions: 2,
      byKind: { 'over-provisioned': 1, 'memory-headroom': 0, 'under-provisioned': 0, 'no-data': 0, 'too-little-data': 0, 'managed-instances': 0 },
      newFindings: 1,
      monthlySavingUSD: 5.358,
      unverifiedMonthlySavingUSD: 0,
    },
    warnings: ['a warning with 100% and a | pipe'],
  } as ScanReport;
}
