/**
 * @module WARC digest labels (`WARC-Payload-Digest`, `WARC-Block-Digest`, CDXJ `digest`): parse
 * `algorithm:value` with hex or base32 values and compare them by their bytes.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { base32nopad } from '@scure/base';

/** Algorithms a WARC digest label may name that Vigil can recompute. */
export const WARC_DIGEST_ALGORITHMS = ['sha1', 'sha256', 'sha512', 'md5'] as const;
export type WarcDigestAlgorithm = (typeof WARC_DIGEST_ALGORITHMS)[number];

const DIGEST_BYTES: Record<WarcDigestAlgorithm, number> = {
  sha1: 20,
  sha256: 32,
  sha512: 64,
  md5: 16,
};

export interface ParsedDigest {
  readonly algorithm: WarcDigestAlgorithm;
  readonly bytes: Buffer;
}

const normaliseAlgorithm = (label: string): WarcDigestAlgorithm | undefined => {
  const name = label.toLowerCase().replace('-', '');
  return (WARC_DIGEST_ALGORITHMS as readonly string[]).includes(name)
    ? (name as WarcDigestAlgorithm)
    : undefined;
};

/**
 * Parses a digest label. WARC 1.1 §5.8 leaves the encoding open: Webrecorder writes
 * `sha256:<hex>`, Heritrix and wget write `sha1:<BASE32>`; both are accepted. A bare value
 * (CDXJ written by warcio.js drops the prefix) is read with `defaultAlgorithm`.
 *
 * @returns undefined when the label names an unknown algorithm or the value does not decode.
 */
export function parseWarcDigest(
  label: string,
  defaultAlgorithm?: WarcDigestAlgorithm,
): ParsedDigest | undefined {
  const text = label.trim();
  const colon = text.indexOf(':');
  const algorithm = colon >= 0 ? normaliseAlgorithm(text.slice(0, colon)) : defaultAlgorithm;
  if (!algorithm) return undefined;
  const value = colon >= 0 ? text.slice(colon + 1) : text;
  const size = DIGEST_BYTES[algorithm];
  if (value.length === size * 2 && /^[0-9a-fA-F]+$/.test(value)) {
    return { algorithm, bytes: Buffer.from(value, 'hex') };
  }
  try {
    const bytes = Buffer.from(base32nopad.decode(value.toUpperCase().replace(/=+$/, '')));
    return bytes.length === size ? { algorithm, bytes } : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh hasher for a parsed digest's algorithm. */
export const hasherFor = (digest: ParsedDigest): Hash => createHash(digest.algorithm);

/** `sha256:<hex>`, the label Vigil writes everywhere. */
export const sha256Label = (bytes: Uint8Array): string =>
  `sha256:${Buffer.from(bytes).toString('hex')}`;
