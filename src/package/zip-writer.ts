/**
 * @module A streaming ZIP writer for WACZ packages: every entry STORED (WACZ 1.1.1 requires the
 * WARC files stored so replay tools can seek into them), ZIP64 when an entry, an offset or the
 * entry count passes the 32/16-bit limits, and the whole output hashed as it is written.
 * Memory stays constant: data flows chunk by chunk from the source to the file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { integrityError } from '../core/errors.js';

const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
/** APPNOTE 4.4.4 general purpose bit 11: the name is UTF-8. */
const FLAG_UTF8 = 0x0800;
/** APPNOTE 4.4.3: 2.0 for plain stored entries, 4.5 once ZIP64 extensions are used. */
const VERSION_PLAIN = 20;
const VERSION_ZIP64 = 45;
/** "made by" host 3 (UNIX) so extractors apply the permission bits below. */
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const UNIX_FILE_MODE = (0o100644 << 16) >>> 0;
const SMALL_WRITE = 64 * 1024;
const BATCH_BYTES = 1 << 20;

export interface ZipEntryResult {
  readonly name: string;
  readonly size: number;
  readonly crc32: number;
  /** SHA-256 of the entry's bytes, hex. */
  readonly sha256: string;
  readonly localHeaderOffset: number;
}

interface CentralRecord extends ZipEntryResult {
  readonly nameBytes: Buffer;
}

/** MS-DOS date and time (APPNOTE 4.4.6), from the UTC fields so the output does not vary by zone. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, date.getUTCFullYear()));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Writes a ZIP file front to back. Entries are added one at a time; sizes and CRC-32 must be
 * known before an entry starts (the caller has read the source once already, to index it) and
 * are checked again while the data streams, so a source that changed in between is refused
 * instead of producing a ZIP whose headers lie.
 *
 * @example
 * const zip = await ZipWriter.open('/tmp/out.zip', new Date());
 * await zip.addBytes('hello.txt', Buffer.from('hi'));
 * const { sha256 } = await zip.finish();
 */
export class ZipWriter {
  readonly #stream: fs.WriteStream;
  readonly #hash = createHash('sha256');
  readonly #entries: CentralRecord[] = [];
  readonly #names = new Set<string>();
  readonly #dos: { time: number; date: number };
  #offset = 0;

  private constructor(stream: fs.WriteStream, modified: Date) {
    this.#stream = stream;
    this.#dos = dosDateTime(modified);
  }

  /** Opens `file` for writing (it must not exist: evidence is never overwritten in place). */
  static async open(file: string, modified: Date): Promise<ZipWriter> {
    const stream = fs.createWriteStream(file, { flags: 'wx', highWaterMark: 4 << 20 });
    await once(stream, 'open');
    return new ZipWriter(stream, modified);
  }

  get bytesWritten(): number {
    return this.#offset;
  }

  /** Small writes (headers, small entries) are batched: one fs write per ~1 MiB, not per header. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  async #write(chunk: Uint8Array): Promise<void> {
    this.#hash.update(chunk);
    this.#offset += chunk.byteLength;
    if (chunk.byteLength < SMALL_WRITE) {
      this.#pending.push(Buffer.from(chunk));
      this.#pendingBytes += chunk.byteLength;
      if (this.#pendingBytes >= BATCH_BYTES) await this.#flush();
      return;
    }
    await this.#flush();
    await this.#emit(chunk);
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const batch = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#emit(batch);
  }

  async #emit(chunk: Uint8Array): Promise<void> {
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  /** Adds an entry whose bytes are in memory. */
  async addBytes(name: string, data: Uint8Array): Promise<ZipEntryResult> {
    return this.addStream(name, data.byteLength, zlib.crc32(data), [data]);
  }

