/**
 * @module Custody-ledger events and the pure rules that chain them: each event's `hash` is the
 * SHA-256 of the RFC 8785 canonical JSON of the event without `hash`, and `prev` is the hash of
 * the event before it.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from '../core/jcs.js';

/**
 * The LED Art. 25 processing operations, then administrative events. The six first ones are the
 * operations Art. 25(1) requires logs for; `refused` records a collection attempt that was denied
 * (R1); `integrity_failure` records evidence that failed its hash, signature or chain (R4);
 * `triaged` records an automated triage run over an item (no evidence is altered: results and
 * derived OCR text are new records beside it); `reviewed` records a person accepting or rejecting
 * a machine suggestion (R14).
 */
export const LEDGER_ACTIONS = [
  'collection',
  'consultation',
  'alteration',
  'disclosure',
  'combination',
  'erasure',
  'case_created',
  'case_closed',
  'legal_basis_added',
  'legal_basis_approved',
  'case_plan_recorded',
  'retention_set',
  'retention_review_due',
  'membership_changed',
  'user_created',
  'persona_registered',
  'annotation',
  'key_created',
  'refused',
  'integrity_failure',
  'store_initialised',
  'sealed',
  'triaged',
  'reviewed',
] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

/** Hash of "no previous event": 64 zeros, so every `prev` has the same shape. */
export const GENESIS_PREV = '0'.repeat(64);

/** What a service asks the ledger to record; the ledger adds `seq`, `time`, `prev` and `hash`. */
export interface EventDraft {
  readonly actor: string;
  readonly action: LedgerAction;
  readonly caseId?: string | null;
  readonly itemId?: string | null;
  readonly reason?: string | null;
  /** Further facts: the recipient of a disclosure, the hashes collected, the refusal's cause. */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface LedgerEvent {
  readonly seq: number;
  /** UTC ISO 8601 with milliseconds. */
  readonly time: string;
  readonly actor: string;
  readonly action: LedgerAction;
  readonly caseId: string | null;
  readonly itemId: string | null;
  readonly reason: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly prev: string;
  readonly hash: string;
}

/** The hash of an event's content (every field but `hash`). */
export function eventHash(event: Omit<LedgerEvent, 'hash'>): string {
  const { seq, time, actor, action, caseId, itemId, reason, data, prev } = event;
  const body = { seq, time, actor, action, caseId, itemId, reason, data, prev };
  return createHash('sha256').update(canonicalize(body), 'utf8').digest('hex');
}

/**
 * The next event of the chain. Pure: the caller supplies the previous event and the time.
 *
 * @example
 * const first = chainEvent(undefined, { actor: 'ana', action: 'case_created', caseId: 'C-1' }, new Date());
 */
export function chainEvent(
  previous: Pick<LedgerEvent, 'seq' | 'hash'> | undefined,
  draft: EventDraft,
  now: Date,
): LedgerEvent {
  // JSON round trip: what is hashed is exactly what the store will give back (no undefined, no
  // class instances, no Dates), so re-verification recomputes the same bytes.
  const data = JSON.parse(JSON.stringify(draft.data ?? {})) as Record<string, unknown>;
  const body = {
    seq: (previous?.seq ?? 0) + 1,
    time: now.toISOString(),
    actor: draft.actor,
    action: draft.action,
    caseId: draft.caseId ?? null,
    itemId: draft.itemId ?? null,
    reason: draft.reason ?? null,
    data,
    prev: previous?.hash ?? GENESIS_PREV,
  };
  return { ...body, hash: eventHash(body) };
}

/** The statement the installation key signs to vouch for the ledger's head. */
export function headStatement(seq: number, hash: string): Buffer {
  return Buffer.from(canonicalize({ type: 'vigil-ledger-head', seq, hash }), 'utf8');
}
