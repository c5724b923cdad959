/**
 * @module Test helpers for packages: small WARC/1.1 files written with warcio, an Ed25519
 * signer, a signed custody-ledger segment, and byte-level tampering of ZIP entries.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { chainEvent, headStatement } from '../custody/event.js';
import type { LedgerEvent } from '../custody/event.js';
import { formatSegment, keyFingerprint } from '../custody/segment.js';
import type { PackageSigner } from './seal.js';
import { readZipDirectory } from './zip-reader.js';

export interface TestSigner extends PackageSigner {
  readonly privateKeyPem: string;
}

export function makeSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: keyFingerprint(publicKeyPem),
    publicKeyPem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sign: (data) => sign(null, data, privateKey),
  };
}

/** A signed ledger segment with a case creation and a collection event for `itemId`. */
export function makeSegment(
  signer: PackageSigner,
  itemId = 'I-1',
  tamper?: (events: LedgerEvent[]) => LedgerEvent[],
): string {
  const first = chainEvent(
    undefined,
    { actor: 'ana', action: 'case_created', caseId: 'C-1' },
    new Date('2026-01-01T10:00:00Z'),
  );
  const second = chainEvent(
    first,
    {
      actor: 'ana',
      action: 'collection',
      caseId: 'C-1',
      itemId,
      data: { url: 'https://example.org/' },
    },
    new Date('2026-01-01T10:05:00Z'),
  );
  const events = tamper ? tamper([first, second]) : [first, second];
  const head = {
    seq: second.seq,
    hash: second.hash,
    keyId: signer.keyId,
    signature: Buffer.from(signer.sign(headStatement(second.seq, second.hash))).toString('base64'),
  };
  return formatSegment(
    {
      caseId: 'C-1',
      itemIds: [itemId],
      exportedAt: '2026-01-01T10:06:00Z',
      exportedBy: 'ana',
      keyId: signer.keyId,
      publicKey: signer.publicKeyPem,
    },
    events,
    () => true,
    head,
  );
}

export interface Exchange {
  url: string;
  body: string | Uint8Array;
  contentType?: string;
  status?: number;
  /** Override the payload digest written (to make a record that lies). */
  payloadDigest?: string;
}

function* bytes(data: string | Uint8Array): Generator<Uint8Array> {
  yield typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** Writes a gzipped WARC/1.1 file: warcinfo, then request + response per exchange, then a resource. */
export async function writeWarc(
  file: string,
  exchanges: readonly Exchange[],
  gzip = true,
): Promise<void> {
  const parts: Uint8Array[] = [];
  const add = async (record: WARCRecord): Promise<void> => {
    parts.push(
      await WARCSerializer.serialize(record, {
        gzip,
        digest: { algo: 'sha-256', prefix: 'sha256:', base32: false },
      }),
    );
  };
  await add(
    WARCRecord.createWARCInfo(
      { filename: 'capture.warc.gz', warcVersion: 'WARC/1.1' },
      { software: 'vigil-test' },
    ),
  );
  const date = '2026-01-01T10:00:00.000Z';
  for (const exchange of exchanges) {
    await add(
      WARCRecord.create(
        {
          url: exchange.url,
          date,
          type: 'request',
          warcVersion: 'WARC/1.1',
          statusline: `GET ${new URL(exchange.url).pathname} HTTP/1.1`,
          httpHeaders: { Host: new URL(exchange.url).host },
        },
        bytes(''),
      ),
    );
    const response = WARCRecord.create(
      {
        url: exchange.url,
        date,
        type: 'response',
        warcVersion: 'WARC/1.1',
        statusline: `HTTP/1.1 ${exchange.status ?? 200} OK`,
        httpHeaders: { 'Content-Type': exchange.contentType ?? 'text/html; charset=utf-8' },
        ...(exchange.payloadDigest
          ? { warcHeaders: { 'WARC-Payload-Digest': exchange.payloadDigest } }
          : {}),
      },
      bytes(exchange.body),
    );
    await add(response);
  }
  await add(
    WARCRecord.create(
      {
        url: 'urn:vigil:screenshot:full',
        date,
        type: 'resource',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'Content-Type': 'image/png' },
      },
      bytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])),
    ),
  );
  fs.writeFileSync(file, Buffer.concat(parts));
}

/**
 * Flips one byte of a ZIP entry's data. With `fixCrc`, also rewrites the CRC-32 in both headers,
 * as an attacker who knows the ZIP format would, so only Vigil's own hashes can catch it.
 */
export async function flipByte(
  file: string,
  entryName: string,
  offsetInEntry: number,
  fixCrc = true,
): Promise<void> {
  const directory = await readZipDirectory(file);
  const entry = directory.byName.get(entryName);
  if (!entry) throw new Error(`no entry ${entryName}`);
  const buffer = fs.readFileSync(file);
  const position =
    entry.dataOffset + (offsetInEntry < 0 ? entry.size + offsetInEntry : offsetInEntry);
  buffer[position] = (buffer[position] ?? 0) ^ 0x01;
  if (fixCrc) {
    const crc =
      zlib.crc32(buffer.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize)) >>> 0;
    buffer.writeUInt32LE(crc, entry.localHeaderOffset + 14);
    let central = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    while (central >= 0) {
      if (buffer.readUInt32LE(central + 42) === entry.localHeaderOffset) {
        buffer.writeUInt32LE(crc, central + 16);
        break;
      }
      central = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), central - 1);
    }
  }
  fs.writeFileSync(file, buffer);
}

export interface RawEntry {
  name: string;
  data: Buffer;
  /** Deflate the data (method 8). */
  deflate?: boolean;
  /** Lie about the uncompressed size in the headers. */
  declaredSize?: number;
}

/** Writes a ZIP by hand, without any of the writer's safety checks, for hostile-input tests. */
export function writeRawZip(
  file: string,
  entries: readonly RawEntry[],
  declaredCount?: number,
): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const stored = entry.deflate ? zlib.deflateRawSync(entry.data) : entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    const crc = zlib.crc32(entry.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(declaredCount ?? entries.length, 8);
  end.writeUInt16LE(declaredCount ?? entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, centralBytes, end]));
}
