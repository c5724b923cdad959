/** @module SQLite hash-list repository on a real temp-file database. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HashList } from '../../triage/hashlist/hashlist.types.js';
import {
  HASHLIST_MIGRATIONS,
  SqliteHashListRepository,
  migrateHashlistTables,
} from './hashlist-repository.js';

const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const list = (name: string, n = 3): HashList => ({
  meta: {
    name,
    provenance: {
      format: 'csv',
      fileSha256: 'ab'.repeat(32),
      importedAt: '2026-01-02T03:04:05.000Z',
      source: 'agency-A',
    },
    entryCount: n,
    counts: { md5: n - 1, pdq: 1 },
  },
  entries: [
    { type: 'pdq', value: PDQ, labels: ['category:propaganda', 'group:X'] },
    ...Array.from({ length: n - 1 }, (_, i) => ({
      type: 'md5' as const,
      value: i.toString(16).padStart(32, '0'),
      labels: [],
    })),
  ],
});

let dir: string;
let file: string;
let db: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-hashlist-db-'));
  file = path.join(dir, 'vigil.db');
  db = new Database(file);
  migrateHashlistTables(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteHashListRepository', () => {
  it('stores and reads back a list with entries in order, across connections', async () => {
    await new SqliteHashListRepository(db).save(list('alpha', 5));
    db.close();
    db = new Database(file);
    migrateHashlistTables(db); // idempotent on an existing database
    const repo = new SqliteHashListRepository(db);
    expect(await repo.get('alpha')).toEqual(list('alpha', 5));
    expect(await repo.get('missing')).toBeUndefined();
  });

  it('lists metadata by name and bumps the version on every change', async () => {
    const repo = new SqliteHashListRepository(db);
    expect(await repo.version()).toBe(0);
    await repo.save(list('zulu'));
    await repo.save(list('alpha'));
    expect((await repo.list()).map((m) => m.name)).toEqual(['alpha', 'zulu']);
    expect((await repo.list())[0]!.provenance.source).toBe('agency-A');
    expect(await repo.version()).toBe(2);
    expect(await repo.delete('zulu')).toBe(true);
    expect(await repo.delete('zulu')).toBe(false);
    expect(await repo.version()).toBe(3);
    expect(
      db.prepare("SELECT count(*) AS n FROM hashlist_entries WHERE list_name = 'zulu'").get(),
    ).toEqual({ n: 0 });
  });

  it('refuses to overwrite a list unless asked, and replaces it whole when asked', async () => {
    const repo = new SqliteHashListRepository(db);
    await repo.save(list('alpha', 5));
    await expect(repo.save(list('alpha', 2))).rejects.toMatchObject({ code: 'conflict' });
    expect((await repo.get('alpha'))!.entries).toHaveLength(5);
    await repo.save(list('alpha', 2), { replace: true });
    expect(await repo.get('alpha')).toEqual(list('alpha', 2));
  });

  it('rejects an unknown signal type at the database too', () => {
    expect(
      () =>
        db.prepare("INSERT INTO hashlist_lists VALUES ('x', '{}', 1, '{}')").run() &&
        db.prepare("INSERT INTO hashlist_entries VALUES ('x', 0, 'phash', 'v', '[]')").run(),
    ).toThrow(/CHECK constraint/);
  });

  it('offers its schema to the migration runner with prefixed tables only', () => {
    expect(HASHLIST_MIGRATIONS.capability).toBe('hashlist');
    const created = [
      ...HASHLIST_MIGRATIONS.steps
        .join('\n')
        .matchAll(/CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)/g),
    ].map((m) => m[1]);
    expect(created.length).toBeGreaterThan(0);
    for (const name of created) expect(name).toMatch(/^hashlist_/);
  });
});
