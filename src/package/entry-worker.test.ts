import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { EntryWorker } from './entry-worker.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-entry-worker-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Writes `prefix`, then `body`, then `suffix` to a file; returns where `body` starts. */
function fileAround(name: string, body: Buffer): { file: string; start: number } {
  const file = path.join(work, name);
  fs.writeFileSync(file, Buffer.concat([Buffer.from('PREFIX'), body, Buffer.from('SUFFIX')]));
  return { file, start: 6 };
}

describe('EntryWorker', () => {
  it('streams several gzip members, gunzipped, and hashes the raw range on its thread', async () => {
    const parts = [randomBytes(5 << 20), Buffer.alloc(3 << 20, 7), randomBytes(100)];
    const raw = Buffer.concat(parts.map((part) => zlib.gzipSync(part, { level: 1 })));
    const { file, start } = fileAround('members.gz', raw);
    const worker = new EntryWorker();
    try {
      const received = createHash('sha256');
      let total = 0;
      const digest = await worker.read(file, start, raw.length, true, (chunk) => {
        received.update(chunk);
        total += chunk.length;
      });
      expect(digest.streamError).toBeUndefined();
      expect(digest).toMatchObject({
        sha256: sha256(raw),
        crc32: zlib.crc32(raw) >>> 0,
        size: raw.length,
      });
      expect(total).toBe(parts.reduce((sum, part) => sum + part.length, 0));
      expect(received.digest('hex')).toBe(sha256(Buffer.concat(parts)));
    } finally {
      await worker.close();
    }
  });

  it('holds back a member that inflates far beyond its size until the caller has read it', async () => {
    // 128 MiB of zeros gzip to ~130 KiB: without backpressure the worker would queue it all.
    const inflated = 128 << 20;
    const raw = zlib.gzipSync(Buffer.alloc(inflated));
    const { file, start } = fileAround('bomb.gz', raw);
    const worker = new EntryWorker();
    try {
      let total = 0;
      const digest = await worker.read(file, start, raw.length, true, (chunk) => {
        if (total === 0) {
          // Stall on the first chunk: a worker that ignored backpressure would run ahead now.
          const until = Date.now() + 400;
          while (Date.now() < until);
        }
        total += chunk.length;
        expect(chunk.length).toBeLessThanOrEqual(4 << 20);
        expect(chunk[chunk.length >> 1]).toBe(0);
      });
      expect(total).toBe(inflated);
      // The worker ran ahead while the caller stalled, but never more than 8 chunks of 4 MiB.
      expect(digest.peakInFlight).toBeGreaterThan(1);
      expect(digest.peakInFlight).toBeLessThanOrEqual(8);
    } finally {
      await worker.close();
    }
  });

  it('streams a stored range as is, reports a short file, and a gunzip error with a full digest', async () => {
    const body = randomBytes((9 << 20) + 13);
    const { file, start } = fileAround('plain.bin', body);
    const worker = new EntryWorker();
    try {
      const chunks: Buffer[] = [];
      const digest = await worker.read(file, start, body.length, false, (chunk) =>
        chunks.push(Buffer.from(chunk)),
      );
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(digest.sha256).toBe(sha256(body));
      // Asking for more than the file holds: the size says how much there was.
      const short = await worker.read(file, start, body.length + 100, false, () => undefined);
      expect(short.size).toBe(body.length + 6);
      // Not gzip at all: the content cannot be streamed, but the raw digest is still whole.
      const broken = await worker.read(file, start, body.length, true, () => undefined);
      expect(broken.streamError).toMatch(/header/i);
      expect(broken.sha256).toBe(sha256(body));
    } finally {
      await worker.close();
    }
  });
});
