/**
 * @module Cases and the legal bases that authorise collection into them (R1).
 */
import type { Workspace } from './access.js';

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

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
}

/** A case with its bases, as shown to a person. */
export interface CaseView extends Case {
  readonly legalBases: readonly LegalBasis[];
  /** The basis that authorises collection now, if any. */
  readonly activeBasisId: string | null;
}
