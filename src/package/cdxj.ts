/**
 * @module The CDXJ index of a WACZ (`indexes/index.cdxj`): built from the WARC files with
 * warcio.js's own indexer, the one Webrecorder's tools use, so replay finds every response;
 * and parsed back, strictly, for verification.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { CDXIndexer, WARCParser } from 'warcio';
import { invalidInput } from '../core/errors.js';

/** One CDXJ line, as verification needs it. */
export interface CdxjEntry {
  readonly line: number;
  readonly urlkey: string;
  readonly timestamp: string;
  readonly url: string;
  readonly digest: string | undefined;
  readonly filename: string;
  readonly offset: number;
  readonly length: number;
}

export interface IndexedWarc {
  /** CDXJ lines (without newline) for this file. */
  readonly lines: string[];
  readonly size: number;
  readonly crc32: number;
  readonly sha256: string;
  /** Records the CDXJ indexer kept (responses, resources, revisits…). */
  readonly records: number;
}

/**
 * Reads a `.warc.gz` once: indexes it with warcio's CDXIndexer (offsets and lengths are those of
 * the gzip members, WACZ 1.1.1 §indexes) and hashes its bytes on the way (SHA-256 and CRC-32 for
 * the ZIP header), so packaging needs only one more read to copy it.
 */
export async function indexWarc(file: string, filename: string): Promise<IndexedWarc> {
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of fs.createReadStream(file, {
      highWaterMark: 4 << 20,
    }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      crc = zlib.crc32(chunk, crc);
      size += chunk.byteLength;
      yield chunk;
    }
  }
  const indexer = new CDXIndexer({ format: 'cdxj' });
  const parser = new WARCParser(tapped());
  const lines: string[] = [];
  let records = 0;
  for await (const result of indexer.iterRecords(parser, filename)) {
    records += 1;
    lines.push(indexer.serializeCDXJ(result).trimEnd());
  }
  // Drain whatever the parser did not need (a trailing record the indexer skipped).
  for (;;) {
    const record = await parser.parse();
    if (!record) break;
    await record.skipFully();
  }
  const expected = (await fs.promises.stat(file)).size;
  if (size !== expected) {
    throw invalidInput(
      `${file} was not read to its end by the WARC parser (${size} of ${expected} bytes): it is not a valid WARC file`,
    );
  }
  return { lines, size, crc32: crc >>> 0, sha256: hash.digest('hex'), records };
}

/** Sorts CDXJ lines as replay tools binary-search them: plain byte order of the whole line. */
export const sortCdxj = (lines: string[]): string[] =>
  [...lines].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Parses a CDXJ file. Throws with the line number when a line is malformed. */
export function parseCdxj(text: string): CdxjEntry[] {
  const entries: CdxjEntry[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (line.length === 0) continue;
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first <= 0 || second <= first)
      throw new Error(`line ${index + 1} is not "urlkey timestamp {json}"`);
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(line.slice(second + 1)) as Record<string, unknown>;
    } catch {
      throw new Error(`line ${index + 1} does not end in a JSON object`);
    }
    const offset = Number(data.offset);
    const length = Number(data.length);
    if (typeof data.url !== 'string' || typeof data.filename !== 'string') {
      throw new Error(`line ${index + 1} lacks url or filename`);
    }
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      !Number.isSafeInteger(length) ||
      length <= 0
    ) {
      throw new Error(`line ${index + 1} has no valid offset and length`);
    }
    entries.push({
      line: index + 1,
      urlkey: line.slice(0, first),
      timestamp: line.slice(first + 1, second),
      url: data.url,
      digest: typeof data.digest === 'string' ? data.digest : undefined,
      filename: data.filename,
      offset,
      length,
    });
  }
  return entries;
}
