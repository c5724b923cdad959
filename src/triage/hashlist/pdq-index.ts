/**
 * @module Exact PDQ radius search by multi-index hashing (Norouzi, Punjani & Fleet, "Fast Search
 * in Hamming Space with Multi-Index Hashing", CVPR 2012; also ThreatExchange `pdq/cpp/index/mih.h`).
 *
 * The 256-bit hash is cut into m contiguous substrings of about 256/m bits, each with its own
 * table from substring value to the hashes holding it. Pigeonhole (Norouzi et al. §3, Prop. 1):
 * write the radius as r = s·m + a with 0 ≤ a < m; if two hashes are within r, then one of any
 * a + 1 chosen substrings is within s, or one of the other m − a − 1 is within s − 1 (otherwise
 * the distance would be at least (a+1)(s+1) + (m−a−1)s = r + 1). Probing every value within
 * those radii of the query's substrings therefore reaches every true neighbour, and each
 * candidate is then checked at full length: recall 1.0 for any data, only the work varies.
 *
 * Layout, chosen for speed on large lists: m ≈ 256 / (log₂ N − 4), so a bucket holds about 16
 * hashes (16 tables of 16 bits at a million); each table is compressed (CSR: bucket offsets, then entries sorted by bucket); and
 * each entry carries a copy of three hash words that do not overlap its substring. Candidates
 * of a bucket are thus read sequentially, and a random candidate is rejected on those 96 bits
 * alone (their distance is a lower bound of the full distance) without touching the hash
 * itself; only the rare survivors are checked on all 256 bits. The cost is memory: 16 bytes
 * per hash per table (12 of fingerprint, 4 of id: about 256 MB for a million hashes and 16
 * tables) on top of the 32 bytes of each hash.
 */
import { pdqHexToWords, popcount32 } from '../hashing/pdq-hash.js';
import type { PdqWords } from '../hashing/pdq-hash.js';

/** A hash found by a query: its position in the index and its distance from the query. */
export interface PdqNeighbour {
  id: number;
  distance: number;
}

/** Build options; the defaults suit any list, and tests use them to force the index path. */
export interface PdqIndexOptions {
  /** Number of substrings (tables), 12–16; default from the list size (see module header). */
  substrings?: number;
  /**
   * Answer by a linear scan when a query would probe more buckets than this; default the
   * number of hashes (a probe costs at least as much as checking one hash). Both are exact.
   */
  maxProbes?: number;
}

/** Words per hash, and per table entry (three fingerprint words). */
const WORDS = 8;
const ENTRY = 3;
// 12 tables = substrings of at most 22 bits, whose bucket offsets take 16 MB per table.
const MIN_SUBSTRINGS = 12;
const MAX_SUBSTRINGS = 16;

/**
 * Substrings for N hashes: widths near log₂ N − 4 bits, so a bucket holds about 16 hashes.
 * Fewer, fuller buckets than the textbook log₂ N because a probe is a random memory access
 * while the entries of a bucket are read in sequence and rejected in a few instructions
 * (measured at 1M hashes: 16 tables answer about 1.6× faster than 14, and 2× faster than 12).
 */
export function defaultSubstrings(n: number): number {
  const width = Math.max(1, Math.log2(Math.max(n, 2)) - 4);
  return Math.min(MAX_SUBSTRINGS, Math.max(MIN_SUBSTRINGS, Math.round(256 / width)));
}

/**
 * Two-stage popcount, first half: 2-bit then 4-bit field counts (each field ≤ 4). Up to three
 * of these can be added before a 4-bit field could overflow, and the byte stage done once.
 */
const nibbles = (x: number): number => {
  x = x - ((x >>> 1) & 0x55555555);
  return (x & 0x33333333) + ((x >>> 2) & 0x33333333);
};

/** Sum of the byte counts of a nibble-count word (fields ≤ 12 in, bytes ≤ 24). */
const bytesSum = (x: number): number =>
  Math.imul((x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f), 0x01010101) >>> 24;

