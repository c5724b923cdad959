/**
 * @module The data-heavy half of verification: one sequential pass over every ZIP entry
 * (SHA-256 and size against datapackage.json; WARC files decompressed on the fly and every
 * record's digests recomputed, with a worker thread reading and hashing the raw bytes), then the CDXJ index checked against the records it points at.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { CdxjEntry } from './cdxj.js';
import { WorkerUnavailableError } from './entry-worker.js';
import type { EntryDigest, EntryWorker } from './entry-worker.js';
import { parseWarcDigest } from './warc-digest.js';
import { WarcChecker } from './warc-verify.js';
import type { WarcRecordProblem, WarcRecordSummary } from './warc-verify.js';
import { ZipStructureError, readEntry } from './zip-reader.js';
import type { ZipEntry } from './zip-reader.js';

export interface HashedEntry {
  readonly sha256: string;
  readonly size: number;
}

export interface WarcEntryResult extends HashedEntry {
  readonly records: readonly WarcRecordSummary[];
  readonly problems: readonly WarcRecordProblem[];
}

export const isWarcName = (name: string): boolean => /^archive\/[^/]+\.warc(\.gz)?$/.test(name);
const isGzipName = (name: string): boolean => name.endsWith('.gz');

/** Hashes an entry's bytes, optionally keeping them (for small entries parsed afterwards). */
export async function hashEntry(
  file: string,
  entry: ZipEntry,
  keep: boolean,
): Promise<HashedEntry & { bytes?: Buffer }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of readEntry(file, entry)) {
    hash.update(chunk);
    size += chunk.byteLength;
    if (keep) chunks.push(chunk);
  }
  return { sha256: hash.digest('hex'), size, ...(keep ? { bytes: Buffer.concat(chunks) } : {}) };
}

/**
 * Checks a WARC entry: its SHA-256 and size (for datapackage.json) and every record's digests.
 *
 * A stored entry (the WACZ norm) is read by the `worker` thread, which hashes the raw bytes (the
 * entry's SHA-256 and ZIP CRC-32), gunzips them on libuv's pool and streams the content here,
 * where each record's WARC-Block-Digest and WARC-Payload-Digest are recomputed: the three
 * SHA-256 passes share two cores. A deflated entry, a call without a worker, or a worker that
 * cannot run takes the single-thread path.
 */
export async function verifyWarcEntry(
  file: string,
  entry: ZipEntry,
  worker?: EntryWorker,
): Promise<WarcEntryResult> {
  if (!worker || entry.method !== 0) return verifyWarcEntryInline(file, entry);
  const checker = new WarcChecker();
  let digest: EntryDigest;
  try {
    digest = await worker.read(
      file,
      entry.dataOffset,
      entry.compressedSize,
      isGzipName(entry.name),
      (chunk) => checker.write(chunk),
    );
  } catch (error) {
    if (error instanceof WorkerUnavailableError) return verifyWarcEntryInline(file, entry);
    throw new ZipStructureError(`${entry.name} cannot be read: ${(error as Error).message}`);
  }
  const problems: WarcRecordProblem[] = [];
  if (digest.streamError === undefined) checker.end();
  else problems.push(unreadable(digest.streamError));
  // The ZIP's own checks, as readEntry makes them (APPNOTE 4.4.7–4.4.9).
  if (digest.size !== entry.size)
    problems.push(
      unreadable(`${entry.name} holds ${digest.size} bytes, not the declared ${entry.size}`),
    );
  else if (digest.crc32 !== entry.crc32)
    problems.push(unreadable(`${entry.name} fails its ZIP CRC-32 check`));
  return {
    sha256: digest.sha256,
    size: digest.size,
    records: checker.records,
    problems: [...checker.problems, ...problems],
  };
}

const unreadable = (reason: string): WarcRecordProblem => ({
  recordId: undefined,
  offset: -1,
  reason: `the WARC data cannot be read: ${reason}`,
});

