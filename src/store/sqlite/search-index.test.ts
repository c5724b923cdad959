/**
 * Bounded search ranking on FTS5: every hit ranked by bm25 up to the cap, newest first beyond it
 * (with the total a lower bound), and scope (cases, hidden items, filters) applied to hits and
 * counts alike in both modes.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import type { SearchDocument } from '../../search/search.js';
import { SqliteSearchIndex } from './search-index.js';
import { openSqliteStore } from './sqlite-store.js';

const store = openSqliteStore(path.join(tempDir('vigil-search-index-'), 'vigil.db'));
afterAll(() => store.close());
const index = new SqliteSearchIndex(store.db, { rankedCandidates: 5 });

const doc = (n: number, body: string, extra: Partial<SearchDocument> = {}): SearchDocument => ({
  itemId: `I-${n}`,
  caseId: 'C-1',
  kind: 'capture',
  platform: 'range.test',
  collectedAt: `2026-11-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  name: `post ${n}`,
  url: '',
  body,
  author: '',
  notes: '',
  tags: '',
  ...extra,
});

const ids = (hits: { itemId: string }[]) => hits.map((hit) => hit.itemId);

describe('SqliteSearchIndex', () => {
  it('ranks every hit by bm25 while they are at most the cap, with an exact total', async () => {
    await index.upsert(doc(1, 'lantern market'));
    await index.upsert(doc(2, 'lantern lantern lantern lantern'));
    await index.upsert(doc(3, 'a long post about a market and, once, a lantern among many words'));
    await index.upsert(doc(4, 'lantern', { caseId: 'C-2' }));
    const result = await index.query('"lantern"', { caseIds: ['C-1'], limit: 10 });
    expect(result.ranking).toBe('bm25');
    expect(result.total).toBe(3);
    expect(result.totalIsLowerBound).toBe(false);
    // The densest match first, the diluted one last; C-2 is out of scope.
    expect(ids(result.hits)).toEqual(['I-2', 'I-1', 'I-3']);
    const ranks = result.hits.map((hit) => hit.rank ?? Number.NaN);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(result.hits[0]?.snippet).toContain('«lantern»');
    // Two cases at once, and a limit below the hits.
    const both = await index.query('"lantern"', { caseIds: ['C-1', 'C-2'], limit: 2 });
    expect(both.total).toBe(4);
    expect(both.hits).toHaveLength(2);
  });

  it('orders by recency beyond the cap, and says so with a lower-bound total', async () => {
    for (let n = 10; n < 20; n += 1)
      await index.upsert(doc(n, n === 12 ? 'caravan caravan caravan caravan' : 'caravan road'));
    const result = await index.query('"caravan"', { caseIds: ['C-1'], limit: 3 });
    expect(result.ranking).toBe('recency');
    expect(result.totalIsLowerBound).toBe(true);
    expect(result.total).toBe(6);
    expect(ids(result.hits)).toEqual(['I-19', 'I-18', 'I-17']);
    expect(result.hits.map((hit) => hit.rank)).toEqual([null, null, null]);
    expect(result.hits[0]?.snippet).toContain('«caravan»');
    // Re-indexing (a note added) makes an item the most recently indexed.
    await index.upsert(doc(12, 'caravan caravan caravan caravan', { notes: 'checked' }));
    expect(ids((await index.query('"caravan"', { caseIds: ['C-1'], limit: 2 })).hits)).toEqual([
      'I-12',
      'I-19',
    ]);
    // Narrowed by filters to at most the cap, the same term is ranked by bm25 again.
    const narrowed = await index.query('"caravan"', {
      caseIds: ['C-1'],
      from: '2026-11-12T00:00:00.000Z',
      until: '2026-11-15T00:00:00.000Z',
      limit: 10,
    });
    expect(narrowed.ranking).toBe('bm25');
    expect(narrowed.total).toBe(3);
    expect(ids(narrowed.hits)[0]).toBe('I-12');
  });

  it('leaves hidden items and other filters out of hits and counts in both modes', async () => {
    await index.upsert(doc(30, 'harvest', { platform: 'other.test' }));
    await index.upsert(doc(31, 'harvest', { kind: 'file' }));
    await index.upsert(doc(32, 'harvest'));
    const hidden = new Set(['I-32']);
    const few = await index.query('"harvest"', { caseIds: ['C-1'], hiddenItems: hidden });
    expect(few).toMatchObject({ ranking: 'bm25', total: 2 });
    expect(ids(few.hits).sort()).toEqual(['I-30', 'I-31']);
    expect(ids((await index.query('"harvest"', { caseIds: ['C-1'], kind: 'file' })).hits)).toEqual([
      'I-31',
    ]);
    expect(
      ids((await index.query('"harvest"', { caseIds: ['C-1'], platform: 'other.test' })).hits),
    ).toEqual(['I-30']);
    const many = await index.query('"caravan"', {
      caseIds: ['C-1'],
      hiddenItems: new Set(['I-12', 'I-19']),
      limit: 2,
    });
    expect(many.ranking).toBe('recency');
    expect(ids(many.hits)).toEqual(['I-18', 'I-17']);
    expect(await index.query('"harvest"', { caseIds: [] })).toMatchObject({ hits: [], total: 0 });
  });

  it('shows the item’s own name from the store, the folded one only without a record', async () => {
    store.db.pragma('foreign_keys = OFF');
    store.db
      .prepare(
        `INSERT INTO items (id, case_id, kind, sha256, md5, size, media_type, name, source_url, acquired_at, collected_at, collected_by, reason, legal_basis_id, metadata, erased_at)
         VALUES ('I-40', 'C-1', 'file', 'x', 'y', 1, 'text/plain', 'Ünïcode NAME.txt', NULL, NULL, 't', 'ana', 'r', 'LB-1', '{}', NULL)`,
      )
      .run();
    store.db.pragma('foreign_keys = ON');
    await index.upsert(doc(40, 'festival', { name: 'ünïcode name.txt' }));
    await index.upsert(doc(41, 'festival', { name: 'folded only' }));
    const { hits } = await index.query('"festival"', { caseIds: ['C-1'] });
    expect(Object.fromEntries(hits.map((hit) => [hit.itemId, hit.name]))).toEqual({
      'I-40': 'Ünïcode NAME.txt',
      'I-41': 'folded only',
    });
  });
});
