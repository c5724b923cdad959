/**
 * @module The investigator's web UI (built by Vite from web/ into dist/web/): the app shell at `/`
 * and its hashed assets at `/assets/*`. Public, because the shell holds no data — every API route
 * behind it still needs a session. Hidden from the OpenAPI document, which describes the API only.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../core/version.js';
import { notFound } from '../../core/errors.js';
import type { TypedApp } from '../types.js';

/** Where `npm run build:web` writes the UI. */
export const DEFAULT_WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

const MEDIA_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Vite names assets `name-hash.ext` in one flat folder; nothing else is served. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const missing = (what: string) =>
  notFound(`the web UI is not built (${what} is missing)`, {
    hint: 'run `npm run build:web`, or use the API at /api/openapi.json',
  });

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function webRoutes(app: TypedApp, webRoot: string = DEFAULT_WEB_ROOT): void {
  app.get(
    '/',
    { config: { access: { public: true } }, schema: { hide: true } },
    async (_request, reply) => {
      const html = await readOrNull(path.join(webRoot, 'index.html'));
      if (!html) throw missing('index.html');
      // The shell names the current hashed assets: always revalidate it.
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(html);
    },
  );

  app.get(
    '/assets/*',
    { config: { access: { public: true } }, schema: { hide: true } },
    async (request, reply) => {
      const name = (request.params as { '*': string })['*'];
      const type = MEDIA_TYPES[path.extname(name)];
      if (!ASSET_NAME.test(name) || !type)
        throw notFound(`no asset ${name}`, { hint: 'reload the page at /' });
      const body = await readOrNull(path.join(webRoot, 'assets', name));
      if (!body) throw notFound(`no asset ${name}`, { hint: 'reload the page at /' });
      // Content-hashed names never change their bytes.
      return reply
        .header('content-type', type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(body);
    },
  );
}
