/**
 * @module Cases and the legal bases that authorise collection into them (R1).
 */
import type { Workspace } from './access.js';

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * How a legal basis takes effect. `immediate`: as recorded (the single-investigator default).
 * `approval`: a supervisor approves it, and the investigation plan and risk assessment exist,
 * before any collection (R2; Berkeley Protocol, preparation).
 */
export const APPROVAL_POLICIES = ['immediate', 'approval'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** What a person sees: planning (not yet collectable under the approval policy), open, closed. */
export type CaseState = 'planning' | 'open' | 'closed';

/** A warrant, order or authorisation under which collection is lawful (LED Art. 8). */
export interface LegalBasis {
  readonly id: string;
  readonly caseId: string;
  /** Who granted it: a court, a prosecutor, a senior officer. */
  readonly authority: string;
  /** The warrant, order or authorisation number. */
  readonly reference: string;
  readonly purpose: string;
  /** Targets and platforms the basis covers, as written in it. */
  readonly scope: string | null;
  /** UTC ISO 8601; collection is lawful from this instant (inclusive)… */
  readonly validFrom: string;
  /** …until this instant (exclusive). */
  readonly validUntil: string;
  readonly approver: string | null;
  readonly addedAt: string;
  readonly addedBy: string;
  /** The supervisor who approved it under the approval policy, and when. */
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
}

export interface Case {
  readonly id: string;
  readonly title: string;
  readonly status: CaseStatus;
  /** Operational, or a training workspace (trainees never see operational cases). */
  readonly workspace: Workspace;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly closedReason: string | null;
  readonly policy: ApprovalPolicy;
  /** The investigation plan and the risk assessment (R2), as text. */
  readonly plan: string | null;
  readonly riskAssessment: string | null;
  /** Retention (R12; LED Art. 5): when to review, when content must go, and whether a hold stops it. */
  readonly reviewAt: string | null;
  readonly expiresAt: string | null;
  readonly legalHold: boolean;
  /** The review date a reminder was last recorded for. */
  readonly reviewNotifiedFor: string | null;
}

/** What a new case starts with besides its identity: no plan yet, no retention set. */
export const NEW_CASE_DEFAULTS = {
  status: 'open',
  closedAt: null,
  closedBy: null,
  closedReason: null,
  policy: 'immediate',
  plan: null,
  riskAssessment: null,
  reviewAt: null,
  expiresAt: null,
  legalHold: false,
  reviewNotifiedFor: null,
} as const satisfies Partial<Case>;

/** A case with its bases, as shown to a person. */
export interface CaseView extends Case {
  readonly legalBases: readonly LegalBasis[];
  /** The basis that authorises collection now, if any. */
  readonly activeBasisId: string | null;
  readonly state: CaseState;
}
