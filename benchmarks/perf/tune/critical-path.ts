/**
 * The critical path of a tune run on the local endpoint: what no implementation of the safe tuning
 * protocol can beat, given the endpoint's injected delays and its measured per-call round trips.
 * Pure: the bench measures the inputs and prints the terms.
 */

/** Median round trip (ms) of one call of each operation, measured with the delays off. */
export interface CallCosts {
  GetFunction: number;
  GetFunctionConcurrency: number;
  UpdateFunctionConfiguration: number;
  ListVersionsByFunction: number;
  PublishVersion: number;
  DeleteFunction: number;
  /** Invoke with latencyMs 0: the endpoint's own work per invocation (log lines, tail, HTTP). */
  Invoke: number;
}

export interface RunShape {
  sizes: number;
  invocations: number;
  concurrency: number;
  /** Injected per-invocation latency (fake knob `latencyMs`). */
  latencyMs: number;
  /** Injected time an update stays InProgress (fake knob `updateDelayMs`). */
  updateDelayMs: number;
}

export interface CriticalPath {
  /** GetFunction + GetFunctionConcurrency (the plan). */
  planMs: number;
  /** One size, serially: update, the poll that sees Successful, list versions, publish, re-read. */
  prepareMs: number;
  /** One wave of invocations at the allowed concurrency. */
  waveMs: number;
  /** Which prepared size the measuring phase is bound by (1-based; see measuringMs). */
  bindingSize: number;
  /** Waves of invocations left once that size is ready. */
  waves: number;
  /** From the first update to the last invocation's answer. */
  measuringMs: number;
  /** GetFunction (guard), update back, the poll that sees Successful. */
  restoreMs: number;
  /** One DeleteFunction per created version, serially. */
  cleanupMs: number;
  totalMs: number;
}

/**
 * measuring = max over k of ( k × prepare + ceil((sizes − k + 1) × invocations / concurrency) × wave ):
 * size k's invocations cannot start before k preparations, and from then on the invocations left
 * (sizes k…n) share one limiter of `concurrency` slots. k = 1 is the invocation-bound case (every
 * invocation back to back after the first size), k = n the update-bound one (all preparations, then
 * the last size's waves).
 */
export function measuringBound(shape: RunShape, prepareMs: number, waveMs: number): { measuringMs: number; bindingSize: number; waves: number } {
  let best = { measuringMs: 0, bindingSize: 1, waves: 0 };
  for (let k = 1; k <= shape.sizes; k++) {
    const waves = Math.ceil(((shape.sizes - k + 1) * shape.invocations) / shape.concurrency);
    const measuringMs = k * prepareMs + waves * waveMs;
    if (measuringMs > best.measuringMs) best = { measuringMs, bindingSize: k, waves };
  }
  return best;
}

/** The critical path from the injected delays and the endpoint's per-call round trips. */
export function criticalPath(shape: RunShape, costs: CallCosts): CriticalPath {
  const planMs = costs.GetFunction + costs.GetFunctionConcurrency;
  const prepareMs =
    costs.UpdateFunctionConfiguration + shape.updateDelayMs + costs.GetFunction + costs.ListVersionsByFunction + costs.PublishVersion + costs.GetFunction;
  const waveMs = shape.latencyMs + costs.Invoke;
  const { measuringMs, bindingSize, waves } = measuringBound(shape, prepareMs, waveMs);
  const restoreMs = costs.GetFunction + costs.UpdateFunctionConfiguration + shape.updateDelayMs + costs.GetFunction;
  const cleanupMs = shape.sizes * costs.DeleteFunction;
  return { planMs, prepareMs, waveMs, bindingSize, waves, measuringMs, restoreMs, cleanupMs, totalMs: planMs + measuringMs + restoreMs + cleanupMs };
}
