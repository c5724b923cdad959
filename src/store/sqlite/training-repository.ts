/**
 * @module SQLite adapter of the training ports: the certificate register and revocations
 * (src/training/certificates/certificate-ports.ts) and cohorts, assignments, attempts,
 * submissions and overrides (src/training/cohorts/cohort-ports.ts). Tables are prefixed
 * `training_`; revocations and overrides are append-only (triggers refuse UPDATE and DELETE).
 */
import type Database from 'better-sqlite3';
import { conflict } from '../../core/errors.js';
import type { MetadataStore } from '../../evidence/ports.js';
import type {
  CertificateRepository,
  IssuedCertificate,
  Revocation,
} from '../../training/certificates/certificate-ports.js';
import type {
  Assignment,
  Attempt,
  Cohort,
  CohortRepository,
  Enrolment,
  Override,
  Submission,
} from '../../training/cohorts/cohort-ports.js';
import type { CapabilityMigrations } from './migrations.js';

export const TRAINING_MIGRATIONS: CapabilityMigrations = {
  capability: 'training',
  steps: [
    `
    CREATE TABLE training_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
    CREATE TABLE training_status_lists (url TEXT PRIMARY KEY, next_index INTEGER NOT NULL) STRICT;
    CREATE TABLE training_certificates (
      id TEXT PRIMARY KEY,
      credential_id TEXT NOT NULL UNIQUE,
      recipient TEXT NOT NULL,
      recipient_user TEXT,
      achievement_id TEXT NOT NULL,
      achievement_name TEXT NOT NULL,
      status_list TEXT NOT NULL,
      status_index INTEGER NOT NULL,
      issued_at TEXT NOT NULL,
      issued_by TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      credential TEXT NOT NULL,
      UNIQUE (status_list, status_index)
    ) STRICT;
    CREATE TABLE training_revocations (
      certificate_id TEXT PRIMARY KEY REFERENCES training_certificates(id),
      credential_id TEXT NOT NULL,
      status_list TEXT NOT NULL,
      status_index INTEGER NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) > 0),
      revoked_by TEXT NOT NULL,
      revoked_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER training_revocations_no_update BEFORE UPDATE ON training_revocations
      BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
    CREATE TRIGGER training_revocations_no_delete BEFORE DELETE ON training_revocations
      BEGIN SELECT RAISE(ABORT, 'revocations are append-only'); END;
    CREATE TABLE training_cohorts (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      seed TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE training_enrolments (
      cohort_id TEXT NOT NULL REFERENCES training_cohorts(id),
      trainee TEXT NOT NULL,
      variant TEXT NOT NULL,
      enrolled_by TEXT NOT NULL,
      enrolled_at TEXT NOT NULL,
      PRIMARY KEY (cohort_id, trainee),
      UNIQUE (cohort_id, variant)
    ) STRICT;
    CREATE TABLE training_assignments (
      id TEXT PRIMARY KEY,
      cohort_id TEXT NOT NULL REFERENCES training_cohorts(id),
      scenario TEXT NOT NULL,
      opens_at TEXT NOT NULL,
      closes_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      CHECK (closes_at > opens_at)
    ) STRICT;
    CREATE TABLE training_attempts (
      assignment_id TEXT NOT NULL REFERENCES training_assignments(id),
      trainee TEXT NOT NULL,
      case_id TEXT NOT NULL,
      started_at TEXT NOT NULL,
      PRIMARY KEY (assignment_id, trainee)
    ) STRICT;
    CREATE TABLE training_submissions (
      id TEXT PRIMARY KEY,
      assignment_id TEXT NOT NULL REFERENCES training_assignments(id),
      trainee TEXT NOT NULL,
      variant TEXT NOT NULL,
      submitted_at TEXT NOT NULL,
      answers TEXT NOT NULL,
      packages TEXT NOT NULL,
      result TEXT NOT NULL,
      flagged INTEGER NOT NULL CHECK (flagged IN (0, 1))
    ) STRICT;
    CREATE INDEX training_submissions_assignment ON training_submissions(assignment_id, trainee);
    CREATE TRIGGER training_submissions_no_update BEFORE UPDATE ON training_submissions
      BEGIN SELECT RAISE(ABORT, 'submissions are kept as assessed; overrides are separate rows'); END;
    CREATE TABLE training_overrides (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      submission_id TEXT NOT NULL REFERENCES training_submissions(id),
      criterion TEXT NOT NULL,
      score REAL NOT NULL,
      previous REAL NOT NULL,
      reason TEXT NOT NULL CHECK (length(reason) > 0),
      by TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX training_overrides_submission ON training_overrides(submission_id, id);
    CREATE TRIGGER training_overrides_no_update BEFORE UPDATE ON training_overrides
      BEGIN SELECT RAISE(ABORT, 'overrides are append-only history'); END;
    CREATE TRIGGER training_overrides_no_delete BEFORE DELETE ON training_overrides
      BEGIN SELECT RAISE(ABORT, 'overrides are append-only history'); END;
    `,
  ],
};

