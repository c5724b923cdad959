/**
 * @module Vigil's own RFC 3161 time-stamping authority, for agencies without one and for tests:
 * `tsaInit` creates a root CA and a TSA certificate (ECDSA P-256), `issueTimestamp` answers a
 * TimeStampReq, `startTsaServer` serves the protocol over HTTP on loopback (RFC 3161 §3.4).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import {
  IMPRINT_HASHES,
  OID,
  certificateDer,
  certificatesFromPem,
  ensureCryptoEngine,
  parseDer,
  pemDecodeAll,
  pemEncode,
  subtle,
  toArrayBuffer,
} from './tsp-asn1.js';
import type { CryptoKey } from './tsp-asn1.js';

/**
 * Vigil's default TSA policy: an OID under the UUID arc 2.25 (ITU-T X.667), which needs no
 * registration and cannot collide with a real TSA's policy.
 */
export const DEFAULT_TSA_POLICY = '2.25.226049416357785384936617829826361196347';

/** Files `tsaInit` writes in the TSA directory. */
export const TSA_FILES = {
  key: 'tsa-key.pem',
  certificate: 'tsa-cert.pem',
  root: 'root-cert.pem',
  chain: 'chain.pem',
  settings: 'tsa.json',
  serial: 'serial',
} as const;

export interface TsaSettings {
  readonly policy: string;
  readonly accuracySeconds: number;
  readonly createdAt: string;
}

export interface TsaInitOptions {
  clock?: Clock;
  policy?: string;
  /** Name shown in the certificates' CN, e.g. the agency. */
  name?: string;
}

export interface TsaInitResult {
  readonly dir: string;
  readonly certificate: string;
  readonly chain: string;
  readonly policy: string;
  /** SHA-256 of the TSA certificate DER, hex. */
  readonly fingerprint: string;
}

const SIGNING = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function name(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({
        type: OID.organization,
        value: new asn1js.Utf8String({ value: 'Vigil' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: OID.commonName,
        value: new asn1js.Utf8String({ value: commonName }),
      }),
    ],
  });
}

/** KeyUsage as a DER BIT STRING from the first byte of flags (RFC 5280 §4.2.1.3). */
function keyUsage(bits: number): pkijs.Extension {
  let unused = 0;
  while (unused < 7 && ((bits >> unused) & 1) === 0) unused += 1;
  const value = new asn1js.BitString({
    valueHex: new Uint8Array([bits]).buffer,
    unusedBits: unused,
  });
  return new pkijs.Extension({
    extnID: OID.keyUsage,
    critical: true,
    extnValue: value.toBER(false),
  });
}

async function keyIdentifier(certificate: pkijs.Certificate): Promise<ArrayBuffer> {
  // RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value.
  return subtle().digest(
    'SHA-1',
    certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
  );
}

async function makeCertificate(options: {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: CryptoKey;
  signingKey: CryptoKey;
  issuerKeyId: ArrayBuffer | undefined;
  notBefore: Date;
  years: number;
  ca: boolean;
}): Promise<pkijs.Certificate> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive INTEGER
  certificate.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  certificate.subject = options.subject;
  certificate.issuer = options.issuer;
  certificate.notBefore.value = options.notBefore;
  const notAfter = new Date(options.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + options.years);
  certificate.notAfter.value = notAfter;
  await certificate.subjectPublicKeyInfo.importKey(options.publicKey);
  const keyId = await keyIdentifier(certificate);
  const extensions: pkijs.Extension[] = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: options.ca }).toSchema().toBER(false),
    }),
    // Root: keyCertSign + cRLSign. TSA: digitalSignature + nonRepudiation.
    keyUsage(options.ca ? 0x06 : 0xc0),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: keyId }).toBER(false),
    }),
  ];
  if (options.issuerKeyId) {
    extensions.push(
      new pkijs.Extension({
        extnID: OID.authorityKeyIdentifier,
        critical: false,
        extnValue: new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: options.issuerKeyId }),
        })
          .toSchema()
          .toBER(false),
      }),
    );
  }
  if (!options.ca) {
    // RFC 3161 §2.3: the TSA certificate MUST carry exactly one ExtendedKeyUsage,
    // id-kp-timeStamping, and the extension MUST be critical.
    extensions.push(
      new pkijs.Extension({
        extnID: OID.extKeyUsage,
        critical: true,
        extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] })
          .toSchema()
          .toBER(false),
      }),
    );
  }
  certificate.extensions = extensions;
  await certificate.sign(options.signingKey, 'SHA-256');
  return certificate;
}

