/**
 * @module Content-addressed blobs on the local filesystem: `blobs/sha256/ab/cd/<sha256>`,
 * written once, atomically, and re-hashed on every read (R4, R5).
 */
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { integrityError, invalidInput } from '../core/errors.js';
import { MultiHasher, SHA256_HEX } from '../evidence/hashing.js';
import { DIRECT_THRESHOLD, copyDirect } from './direct-copy.js';
import type { BlobStore, BlobWriteOptions } from '../evidence/ports.js';
import type { BlobRef } from '../evidence/types.js';

/** fsync a directory so a rename or link inside it survives a crash (POSIX leaves it to us). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fsp.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #tmp: string;

  constructor(root: string) {
    this.#root = path.join(root, 'sha256');
    this.#tmp = path.join(root, 'tmp');
    fs.mkdirSync(this.#root, { recursive: true, mode: 0o700 });
    fs.mkdirSync(this.#tmp, { recursive: true, mode: 0o700 });
  }

  /** Where a blob lives. Exposed for adapters that hand a path to external tools (exiftool). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) {
      throw invalidInput(`"${sha256}" is not a SHA-256 digest (64 lowercase hex digits)`);
    }
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(
    source: Readable | AsyncIterable<Uint8Array>,
    options: BlobWriteOptions = {},
  ): Promise<BlobRef> {
    const temp = this.#tempPath();
    const hasher = new MultiHasher();
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        hasher.update(chunk);
        await handle.write(chunk);
        options.onProgress?.(hasher.size);
      }
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    return this.#commit(temp, hasher.digest());
  }

  /**
   * Copies a file in with direct I/O where the filesystem allows it, hashing the very buffers that
   * are written, so the digests are of exactly the bytes kept even if the source changes meanwhile.
   */
  async putFile(source: string, options: BlobWriteOptions = {}): Promise<BlobRef> {
    const temp = this.#tempPath();
    try {
      const { size } = await fsp.stat(source);
      const direct =
        size >= DIRECT_THRESHOLD ? await copyDirect(source, temp, options.onProgress) : null;
      if (direct) return await this.#commit(temp, direct);
      return await this.put(fs.createReadStream(source, { highWaterMark: 1 << 20 }), options);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  async adoptFile(source: string): Promise<BlobRef> {
    const handle = await fsp.open(source, 'r+');
    try {
      // The maker may not have synced it; a collection reported as committed must be on disk.
      await handle.sync();
    } finally {
      await handle.close();
    }
    const hasher = new MultiHasher();
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 }))
      hasher.update(chunk as Buffer);
    const temp = this.#tempPath();
    try {
      // rename within the store's filesystem; a source elsewhere is copied instead.
      await fsp.rename(source, temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const ref = await this.putFile(source);
      await fsp.rm(source, { force: true });
      return ref;
    }
    // Re-check after the move: what is committed must be what was hashed.
    const ref = hasher.digest();
    if ((await fsp.stat(temp)).size !== ref.size) {
      await fsp.rm(temp, { force: true });
      throw integrityError(`${source} changed while it was being stored`, {
        hint: 'capture it again',
      });
    }
    return this.#commit(temp, ref);
  }

  #tempPath(): string {
    return path.join(this.#tmp, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  }

  /** Moves a complete, synced temp file to its content address without ever overwriting. */
  async #commit(temp: string, ref: BlobRef): Promise<BlobRef> {
    const final = this.pathOf(ref.sha256);
    await fsp.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
    await fsp.chmod(temp, 0o400);
    try {
      // link(2) fails with EEXIST instead of replacing: an existing evidentiary copy is never
      // overwritten (R5), and identical content is stored once (deduplication).
      await fsp.link(temp, final);
      await syncDirectory(path.dirname(final));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        await fsp.rm(temp, { force: true });
        throw error;
      }
    }
    await fsp.rm(temp, { force: true });
    return ref;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  read(sha256: string): Readable {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) {
      const missing = new Readable({ read() {} });
      process.nextTick(() =>
        missing.destroy(
          integrityError(`blob ${sha256} is missing from the store`, {
            details: { sha256, actual: null },
            hint: 'restore the store from backup; run `vigil store verify` to find every damaged item',
          }),
        ),
      );
      return missing;
    }
    const hash = createHash('sha256');
    const verifier = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        const actual = hash.digest('hex');
        if (actual === sha256) callback();
        else
          callback(
            integrityError(`blob ${sha256} no longer matches its SHA-256 (now ${actual})`, {
              details: { sha256, actual },
              hint: 'the stored evidence was altered; run `vigil store verify` and restore from backup',
            }),
          );
      },
    });
    return fs
      .createReadStream(file, { highWaterMark: 1 << 20 })
      .on('error', (error) => verifier.destroy(error))
      .pipe(verifier);
  }

  async delete(sha256: string): Promise<void> {
    const file = this.pathOf(sha256);
    await fsp.rm(file, { force: true });
    await syncDirectory(path.dirname(file)).catch(() => undefined);
  }

  readRange(sha256: string, start: number, end: number): Readable {
    return fs.createReadStream(this.pathOf(sha256), { start, end, highWaterMark: 1 << 20 });
  }

  async check(
    sha256: string,
  ): Promise<{ ok: boolean; actual: string | null; size: number | null }> {
    const file = this.pathOf(sha256);
    let size: number;
    try {
      size = (await fsp.stat(file)).size;
    } catch {
      return { ok: false, actual: null, size: null };
    }
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
    }
    const actual = hash.digest('hex');
    return { ok: actual === sha256, actual, size };
  }

  async *list(): AsyncIterable<string> {
    for (const a of await fsp.readdir(this.#root)) {
      for (const b of await fsp.readdir(path.join(this.#root, a))) {
        for (const name of await fsp.readdir(path.join(this.#root, a, b))) {
          if (SHA256_HEX.test(name)) yield name;
        }
      }
    }
  }
}
