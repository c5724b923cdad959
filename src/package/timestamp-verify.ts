/**
 * @module Verification of an RFC 3161 timestamp token offline: the message imprint, the CMS
 * signature, the ESS signing-certificate binding, the TSA certificate's timeStamping key
 * purpose, and the certificate chain up to a trust anchor.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  IMPRINT_HASHES,
  OID,
  buildChain,
  certificateDer,
  describeName,
  ensureCryptoEngine,
  isSelfSigned,
  oidText,
  parseDer,
  toArrayBuffer,
} from './tsp-asn1.js';

/** A parsed token with the facts a report shows. */
export interface ParsedToken {
  readonly signedData: pkijs.SignedData;
  readonly tstInfo: pkijs.TSTInfo;
  readonly genTime: Date;
  readonly serial: string;
  readonly policy: string;
  readonly embedded: pkijs.Certificate[];
}

/** Parses a TimeStampToken (a CMS ContentInfo holding SignedData over a TSTInfo). */
export function parseToken(tokenDer: Uint8Array): ParsedToken {
  ensureCryptoEngine();
  const contentInfo = new pkijs.ContentInfo({ schema: parseDer(tokenDer, 'the timestamp token') });
  if (contentInfo.contentType !== OID.signedData)
    throw new Error('the token is not CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo) {
    throw new Error('the token does not encapsulate a TSTInfo (RFC 3161 §2.4.2)');
  }
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error('the token carries no TSTInfo');
  const tstSchema = parseDer(new Uint8Array(eContent.getValue()), 'the TSTInfo');
  const tstInfo = new pkijs.TSTInfo({ schema: tstSchema });
  const policyOid = (tstSchema as asn1js.Sequence).valueBlock.value[1];
  const embedded = (signedData.certificates ?? []).filter(
    (certificate): certificate is pkijs.Certificate => certificate instanceof pkijs.Certificate,
  );
  return {
    signedData,
    tstInfo,
    genTime: tstInfo.genTime,
    serial: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: policyOid instanceof asn1js.ObjectIdentifier ? oidText(policyOid) : tstInfo.policy,
    embedded,
  };
}

/** The certificate that signed the token, found among `pool` by the SignerInfo's sid. */
export function signerCertificate(
  token: ParsedToken,
  pool: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const signer = token.signedData.signerInfos[0];
  if (!signer) return undefined;
  const sid = signer.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return pool.find(
      (certificate) =>
        certificate.issuer.isEqual(sid.issuer) &&
        certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    const keyId = Buffer.from(
      (sid as asn1js.Primitive).valueBlock.valueHexView ?? new Uint8Array(),
    );
    return pool.find((certificate) => {
      const ski = certificate.extensions?.find(
        (extension) => extension.extnID === OID.subjectKeyIdentifier,
      );
      return ski
        ? Buffer.from((ski.parsedValue as asn1js.OctetString).valueBlock.valueHexView).equals(keyId)
        : false;
    });
  }
  return undefined;
}

export interface TokenVerification {
  readonly ok: boolean;
  readonly reason?: string;
  readonly time: string | null;
  readonly serial: string | null;
  readonly policy: string | null;
  /** Subject of the signing TSA certificate. */
  readonly tsa: string | null;
  /** The chain from the TSA certificate upward, as far as it could be built. */
  readonly chain: pkijs.Certificate[];
  /** Where the trust anchor came from: the caller's certificates or the token itself. */
  readonly anchor: 'given' | 'embedded' | null;
}

/** Does the certificate carry id-kp-timeStamping as its only, critical, extended key usage? */
function isTimeStampingCertificate(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find(
    (candidate) => candidate.extnID === OID.extKeyUsage,
  );
  if (!extension?.critical) return false;
  const usage = extension.parsedValue as pkijs.ExtKeyUsage | undefined;
  return usage?.keyPurposes.length === 1 && usage.keyPurposes[0] === OID.timeStamping;
}

/** Checks the ESS signing-certificate(-v2) attribute names the signer certificate (RFC 5035). */
function essBindsSigner(signedData: pkijs.SignedData, signer: pkijs.Certificate): boolean {
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const der = certificateDer(signer);
  for (const attribute of attributes) {
    if (attribute.type !== OID.signingCertificateV2 && attribute.type !== OID.signingCertificate)
      continue;
    const value = attribute.values[0] as asn1js.Sequence | undefined;
    const certs = value?.valueBlock.value[0] as asn1js.Sequence | undefined;
    const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
    if (!first) return false;
    const parts = first.valueBlock.value;
    let hashName = attribute.type === OID.signingCertificate ? 'sha1' : 'sha256';
    let hashValue = parts[0];
    if (attribute.type === OID.signingCertificateV2 && parts[0] instanceof asn1js.Sequence) {
      const algorithm = new pkijs.AlgorithmIdentifier({ schema: parts[0] });
      hashName =
        IMPRINT_HASHES[algorithm.algorithmId] ?? (algorithm.algorithmId === OID.sha1 ? 'sha1' : '');
      hashValue = parts[1];
    }
    if (!hashName || !(hashValue instanceof asn1js.OctetString)) return false;
    return createHash(hashName)
      .update(der)
      .digest()
      .equals(Buffer.from(hashValue.valueBlock.valueHexView));
  }
  return false;
}

