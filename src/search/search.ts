/**
 * @module Full-text search over what was collected: captured text, structured post fields, OCR
 * text, notes and tags, with filters (issue 6). Ports here; the SQLite FTS5 adapter is in
 * `src/store/sqlite/search-index.ts`.
 */
import type { AnnotationService } from '../cases/annotations.js';
import { invalidInput } from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import type { BlobStore, MetadataStore } from '../evidence/ports.js';
import type { Item } from '../evidence/types.js';

/** What the index holds for one item; every text field is folded with `foldForSearch`. */
export interface SearchDocument {
  readonly itemId: string;
  readonly caseId: string;
  readonly kind: string;
  readonly platform: string | null;
  readonly collectedAt: string;
  readonly name: string;
  readonly url: string;
  readonly body: string;
  readonly author: string;
  readonly notes: string;
  readonly tags: string;
}

export interface SearchFilters {
  readonly caseIds: readonly string[];
  /** Items the person may not see (R11): left out of hits and counts alike. */
  readonly hiddenItems?: ReadonlySet<string> | undefined;
  readonly platform?: string | undefined;
  readonly kind?: string | undefined;
  readonly from?: string | undefined;
  readonly until?: string | undefined;
  readonly limit?: number | undefined;
}

export interface SearchHit {
  readonly itemId: string;
  readonly caseId: string;
  readonly name: string;
  readonly platform: string | null;
  readonly collectedAt: string;
  /** A short extract with the matches between « and ». */
  readonly snippet: string;
  /** The bm25 score (lower is more relevant); null when the hits are ordered by recency. */
  readonly rank: number | null;
}

/**
 * How hits are ordered. `bm25`: by relevance, every hit in scope ranked. `recency`: newest first,
 * when more hits match than the index ranks per query (ranking them all would cost time in
 * proportion to the hits, seconds for a common word in a large case).
 */
export const SEARCH_RANKINGS = ['bm25', 'recency'] as const;
export type SearchRanking = (typeof SEARCH_RANKINGS)[number];

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly ranking: SearchRanking;
  /** Hits in scope; a lower bound when `totalIsLowerBound` (counting stops at the ranking cap). */
  readonly total: number;
  readonly totalIsLowerBound: boolean;
}

/** A term matching more items than this (in the person's scope) is ordered by recency. */
export const DEFAULT_RANKED_CANDIDATES = 200;

export interface SearchIndex {
  upsert(document: SearchDocument): Promise<void>;
  remove(itemId: string): Promise<void>;
  /** `match` is an FTS5 expression built by `toMatchExpression`. */
  query(match: string, filters: SearchFilters): Promise<SearchResult>;
}

/**
 * Folds text for matching: NFKC, lower case, Arabic diacritics (harakat) and tatweel removed, and
 * alef/yeh/kaf variants unified, so a search finds a post however it was typed.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/[\u0649\u06CC]/g, '\u064A')
    .replace(/\u06A9/g, '\u0643');
}

/**
 * Turns what a person typed into a safe FTS5 expression: every word becomes a quoted term (so
 * FTS syntax in the input cannot change the query), all required; `"a phrase"` stays a phrase.
 */
export function toMatchExpression(input: string): string {
  const folded = foldForSearch(input).trim();
  if (!folded) throw invalidInput('the search text is empty', { hint: 'type one or more words' });
  const parts = [...folded.matchAll(/"([^"]+)"|(\S+)/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/"/g, ''),
  );
  const terms = parts.filter((part) => part.length > 0).slice(0, 20);
  if (terms.length === 0)
    throw invalidInput('the search text has no words', { hint: 'type one or more words' });
  return terms.map((term) => `"${term}"`).join(' ');
}

const platformOf = (url: string | null): string | null => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

async function readText(blobs: BlobStore, sha256: string, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of blobs.read(sha256)) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

export interface SearchDeps {
  readonly index: SearchIndex;
  readonly store: MetadataStore;
  readonly blobs: BlobStore;
  readonly annotations: AnnotationService;
}

