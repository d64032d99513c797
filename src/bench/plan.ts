/** The bench plan: what will be created and measured, and the most it can cost. Pure. */
import { searchLimits } from '../search/index.js';
import { costBound, searchCostBound } from '../tune/plan.js';
import type { Architecture, PriceRow } from '../types.js';
import { benchFunctionName } from './naming.js';

export interface PlannedFunction {
  workload: string;
  architecture: Architecture;
  name: string;
}

export interface BenchPlanInput {
  runId: string;
  region: string;
  workloads: readonly string[];
  architectures: readonly Architecture[];
  /** Empty: each function's sizes are chosen by tune's search. */
  memorySizes: readonly number[];
  invocations: number;
  concurrency: number;
  timeoutSeconds: number;
  /** `--max-duration`: a search confirming an SLO may measure more. */
  maxDurationMs?: number;
  price: (architecture: Architecture) => PriceRow;
}

export interface BenchPlan {
  runId: string;
  region: string;
  functions: PlannedFunction[];
  memorySizes: number[];
  invocations: number;
  concurrency: number;
  timeoutSeconds: number;
  totalInvocations: number;
  /** What the run costs at most: every invocation running until the timeout. */
  costBoundUSD: number;
}

export function planBench(input: BenchPlanInput): BenchPlan {
  const functions = input.workloads.flatMap((workload) =>
    input.architectures.map((architecture) => ({ workload, architecture, name: benchFunctionName(workload, architecture, input.runId) })),
  );
  const costBoundUSD = functions.reduce((sum, fn) => sum + functionCostBound(input, fn.architecture), 0);
  return {
    runId: input.runId,
    region: input.region,
    functions,
    memorySizes: [...input.memorySizes],
    invocations: input.invocations,
    concurrency: input.concurrency,
    timeoutSeconds: input.timeoutSeconds,
    totalInvocations:
      functions.length *
      (input.memorySizes.length > 0
        ? input.memorySizes.length * input.invocations
        : searchLimits(input.concurrency, input.invocations, input.maxDurationMs).maxInvocations),
    costBoundUSD,
  };
}

/**
 * A bound, not an estimate: no workload has run yet. The tune engine's own bound (every invocation
 * running into the timeout, plus a cold INIT per parallel slot), so bench and tune agree.
 */
function functionCostBound(input: BenchPlanInput, architecture: Architecture): number {
  if (input.memorySizes.length === 0) {
    return searchCostBound(
      searchLimits(input.concurrency, input.invocations, input.maxDurationMs),
      input.concurrency,
      input.timeoutSeconds,
      input.price(architecture),
    );
  }
  return costBound(input.memorySizes, input.invocations, Math.min(input.concurrency, input.invocations), input.timeoutSeconds, input.price(architecture));
}
