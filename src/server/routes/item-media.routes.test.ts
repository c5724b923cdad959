/**
 * Item media over HTTP (issue 7): the recapture diff, thumbnails (resized, cached, logged once per
 * session and case), marking media graphic, and exposure to graphic media counted server-side (R18).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEngine } from '../../capture/capture-service.js';
import type { Agent, TestServer } from '../test-support.js';
import { openVigil } from '../../app/vigil.js';
import { loadConfig } from '../../core/config.js';
import { PASSWORD, fakeCaptureEngine, multipart, openCase, testServer } from '../test-support.js';
import { buildServer } from '../app.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth.js';

/** Each capture of a URL shows the next version of the page: edited, then removed (410). */
const versions = [
  {
    status: 200,
    text: 'Lantern Circle bulletin\nmeet at the square\nbring friends',
    media: ['a.jpg'],
  },
  {
    status: 200,
    text: 'Lantern Circle bulletin\nmeet at the old mill\nbring friends',
    media: ['a.jpg', 'b.jpg'],
  },
  { status: 410, text: 'This post was removed.', media: [] },
];

let captures = 0;
const versionedEngine: CaptureEngine = async (url, options) => {
  const version = versions[Math.min(captures, versions.length - 1)]!;
  captures += 1;
  const result = await fakeCaptureEngine(url, options);
  const png = (path: string, r: number) =>
    sharp({ create: { width: 1200, height: 900, channels: 3, background: { r, g: 60, b: 90 } } })
      .png()
      .toFile(path);
  await png(result.screenshots.fullPage, 40 * captures);
  await png(result.screenshots.viewport, 40 * captures + 10);
  fs.writeFileSync(result.textPath, version.text);
  return {
    ...result,
    text: version.text,
    status: version.status,
    media: version.media.map((name) => ({ url: `https://example.org/${name}` })) as never,
  };
};

const ledgerOf = async (t: TestServer, caseId: string) => t.vigil.ledger.events({ caseId });

