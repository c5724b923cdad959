/**
 * @module Password hashing with argon2id (RFC 9106), through @node-rs/argon2.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../cases/access-ports.js';

/** RFC 9106 §4 second recommended option: 64 MiB, 3 passes, 4 lanes. */
// `Algorithm` is a const enum, which verbatimModuleSyntax cannot import as a value: 2 is Argon2id.
const OPTIONS = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 4,
} as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, OPTIONS),
  verify: (digest, password) => verify(digest, password).catch(() => false),
};
