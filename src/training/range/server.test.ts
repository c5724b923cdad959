import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { ANCHORS } from './anchors.js';
import { generateCorpus } from './corpus.js';
import type { RunningRange } from './server.js';
import { startRange } from './server.js';
import type { Fetched } from './test-support/http.js';
import { get, login, pool } from './test-support/http.js';
import { readViolations } from './violations.js';

const corpus = generateCorpus(7);
const START = '2026-01-01T00:00:00Z';
let dir: string;
let range: RunningRange;
let cookie: string;
const pages = new Map<string, Fetched>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-range-server-'));
  range = await startRange({
    seed: 7,
    corpus,
    cacheDir: path.join(dir, 'cache'),
    violationsFile: path.join(dir, 'violations.jsonl'),
    clock: new ManualClock(START),
  });
  cookie = await login(range.url, 'investigator1', 'vigil-trainee-1');
});
afterAll(async () => {
  await range.close();
  await rm(dir, { recursive: true, force: true });
});

const topLevel = corpus.posts.filter((p) => p.replyTo === null);

async function crawlPermalinks(): Promise<void> {
  if (pages.size > 0) return;
  const paths = [
    ...corpus.posts.map((p) => `/p/${p.id}`),
    ...corpus.posts.filter((p) => p.edits.length > 0).map((p) => `/p/${p.id}/history`),
    ...corpus.personas.map((p) => `/u/${p.handle}`),
    ...corpus.personas.slice(0, 40).map((p) => `/u/${p.handle}/followers`),
    ...corpus.channels.map((c) => `/c/${c.name}`),
    ...corpus.pastes.map((p) => `/paste/${p.id}`),
    ...corpus.files.map((f) => `/files/${f.id}`),
    ...corpus.donations.map((d) => `/donate/${d.slug}`),
    '/',
    '/search?q=tide',
    '/notifications',
    '/login',
  ];
  const results = await pool(paths, 8, (p) => get(range.url, p, cookie));
  paths.forEach((p, i) => pages.set(p, results[i] as Fetched));
}

