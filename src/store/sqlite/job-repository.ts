/**
 * @module SQLite adapter of the job queue's port (`src/core/jobs.ts`): one `jobs` table. Writes
 * go through the store's transaction (its in-process mutex and BEGIN IMMEDIATE), so a claim is
 * atomic across processes and never joins another service's open transaction by accident.
 */
import type { Job, JobEnd, JobRepository, JobStatus } from '../../core/jobs.js';
import type { CapabilityMigrations } from './migrations.js';
import type { SqliteStore } from './sqlite-store.js';

export const JOB_MIGRATIONS: CapabilityMigrations = {
  capability: 'jobs',
  steps: [
    `
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      owner TEXT,
      error TEXT,
      result TEXT
    ) STRICT;
    CREATE INDEX jobs_status ON jobs(status, id);
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const sn = (v: unknown): string | null => (v === null || v === undefined ? null : s(v));

const toJob = (row: Row): Job => ({
  id: Number(row.id),
  kind: s(row.kind),
  payload: JSON.parse(s(row.payload)) as Record<string, unknown>,
  status: s(row.status) as JobStatus,
  attempts: Number(row.attempts),
  maxAttempts: Number(row.max_attempts),
  createdAt: s(row.created_at),
  startedAt: sn(row.started_at),
  finishedAt: sn(row.finished_at),
  owner: sn(row.owner),
  error: sn(row.error),
  result: row.result === null ? null : (JSON.parse(s(row.result)) as Record<string, unknown>),
});

/**
 * Jobs in the metadata database.
 *
 * @example
 * const jobs = new JobQueue({ repository: new SqliteJobRepository(store), clock });
 */
export class SqliteJobRepository implements JobRepository {
  readonly #store: SqliteStore;

  constructor(store: SqliteStore) {
    this.#store = store;
  }

  insert(job: {
    kind: string;
    payload: Readonly<Record<string, unknown>>;
    maxAttempts: number;
    createdAt: string;
  }): Promise<Job> {
    return this.#write((db) => {
      const row = db
        .prepare<[string, string, number, string], Row>(
          `INSERT INTO jobs (kind, payload, status, max_attempts, created_at)
           VALUES (?, ?, 'queued', ?, ?) RETURNING *`,
        )
        .get(job.kind, JSON.stringify(job.payload), job.maxAttempts, job.createdAt);
      return toJob(row!);
    });
  }

  claim(owner: string, kinds: readonly string[], now: string): Promise<Job | undefined> {
    if (kinds.length === 0) return Promise.resolve(undefined);
    return this.#write((db) => {
      const marks = kinds.map(() => '?').join(', ');
      const row = db
        .prepare<unknown[], Row>(
          `UPDATE jobs SET status = 'running', owner = ?, started_at = ?, attempts = attempts + 1
           WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND kind IN (${marks}) ORDER BY id LIMIT 1)
           RETURNING *`,
        )
        .get(owner, now, ...kinds);
      return row ? toJob(row) : undefined;
    });
  }

  finish(id: number, owner: string, end: JobEnd, now: string): Promise<void> {
    return this.#write((db) => {
      db.prepare(
        `UPDATE jobs SET status = @status, finished_at = @finished, owner = NULL,
         error = @error, result = @result WHERE id = @id AND owner = @owner AND status = 'running'`,
      ).run({
        id,
        owner,
        status: end.status,
        finished: end.status === 'queued' ? null : now,
        error: end.status === 'done' ? null : end.error,
        result: end.status === 'done' ? JSON.stringify(end.result) : null,
      });
    });
  }

  list(statuses: readonly JobStatus[], limit = -1): Promise<Job[]> {
    const marks = statuses.map(() => '?').join(', ');
    return Promise.resolve(
      this.#store.db
        .prepare<unknown[], Row>(
          `SELECT * FROM jobs WHERE status IN (${marks}) ORDER BY id LIMIT ?`,
        )
        .all(...statuses, limit)
        .map(toJob),
    );
  }

  get(id: number): Promise<Job | undefined> {
    const row = this.#store.db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?').get(id);
    return Promise.resolve(row ? toJob(row) : undefined);
  }

  #write<T>(work: (db: SqliteStore['db']) => T): Promise<T> {
    return this.#store.transaction(() => Promise.resolve(work(this.#store.db)));
  }
}
