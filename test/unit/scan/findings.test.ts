import { describe, expect, it } from 'vitest';
import { resolvePrice } from '../../../src/pricing/index.js';
import { SCAN_DEFAULTS } from '../../../src/scan/defaults.js';
import { analyseFunction, suggestSize, type FunctionEvidence } from '../../../src/scan/findings.js';
import type { ScanFunctionConfig, SizeStats } from '../../../src/scan/types.js';

const price = resolvePrice({ region: 'us-east-1', architecture: 'x86_64' });
const thresholds = SCAN_DEFAULTS.thresholds;

const config = (over: Partial<ScanFunctionConfig> = {}): ScanFunctionConfig => ({
  name: 'api',
  memoryMB: 1024,
  architecture: 'x86_64',
  timeoutS: 30,
  logFormat: 'text',
  logGroup: '/aws/lambda/api',
  ...over,
});

const size = (over: Partial<SizeStats> = {}): SizeStats => ({
  memoryMB: 1024,
  invocations: 1000,
  coldStarts: 10,
  errors: 0,
  timeouts: 0,
  outOfMemory: 0,
  durationMs: { p50: 80, p95: 120, p99: 150 },
  durationMsSum: 100_000,
  billedDurationMsSum: 100_000,
  maxMemoryUsedMB: 700,
  p99MemoryUsedMB: 650,
  ...over,
});

const evidence = (over: Partial<FunctionEvidence> = {}): FunctionEvidence => ({
  config: config(),
  source: 'insights',
  sizes: [size()],
  windowDays: 14,
  price,
  thresholds,
  ...over,
});

const kinds = (input: FunctionEvidence): string[] => analyseFunction(input).findings.map((f) => f.kind);