/**
 * Hamming distance between the hash at word offset `o` of `words` and a query split in
 * q0…q7, as four pair-sums of nibble counts (fields ≤ 8) then four byte stages.
 */
function distanceAt(
  words: Uint32Array,
  o: number,
  q0: number,
  q1: number,
  q2: number,
  q3: number,
  q4: number,
  q5: number,
  q6: number,
  q7: number,
): number {
  let x = nibbles(words[o]! ^ q0) + nibbles(words[o + 1]! ^ q1);
  let y = nibbles(words[o + 2]! ^ q2) + nibbles(words[o + 3]! ^ q3);
  let z = nibbles(words[o + 4]! ^ q4) + nibbles(words[o + 5]! ^ q5);
  let w = nibbles(words[o + 6]! ^ q6) + nibbles(words[o + 7]! ^ q7);
  x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
  y = (y & 0x0f0f0f0f) + ((y >>> 4) & 0x0f0f0f0f);
  z = (z & 0x0f0f0f0f) + ((z >>> 4) & 0x0f0f0f0f);
  w = (w & 0x0f0f0f0f) + ((w >>> 4) & 0x0f0f0f0f);
  // Bytes ≤ 16 each, ≤ 64 summed over the four pairs: no overflow before the multiply.
  return Math.imul(x + y + z + w, 0x01010101) >>> 24;
}

/** Bits [start, start + width) of a hash (bit 0 = most significant bit of word 0), width ≤ 22. */
function substringOf(words: Uint32Array, o: number, start: number, width: number): number {
  const wi = start >>> 5;
  const off = start & 31;
  const hi = words[o + wi]!;
  if (off + width <= 32) return (hi << off) >>> (32 - width);
  // Spans two words; off > 0 here because width ≤ 32.
  return ((hi << off) | (words[o + wi + 1]! >>> (32 - off))) >>> (32 - width);
}

/** One table: its bit range, its fingerprint words, bucket offsets and entries. */
interface Table {
  start: number;
  width: number;
  /** The three hash words copied into each entry: none overlaps [start, start + width). */
  fp: [number, number, number];
  offsets: Uint32Array;
  /** Per entry, sorted by bucket: fingerprint words fp[0], fp[1], fp[2]. */
  entries: Uint32Array;
  /** The id of each entry, apart: only read for the few candidates the fingerprint passes. */
  ids: Uint32Array;
}

/** All w-bit masks of popcount ≤ s, with their popcounts; cached per (w, s). */
const maskCache = new Map<string, { masks: Int32Array; bits: Uint8Array }>();
function masksWithin(width: number, s: number): { masks: Int32Array; bits: Uint8Array } {
  const key = `${width}:${s}`;
  let found = maskCache.get(key);
  if (found) return found;
  const masks: number[] = [];
  // Enumerate combinations of up to s bit positions (s < width here: the caller caps it).
  const pick = (from: number, left: number, mask: number): void => {
    masks.push(mask);
    if (left === 0) return;
    for (let b = from; b < width; b++) pick(b + 1, left - 1, mask | (1 << b));
  };
  pick(0, Math.min(s, width), 0);
  const m = Int32Array.from(masks);
  const bits = Uint8Array.from(masks, popcount32);
  found = { masks: m, bits };
  maskCache.set(key, found);
  return found;
}

/** Number of w-bit masks of popcount ≤ s. */
function maskCount(width: number, s: number): number {
  let total = 0;
  let c = 1;
  for (let k = 0; k <= Math.min(s, width); k++) {
    total += c;
    c = (c * (width - k)) / (k + 1);
  }
  return total;
}

/**
 * An immutable index over N PDQ hashes. Build once (O(m·N)), query many times.
 *
 * @example
 * const index = PdqIndex.fromHex(listHashes);
 * index.query(queryHex, 31); // [{ id: 12, distance: 4 }]
 */
