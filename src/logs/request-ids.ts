/**
 * The request ids a replay has counted, so the same invocation read twice (`replay a.log a.log.gz`,
 * two overlapping exports) counts once. Not a Set of strings (~100 bytes an id): each id is kept as
 * a 48-bit fingerprint — 32 bits that also choose its slot, and 16 more — in an open-addressing
 * table of three 16-bit words a slot, which doubles at three quarters full: 8–16 bytes per distinct
 * id (2.25 million ids ≈ 24 MB, ten million ≈ 96 MB). Fine up to millions of invocations a run, the
 * scale of a replay; memory grows with the ids, nothing else of an invocation is kept. Two different
 * ids share a fingerprint with odds of about n² / 2^49: one in a hundred runs of two million ids
 * would count one invocation too few.
 */

const INITIAL_SLOTS = 1 << 12;

export class RequestIds {
  /** Per slot: the high and low halves of the 32-bit hash (the slot's choice), then the 16 more bits. (0, 0, 0): empty. */
  #slots = new Uint16Array(3 * INITIAL_SLOTS);
  #mask = INITIAL_SLOTS - 1;
  #count = 0;
  /** Where a string id is written as UTF-8, so it hashes exactly as the same id's bytes do. */
  #scratch = Buffer.allocUnsafe(256);

  /** Adds the id in `buf[start..end)`; true when it was there already (a duplicate). */
  seenBytes(buf: Uint8Array, start: number, end: number): boolean {
    let h1 = 0x811c9dc5 ^ (end - start);
    let h2 = 0x2545f491 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const word = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
      h1 = Math.imul(rotate(h1 ^ word, 13), 0x9e3779b1);
      h2 = Math.imul(rotate(h2 ^ word, 17), 0x85ebca77);
    }
    let word = 0;
    for (let k = 0; i < end; i++, k += 8) word |= buf[i]! << k;
    h1 = finish(Math.imul(rotate(h1 ^ word, 13), 0x9e3779b1));
    h2 = finish(Math.imul(rotate(h2 ^ word, 17), 0x85ebca77) ^ 0x5bd1e995);
    return this.#insert(h1, h2);
  }

  /** The same for an id as a string. */
  seenString(id: string): boolean {
    if (id.length * 3 > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(id.length * 3);
    const length = this.#scratch.write(id, 0, 'utf8');
    return this.seenBytes(this.#scratch, 0, length);
  }

  #insert(h1: number, h2: number): boolean {
    const high = h1 >>> 16;
    const low = h1 & 0xffff;
    // (0, 0, 0) marks an empty slot.
    const check = (h2 & 0xffff) | Number(high === 0 && low === 0 && (h2 & 0xffff) === 0);
    const slots = this.#slots;
    for (let i = h1 & this.#mask; ; i = (i + 1) & this.#mask) {
      const at = 3 * i;
      const a = slots[at]!;
      const b = slots[at + 1]!;
      const c = slots[at + 2]!;
      if (a === high && b === low && c === check) return true;
      if (a === 0 && b === 0 && c === 0) {
        slots[at] = high;
        slots[at + 1] = low;
        slots[at + 2] = check;
        this.#count += 1;
        if (this.#count * 4 > (this.#mask + 1) * 3) this.#grow();
        return false;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    const size = 2 * (this.#mask + 1);
    const slots = new Uint16Array(3 * size);
    const mask = size - 1;
    for (let j = 0; j < old.length; j += 3) {
      const a = old[j]!;
      const b = old[j + 1]!;
      const c = old[j + 2]!;
      if (a === 0 && b === 0 && c === 0) continue;
      let i = ((a << 16) | b) & mask;
      while (slots[3 * i] !== 0 || slots[3 * i + 1] !== 0 || slots[3 * i + 2] !== 0) i = (i + 1) & mask;
      slots[3 * i] = a;
      slots[3 * i + 1] = b;
      slots[3 * i + 2] = c;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

function rotate(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
