import { describe, expect, it } from 'vitest';
import { AwsError, UsageError } from '../../../src/errors.js';
import { costBound, costEstimate, planTune, renderTunePlan } from '../../../src/tune/plan.js';
import { createSearch } from '../../../src/search/index.js';
import type { SearchRequest } from '../../../src/tune/driver.js';
import type { TuneOptions } from '../../../src/tune/types.js';
import type { PriceRow } from '../../../src/types.js';
import { FakeLambda, type FakeOptions } from '../../support/fake-lambda.js';

const price: PriceRow = { region: 'us-east-1', architecture: 'x86_64', gbSecondUSD: 0.00001667, requestUSD: 0.0000002, asOf: 'test' };
const signal = new AbortController().signal;

function options(overrides: Partial<TuneOptions> = {}): TuneOptions {
  return {
    functionName: 'orders',
    memorySizes: [128, 1024],
    invocations: 10,
    concurrency: 4,
    payloads: [{ payload: {}, weight: 1 }],
    analysis: { strategy: { name: 'balanced', weight: 0.5 }, discard: 0.2, pricing: { per: 1_000_000 } },
    dryRun: true,
    apply: false,
    ...overrides,
  };
}

describe('costBound', () => {
  it('is every invocation running into the timeout, plus an INIT per parallel slot', () => {
    // 128 MB: 10 × (0.125 GB × 3 s × p + r) + 2 × 0.125 × 10 s × p; 1024 MB likewise with 1 GB.
    const expected =
      10 * (0.125 * 3 * price.gbSecondUSD + price.requestUSD) +
      2 * 0.125 * 10 * price.gbSecondUSD +
      10 * (1 * 3 * price.gbSecondUSD + price.requestUSD) +
      2 * 1 * 10 * price.gbSecondUSD;
    expect(costBound([128, 1024], 10, 2, 3, price)).toBeCloseTo(expected, 15);
  });
});

describe('costEstimate', () => {
  it('matches the slide: 1000 runs at 1024 MB of 1,465.984 ms', () => {
    expect(costEstimate([1024], 1000, 1465.984, price)).toBeCloseTo(0.024638, 6);
  });
});

describe('planTune', () => {
  it("plans the sizes once each, in order, and prices the function's architecture", async () => {
    const plan = await planTune(options({ memorySizes: [1024, 128, 1024] }), { lambda: new FakeLambda(), signal });
    expect(plan).toMatchObject({ sizes: [1024, 128], invocations: 10, concurrency: 4, price: { region: 'us-east-1', architecture: 'x86_64' } });
    expect(plan.costBoundUSD).toBeGreaterThan(0);
  });

  it('caps the concurrency at the reserved concurrency and says so', async () => {
    const plan = await planTune(options(), { lambda: new FakeLambda({ reservedConcurrency: 3 }), signal });
    expect(plan.concurrency).toBe(3);
    expect(plan.warnings).toEqual(["concurrency lowered from 4 to 3: the function's reserved concurrency"]);
  });

  it('warns once when the service gives no RevisionId', async () => {
    const plan = await planTune(options(), { lambda: new FakeLambda({ noRevisionId: true }), signal });
    expect(plan.warnings).toEqual(['Lambda returned no RevisionId for the function, so the guard against concurrent changes rests on CodeSha256 alone']);
  });

  it('waits for an update in progress before planning', async () => {
    const fake = new FakeLambda();
    fake.updating = true;
    const plan = await planTune(options(), { lambda: fake, signal });
    expect(plan.function.lastUpdateStatus).toBe('Successful');
  });

  it.each([
    { case: 'a Failed function', fake: { state: 'Failed' }, message: 'function orders is Failed' },
    { case: 'an Inactive function', fake: { state: 'Inactive' }, message: 'function orders is Inactive (idle for weeks)' },
    {
      case: 'a function with reserved concurrency 0',
      fake: { reservedConcurrency: 0 },
      message: 'function orders has a reserved concurrency of 0, so it cannot run',
    },
  ])('stops before changing anything for $case', async ({ fake, message }) => {
    const lambda = new FakeLambda(fake as FakeOptions);
    const error = await planTune(options(), { lambda, signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).message).toBe(message);
    expect(lambda.mutatingCalls()).toEqual([]);
  });

  it.each([
    { case: 'a size below 128 MB', overrides: { memorySizes: [64] } },
    { case: 'a size above 10240 MB', overrides: { memorySizes: [10_241] } },
    { case: 'a fractional size', overrides: { memorySizes: [512.5] } },
    { case: 'zero invocations', overrides: { invocations: 0 } },
    { case: 'zero concurrency', overrides: { concurrency: 0 } },
  ])('refuses $case', async ({ overrides }) => {
    await expect(planTune(options(overrides), { lambda: new FakeLambda(), signal })).rejects.toThrow(UsageError);
  });
});

describe('planTune', () => {
  it('changes and invokes nothing, even for a plan above the budget (a dry run is the plan alone)', async () => {
    const fake = new FakeLambda();
    const plan = await planTune(options({ budgetUSD: 0.0001 }), { lambda: fake, signal });

    expect(plan.costBoundUSD).toBeGreaterThan(0.0001);
    expect(fake.mutatingCalls()).toEqual([]);
  });
});

describe('planTune without --memory', () => {
  it('takes its search from the caller (tune never imports src/search)', async () => {
    const asked: SearchRequest[] = [];
    const search = (request: SearchRequest) => {
      asked.push(request);
      return createSearch(request);
    };
    const plan = await planTune(options({ memorySizes: [], invocations: 7 }), { lambda: new FakeLambda(), signal, search });

    expect(asked).toEqual([expect.objectContaining({ invocations: 7, concurrency: 4, price: plan.price, analysis: options().analysis })]);
    expect(plan.search?.driver).toBeDefined();
  });

  it('plans a search, bounded by every invocation it may ask for at the largest size it may ask for', async () => {
    const plan = await planTune(options({ memorySizes: [] }), { lambda: new FakeLambda(), signal, search: createSearch });

    expect(plan.sizes).toEqual([]);
    const search = plan.search!.plan;
    expect(search).toMatchObject({ maxMemoryMB: 10_240, maxSizes: 10 });
    // One run of each at 10 GB into the 30 s timeout is already more than the request fees.
    expect(plan.costBoundUSD).toBeGreaterThan(search.maxInvocations * 10 * 30 * plan.price.gbSecondUSD);
    expect(renderTunePlan(plan)).toMatch(/^ {2}sizes: {8}chosen by a search: searches 128–10240 MB for /m);
    expect(renderTunePlan(plan)).toMatch(new RegExp(`^ {2}invocations: {2}at most ${search.maxInvocations} at up to 10 sizes`, 'm'));
  });
});

describe('renderTunePlan', () => {
  it('shows the sizes, the invocations, the steps and the bound against the budget', async () => {
    const plan = await planTune(options({ budgetUSD: 0.00001 }), { lambda: new FakeLambda(), signal });
    const text = renderTunePlan(plan);
    expect(text).toContain('Plan: tune orders (us-east-1, x86_64, now 512 MB, timeout 30 s)');
    expect(text).toContain('  sizes:        128 MB, 1024 MB');
    expect(text).toContain('  invocations:  10 per size (20 in all), 4 in parallel');
    expect(text).toContain('the bound is above it, so the run would be refused');
  });
});
