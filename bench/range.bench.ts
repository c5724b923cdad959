/**
 * @module Training-range throughput (issue 4): requests/s for post permalink pages and the feed
 * JSON API under a small concurrent keep-alive load on loopback, against a bare node:http
 * "hello" server measured in the same run and process. A classroom of 30 trainees browsing
 * briskly needs well under 100 requests/s; the goal is stated in absolute terms, and the
 * ratio to bare node:http shows the cost of rendering.
 */
import { mkdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../src/training/range/corpus.js';
import { startRange } from '../src/training/range/server.js';
import type { BenchResult } from './types.js';

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', 'range');
const CONCURRENCY = 16;
const SECONDS = 3;
const CLASSROOM_GOAL = 200;

/** Issues GETs from `paths` round-robin with CONCURRENCY keep-alive connections for SECONDS. */
async function load(origin: string, paths: readonly string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { hostname, port } = new URL(origin);
  const get = (p: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ hostname, port, path: p, agent }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  // Warm-up: JIT, connections, first renders.
  for (let i = 0; i < 200; i += 1) await get(paths[i % paths.length] ?? '/');
  let done = 0;
  let next = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const status = await get(paths[next++ % paths.length] ?? '/');
        if (status !== 200) throw new Error(`bench request failed with ${status}`);
        done += 1;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return done / elapsed;
}

export default async function run(): Promise<BenchResult[]> {
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const hello = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  });
  await new Promise<void>((resolve) => hello.listen(0, '127.0.0.1', resolve));
  const helloOrigin = `http://127.0.0.1:${(hello.address() as AddressInfo).port}`;
  const corpus = generateCorpus(1);
  const range = await startRange({
    seed: 1,
    corpus,
    cacheDir: path.join(WORK, 'cache'),
    violationsFile: null,
  });
  try {
    const permalinks = corpus.posts
      .filter((p) => !p.loginRequired && p.deletion === null)
      .map((p) => `/p/${p.id}`);
    // Feed pages at many depths: collect real cursors by walking the feed once.
    const feed: string[] = ['/api/feed?limit=20'];
    let cursor: string | null = null;
    do {
      const res = await fetch(
        new URL(`/api/feed?limit=20${cursor === null ? '' : `&cursor=${cursor}`}`, range.url),
      );
      cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
      if (cursor !== null) feed.push(`/api/feed?limit=20&cursor=${cursor}`);
    } while (cursor !== null);

    const baseline = await load(helloOrigin, ['/']);
    const pages = await load(range.url, permalinks);
    const api = await load(range.url, feed);
    const base = { name: 'bare node:http hello', value: baseline };
    return [
      { name: 'bare node:http hello (baseline)', value: baseline, unit: 'req/s' },
      {
        name: 'range post permalink pages',
        value: pages,
        unit: 'req/s',
        baseline: base,
        ratio: pages / baseline,
        goal: `≥ ${CLASSROOM_GOAL} req/s`,
        met: pages >= CLASSROOM_GOAL,
      },
      {
        name: 'range feed API pages (20 posts)',
        value: api,
        unit: 'req/s',
        baseline: base,
        ratio: api / baseline,
        goal: `≥ ${CLASSROOM_GOAL} req/s`,
        met: api >= CLASSROOM_GOAL,
      },
    ];
  } finally {
    await range.close();
    await new Promise<void>((resolve) => hello.close(() => resolve()));
    hello.closeAllConnections();
  }
}
