/**
 * @module Assessing one attempt's submission (R24, R25): the sealed packages the trainee chose
 * from their training case, the range's interaction log, and the rubric run against the
 * trainee's own variant with every other variant of the cohort as cross-checks.
 */
import fs from 'node:fs';
import { invalidInput } from '../../core/errors.js';
import type { AssessmentResult, TraineeAnswers } from '../assessment/assessment-types.js';
import { readSubmittedPackage } from '../assessment/package-reader.js';
import { assessSubmission } from '../assessment/rubric.js';
import { generateCorpus } from '../range/corpus.js';
import type { Scenario } from '../range/scenario-schema.js';
import { exportTruth } from '../range/truth.js';
import { readViolations } from '../range/violations.js';
import type { CohortServiceDeps } from './cohort-model.js';
import type { Attempt, Cohort, Enrolment } from './cohort-ports.js';

/** The item a sealed package file (`I-7.wacz`) belongs to. */
const packageItem = (name: string): string => name.replace(/\.wacz$/, '');

export interface AttemptAssessment {
  readonly result: AssessmentResult;
  readonly packages: { name: string; sha256: string }[];
}

/**
 * Assesses `attempt`: all sealed captures of its case, or those of the items named in `items`
 * (each must be one of them).
 */
export async function assessAttempt(
  deps: CohortServiceDeps,
  input: {
    attempt: Attempt;
    scenario: Scenario;
    cohort: Cohort;
    own: Enrolment;
    enrolments: readonly Enrolment[];
    answers: TraineeAnswers;
    items?: readonly string[] | undefined;
  },
): Promise<AttemptAssessment> {
  const { attempt, cohort, items } = input;
  const sealed = await deps.casePackages(attempt.caseId);
  const files =
    items === undefined ? sealed : sealed.filter((f) => items.includes(packageItem(f.name)));
  const unknown = (items ?? []).filter((i) => !sealed.some((f) => packageItem(f.name) === i));
  if (unknown.length > 0)
    throw invalidInput(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a sealed capture of case ${attempt.caseId}`,
      { hint: `sealed captures: ${sealed.map((f) => packageItem(f.name)).join(', ') || 'none'}` },
    );
  const packages = [];
  for (const f of files) packages.push({ ...(await readSubmittedPackage(f.path)), name: f.name });
  const interactions = deps.interactionsFile(cohort.seed, input.own.variant);
  const violations =
    interactions !== null && fs.existsSync(interactions) ? await readViolations(interactions) : [];
  const result = assessSubmission({
    scenario: input.scenario,
    truth: exportTruth(generateCorpus(cohort.seed, input.own.variant)),
    packages,
    answers: input.answers,
    violations,
    otherVariants: input.enrolments
      .filter((e) => e.trainee !== attempt.trainee)
      .map((e) => ({
        label: `${e.trainee}'s variant`,
        truth: exportTruth(generateCorpus(cohort.seed, e.variant)),
      })),
  });
  return { result, packages: files.map(({ name, sha256 }) => ({ name, sha256 })) };
}
