/**
 * @module A streaming WARC record checker for verification: fed the decompressed bytes of a
 * WARC file in any chunking, it parses each record's headers and recomputes its
 * `WARC-Block-Digest` and `WARC-Payload-Digest` (WARC 1.1 §5.8, §5.9) without holding a record
 * in memory. Written for speed (one pass, large chunks, native hashing); warcio.js stays the
 * independent reader used to build the index.
 */
import type { Hash } from 'node:crypto';
import { hasherFor, parseWarcDigest } from './warc-digest.js';
import type { ParsedDigest } from './warc-digest.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');
/** No honest WARC or HTTP header section comes near this; a larger one is refused. */
const MAX_HEADER_BYTES = 1 << 20;

/** What the checker learned about one record. */
export interface WarcRecordSummary {
  readonly recordId: string;
  readonly type: string;
  readonly targetUri: string | undefined;
  /** The WARC-Payload-Digest label as written, if any. */
  readonly payloadDigest: string | undefined;
  /** Offset of the record in the decompressed WARC stream. */
  readonly offset: number;
  /** Header + block + trailing CRLFCRLF, decompressed. */
  readonly length: number;
}

export interface WarcRecordProblem {
  readonly recordId: string | undefined;
  readonly offset: number;
  readonly reason: string;
}

interface DigestCheck {
  readonly label: string;
  readonly expected: ParsedDigest;
  readonly hash: Hash;
}

type State = 'header' | 'block' | 'trailer' | 'broken';

/**
 * Incremental checker. Call `write(chunk)` for every decompressed chunk, then `end()`. The
 * checker keeps no reference to a chunk after `write` returns, so callers may reuse buffers.
 * Problems are collected, not thrown, so a verification report can name each bad record.
 *
 * @example
 * const checker = new WarcChecker();
 * for await (const chunk of gunzipped) checker.write(chunk);
 * checker.end();
 * checker.problems; // [] when every digest matched
 */
export class WarcChecker {
  readonly records: WarcRecordSummary[] = [];
  readonly problems: WarcRecordProblem[] = [];
  #state: State = 'header';
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #position = 0;
  // Current record.
  #recordStart = 0;
  #remaining = 0;
  #recordId: string | undefined;
  #type = '';
  #targetUri: string | undefined;
  #payloadLabel: string | undefined;
  #block: DigestCheck | undefined;
  #payload: DigestCheck | undefined;
  /** For application/http blocks: bytes of the HTTP header section seen so far. */
  #httpHeader: Buffer[] | undefined;
  #httpHeaderLength = 0;
  #trailerSeen = 0;

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && this.#state !== 'broken') {
      if (this.#state === 'header') offset = this.#readHeader(chunk, offset);
      else if (this.#state === 'block') offset = this.#readBlock(chunk, offset);
      else offset = this.#readTrailer(chunk, offset);
    }
    this.#position += chunk.length;
  }

