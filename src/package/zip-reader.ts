/**
 * @module A strict, read-only ZIP reader for packages that may be hostile. It reads the central
 * directory, checks every entry before any byte of data is used (names, sizes, ratios,
 * duplicates, overlaps) and streams entry data straight from the file: nothing is ever
 * extracted to disk.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';

/** Limits beyond which a package is refused as malformed or malicious. */
export const ZIP_LIMITS = {
  maxEntries: 100_000,
  maxNameBytes: 1024,
  maxCentralDirectoryBytes: 64 << 20,
  /** Total declared uncompressed bytes: far above any real package, far below a zip bomb. */
  maxTotalUncompressed: 2 ** 42,
  /** Uncompressed/compressed ratio refused for deflated entries larger than `ratioFloor`. */
  maxRatio: 200,
  ratioFloor: 1 << 20,
} as const;

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** Where the entry's (compressed) data starts in the file. */
  readonly dataOffset: number;
}

export interface ZipDirectory {
  readonly fileSize: number;
  /** Entries in central-directory order; directory entries (`name/`) are dropped. */
  readonly entries: readonly ZipEntry[];
  readonly byName: ReadonlyMap<string, ZipEntry>;
}

/** Thrown for anything structurally wrong or hostile; `entry` names the offending entry. */
export class ZipStructureError extends Error {
  readonly entry: string | undefined;
  constructor(message: string, entry?: string) {
    super(message);
    this.name = 'ZipStructureError';
    this.entry = entry;
  }
}

const fail = (message: string, entry?: string): never => {
  throw new ZipStructureError(message, entry);
};

async function readAt(
  handle: fs.promises.FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length)
    fail(`unexpected end of file reading ${length} bytes at offset ${position}`);
  return buffer;
}

/**
 * Local headers of consecutive entries sit close together; reading them through a 1 MiB window
 * turns one small read per header into one read per megabyte.
 */
class ReadWindow {
  readonly #handle: fs.promises.FileHandle;
  #start = -1;
  #buffer = Buffer.alloc(0);
  constructor(handle: fs.promises.FileHandle) {
    this.#handle = handle;
  }
  async read(position: number, length: number): Promise<Buffer> {
    if (position < this.#start || position + length > this.#start + this.#buffer.length) {
      if (length > WINDOW_BYTES) return readAt(this.#handle, position, length);
      const buffer = Buffer.alloc(WINDOW_BYTES);
      const { bytesRead } = await this.#handle.read(buffer, 0, WINDOW_BYTES, position);
      this.#start = position;
      this.#buffer = buffer.subarray(0, bytesRead);
      if (bytesRead < length)
        fail(`unexpected end of file reading ${length} bytes at offset ${position}`);
    }
    const from = position - this.#start;
    return this.#buffer.subarray(from, from + length);
  }
}
const WINDOW_BYTES = 1 << 20;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** APPNOTE 4.4.4 bit 11 marks UTF-8 names; without it only ASCII is accepted (no CP437 guessing). */
function decodeName(raw: Buffer, flags: number, index: number): string {
  if (flags & 0x0800) {
    try {
      return utf8.decode(raw);
    } catch {
      return fail(`entry ${index + 1} claims a UTF-8 name but its bytes are not UTF-8`);
    }
  }
  if (raw.some((byte) => byte > 0x7e))
    fail(`entry ${index + 1} has a non-ASCII name without the UTF-8 flag`);
  return raw.toString('latin1');
}

/**
 * Refuses names that could escape an extraction directory or collide on a case-insensitive
 * disk: absolute paths, drive letters, backslashes, `.`/`..` segments, empty segments, control
 * characters. WACZ names are plain relative paths, so nothing legitimate is lost.
 */
export function checkEntryName(name: string): string | undefined {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.startsWith('/')) return `entry name ${JSON.stringify(name)} is an absolute path`;
  if (/^[A-Za-z]:/.test(name))
    return `entry name ${JSON.stringify(name)} starts with a drive letter`;
  if (name.includes('\\')) return `entry name ${JSON.stringify(name)} contains a backslash`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    return `entry name ${JSON.stringify(name)} contains control characters`;
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((segment) => segment === '..')) {
    return `entry name ${JSON.stringify(name)} escapes the package (path traversal)`;
  }
  if (segments.some((segment) => segment === '.' || segment === '')) {
    return `entry name ${JSON.stringify(name)} has an empty or "." path segment`;
  }
  return undefined;
}

