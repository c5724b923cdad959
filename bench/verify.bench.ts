/**
 * @module Benchmark: `verifyPackage` of a ≥ 1 GiB package against `sha256sum` of the same bytes,
 * measured in the same run. Goal: verify throughput ≥ 0.8× sha256sum's. The package's payloads
 * are random bytes (captured media is incompressible), one gzip member per WARC record. The two
 * contenders run in alternating rounds and each is scored by its median round, so load from
 * other work on the machine weighs on both alike.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { keyFingerprint } from '../src/custody/segment.js';
import { writePackage } from '../src/package/package-writer.js';
import { verifyPackage } from '../src/package/package-verify.js';
import { makeSegment } from '../src/package/test-support.js';
import type { BenchResult } from './types.js';

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', 'verify');
const TARGET_BYTES = 1.05 * 2 ** 30;
const PAYLOAD_BYTES = 4 << 20;

/** One response record, gzipped on its own, with its payload and block digests. */
function record(index: number, payload: Buffer): Buffer {
  const http = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: ${payload.length}\r\n\r\n`,
  );
  const block = Buffer.concat([http, payload]);
  const headers = [
    'WARC/1.1',
    `WARC-Type: response`,
    `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}>`,
    `WARC-Date: 2026-01-01T00:00:00Z`,
    `WARC-Target-URI: https://media.example.org/video/${index}.mp4`,
    'Content-Type: application/http; msgtype=response',
    `WARC-Payload-Digest: sha256:${createHash('sha256').update(payload).digest('hex')}`,
    `WARC-Block-Digest: sha256:${createHash('sha256').update(block).digest('hex')}`,
    `Content-Length: ${block.length}`,
  ].join('\r\n');
  return zlib.gzipSync(
    Buffer.concat([Buffer.from(`${headers}\r\n\r\n`), block, Buffer.from('\r\n\r\n')]),
    { level: 1 },
  );
}

async function ensurePackage(): Promise<string> {
  const pkg = path.join(WORK, 'large.wacz');
  if (fs.existsSync(pkg) && fs.statSync(pkg).size >= 2 ** 30) return pkg;
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const warc = path.join(WORK, 'large.warc.gz');
  const handle = fs.openSync(warc, 'w');
  let written = 0;
  for (let index = 0; written < TARGET_BYTES; index += 1) {
    const member = record(index, randomBytes(PAYLOAD_BYTES));
    fs.writeSync(handle, member);
    written += member.length;
  }
  fs.closeSync(handle);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signer = {
    keyId: keyFingerprint(publicKeyPem),
    publicKeyPem,
    sign: (data: Uint8Array) => sign(null, data, privateKey),
  };
  await writePackage({
    out: pkg,
    warcFiles: [warc],
    vigilMetadata: { case: { id: 'BENCH' }, legalBasis: { reference: 'bench' }, items: [] },
    ledgerSegment: makeSegment(signer),
    signer,
    tsaUrls: [],
  });
  fs.rmSync(warc);
  return pkg;
}

/** Rounds of each contender, alternated so both see the same load; the median of each counts. */
const ROUNDS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export default async function run(): Promise<BenchResult[]> {
  const pkg = await ensurePackage();
  const size = fs.statSync(pkg).size;
  const megabytes = size / 1e6;
  // Warm the page cache, so neither contender pays for the first read from disk.
  execFileSync('sha256sum', [pkg]);
  const shaSeconds: number[] = [];
  const verifySeconds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first, so neither always inherits the other's cache or heat.
    const order = round % 2 === 0 ? ['sha', 'verify'] : ['verify', 'sha'];
    for (const contender of order) {
      const start = performance.now();
      if (contender === 'sha') {
        execFileSync('sha256sum', [pkg]);
        shaSeconds.push((performance.now() - start) / 1000);
      } else {
        const report = await verifyPackage(pkg);
        verifySeconds.push((performance.now() - start) / 1000);
        if (!report.ok) throw new Error(`the bench package does not verify: ${report.verdict}`);
      }
    }
  }
  const verifyRate = megabytes / median(verifySeconds);
  const shaRate = megabytes / median(shaSeconds);
  const ratio = verifyRate / shaRate;
  return [
    {
      name: `verifyPackage of a ${(size / 2 ** 30).toFixed(2)} GiB package (median of ${ROUNDS} alternated rounds)`,
      value: Number(verifyRate.toFixed(1)),
      unit: 'MB/s',
      baseline: {
        name: `sha256sum of the same file (median of ${ROUNDS})`,
        value: Number(shaRate.toFixed(1)),
      },
      ratio: Number(ratio.toFixed(3)),
      goal: '>= 0.8',
      met: ratio >= 0.8,
    },
  ];
}
