/**
 * The contract between the tune engine (which changes and invokes the function) and a sizing
 * driver (which decides what to measure next). The engine runs rounds:
 *
 *   step = driver.next(observed)        // pure: what to measure next, or done
 *   publish a version for each size of the step not yet published (serially, $LATEST away),
 *   put $LATEST back at once, then invoke every size of the step its count of times (in parallel),
 *   add the records to `observed`, and ask again.
 *
 * A driver never sees AWS; it sees records. `GridDriver` is `--memory <list>`: one round, every
 * size × `invocations`. The search (src/search) is another driver: the caller passes a
 * SearchFactory in (TuneDeps.search), so tune never imports the search that implements its contract.
 */
import type { AnalysisSettings } from '../analysis/index.js';
import type { InvocationRecord, PriceRow, SearchReport } from '../types.js';

/** What a search of the whole range is told about the run it drives. */
export interface SearchRequest {
  analysis: AnalysisSettings;
  price: PriceRow;
  /** The run's parallel invocations. */
  concurrency: number;
  /** `--invocations`: a cap per size. */
  invocations: number;
}

/** Makes the driver of a run without `--memory` (src/search's `createSearch`). */
export type SearchFactory = (request: SearchRequest) => SizingDriver;

/** Every record measured so far, per memory size (sizes in the order they were first measured). */
export type Observations = ReadonlyMap<number, readonly InvocationRecord[]>;

export interface SizeRequest {
  memoryMB: number;
  /** Further invocations to make at this size in this round (≥ 1). */
  invocations: number;
  /**
   * At most this many of them at once (default: the run's concurrency). Every invocation in flight
   * holds its own execution environment, so this bounds the size's cold starts.
   */
  concurrency?: number;
}

export type DriverStep =
  | {
      kind: 'measure';
      sizes: readonly SizeRequest[];
      /** Why these sizes (progress and --verbose): e.g. "bracketing the knee at 1769 MB". */
      note?: string;
    }
  | {
      kind: 'done';
      note?: string;
      /** A search's account of itself (model, fit, curve), for the report. */
      search?: SearchReport;
      /** What the driver could not confirm, for the report's warnings. */
      warnings?: readonly string[];
    };

/** What the plan (and --dry-run) shows before anything runs, and what bounds the run's cost. */
export interface DriverPlan {
  /** One or two plain sentences: how the sizes will be chosen. */
  summary: string;
  /** The most invocations the driver will ever ask for in total, over all rounds. */
  maxInvocations: number;
  /** The largest memory size it may ask for (for the cost bound). */
  maxMemoryMB: number;
  /** The most distinct sizes it may measure (each one a published version). */
  maxSizes: number;
}

export interface SizingDriver {
  plan(): DriverPlan;
  /** Must eventually return `done`; never asks for more than `plan().maxInvocations` in total. */
  next(observed: Observations): DriverStep;
}

/** `--memory <list>`: every size × `invocations`, in one round. */
export class GridDriver implements SizingDriver {
  readonly #sizes: readonly number[];
  readonly #invocations: number;
  #asked = false;

  constructor(sizes: readonly number[], invocations: number) {
    this.#sizes = [...sizes];
    this.#invocations = invocations;
  }

  plan(): DriverPlan {
    return {
      summary: `measures ${this.#sizes.length} size(s) × ${this.#invocations} invocations`,
      maxInvocations: this.#sizes.length * this.#invocations,
      maxMemoryMB: Math.max(...this.#sizes),
      maxSizes: this.#sizes.length,
    };
  }

  next(): DriverStep {
    if (this.#asked) return { kind: 'done' };
    this.#asked = true;
    return { kind: 'measure', sizes: this.#sizes.map((memoryMB) => ({ memoryMB, invocations: this.#invocations })) };
  }
}