function parseZip64Extra(
  extra: Buffer,
  want: { size: boolean; compressed: boolean; offset: boolean },
  name: string,
): { size?: number; compressed?: number; offset?: number } {
  let position = 0;
  while (position + 4 <= extra.length) {
    const id = extra.readUInt16LE(position);
    const length = extra.readUInt16LE(position + 2);
    const body = extra.subarray(position + 4, position + 4 + length);
    if (body.length !== length) fail(`the extra field of ${name} is truncated`, name);
    if (id === 0x0001) {
      // APPNOTE 4.5.3: only the fields whose 32-bit value is 0xFFFFFFFF appear, in this order.
      const out: { size?: number; compressed?: number; offset?: number } = {};
      let cursor = 0;
      const next = (): number => {
        if (cursor + 8 > body.length) fail(`the ZIP64 extra field of ${name} is too short`, name);
        const value = body.readBigUInt64LE(cursor);
        cursor += 8;
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
          fail(`${name} declares an absurd size or offset`, name);
        return Number(value);
      };
      if (want.size) out.size = next();
      if (want.compressed) out.compressed = next();
      if (want.offset) out.offset = next();
      return out;
    }
    position += 4 + length;
  }
  if (want.size || want.compressed || want.offset)
    fail(`${name} needs a ZIP64 extra field but has none`, name);
  return {};
}

/**
 * Reads and checks the central directory of `file`. Throws `ZipStructureError` naming what is
 * wrong; never reads entry data.
 */
export async function readZipDirectory(file: string): Promise<ZipDirectory> {
  const handle = await fs.promises.open(file, 'r');
  try {
    return await readDirectory(handle);
  } finally {
    await handle.close();
  }
}

