/**
 * @module What a trainee (or their trainer) sees of one attempt: its window, briefing, the
 * trainee's own range while the window is open (R24), the latest submission with its effective
 * result after overrides (R25), and the certificate it earned with its standing (R26).
 */
import { notFound } from '../../core/errors.js';
import type { Scenario } from '../range/scenario-schema.js';
import { formatBriefing } from '../range/scenarios.js';
import { certificateFor, withStanding } from './cohort-certificates.js';
import { attemptId } from './cohort-model.js';
import type { AttemptView, CohortServiceDeps } from './cohort-model.js';
import type { Assignment, Attempt, Submission } from './cohort-ports.js';
import { effectiveResult } from './cohort-views.js';

/** The latest submission of an attempt (resubmissions are kept; the last one counts). */
export async function latestSubmission(
  deps: CohortServiceDeps,
  attempt: Attempt,
): Promise<Submission | null> {
  const all = await deps.repository.listSubmissions({
    assignmentId: attempt.assignmentId,
    trainee: attempt.trainee,
  });
  return all.at(-1) ?? null;
}

export async function attemptView(
  deps: CohortServiceDeps,
  attempt: Attempt,
  scenarioOf: (name: string) => Scenario,
): Promise<AttemptView> {
  const assignment = await deps.repository.getAssignment(attempt.assignmentId);
  if (!assignment) throw notFound(`assignment ${attempt.assignmentId} does not exist`);
  const [enrolment] = await deps.repository.listEnrolments({
    cohortId: assignment.cohortId,
    trainee: attempt.trainee,
  });
  const submission = await latestSubmission(deps, attempt);
  const overrides = submission ? await deps.repository.listOverrides(submission.id) : [];
  const { result: automatic, ...rest } = submission ?? { result: null };
  const certificate = await certificateFor(deps, attempt.trainee, assignment.scenario);
  return {
    id: attemptId(attempt),
    assignmentId: attempt.assignmentId,
    cohortId: assignment.cohortId,
    trainee: attempt.trainee,
    caseId: attempt.caseId,
    variant: enrolment?.variant ?? '',
    scenario: assignment.scenario,
    startedAt: attempt.startedAt,
    opensAt: assignment.opensAt,
    closesAt: assignment.closesAt,
    briefing: formatBriefing(scenarioOf(assignment.scenario)),
    range: await traineeRange(deps, assignment, enrolment?.variant),
    submission:
      submission && automatic ? { ...(rest as Omit<Submission, 'result'>), automatic } : null,
    result: submission ? effectiveResult(submission.result, overrides) : null,
    overrides,
    certificate: certificate === null ? null : await withStanding(deps, certificate),
  };
}

/** The trainee's range variant while the window is open, started on demand (R24). */
async function traineeRange(
  deps: CohortServiceDeps,
  assignment: Assignment,
  variant: string | undefined,
): Promise<AttemptView['range']> {
  const ranges = deps.ranges;
  if (!ranges || !variant) return null;
  const now = deps.clock.now().getTime();
  if (now < Date.parse(assignment.opensAt) || now >= Date.parse(assignment.closesAt)) return null;
  const cohort = await deps.repository.getCohort(assignment.cohortId);
  if (!cohort) return null;
  try {
    return { url: await ranges.ensure(cohort.seed, variant, assignment.closesAt), error: null };
  } catch (error) {
    // The attempt (and its results) stay readable; the trainee sees why the range is missing.
    return { url: null, error: error instanceof Error ? error.message : String(error) };
  }
}
