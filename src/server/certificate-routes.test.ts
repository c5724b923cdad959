/**
 * Certificates over HTTP (issue 9, R26): a trainee reads and prints their own certificate, anyone
 * signed in verifies a credential offline ({ok, checks, revoked} as `vigil cert verify --json`),
 * tampering fails, revocation by the trainer shows in the verification, the register entry, the
 * trainee's view and the dashboard; other trainees and trainers learn nothing.
 */
import { describe, expect, it } from 'vitest';
import { BASIS_BODY, PASSWORD, testServer } from './test-support.js';
import type { Agent } from './test-support.js';

const SCENARIO = 'incitement-vanishing-post';
const BASIS = { ...BASIS_BODY, scope: 'public posts of the fictional channel on the range' };

interface Verification {
  ok: boolean;
  revoked: boolean | null;
  checks: { name: string; ok: boolean; detail: string }[];
  recipient: string | null;
}

interface CertificateBody {
  id: string;
  recipientUser: string;
  credential: Record<string, unknown> & {
    credentialSubject: { achievement: { name: string } };
  };
  revocation: { reason: string; revokedBy: string } | null;
}

/** A cohort where `tara` passed (by full-mark overrides) and so holds a certificate. */
async function certifiedTrainee() {
  const t = await testServer();
  for (const name of ['tara', 'theo'])
    await t.vigil.access.addUser('setup', name, 'trainee', PASSWORD);
  await t.vigil.access.addUser('setup', 'trainer2', 'trainer', PASSWORD);
  const [tara, theo, trainer2] = await Promise.all(
    ['tara', 'theo', 'trainer2'].map((name) => t.signIn(name)),
  );
  if (!tara || !theo || !trainer2) throw new Error('sign-in failed');
  const trainer = t.as.trainer;
  const post = async (agent: Agent, url: string, payload: unknown) => {
    const response = await agent.request({ method: 'POST', url, payload: payload as object });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Record<string, unknown>>();
  };
  const cohort = (await post(trainer, '/api/cohorts', { name: 'cert cohort', seed: '7' })).id;
  await post(trainer, `/api/cohorts/${String(cohort)}/enrolments`, { trainees: ['tara', 'theo'] });
  const now = t.clock.now().getTime();
  const assignment = await post(trainer, `/api/cohorts/${String(cohort)}/assignments`, {
    scenario: SCENARIO,
    opensAt: new Date(now - 3_600_000).toISOString(),
    closesAt: new Date(now + 3_600_000).toISOString(),
  });
  const attempt = await post(tara, `/api/assignments/${String(assignment.id)}/attempts`, {
    basis: BASIS,
  });
  const attemptId = String(attempt.id);
  // Only the case's own sealed captures can be chosen for submission.
  const foreign = await tara.request({
    method: 'POST',
    url: `/api/attempts/${attemptId}/submission`,
    payload: { answers: {}, items: ['I-999'] },
  });
  expect(foreign.statusCode).toBe(400);
  expect(foreign.json<{ message: string }>().message).toContain('I-999');
  const submitted = await post(tara, `/api/attempts/${attemptId}/submission`, { answers: {} });
  const criteria = (submitted.result as { criteria: { id: string; max: number }[] }).criteria;
  let last: Record<string, unknown> = submitted;
  for (const c of criteria)
    last = await post(trainer, `/api/attempts/${attemptId}/overrides`, {
      criterion: c.id,
      score: c.max,
      reason: 'practical exam judged by two trainers',
    });
  const certificateId = (last.certificate as { id: string }).id;
  return { t, tara, theo, trainer, trainer2, cohort: String(cohort), certificateId, attemptId };
}

