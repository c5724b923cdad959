/**
 * Captures over HTTP run as jobs with progress streamed as server-sent events, and a job
 * interrupted by a crash is retried or marked failed after a restart, never lost (issue 6).
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../capture/fixture-site.test-support.js';
import type { FixtureSite } from '../capture/fixture-site.test-support.js';
import { SqliteJobRepository } from '../store/sqlite/job-repository.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { testVigil } from '../../test/support/vigil.js';
import { openCase, testServer } from './test-support.js';
import type { TestServer } from './test-support.js';

describe('capture jobs over HTTP', () => {
  let site: FixtureSite;
  let t: TestServer;
  let caseId: string;

  beforeAll(async () => {
    site = await startFixtureSite();
    t = await testServer({ config: { allowHosts: [new URL(site.origin).host] } });
    caseId = await openCase(t, t.as.investigator, 'Op Jobs');
  });
  afterAll(async () => {
    await t.app.close();
    await site.close();
  });

  it('queues a capture, streams its stages, and ends with the sealed item (real Chromium)', async () => {
    const queued = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/captures`,
      payload: { url: `${site.origin}/post/1`, reason: 'volatile post' },
    });
    expect(queued.statusCode, queued.body).toBe(202);
    const job = queued.json<{ id: number; status: string }>();
    expect(job.status).toBe('queued');

    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const token = (
      await t.as.investigator.request({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { label: 'sse' },
      })
    ).json<{ token: string }>().token;
    const stream = await fetch(`http://127.0.0.1:${port}/api/jobs/${job.id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const running = t.vigil.jobs.drain();
    const text = await stream.text();
    await running;
    const stages = [...text.matchAll(/event: progress\ndata: (.*)\n/g)].map(
      (m) => (JSON.parse(m[1] ?? '{}') as { stage: string }).stage,
    );
    expect(stages).toEqual(expect.arrayContaining(['loading', 'packaging']));
    const done = /event: done\ndata: (.*)\n/.exec(text)?.[1];
    expect(done, text).toBeDefined();
    const result = (
      JSON.parse(done ?? '{}') as { result: { itemId: string; timestamped: boolean } }
    ).result;
    expect(result.itemId).toMatch(/^I-\d+$/);
    const item = await t.as.investigator.request({ url: `/api/items/${result.itemId}` });
    expect(item.json<{ kind: string }>().kind).toBe('capture');
    const verified = await t.as.investigator.request({ url: `/api/items/${result.itemId}/verify` });
    expect(verified.json()).toMatchObject({ ok: true });
    const again = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${result.itemId}/recapture`,
      payload: { reason: 'still there?' },
    });
    expect(again.statusCode, again.body).toBe(202);
    await t.vigil.jobs.drain();
    const recaptured = await t.as.investigator.request({
      url: `/api/jobs/${again.json<{ id: number }>().id}`,
    });
    expect(recaptured.json()).toMatchObject({
      status: 'done',
      result: { previous: result.itemId, gone: false },
    });
  });

  it('answers a refused capture at once with 403 and the reason, and queues nothing', async () => {
    const before = (await t.vigil.jobs.pending()).length;
    const refused = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/captures`,
      payload: { url: `${site.origin}/post/1`, reason: 'r', persona: 'nobody' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'refused' });
    expect((await t.vigil.jobs.pending()).length).toBe(before);
    const other = await t.as.analyst.request({ url: '/api/jobs/1' });
    expect(other.statusCode).toBe(403);
  });
});

describe('jobs across a restart', () => {
  it('retries a job whose worker died, and marks it failed after its last attempt', async () => {
    const { vigil, home } = await testVigil();
    const job = await vigil.jobs.enqueue('index', { itemId: 'I-404' });
    // A worker on this host whose process no longer exists claimed it, then "crashed".
    const dead = `${os.hostname()}/999999999/crashed`;
    const repository = new SqliteJobRepository(vigil.store as SqliteStore);
    await repository.claim(dead, ['index'], '2026-11-22T10:00:00.000Z');
    expect((await vigil.jobs.get(job.id))?.status).toBe('running');
    await vigil.close();

    const restarted = (await testVigil(undefined, { home })).vigil;
    const outcomes = await restarted.jobs.drain();
    expect(outcomes.map((o) => o.job.id)).toContain(job.id);
    const after = await restarted.jobs.get(job.id);
    expect(after?.status).toBe('done');
    expect(after?.attempts).toBe(2);
    await restarted.close();
  });
});
