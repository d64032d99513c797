import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { COMMERCIAL_REGIONS, PRICES_AS_OF, resolvePrice } from '../../../src/pricing/index.js';

describe('resolvePrice', () => {
  it.each([
    { case: 'us-east-1 x86_64', region: 'us-east-1', architecture: 'x86_64' as const, gbSecondUSD: 0.0000166667 },
    { case: 'us-east-1 arm64', region: 'us-east-1', architecture: 'arm64' as const, gbSecondUSD: 0.0000133334 },
    { case: 'eu-west-1 at the standard rate', region: 'eu-west-1', architecture: 'x86_64' as const, gbSecondUSD: 0.0000166667 },
    { case: 'af-south-1 x86_64', region: 'af-south-1', architecture: 'x86_64' as const, gbSecondUSD: 0.0000221 },
    { case: 'af-south-1 arm64', region: 'af-south-1', architecture: 'arm64' as const, gbSecondUSD: 0.00001768 },
    { case: 'ap-east-1 x86_64', region: 'ap-east-1', architecture: 'x86_64' as const, gbSecondUSD: 0.00002292 },
    { case: 'ap-east-1 arm64', region: 'ap-east-1', architecture: 'arm64' as const, gbSecondUSD: 0.0000183 },
    { case: 'eu-south-1 x86_64', region: 'eu-south-1', architecture: 'x86_64' as const, gbSecondUSD: 0.0000195172 },
    { case: 'eu-south-1 arm64', region: 'eu-south-1', architecture: 'arm64' as const, gbSecondUSD: 0.0000156138 },
    { case: 'me-south-1 x86_64', region: 'me-south-1', architecture: 'x86_64' as const, gbSecondUSD: 0.0000206667 },
    { case: 'me-central-1 arm64', region: 'me-central-1', architecture: 'arm64' as const, gbSecondUSD: 0.0000165334 },
  ])('gives the table price for $case', ({ region, architecture, gbSecondUSD }) => {
    expect(resolvePrice({ region, architecture })).toEqual({
      region,
      architecture,
      gbSecondUSD,
      requestUSD: 0.0000002,
      asOf: PRICES_AS_OF,
    });
  });

  it.each([
    {
      case: 'both prices overridden',
      query: { gbSecondUSD: 0.00001, requestUSD: 0.0000001 },
      expected: { gbSecondUSD: 0.00001, requestUSD: 0.0000001, asOf: 'override' },
    },
    {
      case: 'only the GB-second price overridden',
      query: { gbSecondUSD: 0.00001 },
      expected: { gbSecondUSD: 0.00001, requestUSD: 0.0000002, asOf: `${PRICES_AS_OF} (GB-second price overridden)` },
    },
    {
      case: 'only the request price overridden',
      query: { requestUSD: 0 },
      expected: { gbSecondUSD: 0.0000166667, requestUSD: 0, asOf: `${PRICES_AS_OF} (request price overridden)` },
    },
  ])('lets overrides win with $case', ({ query, expected }) => {
    expect(resolvePrice({ region: 'us-east-1', architecture: 'x86_64', ...query })).toMatchObject(expected);
  });

  it.each([
    { case: 'a China region', region: 'cn-north-1', message: /cn-north-1 bills Lambda in CNY.*--gb-second-price and --request-price/ },
    { case: 'the other China region', region: 'cn-northwest-1', message: /CNY/ },
    {
      case: 'a misspelt region',
      region: 'us-east-9',
      message: /no Lambda price known for region "us-east-9": check the region name, or pass --gb-second-price/,
    },
    { case: 'a GovCloud region', region: 'us-gov-west-1', message: /"us-gov-west-1"/ },
  ])('refuses $case without both overrides', ({ region, message }) => {
    const resolve = () => resolvePrice({ region, architecture: 'x86_64', gbSecondUSD: 0.00001 });

    expect(resolve).toThrow(UsageError);
    expect(resolve).toThrow(message);
  });

  it.each([
    { case: 'a China region', region: 'cn-north-1' },
    { case: 'an unknown region', region: 'xx-moon-1' },
  ])('prices $case when both prices are overridden', ({ region }) => {
    expect(resolvePrice({ region, architecture: 'arm64', gbSecondUSD: 0.0001, requestUSD: 0.000001 }).asOf).toBe('override');
  });

  it.each([
    { case: 'a negative GB-second price', query: { gbSecondUSD: -1 }, message: /--gb-second-price/ },
    { case: 'a NaN request price', query: { requestUSD: Number.NaN }, message: /--request-price/ },
  ])('rejects $case', ({ query, message }) => {
    expect(() => resolvePrice({ region: 'us-east-1', architecture: 'x86_64', ...query })).toThrow(message);
  });

  it('prices every listed commercial region for both architectures', () => {
    for (const region of COMMERCIAL_REGIONS) {
      for (const architecture of ['x86_64', 'arm64'] as const) {
        expect(resolvePrice({ region, architecture }).gbSecondUSD).toBeGreaterThan(0);
      }
    }
  });
});
