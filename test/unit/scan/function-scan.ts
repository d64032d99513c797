import type { Finding, FunctionScan } from '../../../src/scan/types.js';

/** A scanned function with these findings and nothing else to show (a 1024 MB text-log function over 14 days). */
export function scannedFunction(name: string, findings: Finding[], extra: Partial<FunctionScan> = {}): FunctionScan {
  return {
    name,
    architecture: 'x86_64',
    memoryMB: 1024,
    logGroup: `/aws/lambda/${name}`,
    logFormat: 'text',
    source: 'insights',
    windowDays: 14,
    sizes: [],
    monthly: null,
    findings,
    notes: [],
    ...extra,
  };
}
