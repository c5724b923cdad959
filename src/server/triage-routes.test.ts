import { beforeAll, describe, expect, it } from 'vitest';
import { multipart, openCase, testServer } from './test-support.js';
import type { TestServer } from './test-support.js';

// The BIP-173 example address: a checksum-valid bech32 wallet that belongs to no one's case.
const WALLET = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

describe('triage over HTTP: report, review, queue, entity graph', () => {
  let t: TestServer;
  let first: string;
  let second: string;
  let itemA: string;

  beforeAll(async () => {
    t = await testServer();
    first = await openCase(t, t.as.investigator, 'Op Kite');
    second = await openCase(t, t.as.investigator, 'Op Wren');
    const post = (text: string) =>
      multipart([
        { name: 'reason', value: 'channel post' },
        { name: 'file', filename: 'post.txt', content: text },
      ]);
    itemA =
      (
        await t.as.investigator.request({
          method: 'POST',
          url: `/api/cases/${first}/items`,
          ...post(`Join the caravan, brothers. Send support to ${WALLET} today.`),
        })
      ).json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    await t.as.investigator.request({
      method: 'POST',
      url: `/api/cases/${second}/items`,
      ...post(`Receipts for the bake sale; donations to ${WALLET}`),
    });
    await t.vigil.jobs.drain();
  });

  it('explains an item’s flags and links its wallet to the other case', async () => {
    const report = (await t.as.investigator.request({ url: `/api/items/${itemA}/triage` })).json<{
      flags: { id: string; category: string; status: string; rule: string; context: string[] }[];
      entities: { type: string; value: string; links: { caseId: string }[] }[];
    }>();
    const recruitment = report.flags.find((flag) => flag.category === 'recruitment');
    expect(recruitment).toMatchObject({
      status: 'suggested',
      rule: expect.stringMatching(/^en\.recruitment/),
    });
    expect(recruitment?.context.join(' ')).toMatch(/caravan/i);
    const wallet = report.entities.find((entity) => entity.value === WALLET);
    expect(wallet?.links.map((link) => link.caseId)).toContain(second);
  });

  it('queues suggestions by score and records a review (R14)', async () => {
    const queue = (await t.as.investigator.request({ url: '/api/triage/queue' })).json<{
      flags: { id: string; itemId: string; score: number }[];
    }>().flags;
    expect(queue.length).toBeGreaterThan(0);
    expect(queue.map((f) => f.score)).toEqual([...queue.map((f) => f.score)].sort((a, b) => b - a));
    expect(
      (await t.as.analyst.request({ url: '/api/triage/queue' })).json<{ flags: unknown[] }>().flags,
    ).toEqual([]);
    const flag = queue.find((f) => f.itemId === itemA);
    const noReason = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${itemA}/triage/flags/${flag?.id ?? ''}/review`,
      payload: { decision: 'accepted', reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    const reviewed = await t.as.investigator.request({
      method: 'POST',
      url: `/api/items/${itemA}/triage/flags/${flag?.id ?? ''}/review`,
      payload: { decision: 'accepted', reason: 'call to join with a wallet' },
    });
    expect(reviewed.json()).toMatchObject({ status: 'accepted', reviewedBy: 'investigator' });
    expect((await t.vigil.ledger.events({ itemId: itemA })).map((e) => e.action)).toContain(
      'reviewed',
    );
    expect((await t.vigil.triage.exportableLabels(itemA)).map((label) => label.flagId)).toEqual([
      flag?.id,
    ]);
  });

  it('draws one wallet node shared by both cases in the entity graph', async () => {
    const graph = (await t.as.investigator.request({ url: '/api/graph' })).json<{
      nodes: { id: string; type: string; cases: string[] }[];
      edges: { source: string; target: string }[];
    }>();
    const wallets = graph.nodes.filter((node) => node.type === 'wallet');
    expect(wallets).toHaveLength(1);
    expect(wallets[0]?.cases).toEqual([first, second].sort());
    expect(graph.edges.filter((edge) => edge.target === wallets[0]?.id)).toHaveLength(2);
    const limited = (await t.as.investigator.request({ url: `/api/graph?case=${first}` })).json<{
      nodes: { cases: string[] }[];
    }>();
    expect(limited.nodes.every((node) => node.cases.every((c) => c === first))).toBe(true);
    expect(
      (await t.as.trainee.request({ url: '/api/graph' })).json<{ nodes: unknown[] }>().nodes,
    ).toEqual([]);
  });
});
