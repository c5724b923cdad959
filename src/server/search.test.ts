import { beforeAll, describe, expect, it } from 'vitest';
import { multipart, openCase, testServer } from './test-support.js';
import type { TestServer } from './test-support.js';

describe('case work: annotations, special categories, search, timeline', () => {
  let t: TestServer;
  let caseId: string;
  let arabic: string;
  let english: string;

  beforeAll(async () => {
    t = await testServer();
    caseId = await openCase(t, t.as.investigator, 'Op Search');
    await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${caseId}/members`,
      payload: { userName: 'analyst', membership: 'member' },
    });
    const upload = multipart([
      { name: 'reason', value: 'posts from the channel' },
      // "join the caravan" with full harakat: a search typed without them must still find it.
      { name: 'file', filename: 'ar.txt', content: 'انْضَمُّوا إِلَى القَافِلَةِ الآن' },
      { name: 'file', filename: 'en.txt', content: 'Bake sale at the community hall on Sunday' },
    ]);
    const items = (
      await t.as.investigator.request({
        method: 'POST',
        url: `/api/cases/${caseId}/items`,
        ...upload,
      })
    ).json<{ items: { id: string }[] }>().items;
    [arabic, english] = items.map((item) => item.id) as [string, string];
    await t.vigil.jobs.drain();
  });

  const search = (agent: keyof TestServer['as'], q: string) =>
    t.as[agent]
      .request({ url: `/api/search?q=${encodeURIComponent(q)}` })
      .then((r) => r.json<{ hits: { itemId: string; snippet: string }[] }>().hits);

  it('finds Arabic text without diacritics, and English by word, with snippets', async () => {
    expect((await search('investigator', 'القافلة')).map((h) => h.itemId)).toEqual([arabic]);
    const hits = await search('investigator', 'community hall');
    expect(hits.map((h) => h.itemId)).toEqual([english]);
    expect(hits[0]?.snippet).toMatch(/«community»/);
  });

  it('treats FTS syntax in the query as text, and refuses an empty query', async () => {
    expect(await search('investigator', '"bake" OR *')).toEqual([]);
    expect((await t.as.investigator.request({ url: '/api/search?q=%20' })).statusCode).toBe(400);
  });

  it('searches notes, and only in cases the person may read', async () => {
    const note = await t.as.analyst.request({
      method: 'POST',
      url: `/api/items/${english}/notes`,
      payload: { text: 'cover for fundraising: check the wallet' },
    });
    expect(note.statusCode).toBe(200);
    expect((await search('analyst', 'fundraising')).map((h) => h.itemId)).toEqual([english]);
    expect(await search('trainer', 'fundraising')).toEqual([]);
    expect(await search('auditor', 'fundraising')).toEqual([]);
  });

  it('requires a justification for a special category and restricts the item to case leads (R11)', async () => {
    const bare = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${arabic}/tags`,
      payload: { tag: 'religious-belief' },
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json()).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('special category'),
    });
    const tagged = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${arabic}/tags`,
      payload: { tag: 'religious-belief', justification: 'religious framing of the call to join' },
    });
    expect(tagged.json()).toMatchObject({ special: true });
    expect((await t.as.analyst.request({ url: `/api/items/${arabic}` })).statusCode).toBe(403);
    expect(
      (await t.as.analyst.request({ url: `/api/cases/${caseId}/items` }))
        .json<{ items: { id: string }[] }>()
        .items.map((i) => i.id),
    ).toEqual([english]);
    expect(await search('analyst', 'القافلة')).toEqual([]);
    expect((await t.as.investigator.request({ url: `/api/items/${arabic}` })).statusCode).toBe(200);
    const events = (await t.vigil.ledger.events({ itemId: arabic })).filter(
      (e) => e.action === 'annotation',
    );
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        tag: 'religious-belief',
        special: true,
        justification: 'religious framing of the call to join',
      }),
    ]);
  });

  it('gives a timeline of content time against capture time', async () => {
    const timeline = (
      await t.as.investigator.request({ url: `/api/cases/${caseId}/timeline` })
    ).json<{ entries: { itemId: string; captureTime: string }[] }>();
    expect(timeline.entries.map((e) => e.itemId).sort()).toEqual([arabic, english].sort());
    expect(timeline.entries.every((e) => e.captureTime === '2026-11-22T10:00:00.000Z')).toBe(true);
  });
});
