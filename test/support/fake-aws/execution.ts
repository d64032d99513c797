/** The execution model, pure: how long an invocation takes and how it ends, from memory and work. */
import { drawDurationMs, memoryUsedMB, runsOutOfMemory } from './performance.js';
import type { WorkModel } from './types.js';

export { MB_PER_VCPU } from './performance.js';

export type PlatformStatus = 'success' | 'error' | 'timeout';

export interface Outcome {
  durationMs: number;
  /** Present on cold starts only. */
  initDurationMs?: number;
  billedDurationMs: number;
  maxMemoryUsedMB: number;
  /** What the REPORT line says (function errors thrown by the handler leave it at success). */
  status: PlatformStatus;
  errorType?: string;
  functionError?: 'Handled' | 'Unhandled';
  payload: unknown;
  /** Timeouts and crashes throw the execution environment away: the next invocation is cold. */
  destroysEnvironment: boolean;
}

export interface InvocationInput {
  work: WorkModel;
  memoryMB: number;
  timeoutS: number;
  cold: boolean;
  /** Seeded uniform [0, 1) draws: the jitter, then (when the model has them) the request type and the tail. */
  random: () => number;
  /** Invocations this execution environment ran before this one (0 on a cold start): its warm-up. */
  environmentInvocation: number;
  requestId: string;
  event: unknown;
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

function below(limit: { belowMemoryMB?: number } | undefined, memoryMB: number): boolean {
  return limit !== undefined && (limit.belowMemoryMB === undefined || memoryMB < limit.belowMemoryMB);
}

/** Billed Duration includes Init Duration since Aug 2025, rounded up to the next ms. */
export function billed(durationMs: number, initDurationMs: number | undefined): number {
  return Math.ceil(durationMs + (initDurationMs ?? 0) - 1e-9);
}

export function runInvocation(input: InvocationInput): Outcome {
  const { work, memoryMB, timeoutS, requestId } = input;
  const initDurationMs = input.cold ? round3(work.initMs) : undefined;
  const timeoutMs = timeoutS * 1000;
  const modelled = drawDurationMs(work, memoryMB, input.random, input.environmentInvocation);
  const common = { initDurationMs, maxMemoryUsedMB: memoryUsedMB(work, memoryMB) };

  if (runsOutOfMemory(work, memoryMB)) {
    const durationMs = Math.min(modelled, timeoutMs);
    return {
      ...common,
      durationMs,
      billedDurationMs: billed(durationMs, initDurationMs),
      maxMemoryUsedMB: memoryMB,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
      functionError: 'Unhandled',
      payload: {
        errorType: 'Runtime.OutOfMemory',
        errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
      },
      destroysEnvironment: true,
    };
  }
  if (modelled > timeoutMs || below(work.timeout, memoryMB)) {
    return {
      ...common,
      durationMs: timeoutMs,
      billedDurationMs: billed(timeoutMs, initDurationMs),
      status: 'timeout',
      functionError: 'Unhandled',
      payload: {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutS.toFixed(2)} seconds`,
      },
      destroysEnvironment: true,
    };
  }
  const base = { ...common, durationMs: modelled, billedDurationMs: billed(modelled, initDurationMs), destroysEnvironment: false };
  if (work.error && below(work.error, memoryMB)) {
    return {
      ...base,
      status: 'success',
      functionError: work.error.type,
      payload: { errorType: work.error.errorType ?? 'Error', errorMessage: work.error.errorMessage ?? 'Injected function error', trace: [] },
    };
  }
  return { ...base, status: 'success', payload: work.respond ? work.respond(input.event) : { ok: true, memoryMB } };
}
