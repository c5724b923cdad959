import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createVigilClient } from '../client/index.js';
import { buildServer } from './app.js';
import {
  CLIENT_TYPES_FILE,
  OPENAPI_FILE,
  formatDocument,
  generateClientTypes,
  generateOpenApi,
} from './openapi.js';
import { PASSWORD } from './test-support.js';
import { testVigil } from '../../test/support/vigil.js';

describe('the committed API contract', () => {
  it('matches what the server generates (run `npm run openapi` after changing a route)', async () => {
    const document = await generateOpenApi();
    expect(
      formatDocument(document),
      'openapi/openapi.json is out of date: run `npm run openapi`',
    ).toBe(fs.readFileSync(OPENAPI_FILE, 'utf8'));
    expect(
      await generateClientTypes(document),
      'src/client/api-types.ts is out of date: run `npm run openapi`',
    ).toBe(fs.readFileSync(CLIENT_TYPES_FILE, 'utf8'));
  });

  it('documents every route except the document itself, each with its responses', async () => {
    const document = (await generateOpenApi()) as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}/items',
        '/api/items/{id}/artifacts/{sha256}',
        '/api/ledger/verify',
      ]),
    );
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        // 200, or 202 for work that is queued (captures, triage runs).
        expect(
          Object.keys(operation.responses ?? {}).some((code) => code === '200' || code === '202'),
          `${method} ${route}`,
        ).toBe(true);
        // Every route but the public ones documents its 401 (issue 6: no session, no answer).
        const isPublic = route === '/api/health' || route === '/api/auth/sign-in';
        if (!isPublic)
          expect(Object.keys(operation.responses ?? {}), `${method} ${route}`).toContain('401');
      }
    }
  });

  it('drives a real server on loopback through the generated typed client', async () => {
    const { vigil } = await testVigil();
    await vigil.access.addUser('setup', 'ana', 'investigator', PASSWORD);
    const app = await buildServer({ vigil });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const client = createVigilClient(`http://127.0.0.1:${port}`);
      await client.signIn('ana', PASSWORD);
      const created = await client.api.POST('/api/cases', {
        body: {
          title: 'Typed',
          basis: {
            authority: 'Court',
            reference: 'W-1',
            purpose: 'p',
            validFrom: '2026-11-01',
            validUntil: '2026-12-01',
          },
        },
      });
      expect(created.data?.id).toMatch(/^C-\d+$/);
      const listed = await client.api.GET('/api/cases');
      expect(listed.data?.cases.map((c) => c.title)).toEqual(['Typed']);
      const denied = await createVigilClient(`http://127.0.0.1:${port}`).api.GET('/api/cases');
      expect(denied.response.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
