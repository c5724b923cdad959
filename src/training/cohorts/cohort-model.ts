/**
 * @module The cohort desk's model: what it needs from the rest of Vigil, the attempt view it
 * returns, attempt ids, and the pure checks on time windows and recorded legal bases.
 */
import type { Principal } from '../../cases/access.js';
import type { LegalBasisInput } from '../../cases/legal-basis.js';
import { invalidInput, refused } from '../../core/errors.js';
import { formatBriefing } from '../range/scenarios.js';
import type { IssuedCertificate, Revocation } from '../certificates/certificate-ports.js';
import type { CertificateService } from '../certificates/certificate-service.js';
import type { Clock } from '../../core/clock.js';
import type { Scenario } from '../range/scenario-schema.js';
import type { Assignment, CohortRepository, Override, Submission } from './cohort-ports.js';
import type { EffectiveResult } from './cohort-views.js';

/** What the desk needs from the rest of Vigil (narrow, so tests and other hosts can supply it). */
export interface CohortServiceDeps {
  readonly repository: CohortRepository;
  readonly clock: Clock;
  readonly scenarios: () => readonly Scenario[];
  readonly users: () => Promise<readonly { name: string; role: string; disabled: boolean }[]>;
  readonly openTrainingCase: (request: {
    trainee: string;
    trainer: string;
    title: string;
    basis: LegalBasisInput;
  }) => Promise<string>;
  /** Sealed package files (paths) of the capture items of a case. */
  readonly casePackages: (
    caseId: string,
  ) => Promise<{ name: string; sha256: string; path: string }[]>;
  /**
   * The interaction log (passive-mode violations) of one variant's range, read if it exists; one
   * file per variant, so a trainee is scored on their own interactions only.
   */
  readonly interactionsFile: (seed: string, variant: string) => string | null;
  /**
   * Runs each trainee's range variant while an attempt window is open (R24) and says where it
   * answers; absent where no range can run (offline assessment), so views show none.
   */
  readonly ranges?: {
    ensure(seed: string, variant: string, until: string): Promise<string>;
  };
  readonly certificates: CertificateService;
  /** Variant ids: unguessable, so a trainee cannot regenerate a peer's ground truth (R24). */
  readonly randomVariant?: () => string;
}

/** An attempt's id in the API: `<assignment>~<trainee>` (one attempt per trainee and assignment). */
export const attemptId = (a: { assignmentId: string; trainee: string }): string =>
  `${a.assignmentId}~${a.trainee}`;

export const parseAttemptId = (id: string): { assignmentId: string; trainee: string } => {
  const [assignmentId, trainee, ...rest] = id.split('~');
  if (!assignmentId || !trainee || rest.length > 0)
    throw invalidInput(`"${id}" is not an attempt id`, {
      hint: 'attempt ids read ASG-<n>~<trainee>',
    });
  return { assignmentId, trainee };
};

export const isManager = (p: Principal): boolean => p.role === 'admin' || p.role === 'trainer';

const BASIS_FIELDS: Record<string, (b: LegalBasisInput) => string | undefined> = {
  authority: (b) => b.authority,
  reference: (b) => b.reference,
  purpose: (b) => b.purpose,
  scope: (b) => b.scope,
  valid_from: (b) => b.validFrom,
  valid_until: (b) => b.validUntil,
};

export interface AttemptView {
  readonly id: string;
  readonly assignmentId: string;
  readonly cohortId: string;
  readonly trainee: string;
  readonly caseId: string;
  readonly variant: string;
  readonly scenario: string;
  readonly startedAt: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly briefing: string;
  /**
   * The trainee's own range variant while the attempt window is open: its URL, or why it could
   * not start; null when the window is not open or no range runs here.
   */
  readonly range: { readonly url: string | null; readonly error: string | null } | null;
  readonly submission: (Omit<Submission, 'result'> & { automatic: Submission['result'] }) | null;
  readonly result: EffectiveResult | null;
  readonly overrides: Override[];
  /** The certificate earned, with its revocation (null while it stands). */
  readonly certificate: (IssuedCertificate & { readonly revocation: Revocation | null }) | null;
}

/** The fields of `mustRecord` the trainee's basis leaves empty (`provenance` is per capture). */
export const missingBasisFields = (scenario: Scenario, basis: LegalBasisInput): string[] =>
  scenario.legalBasis.mustRecord.filter((f) => {
    const read = BASIS_FIELDS[f];
    return read !== undefined && !read(basis)?.trim();
  });

/** Refuses `what` outside the assignment's window (R25: late work is not accepted). */
export function assertOpen(assignment: Assignment, now: Date, what: string): void {
  const time = now.getTime();
  if (time < Date.parse(assignment.opensAt))
    throw refused(`${assignment.id} opens at ${assignment.opensAt}; ${what} is not accepted yet`);
  if (time > Date.parse(assignment.closesAt))
    throw refused(
      `${assignment.id} closed at ${assignment.closesAt}; ${what} is no longer accepted`,
      {
        hint: 'ask your trainer to extend the window with a new assignment',
      },
    );
}

/**
 * What a trainee needs to start an assignment: the briefing, the legal basis fields to record,
 * and the tasks — never their answer keys (those stay with the rubric).
 */
export function assignmentBrief(
  assignment: Assignment,
  scenario: Scenario,
  variant: string,
  seed: string | null,
) {
  return {
    ...assignment,
    title: scenario.title,
    timeLimitMinutes: scenario.timeLimitMinutes,
    variant,
    seed,
    briefing: formatBriefing(scenario),
    legalBasis: {
      required: scenario.legalBasis.required,
      mustRecord: scenario.legalBasis.mustRecord,
      guidance: scenario.legalBasis.guidance.trim(),
    },
    tasks: scenario.tasks.map((t) => ({
      id: t.id,
      kind: t.kind,
      prompt: t.prompt,
      points: t.points,
      ...(t.timeLimitMinutes === undefined ? {} : { timeLimitMinutes: t.timeLimitMinutes }),
    })),
  };
}