async function readDirectory(handle: fs.promises.FileHandle): Promise<ZipDirectory> {
  const fileSize = (await handle.stat()).size;
  if (fileSize < 22) fail('the file is too small to be a ZIP archive');
  // APPNOTE 4.3.16: the end record is 22 bytes plus a comment of at most 65535 bytes.
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let endAt = -1;
  for (let index = tail.length - 22; index >= 0; index -= 1) {
    if (
      tail.readUInt32LE(index) === 0x06054b50 &&
      index + 22 + tail.readUInt16LE(index + 20) === tail.length
    ) {
      endAt = index;
      break;
    }
  }
  if (endAt < 0)
    fail('no end of central directory record: this is not a ZIP archive, or it is truncated');
  const endOffset = fileSize - tailLength + endAt;
  const end = tail.subarray(endAt, endAt + 22);
  if (end.readUInt16LE(4) !== 0 || end.readUInt16LE(6) !== 0)
    fail('multi-disk ZIP archives are not supported');
  let count = end.readUInt16LE(10);
  let centralSize = end.readUInt32LE(12);
  let centralOffset = end.readUInt32LE(16);
  let directoryEnd = endOffset;
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    if (endOffset < 20) fail('the ZIP64 end of central directory locator is missing');
    const locator = await readAt(handle, endOffset - 20, 20);
    if (locator.readUInt32LE(0) !== 0x07064b50)
      fail('the ZIP64 end of central directory locator is missing');
    const recordOffset = Number(locator.readBigUInt64LE(8));
    if (recordOffset + 56 > endOffset - 20)
      fail('the ZIP64 end of central directory record is out of place');
    const record = await readAt(handle, recordOffset, 56);
    if (record.readUInt32LE(0) !== 0x06064b50)
      fail('the ZIP64 end of central directory record is missing');
    const big = (at: number): number => {
      const value = record.readBigUInt64LE(at);
      if (value > BigInt(Number.MAX_SAFE_INTEGER))
        fail('the ZIP64 end record declares absurd sizes');
      return Number(value);
    };
    count = big(32);
    centralSize = big(40);
    centralOffset = big(48);
    directoryEnd = recordOffset;
  }
  if (count > ZIP_LIMITS.maxEntries)
    fail(`the archive declares ${count} entries; at most ${ZIP_LIMITS.maxEntries} are accepted`);
  if (centralSize > ZIP_LIMITS.maxCentralDirectoryBytes)
    fail(
      `the central directory is ${centralSize} bytes, more than the ${ZIP_LIMITS.maxCentralDirectoryBytes} accepted`,
    );
  if (centralOffset + centralSize !== directoryEnd) {
    fail(
      'the central directory does not end where the end record says (extra data or a damaged archive)',
    );
  }
  const central = await readAt(handle, centralOffset, centralSize);

  const window = new ReadWindow(handle);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  const folded = new Map<string, string>();
  let position = 0;
  let totalUncompressed = 0;
  for (let index = 0; index < count; index += 1) {
    if (position + 46 > central.length || central.readUInt32LE(position) !== 0x02014b50) {
      fail(`central directory entry ${index + 1} is malformed`);
    }
    const flags = central.readUInt16LE(position + 8);
    const method = central.readUInt16LE(position + 10);
    const crc32 = central.readUInt32LE(position + 16);
    let compressedSize = central.readUInt32LE(position + 20);
    let size = central.readUInt32LE(position + 24);
    const nameLength = central.readUInt16LE(position + 28);
    const extraLength = central.readUInt16LE(position + 30);
    const commentLength = central.readUInt16LE(position + 32);
    const disk = central.readUInt16LE(position + 34);
    let localHeaderOffset = central.readUInt32LE(position + 42);
    const nameStart = position + 46;
    const recordEnd = nameStart + nameLength + extraLength + commentLength;
    if (recordEnd > central.length)
      fail(`central directory entry ${index + 1} runs past the directory`);
    const rawName = central.subarray(nameStart, nameStart + nameLength);
    if (nameLength > ZIP_LIMITS.maxNameBytes)
      fail(`entry ${index + 1} has a ${nameLength}-byte name`);
    const name = decodeName(rawName, flags, index);
    const nameProblem = checkEntryName(name);
    if (nameProblem) fail(nameProblem, name);
    if (disk !== 0) fail(`${name} claims to be on another disk`, name);
    if (flags & 0x0001) fail(`${name} is encrypted; packages are never encrypted`, name);
    if (method !== 0 && method !== 8)
      fail(
        `${name} uses compression method ${method}; only stored (0) and deflate (8) are accepted`,
        name,
      );
    const extra = central.subarray(nameStart + nameLength, nameStart + nameLength + extraLength);
    const zip64 = parseZip64Extra(
      extra,
      {
        size: size === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      },
      name,
    );
    size = zip64.size ?? size;
    compressedSize = zip64.compressed ?? compressedSize;
    localHeaderOffset = zip64.offset ?? localHeaderOffset;
    position = recordEnd;

    if (name.endsWith('/')) {
      if (size !== 0 || compressedSize !== 0) fail(`directory entry ${name} carries data`, name);
      continue;
    }
    if (byName.has(name)) fail(`the archive holds two entries named ${name}`, name);
    const key = name.normalize('NFC').toLowerCase();
    const clash = folded.get(key);
    if (clash !== undefined)
      fail(`entries ${clash} and ${name} differ only by case or Unicode form`, name);
    folded.set(key, name);
    if (method === 0 && size !== compressedSize)
      fail(`${name} is stored but declares ${compressedSize} stored and ${size} real bytes`, name);
    if (
      method === 8 &&
      size > ZIP_LIMITS.ratioFloor &&
      size > compressedSize * ZIP_LIMITS.maxRatio
    ) {
      fail(
        `${name} would expand ${compressedSize} bytes to ${size} (ratio above ${ZIP_LIMITS.maxRatio}:1): refused as a zip bomb`,
        name,
      );
    }
    totalUncompressed += size;
    if (totalUncompressed > ZIP_LIMITS.maxTotalUncompressed)
      fail(`the entries declare an absurd total size (${totalUncompressed} bytes)`, name);
    if (localHeaderOffset + 30 > centralOffset)
      fail(`${name} starts outside the archive data`, name);
    const local = await window.read(localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== 0x04034b50)
      fail(`${name} has no local header where the directory says`, name);
    if (local.readUInt16LE(8) !== method)
      fail(`${name} declares different methods in its two headers`, name);
    const localNameLength = local.readUInt16LE(26);
    const localExtraLength = local.readUInt16LE(28);
    const localName = await window.read(localHeaderOffset + 30, localNameLength);
    if (!localName.equals(rawName)) fail(`${name} has a different name in its local header`, name);
    const dataOffset = localHeaderOffset + 30 + localNameLength + localExtraLength;
    if (dataOffset + compressedSize > centralOffset)
      fail(`${name} declares ${compressedSize} bytes, more than the archive holds`, name);
    const entry: ZipEntry = {
      name,
      method: method === 0 ? 0 : 8,
      crc32,
      compressedSize,
      size,
      localHeaderOffset,
      dataOffset,
    };
    entries.push(entry);
    byName.set(name, entry);
  }
  if (position !== central.length) fail('the central directory holds more bytes than its entries');
  // Overlapping entries are the trick behind non-recursive zip bombs (Fifield 2019).
  const ordered = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let index = 1; index < ordered.length; index += 1) {
    const previous = ordered[index - 1]!;
    const current = ordered[index]!;
    if (previous.dataOffset + previous.compressedSize > current.localHeaderOffset) {
      fail(`entries ${previous.name} and ${current.name} overlap`, current.name);
    }
  }
  return { fileSize, entries, byName };
}

