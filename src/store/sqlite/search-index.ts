/**
 * @module Full-text search on the embedded default: an SQLite FTS5 table (unicode61 tokenizer,
 * BM25 ranking) beside the metadata.
 */
import type Database from 'better-sqlite3';
import type { SearchDocument, SearchFilters, SearchHit, SearchIndex } from '../../search/search.js';
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

export class SqliteSearchIndex implements SearchIndex {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
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

  query(match: string, filters: SearchFilters): Promise<SearchHit[]> {
    if (filters.caseIds.length === 0) return Promise.resolve([]);
    const cases = filters.caseIds.map((_, i) => `@case${i}`).join(', ');
    const params: Record<string, unknown> = { match, limit: filters.limit ?? 50 };
    filters.caseIds.forEach((id, i) => (params[`case${i}`] = id));
    const where = [`search_fts MATCH @match`, `case_id IN (${cases})`];
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
    const rows = this.#db
      .prepare<[Record<string, unknown>], Row>(
        `SELECT item_id, case_id, name, platform, collected_at, bm25(search_fts) AS rank,
           snippet(search_fts, -1, '«', '»', '…', 12) AS snippet
         FROM search_fts WHERE ${where.join(' AND ')} ORDER BY rank LIMIT @limit`,
      )
      .all(params);
    return Promise.resolve(
      rows.map((row) => ({
        itemId: s(row.item_id),
        caseId: s(row.case_id),
        name: s(row.name),
        platform: row.platform === null ? null : s(row.platform),
        collectedAt: s(row.collected_at),
        snippet: s(row.snippet),
        rank: Number(row.rank),
      })),
    );
  }
}
