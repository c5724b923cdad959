import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writePackage } from './package-writer.js';
import { verifyPackage } from './package-verify.js';
import { flipByte, makeSegment, makeSigner } from './test-support.js';

// Records larger than every read, gunzip and transfer chunk (1–8 MiB) on the verify path, so a
// change deep inside a payload is only seen if every chunk of it is hashed.
const PAYLOAD_BYTES = 12 << 20;
const TAMPER_AT = PAYLOAD_BYTES - (3 << 20) + 11;
const RECORD_ID = '<urn:uuid:00000000-0000-4000-8000-000000000001>';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-large-record-'));
const signer = makeSigner();
const payload = randomBytes(PAYLOAD_BYTES);
let counter = 0;
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * One response record whose digests are those of `payload`; with `tamper`, one payload byte is
 * changed afterwards, as if the WARC had been edited before it was packaged.
 */
function responseRecord(tamper: boolean): Buffer {
  const http = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: ${payload.length}\r\n\r\n`,
  );
  const block = Buffer.concat([http, payload]);
  const headers = [
    'WARC/1.1',
    'WARC-Type: response',
    `WARC-Record-ID: ${RECORD_ID}`,
    'WARC-Date: 2026-01-01T00:00:00Z',
    'WARC-Target-URI: https://media.example.org/video.mp4',
    'Content-Type: application/http; msgtype=response',
    `WARC-Payload-Digest: sha256:${sha256(payload)}`,
    `WARC-Block-Digest: sha256:${sha256(block)}`,
    `Content-Length: ${block.length}`,
  ].join('\r\n');
  if (tamper) block[http.length + TAMPER_AT] = (block[http.length + TAMPER_AT] ?? 0) ^ 0x10;
  return Buffer.concat([Buffer.from(`${headers}\r\n\r\n`), block, Buffer.from('\r\n\r\n')]);
}

async function build(gzip: boolean, tamper: boolean): Promise<{ path: string; name: string }> {
  counter += 1;
  const dir = path.join(work, `p${counter}`);
  fs.mkdirSync(dir);
  const record = responseRecord(tamper);
  const warc = path.join(dir, gzip ? 'large.warc.gz' : 'large.warc');
  fs.writeFileSync(warc, gzip ? zlib.gzipSync(record, { level: 1 }) : record);
  const result = await writePackage({
    out: path.join(dir, 'item.wacz'),
    warcFiles: [warc],
    pages: [{ url: 'https://media.example.org/video.mp4', ts: '2026-01-01T00:00:00Z' }],
    vigilMetadata: { case: { id: 'C-1' }, legalBasis: { reference: 'W-1' }, items: [] },
    ledgerSegment: makeSegment(signer),
    signer,
    tsaUrls: [],
  });
  return { path: result.path, name: `archive/${path.basename(warc)}` };
}

describe('verifyPackage on a record larger than its read chunks', () => {
  it.each([true, false])('verifies it intact (gzip: %s)', async (gzip) => {
    const { path: pkg } = await build(gzip, false);
    const report = await verifyPackage(pkg);
    expect(report.verdict).toMatch(/^VERIFIED/);
    expect(report.records).toBe(1);
  });

  it.each([true, false])(
    'names the record whose payload was changed 9 MiB in, before packaging (gzip: %s)',
    async (gzip) => {
      const { path: pkg, name } = await build(gzip, true);
      const report = await verifyPackage(pkg);
      expect(report.ok).toBe(false);
      // The package's own hashes hold (it was sealed around the edited WARC); the records do not.
      expect(report.checks.find((check) => check.name === 'files')?.ok).toBe(true);
      expect(report.firstFailure).toMatchObject({
        name: 'warc-records',
        file: name,
        record: RECORD_ID,
      });
      expect(report.firstFailure?.detail).toContain('2 record problem(s)');
      expect(report.firstFailure?.detail).toContain('WARC-Block-Digest does not match');
    },
  );

  it('catches a byte flipped 9 MiB into a stored .warc in the package, CRC fixed up', async () => {
    const { path: pkg, name } = await build(false, false);
    await flipByte(pkg, name, 600 + TAMPER_AT, true);
    const report = await verifyPackage(pkg);
    expect(report.firstFailure).toMatchObject({ name: 'files', file: name });
    const records = report.checks.find((check) => check.name === 'warc-records');
    expect(records).toMatchObject({ ok: false, record: RECORD_ID });
    expect(records?.detail).toContain('2 record problem(s)');
    expect(records?.detail).toContain('WARC-Block-Digest does not match');
  });

  it('catches a byte flipped deep in a stored .warc.gz, with the ZIP CRC left to catch it', async () => {
    const { path: pkg, name } = await build(true, false);
    await flipByte(pkg, name, -(3 << 20), false);
    const report = await verifyPackage(pkg);
    expect(report.firstFailure).toMatchObject({ name: 'files', file: name });
    const records = report.checks.find((check) => check.name === 'warc-records');
    // Two problems: the gzip member's own CRC-32 fails on inflate, then the ZIP's CRC-32.
    expect(records?.ok).toBe(false);
    expect(records?.detail).toContain('2 record problem(s)');
    expect(records?.detail).toContain('the WARC data cannot be read');
  });
});