/**
 * Streams an entry's uncompressed bytes in large chunks. Inflated output is capped at the
 * declared size, and size and CRC-32 are checked at the end; a mismatch throws.
 */
export async function* readEntry(
  file: string,
  entry: ZipEntry,
  chunkSize = 4 << 20,
): AsyncGenerator<Buffer> {
  const raw = fs.createReadStream(file, {
    start: entry.dataOffset,
    end: entry.dataOffset + entry.compressedSize - 1,
    highWaterMark: chunkSize,
  });
  const source =
    entry.compressedSize === 0
      ? []
      : entry.method === 0
        ? raw
        : pipeline(raw, zlib.createInflateRaw({ chunkSize: 1 << 20 }), () => undefined);
  let crc = 0;
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > entry.size)
        fail(`${entry.name} holds more than its declared ${entry.size} bytes`, entry.name);
      crc = zlib.crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ZipStructureError) throw error;
    fail(`${entry.name} cannot be read: ${(error as Error).message}`, entry.name);
  } finally {
    raw.destroy();
  }
  if (total !== entry.size)
    fail(`${entry.name} holds ${total} bytes, not the declared ${entry.size}`, entry.name);
  if (crc >>> 0 !== entry.crc32) fail(`${entry.name} fails its ZIP CRC-32 check`, entry.name);
}

/** Reads a whole (small) entry into memory, refusing anything above `limit` bytes. */
export async function readEntryBytes(
  file: string,
  entry: ZipEntry,
  limit: number,
): Promise<Buffer> {
  if (entry.size > limit)
    fail(`${entry.name} is ${entry.size} bytes; at most ${limit} are accepted`, entry.name);
  const chunks: Buffer[] = [];
  for await (const chunk of readEntry(file, entry)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
