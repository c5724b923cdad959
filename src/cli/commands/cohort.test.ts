/**
 * `vigil cohort …` through the built CLI (issue 9): a trainer creates a cohort, enrols trainee
 * accounts on distinct variants, assigns a scenario with a window, a trainee's attempt is
 * assessed, the trainer overrides with a reason and reads the dashboard as JSON and CSV. Other
 * roles are refused; the same cohort desk serves the web UI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVigil } from '../../app/vigil.js';
import { loadConfig } from '../../core/config.js';
import { cohortServiceFor } from '../../app/training-desk.js';
import { json, runVigil } from '../../../test/support/cli.js';

let home: string;
const as =
  (user: string) =>
  (...args: string[]) =>
    runVigil(args, { home, user });
const trainer = as('tanya');
const PASSWORD = 'correct horse battery staple';

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'vigil-cli-cohort-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('vigil cohort', () => {
  it('runs a cohort from the command line: create, enrol, assign, override, dashboard', async () => {
    for (const [name, role] of [
      ['tanya', 'trainer'],
      ['tara', 'trainee'],
      ['theo', 'trainee'],
    ] as const) {
      const added = await runVigil(['user', 'add', name, '--role', role, '--password-stdin'], {
        home,
        stdin: PASSWORD,
      });
      expect(added.code, added.stderr).toBe(0);
    }

    const created = await trainer(
      'cohort',
      'create',
      '--name',
      'CT-OSINT 2026/3',
      '--seed',
      '42',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    const cohort = json<{ id: string; seed: string; createdBy: string }>(created);
    expect(cohort).toMatchObject({ seed: '42', createdBy: 'tanya' });

    // A trainee cannot run cohorts (exit 7: forbidden); an investigator cannot be enrolled.
    const refused = await as('tara')('cohort', 'create', '--name', 'mine', '--json');
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('trainee');
    const enrolled = await trainer(
      'cohort',
      'enrol',
      cohort.id,
      '--trainee',
      'tara,theo',
      '--json',
    );
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const variants = json<{ enrolments: { trainee: string; variant: string }[] }>(
      enrolled,
    ).enrolments;
    expect(variants.map((e) => e.trainee)).toEqual(['tara', 'theo']);
    expect(variants[0]?.variant).not.toBe(variants[1]?.variant);
    expect((await trainer('cohort', 'enrol', cohort.id, '--trainee', 'tanya')).code).toBe(2);

    const now = Date.now();
    const assigned = await trainer(
      'cohort',
      'assign',
      cohort.id,
      '--scenario',
      'incitement-vanishing-post',
      '--opens',
      new Date(now - 3_600_000).toISOString(),
      '--closes',
      new Date(now + 3_600_000).toISOString(),
      '--json',
    );
    expect(assigned.code, assigned.stderr).toBe(0);
    const assignment = json<{ id: string }>(assigned).id;
    const wrongScenario = await trainer(
      'cohort',
      'assign',
      cohort.id,
      '--scenario',
      'no-such-pack',
      '--opens',
      '2026-01-01T00:00:00Z',
      '--closes',
      '2026-01-02T00:00:00Z',
    );
    expect(wrongScenario.code).toBe(3);

    // Tara starts and submits (as the web UI would), with no captures: a low score.
    const vigil = await openVigil(loadConfig({ VIGIL_HOME: home, VIGIL_USER: 'tara' }));
    try {
      const desk = cohortServiceFor(vigil);
      const tara = { name: 'tara', role: 'trainee' as const };
      const attempt = await desk.startAttempt(tara, assignment, {
        authority: 'Fictional Training Court',
        reference: 'TR-1',
        purpose: 'training exercise on the synthetic range',
        scope: 'public posts on the range',
        validFrom: '2020-01-01',
        validUntil: '2099-01-01',
      });
      await desk.submit(tara, attempt.id, { categories: { 'classify-tagalog': 'incitement' } });
    } finally {
      await vigil.close();
    }
    const attemptId = `${assignment}~tara`;

    const overridden = await trainer(
      'cohort',
      'override',
      attemptId,
      '--criterion',
      'conduct',
      '--score',
      '0',
      '--reason',
      'liked a post during the exercise (seen on screen)',
      '--json',
    );
    expect(overridden.code, overridden.stderr).toBe(0);
    const view = json<{
      overrides: { criterion: string; score: number; by: string; reason: string }[];
    }>(overridden);
    expect(view.overrides).toEqual([
      expect.objectContaining({ criterion: 'conduct', score: 0, by: 'tanya' }),
    ]);
    const outOfRange = await trainer(
      'cohort',
      'override',
      attemptId,
      '--criterion',
      'conduct',
      '--score',
      'lots',
      '--reason',
      'not a number',
    );
    expect(outOfRange.code).toBe(2);

    const dashboard = await trainer('cohort', 'dashboard', cohort.id, '--json');
    expect(dashboard.code, dashboard.stderr).toBe(0);
    const rows = json<{
      rows: {
        trainee: string;
        status: string;
        overrides: number;
        criteria: Record<string, number>;
        score: number | null;
        automaticScore: number | null;
      }[];
    }>(dashboard).rows;
    expect(rows.map((r) => [r.trainee, r.status, r.overrides])).toEqual([
      ['tara', 'submitted', 1],
      ['theo', 'not_started', 0],
    ]);
    expect(rows[0]?.criteria.conduct).toBe(0);
    expect(rows[0]?.criteria.classification).toBeGreaterThan(0);
    expect(rows[0]?.score).toBeLessThan(rows[0]?.automaticScore ?? 0);

    const csv = await trainer('cohort', 'dashboard', cohort.id, '--csv');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^trainee,variant,assignment,scenario,status,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
      `tara,${variants[0]?.variant},${assignment},incitement-vanishing-post,submitted`,
      `theo,${variants[1]?.variant},${assignment},incitement-vanishing-post,not_started`,
    ]);
    const out = path.join(home, 'dashboard.csv');
    expect((await trainer('cohort', 'dashboard', cohort.id, '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(csv.stdout);

    // Another trainer neither lists nor reads this cohort.
    expect(json<unknown[]>(await as('other-trainer')('cohort', 'list', '--json'))).toEqual([]);
    expect((await as('other-trainer')('cohort', 'dashboard', cohort.id)).code).toBe(7);
  }, 120_000);
});