  /** Declares the end of the stream; a record cut short is a problem. */
  end(): void {
    if (this.#state === 'broken') return;
    const leftover = this.#pendingLength;
    if (this.#state === 'header' && leftover > 0) {
      const rest = Buffer.concat(this.#pending);
      if (rest.toString('latin1').trim().length > 0)
        this.#broken('the file ends inside a record header');
    } else if (this.#state !== 'header') {
      this.#broken('the file ends inside a record (Content-Length larger than the data)');
    }
  }

  #broken(reason: string): void {
    this.problems.push({ recordId: this.#recordId, offset: this.#recordStart, reason });
    this.#state = 'broken';
  }

  #readHeader(chunk: Buffer, offset: number): number {
    if (this.#pendingLength === 0) {
      // Between records some writers leave extra CRLFs; skip them before the version line.
      while (offset < chunk.length && (chunk[offset] === 0x0d || chunk[offset] === 0x0a))
        offset += 1;
      if (offset === chunk.length) return offset;
      this.#recordStart = this.#position + offset;
    }
    // Search the new bytes, starting 3 back so a CRLFCRLF split across chunks is found.
    const joinedPrefix = this.#pendingLength > 0 ? Buffer.concat(this.#pending) : undefined;
    const view = joinedPrefix
      ? Buffer.concat([joinedPrefix, chunk.subarray(offset)])
      : chunk.subarray(offset);
    const from = Math.max(0, (joinedPrefix?.length ?? 0) - 3);
    const end = view.indexOf(CRLFCRLF, from);
    if (end < 0) {
      if (view.length > MAX_HEADER_BYTES) {
        this.#broken(`no end of WARC headers within ${MAX_HEADER_BYTES} bytes`);
        return chunk.length;
      }
      // Copied: the caller may reuse the chunk's buffer once write() returns.
      this.#pending = [joinedPrefix ? view : Buffer.from(view)];
      this.#pendingLength = view.length;
      return chunk.length;
    }
    const header = view.subarray(0, end).toString('utf8');
    const consumed = end + 4 - (joinedPrefix?.length ?? 0);
    this.#pending = [];
    this.#pendingLength = 0;
    this.#startRecord(header);
    return offset + consumed;
  }

  #startRecord(header: string): void {
    const lines = header.split('\r\n');
    const version = lines[0] ?? '';
    this.#recordId = undefined;
    if (!/^WARC\/1\.[01]$/.test(version)) {
      this.#broken(
        `expected a WARC/1.0 or WARC/1.1 record, found ${JSON.stringify(version.slice(0, 40))}`,
      );
      return;
    }
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of lines.slice(1)) {
      if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
        fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) {
        this.#broken(`malformed WARC header line ${JSON.stringify(line.slice(0, 60))}`);
        return;
      }
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    this.#recordId = fields.get('warc-record-id');
    this.#type = fields.get('warc-type') ?? '';
    const uri = fields.get('warc-target-uri');
    this.#targetUri = uri?.startsWith('<') && uri.endsWith('>') ? uri.slice(1, -1) : uri;
    const lengthText = fields.get('content-length') ?? '';
    if (!/^\d{1,15}$/.test(lengthText)) {
      this.#broken(`Content-Length ${JSON.stringify(lengthText)} is not a number`);
      return;
    }
    if (!this.#recordId) {
      this.#broken('the record has no WARC-Record-ID');
      return;
    }
    this.#remaining = Number(lengthText);
    this.#block = undefined;
    this.#payload = undefined;
    this.#httpHeader = undefined;
    this.#httpHeaderLength = 0;
    this.#payloadLabel = fields.get('warc-payload-digest');
    const blockLabel = fields.get('warc-block-digest');
    if (blockLabel) {
      const parsed = parseWarcDigest(blockLabel);
      if (parsed) this.#block = { label: blockLabel, expected: parsed, hash: hasherFor(parsed) };
      else this.#problem(`WARC-Block-Digest ${blockLabel} uses an unknown algorithm or encoding`);
    }
    // WARC 1.1 §5.9: a revisit's payload digest names the earlier payload, which is not here.
    if (this.#payloadLabel && this.#type !== 'revisit') {
      const parsed = parseWarcDigest(this.#payloadLabel);
      if (parsed)
        this.#payload = { label: this.#payloadLabel, expected: parsed, hash: hasherFor(parsed) };
      else
        this.#problem(
          `WARC-Payload-Digest ${this.#payloadLabel} uses an unknown algorithm or encoding`,
        );
      const contentType = (fields.get('content-type') ?? '').toLowerCase();
      const http = this.#type === 'response' || this.#type === 'request';
      if (this.#payload && http && contentType.startsWith('application/http')) {
        // The payload of an application/http block is the entity body after the HTTP headers.
        this.#httpHeader = [];
      }
    }
    if (
      !blockLabel &&
      !this.#payloadLabel &&
      this.#type !== 'warcinfo' &&
      this.#type !== 'revisit'
    ) {
      this.#problem(
        'the record carries neither WARC-Payload-Digest nor WARC-Block-Digest, so it cannot be verified',
      );
    }
    this.#state = this.#remaining > 0 ? 'block' : 'trailer';
    this.#trailerSeen = 0;
  }

  #problem(reason: string): void {
    this.problems.push({ recordId: this.#recordId, offset: this.#recordStart, reason });
  }

  #readBlock(chunk: Buffer, offset: number): number {
    const take = Math.min(this.#remaining, chunk.length - offset);
    const part = chunk.subarray(offset, offset + take);
    this.#block?.hash.update(part);
    if (this.#payload) {
      if (this.#httpHeader) this.#feedHttpHeader(part);
      else this.#payload.hash.update(part);
    }
    this.#remaining -= take;
    if (this.#remaining === 0) this.#finishBlock();
    return offset + take;
  }

  #feedHttpHeader(part: Buffer): void {
    const seen = this.#httpHeader ?? [];
    const joined = seen.length > 0 ? Buffer.concat([...seen, part]) : part;
    const from = Math.max(0, this.#httpHeaderLength - 3);
    const end = joined.indexOf(CRLFCRLF, from);
    if (end >= 0) {
      this.#httpHeader = undefined;
      this.#payload?.hash.update(joined.subarray(end + 4));
      return;
    }
    if (joined.length > MAX_HEADER_BYTES) {
      // Not an HTTP message after all: the digest will not match and says so.
      this.#httpHeader = undefined;
      return;
    }
    // Copied when it is still the caller's chunk, which may be reused once write() returns.
    this.#httpHeader = [seen.length > 0 ? joined : Buffer.from(joined)];
    this.#httpHeaderLength = joined.length;
  }

  #finishBlock(): void {
    const check = (digest: DigestCheck | undefined, field: string): void => {
      if (!digest) return;
      const actual = digest.hash.digest();
      if (!actual.equals(digest.expected.bytes)) {
        this.#problem(
          `${field} does not match: recorded ${digest.label}, computed ${digest.expected.algorithm}:${actual.toString('hex')}`,
        );
      }
    };
    check(this.#block, 'WARC-Block-Digest');
    check(this.#payload, 'WARC-Payload-Digest');
    this.#state = 'trailer';
    this.#trailerSeen = 0;
  }

  #readTrailer(chunk: Buffer, offset: number): number {
    // WARC 1.1 §4: every record ends with two CRLFs after its block.
    while (offset < chunk.length && this.#trailerSeen < 4) {
      if (chunk[offset] !== CRLFCRLF[this.#trailerSeen]) {
        this.#broken(
          'the record is not followed by CRLFCRLF: its Content-Length is wrong or the data was altered',
        );
        return chunk.length;
      }
      this.#trailerSeen += 1;
      offset += 1;
    }
    if (this.#trailerSeen === 4) {
      const length = this.#position + offset - this.#recordStart;
      this.records.push({
        recordId: this.#recordId ?? '',
        type: this.#type,
        targetUri: this.#targetUri,
        payloadDigest: this.#payloadLabel,
        offset: this.#recordStart,
        length,
      });
      this.#state = 'header';
    }
    return offset;
  }
}
