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
/** A p95 too close to the SLO is confirmed over this many times the warm minimum. */
export const CONFIRM_WARM = 3;

export class Budget {
  readonly #view: SearchView;
  readonly #ledger: Ledger;
  readonly #config: SearchConfig;
  #left: number;
  #sizesLeft: number;

  constructor(view: SearchView, ledger: Ledger, config: SearchConfig) {
    this.#view = view;
    this.#ledger = ledger;
    this.#config = config;
    this.#left = config.maxInvocations - [...ledger.asked.values()].reduce((a, b) => a + b, 0);
    this.#sizesLeft = config.maxSizes - ledger.asked.size;
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
      const first = Math.min(this.#config.perSizeCap, this.#config.parallel + Math.max(this.#config.minWarm, warm(memoryMB)));
      const invocations = Math.min(first, this.#left);
      if (this.#sizesLeft <= 0 || invocations < this.#config.minWarm) break;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
      this.#sizesLeft -= 1;
    }
    return asks;
  }

  /** Sizes that ran clean but have fewer than `minWarm` warm invocations: the difference. */
  topUps(): Request[] {
    const short = this.#view.sizes.filter((s) => s.errors === 0 && s.warm < this.#config.minWarm);
    return this.#take(short.map((s) => ({ memoryMB: s.memoryMB, want: this.#config.minWarm - s.warm })));
  }

  /** Up to CONFIRM_WARM × `minWarm` warm invocations at each size, in one step (a p95 from 15 values rather than 5). */
  confirm(sizes: readonly number[]): Request[] {
    const known = new Map(this.#view.sizes.map((s) => [s.memoryMB, s]));
    const target = CONFIRM_WARM * this.#config.minWarm;
    return this.#take(sizes.flatMap((mb) => {
      const s = known.get(mb);
      return s && s.errors === 0 && s.warm < target ? [{ memoryMB: mb, want: target - s.warm }] : [];
    }));
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

  #take(wanted: readonly { memoryMB: number; want: number }[]): Request[] {
    const asks: Request[] = [];
    for (const { memoryMB, want } of wanted) {
      const room = this.#config.perSizeCap - (this.#ledger.asked.get(memoryMB) ?? 0);
      const invocations = Math.min(want, room, this.#left);
      if (invocations <= 0) continue;
      asks.push({ memoryMB, invocations, concurrency: this.#config.parallel });
      this.#left -= invocations;
    }
    return asks;
  }
}
