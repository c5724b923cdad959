/**
 * @module SQLite adapter of the `TriageRepository` port (src/triage/triage-ports.ts): runs,
 * flags, matches, entities (indexed by normalised value, for cross-case links) and OCR
 * derivations, in tables prefixed `triage_`. Writes join the store's open transaction.
 */
import type Database from 'better-sqlite3';
import type { EntityType } from '../../triage/entities/entities.js';
import type { RunResults, TriageRepository } from '../../triage/triage-ports.js';
import type {
  EntityLink,
  FlagSource,
  OcrDerivation,
  Review,
  ReviewStatus,
  TriageEntity,
  TriageFlag,
  TriageMatch,
  TriageRun,
} from '../../triage/triage-types.js';
import type { Category, LanguageCode } from '../../triage/text/lexicon-schema.js';
import type { CapabilityMigrations } from './migrations.js';

export const TRIAGE_MIGRATIONS: CapabilityMigrations = {
  capability: 'triage',
  steps: [
    `
    CREATE TABLE triage_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      case_id TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX triage_runs_item ON triage_runs(item_id);
    CREATE TABLE triage_flags (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      case_id TEXT NOT NULL,
      run_id INTEGER NOT NULL REFERENCES triage_runs(id),
      key TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('text', 'hashlist')),
      category TEXT,
      score REAL NOT NULL,
      rule TEXT NOT NULL,
      language TEXT,
      list TEXT,
      status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
      reviewed_by TEXT,
      reviewed_at TEXT,
      review_reason TEXT,
      created_at TEXT NOT NULL,
      body TEXT NOT NULL,
      CHECK (status = 'suggested' OR (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL))
    ) STRICT;
    CREATE INDEX triage_flags_item ON triage_flags(item_id, status);
    CREATE TABLE triage_matches (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      case_id TEXT NOT NULL,
      run_id INTEGER NOT NULL REFERENCES triage_runs(id),
      flag_id INTEGER NOT NULL REFERENCES triage_flags(id),
      list TEXT NOT NULL,
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      distance INTEGER NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX triage_matches_item ON triage_matches(item_id);
    CREATE INDEX triage_matches_value ON triage_matches(type, value);
    CREATE TABLE triage_entities (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      case_id TEXT NOT NULL,
      run_id INTEGER NOT NULL REFERENCES triage_runs(id),
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      normalised TEXT NOT NULL,
      valid INTEGER NOT NULL,
      start_offset INTEGER NOT NULL,
      end_offset INTEGER NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX triage_entities_item ON triage_entities(item_id);
    CREATE INDEX triage_entities_normalised ON triage_entities(normalised);
    CREATE INDEX triage_entities_value ON triage_entities(value);
    CREATE TABLE triage_ocr (
      item_id TEXT NOT NULL REFERENCES items(id),
      sha256 TEXT NOT NULL,
      derived_from TEXT NOT NULL,
      run_id INTEGER NOT NULL REFERENCES triage_runs(id),
      created_at TEXT NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (item_id, sha256, derived_from)
    ) STRICT;
    -- A person's decision is a record of its own (R14): once reviewed, a flag is never deleted.
    CREATE TRIGGER triage_flags_reviewed_kept BEFORE DELETE ON triage_flags
      WHEN OLD.status <> 'suggested'
      BEGIN SELECT RAISE(ABORT, 'reviewed flags are kept'); END;
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const sn = (v: unknown): string | null => (v === null || v === undefined ? null : s(v));
const body = <T>(row: Row): T => JSON.parse(s(row.body)) as T;

const RUN = 'TR-';
const FLAG = 'F-';
const MATCH = 'M-';
const ENTITY = 'E-';
/** `F-12` → 12; anything else → -1 (matches no row). */
const numeric = (id: string, prefix: string): number =>
  id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))
    ? Number(id.slice(prefix.length))
    : -1;

const toRun = (row: Row): TriageRun => ({
  ...body<Omit<TriageRun, 'id'>>(row),
  id: `${RUN}${s(row.id)}`,
});

const toFlag = (row: Row): TriageFlag => ({
  ...body<Omit<TriageFlag, 'id' | 'runId' | keyof Review>>(row),
  id: `${FLAG}${s(row.id)}`,
  runId: `${RUN}${s(row.run_id)}`,
  source: s(row.source) as FlagSource,
  category: sn(row.category) as Category | null,
  score: Number(row.score),
  rule: s(row.rule),
  language: sn(row.language) as LanguageCode | null,
  list: sn(row.list),
  status: s(row.status) as ReviewStatus,
  reviewedBy: sn(row.reviewed_by),
  reviewedAt: sn(row.reviewed_at),
  reviewReason: sn(row.review_reason),
});

const toMatch = (row: Row): TriageMatch => ({
  ...body<Omit<TriageMatch, 'id' | 'runId' | 'flagId' | 'status'>>(row),
  id: `${MATCH}${s(row.id)}`,
  runId: `${RUN}${s(row.run_id)}`,
  flagId: `${FLAG}${s(row.flag_id)}`,
  status: s(row.status) as ReviewStatus,
});

const toEntity = (row: Row): TriageEntity => ({
  ...body<Omit<TriageEntity, 'id' | 'runId'>>(row),
  id: `${ENTITY}${s(row.id)}`,
  runId: `${RUN}${s(row.run_id)}`,
  status: 'suggested',
});

/**
 * Triage results in SQLite, on the store's connection (`store.db`).
 *
 * @example
 * const repository = new SqliteTriageRepository(store.db);
 */
export class SqliteTriageRepository implements TriageRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  saveRun(run: Omit<TriageRun, 'id'>, results: RunResults): Promise<TriageRun> {
    const db = this.#db;
    const save = db.transaction((): TriageRun => {
      const { itemId, caseId } = run;
      const now = run.finishedAt;
      const runId = Number(
        db
          .prepare<[string, string, string], { id: number }>(
            'INSERT INTO triage_runs (item_id, case_id, body) VALUES (?, ?, ?) RETURNING id',
          )
          .get(itemId, caseId, JSON.stringify(run))!.id,
      );
      // Earlier suggestions give way to this run's; reviewed flags and their matches stay.
      db.prepare(
        `DELETE FROM triage_matches WHERE item_id = ?
         AND flag_id IN (SELECT id FROM triage_flags WHERE status = 'suggested')`,
      ).run(itemId);
      db.prepare("DELETE FROM triage_flags WHERE item_id = ? AND status = 'suggested'").run(itemId);
      db.prepare('DELETE FROM triage_entities WHERE item_id = ?').run(itemId);
      const reviewed = new Set(
        db
          .prepare<[string], { key: string }>('SELECT key FROM triage_flags WHERE item_id = ?')
          .all(itemId)
          .map((r) => r.key),
      );
      const insertFlag = db.prepare<unknown[], { id: number }>(
        `INSERT INTO triage_flags (item_id, case_id, run_id, key, source, category, score, rule,
         language, list, status, created_at, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'suggested', ?, ?) RETURNING id`,
      );
      const flagIds = results.flags.map((f) => {
        if (reviewed.has(f.key)) return null;
        const { source, category, score, rule, language, list, ...rest } = f;
        return insertFlag.get(
          itemId,
          caseId,
          runId,
          f.key,
          source,
          category,
          score,
          rule,
          language,
          list,
          now,
          JSON.stringify({ ...rest, itemId, caseId, createdAt: now }),
        )!.id;
      });
      const insertMatch = db.prepare(
        `INSERT INTO triage_matches (item_id, case_id, run_id, flag_id, list, type, value, distance, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const { flagIndex, ...m } of results.matches) {
        const flagId = flagIds[flagIndex];
        if (flagId === null || flagId === undefined) continue;
        insertMatch.run(
          itemId,
          caseId,
          runId,
          flagId,
          m.list,
          m.type,
          m.value,
          m.distance,
          JSON.stringify({ ...m, itemId, caseId }),
        );
      }
      const insertEntity = db.prepare(
        `INSERT INTO triage_entities (item_id, case_id, run_id, type, value, normalised, valid,
         start_offset, end_offset, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of results.entities) {
        insertEntity.run(
          itemId,
          caseId,
          runId,
          e.type,
          e.value,
          e.normalised,
          e.valid ? 1 : 0,
          e.start,
          e.end,
          JSON.stringify({ ...e, itemId, caseId }),
        );
      }
      const insertOcr = db.prepare(
        `INSERT INTO triage_ocr (item_id, sha256, derived_from, run_id, created_at, body)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_id, sha256, derived_from) DO UPDATE SET run_id = excluded.run_id,
         created_at = excluded.created_at, body = excluded.body`,
      );
      for (const o of results.ocr) {
        insertOcr.run(itemId, o.sha256, o.derivedFrom, runId, now, JSON.stringify(o));
      }
      return { ...run, id: `${RUN}${runId}` };
    });
    return Promise.resolve(save());
  }

  latestRun(itemId: string): Promise<TriageRun | undefined> {
    const row = this.#db
      .prepare<[string], Row>(
        'SELECT * FROM triage_runs WHERE item_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(itemId);
    return Promise.resolve(row ? toRun(row) : undefined);
  }

  flags(itemId: string): Promise<TriageFlag[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>(
          'SELECT * FROM triage_flags WHERE item_id = ? ORDER BY score DESC, id',
        )
        .all(itemId)
        .map(toFlag),
    );
  }

  flag(id: string): Promise<TriageFlag | undefined> {
    const row = this.#db
      .prepare<[number], Row>('SELECT * FROM triage_flags WHERE id = ?')
      .get(numeric(id, FLAG));
    return Promise.resolve(row ? toFlag(row) : undefined);
  }

  review(id: string, review: Review): Promise<void> {
    this.#db
      .prepare(
        `UPDATE triage_flags SET status = @status, reviewed_by = @reviewedBy, reviewed_at = @reviewedAt,
         review_reason = @reviewReason WHERE id = @id`,
      )
      .run({ ...review, id: numeric(id, FLAG) });
    return Promise.resolve();
  }

  matches(itemId: string): Promise<TriageMatch[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>(
          `SELECT m.*, f.status AS status FROM triage_matches m JOIN triage_flags f ON f.id = m.flag_id
           WHERE m.item_id = ? ORDER BY m.distance, m.id`,
        )
        .all(itemId)
        .map(toMatch),
    );
  }

  entities(itemId: string): Promise<TriageEntity[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>('SELECT * FROM triage_entities WHERE item_id = ? ORDER BY id')
        .all(itemId)
        .map(toEntity),
    );
  }

  ocr(itemId: string): Promise<OcrDerivation[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>('SELECT * FROM triage_ocr WHERE item_id = ? ORDER BY rowid')
        .all(itemId)
        .map((row) => ({
          ...body<Omit<OcrDerivation, 'itemId' | 'runId' | 'createdAt'>>(row),
          itemId: s(row.item_id),
          runId: `${RUN}${s(row.run_id)}`,
          createdAt: s(row.created_at),
        })),
    );
  }

  forgetContent(itemId: string): Promise<void> {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM triage_entities WHERE item_id = ?').run(itemId);
      this.#db.prepare('DELETE FROM triage_ocr WHERE item_id = ?').run(itemId);
      this.#db
        .prepare(
          `UPDATE triage_flags SET body = json_set(body, '$.spans', json('[]')) WHERE item_id = ?`,
        )
        .run(itemId);
    })();
    return Promise.resolve();
  }

  entityLinks(normalised: string): Promise<EntityLink[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string, string], Row>(
          `SELECT item_id, case_id, type, normalised, count(*) AS occurrences FROM triage_entities
           WHERE normalised = ? OR value = ?
           GROUP BY item_id, case_id, type, normalised
           ORDER BY case_id, CAST(substr(item_id, 3) AS INTEGER)`,
        )
        .all(normalised, normalised)
        .map((row) => ({
          itemId: s(row.item_id),
          caseId: s(row.case_id),
          type: s(row.type) as EntityType,
          normalised: s(row.normalised),
          occurrences: Number(row.occurrences),
        })),
    );
  }
}
