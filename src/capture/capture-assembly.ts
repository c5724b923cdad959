/**
 * @module Turns what the recorder saw into the capture's records: the redirect chain of the page,
 * the media list matched against the exchanges, and the WARC file itself (request/response pairs,
 * then resource and metadata records).
 */
import type { CapturedMedia, MediaKind, RedirectHop } from './capture-types.js';
import type { Exchange, NetworkFacts } from './exchange-recorder.js';
import {
  WarcWriter,
  metadataRecord,
  newRecordId,
  requestRecord,
  resourceRecord,
  responseRecord,
  warcinfoRecord,
  type HttpHeaderPair,
} from './warc-writer.js';

const header = (headers: readonly HttpHeaderPair[] | undefined, name: string): string | null =>
  headers?.find((h) => h.name.toLowerCase() === name)?.value ?? null;

const isRedirect = (status: number | undefined) =>
  status !== undefined && status >= 300 && status < 400 && status !== 304;

/** Network facts for one exchange (the Network domain keys them by network id and URL). */
export const factsFor = (facts: ReadonlyMap<string, NetworkFacts>, ex: Exchange): NetworkFacts =>
  facts.get(`${ex.networkId ?? ''} ${ex.url}`) ?? {};

/**
 * Follows the top-level document from the requested URL through each redirect to the final
 * response. Hops are the recorded Document exchanges, so every hop has its own WARC records.
 */
export function redirectChain(
  requestedUrl: string,
  exchanges: readonly Exchange[],
  facts: ReadonlyMap<string, NetworkFacts>,
): { chain: RedirectHop[]; final: Exchange | null } {
  const docs = exchanges.filter((e) => e.resourceType === 'Document');
  const chain: RedirectHop[] = [];
  let want = new URL(requestedUrl).href;
  let after = -1;
  let final: Exchange | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const hop = docs.find((e) => e.seq > after && e.url === want);
    if (!hop) break;
    final = hop;
    after = hop.seq;
    const location = header(hop.responseHeaders, 'location');
    chain.push({
      url: hop.url,
      status: hop.status ?? 0,
      location,
      ip: factsFor(facts, hop).ip ?? null,
    });
    if (!isRedirect(hop.status) || !location) break;
    want = new URL(location, hop.url).href;
  }
  return { chain, final };
}