/**
 * The single-thread path: streams the entry once; the raw bytes feed SHA-256, and (for .warc.gz)
 * a gunzip whose output feeds the record checker.
 */
async function verifyWarcEntryInline(file: string, entry: ZipEntry): Promise<WarcEntryResult> {
  const hash = createHash('sha256');
  const checker = new WarcChecker();
  let size = 0;
  const tap = new Transform({
    highWaterMark: 4,
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.byteLength;
      callback(null, chunk);
    },
  });
  const sink = new Writable({
    highWaterMark: 4 << 20,
    write(chunk: Buffer, _encoding, callback) {
      checker.write(chunk);
      callback();
    },
  });
  const source = Readable.from(readEntry(file, entry));
  try {
    if (isGzipName(entry.name))
      await pipeline(source, tap, zlib.createGunzip({ chunkSize: 1 << 20 }), sink);
    else await pipeline(source, tap, sink);
    checker.end();
  } catch (error) {
    const problems = [...checker.problems, unreadable((error as Error).message)];
    return { sha256: hash.digest('hex'), size, records: checker.records, problems };
  }
  return { sha256: hash.digest('hex'), size, records: checker.records, problems: checker.problems };
}

export interface IndexProblem {
  readonly line: number;
  readonly reason: string;
}

async function readAt(
  handle: fs.promises.FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

const PREFIX_BYTES = 64 * 1024;

function headerFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Checks that every CDXJ line points at a real record: the record starting at `offset` in the
 * named WARC file is the one whose digests the sequential pass verified (by WARC-Record-ID),
 * has the line's URL and digest, and ends exactly at `offset + length` (for gzip: the member's
 * ISIZE equals the record's length and the next byte starts another member or the file ends).
 * Reads only a few kilobytes per line.
 */
export async function checkIndex(
  file: string,
  entries: readonly CdxjEntry[],
  warcs: ReadonlyMap<string, { entry: ZipEntry; result: WarcEntryResult }>,
): Promise<IndexProblem[]> {
  const problems: IndexProblem[] = [];
  const handle = await fs.promises.open(file, 'r');
  try {
    const byId = new Map<string, Map<string, WarcRecordSummary>>();
    for (const [name, { result }] of warcs)
      byId.set(name, new Map(result.records.map((record) => [record.recordId, record])));
    for (const line of entries) {
      const target = warcs.get(`archive/${line.filename}`);
      if (!target) {
        problems.push({
          line: line.line,
          reason: `names ${line.filename}, which is not in archive/`,
        });
        continue;
      }
      const { entry } = target;
      if (entry.method !== 0) {
        problems.push({
          line: line.line,
          reason: `${entry.name} is compressed inside the ZIP; WACZ requires WARC files stored`,
        });
        continue;
      }
      if (line.offset + line.length > entry.size) {
        problems.push({
          line: line.line,
          reason: `offset ${line.offset} + length ${line.length} runs past the end of ${entry.name}`,
        });
        continue;
      }
      const start = entry.dataOffset + line.offset;
      const prefix = await readAt(handle, start, Math.min(line.length, PREFIX_BYTES));
      let head: Buffer;
      if (isGzipName(entry.name)) {
        try {
          const body = prefix.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))
            ? gunzipHeaderless(prefix)
            : Buffer.alloc(0);
          head = zlib.inflateRawSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
        } catch {
          head = Buffer.alloc(0);
        }
      } else {
        head = prefix;
      }
      const end = head.indexOf('\r\n\r\n');
      if (end < 0 || !head.subarray(0, 9).toString('latin1').startsWith('WARC/')) {
        problems.push({
          line: line.line,
          reason: `offset ${line.offset} in ${entry.name} is not the start of a WARC record`,
        });
        continue;
      }
      const fields = headerFields(head.subarray(0, end).toString('utf8'));
      const recordId = fields.get('warc-record-id') ?? '';
      const record = byId.get(entry.name)?.get(recordId);
      if (!record) {
        problems.push({
          line: line.line,
          reason: `the record at offset ${line.offset} (${recordId || 'no id'}) is not among the records read from ${entry.name}`,
        });
        continue;
      }
      if (record.targetUri !== line.url) {
        problems.push({
          line: line.line,
          reason: `the record at offset ${line.offset} is for ${record.targetUri ?? '(no URI)'}, not ${line.url}`,
        });
        continue;
      }
      if (line.digest !== undefined) {
        const indexed = parseWarcDigest(line.digest, 'sha256');
        const recorded = record.payloadDigest ? parseWarcDigest(record.payloadDigest) : undefined;
        if (
          !indexed ||
          !recorded ||
          indexed.algorithm !== recorded.algorithm ||
          !indexed.bytes.equals(recorded.bytes)
        ) {
          problems.push({
            line: line.line,
            reason: `digest ${line.digest} is not the record's WARC-Payload-Digest ${record.payloadDigest ?? '(none)'}`,
          });
          continue;
        }
      }
      if (isGzipName(entry.name)) {
        // RFC 1952 §2.3.1: a member ends with CRC32 and ISIZE (length mod 2^32).
        const trailer = await readAt(handle, start + line.length - 4, 4);
        const next =
          line.offset + line.length < entry.size
            ? await readAt(handle, start + line.length, 2)
            : Buffer.from([0x1f, 0x8b]);
        if (
          trailer.length !== 4 ||
          trailer.readUInt32LE(0) !== record.length % 2 ** 32 ||
          next[0] !== 0x1f ||
          next[1] !== 0x8b
        ) {
          problems.push({
            line: line.line,
            reason: `length ${line.length} does not end at the record's gzip member boundary in ${entry.name}`,
          });
        }
      } else if (
        record.offset !== line.offset ||
        // WARC 1.1 §4: a record ends with CRLFCRLF; warcio.js's CDXJ length for an uncompressed
        // WARC leaves those 4 bytes out, other indexers count them. Either ends at the record.
        (record.length !== line.length && record.length - 4 !== line.length)
      ) {
        problems.push({
          line: line.line,
          reason: `offset ${line.offset} and length ${line.length} do not match the record in ${entry.name}`,
        });
      }
    }
  } finally {
    await handle.close();
  }
  return problems;
}

