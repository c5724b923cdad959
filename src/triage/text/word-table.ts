/**
 * @module An open-addressing table from lexicon words to ids, probed with a token's hash and
 * units in place (no substring per token), for the term matcher.
 */
import { LEET_CODE, wordHash } from './tokenize.js';

/** An open-addressing table from word strings to ids, probed by characters of the text. */
export class WordTable {
  private slots = new Int32Array(16).fill(-1);
  private readonly words: string[] = [];
  // Typed arrays: 32-bit hashes are not all small integers, and a plain array would box them.
  private hashes = new Int32Array(16);
  private ids = new Int32Array(16);
  // Every word's units, one after the other: word e is `units[offsets[e], offsets[e] + its length)`.
  private units = new Uint16Array(64);
  private unitCount = 0;
  private offsets = new Int32Array(16);
  private wordLengths = new Int32Array(16);
  /** `lengths[n]` is 1 when some word has `n` units (lets prefix lookups skip other lengths). */
  lengths = new Uint8Array(1);

  get size(): number {
    return this.words.length;
  }

  /** `firstUnits[c]` is 1 when some word starts with UTF-16 unit `c`. */
  readonly firstUnits = new Uint8Array(65536);

  get(word: string): number | undefined {
    const h = wordHash(word);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e < 0) return undefined;
      if (this.hashes[e] === h && this.words[e] === word) return this.ids[e]!;
    }
  }

  add(word: string, id: number): void {
    if (this.get(word) !== undefined) return;
    // Load factor ≤ 1/4: most tokens are no lexicon word and should meet an empty slot at once.
    if ((this.words.length + 1) * 4 > this.slots.length) this.rehash(this.slots.length * 2);
    const e = this.words.length;
    const h = wordHash(word);
    if (e === this.hashes.length) {
      const hashes = new Int32Array(e * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const ids = new Int32Array(e * 2);
      ids.set(this.ids);
      this.ids = ids;
      const offsets = new Int32Array(e * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const wordLengths = new Int32Array(e * 2);
      wordLengths.set(this.wordLengths);
      this.wordLengths = wordLengths;
    }
    if (this.unitCount + word.length > this.units.length) {
      const units = new Uint16Array(Math.max(this.units.length * 2, this.unitCount + word.length));
      units.set(this.units);
      this.units = units;
    }
    this.offsets[e] = this.unitCount;
    this.wordLengths[e] = word.length;
    for (let k = 0; k < word.length; k++) this.units[this.unitCount++] = word.charCodeAt(k);
    this.words.push(word);
    this.hashes[e] = h;
    this.ids[e] = id;
    this.place(e, h);
    if (word.length >= this.lengths.length) {
      const l = new Uint8Array(word.length + 1);
      l.set(this.lengths);
      this.lengths = l;
    }
    this.lengths[word.length] = 1;
    if (word.length > 0) this.firstUnits[word.charCodeAt(0)] = 1;
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.slots[s] = e;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    for (let e = 0; e < this.words.length; e++) this.place(e, this.hashes[e]!);
  }

  /**
   * The id of the word spelled by `text[from, to)` — read through the leetspeak table when
   * `leet` — whose hash is `h`, or -1.
   */
  probe(text: Uint16Array, from: number, to: number, leet: boolean, h: number): number {
    const mask = this.slots.length - 1;
    const n = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e < 0) return -1;
      if (this.hashes[e] !== h || this.wordLengths[e] !== n) continue;
      const at = this.offsets[e]!;
      let k = 0;
      for (; k < n; k++) {
        let c = text[from + k]!;
        if (leet && c < 128) c = LEET_CODE[c]!;
        if (c !== this.units[at + k]) break;
      }
      if (k === n) return this.ids[e]!;
    }
  }
}
