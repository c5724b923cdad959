/** @module The multi-index PDQ index must return exactly what a linear scan returns. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { pdqWordsToHex } from '../hashing/pdq-hash.js';
import { PdqIndex, bruteForceQuery, defaultSubstrings, earlyExitScanQuery } from './pdq-index.js';

const readHashes = (name: string) =>
  readFileSync(path.join(SHARED_DIR, 'pdq/mih', name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Flip `k` distinct random bits of a hash. */
function flip(words: Uint32Array, k: number, next: () => number): Uint32Array {
  const out = Uint32Array.from(words);
  const bits = new Set<number>();
  while (bits.size < k) bits.add(next() % 256);
  for (const b of bits) out[b >> 5] = (out[b >> 5]! ^ (1 << (b & 31))) >>> 0;
  return out;
}

describe('PdqIndex on ../shared/pdq/mih', () => {
  const haystack = readHashes('haystack.txt');
  const needles = readHashes('needles.txt');
  const index = PdqIndex.fromHex(haystack);

  it('finds, for every needle, exactly the brute-force neighbours within 31', () => {
    expect(haystack).toHaveLength(1350);
    expect(needles).toHaveLength(100);
    let found = 0;
    let withNeighbours = 0;
    for (const needle of needles) {
      const expected = bruteForceQuery(index.words, needle, 31);
      expect(index.query(needle, 31)).toEqual(expected);
      found += expected.length;
      if (expected.length > 0) withNeighbours++;
    }
    console.log(`mih: ${withNeighbours}/100 needles have neighbours, ${found} pairs, recall 1.0`);
    // The data set is built to have near neighbours; the test would be empty otherwise.
    expect(withNeighbours).toBeGreaterThan(10);
  });

  it('is exact at other radii, including beyond 16·k boundaries', () => {
    for (const radius of [0, 15, 16, 32, 47, 48, 64]) {
      for (const needle of needles.slice(0, 25)) {
        expect(index.query(needle, radius)).toEqual(bruteForceQuery(index.words, needle, radius));
      }
    }
  });

  it('is exact through the tables (no scan fallback) for every table count and radius', () => {
    // maxProbes: Infinity forces the multi-index path even where a scan would be cheaper, so
    // the pigeonhole radii (s and s − 1, Prop. 1) are exercised at every r mod m.
    for (const substrings of [12, 13, 15, 16]) {
      const forced = PdqIndex.fromHex(haystack, { substrings, maxProbes: Infinity });
      expect(forced.substrings).toBe(substrings);
      for (const radius of [0, 1, 7, 15, 16, 17, 23, 31, 32, 40]) {
        for (const needle of needles.slice(0, 12)) {
          expect(forced.query(needle, radius), `m=${substrings} r=${radius}`).toEqual(
            bruteForceQuery(forced.words, needle, radius),
          );
        }
      }
    }
  });
});

describe('PdqIndex on random hashes with planted neighbours', () => {
  it('finds every planted neighbour at distances up to 31 and none beyond', () => {
    const next = rng(42);
    const n = 20_000;
    const words = new Uint32Array(n * 8);
    for (let i = 0; i < words.length; i++) words[i] = next();
    // Plant: for 200 queries, neighbours at distances 0…40 spread over the haystack.
    const queries: Uint32Array[] = [];
    const planted = new Map<number, { query: number; distance: number }>();
    for (let qi = 0; qi < 200; qi++) {
      const q = new Uint32Array(8);
      for (let i = 0; i < 8; i++) q[i] = next();
      queries.push(q);
      for (let k = 0; k < 4; k++) {
        const distance = (qi * 4 + k) % 41;
        const id = (qi * 97 + k * 5003) % n;
        words.set(flip(q, distance, next), id * 8);
        planted.set(id, { query: qi, distance });
      }
    }
    const index = PdqIndex.fromWords(words);
    let plantedWithin = 0;
    queries.forEach((q, qi) => {
      const got = index.query(q, 31);
      expect(got).toEqual(bruteForceQuery(words, q, 31));
      for (const [id, p] of planted) {
        if (p.query !== qi) continue;
        const hit = got.find((g) => g.id === id);
        if (p.distance <= 31) {
          expect(hit, `planted id ${id} at ${p.distance}`).toEqual({ id, distance: p.distance });
          plantedWithin++;
        } else {
          expect(hit).toBeUndefined();
        }
      }
    });
    expect(plantedWithin).toBeGreaterThan(600);
  });

  it('is exact on skewed lists: duplicates, all-zero hashes, one crowded bucket', () => {
    const next = rng(7);
    const hexes: string[] = [];
    const base = new Uint32Array(8);
    for (let i = 0; i < 8; i++) base[i] = next();
    for (let i = 0; i < 3000; i++) {
      if (i % 3 === 0) hexes.push('0'.repeat(64));
      else if (i % 3 === 1) hexes.push(pdqWordsToHex(flip(base, i % 40, next)));
      else {
        // Same first 64 bits as `base`, random elsewhere: every table on those bits collides.
        const w = Uint32Array.from(base);
        for (let k = 2; k < 8; k++) w[k] = next();
        hexes.push(pdqWordsToHex(w));
      }
    }
    const index = PdqIndex.fromHex(hexes, { maxProbes: Infinity });
    for (const q of [base, new Uint32Array(8), flip(base, 20, next), flip(base, 90, next)]) {
      for (const radius of [0, 10, 31, 45]) {
        const got = index.query(q, radius);
        expect(got).toEqual(bruteForceQuery(index.words, q, radius));
        // A second query must not be affected by the first one's de-duplication stamps.
        expect(index.query(q, radius)).toEqual(got);
      }
    }
  });

  it('linear scans agree with each other, and large radii fall back to one', () => {
    const next = rng(99);
    const words = new Uint32Array(5000 * 8);
    for (let i = 0; i < words.length; i++) words[i] = next();
    const index = PdqIndex.fromWords(words);
    for (let i = 0; i < 20; i++) {
      const q = flip(words.subarray(i * 8, i * 8 + 8), i * 5, next);
      for (const radius of [31, 70, 128, 256]) {
        const truth = bruteForceQuery(words, q, radius);
        expect(earlyExitScanQuery(words, q, radius)).toEqual(truth);
        expect(index.query(q, radius)).toEqual(truth);
      }
    }
    expect(index.query(words.subarray(0, 8), 256)).toHaveLength(5000);
  });

  it('chooses about log2(N) − 4 bits per table, within 12–16 tables', () => {
    expect(defaultSubstrings(0)).toBe(16);
    expect(defaultSubstrings(1_000_000)).toBe(16);
    expect(defaultSubstrings(1 << 22)).toBe(14);
    expect(defaultSubstrings(1e12)).toBe(12);
    expect(() => PdqIndex.fromWords(new Uint32Array(8), { substrings: 20 })).toThrow(RangeError);
  });

  it('handles an empty index and reports hashes in hex order of ids', () => {
    expect(PdqIndex.fromHex([]).query('0'.repeat(64))).toEqual([]);
    const a = 'f'.repeat(64);
    const idx = PdqIndex.fromHex([a, '0'.repeat(64), a]);
    expect(idx.query(a, 0)).toEqual([
      { id: 0, distance: 0 },
      { id: 2, distance: 0 },
    ]);
    expect(pdqWordsToHex(idx.words.subarray(8, 16))).toBe('0'.repeat(64));
  });
});
