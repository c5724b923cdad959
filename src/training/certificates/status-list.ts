/**
 * @module The centre's revocation list: a `BitstringStatusListCredential` (W3C Bitstring Status
 * List v1.0 §2.2) signed by the centre key, rebuilt from the append-only revocation register and
 * published as a file anyone can copy beside the certificates they verify.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import type { CentreKey } from './centre-key.js';
import { createDocumentLoader } from './document-loader.js';
import { signingSuite } from './suites.js';

/**
 * Bitstring Status List §6.5 (herd privacy): at least 131,072 entries, so a verifier fetching
 * the list learns nothing about which credential it checks.
 */
export const STATUS_LIST_LENGTH = 131_072;

/** The list's URL: a URN naming the centre key, so it never suggests a place to fetch from. */
export const statusListUrl = (key: CentreKey, list = 1): string =>
  `urn:vigil:training-centre:${key.publicKeyMultibase}:status-list:${list}`;

/** The file the centre publishes for list `url`, inside `dir`. */
export const statusListFile = (dir: string, url: string): string =>
  path.join(dir, `${url.split(':').slice(-2).join('-')}.json`);

/**
 * Builds and signs the list with the bits of `revokedIndexes` set.
 *
 * @example
 * const list = await signedStatusList(key, url, [3], new Date()); // bit 3 = revoked
 */
export async function signedStatusList(
  key: CentreKey,
  url: string,
  revokedIndexes: readonly number[],
  now: Date,
): Promise<Record<string, unknown>> {
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of revokedIndexes) list.setStatus(index, true);
  const unsigned = await createCredential({ id: url, list, statusPurpose: 'revocation' });
  // VC 2.0 §4.7: the issuer and the time from which the list is in force.
  unsigned.issuer = key.did;
  unsigned.validFrom = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return vc.issue({
    credential: unsigned,
    suite: signingSuite(key.keyPair, now),
    documentLoader: createDocumentLoader(),
    now,
  });
}

/** Writes the published list atomically (a reader never sees half a file). */
export function publishStatusList(dir: string, credential: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = statusListFile(dir, String(credential.id));
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(credential, null, 2)}\n`);
  fs.renameSync(temp, file);
  return file;
}

/** Reads a published list file (the JSON of a BitstringStatusListCredential). */
export function readStatusList(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