describe('analyseFunction', () => {
  it.each([
    { case: 'a well-sized function', input: evidence(), kinds: [] },
    {
      case: 'p99 memory under half of the size, without duration evidence',
      input: evidence({ sizes: [size({ p99MemoryUsedMB: 140, maxMemoryUsedMB: 160 })] }),
      kinds: ['memory-headroom'],
    },
    {
      case: 'a Managed Instances function',
      input: evidence({ config: config({ capacityProviderArn: 'arn:aws:lambda:us-east-1:1:capacity-provider:cp' }), sizes: [] }),
      kinds: ['managed-instances'],
    },
    { case: 'p99 just at half of the size', input: evidence({ sizes: [size({ p99MemoryUsedMB: 512, maxMemoryUsedMB: 520 })] }), kinds: [] },
    {
      case: 'a low p99 but a peak that needs the size',
      input: evidence({ sizes: [size({ p99MemoryUsedMB: 300, maxMemoryUsedMB: 990 })] }),
      kinds: ['under-provisioned'],
    },
    { case: 'out-of-memory errors', input: evidence({ sizes: [size({ outOfMemory: 2, errors: 2 })] }), kinds: ['under-provisioned'] },
    { case: 'max memory used at the size', input: evidence({ sizes: [size({ maxMemoryUsedMB: 1024 })] }), kinds: ['under-provisioned'] },
    { case: 'timeouts', input: evidence({ sizes: [size({ timeouts: 3 })] }), kinds: ['under-provisioned'] },
    {
      case: 'too few invocations',
      input: evidence({ sizes: [size({ invocations: 12, p99MemoryUsedMB: 100, maxMemoryUsedMB: 100 })] }),
      kinds: ['too-little-data'],
    },
    {
      case: 'too few invocations that ran out of memory',
      input: evidence({ sizes: [size({ invocations: 3, outOfMemory: 3 })] }),
      kinds: ['under-provisioned', 'too-little-data'],
    },
    { case: 'invocations only at an older size', input: evidence({ sizes: [size({ memoryMB: 512 })] }), kinds: ['too-little-data'] },
    { case: 'no REPORT record', input: evidence({ sizes: [] }), kinds: ['no-data'] },
    { case: 'a missing log group', input: evidence({ sizes: [], source: 'none' }), kinds: ['no-data'] },
  ])('finds $kinds for $case', ({ input, kinds: expected }) => {
    expect(kinds(input)).toEqual(expected);
  });

  it('labels memory headroom without duration evidence as unverified, its saving an upper bound', () => {
    const scan = analyseFunction(evidence({ sizes: [size({ p99MemoryUsedMB: 140, maxMemoryUsedMB: 160 })] }));

    const [finding] = scan.findings;
    expect(finding?.suggestedMemoryMB).toBe(256);
    // A month is 2,142.86 invocations of 100 ms: 214.29 GB-s at 1024 MB, 53.57 GB-s at 256 MB,
    // plus $0.000429 of requests: at most $0.002679 saved, if 100 ms held at 256 MB.
    expect(finding?.message).toBe(
      'unverified: p99 max memory used 140 MB is 14 % of 1024 MB (peak 160 MB, 1,000 invocations in 14 d); ' +
        'without duration evidence (no Lambda Insights, one memory size in the window) 256 MB would save at most $0.002679/month, and only if the duration held',
    );
    expect(finding?.advice).toContain('run `lambda-rightsize api --memory 256,1024` to confirm');
    expect(finding?.evidence).toBeUndefined();
    expect(finding?.monthlyCostUSD?.saving).toBeCloseTo((finding?.monthlyCostUSD?.current ?? 0) - (finding?.monthlyCostUSD?.suggested ?? 0), 12);
  });

  it('gives a Managed Instances function no cost, no size and no other finding', () => {
    const scan = analyseFunction(
      evidence({
        config: config({ capacityProviderArn: 'arn:aws:lambda:us-east-1:1:capacity-provider:cp' }),
        sizes: [size({ p99MemoryUsedMB: 100, outOfMemory: 1 })],
      }),
    );

    expect(scan).toMatchObject({ source: 'skipped', monthly: null, sizes: [], capacityProviderArn: 'arn:aws:lambda:us-east-1:1:capacity-provider:cp' });
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]?.message).toMatch(/^managed instances: sized by capacity provider .*, not by memory/);
    expect(scan.findings[0]?.monthlyCostUSD).toBeUndefined();
  });

  it('says how a durable function is counted', () => {
    const scan = analyseFunction(evidence({ config: config({ durable: true }) }));

    expect(scan.durable).toBe(true);
    expect(scan.notes).toEqual([expect.stringMatching(/^durable function: counted per invocation/)]);
  });

  it.each([
    { case: 'six hours', windowDays: 0.25, text: 'in 6 h' },
    { case: 'ninety minutes', windowDays: 1.5 / 24, text: 'in 1.5 h' },
    { case: 'two and a half days', windowDays: 2.5, text: 'in 2.5 d' },
  ])('writes a window of $case as "$text"', ({ windowDays, text }) => {
    const scan = analyseFunction(evidence({ windowDays, sizes: [size({ invocations: 3 })] }));

    expect(scan.findings[0]?.message).toContain(text);
  });

  it('extrapolates the window to 30 days at the mean billed duration of the current size', () => {
    // 1,000 invocations in 14 d at 100 ms and 1 GB: 2,142.86 invocations and 214.29 GB-s a month.
    const scan = analyseFunction(evidence());

    const invocations = (1000 * 30) / 14;
    expect(scan.monthly?.invocations).toBeCloseTo(invocations, 9);
    expect(scan.monthly?.costUSD).toBeCloseTo(invocations * 0.1 * price.gbSecondUSD + invocations * price.requestUSD, 12);
  });

  it('counts invocations at every size as traffic but costs them at the current size', () => {
    const scan = analyseFunction(evidence({ sizes: [size({ memoryMB: 512, invocations: 400, billedDurationMsSum: 80_000 }), size()] }));

    expect(scan.monthly?.invocations).toBeCloseTo((1400 * 30) / 14, 9);
  });

  it('says how many invocations it found when there are too few', () => {
    const scan = analyseFunction(evidence({ sizes: [size({ memoryMB: 512, invocations: 300 }), size({ invocations: 12 })] }));

    expect(scan.findings[0]?.message).toBe('only 12 invocations at 1024 MB in 14 d (at least 50 needed to judge); 300 at other sizes before a memory change');
  });

  it('names the reasons of an under-provisioned function and a larger size', () => {
    const scan = analyseFunction(evidence({ sizes: [size({ outOfMemory: 2, timeouts: 1, maxMemoryUsedMB: 1024 })] }));

    expect(scan.findings[0]).toMatchObject({
      message: '2 out-of-memory errors, max memory used 1024 MB of 1024 MB (100 %), 1 timeout (timeout 30 s) in 1,000 invocations at 1024 MB',
      suggestedMemoryMB: 1472,
    });
  });

  it('suggests no larger size at the 10240 MB maximum', () => {
    const scan = analyseFunction(evidence({ config: config({ memoryMB: 10_240 }), sizes: [size({ memoryMB: 10_240, outOfMemory: 1 })] }));

    expect(scan.findings[0]?.suggestedMemoryMB).toBeUndefined();
    expect(scan.findings[0]?.advice).toMatch(/most Lambda allows/);
  });

  it('does not judge timeouts alone as a memory shortage', () => {
    const scan = analyseFunction(evidence({ sizes: [size({ timeouts: 3 })] }));

    expect(scan.findings[0]?.suggestedMemoryMB).toBeUndefined();
    expect(scan.findings[0]?.advice).toMatch(/raise the timeout/);
  });

  it('leaves its inputs unchanged', () => {
    const input = evidence({
      sizes: [size({ memoryMB: 512 }), size({ p99MemoryUsedMB: 100 })],
      cpu: [{ memoryMB: 1024, invocations: 1000, cpuTimeMsSum: 5000, durationMsSum: 100_000 }],
    });
    const copy = structuredClone(input);

    analyseFunction(input);

    expect(input).toEqual(copy);
  });
});

describe('suggestSize', () => {
  it.each([
    { case: 'p99 over 70 %, rounded up to 64 MB', p99: 140, max: 160, size: 256 },
    { case: 'the peak under 95 %', p99: 100, max: 300, size: 320 },
    { case: 'never under 128 MB', p99: 20, max: 25, size: 128 },
    { case: 'never over 10240 MB', p99: 9000, max: 9500, size: 10_240 },
  ])('keeps $case', ({ p99, max, size: expected }) => {
    expect(suggestSize(p99, max, thresholds)).toBe(expected);
  });
});