  /**
   * Adds an entry from a stream of chunks whose total size and CRC-32 are known in advance.
   * Throws an integrity error when the streamed bytes do not match them.
   */
  async addStream(
    name: string,
    size: number,
    crc32: number,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<ZipEntryResult> {
    if (this.#names.has(name))
      throw integrityError(`the package already holds an entry named ${name}`);
    this.#names.add(name);
    const nameBytes = Buffer.from(name, 'utf8');
    const localHeaderOffset = this.#offset;
    const zip64 = size >= U32_MAX;
    // APPNOTE 4.5.3: in a local header the ZIP64 extra carries both sizes, and the 32-bit
    // fields hold 0xFFFFFFFF.
    const extra = zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(size), 12);
    }
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(0, 8); // method 0: stored
    header.writeUInt16LE(this.#dos.time, 10);
    header.writeUInt16LE(this.#dos.date, 12);
    header.writeUInt32LE(crc32 >>> 0, 14);
    header.writeUInt32LE(zip64 ? U32_MAX : size, 18);
    header.writeUInt32LE(zip64 ? U32_MAX : size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(extra.length, 28);
    await this.#write(Buffer.concat([header, nameBytes, extra]));

    const hash = createHash('sha256');
    let crc = 0;
    let written = 0;
    for await (const chunk of source) {
      hash.update(chunk);
      crc = zlib.crc32(chunk, crc);
      written += chunk.byteLength;
      await this.#write(chunk);
    }
    if (written !== size || crc >>> 0 !== crc32 >>> 0) {
      throw integrityError(
        `${name} changed while it was being packaged: expected ${size} bytes with CRC-32 ${crc32 >>> 0}, read ${written} bytes with CRC-32 ${crc >>> 0}`,
        {
          hint: 'make sure nothing writes to the source files while a package is made, then package again',
        },
      );
    }
    const result: CentralRecord = {
      name,
      nameBytes,
      size,
      crc32: crc32 >>> 0,
      sha256: hash.digest('hex'),
      localHeaderOffset,
    };
    this.#entries.push(result);
    return { name, size, crc32: result.crc32, sha256: result.sha256, localHeaderOffset };
  }

  /** Writes the central directory, flushes to disk and closes. Returns the file's size and SHA-256. */
  async finish(): Promise<{ size: number; sha256: string }> {
    const centralOffset = this.#offset;
    for (const entry of this.#entries) {
      const bigSize = entry.size >= U32_MAX;
      const bigOffset = entry.localHeaderOffset >= U32_MAX;
      // APPNOTE 4.5.3: the central ZIP64 extra holds only the fields whose 32-bit slot is full,
      // in the order uncompressed size, compressed size, local header offset.
      const fields: bigint[] = [];
      if (bigSize) fields.push(BigInt(entry.size), BigInt(entry.size));
      if (bigOffset) fields.push(BigInt(entry.localHeaderOffset));
      const extra = Buffer.alloc(fields.length > 0 ? 4 + 8 * fields.length : 0);
      if (fields.length > 0) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8 * fields.length, 2);
        fields.forEach((value, index) => extra.writeBigUInt64LE(value, 4 + 8 * index));
      }
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(MADE_BY, 4);
      header.writeUInt16LE(fields.length > 0 ? VERSION_ZIP64 : VERSION_PLAIN, 6);
      header.writeUInt16LE(FLAG_UTF8, 8);
      header.writeUInt16LE(0, 10);
      header.writeUInt16LE(this.#dos.time, 12);
      header.writeUInt16LE(this.#dos.date, 14);
      header.writeUInt32LE(entry.crc32, 16);
      header.writeUInt32LE(bigSize ? U32_MAX : entry.size, 20);
      header.writeUInt32LE(bigSize ? U32_MAX : entry.size, 24);
      header.writeUInt16LE(entry.nameBytes.length, 28);
      header.writeUInt16LE(extra.length, 30);
      header.writeUInt16LE(0, 32); // comment length
      header.writeUInt16LE(0, 34); // disk number start
      header.writeUInt16LE(0, 36); // internal attributes
      header.writeUInt32LE(UNIX_FILE_MODE, 38);
      header.writeUInt32LE(bigOffset ? U32_MAX : entry.localHeaderOffset, 42);
      await this.#write(Buffer.concat([header, entry.nameBytes, extra]));
    }
    const centralSize = this.#offset - centralOffset;
    const count = this.#entries.length;
    const needZip64 = count >= U16_MAX || centralOffset >= U32_MAX || centralSize >= U32_MAX;
    if (needZip64) {
      const zip64EndOffset = this.#offset;
      // APPNOTE 4.3.14: ZIP64 end of central directory record, then its locator (4.3.15).
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(MADE_BY, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeUInt32LE(0, 16);
      record.writeUInt32LE(0, 20);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(centralSize), 40);
      record.writeBigUInt64LE(BigInt(centralOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(zip64EndOffset), 8);
      locator.writeUInt32LE(1, 16);
      await this.#write(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(needZip64 ? U16_MAX : count, 8);
    end.writeUInt16LE(needZip64 ? U16_MAX : count, 10);
    end.writeUInt32LE(needZip64 ? U32_MAX : centralSize, 12);
    end.writeUInt32LE(needZip64 ? U32_MAX : centralOffset, 16);
    end.writeUInt16LE(0, 20);
    await this.#write(end);
    await this.#flush();
    await new Promise<void>((resolve, reject) => {
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    // Evidence is written durably before it is renamed into place (ARCHITECTURE.md).
    const handle = await fs.promises.open(this.#stream.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { size: this.#offset, sha256: this.#hash.digest('hex') };
  }

  /** Abandons the file (the caller removes it). */
  abort(): void {
    this.#pending = [];
    this.#stream.on('error', () => undefined);
    this.#stream.destroy();
  }
}
