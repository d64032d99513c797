/** Parallel invocations under a limit that halves on throttles and creeps back up (AIMD). */
import pLimit, { type LimitFunction } from 'p-limit';

export class AdaptiveConcurrency {
  readonly #limit: LimitFunction;
  readonly #max: number;
  /** Bumped on every decrease: throttles from calls started before it are the same burst. */
  #generation = 0;
  #successes = 0;
  #lowest: number;

  constructor(max: number) {
    this.#max = Math.max(1, max);
    this.#limit = pLimit(this.#max);
    this.#lowest = this.#max;
  }

  get current(): number {
    return this.#limit.concurrency;
  }

  /** The lowest limit the run went down to. */
  get lowest(): number {
    return this.#lowest;
  }

  /** Runs `task` once a slot is free; `task` gets the generation it started in. */
  run<T>(task: (generation: number) => Promise<T>): Promise<T> {
    return this.#limit(() => task(this.#generation));
  }

  /**
   * Halves the limit (not below 1) for a throttle of a call started in `generation`. A burst of
   * throttles from calls that all started before the last decrease lowers it only once.
   */
  onThrottle(generation: number): number {
    if (generation === this.#generation) {
      const next = Math.max(1, Math.floor(this.current / 2));
      if (next < this.current) this.#limit.concurrency = next;
      this.#lowest = Math.min(this.#lowest, next);
      this.#generation += 1;
    }
    this.#successes = 0;
    return this.current;
  }

  /** One more slot after as many successes in a row as there are slots, never above the start. */
  onSuccess(): void {
    this.#successes += 1;
    if (this.#successes >= this.current && this.current < this.#max) {
      this.#limit.concurrency = this.current + 1;
      this.#successes = 0;
    }
  }
}

/**
 * How long to wait before retrying a throttled call: what Lambda asked for (Retry-After), else
 * exponential backoff with jitter (half fixed, half random), capped at 20 s.
 */
export function backoffMs(attempt: number, retryAfterSeconds: number | undefined, random: () => number): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return retryAfterSeconds * 1000;
  const ceiling = Math.min(20_000, 250 * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
