import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { isIntegrityError } from '../core/errors.js';
import { DIRECT_THRESHOLD } from './direct-copy.js';
import { FsBlobStore } from './fs-blob-store.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

describe('FsBlobStore', () => {
  const root = tempDir();
  const blobs = new FsBlobStore(path.join(root, 'blobs'));

  it('stores a stream under its SHA-256 with MD5 and size, read-only, leaving no temp file', async () => {
    const data = Buffer.from('evidence bytes\n');
    const ref = await blobs.put(Readable.from([data]));
    expect(ref).toEqual({ sha256: sha256(data), md5: md5(data), size: data.length });
    const file = blobs.pathOf(ref.sha256);
    expect(fs.readFileSync(file)).toEqual(data);
    expect(fs.statSync(file).mode & 0o777).toBe(0o400);
    expect(fs.readdirSync(path.join(root, 'blobs', 'tmp'))).toEqual([]);
  });

  it.each([
    0,
    1,
    4095,
    4096,
    4097,
    DIRECT_THRESHOLD,
    DIRECT_THRESHOLD + 12_345,
    3 * DIRECT_THRESHOLD + 1,
  ])('copies a %i-byte file exactly, on the direct or the buffered path', async (size) => {
    const source = path.join(root, `source-${size}`);
    const data = randomBytes(size);
    fs.writeFileSync(source, data);
    const ref = await blobs.putFile(source);
    expect(ref).toEqual({ sha256: sha256(data), md5: md5(data), size });
    expect(sha256(fs.readFileSync(blobs.pathOf(ref.sha256)))).toBe(ref.sha256);
    expect(fs.readdirSync(path.join(root, 'blobs', 'tmp'))).toEqual([]);
  });

  it('deduplicates and never overwrites an existing blob', async () => {
    const data = Buffer.from('same content');
    const first = await blobs.put(Readable.from([data]));
    const inode = fs.statSync(blobs.pathOf(first.sha256)).ino;
    const second = await blobs.put(Readable.from([Buffer.from('same '), Buffer.from('content')]));
    expect(second).toEqual(first);
    expect(fs.statSync(blobs.pathOf(first.sha256)).ino).toBe(inode);
  });

  it('re-hashes on read and fails with an integrity error when a byte changed on disk', async () => {
    const data = Buffer.from('do not touch');
    const ref = await blobs.put(Readable.from([data]));
    expect(await buffer(blobs.read(ref.sha256))).toEqual(data);
    const file = blobs.pathOf(ref.sha256);
    fs.chmodSync(file, 0o600);
    const tampered = Buffer.from(data);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    fs.writeFileSync(file, tampered);
    const error = await buffer(blobs.read(ref.sha256)).catch((e: unknown) => e);
    expect(isIntegrityError(error)).toBe(true);
    expect(await blobs.check(ref.sha256)).toMatchObject({ ok: false, actual: sha256(tampered) });
  });

  it('reports a missing blob as an integrity error on read and in check', async () => {
    const ghost = sha256(Buffer.from('never stored'));
    const error = await buffer(blobs.read(ghost)).catch((e: unknown) => e);
    expect(isIntegrityError(error)).toBe(true);
    expect(await blobs.check(ghost)).toEqual({ ok: false, actual: null, size: null });
  });

  it('lists every stored digest and refuses malformed ones', async () => {
    const listed: string[] = [];
    for await (const digest of blobs.list()) listed.push(digest);
    expect(listed.length).toBeGreaterThanOrEqual(5);
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow(/not a SHA-256/);
  });
});
