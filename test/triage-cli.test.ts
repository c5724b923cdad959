/**
 * Issue 5 through the built CLI: `vigil ingest` runs the queued triage and reports it (or leaves
 * it queued with --no-triage), `vigil triage show --json` explains flags and links entities,
 * `vigil triage review` records a person's decision in the ledger (R14), `vigil triage queue`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_ARGS, json, runVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

const WALLET = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

interface ShowFlag {
  id: string;
  rule: string;
  category: string;
  language: string;
  lexiconVersion: string;
  status: string;
  spans: { start: number; end: number; text: string }[];
  context: string[];
}

describe('vigil triage (CLI)', () => {
  const home = tempDir('vigil-triage-cli-');
  const files = tempDir('vigil-triage-cli-files-');
  const run = (...args: string[]) => runVigil(args, { home });
  let caseId: string;
  let itemId: string;

  beforeAll(async () => {
    caseId = json<{ id: string }>(await run('case', 'create', ...CASE_ARGS, '--json')).id;
    fs.writeFileSync(
      path.join(files, 'post.txt'),
      `Brothers, join the Islamic State! Send BTC to ${WALLET}\n`,
    );
    fs.writeFileSync(path.join(files, 'later.txt'), `Same wallet again: ${WALLET}\n`);
  });

  it('ingest runs triage before exiting and adds a triage summary without losing fields', async () => {
    const result = await run(
      'ingest',
      path.join(files, 'post.txt'),
      '--case',
      caseId,
      '--reason',
      'shared in channel',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const body = json<{
      items: { id: string; sha256: string }[];
      triage: {
        ran: boolean;
        flags: number;
        entities: number;
        items: { itemId: string; status: string }[];
      };
    }>(result);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    itemId = body.items[0]!.id;
    expect(body.triage).toMatchObject({ ran: true, items: [{ itemId, status: 'done' }] });
    expect(body.triage.flags).toBeGreaterThan(0);
    expect(body.triage.entities).toBe(1);

    const human = await run(
      'ingest',
      path.join(files, 'later.txt'),
      '--case',
      caseId,
      '--reason',
      'same channel',
      '--no-triage',
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Triage: queued (--no-triage)');
  });

  it('keeps --no-triage jobs queued until `triage queue --run`', async () => {
    const queued = json<{ jobs: { kind: string; status: string; payload: { itemId: string } }[] }>(
      await run('triage', 'queue', '--json'),
    );
    expect(queued.jobs).toEqual([expect.objectContaining({ kind: 'triage', status: 'queued' })]);
    const ran = json<{ jobs: unknown[]; ran: { items: { status: string }[] } }>(
      await run('triage', 'queue', '--run', '--json'),
    );
    expect(ran.jobs).toEqual([]);
    expect(ran.ran.items.map((i) => i.status)).toEqual(['done']);
  });

  it('show --json explains each flag and links the wallet to the other item', async () => {
    const result = await run('triage', 'show', itemId, '--json');
    expect(result.code, result.stderr).toBe(0);
    const body = json<{
      item: { id: string };
      run: { id: string; engines: { text: { lexiconVersion: string } } };
      flags: ShowFlag[];
      entities: { type: string; value: string; links: { itemId: string; caseId: string }[] }[];
    }>(result);
    expect(body.item.id).toBe(itemId);
    const flag = body.flags.find((f) => f.rule === 'en.recruitment.cta-near-group')!;
    expect(flag).toMatchObject({
      category: 'recruitment',
      language: 'en',
      status: 'suggested',
      lexiconVersion: body.run.engines.text.lexiconVersion,
    });
    expect(flag.spans.length).toBeGreaterThan(0);
    expect(flag.context[0]).toContain(`[${flag.spans[0]!.text}]`);
    const wallet = body.entities.find((e) => e.type === 'btc_address')!;
    expect(wallet.value).toBe(WALLET);
    expect(wallet.links).toEqual([expect.objectContaining({ caseId })]);
    expect(wallet.links[0]!.itemId).not.toBe(itemId);

    const human = await run('triage', 'show', itemId);
    expect(human.stdout).toContain('en.recruitment.cta-near-group');
    expect(human.stdout).toContain(`lexicon vigil`);
    expect(human.stdout).toMatch(/@\d+-\d+: .*\[/);
  });

  it('review records the decision and a ledger event; bad flags are refused', async () => {
    const flags = json<{ flags: ShowFlag[] }>(await run('triage', 'show', itemId, '--json')).flags;
    const target = flags[0]!;
    const both = await run(
      'triage',
      'review',
      itemId,
      '--flag',
      target.id,
      '--accept',
      '--reject',
      '--reason',
      'x',
    );
    expect(both.code).toBe(2);
    const reviewed = await run(
      'triage',
      'review',
      itemId,
      '--flag',
      target.id,
      '--accept',
      '--reason',
      'call to join a named group',
      '--json',
    );
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(
      json<{ flag: { id: string; status: string; reviewedBy: string } }>(reviewed).flag,
    ).toMatchObject({ id: target.id, status: 'accepted', reviewedBy: 'ana' });
    const events = json<{
      events: { action: string; reason: string; data: { flag?: string; decision?: string } }[];
    }>(await run('ledger', 'list', '--item', itemId, '--json')).events;
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['collection', 'triaged', 'consultation', 'reviewed']),
    );
    expect(events.find((e) => e.action === 'reviewed')).toMatchObject({
      reason: 'call to join a named group',
      data: { flag: target.id, decision: 'accepted' },
    });
    const after = json<{ flags: ShowFlag[] }>(await run('triage', 'show', itemId, '--json')).flags;
    expect(after.find((f) => f.id === target.id)?.status).toBe('accepted');
    const missing = await run(
      'triage',
      'review',
      itemId,
      '--flag',
      'F-99999',
      '--reject',
      '--reason',
      'x',
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('F-99999');
  });
});