interface CertificateRow {
  id: string;
  credential_id: string;
  recipient: string;
  recipient_user: string | null;
  achievement_id: string;
  achievement_name: string;
  status_list: string;
  status_index: number;
  issued_at: string;
  issued_by: string;
  sha256: string;
  credential: string;
}

const toCertificate = (r: CertificateRow): IssuedCertificate => ({
  id: r.id,
  credentialId: r.credential_id,
  recipient: r.recipient,
  recipientUser: r.recipient_user,
  achievementId: r.achievement_id,
  achievementName: r.achievement_name,
  statusList: r.status_list,
  statusIndex: r.status_index,
  issuedAt: r.issued_at,
  issuedBy: r.issued_by,
  sha256: r.sha256,
  credential: JSON.parse(r.credential) as Record<string, unknown>,
});

interface RevocationRow {
  certificate_id: string;
  credential_id: string;
  status_list: string;
  status_index: number;
  reason: string;
  revoked_by: string;
  revoked_at: string;
}

const toRevocation = (r: RevocationRow): Revocation => ({
  certificateId: r.certificate_id,
  credentialId: r.credential_id,
  statusList: r.status_list,
  statusIndex: r.status_index,
  reason: r.reason,
  revokedBy: r.revoked_by,
  revokedAt: r.revoked_at,
});

interface SubmissionRow {
  id: string;
  assignment_id: string;
  trainee: string;
  variant: string;
  submitted_at: string;
  answers: string;
  packages: string;
  result: string;
  flagged: number;
}

const toSubmission = (r: SubmissionRow): Submission => ({
  id: r.id,
  assignmentId: r.assignment_id,
  trainee: r.trainee,
  variant: r.variant,
  submittedAt: r.submitted_at,
  answers: JSON.parse(r.answers) as unknown,
  packages: JSON.parse(r.packages) as Submission['packages'],
  result: JSON.parse(r.result) as Submission['result'],
  flagged: r.flagged === 1,
});

const ID_PREFIX = { cohort: 'COH', assignment: 'ASG', submission: 'SUB' } as const;

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true;

