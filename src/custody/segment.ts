/**
 * @module The exportable ledger segment: a JSONL file anyone can verify offline. Events of the
 * exported scope appear whole; all others appear as {seq, prev, hash} stubs so the chain from
 * event 1 to the signed head is complete without disclosing other cases (LED Art. 25(2)).
 */
import { createHash, createPublicKey } from 'node:crypto';
import type { LedgerEvent } from './event.js';
import { verifyChain } from './verify.js';
import type { ChainEntry, ChainVerification, RedactedEvent, SignedHead } from './verify.js';

export const SEGMENT_TYPE = 'vigil-ledger-segment';
export const SEGMENT_HEAD_TYPE = 'vigil-ledger-head';

export interface SegmentHeader {
  readonly type: typeof SEGMENT_TYPE;
  readonly version: 1;
  /** The case the segment was exported for, or null for the whole ledger. */
  readonly caseId: string | null;
  /** Items the segment was exported for (a package), if any. */
  readonly itemIds: readonly string[] | null;
  readonly exportedAt: string;
  readonly exportedBy: string;
  readonly keyId: string;
  /** The installation's Ed25519 public key (SPKI PEM) that signed the head. */
  readonly publicKey: string;
}

/** The fingerprint that names a public key: `sha256:` and the hex digest of its SPKI DER. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

const redact = (event: LedgerEvent): RedactedEvent => ({
  seq: event.seq,
  prev: event.prev,
  hash: event.hash,
  redacted: true,
});

/**
 * Serialises a segment: header, then every event of the chain (whole when `include` says so,
 * a stub otherwise), then the signed head.
 */
export function formatSegment(
  header: Omit<SegmentHeader, 'type' | 'version'>,
  events: Iterable<LedgerEvent>,
  include: (event: LedgerEvent) => boolean,
  head: SignedHead | null,
): string {
  const lines = [JSON.stringify({ type: SEGMENT_TYPE, version: 1, ...header })];
  for (const event of events) lines.push(JSON.stringify(include(event) ? event : redact(event)));
  if (head) lines.push(JSON.stringify({ type: SEGMENT_HEAD_TYPE, ...head }));
  return `${lines.join('\n')}\n`;
}

export interface SegmentVerification extends ChainVerification {
  readonly caseId: string | null;
  readonly keyId: string | null;
  /** Events disclosed whole in the segment. */
  readonly disclosed: number;
}

/**
 * Verifies a segment offline: the header, every link, every whole event's hash, and the
 * head's signature by the key the header names.
 *
 * @example
 * const result = verifyLedgerSegment(fs.readFileSync('ledger.jsonl', 'utf8'));
 * if (!result.ok) console.error(`first bad event: ${result.firstBad}: ${result.reason}`);
 */
export function verifyLedgerSegment(text: string): SegmentVerification {
  const broken = (reason: string, firstBad: number | null = null): SegmentVerification => ({
    ok: false,
    events: 0,
    firstBad,
    reason,
    head: null,
    headSigned: false,
    caseId: null,
    keyId: null,
    disclosed: 0,
  });
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  const parsed: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      return broken(`line ${index + 1} of the segment is not JSON`);
    }
  }
  const header = parsed[0] as Partial<SegmentHeader> | undefined;
  if (!header || header.type !== SEGMENT_TYPE || header.version !== 1) {
    return broken(`the first line is not a ${SEGMENT_TYPE} version 1 header`);
  }
  if (typeof header.publicKey !== 'string' || typeof header.keyId !== 'string') {
    return broken('the header carries no public key');
  }
  let fingerprint: string;
  try {
    fingerprint = keyFingerprint(header.publicKey);
  } catch {
    return broken('the header public key is not a valid PEM key');
  }
  if (fingerprint !== header.keyId) {
    return broken(`the header key id ${header.keyId} is not the fingerprint of its public key`);
  }
  const last = parsed.at(-1) as Partial<SignedHead> & { type?: string };
  const hasHead = parsed.length > 1 && last.type === SEGMENT_HEAD_TYPE;
  const entries = parsed.slice(1, hasHead ? -1 : undefined) as ChainEntry[];
  let head: SignedHead | null = null;
  if (hasHead) {
    if (last.keyId !== header.keyId) {
      return broken('the head was signed by a different key than the header names');
    }
    head = {
      seq: Number(last.seq),
      hash: String(last.hash),
      signature: String(last.signature),
      keyId: String(last.keyId),
    };
  }
  const result = verifyChain(entries, head, header.publicKey);
  return {
    ...result,
    caseId: header.caseId ?? null,
    keyId: header.keyId,
    disclosed: entries.filter((entry) => !('redacted' in entry)).length,
  };
}
