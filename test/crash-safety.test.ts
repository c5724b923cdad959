/**
 * Crash safety (issue 2): kill -9 an ingest at points spread over its run, 20 times; after each
 * kill the store opens, the ledger verifies, every item reported committed is present and intact,
 * and nothing half-written is visible (a batch of files commits whole or not at all).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVigil } from '../src/app/vigil.js';
import { loadConfig } from '../src/core/config.js';
import { CASE_ARGS, collect, json, runVigil, spawnVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

const KILLS = 20;
const FILES_PER_BATCH = 5;

describe('crash safety', () => {
  it(`survives ${KILLS} kill -9 during ingest with no half item and an intact ledger`, async () => {
    const home = tempDir('vigil-crash-');
    const input = tempDir('vigil-crash-input-');
    const files: string[] = [];
    for (let i = 0; i < FILES_PER_BATCH; i += 1) {
      // Mixed sizes: small files take the buffered path, large ones the direct-I/O path.
      const file = path.join(input, `file-${i}.bin`);
      fs.writeFileSync(file, randomBytes(i === 0 ? 12 * 1024 * 1024 : 1024 * 1024));
      files.push(file);
    }
    const caseId = json<{ id: string }>(
      await runVigil(['case', 'create', ...CASE_ARGS, '--json'], { home }),
    ).id;

    // Measure one uninterrupted ingest, then kill later runs at points spread over that time.
    const change = (round: number) => {
      // Each round changes the files so every ingest writes new blobs rather than deduplicating.
      for (const file of files) {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.from(`round-${round}-`), 0);
        fs.closeSync(fd);
      }
    };
    const ingestArgs = ['ingest', ...files, '--case', caseId, '--reason', 'crash test', '--json'];
    change(-1);
    const started = Date.now();
    const full = await runVigil(ingestArgs, { home });
    expect(full.code).toBe(0);
    let duration = Date.now() - started;
    const committed = new Map<string, string>();
    for (const item of json<{ items: { id: string; sha256: string }[] }>(full).items)
      committed.set(item.id, item.sha256);

    const outcomes: string[] = [];
    let kills = 0;
    // Runs vary in length with the machine's load: a run that ends before its kill shortens the
    // estimate, and rounds go on (up to a bound) until KILLS runs were really interrupted.
    for (let round = 0; kills < KILLS && round < KILLS * 3; round += 1) {
      change(round);
      const delay = Math.round(((kills + 0.5) / KILLS) * duration * 0.9);
      const child = spawnVigil(ingestArgs, { home });
      const spawned = Date.now();
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const result = await collect(child);
      clearTimeout(timer);
      if (result.signal === 'SIGKILL') kills += 1;
      else duration = Math.min(duration, Date.now() - spawned);
      outcomes.push(`${delay}ms:${result.signal ?? `exit ${result.code}`}`);
      if (result.code === 0) {
        for (const item of json<{ items: { id: string; sha256: string }[] }>(result).items)
          committed.set(item.id, item.sha256);
      }

      const vigil = await openVigil(loadConfig({}, { home, as: 'auditor' }));
      try {
        const ledger = await vigil.ledger.verify();
        expect(ledger, `round ${round} (${outcomes.at(-1)})`).toMatchObject({ ok: true });
        const items = await vigil.store.items.listByCase(caseId);
        expect(
          items.length % FILES_PER_BATCH,
          `a partial batch is visible after round ${round}`,
        ).toBe(0);
        const collections = new Set(
          (await vigil.ledger.events({ caseId }))
            .filter((e) => e.action === 'collection')
            .map((e) => e.itemId),
        );
        for (const item of items) {
          expect(collections.has(item.id), `item ${item.id} has no collection event`).toBe(true);
          expect(
            (await vigil.blobs.check(item.sha256)).ok,
            `item ${item.id} blob is not intact`,
          ).toBe(true);
        }
        const ids = new Set(items.map((item) => item.id));
        for (const [id, sha256] of committed) {
          expect(ids.has(id), `reported item ${id} is missing`).toBe(true);
          expect(items.find((item) => item.id === id)?.sha256).toBe(sha256);
        }
      } finally {
        await vigil.close();
      }
    }
    // The kills must really have interrupted work, or the test proves nothing.
    expect(kills, outcomes.join(', ')).toBe(KILLS);
    console.log(`crash rounds: ${outcomes.join(', ')}`);
  });
});
