/**
 * Packages over HTTP (issue 6): a sealed multi-item WACZ for a recipient, logged once as a
 * disclosure, and the offline verifier on an uploaded package, hostile ones included.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { verifyPackage } from '../package/index.js';
import { writeRawZip } from '../package/test-support.js';
import { buildServer } from './app.js';
import type { Agent, TestServer } from './test-support.js';
import { fakeCaptureEngine, multipart, openCase, testServer } from './test-support.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A multipart body with one file part of the given media type. */
function upload(name: string, content: Buffer, mediaType = 'application/wacz', extra = '') {
  const boundary = '----vigilverify';
  const payload = Buffer.concat([
    Buffer.from(
      `${extra}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mediaType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('packages over HTTP', () => {
  let t: TestServer;
  let lead: Agent;
  let caseId: string;
  let otherCase: string;
  const items: string[] = [];
  let foreignItem: string;
  let downloaded: Buffer;

  beforeAll(async () => {
    t = await testServer({ captureEngine: fakeCaptureEngine });
    lead = t.as.investigator;
    caseId = await openCase(t, lead, 'Op Lantern');
    otherCase = await openCase(t, lead, 'Op Other');
    for (const n of [1, 2, 3]) {
      const outcome = await t.vigil.capture.capture({
        actor: lead.name,
        caseId,
        url: `https://example.org/p/${n}`,
        reason: 'public posts of the fictional channel',
      });
      items.push(outcome.id);
    }
    foreignItem = (
      await t.vigil.capture.capture({
        actor: lead.name,
        caseId: otherCase,
        url: 'https://example.org/other',
        reason: 'other case',
      })
    ).id;
    await t.vigil.access.setMember('setup', caseId, 'analyst', 'member');
  });
  afterAll(() => t.vigil.close());

  const tmpEntries = () =>
    fs
      .readdirSync(path.join(t.vigil.config.home, 'tmp'))
      .filter((name) => /^(package|verify)-/.test(name));

  it('streams a sealed package of the chosen items and logs exactly one disclosure', async () => {
    const before = (await t.vigil.ledger.events({ caseId })).length;
    const response = await lead.request({
      method: 'POST',
      url: `/api/cases/${caseId}/packages`,
      payload: {
        items: [items[0], items[1]],
        recipient: 'Fictional Public Prosecutor',
        reason: 'disclosure for the hearing',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/wacz');
    expect(response.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="${caseId}-[0-9a-f]{12}\\.wacz"$`),
    );
    downloaded = response.rawPayload;
    const digest = sha256(downloaded);
    expect(response.headers['x-vigil-package-sha256']).toBe(digest);
    expect(Number(response.headers['content-length'])).toBe(downloaded.length);
    expect(downloaded.subarray(0, 2).toString()).toBe('PK');

    const events = (await t.vigil.ledger.events({ caseId })).slice(before);
    const disclosures = events.filter((event) => event.action === 'disclosure');
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]?.actor).toBe('investigator');
    expect(disclosures[0]?.reason).toBe('disclosure for the hearing');
    expect(disclosures[0]?.data).toMatchObject({
      recipient: 'Fictional Public Prosecutor',
      sha256: digest,
      items: [items[0], items[1]],
      package: 'streamed over HTTP to the requester',
    });
    expect(events.filter((event) => event.action === 'combination')).toHaveLength(1);
    // The scratch copy is gone once the download ended.
    await vi.waitFor(() => expect(tmpEntries()).toEqual([]));

    // The same bytes verify offline, as the recipient would check them.
    const file = path.join(tempDir('vigil-pkg-'), 'p.wacz');
    fs.writeFileSync(file, downloaded);
    const offline = await verifyPackage(file);
    expect(offline.ok).toBe(true);
    expect(offline.records).toBeGreaterThanOrEqual(2);
  });

  it('verifies an uploaded package and returns the report of vigil verify --json', async () => {
    const file = path.join(tempDir('vigil-pkg-'), 'p.wacz');
    fs.writeFileSync(file, downloaded);
    const offline = await verifyPackage(file);
    // An auditor needs no membership: the route reads no case content.
    const response = await t.as.auditor.request({
      method: 'POST',
      url: '/api/packages/verify',
      ...upload('C-1 disclosure.wacz', downloaded),
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<typeof offline>();
    expect(report).toEqual({ ...offline, file: 'C-1_disclosure.wacz' });
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toContain('signature');
    expect(tmpEntries()).toEqual([]);
  });

  it('reports a tampered package as failed, naming the failing check', async () => {
    const tampered = Buffer.from(downloaded);
    // Flip one byte inside the first stored web archive (after its local header).
    const at = tampered.indexOf(Buffer.from('archive/'));
    expect(at).toBeGreaterThan(0);
    const index = at + 200;
    tampered[index] = (tampered[index] ?? 0) ^ 0xff;
    const response = await t.as.analyst.request({
      method: 'POST',
      url: '/api/packages/verify',
      ...upload('tampered.wacz', tampered, 'application/zip'),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      ok: boolean;
      file: string;
      firstFailure: { name: string; file?: string } | null;
    }>();
    expect(body.ok).toBe(false);
    expect(body.file).toBe('tampered.wacz');
    expect(body.firstFailure).toMatchObject({ name: 'files', file: `archive/${items[0]}.warc.gz` });
  });

  it('answers a hostile or broken ZIP with 400 and the verifier’s reason, never 500', async () => {
    const dir = tempDir('vigil-hostile-');
    const evil = path.join(dir, 'evil.wacz');
    writeRawZip(evil, [
      { name: 'datapackage.json', data: Buffer.from('{}') },
      { name: '../../etc/cron.d/evil', data: Buffer.from('boom') },
    ]);
    const hostile = await lead.request({
      method: 'POST',
      url: '/api/packages/verify',
      ...upload('evil.wacz', fs.readFileSync(evil)),
    });
    expect(hostile.statusCode).toBe(400);
    const body = hostile.json<{ code: string; message: string; details: { report: unknown } }>();
    expect(body.code).toBe('invalid_input');
    expect(body.message).toMatch(/path traversal/);
    expect(body.details.report).toMatchObject({ ok: false, file: 'evil.wacz' });

    const garbage = await lead.request({
      method: 'POST',
      url: '/api/packages/verify',
      ...upload('noise.wacz', Buffer.from('this is not a zip at all, only text'.repeat(20))),
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json<{ message: string }>().message).toMatch(/refused/);
    expect(tmpEntries()).toEqual([]);
  });

  it('is strict about what it accepts', async () => {
    const post = (options: object) =>
      lead.request({ method: 'POST', url: '/api/packages/verify', ...options });
    // Wrong media type of the part, wrong extension, no file, an unknown field, not multipart.
    expect((await post(upload('p.wacz', downloaded, 'text/html'))).statusCode).toBe(400);
    expect((await post(upload('p.zip', downloaded))).statusCode).toBe(400);
    expect((await post(multipart([{ name: 'note', value: 'x' }]))).statusCode).toBe(400);
    expect(
      (await post(multipart([{ name: 'tsaCert', value: '/etc/passwd' }]))).json<{
        message: string;
      }>().message,
    ).toMatch(/PEM/);
    expect((await post({ payload: { file: 'x' } })).statusCode).toBe(400);
    // The trainee role verifies nothing on the unit's server.
    expect(
      (
        await t.as.trainee.request({
          method: 'POST',
          url: '/api/packages/verify',
          ...upload('p.wacz', downloaded),
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses uploads over the size limit', async () => {
    const small = await buildServer({ vigil: t.vigil, maxUploadBytes: 1024 });
    try {
      const { token } = await t.vigil.access.createApiToken('auditor', 'limit test');
      const response = await small.inject({
        method: 'POST',
        url: '/api/packages/verify',
        headers: { ...upload('p.wacz', downloaded).headers, authorization: `Bearer ${token}` },
        payload: upload('p.wacz', downloaded).payload,
      });
      expect([400, 413]).toContain(response.statusCode);
      expect(response.json<{ message: string }>().message).toMatch(/limit|large/i);
      expect(tmpEntries()).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('refuses items of another case, unknown items, outsiders and empty requests', async () => {
    const post = (agent: Agent, payload: object, id = caseId) =>
      agent.request({ method: 'POST', url: `/api/cases/${id}/packages`, payload });
    const body = { items: [items[0]], recipient: 'court' };
    const foreign = await post(lead, { items: [items[0], foreignItem], recipient: 'court' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ message: string }>().message).toContain(
      `${foreignItem} is not an item of case ${caseId}`,
    );
    expect((await post(lead, { items: ['I-999999'], recipient: 'court' })).statusCode).toBe(400);
    expect((await post(lead, { items: [], recipient: 'court' })).statusCode).toBe(400);
    expect((await post(lead, { items: [items[0]] })).statusCode).toBe(400);
    expect((await post(lead, { items: [items[0]], recipient: '   ' })).statusCode).toBe(400);
    expect((await post(lead, { items: [items[0], items[0]], recipient: 'court' })).statusCode).toBe(
      400,
    );
    // Not members of the case, or roles that may not disclose content.
    for (const agent of [t.as.trainer, t.as.auditor, t.as.trainee, t.as.admin])
      expect((await post(agent, body)).statusCode, agent.name).toBe(403);
    // A member analyst may disclose what they may read.
    expect((await post(t.as.analyst, body)).statusCode).toBe(200);
    const disclosures = (await t.vigil.ledger.events({ caseId })).filter(
      (event) => event.action === 'disclosure',
    );
    expect(disclosures).toHaveLength(2);
    await vi.waitFor(() => expect(tmpEntries()).toEqual([]));
  });

  it('refuses an erased item with 409, and discloses nothing', async () => {
    const erased = items[2] ?? '';
    await t.vigil.evidence.eraseItem('retention', erased, 'expiry passed');
    const before = (await t.vigil.ledger.events({ caseId })).length;
    const response = await lead.request({
      method: 'POST',
      url: `/api/cases/${caseId}/packages`,
      payload: { items: [items[0], erased], recipient: 'court' },
    });
    expect(response.statusCode).toBe(409);
    const body = response.json<{ code: string; message: string }>();
    expect(body.code).toBe('conflict');
    expect(body.message).toContain(`${erased} (erased`);
    expect((await t.vigil.ledger.events({ caseId })).slice(before)).toEqual([]);
    expect(tmpEntries()).toEqual([]);
  });
});
