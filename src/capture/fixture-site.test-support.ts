/**
 * @module A local fixture site for the capture tests and the bench: redirects, lazy images, a
 * cross-site iframe, fetch/XHR JSON, a video made with ffmpeg, Arabic and Urdu text, a post that
 * can change or be deleted, and slow or large responses for the limits. Binds to 127.0.0.1 only
 * and remembers every body it served so tests can check the WARC against it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

export const ARABIC_TEXT = 'الراية لا تسقط أبداً في هذا المنشور الخيالي';
export const URDU_TEXT = 'یہ ایک فرضی پوسٹ ہے جو صرف تربیت کے لیے ہے';

export interface FixtureSite {
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `http://localhost:PORT`: another site (cross-site iframe), same server. */
  altOrigin: string;
  /** Bodies served, by path (last one wins). */
  served: Map<string, Buffer>;
  /** State of the mutable post `/post/2`. */
  post2: { version: 1 | 2; state: 'live' | 'deleted' | 'removed-marker' };
  close(): Promise<void>;
}

const png = (r: number, g: number, b: number, size = 24) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

/** A noisy (incompressible) PNG of about `bytes` bytes, for the byte-limit test. */
const bigPng = async (bytes: number) => {
  const side = Math.ceil(Math.sqrt(bytes / 3));
  const raw = Buffer.alloc(side * side * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = x >> 16;
  }
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
};

async function makeVideo(): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-fixture-video-'));
  try {
    const file = path.join(dir, 'clip.webm');
    await promisify(execFile)('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=1:size=64x48:rate=5',
      '-c:v',
      'libvpx',
      '-b:v',
      '50k',
      '-y',
      file,
    ]);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const postPage = (origin: string, altOrigin: string) => `<!doctype html>
<html lang="ar"><head><meta charset="utf-8"><title>منشور تجريبي — Fixture post 1</title>
<meta property="og:title" content="Fixture post 1">
<meta property="og:type" content="article">
<meta property="og:image" content="${origin}/img/og.png">
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'SocialMediaPosting',
  identifier: 'post-1',
  url: `${origin}/post/1`,
  datePublished: '2026-03-01T10:15:00+05:00',
  articleBody: ARABIC_TEXT,
  author: {
    '@type': 'Person',
    name: 'Fictional Author',
    alternateName: '@fiction_author',
    identifier: 'u-42',
  },
  interactionStatistic: { '@type': 'InteractionCounter', userInteractionCount: 17 },
  commentCount: 2,
})}</script>
<style>body{font-family:sans-serif} .spacer{height:2600px}</style></head>
<body>
<article itemscope itemtype="https://schema.org/SocialMediaPosting">
  <h1 itemprop="headline">Fixture post 1</h1>
  <p itemprop="articleBody">${ARABIC_TEXT}</p>
  <p lang="ur">${URDU_TEXT}</p>
  <time itemprop="datePublished" datetime="2026-03-01T10:15:00+05:00">1 March 2026, 10:15 PKT</time>
  <img src="/img/eager.png" alt="eager">
  <video src="/media/clip.webm" preload="auto" muted autoplay playsinline width="64" height="48"></video>
  <iframe src="${altOrigin}/frame" width="200" height="100"></iframe>
  <img src="http://127.0.0.2:${new URL(origin).port}/img/evil.png" alt="loopback elsewhere">
  <img src="http://rebind.test:${new URL(origin).port}/img/rebind.png" alt="rebinding name">
  <div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
    <span itemprop="author">Reply Person</span><time itemprop="datePublished" datetime="2026-03-01T11:00:00Z">11:00</time>
    <span itemprop="text">A reply</span></div>
  <pre id="api"></pre><pre id="xhr"></pre>
</article>
<div class="spacer"></div>
<img src="/img/lazy.png" loading="lazy" alt="lazy" width="24" height="24">
<img id="io" data-src="/img/io.png" alt="observed" width="24" height="24">
<script>
fetch('/api/data.json').then(r => r.json()).then(j => { document.getElementById('api').textContent = j.message; });
const x = new XMLHttpRequest(); x.open('GET', '/api/xhr.json');
x.onload = () => { document.getElementById('xhr').textContent = x.responseText; }; x.send();
new IntersectionObserver((entries, obs) => {
  for (const e of entries) if (e.isIntersecting) { e.target.src = e.target.dataset.src; obs.disconnect(); }
}).observe(document.getElementById('io'));
</script>
</body></html>`;

/**
 * An infinite feed: each time the sentinel below the items comes into view, one more item (text
 * from a JSON API, and an image) is appended, three times. Only a scroll that looks again after
 * the page grew reaches all three.
 */