/**
 * Verifies a token over `data` (the exact bytes that were timestamped; pkijs recomputes the
 * imprint from them). `trusted` are anchors the verifier chose (e.g. from
 * `--tsa-cert`); without them the chain must end at a self-signed root embedded in the token,
 * and the result says the anchor was `embedded` so a report never overstates it.
 */
export async function verifyToken(
  tokenDer: Uint8Array,
  data: Uint8Array,
  trusted: readonly pkijs.Certificate[] = [],
  nonce?: bigint,
): Promise<TokenVerification> {
  let token: ParsedToken;
  try {
    token = parseToken(tokenDer);
  } catch (error) {
    return {
      ok: false,
      reason: (error as Error).message,
      time: null,
      serial: null,
      policy: null,
      tsa: null,
      chain: [],
      anchor: null,
    };
  }
  const expectedDigest = createHash('sha256').update(data).digest();
  const base = { time: token.genTime.toISOString(), serial: token.serial, policy: token.policy };
  const fail = (reason: string, extra: Partial<TokenVerification> = {}): TokenVerification => ({
    ok: false,
    reason,
    tsa: null,
    chain: [],
    anchor: null,
    ...base,
    ...extra,
  });
  // RFC 3161 §2.4.2: the imprint must be the hash of the data that was timestamped.
  const imprint = token.tstInfo.messageImprint;
  const hashName = IMPRINT_HASHES[imprint.hashAlgorithm.algorithmId];
  if (hashName !== 'sha256')
    return fail(`the token's imprint uses ${imprint.hashAlgorithm.algorithmId}, not SHA-256`);
  if (
    !Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(Buffer.from(expectedDigest))
  ) {
    return fail(
      'the token timestamps other data: its message imprint is not the SHA-256 of datapackage.json',
    );
  }
  if (nonce !== undefined) {
    const tokenNonce = token.tstInfo.nonce;
    if (
      !tokenNonce ||
      BigInt(`0x${Buffer.from(tokenNonce.valueBlock.valueHexView).toString('hex') || '0'}`) !==
        nonce
    ) {
      return fail(
        'the token does not echo the request nonce (RFC 3161 §2.4.2): a replayed or foreign answer',
      );
    }
  }
  const pool = [...token.embedded, ...trusted];
  const signer = signerCertificate(token, pool);
  if (!signer)
    return fail('the TSA certificate that signed the token is neither embedded nor given');
  const chain = buildChain(signer, pool);
  const tsa = describeName(signer.subject);
  if (!isTimeStampingCertificate(signer)) {
    return fail(
      `the signing certificate (${tsa}) lacks a critical timeStamping extended key usage (RFC 3161 §2.3)`,
      { tsa, chain },
    );
  }
  if (!essBindsSigner(token.signedData, signer)) {
    return fail(
      'the ESS signing-certificate attribute does not name the signing certificate (RFC 5035)',
      { tsa, chain },
    );
  }
  const root = chain.at(-1);
  let anchors: pkijs.Certificate[];
  let anchor: 'given' | 'embedded';
  if (trusted.length > 0) {
    anchors = [...trusted];
    anchor = 'given';
  } else if (root && isSelfSigned(root)) {
    anchors = [root];
    anchor = 'embedded';
  } else {
    return fail('the chain does not reach a root certificate; give the TSA root with --tsa-cert', {
      tsa,
      chain,
    });
  }
  try {
    // The chain is checked at genTime: a TSA certificate that expired later does not void a
    // token issued while it was valid.
    const result = await token.signedData.verify({
      signer: 0,
      data: toArrayBuffer(data),
      checkChain: true,
      trustedCerts: anchors,
      checkDate: token.genTime,
      extendedMode: true,
    });
    if (!result.signatureVerified)
      return fail('the CMS signature over the TSTInfo does not verify', { tsa, chain });
    if (result.signerCertificateVerified !== true) {
      return fail(
        `the TSA certificate does not chain to ${anchor === 'given' ? 'the given certificates' : 'its embedded root'}`,
        { tsa, chain },
      );
    }
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message
        : String((error as { message?: unknown }).message ?? error);
    return fail(`the token does not verify: ${message}`, { tsa, chain });
  }
  return { ok: true, tsa, chain, anchor, ...base };
}

/** Wraps a bare token in a granted TimeStampResp, the form `openssl ts -verify -in` reads. */
export function tokenToResponse(tokenDer: Uint8Array): Buffer {
  const token = new pkijs.ContentInfo({ schema: parseDer(tokenDer, 'the timestamp token') });
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: 0 }),
    timeStampToken: token,
  });
  return Buffer.from(response.toSchema().toBER(false));
}

/** Extracts the token from a DER TimeStampResp after checking its status (RFC 3161 §2.4.2). */
export function tokenFromResponse(responseDer: Uint8Array): Buffer {
  const response = new pkijs.TimeStampResp({ schema: parseDer(responseDer, 'the TSA response') });
  const status = Number(response.status.status);
  if (status !== 0 && status !== 1) {
    const text = (response.status.statusStrings ?? [])
      .map((entry) => entry.valueBlock.value)
      .join('; ');
    throw new Error(`the TSA refused the request (PKIStatus ${status}${text ? `: ${text}` : ''})`);
  }
  if (!response.timeStampToken) throw new Error('the TSA granted the request but sent no token');
  return Buffer.from(response.timeStampToken.toSchema().toBER(false));
}
