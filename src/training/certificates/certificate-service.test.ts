/**
 * R26 (b)–(d) and the printable certificate: issue with the centre key, tamper with the
 * achievement name → the proof fails; revoke → the published status list says revoked; a future
 * validFrom → not yet valid; the PDF (real Chromium) reads back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { SqliteTrainingRepository } from '../../store/sqlite/training-repository.js';
import { tempDir } from '../../../test/support/temp.js';
import { findChromium } from '../../capture/chromium.js';
import { CENTRE_KEY_FILE } from './centre-key.js';
import { certificateServiceFor } from './index.js';
import type { CertificateService } from './certificate-service.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { readStatusList } from './status-list.js';

let home: string;
let store: SqliteStore;
let service: CertificateService;
const clock = new ManualClock('2026-11-22T10:00:00Z');

beforeAll(() => {
  home = tempDir('vigil-cert-');
  store = openSqliteStore(path.join(home, 'vigil.db'));
  service = certificateServiceFor({
    home,
    repository: new SqliteTrainingRepository(store.db),
    clock,
  });
});
afterAll(async () => {
  await store.close();
});

const checks = (r: { checks: { name: string; ok: boolean; detail: string }[] }) =>
  Object.fromEntries(r.checks.map((c) => [c.name, c.ok]));

describe('certificates', () => {
  it('issues an OB 3.0 credential signed by the centre key that verifies offline', async () => {
    const { certificate, credential } = await service.issue({
      actor: 'tess',
      recipient: 'Rina Hartono',
      achievement: 'recruitment-invite-links',
      result: '92/100',
    });
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(String((credential.issuer as { id: string }).id)).toMatch(/^did:key:z6Mk/);
    expect((credential.proof as { cryptosuite: string }).cryptosuite).toBe('eddsa-rdfc-2022');
    expect(certificate.achievementName).toBe(
      'Calls to join — invite links of the Black Banner Front and its allies',
    );
    const keyFile = path.join(home, 'keys', CENTRE_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const result = await service.verify(credential);
    expect(result).toMatchObject({ ok: true, revoked: false, recipient: 'Rina Hartono' });
    expect(checks(result)).toEqual({
      shape: true,
      proof: true,
      issuer: true,
      validity: true,
      status: true,
    });
  });

  it('(b) a tampered achievement name fails the proof', async () => {
    const { credential } = await service.issue({
      actor: 'tess',
      recipient: 'Ari',
      achievement: 'OSINT foundations',
    });
    const tampered = structuredClone(credential);
    (tampered.credentialSubject as { achievement: { name: string } }).achievement.name =
      'OSINT mastery';
    const result = await service.verify(tampered);
    expect(result.ok).toBe(false);
    expect(checks(result).proof).toBe(false);
    expect(result.checks.find((c) => c.name === 'proof')?.detail).toMatch(/altered or not signed/);
    // The untouched credential still verifies: only the edit broke it.
    expect((await service.verify(credential)).ok).toBe(true);
  });

  it('(c) setting the status bit in the published list → verify reports revoked', async () => {
    const { certificate, credential } = await service.issue({
      actor: 'tess',
      recipient: 'Bo',
      achievement: 'OSINT foundations',
    });
    const other = await service.issue({
      actor: 'tess',
      recipient: 'Cy',
      achievement: 'OSINT foundations',
    });
    await expect(
      service.revoke({ actor: 'tess', certificate: certificate.id, reason: '' }),
    ).rejects.toThrow(/reason/);
    const { statusListFile } = await service.revoke({
      actor: 'tess',
      certificate: certificate.id,
      reason: 'awarded in error',
    });
    const list = readStatusList(statusListFile);
    expect(list.type).toContain('BitstringStatusListCredential');
    const result = await service.verify(credential);
    expect(result).toMatchObject({ ok: false, revoked: true });
    expect(result.checks.find((c) => c.name === 'status')?.detail).toMatch(/^revoked: bit \d+/);
    expect(checks(result).proof).toBe(true);
    expect((await service.verify(other.credential)).revoked).toBe(false);
    await expect(
      service.revoke({ actor: 'tess', certificate: certificate.id, reason: 'again' }),
    ).rejects.toThrow(/already revoked/);
    // Append-only: the register refuses to forget a revocation.
    expect(() => store.db.prepare('DELETE FROM training_revocations').run()).toThrow(/append-only/);
    // A verifier elsewhere with only the credential and the published list gets the same answer.
    const { verifyCertificate } = await import('./certificate-verify.js');
    const issuer = String((credential.issuer as { id: string }).id);
    const elsewhere = await verifyCertificate(credential, {
      now: clock.now(),
      trustedIssuers: [issuer],
      statusLists: [list],
    });
    expect(elsewhere.revoked).toBe(true);
    const noList = await verifyCertificate(credential, {
      now: clock.now(),
      trustedIssuers: [issuer],
    });
    expect(noList).toMatchObject({ ok: false, revoked: null });
    const untrusted = await verifyCertificate(other.credential, {
      now: clock.now(),
      trustedIssuers: [],
      statusLists: [list],
    });
    expect(checks(untrusted).issuer).toBe(false);
  });

  it('(d) validFrom in the future → "not yet valid"', async () => {
    const { credential } = await service.issue({
      actor: 'tess',
      recipient: 'Dee',
      achievement: 'OSINT foundations',
      validFrom: '2027-01-15T09:00:00Z',
    });
    const result = await service.verify(credential);
    expect(result.ok).toBe(false);
    expect(checks(result)).toMatchObject({ proof: true, validity: false, status: true });
    expect(result.checks.find((c) => c.name === 'validity')?.detail).toMatch(/^not yet valid/);
    expect((await service.verify(credential, { now: new Date('2027-02-01T00:00:00Z') })).ok).toBe(
      true,
    );
  });

  it('prints a PDF certificate whose text reads back and whose QR code carries the credential', async () => {
    const { credential } = await service.issue({
      actor: 'tess',
      recipient: 'Rina Hartono',
      achievement: 'incitement-vanishing-post',
      result: '88/100',
    });
    const out = path.join(home, 'cert.pdf');
    const chromiumPath = await findChromium(['/usr/bin/chromium']);
    const pdf = await renderCertificatePdf(credential, { out, chromiumPath });
    expect(pdf.qr).toBe('credential');
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Certificate of Achievement');
    expect(text).toContain('Rina Hartono');
    expect(text).toContain('Threats that do not last');
    expect(text).toContain(String(credential.id));
    expect(text).toContain('88/100');
  }, 60_000);
});
