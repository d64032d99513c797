import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/errors.js';
import { resolvePrice } from '../../../src/pricing/index.js';
import { SCAN_DEFAULTS } from '../../../src/scan/defaults.js';
import { buildScanReport } from '../../../src/scan/report.js';
import { attachSources } from '../../../src/scan/sources.js';
import type { Finding, FunctionScan, ScanReport } from '../../../src/scan/types.js';
import { scannedFunction } from './function-scan.js';

const TEMPLATE = [
  'Resources:',
  '  ApiFunction:',
  '    Type: AWS::Lambda::Function',
  '    Properties:',
  '      MemorySize: 1024',
  '  QuietFunction:',
  '    Type: AWS::Lambda::Function',
  '    Properties:',
  '      MemorySize: 512',
  '',
].join('\n');

const finding = (over: Partial<Finding>): Finding => ({ kind: 'over-provisioned', message: 'm', known: false, ...over });

const fn = (name: string, findings: Finding[]): FunctionScan =>
  scannedFunction(name, findings, { arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}` });

function report(): ScanReport {
  return buildScanReport({
    region: 'us-east-1',
    window: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-15T00:00:00.000Z', days: 14 },
    thresholds: SCAN_DEFAULTS.thresholds,
    pricing: [resolvePrice({ region: 'us-east-1', architecture: 'x86_64' })],
    functions: [fn('api', [finding({ suggestedMemoryMB: 256 })]), fn('quiet', [finding({ kind: 'too-little-data' })])],
    warnings: [],
  });
}

const TAGS: Record<string, Record<string, string>> = {
  api: { 'aws:cloudformation:logical-id': 'ApiFunction', 'aws:cloudformation:stack-name': 'app' },
  quiet: { 'aws:cloudformation:logical-id': 'QuietFunction' },
};

describe('attachSources', () => {
  it('reads tags only for functions whose fix is a memory size, and puts the line and the patch on them', async () => {
    const asked: string[] = [];
    const listTags = async (arn: string) => {
      asked.push(arn);
      return TAGS[arn.split(':').at(-1) as string] ?? {};
    };

    const located = await attachSources(report(), { files: [{ path: 'infra/app.yaml', text: TEMPLATE }], listTags, limit: pLimit(2), suggestPatch: true });

    expect(asked).toEqual(['arn:aws:lambda:us-east-1:000000000000:function:api']);
    expect(located.functions.map((f) => [f.name, f.iac?.line])).toEqual([
      ['api', 5],
      ['quiet', undefined],
    ]);
    expect(located.functions[0]?.iac?.patch).toContain('\n-      MemorySize: 1024\n+      MemorySize: 256\n');
  });

  it('gives no patch for a line that sizes other functions too', async () => {
    const sam =
      'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    MemorySize: 1024\nResources:\n  ApiFunction:\n    Type: AWS::Serverless::Function\n';

    const located = await attachSources(report(), {
      files: [{ path: 't.yaml', text: sam }],
      listTags: async () => TAGS.api ?? {},
      limit: pLimit(1),
      suggestPatch: true,
    });

    expect(located.functions[0]?.iac).toMatchObject({ line: 4, scope: 'shared' });
    expect(located.functions[0]?.iac?.patch).toBeUndefined();
  });

  it('matches by name and warns once when ListTags is denied', async () => {
    const listTags = async (): Promise<Record<string, string>> => {
      throw new AwsError('access denied: lambda:ListTags', { awsName: 'AccessDeniedException' });
    };

    const located = await attachSources(report(), { files: [{ path: 'infra/app.yaml', text: TEMPLATE }], listTags, limit: pLimit(2), suggestPatch: false });

    expect(located.functions[0]?.iac).toBeUndefined();
    expect(located.warnings).toEqual([expect.stringMatching(/^lambda:ListTags is not allowed/)]);
  });

  it('leaves the report it is given unchanged', async () => {
    const input = report();
    const copy = structuredClone(input);

    await attachSources(input, {
      files: [{ path: 'infra/app.yaml', text: TEMPLATE }],
      listTags: async () => TAGS.api ?? {},
      limit: pLimit(1),
      suggestPatch: true,
    });

    expect(input).toEqual(copy);
  });
});
