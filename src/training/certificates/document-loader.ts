/**
 * @module The one JSON-LD document loader of the certificate code: every context is bundled
 * (npm packages or data files in `contexts/`, sources in NOTICE), `did:key` identifiers are
 * resolved by computation, and any other URL THROWS — nothing is ever fetched (R26).
 */
import { readFileSync } from 'node:fs';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { base58 } from '@scure/base';
import { VigilError } from '../../core/errors.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';

const dataFile = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./contexts/${name}`, import.meta.url), 'utf8')) as unknown;

let bundled: Map<string, unknown> | undefined;

/** Every context Vigil holds, by URL. */
export function bundledContexts(): ReadonlyMap<string, unknown> {
  bundled ??= new Map<string, unknown>([
    ...credentialsContexts,
    ...statusListContexts,
    // 1EdTech/openbadges-specification ob_v3p0/context-3.0.3.json (NOTICE).
    [OB_V3_CONTEXT, dataFile('ob-v3p0-context-3.0.3.json')],
    // w3c/vc-data-model contexts/credentials/examples/v2 (NOTICE); used by the W3C test vector.
    [EXAMPLES_V2_CONTEXT, dataFile('credentials-examples-v2.json')],
  ]);
  return bundled;
}

/** Multicodec prefix of an Ed25519 public key (0xed 0x01, varint). */
const ED25519_PUB = [0xed, 0x01] as const;

/** True for a base58-btc Multikey of an Ed25519 public key (`z6Mk…`). */
export function isEd25519Multibase(value: string): boolean {
  if (!value.startsWith('z')) return false;
  try {
    const bytes = base58.decode(value.slice(1));
    return bytes.length === 34 && bytes[0] === ED25519_PUB[0] && bytes[1] === ED25519_PUB[1];
  } catch {
    return false;
  }
}

/**
 * The DID document of an Ed25519 `did:key` (W3C did:key method §3.1.2, Multikey form): computed
 * from the identifier itself, so resolving it needs no network.
 */
export function didKeyDocument(did: string): Record<string, unknown> {
  const multibase = did.slice('did:key:'.length);
  if (!did.startsWith('did:key:') || !isEd25519Multibase(multibase)) {
    throw new VigilError('invalid_input', `${did} is not an Ed25519 did:key`, {
      hint: 'Vigil certificates are signed with Ed25519 keys named as did:key:z6Mk…',
    });
  }
  const vm = `${did}#${multibase}`;
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: [
      { id: vm, type: 'Multikey', controller: did, publicKeyMultibase: multibase },
    ],
    authentication: [vm],
    assertionMethod: [vm],
  };
}

/** The Multikey verification method `did:key:X#X`, as the cryptosuite expects it. */
function didKeyMethod(url: string): Record<string, unknown> {
  const [did = '', fragment] = url.split('#');
  const doc = didKeyDocument(did);
  const methods = doc.verificationMethod as Record<string, unknown>[];
  const method = methods.find((m) => m.id === url);
  if (fragment === undefined || method === undefined)
    throw new VigilError('not_found', `${url} is not a verification method of ${did}`);
  return { '@context': MULTIKEY_V1_CONTEXT, ...method };
}

export interface LoaderOptions {
  /** Documents the caller vouches for: a status list credential, a key's controller document. */
  readonly documents?: ReadonlyMap<string, unknown>;
  /** Called with every URL asked for (tests prove what was loaded). */
  readonly onLoad?: (url: string) => void;
}

/**
 * A loader that serves bundled contexts, `did:key` documents and `documents`, and throws a
 * VigilError for anything else.
 *
 * @example
 * const loader = createDocumentLoader(); await loader('https://example.org/x') // throws
 */
export function createDocumentLoader(options: LoaderOptions = {}): DocumentLoader {
  const contexts = bundledContexts();
  return (url: string) => {
    try {
      return load(url);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  function load(url: string) {
    options.onLoad?.(url);
    const document =
      options.documents?.get(url) ??
      contexts.get(url) ??
      (url.startsWith('did:key:')
        ? url.includes('#')
          ? didKeyMethod(url)
          : didKeyDocument(url)
        : undefined);
    if (document === undefined) {
      return Promise.reject(
        new VigilError(
          'unavailable',
          `the JSON-LD document ${url} is not bundled with Vigil and is never fetched`,
          {
            hint: 'certificates must use only bundled contexts (VC 2.0, Open Badges 3.0, Bitstring Status List) and did:key issuers',
            details: { url },
          },
        ),
      );
    }
    return Promise.resolve({
      contextUrl: null,
      documentUrl: url,
      document: structuredClone(document),
    });
  }
}
