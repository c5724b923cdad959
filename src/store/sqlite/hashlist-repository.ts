/**
 * @module SQLite adapter of the `HashListRepository` port (src/triage/hashlist/hashlist.types.ts).
 * Tables are prefixed `hashlist_`; entries keep their file order.
 */
import type Database from 'better-sqlite3';
import { conflict } from '../../core/errors.js';
import type {
  HashList,
  HashListEntry,
  HashListMeta,
  HashListProvenance,
  HashListRepository,
  SignalType,
} from '../../triage/hashlist/hashlist.types.js';
import type { CapabilityMigrations } from './migrations.js';

const SCHEMA_V1 = `
  CREATE TABLE IF NOT EXISTS hashlist_lists (
    name TEXT PRIMARY KEY,
    provenance TEXT NOT NULL,
    entry_count INTEGER NOT NULL,
    counts TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS hashlist_entries (
    list_name TEXT NOT NULL REFERENCES hashlist_lists(name) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('pdq', 'md5', 'sha256', 'vpdq', 'url')),
    value TEXT NOT NULL,
    labels TEXT NOT NULL,
    PRIMARY KEY (list_name, position),
    UNIQUE (list_name, type, value)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS hashlist_entries_value ON hashlist_entries(type, value);
  CREATE TABLE IF NOT EXISTS hashlist_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
  ) STRICT;
  INSERT OR IGNORE INTO hashlist_state VALUES (1, 0);
`;

/** For the store's migration runner (`registerMigrations`). */
export const HASHLIST_MIGRATIONS: CapabilityMigrations = {
  capability: 'hashlist',
  steps: [SCHEMA_V1],
};

/** Create the hash-list tables if they are missing (idempotent). */
export function migrateHashlistTables(db: Database.Database): void {
  db.exec(SCHEMA_V1);
}

interface ListRow {
  name: string;
  provenance: string;
  entry_count: number;
  counts: string;
}

interface EntryRow {
  type: string;
  value: string;
  labels: string;
}

/** Run synchronous SQLite work as a promise, so errors reject instead of throwing. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

const toMeta = (row: ListRow): HashListMeta => ({
  name: row.name,
  provenance: JSON.parse(row.provenance) as HashListProvenance,
  entryCount: row.entry_count,
  counts: JSON.parse(row.counts) as HashListMeta['counts'],
});

/**
 * Hash lists in SQLite. Expects the tables to exist (run `migrateHashlistTables` or register
 * `HASHLIST_MIGRATIONS`).
 *
 * @example
 * migrateHashlistTables(db);
 * const repo = new SqliteHashListRepository(db);
 */
export class SqliteHashListRepository implements HashListRepository {
  constructor(private readonly db: Database.Database) {}

  save(list: HashList, options: { replace?: boolean } = {}): Promise<void> {
    const { db } = this;
    const { meta, entries } = list;
    const write = db.transaction(() => {
      const exists = db.prepare('SELECT 1 FROM hashlist_lists WHERE name = ?').get(meta.name);
      if (exists && !options.replace) {
        throw conflict(`a hash list named "${meta.name}" already exists`, {
          hint: 'choose another --name, or replace it explicitly',
        });
      }
      db.prepare('DELETE FROM hashlist_entries WHERE list_name = ?').run(meta.name);
      db.prepare('DELETE FROM hashlist_lists WHERE name = ?').run(meta.name);
      db.prepare('INSERT INTO hashlist_lists VALUES (?, ?, ?, ?)').run(
        meta.name,
        JSON.stringify(meta.provenance),
        meta.entryCount,
        JSON.stringify(meta.counts),
      );
      const insert = db.prepare('INSERT INTO hashlist_entries VALUES (?, ?, ?, ?, ?)');
      entries.forEach((e, i) =>
        insert.run(meta.name, i, e.type, e.value, JSON.stringify(e.labels)),
      );
      db.prepare('UPDATE hashlist_state SET version = version + 1 WHERE id = 1').run();
    });
    return settle(() => write.immediate());
  }

  get(name: string): Promise<HashList | undefined> {
    return settle(() => this.getSync(name));
  }

  private getSync(name: string): HashList | undefined {
    const row = this.db
      .prepare<[string], ListRow>('SELECT * FROM hashlist_lists WHERE name = ?')
      .get(name);
    if (!row) return undefined;
    const entries = this.db
      .prepare<[string], EntryRow>(
        'SELECT type, value, labels FROM hashlist_entries WHERE list_name = ? ORDER BY position',
      )
      .all(name)
      .map((e): HashListEntry => ({
        type: e.type as SignalType,
        value: e.value,
        labels: JSON.parse(e.labels) as string[],
      }));
    return { meta: toMeta(row), entries };
  }

  list(): Promise<HashListMeta[]> {
    return settle(() =>
      this.db.prepare<[], ListRow>('SELECT * FROM hashlist_lists ORDER BY name').all().map(toMeta),
    );
  }

  delete(name: string): Promise<boolean> {
    const { db } = this;
    const remove = db.transaction(() => {
      db.prepare('DELETE FROM hashlist_entries WHERE list_name = ?').run(name);
      const { changes } = db.prepare('DELETE FROM hashlist_lists WHERE name = ?').run(name);
      if (changes > 0)
        db.prepare('UPDATE hashlist_state SET version = version + 1 WHERE id = 1').run();
      return changes > 0;
    });
    return settle(() => remove());
  }

  version(): Promise<number> {
    return settle(
      () =>
        this.db
          .prepare<[], { version: number }>('SELECT version FROM hashlist_state WHERE id = 1')
          .get()?.version ?? 0,
    );
  }
}