const FEED_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>feed</title>
<style>.item{height:900px}</style></head><body>
<div id="feed"><div class="item">item 0</div></div><div id="more">loading more</div>
<script>
let n = 0;
new IntersectionObserver(async (entries) => {
  if (!entries.some((e) => e.isIntersecting) || n >= 3) return;
  const k = ++n;
  const j = await (await fetch('/api/feed/' + k + '.json')).json();
  const item = document.createElement('div');
  item.className = 'item';
  item.innerHTML = '<p>' + j.text + '</p><img src="/img/feed-' + k + '.png" width="24" height="24">';
  document.getElementById('feed').appendChild(item);
}).observe(document.getElementById('more'));
</script></body></html>`;

const post2Page = (site: FixtureSite) => {
  const v = site.post2.version;
  const removed = site.post2.state === 'removed-marker';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Post 2</title></head><body>
<div class="post" data-post-id="post-2">
${
  removed
    ? '<p class="notice">This post has been removed.</p>'
    : `<p class="body">First line stays.</p>
<p class="body">${v === 1 ? 'Original second line.' : 'Edited second line!'}</p>
<img src="/img/v${v}.png" alt="media v${v}">`
}
</div></body></html>`;
};

/** Starts the fixture site on 127.0.0.1 (a random port). */
export async function startFixtureSite(): Promise<FixtureSite> {
  const [eager, lazy, io, og, frameImg, v1, v2, big, video] = await Promise.all([
    png(200, 0, 0),
    png(0, 200, 0),
    png(0, 0, 200),
    png(200, 200, 0),
    png(0, 200, 200),
    png(10, 10, 10),
    png(250, 250, 250),
    bigPng(120_000),
    makeVideo(),
  ]);
  const files: Record<string, { type: string; body: Buffer }> = {
    '/img/eager.png': { type: 'image/png', body: eager },
    '/img/lazy.png': { type: 'image/png', body: lazy },
    '/img/io.png': { type: 'image/png', body: io },
    '/img/og.png': { type: 'image/png', body: og },
    '/img/frame.png': { type: 'image/png', body: frameImg },
    '/img/v1.png': { type: 'image/png', body: v1 },
    '/img/v2.png': { type: 'image/png', body: v2 },
    '/img/big.png': { type: 'image/png', body: big },
    '/img/feed-1.png': { type: 'image/png', body: v1 },
    '/img/feed-2.png': { type: 'image/png', body: v2 },
    '/img/feed-3.png': { type: 'image/png', body: lazy },
    '/media/clip.webm': { type: 'video/webm', body: video },
    '/api/data.json': {
      type: 'application/json',
      body: Buffer.from(JSON.stringify({ message: 'مرحبا from fetch' })),
    },
    '/api/xhr.json': {
      type: 'application/json',
      body: Buffer.from(JSON.stringify({ via: 'xhr', n: 2 })),
    },
  };
  const served = new Map<string, Buffer>();
  // eslint-disable-next-line prefer-const -- assigned once the server knows its port
  let site: FixtureSite;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (
      status: number,
      type: string,
      body: Buffer | string,
      extra: Record<string, string> = {},
    ) => {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      served.set(url.pathname, buf);
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': String(buf.length),
        ...extra,
      });
      res.end(buf);
    };
    const p = url.pathname;
    if (p === '/start')
      return send(301, 'text/html', '<a href="/hop">moved</a>', { Location: '/hop' });
    if (p === '/hop')
      return send(302, 'text/html', '<a href="/post/1">found</a>', { Location: '/post/1' });
    if (p === '/post/1')
      return send(200, 'text/html; charset=utf-8', postPage(site.origin, site.altOrigin));
    if (p === '/frame') {
      return send(
        200,
        'text/html; charset=utf-8',
        '<!doctype html><p>إطار داخلي</p><img src="/img/frame.png">',
      );
    }
    if (p === '/post/2') {
      if (site.post2.state === 'deleted') return send(404, 'text/html', '<h1>Not found</h1>');
      return send(200, 'text/html; charset=utf-8', post2Page(site));
    }
    if (p === '/heavy') {
      return send(
        200,
        'text/html; charset=utf-8',
        '<!doctype html><title>heavy</title><img src="/img/big.png"><img src="/img/eager.png"><img src="/img/lazy.png"><img src="/img/io.png"><img src="/img/og.png">',
      );
    }
    if (p === '/feed') return send(200, 'text/html; charset=utf-8', FEED_PAGE);
    const feed = /^\/api\/feed\/(\d)\.json$/.exec(p);
    if (feed) {
      return send(200, 'application/json', JSON.stringify({ text: `feed item ${feed[1]}` }));
    }
    if (p === '/slow') {
      return send(
        200,
        'text/html; charset=utf-8',
        '<!doctype html><title>slow</title><script src="/slow-body.js"></script>',
      );
    }
    if (p === '/slow-body.js') {
      // Headers now, body never completes in time: the capture's time limit must cut it.
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Length': '100000' });
      res.write('// slow start\n');
      const t = setTimeout(() => res.end(), 20_000);
      res.on('close', () => clearTimeout(t));
      return;
    }
    const file = files[p];
    if (file) return send(200, file.type, file.body);
    return send(404, 'text/plain', 'no such fixture');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  site = {
    port,
    origin: `http://127.0.0.1:${port}`,
    altOrigin: `http://localhost:${port}`,
    served,
    post2: { version: 1, state: 'live' },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return site;
}
