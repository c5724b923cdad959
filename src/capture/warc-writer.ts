/**
 * @module Writes one WARC/1.1 file (gzip per record) through a one-at-a-time queue, and builds
 * the request, response, resource, metadata and warcinfo records the capture needs with warcio.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { WARCRecord, WARCSerializer } from 'warcio';

const WARC_1_1 = 'WARC/1.1' as const;

/** WARC 1.1 §5.9: sha256 over the payload, written `sha256:<hex>` as browsertrix-crawler does. */
export const WARC_DIGEST = { algo: 'sha-256', prefix: 'sha256:', base32: false } as const;

/** Where a record landed in the file (for CDXJ indexing later). */
export interface WrittenRecord {
  recordId: string;
  offset: number;
  length: number;
}

/**
 * One writer per WARC file. Records are serialised strictly one at a time (a promise chain), so
 * concurrent callers never interleave bytes. The file is written as `<path>.part` and renamed on
 * `close()`: a crash never leaves a WARC that looks complete.
 */
export class WarcWriter {
  readonly path: string;
  #handle: FileHandle;
  #offset = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Opens `<path>.part` for writing (fails if it exists). */
  static async create(path: string): Promise<WarcWriter> {
    const handle = await open(`${path}.part`, 'wx');
    return new WarcWriter(path, handle);
  }

  /** Queues a record; resolves once its gzip member is on disk. */
  write(record: WARCRecord): Promise<WrittenRecord> {
    if (this.#closed) return Promise.reject(new Error(`WARC ${this.path} is already closed`));
    const task = this.#queue.then(async () => {
      const bytes = await WARCSerializer.serialize(record, { gzip: true, digest: WARC_DIGEST });
      const offset = this.#offset;
      await this.#handle.write(bytes, 0, bytes.length, offset);
      this.#offset += bytes.length;
      const recordId = record.warcHeaders.headers.get('WARC-Record-ID') ?? '';
      return { recordId, offset, length: bytes.length };
    });
    // Keep the chain alive after a failure so later writes still run; the caller sees the error.
    this.#queue = task.catch(() => undefined);
    return task;
  }

  /** Waits for queued records, fsyncs and renames the file into place. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    await this.#handle.sync();
    await this.#handle.close();
    await rename(`${this.path}.part`, this.path);
  }

  /** Drops the partial file (after a failed capture). */
  async abort(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    await this.#handle.close().catch(() => undefined);
    await rm(`${this.path}.part`, { force: true });
  }
}

function* once(bytes: Uint8Array): Generator<Uint8Array> {
  yield bytes;
}

/** WARC 1.1 allows sub-second WARC-Date; we keep milliseconds (ISO 8601 UTC). */
const warcDate = (date: Date) => date.toISOString();

export interface HttpHeaderPair {
  name: string;
  value: string;
}

/** Header values must be single-line ASCII in a WARC HTTP block; encode the rest like browsers. */
function cleanHeaderValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(value) ? value : encodeURI(value);
  return ascii.replace(/\r?\n/g, ', ');
}

export interface RequestRecordInput {
  url: string;
  method: string;
  headers: readonly HttpHeaderPair[];
  body?: Uint8Array;
  date: Date;
  ip?: string;
  /** The WARC-Record-ID of the response this request belongs to. */
  concurrentTo?: string;
  recordId?: string;
}

/** A WARC `request` record (WARC 1.1 §6.6) carrying the request line, headers and body. */
export function requestRecord(input: RequestRecordInput): WARCRecord {
  const u = new URL(input.url);
  const warcHeaders: Record<string, string> = {};
  if (input.recordId) warcHeaders['WARC-Record-ID'] = input.recordId;
  if (input.concurrentTo) warcHeaders['WARC-Concurrent-To'] = input.concurrentTo;
  if (input.ip) warcHeaders['WARC-IP-Address'] = input.ip;
  const httpHeaders: [string, string][] = input.headers
    .filter((h) => !h.name.startsWith(':'))
    .map((h) => [h.name, cleanHeaderValue(h.value)]);
  if (!httpHeaders.some(([n]) => n.toLowerCase() === 'host')) httpHeaders.unshift(['Host', u.host]);
  return WARCRecord.create(
    {
      url: input.url,
      date: warcDate(input.date),
      type: 'request',
      warcVersion: WARC_1_1,
      warcHeaders,
      httpHeaders,
      statusline: `${input.method} ${u.pathname}${u.search} HTTP/1.1`,
    },
    once(input.body ?? new Uint8Array()),
  );
}

