/**
 * @module The installation's Ed25519 signing key, kept as PEM files under `$VIGIL_HOME/keys/`
 * (private key mode 0600).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { VigilError } from '../core/errors.js';
import { keyFingerprint } from '../custody/segment.js';
import type { Signer } from '../evidence/ports.js';

export const PRIVATE_KEY_FILE = 'installation-ed25519.key.pem';
export const PUBLIC_KEY_FILE = 'installation-ed25519.pub.pem';

class KeyFileSigner implements Signer {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly #privateKey: KeyObject;

  constructor(privateKey: KeyObject) {
    this.#privateKey = privateKey;
    this.publicKeyPem = createPublicKey(privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    this.keyId = keyFingerprint(this.publicKeyPem);
  }

  sign(data: Uint8Array): Uint8Array {
    // Ed25519 signs the message itself (RFC 8032 PureEdDSA): no pre-hash algorithm is named.
    return sign(null, data, this.#privateKey);
  }
}

/** Loads the key, or reports exactly what is wrong with it. */
export function loadSigner(keysDir: string): Signer {
  const file = path.join(keysDir, PRIVATE_KEY_FILE);
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new VigilError('not_found', `the installation key ${file} cannot be read`, {
      cause: error,
      hint: 'run `vigil init` to create it, or restore it from the installation backup',
    });
  }
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new VigilError('integrity', `${file} is not an Ed25519 private key`, {
      hint: 'restore the original key file from backup',
    });
  }
  return new KeyFileSigner(key);
}

/**
 * Creates the key pair if there is none. Returns whether it was created. The private key is
 * written with O_EXCL and mode 0600, so two processes initialising at once cannot both win.
 */
export function ensureSigningKey(keysDir: string): { created: boolean; signer: Signer } {
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = path.join(keysDir, PRIVATE_KEY_FILE);
  if (fs.existsSync(file)) return { created: false, signer: loadSigner(keysDir) };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { created: false, signer: loadSigner(keysDir) };
    }
    throw error;
  }
  fs.rmSync(temp, { force: true });
  fs.writeFileSync(
    path.join(keysDir, PUBLIC_KEY_FILE),
    publicKey.export({ type: 'spki', format: 'pem' }),
    { mode: 0o644 },
  );
  return { created: true, signer: loadSigner(keysDir) };
}