/** Both training ports over one database connection. */
export class SqliteTrainingRepository implements CertificateRepository, CohortRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #counter(name: string): number {
    return (
      this.#db
        .prepare<[string], { value: number }>(
          `INSERT INTO training_counters (name, value) VALUES (?, 1)
           ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
        )
        .get(name)?.value ?? 1
    );
  }

  allocateStatusIndex(statusList: string): Promise<number> {
    const row = this.#db
      .prepare<[string], { next_index: number }>(
        `INSERT INTO training_status_lists (url, next_index) VALUES (?, 1)
         ON CONFLICT(url) DO UPDATE SET next_index = next_index + 1 RETURNING next_index`,
      )
      .get(statusList);
    return Promise.resolve((row?.next_index ?? 1) - 1);
  }

  insertCertificate(c: IssuedCertificate): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO training_certificates VALUES (@id, @credentialId, @recipient, @recipientUser,
           @achievementId, @achievementName, @statusList, @statusIndex, @issuedAt, @issuedBy, @sha256, @credential)`,
      )
      .run({ ...c, credential: JSON.stringify(c.credential) });
    return Promise.resolve();
  }

  findCertificate(idOrCredentialId: string): Promise<IssuedCertificate | null> {
    const row = this.#db
      .prepare<[string, string], CertificateRow>(
        'SELECT * FROM training_certificates WHERE id = ? OR credential_id = ?',
      )
      .get(idOrCredentialId, idOrCredentialId);
    return Promise.resolve(row === undefined ? null : toCertificate(row));
  }

  listCertificates(filter: { recipientUser?: string } = {}): Promise<IssuedCertificate[]> {
    const rows =
      filter.recipientUser === undefined
        ? this.#db
            .prepare<[], CertificateRow>(
              'SELECT * FROM training_certificates ORDER BY issued_at, id',
            )
            .all()
        : this.#db
            .prepare<[string], CertificateRow>(
              'SELECT * FROM training_certificates WHERE recipient_user = ? ORDER BY issued_at, id',
            )
            .all(filter.recipientUser);
    return Promise.resolve(rows.map(toCertificate));
  }

  insertRevocation(r: Revocation): Promise<void> {
    try {
      this.#db
        .prepare(
          `INSERT INTO training_revocations VALUES (@certificateId, @credentialId, @statusList,
             @statusIndex, @reason, @revokedBy, @revokedAt)`,
        )
        .run({ ...r });
    } catch (error) {
      if (isUniqueViolation(error))
        return Promise.reject(conflict(`certificate ${r.certificateId} is already revoked`));
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  }

  listRevocations(statusList?: string): Promise<Revocation[]> {
    const rows =
      statusList === undefined
        ? this.#db
            .prepare<[], RevocationRow>('SELECT * FROM training_revocations ORDER BY revoked_at')
            .all()
        : this.#db
            .prepare<[string], RevocationRow>(
              'SELECT * FROM training_revocations WHERE status_list = ? ORDER BY revoked_at',
            )
            .all(statusList);
    return Promise.resolve(rows.map(toRevocation));
  }

  nextId(kind: 'cohort' | 'assignment' | 'submission'): Promise<string> {
    return Promise.resolve(`${ID_PREFIX[kind]}-${this.#counter(kind)}`);
  }

  insertCohort(c: Cohort): Promise<void> {
    this.#db
      .prepare('INSERT INTO training_cohorts VALUES (@id, @name, @seed, @createdBy, @createdAt)')
      .run({ ...c });
    return Promise.resolve();
  }

  getCohort(id: string): Promise<Cohort | null> {
    const row = this.#db
      .prepare<
        [string],
        { id: string; name: string; seed: string; created_by: string; created_at: string }
      >('SELECT * FROM training_cohorts WHERE id = ?')
      .get(id);
    return Promise.resolve(
      row === undefined
        ? null
        : {
            id: row.id,
            name: row.name,
            seed: row.seed,
            createdBy: row.created_by,
            createdAt: row.created_at,
          },
    );
  }

  listCohorts(): Promise<Cohort[]> {
    const rows = this.#db
      .prepare<
        [],
        { id: string; name: string; seed: string; created_by: string; created_at: string }
      >('SELECT * FROM training_cohorts ORDER BY created_at, id')
      .all();
    return Promise.resolve(
      rows.map((row) => ({
        id: row.id,
        name: row.name,
        seed: row.seed,
        createdBy: row.created_by,
        createdAt: row.created_at,
      })),
    );
  }

  insertEnrolment(e: Enrolment): Promise<void> {
    try {
      this.#db
        .prepare(
          'INSERT INTO training_enrolments VALUES (@cohortId, @trainee, @variant, @enrolledBy, @enrolledAt)',
        )
        .run({ ...e });
    } catch (error) {
      if (isUniqueViolation(error))
        return Promise.reject(
          conflict(
            `${e.trainee} is already enrolled in cohort ${e.cohortId} (or variant ${e.variant} is taken)`,
          ),
        );
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  }

  listEnrolments(filter: { cohortId?: string; trainee?: string }): Promise<Enrolment[]> {
    const rows = this.#db
      .prepare<
        [{ a: string | null; b: string | null }],
        {
          cohort_id: string;
          trainee: string;
          variant: string;
          enrolled_by: string;
          enrolled_at: string;
        }
      >(
        `SELECT * FROM training_enrolments WHERE (@a IS NULL OR cohort_id = @a) AND (@b IS NULL OR trainee = @b)
         ORDER BY cohort_id, trainee`,
      )
      .all({ a: filter.cohortId ?? null, b: filter.trainee ?? null });
    return Promise.resolve(
      rows.map((r) => ({
        cohortId: r.cohort_id,
        trainee: r.trainee,
        variant: r.variant,
        enrolledBy: r.enrolled_by,
        enrolledAt: r.enrolled_at,
      })),
    );
  }

  insertAssignment(a: Assignment): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO training_assignments VALUES (@id, @cohortId, @scenario, @opensAt, @closesAt, @createdBy, @createdAt)',
      )
      .run({ ...a });
    return Promise.resolve();
  }

  #assignments(where: string, args: { a: string | null }): Assignment[] {
    return this.#db
      .prepare<
        [{ a: string | null }],
        {
          id: string;
          cohort_id: string;
          scenario: string;
          opens_at: string;
          closes_at: string;
          created_by: string;
          created_at: string;
        }
      >(`SELECT * FROM training_assignments WHERE ${where} ORDER BY opens_at, id`)
      .all(args)
      .map((r) => ({
        id: r.id,
        cohortId: r.cohort_id,
        scenario: r.scenario,
        opensAt: r.opens_at,
        closesAt: r.closes_at,
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
  }

  getAssignment(id: string): Promise<Assignment | null> {
    return Promise.resolve(this.#assignments('id = @a', { a: id })[0] ?? null);
  }

  listAssignments(filter: { cohortId?: string }): Promise<Assignment[]> {
    return Promise.resolve(
      this.#assignments('(@a IS NULL OR cohort_id = @a)', { a: filter.cohortId ?? null }),
    );
  }

  insertAttempt(a: Attempt): Promise<void> {
    try {
      this.#db
        .prepare(
          'INSERT INTO training_attempts VALUES (@assignmentId, @trainee, @caseId, @startedAt)',
        )
        .run({ ...a });
    } catch (error) {
      if (isUniqueViolation(error))
        return Promise.reject(
          conflict(`${a.trainee} has already started assignment ${a.assignmentId}`),
        );
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  }

  getAttempt(assignmentId: string, trainee: string): Promise<Attempt | null> {
    const row = this.#db
      .prepare<
        [string, string],
        { assignment_id: string; trainee: string; case_id: string; started_at: string }
      >('SELECT * FROM training_attempts WHERE assignment_id = ? AND trainee = ?')
      .get(assignmentId, trainee);
    return Promise.resolve(
      row === undefined
        ? null
        : {
            assignmentId: row.assignment_id,
            trainee: row.trainee,
            caseId: row.case_id,
            startedAt: row.started_at,
          },
    );
  }

  insertSubmission(s: Submission): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO training_submissions VALUES (@id, @assignmentId, @trainee, @variant, @submittedAt,
           @answers, @packages, @result, @flagged)`,
      )
      .run({
        ...s,
        answers: JSON.stringify(s.answers ?? null),
        packages: JSON.stringify(s.packages),
        result: JSON.stringify(s.result),
        flagged: s.flagged ? 1 : 0,
      });
    return Promise.resolve();
  }

  getSubmission(id: string): Promise<Submission | null> {
    const row = this.#db
      .prepare<[string], SubmissionRow>('SELECT * FROM training_submissions WHERE id = ?')
      .get(id);
    return Promise.resolve(row === undefined ? null : toSubmission(row));
  }

  listSubmissions(filter: { assignmentId?: string; trainee?: string }): Promise<Submission[]> {
    const rows = this.#db
      .prepare<[{ a: string | null; b: string | null }], SubmissionRow>(
        `SELECT * FROM training_submissions WHERE (@a IS NULL OR assignment_id = @a) AND (@b IS NULL OR trainee = @b)
         ORDER BY submitted_at, id`,
      )
      .all({ a: filter.assignmentId ?? null, b: filter.trainee ?? null });
    return Promise.resolve(rows.map(toSubmission));
  }

  insertOverride(o: Omit<Override, 'id'>): Promise<Override> {
    const info = this.#db
      .prepare(
        `INSERT INTO training_overrides (submission_id, criterion, score, previous, reason, by, at)
         VALUES (@submissionId, @criterion, @score, @previous, @reason, @by, @at)`,
      )
      .run({ ...o });
    return Promise.resolve({ ...o, id: Number(info.lastInsertRowid) });
  }

  listOverrides(submissionId: string): Promise<Override[]> {
    const rows = this.#db
      .prepare<
        [string],
        {
          id: number;
          submission_id: string;
          criterion: string;
          score: number;
          previous: number;
          reason: string;
          by: string;
          at: string;
        }
      >('SELECT * FROM training_overrides WHERE submission_id = ? ORDER BY id')
      .all(submissionId);
    return Promise.resolve(
      rows.map((r) => ({
        id: r.id,
        submissionId: r.submission_id,
        criterion: r.criterion,
        score: r.score,
        previous: r.previous,
        reason: r.reason,
        by: r.by,
        at: r.at,
      })),
    );
  }
}

const cache = new WeakMap<object, SqliteTrainingRepository>();

/** The training repository on a Vigil's SQLite store (one per store). */
export function trainingRepositoryFor(store: MetadataStore): SqliteTrainingRepository {
  // Duck-typed: importing SqliteStore here would close an import cycle through migrations.ts.
  const db = (store as Partial<{ db: Database.Database }>).db;
  if (db === undefined) throw new Error('the training repository needs the SQLite metadata store');
  let repository = cache.get(store);
  if (repository === undefined) {
    repository = new SqliteTrainingRepository(db);
    cache.set(store, repository);
  }
  return repository;
}
