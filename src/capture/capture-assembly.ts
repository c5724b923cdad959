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

export interface WriteWarcInput {
  path: string;
  filename: string;
  exchanges: readonly Exchange[];
  facts: ReadonlyMap<string, NetworkFacts>;
  wireHeaders: ReadonlyMap<string, HttpHeaderPair[][]>;
  resources: readonly ResourceArtifact[];
  provenanceUri: string;
  provenance: unknown;
  pageExchange: Exchange | null;
  software: string;
  date: Date;
  uuid: () => string;
}

/** Writes the capture's WARC and returns how many request/response records it holds. */
export async function writeCaptureWarc(input: WriteWarcInput): Promise<{ exchanges: number }> {
  const writer = await WarcWriter.create(input.path);
  try {
    await writer.write(
      warcinfoRecord({
        filename: input.filename,
        date: input.date,
        fields: {
          software: input.software,
          format: 'WARC File Format 1.1',
          conformsTo:
            'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
          description:
            'Vigil browser capture: every HTTP exchange of one page, plus screenshots, DOM, MHTML, text and provenance',
        },
      }),
    );
    const hopIndex = new Map<string, number>();
    const pending: Promise<unknown>[] = [];
    let pageRecordId: string | undefined;
    let count = 0;
    for (const ex of input.exchanges) {
      // Wire headers arrive once per hop of a network request, in order.
      const hop = hopIndex.get(ex.networkId ?? '') ?? 0;
      hopIndex.set(ex.networkId ?? '', hop + 1);
      const wire = ex.networkId ? input.wireHeaders.get(ex.networkId)?.[hop] : undefined;
      const facts = factsFor(input.facts, ex);
      const responseId = ex.status !== undefined ? newRecordId(input.uuid) : undefined;
      if (ex === input.pageExchange) pageRecordId = responseId;
      if (responseId !== undefined) {
        pending.push(
          writer.write(
            responseRecord({
              url: ex.url,
              status: ex.status!,
              statusText: ex.statusText,
              headers: ex.responseHeaders ?? [],
              body: ex.body ?? new Uint8Array(),
              date: ex.respondedAt ?? ex.requestedAt,
              ip: facts.ip,
              recordId: responseId,
              truncated: ex.truncated,
            }),
          ),
        );
        count++;
      }
      pending.push(
        writer.write(
          requestRecord({
            url: ex.url,
            method: ex.method,
            headers: wire ?? ex.requestHeaders,
            body: ex.postData,
            date: ex.requestedAt,
            ip: facts.ip,
            concurrentTo: responseId,
          }),
        ),
      );
    }
    for (const r of input.resources) {
      pending.push(
        writer.write(
          resourceRecord({
            url: r.uri,
            contentType: r.contentType,
            body: r.body,
            date: input.date,
            concurrentTo: pageRecordId,
          }),
        ),
      );
    }
    pending.push(
      writer.write(
        metadataRecord({
          url: input.provenanceUri,
          json: input.provenance,
          date: input.date,
          refersTo: pageRecordId,
        }),
      ),
    );
    await Promise.all(pending);
    await writer.close();
    return { exchanges: count };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
