/**
 * @module The cohort desk (issue 9, R24–R26): a trainer creates cohorts, enrols trainees (each on
 * their own range variant), assigns scenario packs with time windows; a trainee opens a
 * training-workspace case per attempt and submits; Vigil assesses the case's sealed packages
 * with the rubric, keeps judges' overrides as history, and issues a certificate on a pass.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../cases/access.js';
import type { LegalBasisInput } from '../../cases/legal-basis.js';
import { conflict, forbidden, invalidInput, notFound } from '../../core/errors.js';
import { parseAnswers } from '../assessment/assess.js';
import { CRITERIA } from '../assessment/assessment-types.js';
import type { TraineeAnswers } from '../assessment/assessment-types.js';
import type { IssuedCertificate } from '../certificates/certificate-ports.js';
import type { CertVerifyResult } from '../certificates/certificate-verify.js';
import type { Scenario } from '../range/scenario-schema.js';
import {
  certificateFor,
  readCertificate,
  revokeCertificate,
  verifyCredential,
  withStanding,
} from './cohort-certificates.js';
import type { CertificateView } from './cohort-certificates.js';
import { assessAttempt } from './cohort-assess.js';
import { attemptView, latestSubmission } from './cohort-attempt-view.js';
import type { Assignment, Attempt, Cohort, Enrolment, Submission } from './cohort-ports.js';
import { dashboardCsv, dashboardRow, effectiveResult } from './cohort-views.js';
import type { DashboardRow } from './cohort-views.js';
import {
  assertOpen,
  assignmentBrief,
  isManager,
  missingBasisFields,
  parseAttemptId,
} from './cohort-model.js';
import type { AttemptView, CohortServiceDeps } from './cohort-model.js';

export { attemptId } from './cohort-model.js';
export type { AttemptView, CohortServiceDeps } from './cohort-model.js';
export type { CertificateView } from './cohort-certificates.js';

export class CohortService {
  readonly #deps: CohortServiceDeps;

  constructor(deps: CohortServiceDeps) {
    this.#deps = deps;
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }

  #scenario(name: string): Scenario {
    const all = this.#deps.scenarios();
    const found = all.find((s) => s.name === name);
    if (!found)
      throw notFound(`no scenario pack named "${name}"`, {
        hint: `available: ${all.map((s) => s.name).join(', ')}`,
      });
    return found;
  }

  /** The cohort, if `actor` manages it (admins all; trainers those they created). */
  async #managed(actor: Principal, cohortId: string): Promise<Cohort> {
    const cohort = await this.#deps.repository.getCohort(cohortId);
    if (!cohort) throw notFound(`cohort ${cohortId} does not exist`, { hint: 'GET /api/cohorts' });
    if (!isManager(actor) || (actor.role !== 'admin' && cohort.createdBy !== actor.name))
      throw forbidden(`${actor.name} does not manage cohort ${cohortId}`, {
        hint: `it belongs to ${cohort.createdBy}`,
      });
    return cohort;
  }

  async createCohort(actor: Principal, input: { name: string; seed?: string }): Promise<Cohort> {
    const name = input.name.trim();
    if (name === '')
      throw invalidInput('a cohort needs a name', { hint: 'e.g. "CT-OSINT 2026/3"' });
    const cohort: Cohort = {
      id: await this.#deps.repository.nextId('cohort'),
      name,
      seed: input.seed?.trim() || randomBytes(4).readUInt32BE(0).toString(),
      createdBy: actor.name,
      createdAt: this.#now(),
    };
    await this.#deps.repository.insertCohort(cohort);
    return cohort;
  }

  /** The cohorts `actor` manages. */
  async listCohorts(actor: Principal): Promise<Cohort[]> {
    const all = await this.#deps.repository.listCohorts();
    return actor.role === 'admin' ? all : all.filter((c) => c.createdBy === actor.name);
  }

  async cohortDetail(actor: Principal, cohortId: string) {
    const cohort = await this.#managed(actor, cohortId);
    return {
      ...cohort,
      enrolments: await this.#deps.repository.listEnrolments({ cohortId }),
      assignments: await this.#deps.repository.listAssignments({ cohortId }),
    };
  }

  /** Enrols trainees (existing accounts with the trainee role), each on a fresh variant. */
  async enrol(
    actor: Principal,
    cohortId: string,
    trainees: readonly string[],
  ): Promise<Enrolment[]> {
    await this.#managed(actor, cohortId);
    const users = await this.#deps.users();
    const existing = await this.#deps.repository.listEnrolments({ cohortId });
    const enrolled: Enrolment[] = [];
    for (const trainee of new Set(trainees)) {
      const user = users.find((u) => u.name === trainee);
      if (!user)
        throw notFound(`user ${trainee} does not exist`, {
          hint: 'create it with `vigil user add`',
        });
      if (user.role !== 'trainee' || user.disabled)
        throw invalidInput(
          `${trainee} is ${user.disabled ? 'disabled' : `a ${user.role}`}, not an active trainee`,
          {
            hint: 'only accounts with the trainee role are enrolled',
          },
        );
      if (existing.some((e) => e.trainee === trainee))
        throw conflict(`${trainee} is already enrolled in ${cohortId}`);
      const enrolment: Enrolment = {
        cohortId,
        trainee,
        variant: (this.#deps.randomVariant ?? (() => `v-${randomBytes(10).toString('hex')}`))(),
        enrolledBy: actor.name,
        enrolledAt: this.#now(),
      };
      await this.#deps.repository.insertEnrolment(enrolment);
      enrolled.push(enrolment);
    }
    return enrolled;
  }

  async assign(
    actor: Principal,
    cohortId: string,
    input: { scenario: string; opensAt: string; closesAt: string },
  ): Promise<Assignment> {
    await this.#managed(actor, cohortId);
    this.#scenario(input.scenario);
    const opens = Date.parse(input.opensAt);
    const closes = Date.parse(input.closesAt);
    if (Number.isNaN(opens) || Number.isNaN(closes))
      throw invalidInput('opensAt and closesAt must be ISO 8601 date-times', {
        hint: 'e.g. 2026-11-23T09:00:00Z',
      });
    if (closes <= opens) throw invalidInput('closesAt must be after opensAt');
    const assignment: Assignment = {
      id: await this.#deps.repository.nextId('assignment'),
      cohortId,
      scenario: input.scenario,
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
      createdBy: actor.name,
      createdAt: this.#now(),
    };
    await this.#deps.repository.insertAssignment(assignment);
    return assignment;
  }

  /** A trainee starts an assignment: their training case, variant and briefing (idempotent). */
  async startAttempt(
    actor: Principal,
    assignmentId: string,
    basis: LegalBasisInput,
  ): Promise<AttemptView> {
    const assignment = await this.#deps.repository.getAssignment(assignmentId);
    if (!assignment)
      throw notFound(`assignment ${assignmentId} does not exist`, { hint: 'GET /api/me/training' });
    const [enrolment] = await this.#deps.repository.listEnrolments({
      cohortId: assignment.cohortId,
      trainee: actor.name,
    });
    if (!enrolment)
      throw forbidden(`${actor.name} is not enrolled in cohort ${assignment.cohortId}`);
    const existing = await this.#deps.repository.getAttempt(assignmentId, actor.name);
    if (existing) return this.#view(existing);
    assertOpen(assignment, this.#deps.clock.now(), 'a new attempt');
    const scenario = this.#scenario(assignment.scenario);
    // The scenario says which basis fields a trainee must record (R25 legal_basis criterion).
    const missing = missingBasisFields(scenario, basis);
    if (missing.length > 0)
      throw invalidInput(
        `the legal basis lacks ${missing.join(', ')}, which ${scenario.name} requires`,
        {
          hint: scenario.legalBasis.guidance.trim(),
        },
      );
    const cohort = await this.#deps.repository.getCohort(assignment.cohortId);
    const caseId = await this.#deps.openTrainingCase({
      trainee: actor.name,
      trainer: cohort?.createdBy ?? assignment.createdBy,
      title: `${scenario.title} — ${actor.name} (${assignment.id})`,
      basis,
    });
    const attempt: Attempt = { assignmentId, trainee: actor.name, caseId, startedAt: this.#now() };
    await this.#deps.repository.insertAttempt(attempt);
    return this.#view(attempt);
  }

  /** The attempt `id` if `actor` may see it: its trainee, or the cohort's managers. */
  async #attempt(
    actor: Principal,
    id: string,
  ): Promise<{ attempt: Attempt; assignment: Assignment }> {
    const { assignmentId, trainee } = parseAttemptId(id);
    const assignment = await this.#deps.repository.getAssignment(assignmentId);
    const attempt = assignment
      ? await this.#deps.repository.getAttempt(assignmentId, trainee)
      : null;
    if (!assignment || !attempt) throw notFound(`attempt ${id} does not exist`);
    if (actor.name !== trainee) {
      if (!isManager(actor)) throw forbidden(`attempt ${id} belongs to another trainee`);
      await this.#managed(actor, assignment.cohortId);
    }
    return { attempt, assignment };
  }

  getAttempt(actor: Principal, id: string): Promise<AttemptView> {
    return this.#attempt(actor, id).then(({ attempt }) => this.#view(attempt));
  }

  /**
   * The trainee submits: the case's sealed packages (all, or the capture items named in `items`)
   * and their answers, assessed now (R25).
   */
  async submit(
    actor: Principal,
    id: string,
    answersInput: unknown,
    items?: readonly string[],
  ): Promise<AttemptView> {
    const { attempt, assignment } = await this.#attempt(actor, id);
    if (actor.name !== attempt.trainee) throw forbidden('only the trainee submits their attempt');
    assertOpen(assignment, this.#deps.clock.now(), 'a submission');
    const answers: TraineeAnswers = parseAnswers(answersInput ?? {});
    const scenario = this.#scenario(assignment.scenario);
    const cohort = await this.#deps.repository.getCohort(assignment.cohortId);
    const enrolments = await this.#deps.repository.listEnrolments({
      cohortId: assignment.cohortId,
    });
    const own = enrolments.find((e) => e.trainee === attempt.trainee);
    if (!cohort || !own) throw notFound(`the enrolment behind attempt ${id} is gone`);
    const { result, packages } = await assessAttempt(this.#deps, {
      attempt,
      scenario,
      cohort,
      own,
      enrolments,
      answers,
      items,
    });
    await this.#deps.repository.insertSubmission({
      id: await this.#deps.repository.nextId('submission'),
      assignmentId: attempt.assignmentId,
      trainee: attempt.trainee,
      variant: own.variant,
      submittedAt: this.#now(),
      answers,
      packages,
      result,
      flagged: result.flags.length > 0,
    });
    // The pass comes from the rubric, not from the trainee who submitted (the register says so).
    await this.#certifyIfPassed(attempt, assignment, 'automatic assessment');
    return this.#view(attempt);
  }

  /** A judge overrides one criterion of the latest submission, with a reason (append-only). */
  async override(
    actor: Principal,
    id: string,
    input: { criterion: string; score: number; reason: string },
  ): Promise<AttemptView> {
    const { attempt, assignment } = await this.#attempt(actor, id);
    if (!isManager(actor)) throw forbidden('only a trainer overrides a score');
    const submission = await this.#latest(attempt);
    if (!submission) throw conflict(`attempt ${id} has no submission to override`);
    const reason = input.reason.trim();
    if (reason.length < 3) throw invalidInput('an override needs a reason (at least 3 characters)');
    const criterion = submission.result.criteria.find((c) => c.id === input.criterion);
    if (!criterion)
      throw invalidInput(`"${input.criterion}" is not a criterion`, {
        hint: `one of ${CRITERIA.join(', ')}`,
      });
    if (!(input.score >= 0 && input.score <= criterion.max))
      throw invalidInput(`the score of ${criterion.id} must be between 0 and ${criterion.max}`);
    const history = await this.#deps.repository.listOverrides(submission.id);
    const before = effectiveResult(submission.result, history).criteria.find(
      (c) => c.id === criterion.id,
    );
    await this.#deps.repository.insertOverride({
      submissionId: submission.id,
      criterion: criterion.id,
      score: input.score,
      previous: before?.score ?? criterion.score,
      reason,
      by: actor.name,
      at: this.#now(),
    });
    await this.#certifyIfPassed(attempt, assignment, `${actor.name} (score override)`);
    return this.#view(attempt);
  }

  /**
   * R26: the first passing result of a scenario earns its certificate (once). The credential's
   * issuer is always the centre (its key); `awardedBy` records what made the result pass.
   */
  async #certifyIfPassed(
    attempt: Attempt,
    assignment: Assignment,
    awardedBy: string,
  ): Promise<void> {
    const submission = await this.#latest(attempt);
    if (!submission) return;
    const result = effectiveResult(
      submission.result,
      await this.#deps.repository.listOverrides(submission.id),
    );
    if (!result.passed || (await certificateFor(this.#deps, attempt.trainee, assignment.scenario)))
      return;
    await this.#deps.certificates.issue({
      actor: awardedBy,
      recipient: attempt.trainee,
      recipientUser: attempt.trainee,
      achievement: assignment.scenario,
      result: `${result.score}/${result.max}`,
    });
  }

  revokeCertificate(actor: Principal, certificate: string, reason: string) {
    return revokeCertificate(this.#deps, actor, certificate, reason);
  }

  /** A certificate with its standing, for its recipient or a trainer who manages it. */
  certificate(actor: Principal, id: string): Promise<CertificateView> {
    return readCertificate(this.#deps, actor, id);
  }

  /** Offline verification of any credential (R26), as `vigil cert verify --json`. */
  verify(credential: Record<string, unknown>): Promise<CertVerifyResult> {
    return verifyCredential(this.#deps, credential);
  }

  #view(attempt: Attempt): Promise<AttemptView> {
    return attemptView(this.#deps, attempt, (name) => this.#scenario(name));
  }

  #latest(attempt: Attempt): Promise<Submission | null> {
    return latestSubmission(this.#deps, attempt);
  }

  async #standing(certificate: IssuedCertificate | null): Promise<CertificateView | null> {
    return certificate === null ? null : withStanding(this.#deps, certificate);
  }

  async dashboard(
    actor: Principal,
    cohortId: string,
  ): Promise<{ cohort: Cohort; rows: DashboardRow[] }> {
    const cohort = await this.#managed(actor, cohortId);
    const enrolments = await this.#deps.repository.listEnrolments({ cohortId });
    const assignments = await this.#deps.repository.listAssignments({ cohortId });
    const rows: DashboardRow[] = [];
    for (const e of enrolments) {
      for (const a of assignments) {
        const attempt = await this.#deps.repository.getAttempt(a.id, e.trainee);
        const submission = attempt ? await this.#latest(attempt) : null;
        rows.push(
          dashboardRow({
            trainee: e.trainee,
            variant: e.variant,
            assignmentId: a.id,
            scenario: a.scenario,
            started: attempt !== null,
            submission,
            overrides: submission ? await this.#deps.repository.listOverrides(submission.id) : [],
            certificate: await this.#standing(
              await certificateFor(this.#deps, e.trainee, a.scenario),
            ),
          }),
        );
      }
    }
    return { cohort, rows };
  }

  async dashboardCsv(actor: Principal, cohortId: string): Promise<string> {
    return dashboardCsv((await this.dashboard(actor, cohortId)).rows);
  }

  /** A trainee's own view: enrolments, assignments (with briefings), attempts, certificates. */
  async myTraining(actor: Principal) {
    const enrolments = await this.#deps.repository.listEnrolments({ trainee: actor.name });
    const assignments = [];
    const attempts: AttemptView[] = [];
    for (const e of enrolments) {
      for (const a of await this.#deps.repository.listAssignments({ cohortId: e.cohortId })) {
        const scenario = this.#scenario(a.scenario);
        const seed = (await this.#deps.repository.getCohort(e.cohortId))?.seed ?? null;
        assignments.push(assignmentBrief(a, scenario, e.variant, seed));
        const attempt = await this.#deps.repository.getAttempt(a.id, actor.name);
        if (attempt) attempts.push(await this.#view(attempt));
      }
    }
    const certificates: CertificateView[] = [];
    for (const c of await this.#deps.certificates.list({ recipientUser: actor.name }))
      certificates.push(await withStanding(this.#deps, c));
    return { enrolments, assignments, attempts, certificates };
  }
}