describe('the range server', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(new URL(range.url).hostname).toBe('127.0.0.1');
    await expect(
      startRange({ seed: 1, cacheDir: dir, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('resolves every post, profile and channel permalink (200)', async () => {
    await crawlPermalinks();
    const failures = [...pages]
      .filter(([, r]) => r.status !== 200)
      .map(([p, r]) => `${p} → ${r.status}`);
    expect(failures).toEqual([]);
    const anchorPage = pages.get(`/p/${corpus.anchors['financing-wallets-en'] ?? ''}`)?.body ?? '';
    expect(anchorPage).toContain('data-field="posted-at"');
    expect(anchorPage).toMatch(
      /data-utc-offset="\+08:00"[^>]*>\d{2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\+08:00\)</,
    );
    expect(anchorPage).toContain('"@type":"SocialMediaPosting"');
    // Long posts are truncated behind "Show more"; the JSON-LD keeps the full text.
    const long = corpus.posts.find((p) => p.text.length > 400 && !p.text.includes('{{origin}}'));
    const longPage = pages.get(`/p/${long?.id ?? ''}`)?.body ?? '';
    expect(longPage).toContain('data-action="show-more"');
    expect(longPage).toContain('<span class="more" hidden>');
    expect(longPage).toContain(JSON.stringify(long?.text ?? '').slice(1, -1));
  });

  it('puts members-only content behind the login', async () => {
    const circle = corpus.posts.find((p) => p.loginRequired && p.replyTo === null);
    expect(circle).toBeDefined();
    expect((await get(range.url, `/p/${circle?.id ?? ''}`)).status).toBe(401);
    expect((await get(range.url, '/c/bbf_circle')).status).toBe(401);
    expect((await get(range.url, `/api/p/${circle?.id ?? ''}`)).status).toBe(401);
    expect((await get(range.url, '/c/bbf_circle', cookie)).status).toBe(200);
  });

  it('feeds infinite scroll with cursor pages that reach every post exactly once', async () => {
    const walk = async (endpoint: string, withCookie: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let replies = 0;
      do {
        const sep = endpoint.includes('?') ? '&' : '?';
        const r = await get(
          range.url,
          `${endpoint}${sep}limit=50${cursor === null ? '' : `&cursor=${cursor}`}`,
          withCookie,
        );
        expect(r.status).toBe(200);
        const data = JSON.parse(r.body) as {
          posts: { id: string; counts: { replies: number } }[];
          nextCursor: string | null;
        };
        for (const p of data.posts) {
          seen.push(p.id);
          replies += p.counts.replies;
        }
        cursor = data.nextCursor;
      } while (cursor !== null);
      return { seen, replies };
    };
    const all = await walk('/api/feed', cookie);
    expect(all.seen.length).toBe(new Set(all.seen).size);
    expect(new Set(all.seen)).toEqual(new Set(topLevel.map((p) => p.id)));
    expect(all.replies).toBe(corpus.posts.length - topLevel.length);
    const anonymous = await walk('/api/feed', '');
    expect(new Set(anonymous.seen)).toEqual(
      new Set(topLevel.filter((p) => !p.loginRequired).map((p) => p.id)),
    );
    const channel = await walk('/api/c/ashentide/posts', '');
    expect(new Set(channel.seen)).toEqual(
      new Set(topLevel.filter((p) => p.channel === 'ashentide').map((p) => p.id)),
    );
  });

  it('redirects short links and serves the paste site, file host and donation page', async () => {
    const link = corpus.shortlinks[0];
    const r = await get(range.url, `/s/${link?.code ?? ''}`);
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(link?.target);
    const file = corpus.files[0];
    const pdf = await fetch(new URL(`/files/${file?.id ?? ''}/${file?.fileName ?? ''}`, range.url));
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const donation = await get(range.url, `/donate/${corpus.donations[0]?.slug ?? ''}`);
    for (const w of corpus.donations[0]?.wallets ?? []) expect(donation.body).toContain(w.address);
  });

  it('never serves ground truth: no labels, anchors, roles or credentials in any page or API answer', async () => {
    await crawlPermalinks();
    const api: string[] = [
      '/api/feed?limit=50',
      '/api/search?q=%23BannerNeverFalls',
      '/api/notifications',
      '/api/c/dawncolumn/posts',
      '/api/c/dawncolumn',
    ];
    for (const p of corpus.posts
      .filter((x) => x.truth.category !== 'none' || x.media.length > 0)
      .slice(0, 200))
      api.push(`/api/p/${p.id}`);
    for (const p of corpus.personas.slice(0, 50))
      api.push(`/api/u/${p.handle}`, `/api/u/${p.handle}/posts`);
    const apiResults = await pool(api, 8, (p) => get(range.url, p, cookie));
    const bodies = [...[...pages.values()].map((r) => r.body), ...apiResults.map((r) => r.body)];
    expect(apiResults.every((r) => r.status === 200)).toBe(true);
    const forbidden = [
      /"category"/,
      /nearDuplicateOf/,
      /knownPropaganda/,
      /derivedFrom/,
      /"anchor"/,
      /"truth"/,
      /"transforms"/,
      /"role"/,
      /\brecruitment\b/,
      /\bfinancing\b/,
      /\bpropaganda\b/,
      /\bincitement\b/,
      /information_gathering/,
      /"training"/,
      /\bsympathiser\b/,
      /\bbystander\b/,
      /vigil-trainee-\d/,
      ...ANCHORS.map((a) => new RegExp(a.key)),
    ];
    for (const body of bodies)
      for (const pattern of forbidden) expect(pattern.test(body), `${pattern} leaked`).toBe(false);
  });
});

describe('deletions', () => {
  it('removes scheduled posts relative to server start, after-first-view posts, and trainer triggers (410)', async () => {
    const clock = new ManualClock(START);
    const r = await startRange({ seed: 7, corpus, cacheDir: path.join(dir, 'cache'), clock });
    try {
      const c = await login(r.url, 'investigator2', 'vigil-trainee-2');
      const scheduled = `/p/${corpus.anchors['incitement-deleted-ar'] ?? ''}`;
      const vanishing = `/p/${corpus.anchors['capstone-vanishing-ar'] ?? ''}`;
      expect((await get(r.url, scheduled)).status).toBe(200);
      clock.advance(29 * 60_000);
      expect((await get(r.url, scheduled)).status).toBe(200);
      clock.advance(61_000);
      const gone = await get(r.url, scheduled);
      expect(gone.status).toBe(410);
      expect(gone.body).toContain('This post has been removed');
      expect(gone.body).toContain('data-removed="true"');
      expect((await get(r.url, `/api${scheduled}`)).status).toBe(410);
      const feed = JSON.parse((await get(r.url, '/api/c/dawncolumn/posts?limit=50')).body) as {
        posts: { url: string }[];
      };
      expect(feed.posts.some((p) => p.url === scheduled)).toBe(false);

      // The vanishing post waits for its first view, then lasts ten minutes.
      clock.advance(60 * 60_000);
      expect((await get(r.url, vanishing, c)).status).toBe(200);
      clock.advance(9 * 60_000);
      expect((await get(r.url, vanishing, c)).status).toBe(200);
      clock.advance(61_000);
      expect((await get(r.url, vanishing, c)).status).toBe(410);

      const target = corpus.anchors['incitement-tl'] ?? '';
      expect((await get(r.url, `/p/${target}`)).status).toBe(200);
      expect(r.removePost(target)).toBe(true);
      expect((await get(r.url, `/p/${target}`)).status).toBe(410);
    } finally {
      await r.close();
    }
  });
});

describe('interactions (R17)', () => {
  const interact = (base: string, action: string, target: string, c = '') =>
    fetch(new URL('/api/interact', base), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'range-test',
        ...(c === '' ? {} : { cookie: c }),
      },
      body: JSON.stringify({ action, target }),
    });

  it('refuses every like, follow and message in passive mode and logs each one', async () => {
    const file = path.join(dir, 'passive.jsonl');
    const r = await startRange({
      seed: 7,
      corpus,
      cacheDir: path.join(dir, 'cache'),
      violationsFile: file,
      clock: new ManualClock(START),
    });
    try {
      const c = await login(r.url, 'investigator3', 'vigil-trainee-3');
      const post = corpus.anchors['recruitment-invite-en'] ?? '';
      const handle = corpus.personas[0]?.handle ?? '';
      for (const [action, target] of [
        ['like', post],
        ['follow', handle],
        ['message', handle],
      ] as const) {
        const res = await interact(r.url, action, target, c);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: string }).error).toBe('refused');
      }
      expect((await interact(r.url, 'hack', post)).status).toBe(400);
      const logged = await readViolations(file);
      expect(logged.map((v) => [v.action, v.outcome, v.persona, v.mode])).toEqual([
        ['like', 'refused', 'investigator3', 'passive'],
        ['follow', 'refused', 'investigator3', 'passive'],
        ['message', 'refused', 'investigator3', 'passive'],
      ]);
      expect(logged[0]?.at).toBe(new Date(START).toISOString());
      expect(logged.map((v) => v.seq)).toEqual([0, 1, 2]);
      expect(r.violations()).toHaveLength(3);
      // Append-only: the raw file has exactly one JSON line per attempt.
      expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
    } finally {
      await r.close();
    }
  });

  it('allows interactions only under a named supervisor override, and still logs them', async () => {
    await expect(startRange({ seed: 7, corpus, cacheDir: dir, mode: 'active' })).rejects.toThrow(
      /supervisor/,
    );
    const file = path.join(dir, 'active.jsonl');
    const r = await startRange({
      seed: 7,
      corpus,
      cacheDir: path.join(dir, 'cache'),
      violationsFile: file,
      mode: 'active',
      supervisor: 'Sgt. Example',
    });
    try {
      const res = await interact(r.url, 'like', corpus.anchors['recruitment-invite-en'] ?? '');
      expect(res.status).toBe(200);
      const logged = await readViolations(file);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        action: 'like',
        outcome: 'allowed',
        mode: 'active',
        override: 'Sgt. Example',
        persona: null,
      });
    } finally {
      await r.close();
    }
  });
});
