/**
 * The cohort desk with real sealed packages (R24–R26): a perfect attempt is assessed from the
 * training case's packages and earns a certificate that verifies; a trainee submitting a peer's
 * capture and answers is flagged and does not pass; the interaction log costs conduct points.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { testVigil } from '../../../test/support/vigil.js';
import { trainingRepositoryFor } from '../../store/sqlite/training-repository.js';
import {
  fixtureKit,
  fixturePackage,
  violation,
} from '../assessment/fixture-packages.test-support.js';
import type { FixtureKit } from '../assessment/fixture-packages.test-support.js';
import { certificateServiceFor } from '../certificates/index.js';
import { generateCorpus } from '../range/corpus.js';
import { loadScenarios } from '../range/scenarios.js';
import { exportTruth } from '../range/truth.js';
import { CohortService } from './cohort-service.js';

const SEED = '42';
const SCENARIO = 'incitement-vanishing-post';
const BASIS = {
  authority: 'Fictional District Court',
  reference: 'TR-2026-0007',
  purpose: 'training',
  scope: 'range posts',
  validFrom: '2026-11-01',
  validUntil: '2026-12-31',
};
const trainer = { name: 'tom', role: 'trainer' } as const;
const rina = { name: 'rina', role: 'trainee' } as const;
const sam = { name: 'sam', role: 'trainee' } as const;

let kit: FixtureKit;
beforeAll(async () => {
  kit = await fixtureKit(tempDir('vigil-cohort-'));
});
afterAll(async () => {
  await kit?.close();
});

describe('cohort service with sealed packages', () => {
  it('assesses the case packages, certifies a pass, flags a peer’s work, counts violations', async () => {
    const { vigil, home } = await testVigil();
    const repository = trainingRepositoryFor(vigil.store);
    const certificates = certificateServiceFor({ home, repository, clock: vigil.clock });
    const variants = ['rina', 'sam'];
    const caseFiles = new Map<string, string[]>();
    const interactions = path.join(home, 'range', 'interactions.jsonl');
    let cases = 0;
    const desk = new CohortService({
      repository,
      clock: vigil.clock,
      scenarios: () => loadScenarios(),
      users: () =>
        Promise.resolve([
          { name: 'rina', role: 'trainee', disabled: false },
          { name: 'sam', role: 'trainee', disabled: false },
        ]),
      openTrainingCase: () => Promise.resolve(`C-${++cases}`),
      casePackages: (caseId) =>
        Promise.resolve(
          (caseFiles.get(caseId) ?? []).map((file, i) => ({
            name: `I-${i + 1}.wacz`,
            sha256: 'a'.repeat(64),
            path: file,
          })),
        ),
      interactionsFile: () => interactions,
      certificates,
      // Readable variants so the fixture's truth can be regenerated here.
      randomVariant: () => variants.shift() ?? 'spare',
    });

    const cohort = await desk.createCohort(trainer, { name: 'C1', seed: SEED });
    await desk.enrol(trainer, cohort.id, ['rina', 'sam']);
    const assignment = await desk.assign(trainer, cohort.id, {
      scenario: SCENARIO,
      opensAt: '2026-11-22T09:00:00Z',
      closesAt: '2026-11-22T12:00:00Z',
    });
    const rinaTruth = exportTruth(generateCorpus(SEED, 'rina'));
    const deleted = rinaTruth.posts.find(
      (p) => p.id === rinaTruth.anchors['incitement-deleted-ar'],
    );
    if (!deleted) throw new Error('anchor missing');
    const rinaPackage = await fixturePackage(kit, rinaTruth, [{ path: deleted.url }]);
    const answers = { categories: { 'classify-tagalog': 'incitement' } };

    const rinaAttempt = await desk.startAttempt(rina, assignment.id, BASIS);
    caseFiles.set(rinaAttempt.caseId, [rinaPackage]);
    const passed = await desk.submit(rina, rinaAttempt.id, answers);
    expect(passed.result).toMatchObject({ score: 100, max: 100, passed: true, flags: [] });
    expect(passed.submission?.packages).toEqual([{ name: 'I-1.wacz', sha256: 'a'.repeat(64) }]);
    expect(passed.certificate?.recipientUser).toBe('rina');
    const verified = await certificates.verify(passed.certificate?.credential ?? {});
    expect(verified.ok).toBe(true);
    // Submitting again after passing does not issue a second certificate.
    await desk.submit(rina, rinaAttempt.id, answers);
    expect(await certificates.list({ recipientUser: 'rina' })).toHaveLength(1);

    // Sam hands in Rina's package and answers: flagged (R24), no pass, no certificate.
    const samAttempt = await desk.startAttempt(sam, assignment.id, BASIS);
    caseFiles.set(samAttempt.caseId, [rinaPackage]);
    const copied = await desk.submit(sam, samAttempt.id, answers);
    expect(copied.submission?.flagged).toBe(true);
    expect(copied.result?.passed).toBe(false);
    expect(copied.result?.flags.some((f) => f.includes('does not exist in variant sam'))).toBe(
      true,
    );
    expect(copied.certificate).toBeNull();

    // A passive-mode violation in the range's log costs conduct points on the next submission.
    fs.mkdirSync(path.dirname(interactions), { recursive: true });
    fs.writeFileSync(interactions, `${JSON.stringify(violation(0, 'like', deleted.url))}\n`);
    const withViolation = await desk.submit(rina, rinaAttempt.id, answers);
    const conduct = withViolation.result?.criteria.find((c) => c.id === 'conduct');
    expect(conduct?.score).toBeLessThan(conduct?.max ?? 0);

    // A trainee sees only their own attempt; the dashboard holds both.
    await expect(desk.getAttempt(sam, rinaAttempt.id)).rejects.toMatchObject({ code: 'forbidden' });
    const { rows } = await desk.dashboard(trainer, cohort.id);
    expect(rows.map((r) => [r.trainee, r.flagged])).toEqual([
      ['rina', false],
      ['sam', true],
    ]);
    await expect(
      desk.dashboard({ name: 'other', role: 'trainer' }, cohort.id),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await vigil.close();
  }, 60_000);
});
