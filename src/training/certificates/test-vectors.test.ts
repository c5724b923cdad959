/**
 * R26 (a): the published eddsa-rdfc-2022 test vectors reproduce offline — the W3C vc-di-eddsa
 * vector from ../shared/vc-test-vectors and the 1EdTech Open Badges 3.0 vector (`z5x9aCBY…`) —
 * with a document loader that throws on anything it does not hold.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { createDocumentLoader } from './document-loader.js';
import { signingSuite, verificationSuite } from './suites.js';
import { keyFromSeed, keyFromMultibase } from './centre-key.js';

const W3C = path.join(SHARED_DIR, 'vc-test-vectors');
const readJson = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('eddsa-rdfc-2022 test vectors', () => {
  it('reproduces the W3C vc-di-eddsa vector proofValue offline and verifies it', async () => {
    const keys = readJson(path.join(W3C, 'keyPair.json')) as {
      publicKeyMultibase: string;
      privateKeyMultibase: string;
    };
    const unsigned = readJson(path.join(W3C, 'unsigned.json'));
    const expected = readJson(path.join(W3C, 'eddsa-rdfc-2022', 'signedDataInt.json')) as {
      proof: { proofValue: string; created: string };
    };
    const did = `did:key:${keys.publicKeyMultibase}`;
    const key = await keyFromMultibase({
      publicKeyMultibase: keys.publicKeyMultibase,
      privateKeyMultibase: keys.privateKeyMultibase,
      controller: did,
      id: `${did}#${keys.publicKeyMultibase}`,
    });
    const loaded: string[] = [];
    const documentLoader = createDocumentLoader({ onLoad: (url) => loaded.push(url) });
    const signed = await vc.issue({
      credential: structuredClone(unsigned),
      suite: signingSuite(key, expected.proof.created),
      documentLoader,
      now: '2024-01-01T00:00:00Z',
    });
    expect((signed.proof as { proofValue: string }).proofValue).toBe(expected.proof.proofValue);
    expect(signed).toEqual(expected);
    const verified = await vc.verifyCredential({
      credential: signed,
      suite: verificationSuite(),
      documentLoader,
    });
    // The vector signs with a did:key while naming another issuer: the proof holds, and the
    // issuance purpose (the issuer must control the key, VC-DATA-INTEGRITY §4.1) rightly fails.
    // jsonld-signatures validates the purpose only after the signature verified (ProofSet._verify).
    const failure = (verified.results?.[0]?.error as Error | undefined)?.message;
    expect(verified.verified).toBe(false);
    expect(failure).toBe('Credential issuer must match the verification method controller.');
    // Nothing but bundled contexts and the did:key (resolved by computation) was asked for.
    expect(
      loaded.every((u) => u.startsWith('https://www.w3.org/ns/') || u.startsWith('did:key:')),
    ).toBe(true);
  });

  it('reproduces the 1EdTech Open Badges 3.0 vector proofValue z5x9aCBY… offline', async () => {
    const vector = readJson(
      path.join(import.meta.dirname, 'test-vectors', 'ob3-eddsa-rdfc-2022.json'),
    ) as {
      privateKeyHex: string;
      publicKeyMultibase: string;
      verificationMethod: string;
      controller: string;
      created: string;
      unsigned: Record<string, unknown>;
      expectedProofValue: string;
    };
    const seed = Buffer.from(vector.privateKeyHex.slice(0, 64), 'hex');
    const key = await keyFromSeed(seed, {
      id: vector.verificationMethod,
      controller: vector.controller,
    });
    expect(key.publicKeyMultibase).toBe(vector.publicKeyMultibase);
    const signed = await vc.issue({
      credential: structuredClone(vector.unsigned),
      suite: signingSuite(key, vector.created),
      documentLoader: createDocumentLoader(),
      now: '2024-01-01T00:00:00Z',
    });
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      created: vector.created,
      verificationMethod: vector.verificationMethod,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: vector.expectedProofValue,
    });
    expect(vector.expectedProofValue.startsWith('z5x9aCBY')).toBe(true);
  });

  it('the loader throws on any URL it does not hold', async () => {
    const loader = createDocumentLoader();
    await expect(loader('https://w3id.org/security/data-integrity/v2')).rejects.toThrow(
      /never fetched/,
    );
    await expect(loader('https://example.edu/issuers/565049')).rejects.toThrow(/not bundled/);
    await expect(loader('https://www.w3.org/ns/credentials/v2')).resolves.toMatchObject({
      documentUrl: 'https://www.w3.org/ns/credentials/v2',
    });
  });
});
