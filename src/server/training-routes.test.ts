/**
 * Cohorts over HTTP (issue 9): a trainer's cohort, two trainees on distinct variants, a training
 * case per attempt, automatic assessment, append-only overrides, dashboard and CSV, certificate
 * on a pass, and the limits: other trainees' attempts, operational cases, the time window.
 */
import { describe, expect, it } from 'vitest';
import { BASIS_BODY, PASSWORD, openCase, testServer } from './test-support.js';

const SCENARIO = 'incitement-vanishing-post';
const BASIS = { ...BASIS_BODY, scope: 'public posts of the fictional channel on the range' };

interface AttemptBody {
  id: string;
  caseId: string;
  variant: string;
  range: { url: string | null; error: string | null } | null;
  briefing: string;
  trainee: string;
  submission: { automatic: { score: number; criteria: { id: string; score: number }[] } } | null;
  result: {
    score: number;
    max: number;
    passed: boolean;
    criteria: {
      id: string;
      score: number;
      max: number;
      feedback: string;
      automatic: number;
      overridden: boolean;
    }[];
  } | null;
  overrides: { criterion: string; score: number; previous: number; reason: string; by: string }[];
  certificate: { id: string; recipientUser: string } | null;
}

describe('training cohorts over HTTP', () => {
  it('runs a cohort from enrolment to dashboard, overrides and certificate, within its limits', async () => {
    const t = await testServer();
    for (const name of ['tara', 'theo'])
      await t.vigil.access.addUser('setup', name, 'trainee', PASSWORD);
    await t.vigil.access.addUser('setup', 'trainer2', 'trainer', PASSWORD);
    const [tara, theo, trainer2] = await Promise.all(
      ['tara', 'theo', 'trainer2'].map((name) => t.signIn(name)),
    );
    if (!tara || !theo || !trainer2) throw new Error('sign-in failed');
    const trainer = t.as.trainer;

    const cohort = await trainer.request({
      method: 'POST',
      url: '/api/cohorts',
      payload: { name: 'CT-OSINT 2026/3', seed: '42' },
    });
    expect(cohort.statusCode, cohort.body).toBe(200);
    const cohortId = cohort.json<{ id: string }>().id;

    // A non-trainee cannot be enrolled; two trainees get different variants.
    const wrong = await trainer.request({
      method: 'POST',
      url: `/api/cohorts/${cohortId}/enrolments`,
      payload: { trainees: ['investigator'] },
    });
    expect(wrong.statusCode).toBe(400);
    const enrolled = await trainer.request({
      method: 'POST',
      url: `/api/cohorts/${cohortId}/enrolments`,
      payload: { trainees: ['tara', 'theo'] },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const variants = enrolled.json<{ enrolments: { trainee: string; variant: string }[] }>()
      .enrolments;
    expect(variants.map((e) => e.trainee)).toEqual(['tara', 'theo']);
    expect(variants[0]?.variant).not.toBe(variants[1]?.variant);
    expect(variants[0]?.variant).toMatch(/^v-[0-9a-f]{20}$/);

    const assigned = await trainer.request({
      method: 'POST',
      url: `/api/cohorts/${cohortId}/assignments`,
      payload: {
        scenario: SCENARIO,
        opensAt: '2026-11-22T09:00:00Z',
        closesAt: '2026-11-22T12:00:00Z',
      },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const assignmentId = assigned.json<{ id: string }>().id;

    // Another trainer neither sees nor manages this cohort.
    expect((await trainer2.request({ method: 'GET', url: '/api/cohorts' })).json()).toEqual({
      cohorts: [],
    });
    expect(
      (await trainer2.request({ method: 'GET', url: `/api/cohorts/${cohortId}/dashboard` }))
        .statusCode,
    ).toBe(403);

    // A basis without the fields the scenario requires is refused before any case is opened.
    const noScope = await tara.request({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/attempts`,
      payload: { basis: BASIS_BODY },
    });
    expect(noScope.statusCode).toBe(400);
    expect(noScope.json<{ message: string }>().message).toContain('scope');

    const started = await tara.request({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/attempts`,
      payload: { basis: BASIS },
    });
    expect(started.statusCode, started.body).toBe(200);
    const attempt = started.json<AttemptBody>();
    expect(attempt.variant).toBe(variants[0]?.variant);
    expect(attempt.briefing).toContain('Legal basis (required)');
    // Tara's own variant runs on the server while the window is open (R24), allow-listed for
    // capture, and shows her variant's content.
    const rangeUrl = attempt.range?.url ?? '';
    expect(attempt.range).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
      error: null,
    });
    expect(t.vigil.runs.rangeHosts()).toContain(new URL(rangeUrl).host);
    expect((await fetch(rangeUrl)).status).toBe(200);
    // The training case: training workspace, tara leads it.
    const kase = await tara.request({ method: 'GET', url: `/api/cases/${attempt.caseId}` });
    expect(kase.statusCode, kase.body).toBe(200);
    expect(kase.json<{ workspace: string }>().workspace).toBe('training');
    const members = await t.vigil.access.members(attempt.caseId);
    expect(members).toEqual(
      expect.arrayContaining([expect.objectContaining({ userName: 'tara', membership: 'lead' })]),
    );
    // Starting again returns the same attempt, not a second case.
    const again = await tara.request({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/attempts`,
      payload: { basis: BASIS },
    });
    expect(again.json<AttemptBody>().caseId).toBe(attempt.caseId);
    // …and an operational case stays out of reach.
    const operational = await openCase(t, t.as.investigator, 'operation lantern');
    expect(
      (await tara.request({ method: 'GET', url: `/api/cases/${operational}` })).statusCode,
    ).toBe(403);

    // Submitting without captures scores low, with feedback on every criterion.
    const submitted = await tara.request({
      method: 'POST',
      url: `/api/attempts/${attempt.id}/submission`,
      payload: { answers: { wallets: ['bc1qnotawallet'] } },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const assessed = submitted.json<AttemptBody>();
    const result = assessed.result;
    if (!result) throw new Error('no result');
    expect(result.passed).toBe(false);
    expect(result.score).toBeLessThan(result.max * 0.7);
    expect(result.criteria.map((c) => c.id)).toEqual(
      expect.arrayContaining(['preservation', 'legal_basis']),
    );
    for (const c of result.criteria) expect(c.feedback.length).toBeGreaterThan(10);
    expect(assessed.certificate).toBeNull();

    // Another trainee cannot read it, nor submit to it.
    expect(
      (await theo.request({ method: 'GET', url: `/api/attempts/${attempt.id}` })).statusCode,
    ).toBe(403);
    expect(
      (
        await theo.request({
          method: 'POST',
          url: `/api/attempts/${attempt.id}/submission`,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
    // Trainees do not override.
    expect(
      (
        await tara.request({
          method: 'POST',
          url: `/api/attempts/${attempt.id}/overrides`,
          payload: { criterion: 'conduct', score: 1, reason: 'please' },
        })
      ).statusCode,
    ).toBe(403);

    // Overrides: with a reason, history kept, automatic score kept.
    const automaticTotal = result.score;
    const target = result.criteria.find((c) => c.id === 'preservation');
    if (!target) throw new Error('no preservation criterion');
    const override = (score: number, reason: string, criterion = 'preservation') =>
      trainer.request({
        method: 'POST',
        url: `/api/attempts/${attempt.id}/overrides`,
        payload: { criterion, score, reason },
      });
    expect((await override(target.max + 1, 'too much')).statusCode).toBe(400);
    const first = await override(
      target.max / 2,
      'captured the original on the second try; judged on screen',
    );
    expect(first.statusCode, first.body).toBe(200);
    const second = await override(target.max, 'confirmed with the range log');
    const afterSecond = second.json<AttemptBody>();
    expect(afterSecond.overrides.map((o) => [o.score, o.previous, o.by])).toEqual([
      [target.max / 2, target.score, 'trainer'],
      [target.max, target.max / 2, 'trainer'],
    ]);
    expect(afterSecond.submission?.automatic.score).toBe(automaticTotal);
    const now = afterSecond.result?.criteria.find((c) => c.id === 'preservation');
    expect(now).toMatchObject({ score: target.max, automatic: target.score, overridden: true });

    // Dashboard and CSV hold both trainees.
    const dashboard = await trainer.request({
      method: 'GET',
      url: `/api/cohorts/${cohortId}/dashboard`,
    });
    expect(dashboard.statusCode, dashboard.body).toBe(200);
    const rows = dashboard.json<{
      rows: {
        trainee: string;
        status: string;
        score: number | null;
        automaticScore: number | null;
        overrides: number;
      }[];
    }>().rows;
    expect(rows.map((r) => [r.trainee, r.status, r.overrides])).toEqual([
      ['tara', 'submitted', 2],
      ['theo', 'not_started', 0],
    ]);
    expect(rows[0]?.automaticScore).toBe(automaticTotal);
    expect(rows[0]?.score).toBeGreaterThan(automaticTotal);
    const csv = await trainer.request({
      method: 'GET',
      url: `/api/cohorts/${cohortId}/dashboard?format=csv`,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('trainee,variant,assignment,scenario,status');
    expect(lines[0]).toContain('preservation');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['tara', 'theo']);

    // Overriding every criterion to full marks passes the attempt: a certificate is issued once.
    let last = afterSecond;
    for (const c of result.criteria) {
      const response = await override(c.max, 'practical exam judged by two trainers', c.id);
      expect(response.statusCode, response.body).toBe(200);
      last = response.json<AttemptBody>();
    }
    expect(last.result?.passed).toBe(true);
    expect(last.certificate?.recipientUser).toBe('tara');
    const mine = await tara.request({ method: 'GET', url: '/api/me/training' });
    const me = mine.json<{
      attempts: { trainee: string }[];
      certificates: { id: string }[];
      assignments: unknown[];
    }>();
    expect(me.attempts.map((a) => a.trainee)).toEqual(['tara']);
    expect(me.certificates).toHaveLength(1);
    expect(me.assignments).toHaveLength(1);
    const theirs = await theo.request({ method: 'GET', url: '/api/me/training' });
    expect(theirs.json<{ attempts: unknown[]; certificates: unknown[] }>()).toMatchObject({
      attempts: [],
      certificates: [],
    });
    // Revocation by the trainer who assessed it; a second revocation conflicts.
    const certificateId = last.certificate?.id ?? '';
    const revoke = () =>
      trainer.request({
        method: 'POST',
        url: `/api/certificates/${certificateId}/revocation`,
        payload: { reason: 'awarded on a mistaken override' },
      });
    expect((await revoke()).statusCode).toBe(200);
    expect((await revoke()).statusCode).toBe(409);

    // Theo starts in time, but submits after the window closed: refused, nothing stored.
    const theoStarted = await theo.request({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/attempts`,
      payload: { basis: BASIS },
    });
    expect(theoStarted.statusCode, theoStarted.body).toBe(200);
    const theoAttempt = theoStarted.json<AttemptBody>();
    expect(theoAttempt.variant).toBe(variants[1]?.variant);
    expect(theoAttempt.caseId).not.toBe(attempt.caseId);
    t.clock.advance(3 * 60 * 60 * 1000);
    const late = await theo.request({
      method: 'POST',
      url: `/api/attempts/${theoAttempt.id}/submission`,
      payload: {},
    });
    expect(late.statusCode).toBe(403);
    expect(late.json<{ code: string; message: string }>()).toMatchObject({ code: 'refused' });
    expect(late.json<{ message: string }>().message).toContain('closed');
    const theoNow = await theo.request({ method: 'GET', url: `/api/attempts/${theoAttempt.id}` });
    expect(theoNow.json<AttemptBody>().submission).toBeNull();
    // Past the window no range is offered; closing the server stops and withdraws tara's.
    expect(theoNow.json<AttemptBody>().range).toBeNull();
    await t.app.close();
    expect(t.vigil.runs.rangeHosts()).not.toContain(new URL(rangeUrl).host);
    await expect(fetch(rangeUrl)).rejects.toThrow();
  }, 60_000);
});
