/**
 * @module Pure views of a cohort's results (R25): a submission's effective score once the judges'
 * overrides are applied, the per-trainee × per-criterion dashboard, and its CSV export.
 */
import { PASS_MARK } from '../assessment/rubric.js';
import { CRITERIA } from '../assessment/assessment-types.js';
import type { AssessmentResult, CriterionResult } from '../assessment/assessment-types.js';
import type { Override, Submission } from './cohort-ports.js';

/** A criterion as it stands: the automatic score, and the override that replaced it, if any. */
export interface EffectiveCriterion extends CriterionResult {
  readonly automatic: number;
  readonly overridden: boolean;
}

export interface EffectiveResult {
  readonly score: number;
  readonly max: number;
  readonly passed: boolean;
  readonly criteria: EffectiveCriterion[];
  readonly flags: string[];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Applies overrides (in history order, the last per criterion wins) to the automatic result. The
 * automatic result is never changed: it stays in the submission row beside the history.
 */
export function effectiveResult(
  result: AssessmentResult,
  overrides: readonly Override[],
): EffectiveResult {
  const latest = new Map<string, number>();
  for (const o of overrides) latest.set(o.criterion, o.score);
  const criteria = result.criteria.map((c) => {
    const override = latest.get(c.id);
    return {
      ...c,
      score: override ?? c.score,
      automatic: c.score,
      overridden: override !== undefined,
    };
  });
  const score = round(criteria.reduce((sum, c) => sum + c.score, 0));
  return {
    score,
    max: result.max,
    // Same rule as the rubric: a flagged submission (R24) never passes on score alone.
    passed: result.flags.length === 0 && score >= PASS_MARK * result.max,
    criteria,
    flags: result.flags,
  };
}

/** One line of the dashboard: a trainee on one assignment. */
export interface DashboardRow {
  readonly trainee: string;
  readonly variant: string;
  readonly assignmentId: string;
  readonly scenario: string;
  readonly status: 'not_started' | 'in_progress' | 'submitted';
  readonly submissionId: string | null;
  readonly submittedAt: string | null;
  readonly score: number | null;
  readonly automaticScore: number | null;
  readonly max: number | null;
  readonly passed: boolean | null;
  readonly flagged: boolean;
  /** Criterion id → effective score. */
  readonly criteria: Record<string, number>;
  readonly overrides: number;
  /** The certificate the trainee earned for this scenario, and whether it was revoked. */
  readonly certificate: { readonly id: string; readonly revoked: boolean } | null;
}

export interface DashboardInput {
  readonly trainee: string;
  readonly variant: string;
  readonly assignmentId: string;
  readonly scenario: string;
  readonly started: boolean;
  readonly submission: Submission | null;
  readonly overrides: readonly Override[];
  readonly certificate?: { readonly id: string; readonly revocation: unknown } | null;
}

/** Builds a dashboard row from the latest submission (if any) and its overrides. */
export function dashboardRow(input: DashboardInput): DashboardRow {
  const { submission } = input;
  const base = {
    trainee: input.trainee,
    variant: input.variant,
    assignmentId: input.assignmentId,
    scenario: input.scenario,
    certificate: input.certificate
      ? { id: input.certificate.id, revoked: input.certificate.revocation !== null }
      : null,
  };
  if (submission === null)
    return {
      ...base,
      status: input.started ? 'in_progress' : 'not_started',
      submissionId: null,
      submittedAt: null,
      score: null,
      automaticScore: null,
      max: null,
      passed: null,
      flagged: false,
      criteria: {},
      overrides: 0,
    };
  const effective = effectiveResult(submission.result, input.overrides);
  return {
    ...base,
    status: 'submitted',
    submissionId: submission.id,
    submittedAt: submission.submittedAt,
    score: effective.score,
    automaticScore: submission.result.score,
    max: effective.max,
    passed: effective.passed,
    flagged: submission.flagged,
    criteria: Object.fromEntries(effective.criteria.map((c) => [c.id, c.score])),
    overrides: input.overrides.length,
  };
}

// RFC 4180 §2: fields with commas, quotes or line breaks are quoted, quotes doubled. A leading
// =, +, - or @ is prefixed with ' so a spreadsheet does not run a trainee's name as a formula.
const csvField = (value: string | number | boolean | null): string => {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The dashboard as CSV, one row per trainee and assignment, one column per criterion. */
export function dashboardCsv(rows: readonly DashboardRow[]): string {
  const header = [
    'trainee',
    'variant',
    'assignment',
    'scenario',
    'status',
    'submission',
    'submitted_at',
    ...CRITERIA,
    'score',
    'automatic_score',
    'max',
    'passed',
    'flagged',
    'overrides',
    'certificate',
    'certificate_revoked',
  ];
  const lines = rows.map((r) =>
    [
      r.trainee,
      r.variant,
      r.assignmentId,
      r.scenario,
      r.status,
      r.submissionId,
      r.submittedAt,
      ...CRITERIA.map((c) => r.criteria[c] ?? null),
      r.score,
      r.automaticScore,
      r.max,
      r.passed,
      r.flagged,
      r.overrides,
      r.certificate?.id ?? null,
      r.certificate ? r.certificate.revoked : null,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
