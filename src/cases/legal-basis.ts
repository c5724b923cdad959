/**
 * @module Pure rules on legal bases: what a valid basis looks like, and whether collection into a
 * case is lawful at an instant (R1; LED Arts 4 and 8).
 */
import { invalidInput } from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import type { Case, CaseState, LegalBasis } from './types.js';

/** What a person supplies to record a basis. Dates are ISO 8601 text as typed. */
export interface LegalBasisInput {
  authority: string;
  reference: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
  scope?: string | undefined;
  approver?: string | undefined;
}

export type NormalisedBasis = Omit<
  LegalBasis,
  'id' | 'caseId' | 'addedAt' | 'addedBy' | 'approvedBy' | 'approvedAt'
>;

const required = (value: string | undefined, flag: string, example: string): string => {
  const text = (value ?? '').trim();
  if (text.length === 0) {
    throw invalidInput(`--${flag} is required and must not be empty`, {
      hint: `e.g. --${flag} "${example}"`,
    });
  }
  return text;
};

/** Checks and normalises a basis: every field present, dates valid, the period not empty. */
export function normaliseBasis(input: LegalBasisInput): NormalisedBasis {
  const authority = required(input.authority, 'authority', 'Regional Court of Justice');
  const reference = required(input.reference, 'reference', 'WR-2026-0042');
  const purpose = required(input.purpose, 'purpose', 'identify the financiers of group X');
  const from = parseInstant(required(input.validFrom, 'valid-from', '2026-11-01'), '--valid-from');
  const until = parseInstant(
    required(input.validUntil, 'valid-until', '2027-02-01'),
    '--valid-until',
  );
  if (until.getTime() <= from.getTime()) {
    throw invalidInput(
      `the legal basis ends (${until.toISOString()}) before it starts (${from.toISOString()})`,
      { hint: '--valid-until must be later than --valid-from' },
    );
  }
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  return {
    authority,
    reference,
    purpose,
    scope: optional(input.scope),
    validFrom: from.toISOString(),
    validUntil: until.toISOString(),
    approver: optional(input.approver),
  };
}

export const isValidAt = (basis: LegalBasis, now: Date): boolean =>
  Date.parse(basis.validFrom) <= now.getTime() && now.getTime() < Date.parse(basis.validUntil);

/** The basis that authorises collection now: of the valid ones, the one that runs longest. */
export function activeBasis(bases: readonly LegalBasis[], now: Date): LegalBasis | undefined {
  return bases
    .filter((basis) => isValidAt(basis, now))
    .sort((a, b) => Date.parse(b.validUntil) - Date.parse(a.validUntil))[0];
}

export type RefusalCause =
  'closed' | 'planning' | 'unapproved' | 'not_yet_valid' | 'expired' | 'no_basis';

export type CollectionDecision =
  | { allowed: true; basis: LegalBasis }
  | { allowed: false; reason: string; hint: string; cause: RefusalCause };

/** Under the approval policy, what still keeps the case in planning (R2); empty when nothing. */
export function planningGaps(kase: Case, bases: readonly LegalBasis[]): string[] {
  if (kase.policy !== 'approval') return [];
  const gaps: string[] = [];
  if (!kase.plan) gaps.push('the investigation plan');
  if (!kase.riskAssessment) gaps.push('the risk assessment');
  if (!bases.some((basis) => basis.approvedBy !== null))
    gaps.push("a supervisor's approval of a legal basis");
  return gaps;
}

/** Planning, open or closed, as a person sees the case. */
export const caseState = (kase: Case, bases: readonly LegalBasis[]): CaseState =>
  kase.status === 'closed' ? 'closed' : planningGaps(kase, bases).length > 0 ? 'planning' : 'open';

/**
 * Whether collection into `kase` is lawful at `now`, and if not, why and what to do.
 *
 * @example
 * const decision = collectionDecision(kase, bases, clock.now());
 * if (!decision.allowed) throw refused(decision.reason, { hint: decision.hint });
 */
export function collectionDecision(
  kase: Case,
  bases: readonly LegalBasis[],
  now: Date,
): CollectionDecision {
  const day = now.toISOString();
  if (kase.status === 'closed') {
    return {
      allowed: false,
      cause: 'closed',
      reason: `case ${kase.id} was closed on ${kase.closedAt ?? 'an unknown date'}; nothing may be collected into it`,
      hint: 'open a new case with its own legal basis: `vigil case create …`',
    };
  }
  const gaps = planningGaps(kase, bases);
  const documents = gaps.filter((gap) => !gap.includes('approval'));
  if (documents.length > 0) {
    return {
      allowed: false,
      cause: 'planning',
      reason: `case ${kase.id} is still in planning: ${documents.join(' and ')} must be recorded before any collection (R2)`,
      hint: `record them with \`vigil case plan ${kase.id} --plan … --risk …\``,
    };
  }
  // Under the approval policy only bases a supervisor approved authorise collection.
  if (kase.policy === 'approval') {
    const approved = bases.filter((basis) => basis.approvedBy !== null);
    if (approved.length === 0 && bases.length > 0) {
      return {
        allowed: false,
        cause: 'unapproved',
        reason: `no legal basis of case ${kase.id} has been approved by a supervisor yet`,
        hint: `a supervisor approves it with \`vigil case basis approve ${kase.id} ${bases[0]?.id ?? 'LB-…'}\``,
      };
    }
    bases = approved;
  }
  const basis = activeBasis(bases, now);
  if (basis) return { allowed: true, basis };
  const addHint = `add a basis valid now with \`vigil case basis add ${kase.id} --authority … --reference … --purpose … --valid-from … --valid-until …\``;
  if (bases.length === 0) {
    return {
      allowed: false,
      cause: 'no_basis',
      reason: `case ${kase.id} has no legal basis`,
      hint: addHint,
    };
  }
  const future = bases.filter((b) => Date.parse(b.validFrom) > now.getTime());
  if (future.length > 0) {
    const first = future.sort((a, b) => Date.parse(a.validFrom) - Date.parse(b.validFrom))[0];
    return {
      allowed: false,
      cause: 'not_yet_valid',
      reason: `case ${kase.id} has no legal basis valid on ${day}: ${first?.reference ?? 'its basis'} starts on ${first?.validFrom ?? '?'}`,
      hint: `wait until the basis starts, or ${addHint}`,
    };
  }
  const latest = [...bases].sort((a, b) => Date.parse(b.validUntil) - Date.parse(a.validUntil))[0];
  return {
    allowed: false,
    cause: 'expired',
    reason: `case ${kase.id} has no legal basis valid on ${day}: ${latest?.reference ?? 'its basis'} expired on ${latest?.validUntil ?? '?'}`,
    hint: addHint,
  };
}