describe('item media over HTTP', () => {
  let t: TestServer;
  let lead: Agent;
  let caseId: string;
  let first: string;
  let second: string;
  let third: string;
  let image: string;

  beforeAll(async () => {
    t = await testServer({ captureEngine: versionedEngine });
    lead = t.as.investigator;
    caseId = await openCase(t, lead, 'Op Lantern');
    first = (
      await t.vigil.capture.capture({
        actor: lead.name,
        caseId,
        url: 'https://example.org/p/1',
        reason: 'public post',
      })
    ).id;
    second = (await t.vigil.capture.recapture(lead.name, first, 'check for edits')).id;
    third = (await t.vigil.capture.recapture(lead.name, second, 'check for deletion')).id;
    const jpeg = await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .jpeg()
      .toBuffer();
    const uploaded = await lead.request({
      method: 'POST',
      url: `/api/cases/${caseId}/items`,
      ...multipart([
        { name: 'reason', value: 'poster from the channel' },
        { name: 'file', filename: 'poster.jpg', content: jpeg },
      ]),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    image = uploaded.json<{ items: { id: string }[] }>().items[0]!.id;
  });
  afterAll(async () => {
    await t.app.close();
    await t.vigil.close();
  });

  it('diffs a recapture against the capture it repeats: edited text, media, both screenshots', async () => {
    const response = await lead.request({ url: `/api/items/${second}/diff` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{
      before: { id: string; screenshot: string | null; capturedAt: string };
      after: { id: string; screenshot: string | null };
      comparison: {
        changed: boolean;
        gone: boolean;
        textDiff: string;
        mediaAdded: string[];
        mediaRemoved: string[];
      };
    }>();
    expect(body.before.id).toBe(first);
    expect(body.after.id).toBe(second);
    expect(body.before.screenshot).toMatch(/^[0-9a-f]{64}$/);
    expect(body.after.screenshot).not.toBe(body.before.screenshot);
    expect(body.comparison.changed).toBe(true);
    expect(body.comparison.gone).toBe(false);
    expect(body.comparison.textDiff).toContain('-meet at the square');
    expect(body.comparison.textDiff).toContain('+meet at the old mill');
    expect(body.comparison.mediaAdded).toEqual(['https://example.org/b.jpg']);
    expect(body.comparison.mediaRemoved).toEqual([]);
    const logged = (await ledgerOf(t, caseId)).filter(
      (e) => e.itemId === second && e.data.what === 'recapture comparison',
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]?.data.against).toBe(first);
  });

  it('reports a removed post as gone, and compares any two captures with ?against', async () => {
    const gone = await lead.request({ url: `/api/items/${third}/diff` });
    expect(
      gone.json<{ comparison: { gone: boolean; goneReason: string } }>().comparison,
    ).toMatchObject({ gone: true, goneReason: 'status 410' });
    const across = await lead.request({ url: `/api/items/${third}/diff?against=${first}` });
    const body = across.json<{ before: { id: string }; comparison: { mediaRemoved: string[] } }>();
    expect(body.before.id).toBe(first);
    expect(body.comparison.mediaRemoved).toEqual(['https://example.org/a.jpg']);
    // A capture that repeats nothing has nothing to be compared with by default.
    const none = await lead.request({ url: `/api/items/${first}/diff` });
    expect(none.statusCode).toBe(400);
    expect(none.body).toMatch(/not a recapture/);
    // Someone outside the case sees neither side.
    expect((await t.as.analyst.request({ url: `/api/items/${second}/diff` })).statusCode).toBe(403);
    // A file is not a capture.
    expect(
      (await lead.request({ url: `/api/items/${second}/diff?against=${image}` })).statusCode,
    ).toBe(400);
  });

  it('serves small thumbnails, cached, with one consultation per session and case', async () => {
    const before = (await ledgerOf(t, caseId)).length;
    const shot = await lead.request({ url: `/api/items/${first}/thumbnail` });
    expect(shot.statusCode, shot.body).toBe(200);
    expect(shot.headers['content-type']).toBe('image/jpeg');
    expect(shot.headers['x-vigil-graphic']).toBe('false');
    const meta = await sharp(shot.rawPayload).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(320);
    const poster = await lead.request({ url: `/api/items/${image}/thumbnail` });
    expect(poster.statusCode).toBe(200);
    expect((await sharp(poster.rawPayload).metadata()).width).toBe(320);
    // The second request is served from the cache (same bytes) and logs nothing new.
    const again = await lead.request({ url: `/api/items/${first}/thumbnail` });
    expect(again.rawPayload.equals(shot.rawPayload)).toBe(true);
    const cache = path.join(t.vigil.config.home, 'cache', 'thumbnails');
    expect(fs.readdirSync(cache).filter((name) => name.endsWith('.jpg'))).toHaveLength(2);
    const logged = (await ledgerOf(t, caseId)).slice(before);
    expect(logged.map((e) => [e.action, e.data.what])).toEqual([['consultation', 'thumbnails']]);
    // A new session of the same person is logged again.
    const other = await t.signIn('investigator');
    await other.request({ url: `/api/items/${second}/thumbnail` });
    expect((await ledgerOf(t, caseId)).slice(before)).toHaveLength(2);
    expect((await t.as.analyst.request({ url: `/api/items/${first}/thumbnail` })).statusCode).toBe(
      403,
    );
  });

  it('marks media graphic once, in the ledger, and the thumbnail says so', async () => {
    const marked = await lead.request({
      method: 'POST',
      url: `/api/items/${image}/graphic`,
      payload: { reason: 'injured people in the poster' },
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ graphic: true, markedBy: 'investigator' });
    const twice = await t.as.supervisor.request({
      method: 'POST',
      url: `/api/items/${image}/graphic`,
      payload: {},
    });
    // The supervisor is not a member of the case.
    expect(twice.statusCode).toBe(403);
    const again = await lead.request({
      method: 'POST',
      url: `/api/items/${image}/graphic`,
      payload: {},
    });
    expect(again.json<{ markedBy: string; markedAt: string }>().markedAt).toBe(
      marked.json<{ markedAt: string }>().markedAt,
    );
    const annotations = (await ledgerOf(t, caseId)).filter(
      (e) => e.itemId === image && e.action === 'annotation',
    );
    expect(annotations).toHaveLength(1);
    expect(annotations[0]?.data.tag).toBe('graphic');
    const thumb = await lead.request({ url: `/api/items/${image}/thumbnail` });
    expect(thumb.headers['x-vigil-graphic']).toBe('true');
  });

  it('counts reveals and seconds of exposure per session and day, each reveal in the ledger', async () => {
    const zero = await lead.request({ url: '/api/me/exposure' });
    expect(zero.json()).toEqual({
      day: '2026-11-22',
      session: { reveals: 0, seconds: 0 },
      today: { reveals: 0, seconds: 0 },
    });
    const revealed = await lead.request({
      method: 'POST',
      url: `/api/items/${image}/exposure`,
      payload: {},
    });
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json<{ session: unknown }>().session).toEqual({ reveals: 1, seconds: 0 });
    const seconds = await lead.request({
      method: 'POST',
      url: '/api/me/exposure',
      payload: { seconds: 7 },
    });
    expect(seconds.json<{ session: unknown }>().session).toEqual({ reveals: 1, seconds: 7 });
    expect(
      (await lead.request({ method: 'POST', url: '/api/me/exposure', payload: { seconds: 9000 } }))
        .statusCode,
    ).toBe(400);
    const event = (await ledgerOf(t, caseId)).find(
      (e) => e.action === 'consultation' && e.data.exposure === 'graphic',
    );
    expect(event).toMatchObject({ actor: 'investigator', itemId: image });
    // Another session of the same person: its own session count, the same day's total.
    const other = await t.signIn('investigator');
    const mine = (await other.request({ url: '/api/me/exposure' })).json();
    expect(mine).toMatchObject({
      session: { reveals: 0, seconds: 0 },
      today: { reveals: 1, seconds: 7 },
    });
    // Stored, not held in the server's memory: a new server on a Vigil reopened on the same home
    // (a restart) reports the same day over HTTP, and seconds reported there add to it.
    const reopened = await openVigil(loadConfig({}, { home: t.vigil.config.home }), {
      clock: t.clock,
    });
    const restarted = await buildServer({ vigil: reopened });
    try {
      const signedIn = await restarted.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { name: 'investigator', password: PASSWORD },
      });
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      const session = {
        cookies: {
          [SESSION_COOKIE]: signedIn.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '',
        },
        headers: { [CSRF_HEADER]: signedIn.json<{ csrfToken: string }>().csrfToken },
      };
      const after = await restarted.inject({ ...session, url: '/api/me/exposure' });
      expect(after.json()).toEqual({
        day: '2026-11-22',
        session: { reveals: 0, seconds: 0 },
        today: { reveals: 1, seconds: 7 },
      });
      const again = await restarted.inject({
        ...session,
        method: 'POST',
        url: '/api/me/exposure',
        payload: { seconds: 3 },
      });
      expect(again.json()).toMatchObject({
        session: { reveals: 0, seconds: 3 },
        today: { reveals: 1, seconds: 10 },
      });
    } finally {
      await restarted.close();
      await reopened.close();
    }
    // ... and the first server reads the same log: the day's total includes the later seconds.
    expect((await lead.request({ url: '/api/me/exposure' })).json()).toMatchObject({
      session: { reveals: 1, seconds: 7 },
      today: { reveals: 1, seconds: 10 },
    });
    // The next day starts from zero (sessions last 8 hours: a new one).
    t.clock.advance(24 * 3600 * 1000);
    const tomorrow = await t.signIn('investigator');
    expect((await tomorrow.request({ url: '/api/me/exposure' })).json()).toMatchObject({
      day: '2026-11-23',
      today: { reveals: 0, seconds: 0 },
    });
    // Others see only their own.
    expect(
      (await (await t.signIn('auditor')).request({ url: '/api/me/exposure' })).json(),
    ).toMatchObject({
      session: { reveals: 0, seconds: 0 },
    });
  });
});
