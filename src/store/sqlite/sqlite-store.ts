/**
 * @module The embedded default metadata store: SQLite in WAL mode through better-sqlite3.
 */
import Database from 'better-sqlite3';
import type { Case, LegalBasis } from '../../cases/types.js';
import { VigilError } from '../../core/errors.js';
import type { LedgerAction, LedgerEvent } from '../../custody/event.js';
import type { SignedHead } from '../../custody/verify.js';
import type {
  CaseRepository,
  ItemRepository,
  LedgerRepository,
  MetadataStore,
  Repositories,
} from '../../evidence/ports.js';
import type { Artifact, ArtifactRole, Item, ItemKind } from '../../evidence/types.js';
import { migrate } from './migrations.js';

type Row = Record<string, unknown>;

/** Serialises this process's transactions; SQLite's write lock serialises other processes. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** SQLite gives back TEXT columns as strings and INTEGER ones as numbers. */
const str = (value: unknown): string => (typeof value === 'string' ? value : String(value));
const strOrNull = (value: unknown): string | null => (value === null ? null : str(value));

const toCase = (row: Row): Case => ({
  id: str(row.id),
  title: str(row.title),
  status: row.status === 'closed' ? 'closed' : 'open',
  workspace: row.workspace === 'training' ? 'training' : 'operational',
  createdAt: str(row.created_at),
  createdBy: str(row.created_by),
  closedAt: strOrNull(row.closed_at),
  closedBy: strOrNull(row.closed_by),
  closedReason: strOrNull(row.closed_reason),
  policy: row.policy === 'approval' ? 'approval' : 'immediate',
  plan: strOrNull(row.plan),
  riskAssessment: strOrNull(row.risk_assessment),
  reviewAt: strOrNull(row.review_at),
  expiresAt: strOrNull(row.expires_at),
  legalHold: row.legal_hold === 1,
  reviewNotifiedFor: strOrNull(row.review_notified_for),
});

const toBasis = (row: Row): LegalBasis => ({
  id: str(row.id),
  caseId: str(row.case_id),
  authority: str(row.authority),
  reference: str(row.reference),
  purpose: str(row.purpose),
  scope: strOrNull(row.scope),
  validFrom: str(row.valid_from),
  validUntil: str(row.valid_until),
  approver: strOrNull(row.approver),
  addedAt: str(row.added_at),
  addedBy: str(row.added_by),
  approvedBy: strOrNull(row.approved_by),
  approvedAt: strOrNull(row.approved_at),
});

const toItem = (row: Row): Item => ({
  id: str(row.id),
  caseId: str(row.case_id),
  kind: str(row.kind) as ItemKind,
  sha256: str(row.sha256),
  md5: str(row.md5),
  size: Number(row.size),
  mediaType: str(row.media_type),
  name: str(row.name),
  sourceUrl: strOrNull(row.source_url),
  acquiredAt: strOrNull(row.acquired_at),
  collectedAt: str(row.collected_at),
  collectedBy: str(row.collected_by),
  reason: str(row.reason),
  legalBasisId: str(row.legal_basis_id),
  metadata: JSON.parse(str(row.metadata)) as Record<string, unknown>,
  erasedAt: strOrNull(row.erased_at),
});

const toArtifact = (row: Row): Artifact => ({
  itemId: str(row.item_id),
  role: str(row.role) as ArtifactRole,
  sha256: str(row.sha256),
  md5: str(row.md5),
  size: Number(row.size),
  mediaType: str(row.media_type),
  name: str(row.name),
  derivedFrom: strOrNull(row.derived_from),
});

const toEvent = (row: Row): LedgerEvent => ({
  seq: Number(row.seq),
  time: str(row.time),
  actor: str(row.actor),
  action: str(row.action) as LedgerAction,
  caseId: strOrNull(row.case_id),
  itemId: strOrNull(row.item_id),
  reason: strOrNull(row.reason),
  data: JSON.parse(str(row.data)) as Record<string, unknown>,
  prev: str(row.prev),
  hash: str(row.hash),
});

