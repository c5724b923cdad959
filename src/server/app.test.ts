import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASIS_BODY, multipart, openCase, testServer } from './test-support.js';
import type { TestServer } from './test-support.js';

describe('workbench HTTP API', () => {
  let t: TestServer;
  let caseId: string;
  let itemId: string;
  let sha256: string;
  const content = 'synthetic poster text — «Join the Lantern Circle»\n';

  beforeAll(async () => {
    t = await testServer();
    caseId = await openCase(t, t.as.investigator, 'Op Heron');
    const upload = multipart([
      { name: 'reason', value: 'poster from channel' },
      { name: 'file', filename: 'poster.txt', content },
    ]);
    const ingested = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/items`,
      ...upload,
    });
    expect(ingested.statusCode, ingested.body).toBe(200);
    const [item] = ingested.json<{ items: { id: string; sha256: string }[] }>().items;
    itemId = item?.id ?? '';
    sha256 = item?.sha256 ?? '';
  });

  it('answers health and the OpenAPI document without a session, and 401 for everything else', async () => {
    expect((await t.app.inject({ url: '/api/health' })).json()).toMatchObject({ ok: true });
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const anonymous = await t.app.inject({ url: `/api/cases/${caseId}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('signs in with an HttpOnly SameSite=Strict cookie, refuses bad passwords, and rate-limits', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { name: 'analyst', password: 'correct horse battery staple' },
    });
    const cookie = ok.cookies.find((c) => c.name === 'vigil_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    for (let i = 0; i < 5; i += 1) {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { name: 'auditor', password: 'wrong' },
      });
      expect(bad.statusCode).toBe(401);
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { name: 'auditor', password: 'correct horse battery staple' },
    });
    expect(limited.statusCode).toBe(429);
  });

  it('requires the CSRF token for unsafe methods on cookie sessions, not for API tokens', async () => {
    const noCsrf = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/close`,
      payload: { reason: 'x' },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const issued = await t.as.investigator.request({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { label: 'script' },
    });
    const token = issued.json<{ token: string }>().token;
    const viaToken = await t.app.inject({
      url: `/api/cases/${caseId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaToken.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          url: `/api/cases/${caseId}`,
          headers: { authorization: 'Bearer vgt_nope' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('shows new items to case members only (R13)', async () => {
    expect(
      (await t.as.investigator.request({ url: `/api/cases/${caseId}/items` })).statusCode,
    ).toBe(200);
    expect((await t.as.analyst.request({ url: `/api/cases/${caseId}/items` })).statusCode).toBe(
      403,
    );
    expect((await t.as.auditor.request({ url: `/api/items/${itemId}` })).statusCode).toBe(403);
    const added = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/members`,
      payload: { userName: 'analyst', membership: 'member' },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect((await t.as.analyst.request({ url: `/api/cases/${caseId}/items` })).statusCode).toBe(
      200,
    );
    expect((await t.as.trainee.request({ url: `/api/cases/${caseId}` })).statusCode).toBe(403);
    const visible = (await t.as.trainee.request({ url: '/api/cases' })).json<{
      cases: unknown[];
    }>();
    expect(visible.cases).toEqual([]);
  });

  it('serves artifacts as sandboxed attachments with ranges, logging each consultation with its purpose', async () => {
    const full = await t.as.investigator.request({
      url: `/api/items/${itemId}/artifacts/${sha256}`,
      headers: { 'x-vigil-purpose': 'prepare exhibit list' },
    });
    expect(full.statusCode).toBe(200);
    expect(full.body).toBe(content);
    expect(full.headers['content-disposition']).toMatch(/^attachment;/);
    expect(full.headers['content-security-policy']).toMatch(/sandbox/);
    const part = await t.as.investigator.request({
      url: `/api/items/${itemId}/artifacts/${sha256}`,
      headers: { range: 'bytes=0-8' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-8/${Buffer.byteLength(content)}`);
    expect(part.rawPayload).toEqual(Buffer.from(content).subarray(0, 9));
    const events = await t.vigil.ledger.events({ itemId });
    expect(
      events.filter((e) => e.action === 'consultation').map((e) => [e.actor, e.reason]),
    ).toContainEqual(['investigator', 'prepare exhibit list']);
  });

  it('refuses and logs collection outside the legal basis with 403 and the reason (R1)', async () => {
    const shortCase = await openCase(t, t.as.investigator, 'Op Short', {
      ...BASIS_BODY,
      validUntil: '2026-11-22T11:00:00Z',
    });
    t.clock.set('2026-11-22T12:00:00Z');
    const upload = multipart([
      { name: 'reason', value: 'late' },
      { name: 'file', filename: 'late.txt', content: 'late' },
    ]);
    const refused = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${shortCase}/items`,
      ...upload,
    });
    t.clock.set('2026-11-22T10:00:00Z');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'refused',
      message: expect.stringContaining('expired'),
    });
    const refusals = (await t.vigil.ledger.events({ caseId: shortCase })).filter(
      (e) => e.action === 'refused',
    );
    expect(refusals).toHaveLength(1);
  });

  it('answers 422 and logs integrity_failure when the stored bytes were altered (R4)', async () => {
    const upload = multipart([
      { name: 'reason', value: 'r' },
      { name: 'file', filename: 'victim.txt', content: 'victim bytes' },
    ]);
    const [victim] = (
      await t.as.investigator.request({
        method: 'POST',
        url: `/api/cases/${caseId}/items`,
        ...upload,
      })
    ).json<{ items: { id: string; sha256: string }[] }>().items;
    const blob = t.vigil.blobs.pathOf(victim?.sha256 ?? '');
    fs.chmodSync(blob, 0o600);
    fs.writeFileSync(blob, 'Victim bytes');
    const response = await t.as.investigator.request({
      url: `/api/items/${victim?.id ?? ''}/artifacts/${victim?.sha256 ?? ''}`,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'integrity' });
    expect((await t.vigil.ledger.events({ itemId: victim?.id })).map((e) => e.action)).toContain(
      'integrity_failure',
    );
  });

  it('lets auditors verify and export the ledger; no route edits or deletes it (R8)', async () => {
    const verified = await t.as.auditor.request({ url: '/api/ledger/verify' });
    expect(verified.json()).toMatchObject({ ok: true, headSigned: true });
    const exported = await t.as.auditor.request({ url: `/api/ledger/export?case=${caseId}` });
    expect(exported.headers['content-type']).toMatch(/application\/jsonl/);
    const head = exported.body.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(head)).toMatchObject({ type: 'vigil-ledger-head' });
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      expect(
        (await t.as.admin.request({ method, url: '/api/ledger' })).statusCode,
      ).toBeGreaterThanOrEqual(400);
    }
    expect(t.app.printRoutes()).not.toMatch(/DELETE|PUT|PATCH/);
  });

  it('validates input with a clear error and never leaks a stack trace', async () => {
    const bad = await t.as.investigator.request({
      method: 'POST',
      url: '/api/cases',
      payload: { title: '', basis: {} },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_input' });
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
    const badDate = await t.as.investigator.request({
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'x', basis: { ...BASIS_BODY, validFrom: '31/12/2026' } },
    });
    expect(badDate.json()).toMatchObject({
      code: 'invalid_input',
      hint: expect.stringContaining('2026-11-22'),
    });
  });

  it('sets security headers on every response', async () => {
    const response = await t.app.inject({ url: '/api/health' });
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
  });

  it('keeps passwords as argon2id hashes and API tokens as SHA-256 digests at rest', async () => {
    const db = (t.vigil.store as unknown as { db: Database.Database }).db;
    const user = db
      .prepare<[], { password_hash: string }>(
        "SELECT password_hash FROM users WHERE name = 'investigator'",
      )
      .get();
    expect(user?.password_hash).toMatch(/^\$argon2id\$/);
    const { token } = (
      await t.as.analyst.request({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { label: 'at-rest check' },
      })
    ).json<{ token: string }>();
    const stored = db
      .prepare<[], { token_hash: string }>(
        "SELECT token_hash FROM api_tokens WHERE label = 'at-rest check'",
      )
      .get();
    expect(stored?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token);
  });
  it('applies the approval policy on a team server: planning until plan, risk assessment and approval (R2)', async () => {
    const created = await t.as.investigator.request({
      method: 'POST',
      url: '/api/cases',
      payload: { title: 'Op Planning', basis: BASIS_BODY },
    });
    const kase = created.json<{
      id: string;
      state: string;
      policy: string;
      legalBases: { id: string }[];
    }>();
    expect(kase).toMatchObject({ state: 'planning', policy: 'approval' });
    const upload = multipart([
      { name: 'reason', value: 'too early' },
      { name: 'file', filename: 'early.txt', content: 'early' },
    ]);
    const early = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${kase.id}/items`,
      ...upload,
    });
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ code: 'refused', details: { cause: 'planning' } });
    await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${kase.id}/plan`,
      payload: { plan: 'p', riskAssessment: 'r' },
    });
    const selfApproval = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${kase.id}/bases/${kase.legalBases[0]?.id ?? ''}/approve`,
    });
    expect(selfApproval.statusCode).toBe(403);
    const approval = await t.as.supervisor.request({
      method: 'POST',
      url: `/api/cases/${kase.id}/bases/${kase.legalBases[0]?.id ?? ''}/approve`,
    });
    expect(approval.json()).toMatchObject({ approvedBy: 'supervisor' });
    expect(
      (
        await t.as.investigator.request({
          method: 'POST',
          url: `/api/cases/${kase.id}/items`,
          ...upload,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('keeps a persona registry that supervisors manage and everyone but trainees reads (R17)', async () => {
    const added = await t.as.supervisor.request({
      method: 'POST',
      url: '/api/personas',
      payload: { name: 'amina.k', platforms: ['range'], users: ['investigator'] },
    });
    expect(added.json()).toMatchObject({ name: 'amina.k', users: ['investigator'] });
    expect(
      (
        await t.as.investigator.request({
          method: 'POST',
          url: '/api/personas',
          payload: { name: 'mine', platforms: [], users: ['investigator'] },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.as.analyst.request({ url: '/api/personas' }))
        .json<{ personas: { name: string }[] }>()
        .personas.map((p) => p.name),
    ).toEqual(['amina.k']);
    await expect(t.vigil.access.authorisePersona('analyst', 'amina.k')).rejects.toThrow(
      /not allowed to use persona/,
    );
  });

  it('gives the data-protection officer the record of processing, and runs retention on demand (R12, R16)', async () => {
    const record = await t.as.auditor.request({ url: '/api/records-of-processing' });
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      purposes: expect.arrayContaining([expect.objectContaining({ caseId })]),
    });
    expect(
      (await t.as.investigator.request({ url: '/api/records-of-processing' })).statusCode,
    ).toBe(403);
    const set = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/retention`,
      payload: { reviewAt: '2027-01-01', expiresAt: '2027-06-01', legalHold: true },
    });
    expect(set.json()).toMatchObject({ legalHold: true, expiresAt: '2027-06-01T00:00:00.000Z' });
    const run = await t.as.supervisor.request({ method: 'POST', url: '/api/retention/run' });
    expect(run.json()).toMatchObject({ erased: [] });
  });
});
