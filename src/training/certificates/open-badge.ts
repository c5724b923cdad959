/**
 * @module The unsigned Open Badges 3.0 `OpenBadgeCredential` (1EdTech OB 3.0 §8.1, a W3C VC 2.0
 * credential) Vigil issues: the centre's Profile as issuer, an AchievementSubject named by an
 * IdentityObject, the Achievement (a scenario or a course), an optional Result, and a
 * `BitstringStatusListEntry` for revocation (W3C Bitstring Status List §2.1).
 */
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader.js';

/** What the credential certifies. */
export interface AchievementSpec {
  /** `urn:vigil:achievement:scenario:<name>:v<version>` or `urn:vigil:achievement:course:<slug>`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** How it is earned (OB 3.0 Criteria.narrative). */
  readonly criteria: string;
  /** OB 3.0 AchievementType vocabulary. */
  readonly achievementType: 'Assessment' | 'Certificate' | 'Course';
}

export interface StatusEntry {
  readonly statusListCredential: string;
  readonly statusListIndex: number;
}

export interface OpenBadgeInput {
  /** `urn:uuid:…`. */
  readonly id: string;
  readonly issuer: { readonly id: string; readonly name: string };
  readonly recipientName: string;
  readonly achievement: AchievementSpec;
  readonly validFrom: string;
  readonly validUntil?: string;
  /** e.g. the assessment score `87/100`. */
  readonly result?: string;
  readonly status: StatusEntry;
}

/** URL-safe slug of a free-text course name. */
export const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'course';

/** Builds the credential (no proof). Every term is defined by VC 2.0 or OB 3.0.3 (safe mode). */
export function openBadgeCredential(input: OpenBadgeInput): Record<string, unknown> {
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name },
    validFrom: input.validFrom,
    ...(input.validUntil === undefined ? {} : { validUntil: input.validUntil }),
    name: input.achievement.name,
    credentialSubject: {
      type: ['AchievementSubject'],
      // OB 3.0 §B.1.17 IdentityObject: the recipient by name, in clear (the trainee consents to
      // the name on the certificate; no e-mail or other identifier is disclosed).
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: input.recipientName,
          identityType: 'name',
          hashed: false,
        },
      ],
      achievement: {
        id: input.achievement.id,
        type: ['Achievement'],
        achievementType: input.achievement.achievementType,
        name: input.achievement.name,
        description: input.achievement.description,
        criteria: { narrative: input.achievement.criteria },
      },
      ...(input.result === undefined
        ? {}
        : { result: [{ type: ['Result'], value: input.result }] }),
    },
    credentialStatus: {
      id: `${input.status.statusListCredential}#${input.status.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.statusListIndex),
      statusListCredential: input.status.statusListCredential,
    },
  };
}

/** The recipient name written in a credential (for display), or null. */
export function recipientOf(credential: Record<string, unknown>): string | null {
  const subject = credential.credentialSubject as
    { identifier?: { identityHash?: unknown; identityType?: unknown }[] } | undefined;
  const entry = subject?.identifier?.find((i) => i.identityType === 'name');
  return typeof entry?.identityHash === 'string' ? entry.identityHash : null;
}

/** The achievement of a credential (for display), or null. */
export function achievementOf(
  credential: Record<string, unknown>,
): { id: string; name: string; description: string } | null {
  const subject = credential.credentialSubject as
    { achievement?: { id?: unknown; name?: unknown; description?: unknown } } | undefined;
  const a = subject?.achievement;
  if (typeof a?.name !== 'string') return null;
  return {
    id: typeof a.id === 'string' ? a.id : '',
    name: a.name,
    description: typeof a.description === 'string' ? a.description : '',
  };
}
