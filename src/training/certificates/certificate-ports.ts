/**
 * @module What the certificate service stores: every credential issued (with its place in the
 * status list) and every revocation, append-only. The SQLite adapter is
 * src/store/sqlite/training-repository.ts.
 */

/** One issued certificate as the centre's register keeps it. */
export interface IssuedCertificate {
  /** `CRT-<n>`: short, for people and the CLI. */
  readonly id: string;
  /** The credential's `id` (`urn:uuid:…`). */
  readonly credentialId: string;
  readonly recipient: string;
  /** The Vigil user the certificate was issued to, when issued from a cohort. */
  readonly recipientUser: string | null;
  readonly achievementId: string;
  readonly achievementName: string;
  readonly statusList: string;
  readonly statusIndex: number;
  readonly issuedAt: string;
  readonly issuedBy: string;
  /** SHA-256 (hex) of the credential's RFC 8785 canonical JSON. */
  readonly sha256: string;
  readonly credential: Record<string, unknown>;
}

/** A revocation: never edited, never deleted. */
export interface Revocation {
  readonly certificateId: string;
  readonly credentialId: string;
  readonly statusList: string;
  readonly statusIndex: number;
  readonly reason: string;
  readonly revokedBy: string;
  readonly revokedAt: string;
}

export interface CertificateRepository {
  /** The next free index of `statusList` (0, 1, 2 …), reserved for the caller. */
  allocateStatusIndex(statusList: string): Promise<number>;
  insertCertificate(certificate: IssuedCertificate): Promise<void>;
  /** By `CRT-n` or by credential id. */
  findCertificate(idOrCredentialId: string): Promise<IssuedCertificate | null>;
  listCertificates(filter?: { recipientUser?: string }): Promise<IssuedCertificate[]>;
  insertRevocation(revocation: Revocation): Promise<void>;
  listRevocations(statusList?: string): Promise<Revocation[]>;
}
