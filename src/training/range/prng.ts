/**
 * @module A seeded pseudo-random generator for the training range. The corpus must be
 * byte-identical for the same seed (R24 variants derive from it), so nothing here touches
 * Math.random or the clock.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes
 * PractRand, and is trivially portable, which is all a fiction generator needs. Seeded from
 * SHA-256 of a label so that independent streams (`fork`) never overlap in practice.
 *
 * @example
 * const rng = Rng.from('seed:42'); rng.int(10) // same value every run
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  private constructor(state: Uint8Array) {
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    this.#a = view.getUint32(0);
    this.#b = view.getUint32(4);
    this.#c = view.getUint32(8);
    this.#d = view.getUint32(12) | 1;
    // Warm up: the first outputs of sfc32 are correlated with the seed words.
    for (let i = 0; i < 12; i += 1) this.nextUint32();
  }

  /** A generator whose whole stream is a function of `label`. */
  static from(label: string): Rng {
    return new Rng(sha256(utf8ToBytes(label)));
  }

  /** An independent stream derived from this one's next outputs and a label. */
  fork(label: string): Rng {
    return Rng.from(`${this.nextUint32()}:${this.nextUint32()}:${label}`);
  }

  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Picks by weight; `weights` pairs each item with a non-negative weight. */
  weighted<T>(weights: readonly (readonly [T, number])[]): T {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [item, w] of weights) {
      roll -= w;
      if (roll < 0) return item;
    }
    const last = weights[weights.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) {
      const [item] = copy.splice(this.int(copy.length), 1);
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 1) out[i] = this.nextUint32() & 0xff;
    return out;
  }

  /** A string of `n` characters drawn from `alphabet`. */
  token(n: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < n; i += 1) out += alphabet[this.int(alphabet.length)] ?? '';
    return out;
  }
}
