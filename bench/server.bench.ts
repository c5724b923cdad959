/**
 * @module Server throughput on a case with 100,000 items (issue 6): item list pages (first and
 * deep) and full-text search, against a bare route (`/api/health`) on the same server in the same
 * run, driven by autocannon in a separate process at 64 connections. Goal: p99 ≤ 50 ms.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openVigil } from '../src/app/vigil.js';
import { loadConfig } from '../src/core/config.js';
import { buildServer } from '../src/server/app.js';
import type { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { BenchResult } from './types.js';

const ITEMS = 100_000;
const CONNECTIONS = 64;
const SECONDS = 8;
const WORDS = [
  'caravan',
  'market',
  'football',
  'prayer',
  'harvest',
  'donation',
  'concert',
  'school',
  'flood',
  'festival',
];

interface Cannon {
  requests: { average: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
}

/** autocannon in its own process (asynchronously: this process serves the requests). */
async function cannon(url: string, token: string): Promise<Cannon> {
  const bin = path.resolve(import.meta.dirname, '../node_modules/autocannon/autocannon.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      bin,
      '-c',
      String(CONNECTIONS),
      '-d',
      String(SECONDS),
      '-j',
      '-H',
      `authorization=Bearer ${token}`,
      url,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Cannon;
}

export default async function run(): Promise<BenchResult[]> {
  const home = fs.mkdtempSync(path.join(path.resolve(import.meta.dirname, '.work'), 'server-'));
  const vigil = await openVigil(loadConfig({}, { home, as: 'bench' }));
  try {
    const kase = await vigil.cases.create('bench', {
      title: 'server benchmark',
      basis: {
        authority: 'bench',
        reference: 'BENCH-1',
        purpose: 'measure',
        validFrom: '2000-01-01',
        validUntil: '2100-01-01',
      },
    });
    await vigil.access.addUser('bench', 'analyst1', 'analyst', 'bench password 123');
    await vigil.access.setMember('bench', kase.id, 'analyst1', 'member');
    const { token } = await vigil.access.createApiToken('analyst1', 'bench');
    // 100k item rows (and their search entries) straight into the store: ingesting 100k files
    // would measure ingest, not the server.
    const db = (vigil.store as SqliteStore).db;
    const now = new Date().toISOString();
    db.transaction(() => {
      const item = db.prepare(
        `INSERT INTO items (id, case_id, kind, sha256, md5, size, media_type, name, source_url, acquired_at, collected_at, collected_by, reason, legal_basis_id, metadata, erased_at)
         VALUES (?, ?, 'capture', ?, ?, 1000, 'application/warc', ?, ?, NULL, ?, 'bench', 'bench', 'LB-1', '{}', NULL)`,
      );
      const fts = db.prepare(
        `INSERT INTO search_fts (item_id, case_id, kind, platform, collected_at, name, url, body, author, notes, tags) VALUES (?, ?, 'capture', 'range.test', ?, ?, ?, ?, '', '', '')`,
      );
      for (let i = 1; i <= ITEMS; i += 1) {
        const id = `I-${i}`;
        const hex = i.toString(16).padStart(64, '0');
        const body = `${WORDS[i % WORDS.length] ?? ''} ${WORDS[(i * 7) % WORDS.length] ?? ''} post ${i}${i % 1000 === 0 ? ' zephyrine' : ''}`;
        item.run(id, kase.id, hex, hex.slice(0, 32), `post ${i}`, `https://range.test/p/${i}`, now);
        fts.run(id, kase.id, now, `post ${i}`, `https://range.test/p/${i}`, body);
      }
      db.prepare(
        `INSERT INTO counters (name, value) VALUES ('item', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`,
      ).run(ITEMS);
    })();
    // One 100k-row transaction leaves a large write-ahead log; in normal use SQLite checkpoints
    // every 1,000 pages, so fold it into the database as daily use would have.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const app = await buildServer({ vigil });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const bare = await cannon(`${base}/api/health`, token);
      const targets = [
        ['item list, first page of 100', `/api/cases/${kase.id}/items?limit=100`],
        [
          'item list, page after item 50,000',
          `/api/cases/${kase.id}/items?after=I-50000&limit=100`,
        ],
        [
          'search, rare word (100 hits, all ranked by bm25, top 50)',
          `/api/search?q=zephyrine&case=${kase.id}&limit=50`,
        ],
        [
          'search, common word (10,000 hits: over the 200 ranked, newest 50 by recency)',
          `/api/search?q=caravan&case=${kase.id}&limit=50`,
        ],
      ] as const;
      const results: BenchResult[] = [
        {
          name: `bare route /api/health, ${CONNECTIONS} connections`,
          value: bare.requests.average,
          unit: 'req/s',
        },
      ];
      for (const [name, url] of targets) {
        const measured = await cannon(`${base}${url}`, token);
        if (measured.non2xx > 0 || measured.errors > 0)
          throw new Error(`${name}: ${measured.non2xx} non-2xx and ${measured.errors} errors`);
        results.push({
          name: `${name} (${ITEMS.toLocaleString('en')} items; p99 ${measured.latency.p99} ms)`,
          value: measured.requests.average,
          unit: 'req/s',
          baseline: { name: 'bare route', value: bare.requests.average },
          ratio: measured.requests.average / bare.requests.average,
          goal: 'p99 ≤ 50 ms at 64 connections',
          met: measured.latency.p99 <= 50,
        });
      }
      return results;
    } finally {
      await app.close();
    }
  } finally {
    await vigil.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
