/**
 * Tests: the court report (real Chromium, read back with poppler's pdftotext, Arabic and Urdu
 * included; escaped hostile text), its pre-flight (R19, R10), redacted working copies (R5, R13)
 * and preservation requests with deadline alerts on a fake clock (R21).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isConflict, isInvalidInput, isRefused } from '../core/errors.js';
import { ARABIC, URDU, XSS, exportFixture, makeReportable } from './exports.test-support.js';
import type { ExportFixture } from './exports.test-support.js';
import { PreservationRequestSchema, preservationStatus } from './preservation.js';
import { maskText } from './redaction.js';

const pdftotext = (file: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

describe('court report, redaction and preservation', () => {
  let f: ExportFixture;
  const out = (name: string) => path.join(f.dir, name);
  const fileSink = (file: string) => (bytes: Buffer) => {
    fs.writeFileSync(file, bytes);
    return Promise.resolve(file);
  };
  const disclosures = async () =>
    (await f.vigil.ledger.events({ caseId: f.caseId })).filter((e) => e.action === 'disclosure');

  beforeAll(async () => {
    f = await exportFixture();
    return () => f.vigil.close();
  }, 120_000);

  it('refuses the report until every item has a verification record, a grade and flagged assertions', async () => {
    const assertion = await f.exports.service.addAssertion(
      'ana',
      f.capture.id,
      'The handle posted the same poster elsewhere.',
    );
    const error = await f.exports.reports
      .report('ana', { caseId: f.caseId, recipient: 'Prosecutor' }, fileSink(out('never.pdf')))
      .catch((e: unknown) => e);
    expect(isRefused(error)).toBe(true);
    const message = (error as Error).message;
    for (const item of [f.note, f.image, f.capture])
      expect(message).toContain(`${item.id}: missing a verification record`);
    expect(message).toContain(`assertion ${assertion.id} is not flagged`);
    expect(message).toContain('vigil item verify-record');
    expect(fs.existsSync(out('never.pdf'))).toBe(false);
    expect(await disclosures()).toEqual([]);
    await makeReportable(f);
    await f.exports.service.flagAssertion('ana', assertion.id, 'fact');
    await f.exports.service.addAssertion(
      'ana',
      f.capture.id,
      'The account is likely run by the media wing.',
      'assessment',
    );
  });

  it('redacts a working copy and leaves the evidentiary copy untouched (R5, R13)', async () => {
    const before = await f.vigil.store.items.artifacts(f.capture.id);
    const shot = before.find((a) => a.role === 'screenshot-full')!;
    const text = before.find((a) => a.role === 'text')!;
    const original = await f.exports.service.readVerified('ana', f.capture, text.sha256);
    const start = original.toString('utf8').indexOf('@bystander_handle');
    const redactions = await f.exports.redaction.redact('ana', f.capture.id, {
      rects: [{ x: 10, y: 10, width: 100, height: 50 }],
      spans: [{ start, end: start + '@bystander_handle'.length }],
      reason: 'bystander handle and face',
    });
    expect(redactions).toHaveLength(2);
    const after = await f.vigil.store.items.artifacts(f.capture.id);
    const derived = after.filter((a) => a.role === 'derived');
    expect(derived.map((a) => a.derivedFrom).sort()).toEqual([shot.sha256, text.sha256].sort());
    // The evidentiary copies still verify, byte for byte.
    expect((await f.vigil.blobs.check(shot.sha256)).ok).toBe(true);
    expect((await f.vigil.blobs.check(text.sha256)).ok).toBe(true);
    const masked = (
      await f.exports.service.readVerified(
        'ana',
        f.capture,
        derived.find((a) => a.derivedFrom === text.sha256)!.sha256,
      )
    ).toString('utf8');
    expect(masked).not.toContain('bystander_handle');
    expect(masked.length).toBe(original.toString('utf8').length);
    const image = await f.exports.service.readVerified(
      'ana',
      f.capture,
      derived.find((a) => a.derivedFrom === shot.sha256)!.sha256,
    );
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [
      ...data.subarray(
        (y * info.width + x) * info.channels,
        (y * info.width + x) * info.channels + 3,
      ),
    ];
    expect(px(50, 30)).toEqual([0, 0, 0]);
    expect(px(300, 200)).not.toEqual([0, 0, 0]);
    const alterations = (await f.vigil.ledger.events({ itemId: f.capture.id })).filter(
      (e) => e.action === 'alteration',
    );
    expect(alterations).toHaveLength(2);
    expect(alterations[0]!.data).toMatchObject({
      derivedFrom: shot.sha256,
      evidentiaryCopyUnchanged: true,
    });
    expect(maskText('abcdef', [{ start: 1, end: 3 }])).toBe('a██def');
    expect(() => maskText('abc', [{ start: 1, end: 9 }])).toThrow(/past the end/);
  });

  it('renders the report with Chromium: Arabic and Urdu as text, hostile strings inert, one disclosure with the PDF SHA-256', async () => {
    const result = await f.exports.reports.report(
      'ana',
      { caseId: f.caseId, recipient: 'Public Prosecutor, Fictional District', workingCopies: true },
      fileSink(out('report.pdf')),
    );
    const pdf = fs.readFileSync(out('report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(result.sha256);
    const text = pdftotext(out('report.pdf'));
    expect(text).toContain(`Evidence report — case ${f.caseId}`);
    expect(text).toContain(ARABIC);
    expect(text).toContain(URDU.split(' ')[0]!);
    // The hostile string is printed as text, so it never ran as markup.
    // (pdftotext breaks table cells into lines, so compare without whitespace; the closing `>`
    // may move with the right-to-left text around it).
    expect(text.replace(/\s/g, '')).toContain(XSS.replace(/\s/g, '').slice(0, -1));
    expect(text).toContain('<script>alert("pwned")</script>');
    expect(text).toContain('[FACT] The handle posted the same poster elsewhere.');
    expect(text).toContain('[ASSESSMENT] The account is likely run by the media wing.');
    expect(text).toContain('Redacted working copy');
    expect(text).toContain(f.vigil.signer.keyId);
    expect(text).toContain(f.accepted);
    for (const c of f.unreviewed) expect(text).not.toContain(c);
    expect(text).toMatch(/Admiralty grading: B2/);
    const events = await disclosures();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      recipient: 'Public Prosecutor, Fictional District',
      sha256: result.sha256,
      format: 'report',
    });
    expect(result.workingCopies).toHaveLength(1);
  }, 120_000);

  it('generates a preservation request with every Art. 29(2)(a)–(f) field and tracks its deadline (R21)', async () => {
    await expect(
      f.exports.preservation.create(
        'ana',
        { caseId: f.caseId, provider: 'Example Social', offence: '' },
        { json: () => Promise.resolve(null), letter: () => Promise.resolve(null) },
      ),
    ).rejects.toSatisfy(isInvalidInput);
    const created = await f.exports.preservation.create(
      'ana',
      {
        caseId: f.caseId,
        provider: 'Example Social Ltd',
        offence: 'public provocation to commit a terrorist offence',
        location: 'Dublin, IE',
      },
      { json: fileSink(out('pr.json')), letter: fileSink(out('pr.txt')) },
    );
    const request = JSON.parse(fs.readFileSync(out('pr.json'), 'utf8')) as unknown;
    const parsed = PreservationRequestSchema.safeParse(request);
    expect(parsed.success).toBe(true);
    // The schema is not vacuous: dropping (f) fails it.
    const withoutF = { ...(request as Record<string, unknown>) };
    delete withoutF.mutualAssistanceIntent;
    expect(PreservationRequestSchema.safeParse(withoutF).success).toBe(false);
    const letter = fs.readFileSync(out('pr.txt'), 'utf8');
    for (const mark of ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)']) expect(letter).toContain(mark);
    expect(letter).toContain('https://range.example/p/42');
    expect(letter).toContain('@caravan_media');
    const events = await disclosures();
    expect(events.at(-1)!.data).toMatchObject({
      recipient: 'Example Social Ltd',
      format: 'preservation-request',
      sha256: created.sha256,
    });

    // Fake clock: 75 days on, no alert at 14 days' notice; at day 77, an alert.
    const day = 24 * 3_600_000;
    f.clock.advance(75 * day);
    let [status] = await f.exports.preservation.list({ caseId: f.caseId, alertDays: 14 });
    expect(status).toMatchObject({ state: 'active', alert: null, daysLeft: 15 });
    f.clock.advance(2 * day);
    [status] = await f.exports.preservation.list({ caseId: f.caseId, alertDays: 14 });
    expect(status!.state).toBe('expiring');
    expect(status!.alert).toMatch(/ends in 13 day\(s\)/);
    const extended = await f.exports.preservation.extend('ana', created.id);
    expect(extended.daysLeft).toBe(73);
    await expect(f.exports.preservation.extend('ana', created.id)).rejects.toSatisfy(isConflict);
    f.clock.advance(73 * day);
    [status] = await f.exports.preservation.list({ caseId: f.caseId });
    expect(status!.state).toBe('expired');
    expect(preservationStatus(status!, new Date(status!.endsAt), 14).state).toBe('expired');
  });
});