function writePrivate(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
}

/**
 * Creates a TSA in `dir`: a self-signed root CA, the TSA certificate it issues, and the TSA's
 * private key (mode 0600). The root's private key is discarded once the TSA certificate is
 * signed: nothing else needs it, and a key that does not exist cannot leak.
 *
 * @example
 * const tsa = await tsaInit('/var/lib/vigil/tsa');
 * console.log(tsa.fingerprint);
 */
export async function tsaInit(dir: string, options: TsaInitOptions = {}): Promise<TsaInitResult> {
  ensureCryptoEngine();
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? DEFAULT_TSA_POLICY;
  if (!/^[0-2](\.\d+)+$/.test(policy)) {
    throw invalidInput(`TSA policy ${JSON.stringify(policy)} is not an object identifier`, {
      hint: 'give a dotted OID such as 1.3.6.1.4.1.99999.1',
    });
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(path.join(dir, TSA_FILES.key))) {
    throw conflict(`a TSA already exists in ${dir}`, {
      hint: 'keep it (its certificate is what verifiers trust) or choose another directory',
    });
  }
  const label = options.name ?? 'Vigil';
  const now = clock.now();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const root = await subtle().generateKey(SIGNING, true, ['sign', 'verify']);
  const tsa = await subtle().generateKey(SIGNING, true, ['sign', 'verify']);
  const rootName = name(`${label} TSA Root`);
  const rootCertificate = await makeCertificate({
    subject: rootName,
    issuer: rootName,
    publicKey: root.publicKey,
    signingKey: root.privateKey,
    issuerKeyId: undefined,
    notBefore,
    years: 20,
    ca: true,
  });
  const rootKeyId = await keyIdentifier(rootCertificate);
  const tsaCertificate = await makeCertificate({
    subject: name(`${label} Time-Stamping Authority`),
    issuer: rootName,
    publicKey: tsa.publicKey,
    signingKey: root.privateKey,
    issuerKeyId: rootKeyId,
    notBefore,
    years: 10,
    ca: false,
  });
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', tsa.privateKey));
  const tsaPem = pemEncode('CERTIFICATE', certificateDer(tsaCertificate));
  const rootPem = pemEncode('CERTIFICATE', certificateDer(rootCertificate));
  writePrivate(path.join(dir, TSA_FILES.key), pemEncode('PRIVATE KEY', pkcs8));
  fs.writeFileSync(path.join(dir, TSA_FILES.certificate), tsaPem);
  fs.writeFileSync(path.join(dir, TSA_FILES.root), rootPem);
  fs.writeFileSync(path.join(dir, TSA_FILES.chain), tsaPem + rootPem);
  const settings: TsaSettings = { policy, accuracySeconds: 1, createdAt: now.toISOString() };
  fs.writeFileSync(path.join(dir, TSA_FILES.settings), `${JSON.stringify(settings, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, TSA_FILES.serial), '0\n');
  return {
    dir,
    certificate: path.join(dir, TSA_FILES.certificate),
    chain: path.join(dir, TSA_FILES.chain),
    policy,
    fingerprint: createHash('sha256').update(certificateDer(tsaCertificate)).digest('hex'),
  };
}

/** A loaded TSA: key, certificates, settings and the persisted serial counter. */
export interface TimeStampAuthority {
  readonly dir: string;
  readonly policy: string;
  readonly accuracySeconds: number;
  readonly certificate: pkijs.Certificate;
  readonly chain: readonly pkijs.Certificate[];
  readonly privateKey: CryptoKey;
}

/** Loads the TSA created by `tsaInit` in `dir`. */
export async function loadTsa(
  dir: string,
  overrides: { policy?: string } = {},
): Promise<TimeStampAuthority> {
  ensureCryptoEngine();
  const keyFile = path.join(dir, TSA_FILES.key);
  if (!fs.existsSync(keyFile)) {
    throw notFound(`no TSA in ${dir}`, { hint: 'create one with `vigil tsa init`' });
  }
  const keyDer = pemDecodeAll(fs.readFileSync(keyFile, 'utf8'), 'PRIVATE KEY')[0];
  if (!keyDer) throw invalidInput(`${keyFile} holds no PRIVATE KEY block`);
  const privateKey = await subtle().importKey('pkcs8', toArrayBuffer(keyDer), SIGNING, false, [
    'sign',
  ]);
  const chain = certificatesFromPem(fs.readFileSync(path.join(dir, TSA_FILES.chain), 'utf8'));
  const certificate = chain[0];
  if (!certificate) throw invalidInput(`${path.join(dir, TSA_FILES.chain)} holds no certificate`);
  const settings = JSON.parse(
    fs.readFileSync(path.join(dir, TSA_FILES.settings), 'utf8'),
  ) as TsaSettings;
  return {
    dir,
    policy: overrides.policy ?? settings.policy,
    accuracySeconds: settings.accuracySeconds,
    certificate,
    chain,
    privateKey,
  };
}

/**
 * Allocates the next serial number and persists it before use (write to a temp file, fsync,
 * rename), so serials stay unique across restarts and crashes (RFC 3161 §2.4.2: serialNumber
 * MUST be unique for each TimeStampToken issued by a given TSA).
 */
function nextSerial(dir: string): bigint {
  const file = path.join(dir, TSA_FILES.serial);
  const current = BigInt(fs.readFileSync(file, 'utf8').trim() || '0');
  const next = current + 1n;
  const temp = `${file}.${process.pid}.tmp`;
  const handle = fs.openSync(temp, 'w');
  try {
    fs.writeSync(handle, `${next}\n`);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  fs.renameSync(temp, file);
  return next;
}

function bigintBytes(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return toArrayBuffer(Buffer.from(hex, 'hex'));
}

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
const FAILURE = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  systemFailure: 25,
} as const;

function rejection(bit: number, text: string): Buffer {
  const bytes = new Uint8Array(4);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  const used = Math.floor(bit / 8) + 1;
  const status = new pkijs.PKIStatusInfo({
    status: 2,
    statusStrings: [new asn1js.Utf8String({ value: text })],
    failInfo: new asn1js.BitString({
      valueHex: bytes.slice(0, used).buffer,
      unusedBits: 7 - (bit & 7),
    }),
  });
  return Buffer.from(new pkijs.TimeStampResp({ status }).toSchema().toBER(false));
}

/** DER SET OF must be sorted by encoding (X.690 §11.6); OpenSSL re-encodes before verifying. */
function derSortedAttributes(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((attribute) => ({
    attribute,
    der: Buffer.from(attribute.toSchema().toBER(false)),
  }));
  encoded.sort((a, b) => Buffer.compare(a.der, b.der));
  return encoded.map((entry) => entry.attribute);
}

/**
 * Answers one DER TimeStampReq with a DER TimeStampResp: a granted token, or a rejection with
 * the RFC 3161 failure reason. Never throws for a bad request.
 */
export async function issueTimestamp(
  tsa: TimeStampAuthority,
  requestDer: Uint8Array,
  clock: Clock,
): Promise<Buffer> {
  let request: pkijs.TimeStampReq;
  try {
    request = new pkijs.TimeStampReq({ schema: parseDer(requestDer, 'the request') });
  } catch {
    return rejection(FAILURE.badDataFormat, 'the request is not a DER TimeStampReq');
  }
  const algorithm = request.messageImprint.hashAlgorithm.algorithmId;
  const hashName = IMPRINT_HASHES[algorithm];
  if (!hashName) return rejection(FAILURE.badAlg, `unsupported hash algorithm ${algorithm}`);
  const expectedLength = createHash(hashName).digest().length;
  if (request.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== expectedLength) {
    return rejection(
      FAILURE.badDataFormat,
      'the message imprint has the wrong length for its algorithm',
    );
  }
  if (
    request.reqPolicy &&
    request.reqPolicy !== new asn1js.ObjectIdentifier({ value: tsa.policy }).getValue()
  ) {
    return rejection(FAILURE.unacceptedPolicy, `this TSA issues under policy ${tsa.policy} only`);
  }
  const serial = nextSerial(tsa.dir);
  // RFC 3161 §2.4.2: genTime in UTC; whole seconds, with the accuracy stated separately.
  const genTime = new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: tsa.policy,
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ valueHex: bigintBytes(serial) }),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: tsa.accuracySeconds }),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  const tstDer = tstInfo.toSchema().toBER(false);
  const certificateHash = await subtle().digest('SHA-256', certificateDer(tsa.certificate));
  const attributes = derSortedAttributes([
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: await subtle().digest('SHA-256', tstDer) })],
    }),
    // RFC 5035 ESSCertIDv2 (hash algorithm defaults to SHA-256): binds the signature to the
    // TSA certificate; OpenSSL's `ts -verify` requires it (or the v1 form).
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.Sequence({
                  value: [new asn1js.OctetString({ valueHex: certificateHash })],
                }),
              ],
            }),
          ],
        }),
      ],
    }),
  ]);
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.tstInfo,
      eContent: new asn1js.OctetString({ valueHex: tstDer }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: tsa.certificate.issuer,
          serialNumber: tsa.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    // RFC 3161 §2.4.1: certReq asks for the TSA's certificate; we send the whole chain.
    ...(request.certReq ? { certificates: [...tsa.chain] } : {}),
  });
  await signedData.sign(tsa.privateKey, 0, 'SHA-256');
  const token = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: 0 }),
    timeStampToken: token,
  });
  return Buffer.from(response.toSchema().toBER(false));
}

export interface TsaServerOptions {
  /** Loopback only; anything else is refused. */
  host?: string;
  port?: number;
  dir: string;
  clock?: Clock;
  policy?: string;
}

export interface TsaServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Serves RFC 3161 over HTTP (§3.4: POST `application/timestamp-query`, answer
 * `application/timestamp-reply`) on a loopback address. Requests are answered one at a time so
 * serial allocation stays strictly ordered.
 *
 * @example
 * const server = await startTsaServer({ dir: tsaDir, port: 0 });
 * // … requestTimestamp({ urls: [server.url], digest }) …
 * await server.close();
 */
export async function startTsaServer(options: TsaServerOptions): Promise<TsaServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw invalidInput(`the TSA serves on loopback only, not ${host}`, {
      hint: 'put a reverse proxy in front of it to offer it to other machines',
    });
  }
  const tsa = await loadTsa(options.dir, options.policy ? { policy: options.policy } : {});
  const clock = options.clock ?? systemClock;
  let queue: Promise<unknown> = Promise.resolve();
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST') {
      response
        .writeHead(405, { allow: 'POST', 'content-type': 'text/plain' })
        .end('POST a TimeStampReq\n');
      return;
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== 'application/timestamp-query') {
      response
        .writeHead(415, { 'content-type': 'text/plain' })
        .end('expected application/timestamp-query\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        response.writeHead(413, { 'content-type': 'text/plain' }).end('request too large\n');
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      const job = queue.then(async () => {
        const answer = await issueTimestamp(tsa, Buffer.concat(chunks), clock).catch(() =>
          rejection(FAILURE.systemFailure, 'the TSA could not sign'),
        );
        response.writeHead(200, {
          'content-type': 'application/timestamp-reply',
          'content-length': answer.length,
        });
        response.end(answer);
      });
      queue = job.catch(() => undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
