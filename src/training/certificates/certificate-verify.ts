/**
 * @module Offline verification of a certificate (1EdTech OB 3.0 §9 Verification; VC 2.0 §7): the
 * Data Integrity proof, the issuer key, the validity period and revocation through the centre's
 * Bitstring Status List. Each is its own check, so a reader sees what holds and what does not.
 * Nothing is fetched: the loader throws on any URL it does not hold.
 */
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { createDocumentLoader } from './document-loader.js';
import { achievementOf, recipientOf } from './open-badge.js';
import { verificationSuite } from './suites.js';

export const CERT_CHECKS = ['shape', 'proof', 'issuer', 'validity', 'status'] as const;
export type CertCheckName = (typeof CERT_CHECKS)[number];

export interface CertCheck {
  readonly name: CertCheckName;
  readonly ok: boolean;
  readonly detail: string;
}

export interface CertVerifyResult {
  /** Every check passed and the credential is not revoked. */
  readonly ok: boolean;
  readonly checks: CertCheck[];
  /** true: revoked; false: the status list says it is not; null: no status list to ask. */
  readonly revoked: boolean | null;
  readonly issuer: string | null;
  readonly recipient: string | null;
  readonly achievement: string | null;
}

export interface CertVerifyOptions {
  readonly now: Date;
  /** Published status list credentials the verifier holds (copied from the centre). */
  readonly statusLists?: readonly Record<string, unknown>[];
  /** Issuer DIDs the verifier trusts (this centre's key, and any given with --issuer). */
  readonly trustedIssuers: readonly string[];
}

const message = (error: unknown): string => {
  const e = error as { message?: string; errors?: { message?: string }[] } | undefined;
  const inner = e?.errors?.map((x) => x.message).filter(Boolean) ?? [];
  return [e?.message, ...inner].filter(Boolean).join(': ') || String(error);
};

const issuerId = (credential: Record<string, unknown>): string | null => {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (
    issuer !== null &&
    typeof issuer === 'object' &&
    typeof (issuer as { id?: unknown }).id === 'string'
  )
    return (issuer as { id: string }).id;
  return null;
};

function shapeCheck(credential: Record<string, unknown>): CertCheck {
  const types = Array.isArray(credential.type) ? (credential.type as unknown[]) : [];
  const problems = [
    ...(types.includes('VerifiableCredential') ? [] : ['type lacks VerifiableCredential']),
    ...(types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')
      ? []
      : ['type lacks OpenBadgeCredential']),
    ...(typeof credential.validFrom === 'string' ? [] : ['no validFrom']),
    ...(credential.proof === undefined ? ['no proof'] : []),
    ...(achievementOf(credential) === null ? ['no credentialSubject.achievement.name'] : []),
  ];
  return problems.length === 0
    ? { name: 'shape', ok: true, detail: 'an Open Badges 3.0 OpenBadgeCredential (VC 2.0)' }
    : { name: 'shape', ok: false, detail: problems.join('; ') };
}

/**
 * The proof alone: signature over the canonical document (eddsa-rdfc-2022) and the issuance
 * purpose (the issuer controls the key). Checked at `validFrom` so dates are judged separately.
 */
async function proofCheck(credential: Record<string, unknown>): Promise<CertCheck> {
  const validFrom = typeof credential.validFrom === 'string' ? credential.validFrom : undefined;
  const result = await vc.verifyCredential({
    credential,
    suite: verificationSuite(),
    documentLoader: createDocumentLoader(),
    ...(validFrom === undefined ? {} : { now: validFrom }),
    // Status is its own check below.
    checkStatus: () => Promise.resolve({ verified: true }),
  });
  if (result.verified)
    return { name: 'proof', ok: true, detail: 'eddsa-rdfc-2022 Data Integrity proof verifies' };
  const error = result.results?.find((r) => !r.verified)?.error ?? result.error;
  return {
    name: 'proof',
    ok: false,
    detail: `the proof does not verify (${message(error)}): the credential was altered or not signed by its issuer`,
  };
}

