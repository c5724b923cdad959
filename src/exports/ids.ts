/**
 * @module Stable identifiers for shared objects: name-based UUIDs (RFC 4122 §4.3, version 5), so
 * exporting the same case twice gives the same MISP and STIX ids and a partner can update rather
 * than duplicate.
 */
import { createHash } from 'node:crypto';

/** STIX 2.1 §2.9: the namespace for deterministic cyber-observable ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** Vigil's own namespace for names it derives ids from (events, objects, SDOs). */
export const VIGIL_NAMESPACE = '3f0d4c8e-5b1a-4e52-9a7b-6c2d1e0f9a44';

/**
 * A version-5 UUID of `name` in `namespace`.
 *
 * @example
 * uuidV5(VIGIL_NAMESPACE, 'misp-event:sha256:ab…:C-1');
 */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  // RFC 4122 §4.3: version in the high nibble of byte 6, variant 10xx in byte 8.
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Seconds since the epoch as MISP writes them (a decimal string). */
export const unixSeconds = (iso: string): string =>
  String(Math.floor(new Date(iso).getTime() / 1000));
