import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { BASIS, testVigil } from '../../test/support/vigil.js';
import type { Vigil } from '../app/vigil.js';
import type { ManualClock } from '../core/clock.js';
import { isIntegrityError, isInvalidInput, isNotFound, isRefused } from '../core/errors.js';
import { verifyLedgerSegment } from '../custody/segment.js';

describe('EvidenceService', () => {
  let vigil: Vigil;
  let clock: ManualClock;
  const files = tempDir();
  const text = path.join(files, 'note.txt');
  const photo = path.join(files, 'poster.jpg');

  beforeAll(async () => {
    ({ vigil, clock } = await testVigil());
    fs.writeFileSync(text, 'مرحبا — synthetic note\n');
    await sharp({ create: { width: 32, height: 24, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'VigilTestCam', Model: 'Synthetic 1' } })
      .toFile(photo);
    return () => vigil.close();
  });

  const ledgerActions = async () => (await vigil.ledger.events()).map((e) => e.action);

  it('ingests files with hashes, media type by content, EXIF and a collection event each', async () => {
    const kase = await vigil.cases.create('ana', { title: 'Op Heron', basis: BASIS });
    const items = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: kase.id,
      files: [text, photo],
      reason: 'posted in channel',
      sourceUrl: 'https://example.org/p/1',
    });
    expect(items.map((i) => [i.name, i.mediaType, i.legalBasisId])).toEqual([
      ['note.txt', 'text/plain', 'LB-1'],
      ['poster.jpg', 'image/jpeg', 'LB-1'],
    ]);
    expect(items[1]?.metadata.embedded).toMatchObject({
      'EXIF:Make': 'VigilTestCam',
      'EXIF:Model': 'Synthetic 1',
    });
    const collections = (await vigil.ledger.events({ caseId: kase.id })).filter(
      (e) => e.action === 'collection',
    );
    expect(collections.map((e) => [e.itemId, e.actor, e.reason, e.data.sha256])).toEqual(
      items.map((i) => [i.id, 'ana', 'posted in channel', i.sha256]),
    );
    expect((await vigil.ledger.verify()).ok).toBe(true);
  });

  it('refuses collection before, after and outside validity, and on a closed case, logging each refusal', async () => {
    const kase = await vigil.cases.create('ana', {
      title: 'Op Wren',
      basis: { ...BASIS, validFrom: '2026-11-25', validUntil: '2026-11-26' },
    });
    const attempt = () =>
      vigil.evidence.ingest({ actor: 'ana', caseId: kase.id, files: [text], reason: 'r' });
    await expect(attempt()).rejects.toSatisfy(isRefused);
    clock.set('2026-11-25T12:00:00Z');
    expect(await attempt()).toHaveLength(1);
    clock.set('2026-11-26T00:00:00Z');
    await expect(attempt()).rejects.toThrow(/expired on 2026-11-26/);
    clock.set('2026-11-25T13:00:00Z');
    await vigil.cases.close('ana', kase.id, 'referred');
    await expect(attempt()).rejects.toThrow(/closed/);
    const refusals = (await vigil.ledger.events({ caseId: kase.id })).filter(
      (e) => e.action === 'refused',
    );
    expect(refusals).toHaveLength(3);
    expect(await vigil.evidence.listItems(kase.id)).toHaveLength(1);
    clock.set('2026-11-22T10:00:00Z');
  });

  it('leaves no trace of bad input: missing file, directory, empty reason, bad URL, bad date, unknown case', async () => {
    const kase = await vigil.cases.create('ana', { title: 'Op Kite', basis: BASIS });
    const before = await ledgerActions();
    const base = { actor: 'ana', caseId: kase.id, files: [text], reason: 'r' };
    await expect(
      vigil.evidence.ingest({ ...base, files: [text, path.join(files, 'nope')] }),
    ).rejects.toSatisfy(isNotFound);
    await expect(vigil.evidence.ingest({ ...base, files: [files] })).rejects.toThrow(
      /is a directory/,
    );
    await expect(vigil.evidence.ingest({ ...base, reason: '   ' })).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(vigil.evidence.ingest({ ...base, sourceUrl: 'not a url' })).rejects.toThrow(
      /--source-url/,
    );
    await expect(vigil.evidence.ingest({ ...base, acquiredAt: '2026-11-31' })).rejects.toThrow(
      /--acquired-at/,
    );
    await expect(vigil.evidence.ingest({ ...base, caseId: 'C-999' })).rejects.toSatisfy(isNotFound);
    expect(await ledgerActions()).toEqual(before);
    expect(await vigil.evidence.listItems(kase.id)).toEqual([]);
  });

  it('logs consultations with the stated purpose or the basis purpose', async () => {
    const kase = await vigil.cases.create('ana', { title: 'Op Finch', basis: BASIS });
    const [item] = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: kase.id,
      files: [text],
      reason: 'r',
    });
    await vigil.evidence.showItem('bo', item?.id ?? '', 'check the hash for the prosecutor');
    await vigil.evidence.showItem('bo', item?.id ?? '');
    const consultations = (await vigil.ledger.events({ itemId: item?.id })).filter(
      (e) => e.action === 'consultation',
    );
    expect(consultations.map((e) => [e.actor, e.reason])).toEqual([
      ['bo', 'check the hash for the prosecutor'],
      ['bo', `within the purpose of ${BASIS.reference}: ${BASIS.purpose}`],
    ]);
  });

  it('gives back the original bytes only while they match, and logs an integrity failure when not (R4)', async () => {
    const kase = await vigil.cases.create('ana', { title: 'Op Rook', basis: BASIS });
    const unique = path.join(files, 'unique.bin');
    fs.writeFileSync(unique, 'bytes that will be tampered with');
    const [item] = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: kase.id,
      files: [unique],
      reason: 'r',
    });
    if (!item) throw new Error('no item');
    const out = path.join(files, 'out.bin');
    await vigil.evidence.getOriginal('ana', item.id, out);
    expect(fs.readFileSync(out, 'utf8')).toBe('bytes that will be tampered with');

    const blob = vigil.blobs.pathOf(item.sha256);
    fs.chmodSync(blob, 0o600);
    fs.writeFileSync(blob, 'bytes that will be tampered with!');
    const again = path.join(files, 'again.bin');
    await expect(vigil.evidence.getOriginal('ana', item.id, again)).rejects.toSatisfy(
      isIntegrityError,
    );
    expect(fs.existsSync(again)).toBe(false);
    const verification = await vigil.evidence.verifyStore('auditor');
    expect(verification.ok).toBe(false);
    expect(verification.bad).toEqual([
      { sha256: item.sha256, items: [item.id], problem: 'altered' },
    ]);
    const failures = (await vigil.ledger.events({ itemId: item.id })).filter(
      (e) => e.action === 'integrity_failure',
    );
    expect(failures.map((e) => e.actor)).toEqual(['ana', 'auditor']);
    expect((await vigil.ledger.verify()).ok).toBe(true);
  });

  it('exports a case segment that verifies offline and discloses only that case', async () => {
    const segment = await vigil.ledger.exportSegment('dpo', { caseId: 'C-1' });
    const result = verifyLedgerSegment(segment);
    expect(result).toMatchObject({ ok: true, caseId: 'C-1', keyId: vigil.signer.keyId });
    const whole = segment
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(whole.filter((e) => !e.redacted).every((e) => e.caseId === 'C-1')).toBe(true);
    expect(whole.some((e) => e.redacted)).toBe(true);
    const tampered = segment.replace('"posted in channel"', '"nothing"');
    expect(verifyLedgerSegment(tampered)).toMatchObject({ ok: false });
  });
});