function validityCheck(credential: Record<string, unknown>, now: Date): CertCheck {
  const from = typeof credential.validFrom === 'string' ? new Date(credential.validFrom) : null;
  const until = typeof credential.validUntil === 'string' ? new Date(credential.validUntil) : null;
  if (from === null || Number.isNaN(from.getTime()))
    return { name: 'validity', ok: false, detail: 'validFrom is missing or not a date' };
  if (from.getTime() > now.getTime())
    return {
      name: 'validity',
      ok: false,
      detail: `not yet valid: validFrom ${String(credential.validFrom)} is after now (${now.toISOString()})`,
    };
  if (until !== null && until.getTime() < now.getTime())
    return {
      name: 'validity',
      ok: false,
      detail: `expired: validUntil ${String(credential.validUntil)} is before now (${now.toISOString()})`,
    };
  return {
    name: 'validity',
    ok: true,
    detail: `valid from ${String(credential.validFrom)}${until === null ? '' : ` until ${String(credential.validUntil)}`}`,
  };
}

async function statusCheck(
  credential: Record<string, unknown>,
  lists: readonly Record<string, unknown>[],
  now: Date,
): Promise<{ check: CertCheck; revoked: boolean | null }> {
  const status = credential.credentialStatus as { statusListCredential?: unknown } | undefined;
  if (status === undefined)
    return {
      check: {
        name: 'status',
        ok: true,
        detail: 'no credentialStatus: the issuer cannot revoke it',
      },
      revoked: false,
    };
  const url = String(status.statusListCredential);
  const list = lists.find((l) => l.id === url);
  if (list === undefined)
    return {
      check: {
        name: 'status',
        ok: false,
        detail: `revocation unknown: the status list ${url} is not at hand`,
      },
      revoked: null,
    };
  // The list is a credential too: its own proof and dates are checked at the verifier's `now`
  // (the library would use the system time), then the library reads the bit and matches issuers.
  const listCheck = await vc.verifyCredential({
    credential: list,
    suite: verificationSuite(),
    documentLoader: createDocumentLoader(),
    now,
  });
  if (!listCheck.verified)
    return {
      check: {
        name: 'status',
        ok: false,
        detail: `the status list ${url} does not verify (${message(listCheck.results?.find((r) => !r.verified)?.error ?? listCheck.error)})`,
      },
      revoked: null,
    };
  const result = await checkStatus({
    credential,
    documentLoader: createDocumentLoader({ documents: new Map([[url, list]]) }),
    suite: verificationSuite(),
    verifyBitstringStatusListCredential: false,
    verifyMatchingIssuers: true,
  });
  if (!result.verified)
    return {
      check: {
        name: 'status',
        ok: false,
        detail: `the status list could not be checked (${message(result.error)})`,
      },
      revoked: null,
    };
  // One entry (revocation) per Vigil certificate; any set bit means revoked.
  const revoked = (result.results ?? []).some((r) => r.status === true);
  return revoked
    ? {
        check: {
          name: 'status',
          ok: false,
          detail: `revoked: bit ${String((credential.credentialStatus as { statusListIndex?: unknown }).statusListIndex)} of ${url} is set`,
        },
        revoked: true,
      }
    : {
        check: { name: 'status', ok: true, detail: `not revoked (signed status list ${url})` },
        revoked: false,
      };
}

/**
 * Verifies a certificate offline.
 *
 * @example
 * const r = await verifyCertificate(cred, { now: new Date(), trustedIssuers: [key.did], statusLists: [list] });
 * r.ok // true
 */
export async function verifyCertificate(
  credential: Record<string, unknown>,
  options: CertVerifyOptions,
): Promise<CertVerifyResult> {
  const shape = shapeCheck(credential);
  const proof = await proofCheck(credential);
  const issuer = issuerId(credential);
  const trusted = issuer !== null && options.trustedIssuers.includes(issuer);
  const issuerCheck: CertCheck = trusted
    ? { name: 'issuer', ok: true, detail: `issued by the trusted training centre ${issuer}` }
    : {
        name: 'issuer',
        ok: false,
        detail:
          issuer === null
            ? 'no issuer'
            : `issuer ${issuer} is not a training centre this verifier trusts (pass --issuer ${issuer} if you trust it)`,
      };
  const validity = validityCheck(credential, options.now);
  const { check: status, revoked } = await statusCheck(
    credential,
    options.statusLists ?? [],
    options.now,
  );
  const checks = [shape, proof, issuerCheck, validity, status];
  const achievement = achievementOf(credential);
  return {
    ok: checks.every((c) => c.ok) && revoked === false,
    checks,
    revoked,
    issuer,
    recipient: recipientOf(credential),
    achievement: achievement?.name ?? null,
  };
}
