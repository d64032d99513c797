/** What the search may still ask for: the invocation and size caps, and nothing twice. Pure. */
import type { SearchConfig, SearchView } from './view.js';

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
  #mbLeft: number;

  constructor(view: SearchView, ledger: Ledger, config: SearchConfig) {
    this.#view = view;
    this.#ledger = ledger;
    this.#config = config;
    this.#left = config.maxInvocations - [...ledger.asked.values()].reduce((a, b) => a + b, 0);
    this.#sizesLeft = config.maxSizes - ledger.asked.size;
    this.#mbLeft = config.maxMBInvocations - [...ledger.asked].reduce((sum, [mb, n]) => sum + mb * n, 0);
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
      const invocations = Math.min(first, this.#left, Math.floor(this.#mbLeft / memoryMB));
      if (this.#sizesLeft <= 0 || invocations < this.#config.parallel + this.#config.minWarm) continue;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
      this.#mbLeft -= invocations * memoryMB;
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
      const invocations = Math.min(want, room, this.#left, Math.floor(this.#mbLeft / memoryMB));
      if (invocations <= 0) continue;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
      this.#mbLeft -= invocations * memoryMB;
    }
    return asks;
  }
}
