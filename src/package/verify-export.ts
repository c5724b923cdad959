/**
 * @module `--export-tsr`: writes what an independent checker needs to verify the timestamps
 * and the signature without Vigil: `datapackage.json` (the timestamped bytes), `N.tsr` (a full
 * RFC 3161 TimeStampResp, so `openssl ts -verify -in N.tsr` reads it without `-token_in`),
 * `N-chain.pem` (the TSA chain up to its root), plus the Ed25519 public key and signature.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as pkijs from 'pkijs';
import { buildChain, certificateDer, pemEncode } from './tsp-asn1.js';
import { parseToken, signerCertificate, tokenToResponse } from './timestamp-verify.js';
import type { TokenVerification } from './timestamp-verify.js';

/** Writes the export files and returns their paths. */
export function exportTimestamps(
  dir: string,
  datapackage: Buffer,
  tokensBase64: readonly string[],
  results: readonly TokenVerification[],
  trusted: readonly pkijs.Certificate[],
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array): void => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, data);
    written.push(target);
  };
  write('datapackage.json', datapackage);
  tokensBase64.forEach((tokenBase64, index) => {
    const token = Buffer.from(tokenBase64, 'base64');
    const number = index + 1;
    try {
      write(`${number}.tsr`, tokenToResponse(token));
    } catch {
      return; // an unparseable token cannot be exported; the report already says it failed
    }
    let chain = results[index]?.chain ?? [];
    if (chain.length === 0) {
      try {
        const parsed = parseToken(token);
        const pool = [...parsed.embedded, ...trusted];
        const signer = signerCertificate(parsed, pool);
        chain = signer ? buildChain(signer, pool) : [];
      } catch {
        chain = [];
      }
    }
    if (chain.length > 0)
      write(
        `${number}-chain.pem`,
        chain.map((certificate) => pemEncode('CERTIFICATE', certificateDer(certificate))).join(''),
      );
  });
  return written;
}
