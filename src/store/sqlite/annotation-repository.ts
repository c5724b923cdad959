/**
 * @module SQLite adapter for tags and notes on items.
 */
import type Database from 'better-sqlite3';
import type { AnnotationRepository, Note, Tag } from '../../cases/annotations.js';
import type { CapabilityMigrations } from './migrations.js';

export const ANNOTATION_MIGRATIONS: CapabilityMigrations = {
  capability: 'annotations',
  steps: [
    `
    CREATE TABLE item_tags (
      item_id TEXT NOT NULL REFERENCES items(id),
      tag TEXT NOT NULL,
      special INTEGER NOT NULL,
      justification TEXT,
      added_by TEXT NOT NULL,
      added_at TEXT NOT NULL,
      PRIMARY KEY (item_id, tag)
    ) STRICT;
    CREATE TABLE item_notes (
      id INTEGER PRIMARY KEY,
      item_id TEXT NOT NULL REFERENCES items(id),
      text TEXT NOT NULL,
      author TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX item_notes_item ON item_notes(item_id);
    `,
  ],
};

type Row = Record<string, unknown>;
const s = (value: unknown): string => (typeof value === 'string' ? value : String(value));

export class SqliteAnnotationRepository implements AnnotationRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  addTag(tag: Tag): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO item_tags VALUES (@itemId, @tag, @special, @justification, @addedBy, @addedAt)',
      )
      .run({ ...tag, special: tag.special ? 1 : 0 });
    return Promise.resolve();
  }

  tags(itemId: string): Promise<Tag[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>('SELECT * FROM item_tags WHERE item_id = ? ORDER BY added_at, tag')
        .all(itemId)
        .map((row) => ({
          itemId: s(row.item_id),
          tag: s(row.tag),
          special: row.special === 1,
          justification: row.justification === null ? null : s(row.justification),
          addedBy: s(row.added_by),
          addedAt: s(row.added_at),
        })),
    );
  }

  addNote(note: Omit<Note, 'id'>): Promise<Note> {
    const info = this.#db
      .prepare(
        'INSERT INTO item_notes (item_id, text, author, created_at) VALUES (@itemId, @text, @author, @createdAt)',
      )
      .run(note);
    return Promise.resolve({ ...note, id: Number(info.lastInsertRowid) });
  }

  notes(itemId: string): Promise<Note[]> {
    return Promise.resolve(
      this.#db
        .prepare<[string], Row>('SELECT * FROM item_notes WHERE item_id = ? ORDER BY id')
        .all(itemId)
        .map((row) => ({
          id: Number(row.id),
          itemId: s(row.item_id),
          text: s(row.text),
          author: s(row.author),
          createdAt: s(row.created_at),
        })),
    );
  }

  restrictedItems(caseId: string): Promise<Set<string>> {
    const rows = this.#db
      .prepare<[string], { item_id: string }>(
        // CROSS JOIN keeps item_tags (small) as the outer loop: asked on every item request, this
        // must not scan a case of 100,000 items.
        'SELECT DISTINCT item_tags.item_id FROM item_tags CROSS JOIN items ON items.id = item_tags.item_id WHERE items.case_id = ? AND item_tags.special = 1',
      )
      .all(caseId);
    return Promise.resolve(new Set(rows.map((row) => row.item_id)));
  }
}
