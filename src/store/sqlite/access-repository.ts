/**
 * @module SQLite adapter for people and access: users, sessions, API tokens, case membership.
 */
import type Database from 'better-sqlite3';
import type { Role } from '../../cases/access.js';
import type {
  AccessRepository,
  ApiTokenRecord,
  Membership,
  Persona,
  SessionRecord,
  UserRecord,
} from '../../cases/access-ports.js';
import type { CapabilityMigrations } from './migrations.js';

export const ACCESS_MIGRATIONS: CapabilityMigrations = {
  capability: 'access',
  steps: [
    `
    CREATE TABLE users (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      password_hash TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      disabled INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_name TEXT NOT NULL REFERENCES users(name),
      csrf_token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE api_tokens (
      token_hash TEXT PRIMARY KEY,
      user_name TEXT NOT NULL REFERENCES users(name),
      label TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE case_members (
      case_id TEXT NOT NULL REFERENCES cases(id),
      user_name TEXT NOT NULL REFERENCES users(name),
      membership TEXT NOT NULL CHECK (membership IN ('lead', 'member')),
      added_by TEXT NOT NULL,
      added_at TEXT NOT NULL,
      PRIMARY KEY (case_id, user_name)
    ) STRICT;
    CREATE INDEX case_members_user ON case_members(user_name);
    `,
    `
    CREATE TABLE personas (
      name TEXT PRIMARY KEY,
      platforms TEXT NOT NULL,
      users TEXT NOT NULL,
      notes TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL
    ) STRICT;
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (value: unknown): string => (typeof value === 'string' ? value : String(value));

const toUser = (row: Row): UserRecord => ({
  name: s(row.name),
  role: s(row.role) as Role,
  passwordHash: row.password_hash === null ? null : s(row.password_hash),
  createdAt: s(row.created_at),
  createdBy: s(row.created_by),
  disabled: row.disabled === 1,
});

const toMember = (row: Row): Membership => ({
  caseId: s(row.case_id),
  userName: s(row.user_name),
  membership: row.membership === 'lead' ? 'lead' : 'member',
  addedBy: s(row.added_by),
  addedAt: s(row.added_at),
});

const toPersona = (row: Row): Persona => ({
  name: s(row.name),
  platforms: JSON.parse(s(row.platforms)) as string[],
  users: JSON.parse(s(row.users)) as string[],
  notes: row.notes === null ? null : s(row.notes),
  createdAt: s(row.created_at),
  createdBy: s(row.created_by),
});

export class SqliteAccessRepository implements AccessRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  insertPersona(persona: Persona): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO personas VALUES (@name, @platforms, @users, @notes, @createdAt, @createdBy)',
      )
      .run({
        ...persona,
        platforms: JSON.stringify(persona.platforms),
        users: JSON.stringify(persona.users),
      });
    return Promise.resolve();
  }

  getPersona(name: string): Promise<Persona | undefined> {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM personas WHERE name = ?').get(name);
    return Promise.resolve(row ? toPersona(row) : undefined);
  }

  listPersonas(): Promise<Persona[]> {
    return Promise.resolve(
      this.#db.prepare<[], Row>('SELECT * FROM personas ORDER BY name').all().map(toPersona),
    );
  }

  insertUser(user: UserRecord): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO users VALUES (@name, @role, @passwordHash, @createdAt, @createdBy, @disabled)',
      )
      .run({ ...user, disabled: user.disabled ? 1 : 0 });
    return Promise.resolve();
  }

  getUser(name: string): Promise<UserRecord | undefined> {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM users WHERE name = ?').get(name);
    return Promise.resolve(row ? toUser(row) : undefined);
  }

  listUsers(): Promise<UserRecord[]> {
    return Promise.resolve(
      this.#db.prepare<[], Row>('SELECT * FROM users ORDER BY name').all().map(toUser),
    );
  }

  countUsers(): Promise<number> {
    return Promise.resolve(
      this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users').get()?.n ?? 0,
    );
  }

  insertSession(session: SessionRecord): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO sessions VALUES (@tokenHash, @userName, @csrfToken, @createdAt, @expiresAt)',
      )
      .run(session);
    return Promise.resolve();
  }

  getSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = this.#db
      .prepare<[string], Row>('SELECT * FROM sessions WHERE token_hash = ?')
      .get(tokenHash);
    return Promise.resolve(
      row
        ? {
            tokenHash: s(row.token_hash),
            userName: s(row.user_name),
            csrfToken: s(row.csrf_token),
            createdAt: s(row.created_at),
            expiresAt: s(row.expires_at),
          }
        : undefined,
    );
  }

  deleteSession(tokenHash: string): Promise<void> {
    this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    return Promise.resolve();
  }

  insertToken(token: ApiTokenRecord): Promise<void> {
    this.#db
      .prepare('INSERT INTO api_tokens VALUES (@tokenHash, @userName, @label, @createdAt)')
      .run(token);
    return Promise.resolve();
  }

  getToken(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = this.#db
      .prepare<[string], Row>('SELECT * FROM api_tokens WHERE token_hash = ?')
      .get(tokenHash);
    return Promise.resolve(
      row
        ? {
            tokenHash: s(row.token_hash),
            userName: s(row.user_name),
            label: s(row.label),
            createdAt: s(row.created_at),
          }
        : undefined,
    );
  }

  upsertMember(member: Membership): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO case_members VALUES (@caseId, @userName, @membership, @addedBy, @addedAt)
         ON CONFLICT(case_id, user_name) DO UPDATE SET membership = excluded.membership,
         added_by = excluded.added_by, added_at = excluded.added_at`,
      )
      .run(member);
    return Promise.resolve();
  }

  membership(caseId: string, userName: string): Promise<Membership | undefined> {
    const row = this.#db
      .prepare<[string, string], Row>(
        'SELECT * FROM case_members WHERE case_id = ? AND user_name = ?',
      )
      .get(caseId, userName);
    return Promise.resolve(row ? toMember(row) : undefined);
  }

  members(caseId: string): Promise<Membership[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>('SELECT * FROM case_members WHERE case_id = ? ORDER BY user_name')
        .all(caseId)
        .map(toMember),
    );
  }

  casesOf(userName: string): Promise<string[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], { case_id: string }>(
          'SELECT case_id FROM case_members WHERE user_name = ?',
        )
        .all(userName)
        .map((r) => r.case_id),
    );
  }
}
