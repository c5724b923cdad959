/**
 * The foundation's interface contract, exercised through the built CLI as scripts use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_ARGS, json, runVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

describe('vigil CLI contract', () => {
  const home = tempDir('vigil-cli-');
  const files = tempDir();
  const run = (...args: string[]) => runVigil(args, { home });
  let caseId: string;

  beforeAll(async () => {
    fs.writeFileSync(path.join(files, 'a.txt'), 'first synthetic file\n');
    fs.writeFileSync(path.join(files, 'b.bin'), Buffer.from([0, 1, 2, 3, 255]));
    const created = await run(
      'case',
      'create',
      ...CASE_ARGS,
      '--scope',
      'channel @lantern',
      '--approver',
      'Supt. Rahman',
      '--json',
    );
    expect(created.code).toBe(0);
    caseId = json<{ id: string }>(created).id;
  });

  it('init creates the home with a 0600 Ed25519 private key', async () => {
    const result = json<{ keyId: string; created: boolean }>(await run('init', '--json'));
    expect(result.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.created).toBe(false); // case create above already initialised it implicitly
    const mode = fs.statSync(path.join(home, 'keys', 'installation-ed25519.key.pem')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('case create/show/list/basis add/close speak the contract', async () => {
    const shown = json<{
      id: string;
      legalBases: { reference: string; approver: string }[];
      activeBasisId: string;
    }>(await run('case', 'show', caseId, '--json'));
    expect(shown).toMatchObject({ id: caseId, activeBasisId: 'LB-1' });
    expect(shown.legalBases[0]).toMatchObject({
      reference: 'WR-2026-0042',
      approver: 'Supt. Rahman',
    });
    const added = await run(
      'case',
      'basis',
      'add',
      caseId,
      '--authority',
      'Court',
      '--reference',
      'WR-2',
      '--purpose',
      'extension',
      '--valid-from',
      '2026-01-01',
      '--valid-until',
      '2100-01-01',
      '--json',
    );
    expect(json(added)).toMatchObject({ id: 'LB-2', caseId });
    const list = json<{ cases: { id: string }[] }>(await run('case', 'list', '--json'));
    expect(list.cases.map((c) => c.id)).toContain(caseId);
  });

  it('ingest → item show → item get round-trips the bytes with hashes', async () => {
    const ingested = json<{ items: { id: string; sha256: string; md5: string; size: number }[] }>(
      await run(
        'ingest',
        path.join(files, 'a.txt'),
        path.join(files, 'b.bin'),
        '--case',
        caseId,
        '--reason',
        'found in channel',
        '--json',
      ),
    );
    expect(ingested.items).toHaveLength(2);
    const [first] = ingested.items;
    expect(first).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      md5: expect.stringMatching(/^[0-9a-f]{32}$/),
      size: 21,
    });
    const shown = json(await run('item', 'show', first?.id ?? '', '--json'));
    expect(shown).toMatchObject({
      id: first?.id,
      caseId,
      sha256: first?.sha256,
      size: 21,
      kind: 'file',
    });
    const out = path.join(files, 'copy.txt');
    const got = await run('item', 'get', first?.id ?? '', '--out', out, '--json');
    expect(got.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('first synthetic file\n');
    const items = json<{ items: unknown[] }>(await run('item', 'list', '--case', caseId, '--json'));
    expect(items.items).toHaveLength(2);
  });

  it('store verify and ledger verify report ok with exit 0', async () => {
    const store = await run('store', 'verify', '--json');
    expect(store.code).toBe(0);
    expect(json(store)).toMatchObject({ ok: true, bad: [] });
    const ledger = await run('ledger', 'verify', '--json');
    expect(ledger.code).toBe(0);
    expect(json(ledger)).toMatchObject({ ok: true, firstBad: null });
  });

  it('ledger export writes a segment that `ledger verify --segment` accepts', async () => {
    const file = path.join(files, 'segment.jsonl');
    const exported = await run('ledger', 'export', '--case', caseId, '--out', file, '--json');
    expect(json(exported)).toMatchObject({
      caseId,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const verified = await run('ledger', 'verify', '--segment', file, '--json');
    expect(verified.code).toBe(0);
    expect(json(verified)).toMatchObject({ ok: true, caseId });
  });

  it('maps failures to distinct exit codes with actionable messages', async () => {
    const missing = await run(
      'ingest',
      path.join(files, 'nope.txt'),
      '--case',
      caseId,
      '--reason',
      'r',
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/does not exist[\s\S]*next:/);
    const usage = await run('ingest', path.join(files, 'a.txt'), '--case', caseId);
    expect(usage.code).toBe(2);
    const badDate = await run(
      'case',
      'create',
      ...CASE_ARGS.slice(0, 8),
      '--valid-from',
      '01/11/2026',
      '--valid-until',
      '2027-01-01',
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/not an ISO 8601/);
    const expired = json<{ id: string }>(
      await run(
        'case',
        'create',
        ...CASE_ARGS.slice(0, 8),
        '--valid-from',
        '2020-01-01',
        '--valid-until',
        '2021-01-01',
        '--json',
      ),
    );
    const refused = await run(
      'ingest',
      path.join(files, 'a.txt'),
      '--case',
      expired.id,
      '--reason',
      'r',
      '--json',
    );
    expect(refused.code).toBe(4);
    expect(json<{ error: { code: string; hint: string } }>(refused).error).toMatchObject({
      code: 'refused',
      hint: expect.stringContaining('case basis add'),
    });
    const closed = await run('case', 'close', expired.id, '--reason', '  ');
    expect(closed.code).toBe(2);
  });

  it('exits 5 when a stored blob was tampered with, and logs integrity_failure', async () => {
    const file = path.join(files, 'victim.txt');
    fs.writeFileSync(file, 'victim\n');
    const [item] = json<{ items: { id: string; sha256: string }[] }>(
      await run('ingest', file, '--case', caseId, '--reason', 'r', '--json'),
    ).items;
    const blob = path.join(
      home,
      'blobs',
      'sha256',
      item?.sha256.slice(0, 2) ?? '',
      item?.sha256.slice(2, 4) ?? '',
      item?.sha256 ?? '',
    );
    fs.chmodSync(blob, 0o600);
    fs.writeFileSync(blob, 'Victim\n');
    const got = await run(
      'item',
      'get',
      item?.id ?? '',
      '--out',
      path.join(files, 'victim-copy.txt'),
    );
    expect(got.code).toBe(5);
    expect(fs.existsSync(path.join(files, 'victim-copy.txt'))).toBe(false);
    const store = await run('store', 'verify', '--json');
    expect(store.code).toBe(5);
    expect(json<{ bad: { items: string[] }[] }>(store).bad[0]?.items).toEqual([item?.id]);
    const events = json<{ events: { action: string }[] }>(
      await run('ledger', 'list', '--item', item?.id ?? '', '--json'),
    ).events;
    expect(events.filter((e) => e.action === 'integrity_failure')).toHaveLength(2);
  });

  it('exits 5 and names the first bad seq when the ledger was edited', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(home, 'vigil.db'));
    db.exec('DROP TRIGGER ledger_events_no_update');
    db.prepare(`UPDATE ledger_events SET actor = 'mallory' WHERE seq = 3`).run();
    db.close();
    const result = await run('ledger', 'verify', '--json');
    expect(result.code).toBe(5);
    expect(json(result)).toMatchObject({ ok: false, firstBad: 3 });
  });
});