describe('certificates over HTTP', () => {
  it('lets the recipient read, print and verify their certificate, and shows its revocation', async () => {
    const { t, tara, theo, trainer, trainer2, cohort, certificateId, attemptId } =
      await certifiedTrainee();

    const own = await tara.request({ method: 'GET', url: `/api/certificates/${certificateId}` });
    expect(own.statusCode, own.body).toBe(200);
    const certificate = own.json<CertificateBody>();
    expect(certificate).toMatchObject({
      id: certificateId,
      recipientUser: 'tara',
      revocation: null,
      // Awarded by the trainer's override; issued (signed) by the centre, never the trainee.
      issuedBy: 'trainer (score override)',
    });
    expect((certificate.credential.issuer as { id: string }).id).toMatch(/^did:key:z6Mk/);
    expect(certificate.credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    // The urn:uuid id finds it too.
    const byUrn = await tara.request({
      method: 'GET',
      url: `/api/certificates/${encodeURIComponent(String(certificate.credential.id))}`,
    });
    expect(byUrn.json<CertificateBody>().id).toBe(certificateId);

    // Another trainee, and a trainer of another cohort, are refused; an unknown id is not found.
    expect(
      (await theo.request({ method: 'GET', url: `/api/certificates/${certificateId}` })).statusCode,
    ).toBe(403);
    expect(
      (await trainer2.request({ method: 'GET', url: `/api/certificates/${certificateId}` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await tara.request({ method: 'GET', url: '/api/certificates/CRT-99' })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.as.investigator.request({
          method: 'GET',
          url: `/api/certificates/${certificateId}`,
        })
      ).statusCode,
    ).toBe(403);

    // Verification: anyone signed in, of the credential alone.
    const verify = async (agent: Agent, credential: unknown) => {
      const response = await agent.request({
        method: 'POST',
        url: '/api/certificates/verify',
        payload: { credential },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Verification>();
    };
    const valid = await verify(t.as.investigator, certificate.credential);
    expect(valid).toMatchObject({ ok: true, revoked: false, recipient: 'tara' });
    expect(valid.checks.map((c) => [c.name, c.ok])).toEqual([
      ['shape', true],
      ['proof', true],
      ['issuer', true],
      ['validity', true],
      ['status', true],
    ]);
    const tampered = structuredClone(certificate.credential);
    tampered.credentialSubject.achievement.name = 'Master of everything';
    const forged = await verify(tara, tampered);
    expect(forged.ok).toBe(false);
    expect(forged.checks.find((c) => c.name === 'proof')?.ok).toBe(false);

    // The PDF is a real PDF.
    const pdf = await tara.request({
      method: 'GET',
      url: `/api/certificates/${certificateId}/pdf`,
    });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5_000);

    // The trainer revokes: verification, register entry, trainee view and dashboard all say so.
    const revoked = await trainer.request({
      method: 'POST',
      url: `/api/certificates/${certificateId}/revocation`,
      payload: { reason: 'awarded on a mistaken override' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = await verify(t.as.auditor, certificate.credential);
    expect(after).toMatchObject({ ok: false, revoked: true });
    const entry = (
      await trainer.request({ method: 'GET', url: `/api/certificates/${certificateId}` })
    ).json<CertificateBody>();
    expect(entry.revocation).toMatchObject({
      reason: 'awarded on a mistaken override',
      revokedBy: 'trainer',
    });
    const mine = (await tara.request({ method: 'GET', url: '/api/me/training' })).json<{
      certificates: CertificateBody[];
      assignments: {
        briefing: string;
        seed: string;
        legalBasis: { mustRecord: string[] };
        tasks: Record<string, unknown>[];
      }[];
    }>();
    // The assignment carries what a trainee needs to start, never an answer key.
    const [assigned] = mine.assignments;
    expect(assigned?.seed).toBe('7');
    expect(assigned?.legalBasis.mustRecord).toContain('scope');
    expect(assigned?.tasks.map((task) => Object.keys(task).sort())).toEqual([
      ['id', 'kind', 'points', 'prompt', 'timeLimitMinutes'],
      ['id', 'kind', 'points', 'prompt', 'timeLimitMinutes'],
    ]);
    expect(JSON.stringify(mine.assignments)).not.toContain('incitement-deleted-ar');
    expect(mine.certificates.map((c) => [c.id, c.revocation?.reason])).toEqual([
      [certificateId, 'awarded on a mistaken override'],
    ]);
    const attempt = (
      await tara.request({ method: 'GET', url: `/api/attempts/${attemptId}` })
    ).json<{
      certificate: CertificateBody | null;
    }>();
    expect(attempt.certificate?.revocation?.revokedBy).toBe('trainer');
    const dashboard = (
      await trainer.request({ method: 'GET', url: `/api/cohorts/${cohort}/dashboard` })
    ).json<{ rows: { trainee: string; certificate: { id: string; revoked: boolean } | null }[] }>();
    expect(dashboard.rows.map((r) => [r.trainee, r.certificate])).toEqual([
      ['tara', { id: certificateId, revoked: true }],
      ['theo', null],
    ]);
    const csv = await trainer.request({
      method: 'GET',
      url: `/api/cohorts/${cohort}/dashboard?format=csv`,
    });
    const [header, taraLine] = csv.body.trim().split('\r\n');
    expect(header).toMatch(/,certificate,certificate_revoked$/);
    expect(taraLine).toMatch(new RegExp(`,${certificateId},true$`));
  }, 90_000);
});
