/**
 * Real Chromium against a local fixture site: the WARC holds every exchange with correct digests,
 * the SSRF guard refuses loopback/private targets, limits leave WARC-Truncated, and recapture
 * reports changes and deletions.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser, type WARCRecord } from 'warcio';
import { isRefused } from '../core/errors.js';
import type { CaptureOptions, CaptureResult } from './capture-types.js';
import { captureUrl } from './capture-url.js';
import { findChromium } from './chromium.js';
import { compareCaptures } from './compare-captures.js';
import {
  ARABIC_TEXT,
  URDU_TEXT,
  startFixtureSite,
  type FixtureSite,
} from './fixture-site.test-support.js';
import type { HostResolver } from './network-policy.js';
import { parseSiteProfile } from './site-profile.js';

let site: FixtureSite;
let work: string;
let chromiumPath: string;
let n = 0;

// Names the tests use: localhost is the real loopback; rebind.test plays a hostile name that
// resolves to loopback. Anything else does not resolve (the tests run offline).
const resolve: HostResolver = (host) =>
  host === 'localhost' || host === 'rebind.test'
    ? Promise.resolve(['127.0.0.1'])
    : Promise.reject(new Error(`ENOTFOUND ${host}`));

const options = (over: Partial<CaptureOptions> = {}): CaptureOptions => ({
  outDir: path.join(work, `c${n++}`),
  chromiumPath,
  collector: 'analyst.one',
  legalBasisRef: 'LB-2026-017',
  persona: 'range-persona-3',
  allowHosts: [`127.0.0.1:${site.port}`, `localhost:${site.port}`],
  resolve,
  ...over,
});

interface ParsedRecord {
  type: string;
  uri: string;
  headers: WARCRecord['warcHeaders']['headers'];
  http: WARCRecord['httpHeaders'];
  payload: Buffer;
}

async function readWarc(file: string): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const record of new WARCParser(createReadStream(file))) {
    const payload = Buffer.from(await record.readFully(false));
    out.push({
      type: record.warcType ?? '',
      uri: record.warcTargetURI ?? '',
      headers: record.warcHeaders.headers,
      http: record.httpHeaders,
      payload,
    });
  }
  return out;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

beforeAll(async () => {
  chromiumPath = await findChromium(['/usr/bin/chromium']);
  site = await startFixtureSite();
  work = await mkdtemp(path.join(tmpdir(), 'vigil-capture-'));
});

afterAll(async () => {
  await site?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('captureUrl on the fixture site', () => {
  let result: CaptureResult;
  let records: ParsedRecord[];
  const stages: string[] = [];

  beforeAll(async () => {
    result = await captureUrl(
      `${site.origin}/start`,
      options({ onProgress: (p) => stages.push(p.stage) }),
    );
    records = await readWarc(result.warcPath);
  });

  it('records request and response for every fixture URL, with correct sha256 payload digests', () => {
    const expected = [
      `${site.origin}/start`,
      `${site.origin}/hop`,
      `${site.origin}/post/1`,
      `${site.origin}/img/eager.png`,
      `${site.origin}/img/lazy.png`,
      `${site.origin}/img/io.png`,
      `${site.origin}/api/data.json`,
      `${site.origin}/api/xhr.json`,
      `${site.origin}/media/clip.webm`,
      `${site.altOrigin}/frame`,
      `${site.altOrigin}/img/frame.png`,
    ];
    for (const url of expected) {
      const response = records.find((r) => r.type === 'response' && r.uri === url);
      expect(response, `response for ${url}`).toBeDefined();
      const served = site.served.get(new URL(url).pathname)!;
      const redirect = /\/(start|hop)$/.test(url);
      if (redirect) {
        // Chromium never reads redirect bodies; the record says so instead of faking one.
        expect(response!.payload.length).toBe(0);
        expect(response!.headers.get('WARC-Truncated')).toBe('unspecified');
        expect(response!.http?.headers.get('x-orig-Content-Length')).toBe(String(served.length));
        expect(response!.headers.get('WARC-Payload-Digest')).toBe(sha256(Buffer.alloc(0)));
      } else {
        expect(response!.payload.equals(served), `payload of ${url}`).toBe(true);
        expect(response!.headers.get('WARC-Payload-Digest')).toBe(sha256(served));
      }
      expect(response!.headers.get('WARC-IP-Address')).toBe('127.0.0.1');
      expect(response!.headers.get('WARC-Date')).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
      const request = records.find(
        (r) =>
          r.type === 'request' &&
          r.headers.get('WARC-Concurrent-To') === response!.headers.get('WARC-Record-ID'),
      );
      expect(request, `request for ${url}`).toBeDefined();
      expect(request!.uri).toBe(url);
      expect(request!.http?.statusline).toMatch(/^GET \/\S* HTTP\/1\.1$/);
    }
    // Redirect hops are their own records, with status and Location.
    const start = records.find((r) => r.type === 'response' && r.uri === `${site.origin}/start`)!;
    expect(start.http?.statusline).toBe('HTTP/1.1 301 Moved Permanently');
    expect(start.http?.headers.get('Location')).toBe('/hop');
    expect(result.exchanges).toBe(records.filter((r) => r.type === 'response').length);
  });

  it('stores screenshots, DOM, MHTML, text as resource records and provenance as metadata', async () => {
    const page = `${site.origin}/post/1`;
    const resource = (kind: string) =>
      records.find((r) => r.type === 'resource' && r.uri === `urn:${kind}:${page}`);
    for (const kind of ['view', 'fullPage', 'dom', 'mhtml', 'text', 'vigil:structured']) {
      expect(resource(kind), kind).toBeDefined();
    }
    expect(resource('view')!.payload.equals(await readFile(result.screenshots.viewport))).toBe(
      true,
    );
    expect(resource('fullPage')!.payload.subarray(1, 4).toString()).toBe('PNG');
    // The full-page screenshot is taller than the viewport one (the page scrolls).
    expect(resource('fullPage')!.payload.readUInt32BE(20)).toBeGreaterThan(
      resource('view')!.payload.readUInt32BE(20),
    );
    expect(resource('mhtml')!.payload.toString()).toContain('Content-Type: multipart/related');
    expect(resource('dom')!.payload.toString()).toContain('id="io"');
    const text = resource('text')!.payload.toString('utf8');
    expect(text).toContain(ARABIC_TEXT);
    expect(text).toContain(URDU_TEXT);
    expect(text).toContain('مرحبا from fetch'); // rendered from the fetch() response
    expect(await readFile(result.textPath, 'utf8')).toBe(result.text);
    const meta = records.find((r) => r.type === 'metadata')!;
    expect(meta.uri).toBe(`urn:vigil:provenance:${page}`);
    expect(JSON.parse(meta.payload.toString())).toMatchObject({
      requestedUrl: `${site.origin}/start`,
      finalUrl: page,
    });
    expect(records[0]!.type).toBe('warcinfo');
    expect(
      records.every((r) => r.type === 'warcinfo' || r.headers.get('WARC-Payload-Digest') !== null),
    ).toBe(true);
  });

  it('writes a complete provenance record (R3)', () => {
    const p = result.provenance;
    expect(p.redirectChain.map((h) => [h.status, new URL(h.url).pathname])).toEqual([
      [301, '/start'],
      [302, '/hop'],
      [200, '/post/1'],
    ]);
    expect(p).toMatchObject({
      finalUrl: `${site.origin}/post/1`,
      status: 200,
      serverIps: ['127.0.0.1'],
      tls: null,
      collector: 'analyst.one',
      persona: 'range-persona-3',
      proxy: null,
      legalBasisRef: 'LB-2026-017',
      viewport: { width: 1280, height: 800 },
      tool: { name: 'vigil', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      limitsHit: [],
    });
    expect(p.tlsNote).toMatch(/no TLS/);
    expect(p.responseHeaders['content-type']).toBe('text/html; charset=utf-8');
    expect(p.browser.version).toMatch(/^\d+\./);
    expect(p.userAgent).not.toContain('HeadlessChrome');
    expect(typeof p.timeZone).toBe('string');
    expect(p.clock.source).toContain('system clock');
    expect(Date.parse(p.endedAt)).toBeGreaterThanOrEqual(Date.parse(p.startedAt));
    expect(p.scroll.stoppedBy).toBe('bottom');
    expect(stages).toEqual(['loading', 'scrolling', 'media']);
  });

  it('refuses sub-resources on loopback addresses and names that resolve to loopback', () => {
    const refused = result.provenance.refused.map((r) => [new URL(r.url).hostname, r.reason]);
    expect(refused).toEqual(
      expect.arrayContaining([
        ['127.0.0.2', 'loopback'],
        ['rebind.test', 'loopback'],
      ]),
    );
    expect(records.some((r) => r.uri.includes('127.0.0.2') || r.uri.includes('rebind.test'))).toBe(
      false,
    );
    // Every allowed response came from an allow-listed host: no rebinding flagged.
    expect(result.provenance.policyViolations).toEqual([]);
  });

  it('lists embedded media (lazy and observed images, video, iframe image) and the profile data', () => {
    const inWarc = result.media
      .filter((m) => m.inWarc)
      .map((m) => `${m.kind} ${new URL(m.url).pathname}`);
    expect(inWarc).toEqual(
      expect.arrayContaining([
        'image /img/eager.png',
        'image /img/lazy.png',
        'image /img/io.png',
        'video /media/clip.webm',
        'image /img/frame.png',
      ]),
    );
    expect(result.media.find((m) => m.url.includes('127.0.0.2'))).toMatchObject({
      inWarc: false,
      status: null,
    });
    expect(result.structured).toMatchObject({
      profile: { id: 'generic' },
      fields: {
        author: 'Fictional Author',
        handle: '@fiction_author',
        postId: 'post-1',
        postedAt: '2026-03-01T10:15:00+05:00',
        postedAtShown: '1 March 2026, 10:15 PKT',
        text: ARABIC_TEXT,
      },
      counts: { likes: 17, replies: 2 },
      replies: [{ author: 'Reply Person', text: 'A reply' }],
      removed: false,
    });
    expect(result.structured!.sources.postId).toBe('jsonld:identifier');
    expect(result.pages).toEqual([
      { url: `${site.origin}/post/1`, ts: result.provenance.startedAt, title: result.title },
    ]);
  });
});

describe('network policy at top level', () => {
  it.each([
    ['loopback IP without allow-list', () => `${site.origin}/post/1`],
    ['a name that resolves to loopback', () => `http://rebind.test:${site.port}/post/1`],
    ['private address', () => 'http://10.1.2.3/'],
    ['metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['file: URL', () => 'file:///etc/passwd'],
    ['data: URL', () => 'data:text/html,<h1>x</h1>'],
    ['browser-internal scheme', () => 'chrome://settings'],
  ])('refuses %s before starting the browser', async (_name, url) => {
    const error = await captureUrl(url(), options({ allowHosts: [] })).catch((e: unknown) => e);
    expect(isRefused(error)).toBe(true);
  });
});

describe('DNS rebinding', () => {
  it('flags a response served from loopback for a name that resolved to a public address', async () => {
    // The resolver lies (localhost → a public address), as a rebinding DNS server would; Chromium
    // then reaches 127.0.0.1. The capture must say so in the provenance.
    const lying: HostResolver = (host) =>
      host === 'localhost' ? Promise.resolve(['93.184.216.34']) : resolve(host);
    const result = await captureUrl(
      `${site.origin}/post/1`,
      options({ resolve: lying, allowHosts: [`127.0.0.1:${site.port}`] }),
    );
    expect(result.provenance.policyViolations).toEqual(
      expect.arrayContaining([
        { url: `${site.altOrigin}/frame`, address: '127.0.0.1', class: 'loopback' },
      ]),
    );
  });
});

describe('auto-scroll', () => {
  it('follows an infinite feed: looks again at the bottom once the page grew', async () => {
    const result = await captureUrl(`${site.origin}/feed`, options());
    for (const k of [1, 2, 3]) {
      expect(result.text).toContain(`feed item ${k}`);
      expect(result.media.find((m) => m.url === `${site.origin}/img/feed-${k}.png`)).toMatchObject({
        inWarc: true,
        status: 200,
      });
    }
    expect(result.provenance.scroll.stoppedBy).toBe('bottom');
    // Three viewports of items were scrolled past, a round at a time.
    expect(result.provenance.scroll.steps).toBeGreaterThanOrEqual(3);
    expect(result.provenance.scroll.height).toBeGreaterThanOrEqual(4 * 900);
  });

  it('stops at the height budget and records it', async () => {
    const result = await captureUrl(
      `${site.origin}/post/1`,
      options({ limits: { scrollMaxHeight: 1200 } }),
    );
    expect(result.provenance.scroll.stoppedBy).toBe('height');
    expect(result.provenance.limitsHit).toContain('scroll_height');
  });
});

describe('limits', () => {
  it('cuts payloads at the byte limit (WARC-Truncated: length) and refuses past the resource limit', async () => {
    const result = await captureUrl(
      `${site.origin}/heavy`,
      options({ limits: { maxBytes: 40_000, maxResources: 4 } }),
    );
    const records = await readWarc(result.warcPath);
    const big = records.find((r) => r.type === 'response' && r.uri.endsWith('/img/big.png'))!;
    expect(big.headers.get('WARC-Truncated')).toBe('length');
    expect(big.payload.length).toBeLessThan(site.served.get('/img/big.png')!.length);
    expect(big.headers.get('WARC-Payload-Digest')).toBe(sha256(big.payload));
    expect(result.provenance.limitsHit).toEqual(expect.arrayContaining(['bytes', 'resources']));
    expect(result.provenance.resources.bytes).toBeLessThanOrEqual(40_000);
    expect(records.filter((r) => r.type === 'request')).toHaveLength(4);
    expect(result.provenance.refused.some((r) => r.reason === 'resource_limit')).toBe(true);
  });

  it('cuts a response still arriving at the time limit (WARC-Truncated: time)', async () => {
    const result = await captureUrl(
      `${site.origin}/slow`,
      options({ limits: { maxTimeMs: 2500 } }),
    );
    const records = await readWarc(result.warcPath);
    const slow = records.find((r) => r.type === 'response' && r.uri.endsWith('/slow-body.js'))!;
    expect(slow.headers.get('WARC-Truncated')).toBe('time');
    expect(result.provenance.limitsHit).toContain('time');
    expect(
      records
        .find((r) => r.type === 'response' && r.uri.endsWith('/slow'))!
        .headers.get('WARC-Truncated'),
    ).toBeNull();
  });
});

describe('recapture', () => {
  const profiles = [
    parseSiteProfile(
      {
        id: 'fixture-posts',
        name: 'Fixture posts',
        version: 1,
        match: ['/post/2$'],
        priority: 10,
        fields: {
          postId: [{ css: '[data-post-id]', attr: 'data-post-id' }],
          text: [{ css: '.body' }],
        },
        media: [{ css: '.post img', attr: 'src' }],
        removed: { text: 'This post has been removed.' },
      },
      'test',
    ),
  ];

  it('reports a changed post, then a deleted one (404) and a removed-marker one', async () => {
    site.post2 = { version: 1, state: 'live' };
    const url = `${site.origin}/post/2`;
    const first = await captureUrl(url, options({ profiles }));
    expect(first.structured?.fields.postId).toBe('post-2');
    site.post2 = { version: 2, state: 'live' };
    const edited = await captureUrl(url, options({ profiles }));
    const change = compareCaptures(first, edited);
    expect(change).toMatchObject({
      changed: true,
      gone: false,
      statusBefore: 200,
      statusAfter: 200,
    });
    expect(change.textDiff).toContain('-Original second line.');
    expect(change.textDiff).toContain('+Edited second line!');
    expect(change.mediaAdded).toEqual([`${site.origin}/img/v2.png`]);
    expect(change.mediaRemoved).toEqual([`${site.origin}/img/v1.png`]);

    site.post2 = { version: 2, state: 'deleted' };
    const deleted = await captureUrl(url, options({ profiles }));
    expect(compareCaptures(edited, deleted)).toMatchObject({
      gone: true,
      goneReason: 'status 404',
      statusAfter: 404,
    });

    site.post2 = { version: 2, state: 'removed-marker' };
    const marked = await captureUrl(url, options({ profiles }));
    expect(marked.removed).toBe(true);
    expect(compareCaptures(edited, marked)).toMatchObject({
      gone: true,
      goneReason: 'removed marker',
      statusAfter: 200,
    });
  });
});
