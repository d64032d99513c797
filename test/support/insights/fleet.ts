/** The fake endpoint with a scan fleet seeded, and the SDK pointed at it: what scan's integration tests start from. */
import { vi } from 'vitest';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { scanInsights } from './index.js';
import { seedFunctions, type SeededFunction } from './seed.js';

const DAY = 86_400_000;

/**
 * `fleet`'s REPORT lines over the 12 days up to a day before `nowMs`. Log groups are created at the
 * fake clock's time, a month before, so the whole window is covered. The SDK reads endpoints and
 * credentials from process.env (not from the CLI context): they are stubbed — undo with `vi.unstubAllEnvs()`.
 */
export async function startScanFleet(fleet: readonly SeededFunction[], nowMs: number): Promise<FakeAws> {
  const fake = await startFakeAws({ clockStartMs: nowMs - 30 * DAY });
  fake.insights = scanInsights;
  seedFunctions(fake, fleet, { fromMs: nowMs - 13 * DAY, toMs: nowMs - DAY });
  for (const [key, value] of Object.entries(fake.env)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', '');
  return fake;
}
