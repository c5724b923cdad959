/** @module Tests: the job queue on the real SQLite adapter — background worker, one job at a time. */
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { SqliteJobRepository } from '../store/sqlite/job-repository.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { ManualClock } from './clock.js';
import { refused } from './errors.js';
import { JobQueue, processOwnerAlive } from './jobs.js';

describe('JobQueue', () => {
  const store = openSqliteStore(path.join(tempDir('vigil-jobs-'), 'vigil.db'));
  afterAll(() => store.close());
  const clock = new ManualClock('2026-11-22T10:00:00Z');

  it('runs jobs one at a time, in order, whether drained or run by the background worker', async () => {
    const queue = new JobQueue({ repository: new SqliteJobRepository(store), clock });
    const log: string[] = [];
    let running = 0;
    let most = 0;
    queue.handle('echo', async ({ n }) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(String(n));
      running--;
      return { n };
    });
    queue.start(10_000);
    const done = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (log.length === 4) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    for (const n of [1, 2, 3]) await queue.enqueue('echo', { n });
    const drained = queue.drain();
    await queue.enqueue('echo', { n: 4 });
    await drained;
    await done;
    await queue.stop();
    expect(log).toEqual(['1', '2', '3', '4']);
    expect(most).toBe(1);
    expect(await queue.pending()).toEqual([]);
  });

  it('leaves jobs of kinds it has no handler for queued', async () => {
    const queue = new JobQueue({ repository: new SqliteJobRepository(store), clock });
    const job = await queue.enqueue('unknown-kind', {});
    expect(await queue.drain()).toEqual([]);
    expect((await queue.get(job.id))?.status).toBe('queued');
  });

  it('fails a job at once on a permanent error, and retries a passing fault', async () => {
    const queue = new JobQueue({ repository: new SqliteJobRepository(store), clock });
    let flaky = 0;
    queue.handle('refuse', () => Promise.reject(refused('no legal basis valid now')));
    queue.handle('flaky', () =>
      ++flaky < 2 ? Promise.reject(new Error('network blip')) : Promise.resolve({ ok: true }),
    );
    const refusedJob = await queue.enqueue('refuse', {});
    const flakyJob = await queue.enqueue('flaky', {});
    await queue.drain();
    expect(await queue.get(refusedJob.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: expect.stringContaining('no legal basis'),
    });
    expect(await queue.get(flakyJob.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('knows a live worker of this host from a dead one', () => {
    expect(
      processOwnerAlive(
        `${new JobQueue({ repository: new SqliteJobRepository(store), clock }).owner}`,
      ),
    ).toBe(true);
    expect(processOwnerAlive(`${os.hostname()}/4194305999/gone`)).toBe(false);
    // A worker on another host cannot be probed: it is presumed alive, its job is not taken.
    expect(processOwnerAlive('no-such-host.invalid/1/x')).toBe(true);
  });
});
