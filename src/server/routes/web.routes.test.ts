/**
 * The web UI's static routes: the shell and its assets are public and served under the app's CSP;
 * nothing outside the built folder's flat assets directory can be reached; the API stays closed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testVigil } from '../../../test/support/vigil.js';
import { tempDir } from '../../../test/support/temp.js';
import { buildServer } from '../app.js';

async function serverWith(webRoot: string) {
  const { vigil } = await testVigil();
  const app = await buildServer({ vigil, webRoot });
  return { app, close: async () => (await app.close(), await vigil.close()) };
}

describe('web routes', () => {
  it('serves the shell and hashed assets without a session, under the strict CSP', async () => {
    const root = tempDir('vigil-webroot-');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Vigil</title>');
    fs.writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'assets', 'index-AbC123.css'), 'body{}');
    fs.writeFileSync(path.join(root, 'secret.js'), 'outside assets');
    const { app, close } = await serverWith(root);
    try {
      const shell = await app.inject({ method: 'GET', url: '/' });
      expect(shell.statusCode).toBe(200);
      expect(shell.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(shell.headers['cache-control']).toBe('no-cache');
      expect(shell.headers['content-security-policy']).toContain("script-src 'self'");
      expect(shell.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(shell.headers['x-frame-options']).toBe('DENY');
      expect(shell.body).toContain('<title>Vigil</title>');

      const script = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.headers['cache-control']).toContain('immutable');
      expect(script.body).toBe('console.log(1)');
      const style = await app.inject({ method: 'GET', url: '/assets/index-AbC123.css' });
      expect(style.headers['content-type']).toBe('text/css; charset=utf-8');

      for (const url of [
        '/assets/../secret.js',
        '/assets/..%2fsecret.js',
        '/assets/%2e%2e%2fsecret.js',
        '/assets/..%2f..%2fpackage.json',
        '/assets/missing-1.js',
        '/assets/index-AbC123.exe',
        '/assets/.hidden.js',
      ]) {
        const response = await app.inject({ method: 'GET', url });
        // `/assets/../x` normalises to a path with no route at all, which the guard closes (403).
        expect([403, 404], url).toContain(response.statusCode);
        expect(response.body).not.toContain('outside assets');
      }
      // The shell is public; the API behind it is not.
      expect((await app.inject({ method: 'GET', url: '/api/cases' })).statusCode).toBe(401);
    } finally {
      await close();
    }
  });

  it('says how to build the UI when it is missing, and stays out of the OpenAPI document', async () => {
    const { app, close } = await serverWith(tempDir('vigil-webroot-empty-'));
    try {
      const response = await app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.json<{ hint: string }>().hint).toContain('npm run build:web');
      const document = app.swagger() as unknown as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths).filter((url) => !url.startsWith('/api/'))).toEqual([]);
    } finally {
      await close();
    }
  });
});
