/**
 * @module PDQ match index (issue 5): queries/s of the multi-index hash index over 1 000 000
 * random hashes at radius 31, against a linear scan of the same hashes in the same run
 * (goal ≥ 100×). Recall against the linear scan is checked on every sampled query and
 * reported: it must be 1.0.
 */
import { PdqIndex, bruteForceQuery } from '../src/triage/hashlist/pdq-index.js';
import type { PdqNeighbour } from '../src/triage/hashlist/pdq-index.js';
import type { BenchResult } from './types.js';

const N = 1_000_000;
const RADIUS = 31;
const QUERIES = 2_000;
const SCAN_SAMPLE = 40;

/** mulberry32: fixed seed, same data every run. */
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

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export default function run(): Promise<BenchResult[]> {
  const next = rng(20260301);
  const words = new Uint32Array(N * 8);
  for (let i = 0; i < words.length; i++) words[i] = next();
  // Half the queries are near copies of indexed hashes (0–31 bits flipped), half random.
  const queries: Uint32Array[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const query = new Uint32Array(8);
    if (q % 2 === 0) {
      const id = next() % N;
      query.set(words.subarray(id * 8, id * 8 + 8));
      const flips = next() % (RADIUS + 1);
      for (let f = 0; f < flips; f++) {
        const bit = next() % 256;
        query[bit >> 5] = (query[bit >> 5]! ^ (1 << (bit & 31))) >>> 0;
      }
    } else {
      for (let i = 0; i < 8; i++) query[i] = next();
    }
    queries.push(query);
  }

  let start = process.hrtime.bigint();
  const index = PdqIndex.fromWords(words);
  const buildSeconds = seconds(start);

  for (let q = 0; q < 50; q++) index.query(queries[q]!, RADIUS); // warm-up
  start = process.hrtime.bigint();
  const found: PdqNeighbour[][] = [];
  for (const q of queries) found.push(index.query(q, RADIUS));
  const indexQps = QUERIES / seconds(start);

  bruteForceQuery(words, queries[0]!, RADIUS); // warm-up
  start = process.hrtime.bigint();
  const scanned: PdqNeighbour[][] = [];
  for (let q = 0; q < SCAN_SAMPLE; q++) scanned.push(bruteForceQuery(words, queries[q]!, RADIUS));
  const scanQps = SCAN_SAMPLE / seconds(start);

  // Recall on the sampled queries: every neighbour the scan finds, the index must find.
  let expected = 0;
  let hit = 0;
  let exactSame = true;
  scanned.forEach((truth, q) => {
    const got = new Set(found[q]!.map((n) => `${n.id}:${n.distance}`));
    expected += truth.length;
    for (const n of truth) if (got.has(`${n.id}:${n.distance}`)) hit++;
    if (found[q]!.length !== truth.length) exactSame = false;
  });
  const recall = expected === 0 ? 1 : hit / expected;
  if (recall !== 1 || !exactSame) {
    throw new Error(
      `index recall ${recall} (${hit}/${expected}) on ${SCAN_SAMPLE} sampled queries`,
    );
  }

  return Promise.resolve([
    {
      name: `PDQ index queries at radius ${RADIUS}, ${N.toLocaleString('en')} random hashes`,
      value: indexQps,
      unit: 'queries/s',
      baseline: { name: 'linear scan', value: scanQps },
      ratio: indexQps / scanQps,
      goal: '≥ 100× linear scan',
      met: indexQps / scanQps >= 100,
    },
    {
      name: `PDQ index recall vs linear scan (${SCAN_SAMPLE} queries, ${expected} neighbours)`,
      value: recall,
      unit: 'recall',
      goal: '= 1.0',
      met: recall === 1,
    },
    { name: 'PDQ index build, 1M hashes', value: buildSeconds, unit: 's' },
  ]);
}