const TEXT_LIMIT = 2 * 1024 * 1024;

export class SearchService {
  readonly #deps: SearchDeps;

  constructor(deps: SearchDeps) {
    this.#deps = deps;
  }

  /** (Re)builds the index entry of one item from its stored artifacts and annotations. */
  async reindexItem(itemId: string): Promise<void> {
    const item = await this.#deps.store.items.get(itemId);
    if (!item || item.erasedAt) {
      await this.#deps.index.remove(itemId);
      return;
    }
    const artifacts = await this.#deps.store.items.artifacts(itemId);
    const texts: string[] = [];
    for (const artifact of artifacts) {
      const textual =
        artifact.role === 'text' ||
        (artifact.role === 'derived' && artifact.mediaType.startsWith('text/')) ||
        (artifact.role === 'original' && artifact.mediaType.startsWith('text/'));
      if (textual) texts.push(await readText(this.#deps.blobs, artifact.sha256, TEXT_LIMIT));
    }
    const structured =
      (item.metadata.structured as { fields?: Record<string, string> } | null | undefined)
        ?.fields ?? {};
    if (structured.text) texts.push(structured.text);
    const { tags, notes } = await this.#deps.annotations.annotations(itemId);
    await this.#deps.index.upsert({
      itemId,
      caseId: item.caseId,
      kind: item.kind,
      platform: platformOf(item.sourceUrl),
      collectedAt: item.collectedAt,
      name: foldForSearch(item.name),
      url: foldForSearch(item.sourceUrl ?? ''),
      body: foldForSearch(texts.join('\n')),
      author: foldForSearch(
        [structured.author, structured.handle, structured.authorId].filter(Boolean).join(' '),
      ),
      notes: foldForSearch(notes.map((note) => note.text).join('\n')),
      tags: tags.map((tag) => tag.tag).join(' '),
    });
  }

  /** Searches within the cases a person may see; restricted items (R11) only for their leads. */
  async search(text: string, filters: SearchFilters): Promise<SearchHit[]> {
    return (await this.searchPage(text, filters)).hits;
  }

  /** `search` with how the hits were ordered and how many there are (see `SearchResult`). */
  async searchPage(text: string, filters: SearchFilters): Promise<SearchResult> {
    const from = filters.from ? parseInstant(filters.from, 'from').toISOString() : undefined;
    const until = filters.until ? parseInstant(filters.until, 'until').toISOString() : undefined;
    return this.#deps.index.query(toMatchExpression(text), {
      ...filters,
      from,
      until,
      limit: Math.min(filters.limit ?? 50, 500),
    });
  }

  /** Content time (as the platform showed it) against capture time, per item of a case. */
  async timeline(
    caseId: string,
    hidden: ReadonlySet<string> = new Set(),
  ): Promise<
    {
      itemId: string;
      name: string;
      contentTime: string | null;
      contentTimeShown: string | null;
      captureTime: string;
      kind: string;
    }[]
  > {
    const items: Item[] = await this.#deps.store.items.listByCase(caseId);
    return items
      .filter((item) => !hidden.has(item.id))
      .map((item) => {
        const fields =
          (item.metadata.structured as { fields?: Record<string, string> } | null | undefined)
            ?.fields ?? {};
        const embedded =
          (item.metadata.embedded as Record<string, unknown> | null | undefined) ?? {};
        const exif =
          typeof embedded['EXIF:DateTimeOriginal'] === 'string'
            ? embedded['EXIF:DateTimeOriginal']
            : null;
        return {
          itemId: item.id,
          name: item.name,
          kind: item.kind,
          contentTime: fields.postedAt ?? item.acquiredAt ?? null,
          contentTimeShown: fields.postedAtShown ?? exif,
          captureTime: item.collectedAt,
        };
      })
      .sort((a, b) =>
        (a.contentTime ?? a.captureTime).localeCompare(b.contentTime ?? b.captureTime),
      );
  }
}
