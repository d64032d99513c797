/** The bench plan: what will be created and measured, and the most it can cost. Pure. */
import type { Architecture } from '../types.js';
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
  memorySizes: readonly number[];
  invocations: number;
  concurrency: number;
  timeoutSeconds: number;
  price: (architecture: Architecture) => { gbSecondUSD: number; requestUSD: number };
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
    totalInvocations: functions.length * input.memorySizes.length * input.invocations,
    costBoundUSD,
  };
}

/**
 * A bound, not an estimate: no workload has run yet, so each invocation is priced at the function
 * timeout (billing stops there) plus the request fee. Lower --timeout to tighten it.
 */
function functionCostBound(input: BenchPlanInput, architecture: Architecture): number {
  const { gbSecondUSD, requestUSD } = input.price(architecture);
  return input.memorySizes.reduce(
    (sum, mb) => sum + input.invocations * ((mb / 1024) * input.timeoutSeconds * gbSecondUSD + requestUSD),
    0,
  );
}
