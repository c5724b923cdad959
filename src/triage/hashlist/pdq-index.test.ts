/** @module The multi-index PDQ index must return exactly what a linear scan returns. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { pdqWordsToHex } from '../hashing/pdq-hash.js';
import { PdqIndex, bruteForceQuery } from './pdq-index.js';

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
