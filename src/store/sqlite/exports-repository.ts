/**
 * @module SQLite adapter of the reports-and-sharing port (`src/exports/export-types.ts`): grades,
 * verification records, assertions, confirmed indicators, redactions, MISP imports with their
 * entities, and preservation requests. Shares the store's connection, so writes join the
 * transaction that logs them.
 */
import type Database from 'better-sqlite3';
import type {
  Assertion,
  AssertionKind,
  CaseEntity,
  ConfirmedIndicator,
  ExportsRepository,
  ItemGrade,
  MispImport,
  PreservationRecord,
  Redaction,
  VerificationRecord,
} from '../../exports/export-types.js';
import type { CapabilityMigrations } from './migrations.js';

export const EXPORTS_MIGRATIONS: CapabilityMigrations = {
  capability: 'exports',
  steps: [
    `
    CREATE TABLE item_grades (
      item_id TEXT PRIMARY KEY REFERENCES items(id),
      reliability TEXT NOT NULL CHECK (reliability IN ('A','B','C','D','E','F')),
      credibility TEXT NOT NULL CHECK (credibility IN ('1','2','3','4','5','6')),
      provenance_label TEXT CHECK (provenance_label IN ('public','login','consent','order')),
      authorisation_ref TEXT,
      graded_by TEXT NOT NULL,
      graded_at TEXT NOT NULL,
      reason TEXT NOT NULL
    ) STRICT;
    CREATE TABLE item_verifications (
      item_id TEXT PRIMARY KEY REFERENCES items(id),
      source TEXT NOT NULL,
      content TEXT NOT NULL,
      technical TEXT NOT NULL,
      confidence TEXT NOT NULL CHECK (confidence IN ('high','medium','low')),
      recorded_by TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE item_assertions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      text TEXT NOT NULL,
      kind TEXT CHECK (kind IN ('fact','assessment')),
      author TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX item_assertions_item ON item_assertions(item_id);
    CREATE TABLE item_indicators (
      item_id TEXT NOT NULL REFERENCES items(id),
      type TEXT NOT NULL,
      value TEXT NOT NULL,
      confirmed_by TEXT NOT NULL,
      confirmed_at TEXT NOT NULL,
      reason TEXT NOT NULL,
      PRIMARY KEY (item_id, type, value)
    ) STRICT;
    CREATE TABLE item_redactions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id TEXT NOT NULL REFERENCES items(id),
      source_sha256 TEXT NOT NULL,
      derived_sha256 TEXT NOT NULL,
      source_role TEXT NOT NULL,
      rects TEXT NOT NULL,
      spans TEXT NOT NULL,
      reason TEXT NOT NULL,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX item_redactions_item ON item_redactions(item_id);
    CREATE TABLE misp_imports (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      case_id TEXT NOT NULL REFERENCES cases(id),
      event_uuid TEXT NOT NULL,
      event TEXT NOT NULL,
      file_sha256 TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      imported_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE case_entities (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      case_id TEXT NOT NULL REFERENCES cases(id),
      import_id INTEGER NOT NULL REFERENCES misp_imports(id),
      kind TEXT NOT NULL,
      value TEXT NOT NULL,
      misp_section TEXT NOT NULL CHECK (misp_section IN ('Object','Attribute')),
      misp_uuid TEXT NOT NULL,
      data TEXT NOT NULL,
      position INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX case_entities_case ON case_entities(case_id, import_id, position);
    CREATE INDEX case_entities_value ON case_entities(value);
    CREATE TABLE preservation_requests (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      provider TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      extended_until TEXT,
      sha256 TEXT NOT NULL,
      request TEXT NOT NULL
    ) STRICT;
    CREATE INDEX preservation_requests_case ON preservation_requests(case_id);
    -- R5: a working copy is never rewritten; a new redaction is a new row.
    CREATE TRIGGER item_redactions_no_update BEFORE UPDATE ON item_redactions
      BEGIN SELECT RAISE(ABORT, 'redactions are immutable'); END;
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const sn = (value: unknown): string | null => (value === null ? null : s(value));

const toGrade = (r: Row): ItemGrade => ({
  itemId: s(r.item_id),
  reliability: s(r.reliability) as ItemGrade['reliability'],
  credibility: s(r.credibility) as ItemGrade['credibility'],
  provenanceLabel: sn(r.provenance_label) as ItemGrade['provenanceLabel'],
  authorisationRef: sn(r.authorisation_ref),
  gradedBy: s(r.graded_by),
  gradedAt: s(r.graded_at),
  reason: s(r.reason),
});

const toAssertion = (r: Row): Assertion => ({
  id: Number(r.id),
  itemId: s(r.item_id),
  text: s(r.text),
  kind: sn(r.kind) as AssertionKind | null,
  author: s(r.author),
  createdAt: s(r.created_at),
});

const toRedaction = (r: Row): Redaction => ({
  id: Number(r.id),
  itemId: s(r.item_id),
  sourceSha256: s(r.source_sha256),
  derivedSha256: s(r.derived_sha256),
  sourceRole: s(r.source_role),
  rects: JSON.parse(s(r.rects)) as Redaction['rects'],
  spans: JSON.parse(s(r.spans)) as Redaction['spans'],
  reason: s(r.reason),
  actor: s(r.actor),
  createdAt: s(r.created_at),
});

const toImport = (r: Row): MispImport => ({
  id: Number(r.id),
  caseId: s(r.case_id),
  eventUuid: s(r.event_uuid),
  event: JSON.parse(s(r.event)) as Record<string, unknown>,
  fileSha256: s(r.file_sha256),
  importedBy: s(r.imported_by),
  importedAt: s(r.imported_at),
});

const toEntity = (r: Row): CaseEntity => ({
  id: Number(r.id),
  caseId: s(r.case_id),
  importId: Number(r.import_id),
  kind: s(r.kind) as CaseEntity['kind'],
  value: s(r.value),
  mispSection: s(r.misp_section) as CaseEntity['mispSection'],
  mispUuid: s(r.misp_uuid),
  data: JSON.parse(s(r.data)) as Record<string, unknown>,
  position: Number(r.position),
});

const toPreservation = (r: Row): PreservationRecord => ({
  id: s(r.id),
  caseId: s(r.case_id),
  provider: s(r.provider),
  createdBy: s(r.created_by),
  createdAt: s(r.created_at),
  expiresAt: s(r.expires_at),
  extendedUntil: sn(r.extended_until),
  sha256: s(r.sha256),
  request: JSON.parse(s(r.request)) as Record<string, unknown>,
});

/**
 * Reports-and-sharing records in SQLite, on the store's connection (`store.db`).
 *
 * @example
 * const repository = new SqliteExportsRepository(store.db);
 */
export class SqliteExportsRepository implements ExportsRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #all<T>(sql: string, map: (row: Row) => T, ...params: unknown[]): Promise<T[]> {
    return Promise.resolve(
      this.#db
        .prepare(sql)
        .all(...params)
        .map((row) => map(row as Row)),
    );
  }

  #one<T>(sql: string, map: (row: Row) => T, ...params: unknown[]): Promise<T | undefined> {
    const row = this.#db.prepare(sql).get(...params) as Row | undefined;
    return Promise.resolve(row ? map(row) : undefined);
  }

  #run(sql: string, ...params: unknown[]): Promise<void> {
    this.#db.prepare(sql).run(...params);
    return Promise.resolve();
  }

  setGrade(g: ItemGrade): Promise<void> {
    return this.#run(
      `INSERT INTO item_grades VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET reliability = excluded.reliability,
         credibility = excluded.credibility, provenance_label = excluded.provenance_label,
         authorisation_ref = excluded.authorisation_ref, graded_by = excluded.graded_by,
         graded_at = excluded.graded_at, reason = excluded.reason`,
      g.itemId,
      g.reliability,
      g.credibility,
      g.provenanceLabel,
      g.authorisationRef,
      g.gradedBy,
      g.gradedAt,
      g.reason,
    );
  }

  grade(itemId: string): Promise<ItemGrade | undefined> {
    return this.#one('SELECT * FROM item_grades WHERE item_id = ?', toGrade, itemId);
  }

  setVerification(v: VerificationRecord): Promise<void> {
    return this.#run(
      `INSERT INTO item_verifications VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET source = excluded.source, content = excluded.content,
         technical = excluded.technical, confidence = excluded.confidence,
         recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
      v.itemId,
      v.source,
      v.content,
      v.technical,
      v.confidence,
      v.recordedBy,
      v.recordedAt,
    );
  }

  verification(itemId: string): Promise<VerificationRecord | undefined> {
    return this.#one(
      'SELECT * FROM item_verifications WHERE item_id = ?',
      (r) => ({
        itemId: s(r.item_id),
        source: s(r.source),
        content: s(r.content),
        technical: s(r.technical),
        confidence: s(r.confidence) as VerificationRecord['confidence'],
        recordedBy: s(r.recorded_by),
        recordedAt: s(r.recorded_at),
      }),
      itemId,
    );
  }

  addAssertion(a: Omit<Assertion, 'id'>): Promise<Assertion> {
    const row = this.#db
      .prepare(
        'INSERT INTO item_assertions (item_id, text, kind, author, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
      )
      .get(a.itemId, a.text, a.kind, a.author, a.createdAt) as Row;
    return Promise.resolve(toAssertion(row));
  }

  flagAssertion(id: number, kind: AssertionKind): Promise<void> {
    return this.#run('UPDATE item_assertions SET kind = ? WHERE id = ?', kind, id);
  }

  assertion(id: number): Promise<Assertion | undefined> {
    return this.#one('SELECT * FROM item_assertions WHERE id = ?', toAssertion, id);
  }

  assertions(itemId: string): Promise<Assertion[]> {
    return this.#all(
      'SELECT * FROM item_assertions WHERE item_id = ? ORDER BY id',
      toAssertion,
      itemId,
    );
  }

  addIndicator(i: ConfirmedIndicator): Promise<void> {
    return this.#run(
      `INSERT INTO item_indicators VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (item_id, type, value) DO NOTHING`,
      i.itemId,
      i.type,
      i.value,
      i.confirmedBy,
      i.confirmedAt,
      i.reason,
    );
  }

  indicators(itemId: string): Promise<ConfirmedIndicator[]> {
    return this.#all(
      'SELECT * FROM item_indicators WHERE item_id = ? ORDER BY type, value',
      (r) => ({
        itemId: s(r.item_id),
        type: s(r.type) as ConfirmedIndicator['type'],
        value: s(r.value),
        confirmedBy: s(r.confirmed_by),
        confirmedAt: s(r.confirmed_at),
        reason: s(r.reason),
      }),
      itemId,
    );
  }

  addRedaction(r: Omit<Redaction, 'id'>): Promise<Redaction> {
    const row = this.#db
      .prepare(
        `INSERT INTO item_redactions (item_id, source_sha256, derived_sha256, source_role, rects,
           spans, reason, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        r.itemId,
        r.sourceSha256,
        r.derivedSha256,
        r.sourceRole,
        JSON.stringify(r.rects),
        JSON.stringify(r.spans),
        r.reason,
        r.actor,
        r.createdAt,
      ) as Row;
    return Promise.resolve(toRedaction(row));
  }

  redactions(itemId: string): Promise<Redaction[]> {
    return this.#all(
      'SELECT * FROM item_redactions WHERE item_id = ? ORDER BY id',
      toRedaction,
      itemId,
    );
  }

  addImport(
    record: Omit<MispImport, 'id'>,
    entities: readonly Omit<CaseEntity, 'id' | 'importId' | 'caseId'>[],
  ): Promise<MispImport> {
    const db = this.#db;
    const insert = db.transaction((): MispImport => {
      const row = db
        .prepare(
          `INSERT INTO misp_imports (case_id, event_uuid, event, file_sha256, imported_by,
             imported_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          record.caseId,
          record.eventUuid,
          JSON.stringify(record.event),
          record.fileSha256,
          record.importedBy,
          record.importedAt,
        ) as Row;
      const saved = toImport(row);
      const add = db.prepare(
        `INSERT INTO case_entities (case_id, import_id, kind, value, misp_section, misp_uuid,
           data, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of entities) {
        add.run(
          record.caseId,
          saved.id,
          e.kind,
          e.value,
          e.mispSection,
          e.mispUuid,
          JSON.stringify(e.data),
          e.position,
        );
      }
      return saved;
    });
    return Promise.resolve(insert());
  }

  imports(caseId: string): Promise<MispImport[]> {
    return this.#all('SELECT * FROM misp_imports WHERE case_id = ? ORDER BY id', toImport, caseId);
  }

  entities(caseId: string): Promise<CaseEntity[]> {
    return this.#all(
      'SELECT * FROM case_entities WHERE case_id = ? ORDER BY import_id, position',
      toEntity,
      caseId,
    );
  }

  nextPreservationId(): Promise<string> {
    const row = this.#db
      .prepare(
        `INSERT INTO counters (name, value) VALUES ('preservation', 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get() as { value: number };
    return Promise.resolve(`PR-${row.value}`);
  }

  addPreservation(p: PreservationRecord): Promise<void> {
    return this.#run(
      'INSERT INTO preservation_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      p.id,
      p.caseId,
      p.provider,
      p.createdBy,
      p.createdAt,
      p.expiresAt,
      p.extendedUntil,
      p.sha256,
      JSON.stringify(p.request),
    );
  }

  extendPreservation(id: string, until: string): Promise<void> {
    return this.#run('UPDATE preservation_requests SET extended_until = ? WHERE id = ?', until, id);
  }

  preservation(id: string): Promise<PreservationRecord | undefined> {
    return this.#one('SELECT * FROM preservation_requests WHERE id = ?', toPreservation, id);
  }

  preservations(caseId?: string): Promise<PreservationRecord[]> {
    return caseId
      ? this.#all(
          'SELECT * FROM preservation_requests WHERE case_id = ? ORDER BY created_at, id',
          toPreservation,
          caseId,
        )
      : this.#all('SELECT * FROM preservation_requests ORDER BY created_at, id', toPreservation);
  }
}