export interface ResponseRecordInput {
  url: string;
  status: number;
  statusText?: string;
  headers: readonly HttpHeaderPair[];
  /** The payload as the browser decoded it (content-encoding removed). */
  body: Uint8Array;
  date: Date;
  ip?: string;
  recordId: string;
  /**
   * WARC 1.1 §5.13: `length` or `time` when a capture limit cut the payload, `unspecified` when
   * the browser never saw a body the server declared (redirects).
   */
  truncated?: 'length' | 'time' | 'unspecified';
}

// Bodies come from the browser already decoded, so the original coding headers would lie about
// the payload; keep them visible under an x-orig- prefix, as browsertrix-crawler does.
const RENAMED_HEADERS = new Set(['content-encoding', 'transfer-encoding']);

/** A WARC `response` record (WARC 1.1 §6.3) with the HTTP status line, headers and payload. */
export function responseRecord(input: ResponseRecordInput): WARCRecord {
  const warcHeaders: Record<string, string> = { 'WARC-Record-ID': input.recordId };
  if (input.ip) warcHeaders['WARC-IP-Address'] = input.ip;
  if (input.truncated) warcHeaders['WARC-Truncated'] = input.truncated;
  const httpHeaders: [string, string][] = [];
  for (const h of input.headers) {
    if (h.name.startsWith(':')) continue;
    const lower = h.name.toLowerCase();
    if (RENAMED_HEADERS.has(lower))
      httpHeaders.push([`x-orig-${h.name}`, cleanHeaderValue(h.value)]);
    else if (lower === 'content-length') {
      // Keep the server's declared length visible when the recorded payload differs from it.
      if (h.value.trim() !== String(input.body.length))
        httpHeaders.push([`x-orig-${h.name}`, h.value]);
      httpHeaders.push([h.name, String(input.body.length)]);
    } else httpHeaders.push([h.name, cleanHeaderValue(h.value)]);
  }
  const reason = input.statusText || STATUS_CODES[input.status] || '';
  return WARCRecord.create(
    {
      url: input.url,
      date: warcDate(input.date),
      type: 'response',
      warcVersion: WARC_1_1,
      warcHeaders,
      httpHeaders,
      statusline: `HTTP/1.1 ${input.status} ${reason}`.trimEnd(),
    },
    once(input.body),
  );
}

/** A WARC `resource` record (WARC 1.1 §6.4): screenshots, DOM, MHTML, text made by the capture. */
export function resourceRecord(input: {
  url: string;
  contentType: string;
  body: Uint8Array;
  date: Date;
  concurrentTo?: string;
}): WARCRecord {
  const warcHeaders: Record<string, string> = { 'Content-Type': input.contentType };
  if (input.concurrentTo) warcHeaders['WARC-Concurrent-To'] = input.concurrentTo;
  return WARCRecord.create(
    {
      url: input.url,
      date: warcDate(input.date),
      type: 'resource',
      warcVersion: WARC_1_1,
      warcHeaders,
    },
    once(input.body),
  );
}

/** A WARC `metadata` record (WARC 1.1 §6.7) describing another record, here as JSON. */
export function metadataRecord(input: {
  url: string;
  json: unknown;
  date: Date;
  refersTo?: string;
}): WARCRecord {
  const warcHeaders: Record<string, string> = { 'Content-Type': 'application/json' };
  if (input.refersTo) warcHeaders['WARC-Refers-To'] = input.refersTo;
  return WARCRecord.create(
    {
      url: input.url,
      date: warcDate(input.date),
      type: 'metadata',
      warcVersion: WARC_1_1,
      warcHeaders,
    },
    once(new TextEncoder().encode(JSON.stringify(input.json, null, 2))),
  );
}

/** The `warcinfo` record (WARC 1.1 §6.2) that opens the file: software and format. */
export function warcinfoRecord(input: {
  filename: string;
  date: Date;
  fields: Record<string, string>;
}): WARCRecord {
  return WARCRecord.createWARCInfo(
    { filename: input.filename, date: warcDate(input.date), warcVersion: WARC_1_1 },
    input.fields,
  );
}

/** A fresh `<urn:uuid:…>` record id. */
export const newRecordId = (uuid: () => string): string => `<urn:uuid:${uuid()}>`;
