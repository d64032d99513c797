/** Shared set-up of the engine tests: default options and deps around a FakeLambda. */
import type { TuneDeps, TuneEvent, TuneOptions } from '../../src/tune/types.js';
import type { FakeLambda } from './fake-lambda.js';

export function options(overrides: Partial<TuneOptions> = {}): TuneOptions {
  return {
    functionName: 'orders',
    memorySizes: [128, 256, 1024],
    invocations: 6,
    concurrency: 3,
    payloads: [{ payload: {}, weight: 1 }],
    analysis: { strategy: { name: 'cost', weight: 0.5 }, discard: 0, pricing: { per: 1_000_000 } },
    dryRun: false,
    apply: false,
    ...overrides,
  };
}

export interface Harness {
  deps: TuneDeps;
  events: TuneEvent[];
  controller: AbortController;
}

export function harness(fake: FakeLambda, extra: Partial<TuneDeps> & { onEvent?: (e: TuneEvent) => void } = {}): Harness {
  const events: TuneEvent[] = [];
  const controller = new AbortController();
  const { onEvent, ...rest } = extra;
  const deps: TuneDeps = {
    lambda: fake,
    progress: (event) => {
      events.push(event);
      onEvent?.(event);
    },
    signal: controller.signal,
    sleep: async () => undefined,
    random: () => 0,
    runId: 'testrun1',
    ...rest,
  };
  return { deps, events, controller };
}

export const methodsOf = (fake: FakeLambda, method: string): unknown[][] => fake.calls.filter((c) => c.method === method).map((c) => c.args);
export const releaseVersions = (): Array<{ memoryMB: number }> => [{ memoryMB: 512 }, { memoryMB: 512 }];