/**
 * Makes `db.prepare` return one compiled statement per SQL text. Repositories prepare their SQL
 * where they use it (readable), and a server answering thousands of requests does not recompile
 * it each time. Safe because no code here switches a statement's mode (pluck, raw, expand) or
 * iterates one: `run`, `get` and `all` leave a statement reusable.
 */
function cacheStatements(db: Database.Database): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = compile(source);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof db.prepare;
}

export interface SqliteStoreOptions {
  /** How long to wait for another process's write lock before giving up. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (and migrates) the metadata database at `file`.
 *
 * @example
 * const store = openSqliteStore('/var/lib/vigil/vigil.db');
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 60_000 });
  } catch (error) {
    throw new VigilError('unavailable', `cannot open the metadata database ${file}`, {
      cause: error,
      hint: 'check that the Vigil home exists and is writable, or run `vigil init`',
    });
  }
  cacheStatements(db);
  db.pragma('journal_mode = WAL');
  // FULL: a committed collection survives power loss too, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new SqliteStore(db);
}

export class SqliteStore implements MetadataStore {
  readonly db: Database.Database;
  readonly cases: CaseRepository;
  readonly items: ItemRepository;
  readonly ledger: LedgerRepository;
  readonly #mutex = new Mutex();

  constructor(db: Database.Database) {
    this.db = db;
    this.cases = this.#caseRepository();
    this.items = this.#itemRepository();
    this.ledger = this.#ledgerRepository();
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      // IMMEDIATE takes the write lock now, so the ledger head read inside is the true head.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  #nextCounter(name: string): number {
    const row = this.db
      .prepare<[string], { value: number }>(
        `INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(name);
    return row?.value ?? 1;
  }

  #caseRepository(): CaseRepository {
    const db = this.db;
    return {
      nextId: () => Promise.resolve(`C-${this.#nextCounter('case')}`),
      nextBasisId: () => Promise.resolve(`LB-${this.#nextCounter('legal_basis')}`),
      insert: (c) => {
        db.prepare(
          `INSERT INTO cases (id, title, status, created_at, created_by, closed_at, closed_by, closed_reason, workspace,
             policy, plan, risk_assessment, review_at, expires_at, legal_hold, review_notified_for)
           VALUES (@id, @title, @status, @createdAt, @createdBy, @closedAt, @closedBy, @closedReason, @workspace,
             @policy, @plan, @riskAssessment, @reviewAt, @expiresAt, @legalHold, @reviewNotifiedFor)`,
        ).run({ ...c, legalHold: c.legalHold ? 1 : 0 });
        return Promise.resolve();
      },
      update: (c) => {
        db.prepare(
          `UPDATE cases SET title=@title, status=@status, closed_at=@closedAt, closed_by=@closedBy,
           closed_reason=@closedReason, plan=@plan, risk_assessment=@riskAssessment, review_at=@reviewAt,
           expires_at=@expiresAt, legal_hold=@legalHold, review_notified_for=@reviewNotifiedFor WHERE id=@id`,
        ).run({
          id: c.id,
          title: c.title,
          status: c.status,
          closedAt: c.closedAt,
          closedBy: c.closedBy,
          closedReason: c.closedReason,
          plan: c.plan,
          riskAssessment: c.riskAssessment,
          reviewAt: c.reviewAt,
          expiresAt: c.expiresAt,
          legalHold: c.legalHold ? 1 : 0,
          reviewNotifiedFor: c.reviewNotifiedFor,
        });
        return Promise.resolve();
      },
      get: (id) => {
        const row = db.prepare<[string], Row>('SELECT * FROM cases WHERE id = ?').get(id);
        return Promise.resolve(row ? toCase(row) : undefined);
      },
      list: () =>
        Promise.resolve(
          db
            .prepare<[], Row>('SELECT * FROM cases ORDER BY CAST(substr(id, 3) AS INTEGER)')
            .all()
            .map(toCase),
        ),
      addBasis: (b) => {
        db.prepare(
          `INSERT INTO legal_bases (id, case_id, authority, reference, purpose, scope, valid_from,
           valid_until, approver, added_at, added_by, approved_by, approved_at)
           VALUES (@id, @caseId, @authority, @reference, @purpose, @scope, @validFrom, @validUntil,
           @approver, @addedAt, @addedBy, @approvedBy, @approvedAt)`,
        ).run(b);
        return Promise.resolve();
      },
      approveBasis: (id, approvedBy, approvedAt) => {
        db.prepare('UPDATE legal_bases SET approved_by = ?, approved_at = ? WHERE id = ?').run(
          approvedBy,
          approvedAt,
          id,
        );
        return Promise.resolve();
      },
      bases: (caseId) =>
        Promise.resolve(
          db
            .prepare<[string], Row>('SELECT * FROM legal_bases WHERE case_id = ? ORDER BY rowid')
            .all(caseId)
            .map(toBasis),
        ),
    };
  }

  #itemRepository(): ItemRepository {
    const db = this.db;
    const insertArtifact = db.prepare(
      `INSERT INTO artifacts VALUES (@itemId, @role, @sha256, @md5, @size, @mediaType, @name, @derivedFrom)`,
    );
    // SQLite writes the JSON (json_object; `metadata` is stored JSON, embedded as is): one string
    // per row instead of 16 values made into an object and stringified again. Keys in the order
    // of `Item`. Its own SQL text, so the raw mode set here never reaches another caller.
    const pageJson = db
      .prepare<[{ caseId: string; after: string | null; limit: number }], [unknown, unknown]>(
        `SELECT id, json_object('id', id, 'caseId', case_id, 'kind', kind, 'sha256', sha256,
           'md5', md5, 'size', size, 'mediaType', media_type, 'name', name, 'sourceUrl', source_url,
           'acquiredAt', acquired_at, 'collectedAt', collected_at, 'collectedBy', collected_by,
           'reason', reason, 'legalBasisId', legal_basis_id, 'metadata', json(metadata),
           'erasedAt', erased_at) AS item
         FROM items WHERE case_id = @caseId
         AND rowid > coalesce((SELECT rowid FROM items WHERE id = @after), 0)
         ORDER BY rowid LIMIT @limit`,
      )
      .raw(true);
    return {
      nextId: () => Promise.resolve(`I-${this.#nextCounter('item')}`),
      insert: (item, artifacts) => {
        db.transaction(() => {
          db.prepare(
            `INSERT INTO items (id, case_id, kind, sha256, md5, size, media_type, name, source_url,
             acquired_at, collected_at, collected_by, reason, legal_basis_id, metadata, erased_at)
             VALUES (@id, @caseId, @kind, @sha256, @md5, @size, @mediaType, @name, @sourceUrl,
             @acquiredAt, @collectedAt, @collectedBy, @reason, @legalBasisId, @metadata, @erasedAt)`,
          ).run({ ...item, metadata: JSON.stringify(item.metadata) });
          for (const artifact of artifacts) insertArtifact.run(artifact);
        })();
        return Promise.resolve();
      },
      addArtifacts: (artifacts) => {
        db.transaction(() => artifacts.forEach((artifact) => insertArtifact.run(artifact)))();
        return Promise.resolve();
      },
      markErased: (id, erasedAt) => {
        db.prepare('UPDATE items SET erased_at = ? WHERE id = ?').run(erasedAt, id);
        return Promise.resolve();
      },
      liveReferences: (sha256) =>
        Promise.resolve(
          db
            .prepare<[string], { n: number }>(
              'SELECT count(*) AS n FROM artifacts JOIN items ON items.id = artifacts.item_id WHERE artifacts.sha256 = ? AND items.erased_at IS NULL',
            )
            .get(sha256)?.n ?? 0,
        ),
      get: (id) => {
        const row = db.prepare<[string], Row>('SELECT * FROM items WHERE id = ?').get(id);
        return Promise.resolve(row ? toItem(row) : undefined);
      },
      listByCase: (caseId) =>
        Promise.resolve(
          db
            .prepare<[string], Row>(
              'SELECT * FROM items WHERE case_id = ? ORDER BY CAST(substr(id, 3) AS INTEGER)',
            )
            .all(caseId)
            .map(toItem),
        ),
      // rowid order is collection order; the case_id index carries the rowid, so a page is a range
      // scan whatever the size of the case.
      pageByCase: (caseId, page) =>
        Promise.resolve(
          db
            .prepare<[{ caseId: string; after: string | null; limit: number }], Row>(
              `SELECT * FROM items WHERE case_id = @caseId
               AND rowid > coalesce((SELECT rowid FROM items WHERE id = @after), 0)
               ORDER BY rowid LIMIT @limit`,
            )
            .all({ caseId, after: page.after ?? null, limit: page.limit })
            .map(toItem),
        ),
      pageByCaseJson: (caseId, page) =>
        Promise.resolve(
          pageJson
            .all({ caseId, after: page.after ?? null, limit: page.limit })
            .map(([id, json]) => ({ id: str(id), json: str(json) })),
        ),
      artifacts: (itemId) =>
        Promise.resolve(
          db
            .prepare<[string], Row>('SELECT * FROM artifacts WHERE item_id = ? ORDER BY rowid')
            .all(itemId)
            .map(toArtifact),
        ),
      liveArtifacts: () =>
        Promise.resolve(
          db
            .prepare<[], Row>(
              'SELECT artifacts.* FROM artifacts JOIN items ON items.id = artifacts.item_id WHERE items.erased_at IS NULL ORDER BY artifacts.rowid',
            )
            .all()
            .map(toArtifact),
        ),
      allArtifacts: () =>
        Promise.resolve(
          db.prepare<[], Row>('SELECT * FROM artifacts ORDER BY rowid').all().map(toArtifact),
        ),
    };
  }

  #ledgerRepository(): LedgerRepository {
    const db = this.db;
    return {
      last: () => {
        const row = db
          .prepare<[], Row>('SELECT * FROM ledger_events ORDER BY seq DESC LIMIT 1')
          .get();
        return Promise.resolve(row ? toEvent(row) : undefined);
      },
      append: (event, head: SignedHead) => {
        db.prepare(
          `INSERT INTO ledger_events VALUES (@seq, @time, @actor, @action, @caseId, @itemId, @reason, @data, @prev, @hash)`,
        ).run({ ...event, data: JSON.stringify(event.data) });
        db.prepare(
          `INSERT INTO ledger_head (id, seq, hash, signature, key_id) VALUES (1, @seq, @hash, @signature, @keyId)
           ON CONFLICT(id) DO UPDATE SET seq=excluded.seq, hash=excluded.hash,
           signature=excluded.signature, key_id=excluded.key_id`,
        ).run(head);
        return Promise.resolve();
      },
      list: (options = {}) =>
        Promise.resolve(
          db
            .prepare<[number, number], Row>(
              'SELECT * FROM ledger_events WHERE seq >= ? ORDER BY seq LIMIT ?',
            )
            .all(options.fromSeq ?? 1, options.limit ?? -1)
            .map(toEvent),
        ),
      listFor: (filter) =>
        Promise.resolve(
          db
            .prepare<[{ caseId: string | null; itemId: string | null }], Row>(
              `SELECT * FROM ledger_events WHERE (@caseId IS NULL OR case_id = @caseId)
               AND (@itemId IS NULL OR item_id = @itemId) ORDER BY seq`,
            )
            .all({ caseId: filter.caseId ?? null, itemId: filter.itemId ?? null })
            .map(toEvent),
        ),
      signedHead: () => {
        const row = db.prepare<[], Row>('SELECT * FROM ledger_head WHERE id = 1').get();
        return Promise.resolve(
          row
            ? {
                seq: Number(row.seq),
                hash: str(row.hash),
                signature: str(row.signature),
                keyId: str(row.key_id),
              }
            : null,
        );
      },
    };
  }
}
