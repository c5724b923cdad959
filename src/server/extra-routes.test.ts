import { beforeAll, describe, expect, it } from 'vitest';
import { testServer } from './test-support.js';
import type { TestServer } from './test-support.js';

describe('hash lists and scenario briefings over HTTP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });

  it('imports a hash list, reports bad rows by line, lists and exports it', async () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const bad = await t.as.analyst.request({
      method: 'POST',
      url: '/api/hashlists',
      payload: {
        name: 'known',
        content: `type,value,labels\nmd5,${md5},category:propaganda\nmd5,nothex,\n`,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/line 3/);
    const ok = await t.as.analyst.request({
      method: 'POST',
      url: '/api/hashlists',
      payload: {
        name: 'known',
        content: `type,value,labels\nmd5,${md5},category:propaganda\n`,
        source: 'unit test',
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(
      (await t.as.investigator.request({ url: '/api/hashlists' }))
        .json<{ lists: { name: string }[] }>()
        .lists.map((l) => l.name),
    ).toEqual(['known']);
    expect((await t.as.investigator.request({ url: '/api/hashlists/known' })).body).toContain(md5);
    expect(
      (
        await t.as.investigator.request({
          method: 'POST',
          url: '/api/hashlists',
          payload: { name: 'x', content: 'type,value,labels\n' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lists scenario briefings without answer keys', async () => {
    const response = await t.as.trainee.request({ url: '/api/range/scenarios' });
    const { scenarios } = response.json<{
      scenarios: { name: string; briefing: string; tasks: Record<string, unknown>[] }[];
    }>();
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
    expect(response.body).not.toMatch(/"answer"|answerKey|anchor/);
    expect(scenarios.every((s) => s.tasks.every((task) => !('answer' in task)))).toBe(true);
  });
});
