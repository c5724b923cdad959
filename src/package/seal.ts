/**
 * @module Vigil's seal in `datapackage-digest.json`: the SHA-256 of `datapackage.json`, an
 * Ed25519 signature over that digest by the installation key, the RFC 3161 tokens over the same
 * bytes, and a second signature over the whole seal so nothing in it (a token, the
 * "not timestamped" mark) can be removed or altered unnoticed.
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { canonicalize } from '../core/jcs.js';
import { keyFingerprint } from '../custody/segment.js';

/**
 * What packaging needs from the installation key. Structural: the store's key (or any object
 * with these members) fits.
 */
export interface PackageSigner {
  /** The key's id as the installation names it (the ledger uses the SPKI fingerprint). */
  readonly keyId: string;
  /** Ed25519 public key, SPKI PEM. */
  readonly publicKeyPem: string;
  /** Ed25519 signature over `data`. */
  sign(data: Uint8Array): Uint8Array;
}

/** Seal format version; bumped only with a migration note in docs/evidence-package.md. */
export const SEAL_VERSION = 1;
export const TIMESTAMP_STATUS = ['timestamped', 'not timestamped'] as const;
export type TimestampStatus = (typeof TIMESTAMP_STATUS)[number];

export interface SealTimestamp {
  readonly tsa: string;
  readonly time: string;
  readonly serial: string;
  readonly policy: string;
  /** The RFC 3161 TimeStampToken (CMS ContentInfo), DER, base64. */
  readonly token: string;
}

export interface VigilSeal {
  readonly version: typeof SEAL_VERSION;
  readonly digest: string;
  readonly signature: {
    readonly algorithm: 'Ed25519';
    readonly keyId: string;
    /** `sha256:` + hex of the public key's SPKI DER. */
    readonly fingerprint: string;
    readonly publicKey: string;
    /** What was signed: the 32 raw bytes of the SHA-256 of datapackage.json. */
    readonly signedData: 'sha256(datapackage.json)';
    readonly value: string;
  };
  readonly status: TimestampStatus;
  readonly timestamped: boolean;
  readonly timestamps: readonly SealTimestamp[];
  /** Why each TSA did not answer, when any did not. */
  readonly timestampFailures: readonly { readonly tsa: string; readonly error: string }[];
  readonly sealedAt: string;
  /** Ed25519 over the canonical JSON (RFC 8785) of this file without this field. */
  readonly sealSignature?: string;
}

/** The whole `datapackage-digest.json`: WACZ's `path`/`hash` plus Vigil's seal. */
export interface DigestFile {
  readonly path: 'datapackage.json';
  readonly hash: string;
  readonly vigil: VigilSeal;
}

/** Canonical bytes of the digest file, as written: JCS plus a newline. */
export const serialiseDigestFile = (file: DigestFile): Buffer =>
  Buffer.from(`${canonicalize(file)}\n`, 'utf8');

/** The bytes the seal signature covers: the file with `vigil.sealSignature` removed. */
export function sealSigningBytes(file: DigestFile): Buffer {
  const seal = Object.fromEntries(
    Object.entries(file.vigil).filter(([key]) => key !== 'sealSignature'),
  );
  return Buffer.from(canonicalize({ ...file, vigil: seal }), 'utf8');
}

/** Builds and signs the seal once the digest, signature and tokens are known. */
export function buildDigestFile(options: {
  digest: Buffer;
  signer: PackageSigner;
  timestamps: readonly SealTimestamp[];
  failures: readonly { tsa: string; error: string }[];
  sealedAt: Date;
}): DigestFile {
  const digestLabel = `sha256:${options.digest.toString('hex')}`;
  const unsigned: DigestFile = {
    path: 'datapackage.json',
    hash: digestLabel,
    vigil: {
      version: SEAL_VERSION,
      digest: digestLabel,
      signature: {
        algorithm: 'Ed25519',
        keyId: options.signer.keyId,
        fingerprint: keyFingerprint(options.signer.publicKeyPem),
        publicKey: options.signer.publicKeyPem,
        signedData: 'sha256(datapackage.json)',
        value: Buffer.from(options.signer.sign(options.digest)).toString('base64'),
      },
      status: options.timestamps.length > 0 ? 'timestamped' : 'not timestamped',
      timestamped: options.timestamps.length > 0,
      timestamps: options.timestamps,
      timestampFailures: options.failures,
      sealedAt: options.sealedAt.toISOString(),
    },
  };
  const sealSignature = Buffer.from(options.signer.sign(sealSigningBytes(unsigned))).toString(
    'base64',
  );
  return { ...unsigned, vigil: { ...unsigned.vigil, sealSignature } };
}

/** Verifies an Ed25519 signature with an SPKI PEM public key; false on any malformed input. */
export function verifyEd25519(
  publicKeyPem: string,
  data: Uint8Array,
  signatureBase64: string,
): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return cryptoVerify(null, data, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
