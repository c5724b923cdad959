/**
 * @module Versioned schema migrations, one list per capability so capabilities evolve their
 * tables independently. A migration runs once, inside the transaction that records it.
 */
import type Database from 'better-sqlite3';
import { ACCESS_MIGRATIONS } from './access-repository.js';
import { ANNOTATION_MIGRATIONS } from './annotation-repository.js';
import { SEARCH_MIGRATIONS } from './search-index.js';
import { EXPORTS_MIGRATIONS } from './exports-repository.js';
import { EXPOSURE_MIGRATIONS } from './exposure-repository.js';
import { HASHLIST_MIGRATIONS } from './hashlist-repository.js';
import { JOB_MIGRATIONS } from './job-repository.js';
import { TRAINING_MIGRATIONS } from './training-repository.js';
import { TRIAGE_MIGRATIONS } from './triage-repository.js';

export interface CapabilityMigrations {
  /** The capability that owns the tables (`evidence`, `triage`, …). */
  readonly capability: string;
  /** SQL scripts in order; index + 1 is the version. Never edit a released one: append. */
  readonly steps: readonly string[];
}

export const EVIDENCE_MIGRATIONS: CapabilityMigrations = {
  capability: 'evidence',
  steps: [
    `
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      closed_at TEXT,
      closed_by TEXT,
      closed_reason TEXT
    ) STRICT;
    CREATE TABLE legal_bases (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      authority TEXT NOT NULL,
      reference TEXT NOT NULL,
      purpose TEXT NOT NULL,
      scope TEXT,
      valid_from TEXT NOT NULL,
      valid_until TEXT NOT NULL,
      approver TEXT,
      added_at TEXT NOT NULL,
      added_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX legal_bases_case ON legal_bases(case_id);
    CREATE TABLE items (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id),
      kind TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      md5 TEXT NOT NULL,
      size INTEGER NOT NULL,
      media_type TEXT NOT NULL,
      name TEXT NOT NULL,
      source_url TEXT,
      acquired_at TEXT,
      collected_at TEXT NOT NULL,
      collected_by TEXT NOT NULL,
      reason TEXT NOT NULL,
      legal_basis_id TEXT NOT NULL REFERENCES legal_bases(id),
      metadata TEXT NOT NULL
    ) STRICT;
    CREATE INDEX items_case ON items(case_id);
    CREATE INDEX items_sha256 ON items(sha256);
    CREATE TABLE artifacts (
      item_id TEXT NOT NULL REFERENCES items(id),
      role TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      md5 TEXT NOT NULL,
      size INTEGER NOT NULL,
      media_type TEXT NOT NULL,
      name TEXT NOT NULL,
      derived_from TEXT,
      PRIMARY KEY (item_id, role, sha256)
    ) STRICT;
    CREATE INDEX artifacts_sha256 ON artifacts(sha256);
    CREATE TABLE ledger_events (
      seq INTEGER PRIMARY KEY,
      time TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      case_id TEXT,
      item_id TEXT,
      reason TEXT,
      data TEXT NOT NULL,
      prev TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;
    CREATE INDEX ledger_events_case ON ledger_events(case_id);
    CREATE INDEX ledger_events_item ON ledger_events(item_id);
    CREATE TABLE ledger_head (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL,
      hash TEXT NOT NULL,
      signature TEXT NOT NULL,
      key_id TEXT NOT NULL
    ) STRICT;
    -- Defence in depth (R8): the application never edits or deletes events. Someone with the
    -- database file can drop these triggers; the hash chain and signed head still catch them.
    CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
      BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;
    CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
      BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;
    CREATE TRIGGER artifacts_no_update BEFORE UPDATE ON artifacts
      BEGIN SELECT RAISE(ABORT, 'artifacts are immutable'); END;
    `,
    `ALTER TABLE cases ADD COLUMN workspace TEXT NOT NULL DEFAULT 'operational'
       CHECK (workspace IN ('operational', 'training'));`,
    `
    ALTER TABLE cases ADD COLUMN policy TEXT NOT NULL DEFAULT 'immediate' CHECK (policy IN ('immediate', 'approval'));
    ALTER TABLE cases ADD COLUMN plan TEXT;
    ALTER TABLE cases ADD COLUMN risk_assessment TEXT;
    ALTER TABLE cases ADD COLUMN review_at TEXT;
    ALTER TABLE cases ADD COLUMN expires_at TEXT;
    ALTER TABLE cases ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cases ADD COLUMN review_notified_for TEXT;
    ALTER TABLE legal_bases ADD COLUMN approved_by TEXT;
    ALTER TABLE legal_bases ADD COLUMN approved_at TEXT;
    ALTER TABLE items ADD COLUMN erased_at TEXT;
    `,
  ],
};

/** Every capability's migrations, in the order they are applied. */
const registry: CapabilityMigrations[] = [
  EVIDENCE_MIGRATIONS,
  ACCESS_MIGRATIONS,
  HASHLIST_MIGRATIONS,
  JOB_MIGRATIONS,
  TRIAGE_MIGRATIONS,
  ANNOTATION_MIGRATIONS,
  SEARCH_MIGRATIONS,
  EXPORTS_MIGRATIONS,
  TRAINING_MIGRATIONS,
  EXPOSURE_MIGRATIONS,
];

/** Lets a capability add its tables (triage, training, …) before the store opens. */
export function registerMigrations(migrations: CapabilityMigrations): void {
  if (!registry.some((entry) => entry.capability === migrations.capability)) {
    registry.push(migrations);
  }
}

/**
 * Applies pending migrations. Runs under BEGIN IMMEDIATE so two processes opening a new store at
 * once do not both migrate.
 */
export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    capability TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (capability, version))`);
  const applied = db.prepare<[string], { version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations WHERE capability = ?',
  );
  const record = db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const { capability, steps } of registry) {
      const current = applied.get(capability)?.version ?? 0;
      steps.slice(current).forEach((sql, index) => {
        db.exec(sql);
        record.run(capability, current + index + 1, new Date().toISOString());
      });
    }
  }).immediate();
}
