/**
 * @module SQLite adapter for the exposure log (R18): one row per reveal or report of seconds,
 * never updated; totals are sums.
 */
import type Database from 'better-sqlite3';
import type { ExposureCount, ExposureEntry, ExposureRepository } from '../../cases/exposure.js';
import type { CapabilityMigrations } from './migrations.js';

export const EXPOSURE_MIGRATIONS: CapabilityMigrations = {
  capability: 'exposure',
  steps: [
    `
    CREATE TABLE exposure_log (
      id INTEGER PRIMARY KEY,
      person TEXT NOT NULL,
      session TEXT NOT NULL,
      item_id TEXT,
      at TEXT NOT NULL,
      reveals INTEGER NOT NULL CHECK (reveals >= 0),
      seconds REAL NOT NULL CHECK (seconds >= 0)
    ) STRICT;
    CREATE INDEX exposure_person_at ON exposure_log(person, at);
    CREATE INDEX exposure_session ON exposure_log(session);
    `,
  ],
};

type Sums = { reveals: number | null; seconds: number | null };
const count = (row: Sums | undefined): ExposureCount => ({
  reveals: row?.reveals ?? 0,
  seconds: row?.seconds ?? 0,
});

export class SqliteExposureRepository implements ExposureRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  append(entry: ExposureEntry): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO exposure_log (person, session, item_id, at, reveals, seconds)
         VALUES (@person, @session, @itemId, @at, @reveals, @seconds)`,
      )
      .run(entry);
    return Promise.resolve();
  }

  totals(
    person: string,
    session: string,
    since: string,
  ): Promise<{ session: ExposureCount; since: ExposureCount }> {
    const bySession = this.#db
      .prepare<[string], Sums>(
        'SELECT sum(reveals) AS reveals, sum(seconds) AS seconds FROM exposure_log WHERE session = ?',
      )
      .get(session);
    const bySince = this.#db
      .prepare<[string, string], Sums>(
        'SELECT sum(reveals) AS reveals, sum(seconds) AS seconds FROM exposure_log WHERE person = ? AND at >= ?',
      )
      .get(person, since);
    return Promise.resolve({ session: count(bySession), since: count(bySince) });
  }
}
