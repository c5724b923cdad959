/**
 * Tests: reports and sharing over HTTP, in-process: an export is a download whose SHA-256 header
 * matches its body and the one disclosure logged; outsiders are refused; a report that fails the
 * pre-flight answers with what is missing; MISP import and preservation deadlines.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { multipart, openCase, testServer } from '../test-support.js';
import type { TestServer } from '../test-support.js';

describe('export routes', () => {
  let t: TestServer;
  let caseId: string;

  beforeAll(async () => {
    t = await testServer();
    caseId = await openCase(t, t.as.investigator, 'Op Heron');
    const upload = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/items`,
      ...multipart([
        { name: 'reason', value: 'appeal' },
        { name: 'sourceUrl', value: 'https://social.example/p/7' },
        { name: 'file', filename: 'post.txt', content: 'send BTC to the brothers' },
      ]),
    });
    expect(upload.statusCode, upload.body).toBe(200);
    return () => t.vigil.close();
  });

  it('downloads a MISP export whose SHA-256 is the one logged as a disclosure', async () => {
    const response = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/exports/misp`,
      payload: { recipient: 'Partner Unit' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const sha = createHash('sha256').update(response.rawPayload).digest('hex');
    expect(response.headers['x-vigil-sha256']).toBe(sha);
    expect(JSON.parse(response.body)).toHaveProperty('Event.uuid');
    const disclosures = (await t.vigil.ledger.events({ caseId })).filter(
      (e) => e.action === 'disclosure',
    );
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]!.data).toMatchObject({
      recipient: 'Partner Unit',
      sha256: sha,
      format: 'misp',
    });
  });

  it('refuses outsiders and requests without a recipient, logging no disclosure', async () => {
    const outsider = await t.as.analyst.request({
      method: 'POST',
      url: `/api/cases/${caseId}/exports/stix`,
      payload: { recipient: 'x' },
    });
    expect(outsider.statusCode).toBe(403);
    const missing = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/exports/stix`,
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(
      (await t.vigil.ledger.events({ caseId })).filter((e) => e.action === 'disclosure'),
    ).toHaveLength(1);
  });

  it('answers a report request that fails the pre-flight with what is missing', async () => {
    const response = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/report`,
      payload: { recipient: 'Prosecutor' },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.json<{ code: string; message: string }>()).toMatchObject({ code: 'refused' });
    expect(response.json<{ message: string }>().message).toContain('missing a verification record');
  });

  it('imports a MISP event and tracks a preservation request', async () => {
    const exported = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/exports/misp`,
      payload: { recipient: 'Partner Unit' },
    });
    const other = await openCase(t, t.as.investigator, 'Op Wren');
    const imported = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${other}/imports/misp`,
      payload: exported.body,
      headers: { 'content-type': 'application/json' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json<{ entities: number }>().entities).toBeGreaterThan(0);
    const created = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/preservation-requests`,
      payload: { provider: 'Example Social', offence: 'terrorist financing' },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json<{ letter: string }>().letter).toContain('(e) Necessity');
    t.clock.advance(80 * 24 * 3_600_000);
    // Sessions do not last 80 days: sign in again.
    const again = await t.signIn('investigator');
    const listed = await again.request({
      method: 'GET',
      url: `/api/cases/${caseId}/preservation-requests?alertDays=14`,
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json<{ alerts: string[] }>().alerts).toEqual([
      expect.stringMatching(/ends in 10 day/),
    ]);
    // The provider grants the Art. 29(7) extension: recorded once, in this case only.
    const requestId = created.json<{ id: string }>().id;
    const extension = `/api/cases/${caseId}/preservation-requests/${requestId}/extension`;
    const elsewhere = await again.request({
      method: 'POST',
      url: `/api/cases/${other}/preservation-requests/${requestId}/extension`,
      payload: {},
    });
    expect(elsewhere.statusCode).toBe(404);
    const outsider = await (
      await t.signIn('analyst')
    ).request({
      method: 'POST',
      url: extension,
      payload: {},
    });
    expect(outsider.statusCode).toBe(403);
    const extended = await again.request({
      method: 'POST',
      url: extension,
      payload: { reason: 'provider ticket ES-4411' },
    });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json<{ daysLeft: number }>().daysLeft).toBe(70);
    const twice = await again.request({ method: 'POST', url: extension, payload: {} });
    expect(twice.statusCode).toBe(409);
    const after = await again.request({
      method: 'GET',
      url: `/api/cases/${caseId}/preservation-requests?alertDays=14`,
    });
    expect(after.json<{ alerts: string[] }>().alerts).toEqual([]);
  });
  it('downloads the ANB (i2 Analyst’s Notebook) CSV and logs exactly one disclosure for it', async () => {
    const count = async () =>
      (await t.vigil.ledger.events({ caseId })).filter((e) => e.action === 'disclosure').length;
    const before = await count();
    // The test before moved the clock past the session lifetime: sign in afresh.
    const investigator = await t.signIn('investigator');
    const response = await investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/exports/anb`,
      payload: { recipient: 'Analysis Cell' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain(`${caseId}.anb.csv`);
    expect(response.body.split('\r\n')[0]).toBe(
      'Entity 1 Identity,Entity 1 Type,Entity 1 Label,Entity 2 Identity,Entity 2 Type,Entity 2 Label,Link Type,Link Label,Date,Time,Description,Source Type,Source Reference,Grade 1,Grade 2',
    );
    expect(await count()).toBe(before + 1);
    const last = (await t.vigil.ledger.events({ caseId })).at(-1)!;
    expect(last.data).toMatchObject({
      format: 'anb',
      recipient: 'Analysis Cell',
      sha256: createHash('sha256').update(response.rawPayload).digest('hex'),
    });
  });
});
