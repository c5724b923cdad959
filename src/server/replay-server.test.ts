/**
 * The replay origin: serves ReplayWeb.page's own files and one package per live token, with byte
 * ranges; refuses unknown and expired tokens; may be framed only by itself and the workbench.
 * The workbench's link route answers 503 without it and refuses items that have no package.
 */
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from './app.js';
import { startReplayServer } from './replay-server.js';
import type { ReplayServer } from './replay-server.js';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.js';
import { PASSWORD, multipart, openCase, testServer } from './test-support.js';

const BYTES = Buffer.from('PK\u0003\u0004 a fictional wacz, long enough to slice');
const SHA = 'a'.repeat(64);

describe('replay server', () => {
  let clock = Date.parse('2026-11-22T10:00:00Z');
  let replay: ReplayServer;
  afterAll(async () => replay?.close());

  it('serves a package per token with ranges, refuses unknown or expired tokens', async () => {
    const reads: string[] = [];
    replay = await startReplayServer({
      ttlMs: 60_000,
      now: () => clock,
      blobs: {
        read: (sha256) => (reads.push(sha256), Readable.from([BYTES])),
        readRange: (sha256, start, end) => Readable.from([BYTES.subarray(start, end + 1)]),
      },
    });
    replay.allowEmbedder('http://127.0.0.1:8080');
    const link = replay.mint({
      itemId: 'I-1',
      sha256: SHA,
      size: BYTES.length,
      url: 'http://range.test/p/"><script>x</script>',
    });
    expect(link.url.startsWith(`${replay.origin}/view/`)).toBe(true);
    expect(link.expiresAt).toBe('2026-11-22T10:01:00.000Z');
    const token = link.url.split('/view/')[1] ?? '';

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'self' http://127.0.0.1:8080");
    const html = await page.text();
    // The captured URL is an attribute value, escaped: it cannot open a tag.
    expect(html).toContain('url="http://range.test/p/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).not.toContain('<script>x');

    const whole = await fetch(`${replay.origin}/package/${token}.wacz`);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(BYTES);
    expect(reads).toEqual([SHA]);
    const part = await fetch(`${replay.origin}/package/${token}.wacz`, {
      headers: { range: 'bytes=4-9' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-9/${BYTES.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(BYTES.subarray(4, 10));

    for (const url of [
      `/package/${'A'.repeat(22)}.wacz`,
      '/package/../../etc/passwd',
      `/view/${token}x`,
    ]) {
      expect((await fetch(`${replay.origin}${url}`)).status, url).toBeGreaterThanOrEqual(403);
    }
    for (const file of ['/ui.js', '/replay/ui.js', '/replay/sw.js']) {
      const response = await fetch(`${replay.origin}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
      await response.arrayBuffer();
    }
    clock += 60_001;
    expect((await fetch(link.url)).status).toBe(403);
    expect((await fetch(`${replay.origin}/package/${token}.wacz`)).status).toBe(403);
  });

  it('lets the workbench frame the replay origin only, and mints links only for captures', async () => {
    const t = await testServer();
    const app = await buildServer({ vigil: t.vigil, replay });
    try {
      const caseId = await openCase(t, t.as.investigator, 'replay');
      const upload = multipart([
        { name: 'reason', value: 'r' },
        { name: 'file', filename: 'f.txt', content: 'not a capture' },
      ]);
      const uploaded = await t.as.investigator.request({
        method: 'POST',
        url: `/api/cases/${caseId}/items`,
        ...upload,
      });
      const itemId = uploaded.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      // Without a replay origin (as `buildServer` alone): no frames at all, and no links.
      const plain = await t.as.investigator.request({ method: 'GET', url: '/api/health' });
      expect(plain.headers['content-security-policy']).not.toContain('frame-src');
      const unavailable = await t.as.investigator.request({
        method: 'POST',
        url: `/api/items/${itemId}/replay`,
      });
      expect(unavailable.statusCode).toBe(503);

      // With it: the CSP frames that origin only, and an ingested file has nothing to replay.
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { name: 'investigator', password: PASSWORD },
      });
      const { csrfToken } = signIn.json<{ csrfToken: string }>();
      const cookies = {
        [SESSION_COOKIE]: signIn.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '',
      };
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.headers['content-security-policy']).toContain(`frame-src ${replay.origin}`);
      const refused = await app.inject({
        method: 'POST',
        url: `/api/items/${itemId}/replay`,
        cookies,
        headers: { [CSRF_HEADER]: csrfToken },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ message: string }>().message).toContain('no captured page');
    } finally {
      await app.close();
      await t.app.close();
      await t.vigil.close();
    }
  });
});
