/**
 * @module Replay of captured pages on a separate origin: a second, small Fastify instance on
 * another loopback port that serves only ReplayWeb.page (`ui.js`, `sw.js` from the installed
 * `replaywebpage` package — no CDN) and the bytes of one sealed WACZ per short-lived token.
 * Captured scripts run there, in an origin that shares nothing with the workbench: no cookies, no
 * storage, no API. The workbench mints tokens (`POST /api/items/{id}/replay`, a logged
 * consultation) and embeds the page in a sandboxed iframe.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyReply } from 'fastify';
import type { BlobStore } from '../evidence/ports.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { parseRange } from './routes/item.routes.js';

/** What the workbench needs from a running replay server. */
export interface ReplayMinter {
  /** `http://127.0.0.1:<port>`: the origin the workbench's CSP allows as a frame. */
  readonly origin: string;
  /** A replay URL for one package, valid for the server's token lifetime. */
  mint(grant: ReplayGrant): { url: string; expiresAt: string };
}

export interface ReplayGrant {
  readonly itemId: string;
  /** SHA-256 of the item's sealed WACZ package. */
  readonly sha256: string;
  readonly size: number;
  /** The captured page's URL, which ReplayWeb.page opens first. */
  readonly url: string;
}

export interface ReplayServer extends ReplayMinter {
  /** Which page may frame the replay (CSP frame-ancestors); set once the workbench listens. */
  allowEmbedder(origin: string): void;
  close(): Promise<void>;
}

export interface ReplayServerOptions {
  readonly blobs: Pick<BlobStore, 'read' | 'readRange'>;
  readonly port?: number;
  /** How long a token stays valid (default 30 minutes: one viewing session). */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Where the `replaywebpage` package lives (default: node_modules of this installation). */
  readonly assetsDir?: string;
}

const DEFAULT_TTL_MS = 30 * 60_000;

/** The replay origin's CSP: its own scripts only; framed only by itself and the workbench. */
const csp = (embedder: string | null) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // ReplayWeb.page's components set inline styles and read their icons from data: URLs. Styles
    // cannot run code, and this origin holds nothing to steal; scripts stay 'self' only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self' data: blob:",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // Every ancestor counts: the viewer frame sits inside the replay page inside the workbench.
    `frame-ancestors 'self'${embedder ? ` ${embedder}` : ''}`,
  ].join('; ');

/** HTML attribute text: the captured URL may hold quotes or angle brackets. */
const attribute = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');

/** Tokens are 128-bit random capabilities kept only in this process: short (ReplayWeb.page nests
 * the package URL inside its own URLs) and worthless once the process ends. */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** Starts the replay server on 127.0.0.1 (loopback only, like the range). */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const now = options.now ?? (() => Date.now());
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const assets = options.assetsDir ?? path.join(PACKAGE_ROOT, 'node_modules', 'replaywebpage');
  let embedder: string | null = null;
  const grants = new Map<string, { grant: ReplayGrant; expires: number }>();

  const verify = (token: string): ReplayGrant | null => {
    if (!TOKEN.test(token)) return null;
    const entry = grants.get(token);
    if (!entry) return null;
    if (entry.expires <= now()) {
      grants.delete(token);
      return null;
    }
    return entry.grant;
  };

  const app = Fastify({ logger: false });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', csp(embedder));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('cache-control', 'no-store');
    return payload;
  });
  const refuse = (reply: FastifyReply) =>
    reply
      .status(403)
      .type('text/plain; charset=utf-8')
      .send('this replay link expired or is not valid');

  const script = (file: string) => {
    const bytes = fs.readFileSync(path.join(assets, file));
    return (_request: unknown, reply: FastifyReply) =>
      reply.type('text/javascript; charset=utf-8').send(bytes);
  };
  // ReplayWeb.page: the embedding page loads ui.js; the viewer frame at /replay/ loads ui.js
  // again and registers sw.js, whose scope is /replay/.
  app.get('/ui.js', script('ui.js'));
  app.get('/replay/ui.js', script('ui.js'));
  app.get('/replay/sw.js', script('sw.js'));
  app.get('/replay/', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html><head><meta charset="utf-8"><script src="./ui.js"></script></head><body><replay-app-main></replay-app-main></body></html>',
      ),
  );

  app.get('/view/:token', (request, reply) => {
    const { token } = request.params as { token: string };
    const grant = verify(token);
    if (!grant) return refuse(reply);
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>Replay</title><script src="/ui.js"></script></head><body><replay-web-page source="/package/${token}.wacz" url="${attribute(grant.url)}" replayBase="/replay/" embed="replayonly"></replay-web-page></body></html>`,
      );
  });

  // The WACZ, with single byte ranges (ReplayWeb.page reads the ZIP's index, then what it needs).
  app.route({
    method: ['GET', 'HEAD'],
    url: '/package/:file',
    handler: (request, reply) => {
      const { file } = request.params as { file: string };
      const grant = verify(file.replace(/\.wacz$/, ''));
      if (!grant) return refuse(reply);
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', 'application/wacz')
        .header('content-disposition', 'inline; filename="capture.wacz"');
      const rangeHeader = request.headers.range;
      const range = rangeHeader ? parseRange(rangeHeader, grant.size) : null;
      if (range === 'unsatisfiable') {
        return reply.status(416).header('content-range', `bytes */${grant.size}`).send();
      }
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${grant.size}`)
          .header('content-length', range.end - range.start + 1);
        return request.method === 'HEAD'
          ? reply.send()
          : reply.send(options.blobs.readRange(grant.sha256, range.start, range.end));
      }
      reply.header('content-length', grant.size);
      return request.method === 'HEAD'
        ? reply.send()
        : reply.send(options.blobs.read(grant.sha256));
    },
  });
  // Browsers ask every origin for an icon; there is none to give.
  app.get('/favicon.ico', (_request, reply) => reply.status(204).send());
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).type('text/plain; charset=utf-8').send('not found'),
  );

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    origin,
    mint(grant) {
      const expires = now() + ttl;
      // Expired grants go as new ones come, so the map stays as small as the live links.
      for (const [token, entry] of grants) if (entry.expires <= now()) grants.delete(token);
      const token = randomBytes(16).toString('base64url');
      grants.set(token, { grant, expires });
      return { url: `${origin}/view/${token}`, expiresAt: new Date(expires).toISOString() };
    },
    allowEmbedder(value) {
      embedder = value;
    },
    close: () => app.close(),
  };
}
