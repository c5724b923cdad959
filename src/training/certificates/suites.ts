/**
 * @module The Data Integrity suites: `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite
 * (W3C vc-di-eddsa §3.3), for signing with a key and for verifying any Ed25519 Multikey.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';

/** A suite that signs with `key`; `created` fixes the proof's `created` (tests, reproducibility). */
export function signingSuite(
  key: Ed25519MultikeyKeyPair,
  created?: string | Date,
): DataIntegrityProof {
  return new DataIntegrityProof({
    signer: key.signer(),
    cryptosuite,
    ...(created === undefined ? {} : { date: created }),
  });
}

/** A suite that verifies eddsa-rdfc-2022 proofs; the key comes from the document loader. */
export function verificationSuite(): DataIntegrityProof {
  return new DataIntegrityProof({ cryptosuite });
}
