/**
 * @module The training centre's Ed25519 signing key, a Multikey (W3C Controlled Identifiers §2.2.2)
 * kept in `$VIGIL_HOME/keys/training-centre.multikey.json` (mode 0600), separate from the
 * installation key: the centre signs certificates, the installation seals evidence. The issuer is
 * the key's `did:key`, so anyone can check a certificate with the credential alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { VigilError } from '../../core/errors.js';

export const CENTRE_KEY_FILE = 'training-centre.multikey.json';

/** The centre's key with its names. */
export interface CentreKey {
  /** `did:key:z6Mk…`: the issuer of every certificate. */
  readonly did: string;
  /** `did:key:z6Mk…#z6Mk…`: the proof's verificationMethod. */
  readonly verificationMethod: string;
  readonly publicKeyMultibase: string;
  readonly keyPair: Ed25519MultikeyKeyPair;
}

/** A key pair from a 32-byte Ed25519 seed (RFC 8032 §5.1.5 private key). */
export async function keyFromSeed(
  seed: Uint8Array,
  names: { id?: string; controller?: string } = {},
): Promise<Ed25519MultikeyKeyPair> {
  if (seed.length !== 32)
    throw new VigilError('invalid_input', `an Ed25519 seed has 32 bytes, got ${seed.length}`);
  const key = await Multikey.generate({ seed, ...names });
  if (names.id === undefined && names.controller === undefined) return key;
  return Multikey.from({
    type: 'Multikey',
    ...(names.id === undefined ? {} : { id: names.id }),
    ...(names.controller === undefined ? {} : { controller: names.controller }),
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
}

/** A key pair from Multikey strings (`privateKeyMultibase` as the W3C vectors name it). */
export function keyFromMultibase(key: {
  publicKeyMultibase: string;
  privateKeyMultibase?: string;
  secretKeyMultibase?: string;
  id?: string;
  controller?: string;
}): Promise<Ed25519MultikeyKeyPair> {
  const secret = key.secretKeyMultibase ?? key.privateKeyMultibase;
  return Multikey.from({
    type: 'Multikey',
    publicKeyMultibase: key.publicKeyMultibase,
    ...(secret === undefined ? {} : { secretKeyMultibase: secret }),
    ...(key.id === undefined ? {} : { id: key.id }),
    ...(key.controller === undefined ? {} : { controller: key.controller }),
  });
}

async function named(publicKeyMultibase: string, secretKeyMultibase: string): Promise<CentreKey> {
  const did = `did:key:${publicKeyMultibase}`;
  const verificationMethod = `${did}#${publicKeyMultibase}`;
  const keyPair = await keyFromMultibase({
    publicKeyMultibase,
    secretKeyMultibase,
    id: verificationMethod,
    controller: did,
  });
  return { did, verificationMethod, publicKeyMultibase, keyPair };
}

interface KeyFileBody {
  '@context': string;
  type: 'Multikey';
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** Loads the centre key, or says exactly what is wrong. */
export async function loadCentreKey(keysDir: string): Promise<CentreKey> {
  const file = path.join(keysDir, CENTRE_KEY_FILE);
  let body: KeyFileBody;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFileBody;
  } catch (cause) {
    throw new VigilError('not_found', `the training centre key ${file} cannot be read`, {
      cause,
      hint: 'issue a certificate (it creates the key) or restore the key file from backup',
    });
  }
  if (body.type !== 'Multikey' || typeof body.secretKeyMultibase !== 'string')
    throw new VigilError('integrity', `${file} is not an Ed25519 Multikey with its secret key`, {
      hint: 'restore the original key file from backup',
    });
  return named(body.publicKeyMultibase, body.secretKeyMultibase);
}

/**
 * Creates the centre key if there is none (O_EXCL link, mode 0600, as the installation key in
 * src/store/key-file.ts), then loads it.
 */
export async function ensureCentreKey(
  keysDir: string,
): Promise<{ created: boolean; key: CentreKey }> {
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = path.join(keysDir, CENTRE_KEY_FILE);
  if (fs.existsSync(file)) return { created: false, key: await loadCentreKey(keysDir) };
  const generated = await Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const body: KeyFileBody = {
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: `${did}#${generated.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: generated.publicKeyMultibase,
    secretKeyMultibase: generated.secretKeyMultibase ?? '',
  };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { created: false, key: await loadCentreKey(keysDir) };
    throw error;
  }
  fs.rmSync(temp, { force: true });
  return { created: true, key: await loadCentreKey(keysDir) };
}
