/**
 * @module Full-text search on the embedded default: an SQLite FTS5 table (unicode61 tokenizer,
 * BM25 ranking, bounded) beside the metadata.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_RANKED_CANDIDATES } from '../../search/search.js';
import type {
  SearchDocument,
  SearchFilters,
  SearchIndex,
  SearchResult,
} from '../../search/search.js';
import type { CapabilityMigrations } from './migrations.js';

export const SEARCH_MIGRATIONS: CapabilityMigrations = {
  capability: 'search',
  steps: [
    `
    CREATE VIRTUAL TABLE search_fts USING fts5(
      item_id UNINDEXED, case_id UNINDEXED, kind UNINDEXED, platform UNINDEXED, collected_at UNINDEXED,
      name, url, body, author, notes, tags,
      tokenize = 'unicode61 remove_diacritics 2'
    );
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (value: unknown): string => (typeof value === 'string' ? value : String(value));

export interface SqliteSearchIndexOptions {
  /** Hits ranked by bm25 per query at most; beyond, newest first (see `SearchRanking`). */
  readonly rankedCandidates?: number;
}

/**
 * Search on SQLite FTS5. A query costs in proportion to the hits it ranks: bm25 and snippets are
 * computed per row and the sort sees every row. So it first takes the newest matching rows in
 * scope, newest first, which FTS5 yields in rowid order and stops early on (rowid order is
 * indexing order, about collection order), at most `rankedCandidates + 1` of them. If that is
 * all the hits, they are ranked by bm25; if not, the newest `limit` are the answer, `ranking` says
 * `recency`, `total` is a lower bound and no bm25 score is computed (it costs as much as the
 * snippet: the hits come newest first, not by score). Item names come from the items table of the same
 * database (the index holds them folded for matching).
 */
export class SqliteSearchIndex implements SearchIndex {
  readonly #db: Database.Database;
  readonly #ranked: number;

  constructor(db: Database.Database, options: SqliteSearchIndexOptions = {}) {
    this.#db = db;
    this.#ranked = options.rankedCandidates ?? DEFAULT_RANKED_CANDIDATES;
  }

  upsert(document: SearchDocument): Promise<void> {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM search_fts WHERE item_id = ?').run(document.itemId);
      this.#db
        .prepare(
          `INSERT INTO search_fts (item_id, case_id, kind, platform, collected_at, name, url, body, author, notes, tags)
           VALUES (@itemId, @caseId, @kind, @platform, @collectedAt, @name, @url, @body, @author, @notes, @tags)`,
        )
        .run(document);
    })();
    return Promise.resolve();
  }

  remove(itemId: string): Promise<void> {
    this.#db.prepare('DELETE FROM search_fts WHERE item_id = ?').run(itemId);
    return Promise.resolve();
  }

  query(match: string, filters: SearchFilters): Promise<SearchResult> {
    const empty: SearchResult = { hits: [], ranking: 'bm25', total: 0, totalIsLowerBound: false };
    if (filters.caseIds.length === 0) return Promise.resolve(empty);
    const limit = filters.limit ?? 50;
    // One case is the common request: `case_id = ?` keeps the statement text (and the cached
    // statement) the same whatever the case.
    const params: Record<string, unknown> = { match };
    const where = [`search_fts MATCH @match`];
    if (filters.caseIds.length === 1) {
      where.push('case_id = @case0');
      params.case0 = filters.caseIds[0];
    } else {
      where.push(`case_id IN (SELECT value FROM json_each(@cases))`);
      params.cases = JSON.stringify(filters.caseIds);
    }
    if (filters.hiddenItems && filters.hiddenItems.size > 0) {
      where.push('item_id NOT IN (SELECT value FROM json_each(@hidden))');
      params.hidden = JSON.stringify([...filters.hiddenItems]);
    }
    if (filters.platform) {
      where.push('platform = @platform');
      params.platform = filters.platform;
    }
    if (filters.kind) {
      where.push('kind = @kind');
      params.kind = filters.kind;
    }
    if (filters.from) {
      where.push('collected_at >= @from');
      params.from = filters.from;
    }
    if (filters.until) {
      where.push('collected_at < @until');
      params.until = filters.until;
    }
    const scope = where.join(' AND ');
    const candidates = this.#db
      .prepare<[Record<string, unknown>], number>(
        `SELECT rowid FROM search_fts WHERE ${scope} ORDER BY rowid DESC LIMIT @cap`,
      )
      .pluck(true)
      .all({ ...params, cap: this.#ranked + 1 });
    if (candidates.length === 0) return Promise.resolve(empty);
    const ranked = candidates.length <= this.#ranked;
    // The rowid bound keeps the second pass to the candidates (and the newest `limit` of them).
    const lowest = ranked
      ? (candidates.at(-1) ?? 0)
      : (candidates[Math.min(limit, candidates.length) - 1] ?? 0);
    const rows = this.#db
      .prepare<[Record<string, unknown>], Row>(
        `SELECT item_id, case_id, platform, collected_at, ${ranked ? 'rank' : 'NULL AS rank'},
           name, snippet(search_fts, -1, '«', '»', '…', 12) AS snippet
         FROM search_fts WHERE ${scope} AND rowid >= @lowest
         ORDER BY ${ranked ? 'rank' : 'rowid DESC'} LIMIT @limit`,
      )
      .all({ ...params, lowest, limit });
    // Names from the items table for the hits only (the sort sees every candidate, so a lookup
    // in the ranking query would run for rows that are then dropped).
    const names = new Map(
      this.#db
        .prepare<[string], { id: string; name: string }>(
          'SELECT id, name FROM items WHERE id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(rows.map((row) => row.item_id)))
        .map((row) => [row.id, row.name]),
    );
    return Promise.resolve({
      hits: rows.map((row) => ({
        itemId: s(row.item_id),
        caseId: s(row.case_id),
        name: names.get(s(row.item_id)) ?? s(row.name),
        platform: row.platform === null ? null : s(row.platform),
        collectedAt: s(row.collected_at),
        snippet: s(row.snippet),
        rank: row.rank === null ? null : Number(row.rank),
      })),
      ranking: ranked ? 'bm25' : 'recency',
      total: candidates.length,
      totalIsLowerBound: !ranked,
    });
  }
}
