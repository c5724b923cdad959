/**
 * @module PDQ hash values: parsing, printing and Hamming distance on the 256-bit hash, kept
 * apart from the hashing algorithm so that hash lists and the match index need no image code.
 */
import { invalidInput } from '../../core/errors.js';

/** Number of bits in a PDQ hash. */
export const PDQ_BITS = 256;

/**
 * Hamming distance at or under which two PDQ hashes are taken to show the same picture.
 * ThreatExchange PDQ README: "a match is Hamming distance ≤ 31".
 */
export const PDQ_MATCH_DISTANCE = 31;

/**
 * Hashes whose quality is below this are computed and reported but never matched.
 * ThreatExchange PDQ README: "hashes of quality < 50 are not matched" — flat or tiny images
 * give hashes dominated by noise that collide with unrelated pictures.
 */
export const PDQ_MIN_MATCH_QUALITY = 50;

const PDQ_HEX_RE = /^[0-9a-f]{64}$/;

/** True when `value` is 64 hexadecimal digits (either case). */
export const isPdqHex = (value: string): boolean => PDQ_HEX_RE.test(value.toLowerCase());

/**
 * A PDQ hash as 8 unsigned 32-bit words, most significant hex digits first: `words[0]` holds
 * hex digits 0–7 (reference words 15 and 14), `words[7]` hex digits 56–63 (words 1 and 0).
 * This layout is only used for distance and indexing; the hex string is the interchange form.
 */
export type PdqWords = Uint32Array;

/**
 * Parse 64 hex digits into words.
 *
 * @throws VigilError `invalid_input` when the value is not 64 hex digits.
 */
export function pdqHexToWords(hex: string): PdqWords {
  const lower = hex.toLowerCase();
  if (!PDQ_HEX_RE.test(lower)) {
    throw invalidInput(`not a PDQ hash: expected 64 hexadecimal digits, got "${hex}"`, {
      hint: 'a PDQ hash is 256 bits printed as 64 hex characters',
    });
  }
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = parseInt(lower.slice(i * 8, i * 8 + 8), 16) >>> 0;
  return words;
}

/** Print words as the 64-character lower-case hex form. */
export function pdqWordsToHex(words: PdqWords): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += (words[i] ?? 0).toString(16).padStart(8, '0');
  return out;
}

/** Population count of a 32-bit integer (SWAR; no lookup table, no branches). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between two hashes given as words. */
export function hammingWords(a: PdqWords, b: PdqWords, aOffset = 0, bOffset = 0): number {
  let d = 0;
  for (let i = 0; i < 8; i++)
    d += popcount32(((a[aOffset + i] ?? 0) ^ (b[bOffset + i] ?? 0)) >>> 0);
  return d;
}

/**
 * Hamming distance between two PDQ hashes given as hex.
 *
 * @example
 * pdqDistance('f8f8…9b22', 'f8f8…9b22'); // 0
 */
export function pdqDistance(a: string, b: string): number {
  return hammingWords(pdqHexToWords(a), pdqHexToWords(b));
}
