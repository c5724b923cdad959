import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import {
  WarcWriter,
  newRecordId,
  requestRecord,
  resourceRecord,
  responseRecord,
} from './warc-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-warc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('WarcWriter', () => {
  it('writes concurrent records without interleaving, with sha256 payload digests', async () => {
    const file = path.join(dir, 'a.warc.gz');
    const writer = await WarcWriter.create(file);
    const date = new Date('2026-01-02T03:04:05.678Z');
    const bodies = Array.from({ length: 20 }, (_, i) =>
      new TextEncoder().encode(`body ${i} `.repeat(500 * i)),
    );
    const written = await Promise.all(
      bodies.map((body, i) => {
        const id = newRecordId(randomUUID);
        return writer.write(
          responseRecord({
            url: `http://example.test/${i}`,
            status: 200,
            headers: [
              { name: 'Content-Type', value: 'text/plain' },
              { name: 'Content-Encoding', value: 'gzip' },
              { name: 'Content-Length', value: '3' },
            ],
            body,
            date,
            ip: '93.184.216.34',
            recordId: id,
            truncated: i === 3 ? 'length' : undefined,
          }),
        );
      }),
    );
    await writer.write(
      requestRecord({
        url: 'http://example.test/0',
        method: 'GET',
        headers: [],
        date,
        concurrentTo: written[0]!.recordId,
      }),
    );
    await writer.write(
      resourceRecord({
        url: 'urn:text:http://example.test/',
        contentType: 'text/plain',
        body: new Uint8Array([1]),
        date,
      }),
    );
    await writer.close();
    await expect(stat(`${file}.part`)).rejects.toThrow();

    // Offsets are contiguous: each record starts where the previous ended.
    for (let i = 1; i < written.length; i++) {
      expect(written[i]!.offset).toBe(written[i - 1]!.offset + written[i - 1]!.length);
    }

    const parser = new WARCParser(createReadStream(file));
    const seen: string[] = [];
    for await (const record of parser) {
      const payload = await record.readFully(false);
      const type = record.warcType;
      seen.push(type ?? '');
      expect(record.warcHeaders.protocol).toBe('WARC/1.1');
      if (type === 'response') {
        const i = Number(new URL(record.warcTargetURI!).pathname.slice(1));
        expect(Buffer.from(payload).equals(Buffer.from(bodies[i]!))).toBe(true);
        expect(record.warcPayloadDigest).toBe(
          `sha256:${createHash('sha256').update(bodies[i]!).digest('hex')}`,
        );
        expect(record.warcHeaders.headers.get('WARC-IP-Address')).toBe('93.184.216.34');
        expect(record.warcDate).toBe('2026-01-02T03:04:05.678Z');
        // The decoded body must not claim a content-encoding; the original stays visible.
        expect(record.httpHeaders?.headers.get('Content-Encoding')).toBeNull();
        expect(record.httpHeaders?.headers.get('x-orig-Content-Encoding')).toBe('gzip');
        expect(record.httpHeaders?.headers.get('Content-Length')).toBe(String(bodies[i]!.length));
        expect(record.warcHeaders.headers.get('WARC-Truncated')).toBe(i === 3 ? 'length' : null);
      }
      if (type === 'request') {
        expect(record.warcHeaders.headers.get('WARC-Concurrent-To')).toBe(written[0]!.recordId);
        expect(record.httpHeaders?.statusline).toBe('GET /0 HTTP/1.1');
      }
    }
    expect(seen.filter((t) => t === 'response')).toHaveLength(20);
    expect(seen).toContain('request');
    expect(seen).toContain('resource');
    expect((await readFile(file)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('abort() removes the partial file and refuses further writes', async () => {
    const file = path.join(dir, 'b.warc.gz');
    const writer = await WarcWriter.create(file);
    await writer.abort();
    await expect(stat(`${file}.part`)).rejects.toThrow();
    await expect(
      writer.write(
        resourceRecord({
          url: 'urn:x',
          contentType: 'text/plain',
          body: new Uint8Array(),
          date: new Date(),
        }),
      ),
    ).rejects.toThrow(/closed/);
  });
});
