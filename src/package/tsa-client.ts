/**
 * @module The RFC 3161 client: asks one or more TSAs (HTTP POST, RFC 3161 §3.4) to timestamp a
 * SHA-256 digest, with a fresh nonce and certReq, and checks each answer before keeping it.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { unavailable } from '../core/errors.js';
import { OID, ensureCryptoEngine, toArrayBuffer } from './tsp-asn1.js';
import { tokenFromResponse, verifyToken } from './timestamp-verify.js';

export interface TimestampRequestOptions {
  /** TSA URLs, tried in parallel; every one that answers correctly yields a token. */
  urls: readonly string[];
  /** The exact bytes to timestamp (Vigil: datapackage.json); the TSA sees only their SHA-256. */
  data: Uint8Array;
  /** Per-TSA timeout (default 15 s). */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface ObtainedTimestamp {
  readonly tsa: string;
  /** The TimeStampToken (CMS ContentInfo), DER. */
  readonly token: Buffer;
  readonly time: string;
  readonly serial: string;
  readonly policy: string;
}

export interface TimestampFailure {
  readonly tsa: string;
  readonly error: string;
}

export interface TimestampResults {
  readonly tokens: ObtainedTimestamp[];
  readonly failures: TimestampFailure[];
}

/** Builds a DER TimeStampReq for a SHA-256 digest with `nonce` and certReq true. */
export function buildTimestampRequest(digest: Uint8Array, nonce: Buffer): Buffer {
  ensureCryptoEngine();
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.sha256,
        algorithmParams: new asn1js.Null(),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return Buffer.from(request.toSchema().toBER(false));
}

async function askOne(
  url: string,
  data: Uint8Array,
  timeoutMs: number,
  fetcher: typeof fetch,
): Promise<ObtainedTimestamp> {
  const nonceBytes = randomBytes(8);
  nonceBytes[0] = ((nonceBytes[0] ?? 0) & 0x7f) | 0x01; // positive, and no leading zero byte to strip
  const nonce = BigInt(`0x${nonceBytes.toString('hex')}`);
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/timestamp-query',
        accept: 'application/timestamp-reply',
      },
      body: buildTimestampRequest(createHash('sha256').update(data).digest(), nonceBytes),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error as Error;
    const reason =
      cause.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : ((cause.cause as Error | undefined)?.message ?? cause.message);
    throw new Error(`TSA ${url} is unavailable: ${reason}`);
  }
  if (!response.ok) throw new Error(`TSA ${url} answered HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  let token: Buffer;
  try {
    token = tokenFromResponse(body);
  } catch (error) {
    throw new Error(`TSA ${url}: ${(error as Error).message}`);
  }
  // Check the answer now: a token for other data, without our nonce or with a bad signature
  // must not be sealed into evidence. The chain is checked against what the token carries;
  // the verifier decides later which roots it trusts.
  const check = await verifyToken(token, data, [], nonce);
  if (!check.ok && !/chain|root/.test(check.reason ?? ''))
    throw new Error(`TSA ${url} sent an unusable token: ${check.reason}`);
  return {
    tsa: url,
    token,
    time: check.time ?? '',
    serial: check.serial ?? '',
    policy: check.policy ?? '',
  };
}

/**
 * Requests a timestamp from every URL in parallel. Returns the tokens obtained and, for each TSA
 * that failed, why: callers decide whether zero tokens is fatal (packaging is not: the package
 * is written and marked "not timestamped").
 *
 * @example
 * const { tokens, failures } = await requestTimestamp({ urls: ['http://127.0.0.1:3180/'], data: datapackageBytes });
 */
export async function requestTimestamp(
  options: TimestampRequestOptions,
): Promise<TimestampResults> {
  const fetcher = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const settled = await Promise.allSettled(
    options.urls.map((url) => askOne(url, options.data, timeoutMs, fetcher)),
  );
  const tokens: ObtainedTimestamp[] = [];
  const failures: TimestampFailure[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') tokens.push(result.value);
    else failures.push({ tsa: options.urls[index] ?? '', error: (result.reason as Error).message });
  });
  return { tokens, failures };
}

/** Like `requestTimestamp`, but throws `unavailable` naming every TSA when none answered. */
export async function requireTimestamp(
  options: TimestampRequestOptions,
): Promise<ObtainedTimestamp[]> {
  const { tokens, failures } = await requestTimestamp(options);
  if (tokens.length === 0) {
    throw unavailable(
      options.urls.length === 0
        ? 'no TSA is configured'
        : `no TSA answered: ${failures.map((failure) => failure.error).join('; ')}`,
      {
        hint: 'set --tsa URL, VIGIL_TSA_URL or tsaUrls in config.json; `vigil tsa serve` runs a local TSA',
      },
    );
  }
  return tokens;
}