/** Matches the media the page shows against the exchanges (status, bytes, in the WARC or not). */
export function matchMedia(
  found: readonly { kind: MediaKind; url: string; frameUrl: string }[],
  exchanges: readonly Exchange[],
): CapturedMedia[] {
  const seen = new Set<string>();
  const out: CapturedMedia[] = [];
  for (const m of found) {
    const key = `${m.kind} ${m.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hits = exchanges.filter((e) => e.url === m.url && e.status !== undefined);
    const last = hits[hits.length - 1];
    out.push({
      kind: m.kind,
      url: m.url,
      inWarc: last !== undefined,
      status: last?.status ?? null,
      bytes: last ? hits.reduce((n, e) => n + (e.body?.length ?? 0), 0) : null,
      frameUrl: m.frameUrl,
    });
  }
  return out;
}

export interface ResourceArtifact {
  /** `urn:<kind>:<page url>`, following browsertrix-crawler's screenshot/text records. */
  uri: string;
  contentType: string;
  body: Uint8Array;
}

export interface CaptureWarcOptions {
  path: string;
  filename: string;
  software: string;
  /** Date of the warcinfo record (when the WARC was opened). */
  date: Date;
  uuid: () => string;
}

export interface CaptureWarcEnd {
  exchanges: readonly Exchange[];
  facts: ReadonlyMap<string, NetworkFacts>;
  wireHeaders: ReadonlyMap<string, HttpHeaderPair[][]>;
  resources: readonly ResourceArtifact[];
  provenanceUri: string;
  provenance: unknown;
  pageExchange: Exchange | null;
  date: Date;
}

/**
 * The capture's WARC, written while the capture runs: `warcinfo` first, then the request/response
 * pairs of exchanges as soon as they are complete (so the gzip and digest work happens while the
 * page is being scrolled and photographed, not after), and at the end the remaining exchanges, the
 * resource records and the provenance `metadata` record. Record order within one call follows
 * the recorder's order; records are never rewritten.
 */
export class CaptureWarc {
  readonly #writer: WarcWriter;
  readonly #uuid: () => string;
  readonly #written = new Set<Exchange>();
  readonly #responseIds = new Map<Exchange, string>();
  readonly #pending: Promise<unknown>[] = [];
  #count = 0;

  /** Queues a record; failures surface in `finish` (a no-op handler keeps them from going unhandled meanwhile). */
  #queue(write: Promise<unknown>): void {
    write.catch(() => undefined);
    this.#pending.push(write);
  }

  private constructor(writer: WarcWriter, uuid: () => string) {
    this.#writer = writer;
    this.#uuid = uuid;
  }

  /** Creates `<path>.part` and queues the `warcinfo` record. */
  static async open(options: CaptureWarcOptions): Promise<CaptureWarc> {
    const writer = await WarcWriter.create(options.path);
    const warc = new CaptureWarc(writer, options.uuid);
    warc.#queue(
      writer.write(
        warcinfoRecord({
          filename: options.filename,
          date: options.date,
          fields: {
            software: options.software,
            format: 'WARC File Format 1.1',
            conformsTo:
              'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
            description:
              'Vigil browser capture: every HTTP exchange of one page, plus screenshots, DOM, MHTML, text and provenance',
          },
        }),
      ),
    );
    return warc;
  }

  /**
   * Queues the exchanges that are complete and not written yet: answered with the body read and
   * the Network facts (server IP) known, or failed. The rest wait for `finish`.
   */
  writeCompleted(
    exchanges: readonly Exchange[],
    facts: ReadonlyMap<string, NetworkFacts>,
    wireHeaders: ReadonlyMap<string, HttpHeaderPair[][]>,
  ): void {
    this.#writeExchanges(exchanges, facts, wireHeaders, (ex) =>
      ex.status !== undefined
        ? ex.body !== undefined && facts.has(`${ex.networkId ?? ''} ${ex.url}`)
        : ex.error !== undefined,
    );
  }

  /** Writes everything left, the resources and the provenance, then closes the file. */
  async finish(end: CaptureWarcEnd): Promise<{ exchanges: number }> {
    try {
      this.#writeExchanges(end.exchanges, end.facts, end.wireHeaders, () => true);
      const pageRecordId = end.pageExchange ? this.#responseIds.get(end.pageExchange) : undefined;
      for (const r of end.resources) {
        this.#queue(
          this.#writer.write(
            resourceRecord({
              url: r.uri,
              contentType: r.contentType,
              body: r.body,
              date: end.date,
              concurrentTo: pageRecordId,
            }),
          ),
        );
      }
      this.#queue(
        this.#writer.write(
          metadataRecord({
            url: end.provenanceUri,
            json: end.provenance,
            date: end.date,
            refersTo: pageRecordId,
          }),
        ),
      );
      await Promise.all(this.#pending);
      await this.#writer.close();
      return { exchanges: this.#count };
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the partial file (after a failed capture). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.#pending);
    await this.#writer.abort();
  }

  #writeExchanges(
    exchanges: readonly Exchange[],
    facts: ReadonlyMap<string, NetworkFacts>,
    wireHeaders: ReadonlyMap<string, HttpHeaderPair[][]>,
    ready: (ex: Exchange) => boolean,
  ): void {
    // Wire headers arrive once per hop of a network request, in order: the n-th exchange of a
    // network id is its n-th hop.
    const hopIndex = new Map<string, number>();
    for (const ex of exchanges) {
      const hop = hopIndex.get(ex.networkId ?? '') ?? 0;
      hopIndex.set(ex.networkId ?? '', hop + 1);
      if (this.#written.has(ex) || !ready(ex)) continue;
      this.#written.add(ex);
      const wire = ex.networkId ? wireHeaders.get(ex.networkId)?.[hop] : undefined;
      const ip = factsFor(facts, ex).ip;
      const responseId = ex.status !== undefined ? newRecordId(this.#uuid) : undefined;
      if (responseId !== undefined) {
        this.#responseIds.set(ex, responseId);
        this.#queue(
          this.#writer.write(
            responseRecord({
              url: ex.url,
              status: ex.status!,
              statusText: ex.statusText,
              headers: ex.responseHeaders ?? [],
              body: ex.body ?? new Uint8Array(),
              date: ex.respondedAt ?? ex.requestedAt,
              ip,
              recordId: responseId,
              truncated: ex.truncated,
            }),
          ),
        );
        this.#count++;
      }
      this.#queue(
        this.#writer.write(
          requestRecord({
            url: ex.url,
            method: ex.method,
            headers: wire ?? ex.requestHeaders,
            body: ex.postData,
            date: ex.requestedAt,
            ip,
            concurrentTo: responseId,
          }),
        ),
      );
    }
  }
}