/** Strips a gzip member header (RFC 1952 §2.3) so the deflate body can be inflated partially. */
function gunzipHeaderless(member: Buffer): Buffer {
  if (member.length < 10 || member[2] !== 8) return Buffer.alloc(0);
  const flags = member[3] ?? 0;
  let position = 10;
  if (flags & 0x04) position += 2 + member.readUInt16LE(position); // FEXTRA
  if (flags & 0x08) position = member.indexOf(0, position) + 1; // FNAME
  if (flags & 0x10) position = member.indexOf(0, position) + 1; // FCOMMENT
  if (flags & 0x02) position += 2; // FHCRC
  return position > 0 && position <= member.length ? member.subarray(position) : Buffer.alloc(0);
}

/** Every response or revisit record with a URI must be findable through the index. */
export function unindexedRecords(
  entries: readonly CdxjEntry[],
  warcs: ReadonlyMap<string, { result: WarcEntryResult }>,
): string[] {
  const indexedUrls = new Set(entries.map((entry) => `${entry.filename}\u0000${entry.url}`));
  const missing: string[] = [];
  for (const [name, { result }] of warcs) {
    const filename = name.slice('archive/'.length);
    for (const record of result.records) {
      if ((record.type === 'response' || record.type === 'revisit') && record.targetUri) {
        if (!indexedUrls.has(`${filename}\u0000${record.targetUri}`))
          missing.push(`${record.recordId} (${record.targetUri}) in ${name}`);
      }
    }
  }
  return missing;
}
