/**
 * @module Streaming digests: SHA-256 (the evidence identity) and MD5 (what many partner tools and
 * hash lists still exchange), computed in one pass over the bytes.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { BlobRef } from './types.js';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class MultiHasher {
  readonly #sha256: Hash = createHash('sha256');
  readonly #md5: Hash = createHash('md5');
  #size = 0;

  update(chunk: Uint8Array): void {
    this.#sha256.update(chunk);
    this.#md5.update(chunk);
    this.#size += chunk.byteLength;
  }

  get size(): number {
    return this.#size;
  }

  digest(): BlobRef {
    return { sha256: this.#sha256.digest('hex'), md5: this.#md5.digest('hex'), size: this.#size };
  }
}
