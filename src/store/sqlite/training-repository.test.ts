/**
 * The training tables: cohorts, enrolments with unique variants (R24), submissions kept as
 * assessed, and judges' overrides as immutable history rows (R25).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import type { AssessmentResult } from '../../training/assessment/assessment-types.js';
import { openSqliteStore } from './sqlite-store.js';
import { SqliteTrainingRepository } from './training-repository.js';

const store = openSqliteStore(path.join(tempDir('vigil-training-repo-'), 'vigil.db'));
const repo = new SqliteTrainingRepository(store.db);
afterAll(() => store.close());

const result: AssessmentResult = {
  score: 80,
  max: 100,
  passed: true,
  criteria: [{ id: 'classification', score: 0, max: 20, feedback: 'wrong category' }],
  flags: [],
  scenario: 'incitement-vanishing-post',
  seed: '42',
  variant: 'rina',
};

describe('SqliteTrainingRepository', () => {
  it('keeps cohorts, one variant per trainee, assignments and submissions', async () => {
    const id = await repo.nextId('cohort');
    expect(id).toBe('COH-1');
    await repo.insertCohort({
      id,
      name: 'Spring 2026',
      seed: '42',
      createdBy: 'tess',
      createdAt: '2026-11-01T09:00:00Z',
    });
    await repo.insertEnrolment({
      cohortId: id,
      trainee: 'rina',
      variant: 'rina',
      enrolledBy: 'tess',
      enrolledAt: '2026-11-01T09:01:00Z',
    });
    await expect(
      repo.insertEnrolment({
        cohortId: id,
        trainee: 'bob',
        variant: 'rina',
        enrolledBy: 'tess',
        enrolledAt: '2026-11-01T09:02:00Z',
      }),
    ).rejects.toThrow(/already enrolled|is taken/);
    const asg = await repo.nextId('assignment');
    await repo.insertAssignment({
      id: asg,
      cohortId: id,
      scenario: 'incitement-vanishing-post',
      opensAt: '2026-11-02T09:00:00Z',
      closesAt: '2026-11-02T11:00:00Z',
      createdBy: 'tess',
      createdAt: '2026-11-01T09:03:00Z',
    });
    expect(await repo.listAssignments({ cohortId: id })).toHaveLength(1);
    const sub = await repo.nextId('submission');
    await repo.insertSubmission({
      id: sub,
      assignmentId: asg,
      trainee: 'rina',
      variant: 'rina',
      submittedAt: '2026-11-02T10:30:00Z',
      answers: { categories: {} },
      packages: [{ name: 'a.wacz', sha256: 'ab' }],
      result,
      flagged: false,
    });
    expect((await repo.getSubmission(sub))?.result).toEqual(result);
    expect(() => store.db.prepare("UPDATE training_submissions SET result = '{}'").run()).toThrow(
      /overrides are separate rows/,
    );
  });

  it('a judge override is an immutable history row', async () => {
    const first = await repo.insertOverride({
      submissionId: 'SUB-1',
      criterion: 'classification',
      score: 20,
      previous: 0,
      reason: 'category was defensible',
      by: 'tess',
      at: '2026-11-03T09:00:00Z',
    });
    const second = await repo.insertOverride({
      submissionId: 'SUB-1',
      criterion: 'classification',
      score: 10,
      previous: 20,
      reason: 'second judge: partial',
      by: 'uma',
      at: '2026-11-03T10:00:00Z',
    });
    expect((await repo.listOverrides('SUB-1')).map((o) => [o.id, o.score, o.previous])).toEqual([
      [first.id, 20, 0],
      [second.id, 10, 20],
    ]);
    expect(() => store.db.prepare('UPDATE training_overrides SET score = 99').run()).toThrow(
      /append-only/,
    );
    expect(() => store.db.prepare('DELETE FROM training_overrides').run()).toThrow(/append-only/);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO training_overrides (submission_id, criterion, score, previous, reason, by, at) VALUES ('SUB-1', 'x', 1, 0, '', 'tess', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
