/**
 * @module Pure verification of a hash chain of ledger events against its signed head (R8).
 */
import { verify as verifySignature, createPublicKey } from 'node:crypto';
import { GENESIS_PREV, eventHash, headStatement } from './event.js';
import type { LedgerEvent } from './event.js';

/** The installation's signature over the last event, kept apart from the events. */
export interface SignedHead {
  readonly seq: number;
  readonly hash: string;
  /** Base64 Ed25519 signature over `headStatement(seq, hash)`. */
  readonly signature: string;
  readonly keyId: string;
}

/**
 * An event whose content is withheld from an exported segment (another case's event): its link
 * still counts, so the chain stays whole without disclosing what it recorded.
 */
export interface RedactedEvent {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly redacted: true;
}

export type ChainEntry = LedgerEvent | RedactedEvent;

export const isRedacted = (entry: ChainEntry): entry is RedactedEvent =>
  'redacted' in entry && entry.redacted;

export interface ChainVerification {
  readonly ok: boolean;
  readonly events: number;
  /** The first seq that is wrong, missing or unaccounted for; null when the chain verifies. */
  readonly firstBad: number | null;
  /** Why it failed, in words. */
  readonly reason: string | null;
  readonly head: { seq: number; hash: string } | null;
  readonly headSigned: boolean;
}

/**
 * Walks the chain in storage order and checks every link, then the signed head.
 *
 * Edits change an event's hash; deletions leave a gap in `seq`; insertions and reorderings
 * break `seq` order or a `prev` link; truncation leaves the chain shorter than the signed head.
 * An attacker who rewrites every later event too is caught by the head signature, which needs the
 * installation's private key.
 */
export function verifyChain(
  entries: Iterable<ChainEntry>,
  signedHead: SignedHead | null,
  publicKeyPem: string,
): ChainVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_PREV;
  let count = 0;
  const fail = (seq: number, reason: string): ChainVerification => ({
    ok: false,
    events: count,
    firstBad: seq,
    reason,
    head: count > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null,
    headSigned: false,
  });
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return fail(
        Math.min(entry.seq, expectedSeq),
        entry.seq > expectedSeq
          ? `event ${expectedSeq} is missing (the next stored event is ${entry.seq})`
          : `event ${entry.seq} appears out of order after event ${expectedSeq - 1}`,
      );
    }
    if (entry.prev !== prevHash) {
      return fail(
        entry.seq,
        `event ${entry.seq} does not link to the hash of event ${entry.seq - 1}`,
      );
    }
    if (!isRedacted(entry) && eventHash(entry) !== entry.hash) {
      return fail(
        entry.seq,
        `event ${entry.seq} was altered: its content no longer matches its hash`,
      );
    }
    prevHash = entry.hash;
    expectedSeq += 1;
    count += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (signedHead === null) {
    if (count === 0) {
      return { ok: true, events: 0, firstBad: null, reason: null, head: null, headSigned: false };
    }
    return fail(1, 'the ledger has events but no signed head');
  }
  const signatureOk = verifySignature(
    null,
    headStatement(signedHead.seq, signedHead.hash),
    createPublicKey(publicKeyPem),
    Buffer.from(signedHead.signature, 'base64'),
  );
  if (!signatureOk) {
    return fail(
      lastSeq + 1,
      'the signature over the ledger head does not verify with the installation key',
    );
  }
  if (signedHead.seq > lastSeq) {
    return fail(
      lastSeq + 1,
      `the ledger was truncated: the signed head is event ${signedHead.seq} but the chain ends at ${lastSeq}`,
    );
  }
  if (signedHead.seq < lastSeq) {
    return fail(
      signedHead.seq + 1,
      `events after the signed head (event ${signedHead.seq}) were added without the installation key`,
    );
  }
  if (signedHead.hash !== prevHash) {
    return fail(lastSeq, `the last event does not match the signed head`);
  }
  return {
    ok: true,
    events: count,
    firstBad: null,
    reason: null,
    head: { seq: lastSeq, hash: prevHash },
    headSigned: true,
  };
}
