/**
 * Tests: grading, verification records, findings, indicators and redacted working copies over
 * HTTP, in-process. Each write lands in the same repository and ledger as the CLI's; outsiders,
 * auditors and trainees are refused; bad bodies are refused before anything is written; and the
 * report is blocked until the item is verified (R19), then allowed.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportsFor } from '../../exports/index.js';
import { multipart, openCase, testServer } from '../test-support.js';
import type { TestServer } from '../test-support.js';

describe('exhibit routes (grade, verification, findings, indicators, redactions)', () => {
  let t: TestServer;
  let caseId: string;
  let note: { id: string; sha256: string };
  let photo: { id: string; sha256: string };
  const TEXT = 'Contact @bystander_handle or send BTC to the brothers today.';

  const upload = async (filename: string, content: Buffer | string) => {
    const response = await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/items`,
      ...multipart([
        { name: 'reason', value: 'shared in channel' },
        { name: 'file', filename, content },
      ]),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { id: string; sha256: string }[] }>().items[0]!;
  };
  const events = async (itemId: string, action: string) =>
    (await t.vigil.ledger.events({ itemId })).filter((e) => e.action === action);

  beforeAll(async () => {
    t = await testServer();
    caseId = await openCase(t, t.as.investigator, 'Op Kestrel');
    note = await upload('note.txt', TEXT);
    const png = await sharp({
      create: { width: 120, height: 80, channels: 3, background: { r: 240, g: 200, b: 40 } },
    })
      .png()
      .toBuffer();
    photo = await upload('photo.png', png);
    return () => t.vigil.close();
  });

  it('grades an item and reads the grade back, as the CLI records it (R10, R20)', async () => {
    const before = (await events(note.id, 'annotation')).length;
    const posted = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/grade`,
      payload: {
        reliability: 'b',
        credibility: '2',
        provenance: 'order',
        authorisationRef: 'PO-2026-17',
        reason: 'channel known to the unit',
      },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({
      itemId: note.id,
      reliability: 'B',
      credibility: '2',
      provenanceLabel: 'order',
      authorisationRef: 'PO-2026-17',
      gradedBy: 'investigator',
    });
    const stored = await exportsFor(t.vigil).service.deps.repository.grade(note.id);
    expect(stored).toMatchObject({ reliability: 'B', credibility: '2', gradedBy: 'investigator' });
    const annotations = await events(note.id, 'annotation');
    expect(annotations).toHaveLength(before + 1);
    expect(annotations.at(-1)!.data).toMatchObject({ grade: 'B2', provenanceLabel: 'order' });

    const got = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${note.id}/grade`,
    });
    expect(got.json<{ grade: { reliability: string } }>().grade.reliability).toBe('B');
    const none = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${photo.id}/grade`,
    });
    expect(none.json()).toEqual({ grade: null });
  });

  it('refuses bad grades before writing anything', async () => {
    const before = (await events(note.id, 'annotation')).length;
    const bad = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/grade`,
      payload: { reliability: 'Z', credibility: '2', reason: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    // The domain rule: an order label needs the order's reference.
    const noRef = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/grade`,
      payload: { reliability: 'A', credibility: '1', provenance: 'order', reason: 'x' },
    });
    expect(noRef.statusCode).toBe(400);
    expect(noRef.json<{ message: string }>().message).toContain('reference of the order');
    const missing = await t.as.investigator.request({
      method: 'POST',
      url: '/api/items/I-9999/grade',
      payload: { reliability: 'A', credibility: '1', reason: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    expect(await events(note.id, 'annotation')).toHaveLength(before);
  });

  it('lets a member analyst annotate, and refuses outsiders, auditors and trainees', async () => {
    const body = {
      source: 'account active since 2024',
      content: 'matches the known style',
      technical: 'hash recorded at upload',
      confidence: 'medium',
    };
    const verify = (agent: TestServer['as'][keyof TestServer['as']]) =>
      agent.request({ method: 'POST', url: `/api/items/${photo.id}/verification`, payload: body });
    for (const role of ['analyst', 'auditor', 'trainee', 'admin'] as const)
      expect((await verify(t.as[role])).statusCode, role).toBe(403);
    await t.vigil.access.setMember('setup', caseId, 'auditor', 'member');
    await t.vigil.access.setMember('setup', caseId, 'analyst', 'member');
    expect((await verify(t.as.auditor)).statusCode).toBe(403);
    const auditorRead = await t.as.auditor.request({
      method: 'GET',
      url: `/api/items/${photo.id}/verification`,
    });
    expect(auditorRead.statusCode).toBe(403);
    const ok = await verify(t.as.analyst);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ...body, recordedBy: 'analyst', itemId: photo.id });
    const read = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${photo.id}/verification`,
    });
    expect(read.json<{ verification: { confidence: string } }>().verification.confidence).toBe(
      'medium',
    );
    const bad = await t.as.analyst.request({
      method: 'POST',
      url: `/api/items/${photo.id}/verification`,
      payload: { ...body, confidence: 'certain' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('adds findings, flags them only on their own item, and confirms indicators', async () => {
    const added = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/assertions`,
      payload: { text: 'the account asked for money in BTC' },
    });
    expect(added.statusCode, added.body).toBe(200);
    const assertion = added.json<{ id: number; kind: string | null }>();
    expect(assertion.kind).toBeNull();
    // Pairing an assertion with another item (even of the same case) is refused.
    const crossed = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${photo.id}/assertions/${assertion.id}/flag`,
      payload: { kind: 'fact' },
    });
    expect(crossed.statusCode).toBe(404);
    const flagged = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/assertions/${assertion.id}/flag`,
      payload: { kind: 'fact' },
    });
    expect(flagged.statusCode, flagged.body).toBe(200);
    expect(flagged.json()).toMatchObject({ id: assertion.id, kind: 'fact' });
    const listed = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${note.id}/assertions`,
    });
    expect(listed.json<{ assertions: { kind: string }[] }>().assertions).toEqual([
      expect.objectContaining({ id: assertion.id, kind: 'fact' }),
    ]);

    const wrongType = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/indicators`,
      payload: { type: 'iban', value: 'x', reason: 'y' },
    });
    expect(wrongType.statusCode).toBe(400);
    const confirmed = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/indicators`,
      payload: { type: 'handle', value: '@bystander_handle', reason: 'named in the appeal' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const indicators = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${note.id}/indicators`,
    });
    expect(indicators.json()).toEqual({
      indicators: [expect.objectContaining({ type: 'handle', value: '@bystander_handle' })],
    });
    const reviewed = await events(note.id, 'reviewed');
    expect(reviewed.at(-1)!.data).toMatchObject({ indicator: 'handle', decision: 'accepted' });
  });

  it('makes redacted working copies over HTTP and leaves the evidence untouched (R5, R13)', async () => {
    const masked = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${note.id}/redactions`,
      payload: { spans: [{ start: 8, end: 25 }], reason: 'bystander handle (R13)' },
    });
    expect(masked.statusCode, masked.body).toBe(200);
    const [copy] = masked.json<{ redactions: { derivedSha256: string; sourceSha256: string }[] }>()
      .redactions;
    const download = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${note.id}/artifacts/${copy!.derivedSha256}`,
    });
    expect(download.statusCode, download.body).toBe(200);
    expect(download.body).toBe(`Contact ${'█'.repeat(17)} or send BTC to the brothers today.`);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(
      copy!.derivedSha256,
    );
    const original = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${note.id}/artifacts/${note.sha256}`,
    });
    expect(original.body).toBe(TEXT);
    const alteration = await events(note.id, 'alteration');
    expect(alteration).toHaveLength(1);
    expect(alteration[0]!.data).toMatchObject({
      workingCopy: copy!.derivedSha256,
      derivedFrom: note.sha256,
      evidentiaryCopyUnchanged: true,
    });

    const boxed = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${photo.id}/redactions`,
      payload: { rects: [{ x: 10, y: 10, width: 30, height: 20 }], reason: 'a face' },
    });
    expect(boxed.statusCode, boxed.body).toBe(200);
    const listed = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${photo.id}/redactions`,
    });
    const [shot] = listed.json<{ redactions: { derivedSha256: string; rects: unknown[] }[] }>()
      .redactions;
    expect(shot!.rects).toEqual([{ x: 10, y: 10, width: 30, height: 20 }]);
    const png = await t.as.investigator.request({
      method: 'GET',
      url: `/api/items/${photo.id}/artifacts/${shot!.derivedSha256}`,
    });
    const { data, info } = await sharp(png.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(20, 20)).toBe(0);
    expect(at(100, 60)).toBe(240);
  });

  it('refuses redactions that would mask nothing, and logs no alteration', async () => {
    const before = (await events(photo.id, 'alteration')).length;
    for (const payload of [
      { spans: [{ start: 9, end: 9 }], reason: 'r' },
      { rects: [{ x: 500, y: 500, width: 10, height: 10 }], reason: 'r' },
      { rects: [{ x: 1, y: 1, width: 0, height: 10 }], reason: 'r' },
      { reason: 'r' },
      { rects: [{ x: 1, y: 1, width: 5, height: 5 }] },
    ]) {
      const response = await t.as.investigator.request({
        method: 'POST',
        url: `/api/items/${photo.id}/redactions`,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await events(photo.id, 'alteration')).toHaveLength(before);
    const trainee = await t.as.trainee.request({
      method: 'POST',
      url: `/api/items/${photo.id}/redactions`,
      payload: { rects: [{ x: 1, y: 1, width: 5, height: 5 }], reason: 'r' },
    });
    expect(trainee.statusCode).toBe(403);
  });

  it('blocks a report with an unverified item and allows it once verified (R19)', async () => {
    const unverified = await upload('appeal.txt', 'join the caravan');
    const report = () =>
      t.as.investigator.request({
        method: 'POST',
        url: `/api/cases/${caseId}/report`,
        payload: { recipient: 'Public Prosecutor', items: [unverified.id] },
      });
    const disclosures = async () =>
      (await t.vigil.ledger.events({ caseId })).filter((e) => e.action === 'disclosure');
    await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${unverified.id}/grade`,
      payload: { reliability: 'C', credibility: '3', reason: 'new channel' },
    });
    const blocked = await report();
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'refused' });
    expect(blocked.json<{ message: string }>().message).toContain(
      `${unverified.id}: missing a verification record`,
    );
    expect(await disclosures()).toHaveLength(0);
    // The same pre-flight on its own: what is missing, nothing made, nothing logged.
    const events = (await t.vigil.ledger.events({ caseId })).length;
    const readiness = async () =>
      (
        await t.as.investigator.request({
          url: `/api/cases/${caseId}/report/readiness?items=${unverified.id}`,
        })
      ).json<{ ready: boolean; problems: { itemId: string; missing: string }[] }>();
    expect(await readiness()).toMatchObject({
      ready: false,
      problems: [
        { itemId: unverified.id, missing: expect.stringContaining('verification record') },
      ],
    });
    expect((await t.vigil.ledger.events({ caseId })).length).toBe(events);

    const recorded = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${unverified.id}/verification`,
      payload: {
        source: 'channel created last week',
        content: 'text matches the appeal seen elsewhere',
        technical: 'hash recorded at upload',
        confidence: 'low',
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(await readiness()).toMatchObject({ ready: true, problems: [] });
    const allowed = await report();
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.headers['content-type']).toBe('application/pdf');
    expect(allowed.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const sha = createHash('sha256').update(allowed.rawPayload).digest('hex');
    expect(allowed.headers['x-vigil-sha256']).toBe(sha);
    const logged = await disclosures();
    expect(logged).toHaveLength(1);
    expect(logged[0]!.data).toMatchObject({ recipient: 'Public Prosecutor', sha256: sha });
  }, 60_000);
});