export class PdqIndex {
  /** The hashes, 8 words each, in id order. */
  readonly words: Uint32Array;
  readonly size: number;
  private readonly tables: Table[];
  private readonly maxProbes: number;
  /** Generation stamps: `seen[id] === gen` once id was checked in full during this query. */
  private readonly seen: Int32Array;
  private gen = 0;
  /** Per-query scratch: (from, to, limit) of each probed bucket. */
  private ranges = new Int32Array(0);
  /** Where pass 1's cache-line reads go, so the compiler cannot drop them. */
  private sink = 0;

  private constructor(words: Uint32Array, options: PdqIndexOptions) {
    this.words = words;
    this.size = words.length / WORDS;
    this.maxProbes = options.maxProbes ?? this.size;
    this.seen = new Int32Array(this.size);
    const m = options.substrings ?? defaultSubstrings(this.size);
    if (!Number.isInteger(m) || m < MIN_SUBSTRINGS || m > MAX_SUBSTRINGS) {
      throw new RangeError(`substrings must be an integer ${MIN_SUBSTRINGS}–${MAX_SUBSTRINGS}`);
    }
    this.tables = [];
    const n = this.size;
    let start = 0;
    for (let j = 0; j < m; j++) {
      // Widths differ by at most one bit; the wider ones first (they get the larger radius).
      const width = Math.floor(256 / m) + (j < 256 % m ? 1 : 0);
      const first = start >>> 5;
      const last = (start + width - 1) >>> 5;
      const others = [0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w < first || w > last);
      // Spread the fingerprint over the hash: the words farthest from the substring.
      const fp: [number, number, number] = [
        others[0]!,
        others[Math.floor(others.length / 2)]!,
        others[others.length - 1]!,
      ];
      const buckets = 2 ** width;
      // Counting sort into a compressed table: counts, prefix sums, then placement.
      const offsets = new Uint32Array(buckets + 1);
      const keys = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const k = substringOf(words, i * WORDS, start, width);
        keys[i] = k;
        offsets[k + 1]!++;
      }
      for (let b = 0; b < buckets; b++) offsets[b + 1]! += offsets[b]!;
      const fill = offsets.slice(0, buckets);
      const entries = new Uint32Array(n * ENTRY);
      const ids = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const slot = fill[keys[i]!]!++;
        const e = slot * ENTRY;
        const o = i * WORDS;
        entries[e] = words[o + fp[0]]!;
        entries[e + 1] = words[o + fp[1]]!;
        entries[e + 2] = words[o + fp[2]]!;
        ids[slot] = i;
      }
      this.tables.push({ start, width, fp, offsets, entries, ids });
      start += width;
    }
  }

  /** Index hashes given as 8-word blocks (see `pdqHexToWords`), concatenated. */
  static fromWords(words: Uint32Array, options: PdqIndexOptions = {}): PdqIndex {
    if (words.length % WORDS !== 0) throw new RangeError('PDQ words must come in blocks of 8');
    return new PdqIndex(words, options);
  }

  /** Index hashes given as 64-hex strings; id i is `hexes[i]`. */
  static fromHex(hexes: readonly string[], options: PdqIndexOptions = {}): PdqIndex {
    const words = new Uint32Array(hexes.length * WORDS);
    hexes.forEach((hex, i) => words.set(pdqHexToWords(hex), i * WORDS));
    return new PdqIndex(words, options);
  }

  /** Number of tables (substrings). */
  get substrings(): number {
    return this.tables.length;
  }

  private rangesFor(length: number): Int32Array {
    if (this.ranges.length < length) this.ranges = new Int32Array(length);
    return this.ranges;
  }

  /** Probe radius of each table for radius r (Prop. 1): the first a + 1 get s, the rest s − 1. */
  private probeRadii(r: number): number[] {
    const m = this.tables.length;
    const s = Math.floor(r / m);
    const a = r - s * m;
    return this.tables.map((_, j) => (j <= a ? s : s - 1));
  }

  /**
   * Every indexed hash within `maxDistance` of the query, nearest first (ties by id).
   * Exact: the same set a linear scan returns.
   */
  query(query: string | PdqWords, maxDistance = 31): PdqNeighbour[] {
    const q = typeof query === 'string' ? pdqHexToWords(query) : query;
    if (this.size === 0 || maxDistance < 0) return [];
    const radii = this.probeRadii(maxDistance);
    let probes = 0;
    this.tables.forEach((t, j) => {
      if (radii[j]! >= 0) probes += maskCount(t.width, radii[j]!);
    });
    if (probes > this.maxProbes) return bruteForceQuery(this.words, q, maxDistance);

    // Pass 1: every probed bucket's entry range, and a read of each of its cache lines. The
    // buckets are scattered over hundreds of megabytes, so each is a cache (and TLB) miss;
    // issued here back to back they overlap, whereas interleaved with the checks of pass 2
    // they would be waited for one at a time.
    const ranges = this.rangesFor(3 * probes);
    const firstRange = new Int32Array(this.tables.length + 1);
    let n = 0;
    let touched = 0;
    for (let j = 0; j < this.tables.length; j++) {
      firstRange[j] = n;
      const s = radii[j]!;
      if (s < 0) continue;
      const { start, width, offsets, entries } = this.tables[j]!;
      const key = substringOf(q, 0, start, width);
      const { masks, bits } = masksWithin(width, s);
      const last = entries.length - 1;
      for (let p = 0; p < masks.length; p++) {
        const bucket = key ^ masks[p]!;
        const from = offsets[bucket]! * ENTRY;
        const to = offsets[bucket + 1]! * ENTRY;
        // The first four cache lines (16 words each) of the bucket, without a data-dependent
        // branch: a mispredicted loop exit here would stall on the offsets load and squash
        // the reads issued after it. Longer buckets stream in by hardware prefetch.
        touched ^=
          entries[Math.min(from, last)]! ^
          entries[Math.min(from + 16, last)]! ^
          entries[Math.min(from + 32, last)]! ^
          entries[Math.min(from + 48, last)]!;
        ranges[n] = from;
        ranges[n + 1] = to;
        // The fingerprint words are disjoint from this substring, which differs by bits[p]:
        // fingerprint distance + bits[p] is a lower bound of the full distance.
        ranges[n + 2] = maxDistance - bits[p]!;
        n += 3;
      }
    }
    firstRange[this.tables.length] = n;
    this.sink = touched;

    // Pass 2: check the candidates, on the fingerprint first, in full only if it passes.
    const out: PdqNeighbour[] = [];
    const words = this.words;
    const seen = this.seen;
    if (++this.gen === 0x7fffffff) {
      seen.fill(0);
      this.gen = 1;
    }
    const gen = this.gen;
    const q0 = q[0]!,
      q1 = q[1]!,
      q2 = q[2]!,
      q3 = q[3]!,
      q4 = q[4]!,
      q5 = q[5]!,
      q6 = q[6]!,
      q7 = q[7]!;
    for (let j = 0; j < this.tables.length; j++) {
      const { fp, entries, ids } = this.tables[j]!;
      const fa = q[fp[0]]!;
      const fb = q[fp[1]]!;
      const fc = q[fp[2]]!;
      for (let r = firstRange[j]!, rEnd = firstRange[j + 1]!; r < rEnd; r += 3) {
        const end = ranges[r + 1]!;
        const limit = ranges[r + 2]!;
        for (let e = ranges[r]!; e < end; e += ENTRY) {
          const lower = bytesSum(
            nibbles(entries[e]! ^ fa) +
              nibbles(entries[e + 1]! ^ fb) +
              nibbles(entries[e + 2]! ^ fc),
          );
          if (lower > limit) continue;
          const id = ids[e / ENTRY]!;
          if (seen[id] === gen) continue;
          seen[id] = gen;
          const d = distanceAt(words, id * WORDS, q0, q1, q2, q3, q4, q5, q6, q7);
          if (d <= maxDistance) out.push({ id, distance: d });
        }
      }
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }
}

