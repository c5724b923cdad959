/**
 * @module Cohorts, assignments, attempts, submissions and judges' overrides (issue 9, R24, R25),
 * and the repository port that stores them (adapter: src/store/sqlite/training-repository.ts).
 */
import type { AssessmentResult } from '../assessment/assessment-types.js';

export interface Cohort {
  readonly id: string;
  readonly name: string;
  /** The range seed every trainee of the cohort shares; variants differ per trainee (R24). */
  readonly seed: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Enrolment {
  readonly cohortId: string;
  readonly trainee: string;
  /** The trainee's own range variant id (R24). */
  readonly variant: string;
  readonly enrolledBy: string;
  readonly enrolledAt: string;
}

export interface Assignment {
  readonly id: string;
  readonly cohortId: string;
  readonly scenario: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** A trainee's start of an assignment: the training-workspace case they work in. */
export interface Attempt {
  readonly assignmentId: string;
  readonly trainee: string;
  readonly caseId: string;
  readonly startedAt: string;
}

export interface Submission {
  readonly id: string;
  readonly assignmentId: string;
  readonly trainee: string;
  readonly variant: string;
  readonly submittedAt: string;
  readonly answers: unknown;
  readonly packages: readonly { readonly name: string; readonly sha256: string }[];
  /** The automatic assessment, as computed (never edited; overrides are separate rows). */
  readonly result: AssessmentResult;
  /** R24: answers belonging to another trainee's variant. */
  readonly flagged: boolean;
}

/** A judge's override of one criterion (R25): an immutable history row. */
export interface Override {
  readonly id: number;
  readonly submissionId: string;
  readonly criterion: string;
  readonly score: number;
  /** The score the criterion had before (automatic or the previous override). */
  readonly previous: number;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface CohortRepository {
  nextId(kind: 'cohort' | 'assignment' | 'submission'): Promise<string>;
  insertCohort(cohort: Cohort): Promise<void>;
  getCohort(id: string): Promise<Cohort | null>;
  listCohorts(): Promise<Cohort[]>;
  insertEnrolment(enrolment: Enrolment): Promise<void>;
  listEnrolments(filter: { cohortId?: string; trainee?: string }): Promise<Enrolment[]>;
  insertAssignment(assignment: Assignment): Promise<void>;
  getAssignment(id: string): Promise<Assignment | null>;
  listAssignments(filter: { cohortId?: string }): Promise<Assignment[]>;
  insertAttempt(attempt: Attempt): Promise<void>;
  getAttempt(assignmentId: string, trainee: string): Promise<Attempt | null>;
  insertSubmission(submission: Submission): Promise<void>;
  getSubmission(id: string): Promise<Submission | null>;
  listSubmissions(filter: { assignmentId?: string; trainee?: string }): Promise<Submission[]>;
  insertOverride(override: Omit<Override, 'id'>): Promise<Override>;
  listOverrides(submissionId: string): Promise<Override[]>;
}
