/** An append-only column of numbers in a Float64Array that doubles when full. */

const INITIAL_CAPACITY = 64;

/**
 * Growable column of doubles. Used instead of arrays of records so a million invocations cost
 * 8 bytes per number rather than a few hundred bytes per object.
 */
export class Column {
  #data = new Float64Array(INITIAL_CAPACITY);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length] = value;
    this.#length += 1;
  }

  /** A read-only view of the filled part (no copy: valid until the next push). */
  view(): Readonly<Float64Array> {
    return this.#data.subarray(0, this.#length);
  }
}