/**
 * Linear scan over all hashes: the reference the index is tested and benchmarked against.
 * One pass over the flat word array; per hash the full 256-bit distance (eight XORs, a
 * two-stage SWAR popcount summed across words, one multiply), no early exit, so its cost does
 * not depend on the data.
 */
export function bruteForceQuery(
  words: Uint32Array,
  query: string | PdqWords,
  maxDistance = 31,
): PdqNeighbour[] {
  const q = typeof query === 'string' ? pdqHexToWords(query) : query;
  const q0 = q[0]!,
    q1 = q[1]!,
    q2 = q[2]!,
    q3 = q[3]!,
    q4 = q[4]!,
    q5 = q[5]!,
    q6 = q[6]!,
    q7 = q[7]!;
  const out: PdqNeighbour[] = [];
  const n = words.length / WORDS;
  for (let id = 0, o = 0; id < n; id++, o += WORDS) {
    // distanceAt, written out: V8 does not inline a ten-argument call in this hot a loop.
    let x = nibbles(words[o]! ^ q0) + nibbles(words[o + 1]! ^ q1);
    let y = nibbles(words[o + 2]! ^ q2) + nibbles(words[o + 3]! ^ q3);
    let z = nibbles(words[o + 4]! ^ q4) + nibbles(words[o + 5]! ^ q5);
    let w = nibbles(words[o + 6]! ^ q6) + nibbles(words[o + 7]! ^ q7);
    x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
    y = (y & 0x0f0f0f0f) + ((y >>> 4) & 0x0f0f0f0f);
    z = (z & 0x0f0f0f0f) + ((z >>> 4) & 0x0f0f0f0f);
    w = (w & 0x0f0f0f0f) + ((w >>> 4) & 0x0f0f0f0f);
    const d = Math.imul(x + y + z + w, 0x01010101) >>> 24;
    if (d <= maxDistance) out.push({ id, distance: d });
  }
  return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

/**
 * Linear scan that stops on a hash once its first 128 bits already differ by more than the
 * radius. Exact too; on random hashes it does about half the work of `bruteForceQuery`. The
 * benchmark reports it as a second, stronger baseline.
 */
export function earlyExitScanQuery(
  words: Uint32Array,
  query: string | PdqWords,
  maxDistance = 31,
): PdqNeighbour[] {
  const q = typeof query === 'string' ? pdqHexToWords(query) : query;
  const q0 = q[0]!,
    q1 = q[1]!,
    q2 = q[2]!,
    q3 = q[3]!,
    q4 = q[4]!,
    q5 = q[5]!,
    q6 = q[6]!,
    q7 = q[7]!;
  const out: PdqNeighbour[] = [];
  const n = words.length / WORDS;
  for (let id = 0, o = 0; id < n; id++, o += WORDS) {
    let x = nibbles(words[o]! ^ q0) + nibbles(words[o + 1]! ^ q1);
    let y = nibbles(words[o + 2]! ^ q2) + nibbles(words[o + 3]! ^ q3);
    x = (x & 0x0f0f0f0f) + ((x >>> 4) & 0x0f0f0f0f);
    y = (y & 0x0f0f0f0f) + ((y >>> 4) & 0x0f0f0f0f);
    const half = Math.imul(x + y, 0x01010101) >>> 24;
    if (half > maxDistance) continue;
    let z = nibbles(words[o + 4]! ^ q4) + nibbles(words[o + 5]! ^ q5);
    let w = nibbles(words[o + 6]! ^ q6) + nibbles(words[o + 7]! ^ q7);
    z = (z & 0x0f0f0f0f) + ((z >>> 4) & 0x0f0f0f0f);
    w = (w & 0x0f0f0f0f) + ((w >>> 4) & 0x0f0f0f0f);
    const d = half + (Math.imul(z + w, 0x01010101) >>> 24);
    if (d <= maxDistance) out.push({ id, distance: d });
  }
  return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
}
