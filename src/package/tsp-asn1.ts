/**
 * @module Shared RFC 3161 / CMS plumbing: the pkijs crypto engine on Node's WebCrypto, object
 * identifiers, PEM and DER helpers.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Object identifiers used by the time-stamp protocol and its certificates. */
export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 3161 §2.4.2: id-ct-TSTInfo. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 2634 / RFC 5035: ESS signing-certificate attributes. */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 3161 §2.3: id-kp-timeStamping. */
  timeStamping: '1.3.6.1.5.5.7.3.8',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
} as const;

/** Node hash names for the imprint algorithms Vigil accepts. */
export const IMPRINT_HASHES: Readonly<Record<string, string>> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

let engineReady = false;

/** Installs Node's WebCrypto as pkijs's engine once (pkijs would otherwise look for a browser). */
export function ensureCryptoEngine(): void {
  if (engineReady) return;
  pkijs.setEngine(
    'node-webcrypto',
    new pkijs.CryptoEngine({
      name: 'node-webcrypto',
      crypto: webcrypto,
    }),
  );
  engineReady = true;
}

/** The WebCrypto SubtleCrypto pkijs uses. */
export const subtle = (): webcrypto.SubtleCrypto => webcrypto.subtle;

export type CryptoKey = webcrypto.CryptoKey;

export const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Parses DER, throwing a plain message when the bytes are not one complete ASN.1 value. */
export function parseDer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  if (parsed.offset === -1) throw new Error(`${what} is not valid DER: ${parsed.result.error}`);
  if (parsed.offset !== bytes.byteLength)
    throw new Error(`${what} has trailing bytes after its DER value`);
  return parsed.result;
}

export function pemEncode(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

/** Every block with `label` in a PEM text, as DER. */
export function pemDecodeAll(text: string, label: string): Buffer[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((match) =>
    Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return new pkijs.Certificate({ schema: parseDer(der, 'a certificate') });
}

/** Every certificate in a PEM text. */
export function certificatesFromPem(text: string): pkijs.Certificate[] {
  return pemDecodeAll(text, 'CERTIFICATE').map(parseCertificate);
}

export const certificateDer = (certificate: pkijs.Certificate): Buffer =>
  Buffer.from(certificate.toSchema(true).toBER(false));

/** A distinguished name as `CN=…, O=…` for messages. */
export function describeName(name: pkijs.RelativeDistinguishedNames): string {
  const labels: Record<string, string> = {
    [OID.commonName]: 'CN',
    [OID.organization]: 'O',
    '2.5.4.6': 'C',
    '2.5.4.11': 'OU',
  };
  return name.typesAndValues
    .map(
      (entry) =>
        `${labels[entry.type] ?? entry.type}=${(entry.value.valueBlock as { value?: string }).value ?? ''}`,
    )
    .join(', ');
}

export const sameName = (
  a: pkijs.RelativeDistinguishedNames,
  b: pkijs.RelativeDistinguishedNames,
): boolean => Buffer.from(a.toSchema().toBER(false)).equals(Buffer.from(b.toSchema().toBER(false)));

export const isSelfSigned = (certificate: pkijs.Certificate): boolean =>
  sameName(certificate.subject, certificate.issuer);

/**
 * Orders a certificate chain from `leaf` up to a self-signed root, using `pool` to find issuers
 * by name. Stops when no issuer is known.
 */
export function buildChain(
  leaf: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
): pkijs.Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (!isSelfSigned(current) && chain.length < 10) {
    const issuer = pool.find(
      (candidate) => sameName(candidate.subject, current.issuer) && !chain.includes(candidate),
    );
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/**
 * Dotted form of an OBJECT IDENTIFIER's content bytes (X.690 §8.19), with BigInt arcs: asn1js
 * prints arcs above 2^53 (UUID OIDs under 2.25) in a private notation.
 */
export function decodeOid(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

/** The dotted form of an asn1js ObjectIdentifier, exact for any arc size. */
export function oidText(oid: asn1js.ObjectIdentifier): string {
  const der = new Uint8Array(oid.toBER(false));
  // Tag 0x06, then a short (< 128) or long-form length, then the content.
  const lengthByte = der[1] ?? 0;
  const start = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
  return decodeOid(der.subarray(start));
}
