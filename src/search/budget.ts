/**
 * What the search may still ask for: the invocation and size caps, the GB-seconds against the grid's,
 * and nothing twice. Pure.
 */
import { cleanSizes, type SearchConfig, type SearchView } from './view.js';

/** The 7-size × 20 grid peers use (128…3008 MB): the yardstick of the search's spend. */
export const GRID_SIZES = [128, 256, 512, 1024, 1536, 2048, 3008] as const;
export const GRID_INVOCATIONS = 20;

export interface Ledger {
  /** Invocations asked for per size so far (a size asked for but absent from the records was refused). */
  asked: ReadonlyMap<number, number>;
}

export interface Request {
  memoryMB: number;
  invocations: number;
  /** At most this many at once (SearchConfig.parallel). */
  concurrency: number;
}

export interface Bounds {
  minMB: number;
  maxMB: number;
}

/** A size within this fraction of one already asked for counts as measured. */
export const NEAR = 0.02;

export class Budget {
  readonly #view: SearchView;
  readonly #ledger: Ledger;
  readonly #config: SearchConfig;
  #left: number;
  #sizesLeft: number;
  #gbsLeft: number;
  readonly #durationMs: (memoryMB: number) => number;

  constructor(view: SearchView, ledger: Ledger, config: SearchConfig) {
    this.#view = view;
    this.#ledger = ledger;
    this.#config = config;
    this.#left = config.maxInvocations - [...ledger.asked.values()].reduce((a, b) => a + b, 0);
    this.#sizesLeft = config.maxSizes - ledger.asked.size;
    this.#durationMs = durationEstimate(view);
    const spent = view.sizes.reduce((sum, s) => sum + s.gbSeconds, 0);
    this.#gbsLeft = config.spend * gridGbSeconds(this.#durationMs) - spent;
  }

  /** GB-seconds `invocations` at `memoryMB` would cost, by the durations measured so far. */
  #gbs(memoryMB: number, invocations: number): number {
    return (invocations * memoryMB * this.#durationMs(memoryMB)) / 1024 / 1000;
  }

  /** Invocations at `memoryMB` the GB-seconds left allow. */
  #affordable(memoryMB: number): number {
    const each = this.#gbs(memoryMB, 1);
    return each > 0 ? Math.floor(this.#gbsLeft / each) : Number.MAX_SAFE_INTEGER;
  }

  /**
   * First batch at each size not yet asked for (nor one within NEAR of it): the cold starts plus
   * `minWarm` warm invocations, or plus `warm(memoryMB)` where given.
   */
  newSizes(sizes: readonly number[], warm: (memoryMB: number) => number = () => this.#config.minWarm): Request[] {
    const asks: Request[] = [];
    for (const memoryMB of new Set(sizes)) {
      const known = [...this.#ledger.asked.keys(), ...asks.map((a) => a.memoryMB)];
      if (known.some((mb) => Math.abs(mb - memoryMB) <= NEAR * memoryMB)) continue;
      const first = Math.min(this.#capOf(warm(memoryMB)), this.#config.parallel + Math.max(this.#config.minWarm, warm(memoryMB)));
      const invocations = Math.min(first, this.#left, this.#affordable(memoryMB));
      if (this.#sizesLeft <= 0 || invocations < this.#config.parallel + this.#config.minWarm) continue;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
      this.#gbsLeft -= this.#gbs(memoryMB, invocations);
      this.#sizesLeft -= 1;
    }
    return asks;
  }

  /** Sizes that ran clean but have fewer than `minWarm` warm invocations: the difference. */
  topUps(): Request[] {
    const short = this.#view.sizes.filter((s) => s.errors === 0 && s.warm < this.#config.minWarm);
    return this.#take(short.map((s) => ({ memoryMB: s.memoryMB, want: this.#config.minWarm - s.warm })));
  }

  /**
   * Enough further invocations at each size for `warm` warm ones, in one step; above the per-size
   * cap only as far as the SLO's cap (`sloCap`), which exists for the p95's bound (`forSlo`, or
   * when `warm` needs it).
   */
  upTo(sizes: readonly number[], warm: number, forSlo = false): Request[] {
    const known = new Map(this.#view.sizes.map((s) => [s.memoryMB, s]));
    return this.#take(
      sizes.flatMap((mb) => {
        const s = known.get(mb);
        return s && s.errors === 0 && s.warm < warm ? [{ memoryMB: mb, want: warm - s.warm }] : [];
      }),
      forSlo ? Math.max(this.#config.perSizeCap, this.#config.sloCap) : this.#capOf(warm),
    );
  }

  /** The per-size cap that applies to a size wanting `warm` warm invocations. */
  #capOf(warm: number): number {
    return warm > this.#config.perSizeCap - this.#config.parallel ? Math.max(this.#config.perSizeCap, this.#config.sloCap) : this.#config.perSizeCap;
  }

  /** Doubles the warm invocations of each size (up to the cap per size). */
  more(sizes: readonly number[]): Request[] {
    const known = new Map(this.#view.sizes.map((s) => [s.memoryMB, s]));
    const wanted = [...new Set(sizes)].flatMap((mb) => {
      const s = known.get(mb);
      return s && s.errors === 0 ? [{ memoryMB: mb, want: Math.max(this.#config.minWarm, s.warm) }] : [];
    });
    return this.#take(wanted);
  }

  #take(wanted: readonly { memoryMB: number; want: number }[], cap = this.#config.perSizeCap): Request[] {
    const asks: Request[] = [];
    for (const { memoryMB, want } of wanted) {
      const room = cap - (this.#ledger.asked.get(memoryMB) ?? 0);
      const invocations = Math.min(want, room, this.#left, this.#affordable(memoryMB));
      if (invocations <= 0) continue;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
      this.#gbsLeft -= this.#gbs(memoryMB, invocations);
    }
    return asks;
  }
}

/**
 * The mean billed duration of an invocation, cold starts included, at any size from the clean sizes
 * measured (what their invocations were billed, each size's cold share as the run's concurrency
 * made it, which the grid shares): log-log interpolation between them,
 * the largest one's beyond it (no faster: the estimate of what remains to spend errs low only as far
 * as durations keep falling), and a proportional slow-down below the smallest. 0 before any.
 */
export function durationEstimate(view: SearchView): (memoryMB: number) => number {
  const points = cleanSizes(view).map((s) => ({ mb: s.memoryMB, ms: (s.gbSeconds * 1024 * 1000) / s.memoryMB / Math.max(1, s.records) }));
  return (mb) => {
    if (points.length === 0) return 0;
    const next = points.findIndex((p) => p.mb >= mb);
    if (next < 0) return (points.at(-1) as { ms: number }).ms;
    const high = points[next] as { mb: number; ms: number };
    if (next === 0) return (high.ms * high.mb) / Math.max(1, mb);
    const low = points[next - 1] as { mb: number; ms: number };
    const t = Math.log(mb / low.mb) / Math.log(high.mb / low.mb);
    return Math.exp(Math.log(low.ms) + t * (Math.log(high.ms) - Math.log(low.ms)));
  };
}

/** GB-seconds of the 7 × 20 grid on a function of these durations. */
export function gridGbSeconds(durationMs: (memoryMB: number) => number): number {
  return GRID_SIZES.reduce((sum, mb) => sum + (GRID_INVOCATIONS * mb * durationMs(mb)) / 1024 / 1000, 0);
}
