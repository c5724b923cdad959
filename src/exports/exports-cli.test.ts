/**
 * Tests: the `vigil` commands of reports and sharing, run as a person would (the built CLI as a
 * child process): the interface contract, `--json` output with SHA-256s, the recipient hint, the
 * report pre-flight message, MISP import, and preservation requests with their deadline list.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_ARGS, json, runVigil } from '../../test/support/cli.js';
import { tempDir } from '../../test/support/temp.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('vigil report / export / import / preservation-request', () => {
  const home = tempDir('vigil-cli-exports-');
  const files = tempDir('vigil-cli-exports-files-');
  const run = (...args: string[]) => runVigil(args, { home });
  const at = (name: string) => path.join(files, name);
  let caseId: string;
  let itemId: string;

  beforeAll(async () => {
    caseId = json<{ id: string }>(await run('case', 'create', ...CASE_ARGS, '--json')).id;
    fs.writeFileSync(
      at('post.txt'),
      'Support the fighters: send BTC to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n',
    );
    const ingested = json<{ items: { id: string }[] }>(
      await run(
        'ingest',
        at('post.txt'),
        '--case',
        caseId,
        '--reason',
        'appeal',
        '--source-url',
        'https://social.example/p/7',
        '--no-triage',
        '--json',
      ),
    );
    itemId = ingested.items[0]!.id;
  }, 60_000);

  it('refuses an export without --recipient, with a hint', async () => {
    const result = await run('export', 'misp', '--case', caseId, '--out', at('e.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--recipient');
    expect(fs.existsSync(at('e.json'))).toBe(false);
  });

  it('exports each format and prints what it wrote with its SHA-256', async () => {
    for (const [format, file] of [
      ['misp', 'e.json'],
      ['stix', 'b.json'],
      ['graphml', 'g.graphml'],
      ['gexf', 'g.gexf'],
      ['mtgx', 'g.mtgx'],
      ['anb', 'a.anb.csv'],
      ['csv', 'x.csv'],
    ] as const) {
      const result = await run(
        'export',
        format,
        '--case',
        caseId,
        '--out',
        at(file),
        '--recipient',
        'Partner Unit',
        '--json',
      );
      expect(result.code, result.stderr).toBe(0);
      const out = json<{ path: string; sha256: string; format: string }>(result);
      expect(out.path).toBe(at(file));
      expect(out.sha256).toBe(sha(at(file)));
    }
    const ledger = json<{ events: { action: string; data: { recipient?: string } }[] }>(
      await run('ledger', 'list', '--case', caseId, '--json'),
    );
    expect(ledger.events.filter((e) => e.action === 'disclosure')).toHaveLength(7);
    expect(fs.readFileSync(at('a.anb.csv'), 'utf8')).toMatch(/^Entity 1 Identity,Entity 1 Type,/);
  });

  it('imports a MISP event into another case', async () => {
    const other = json<{ id: string }>(await run('case', 'create', ...CASE_ARGS, '--json')).id;
    const result = await run('import', 'misp', at('e.json'), '--case', other, '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = json<{ sha256: string; entities: number }>(result);
    expect(out.sha256).toBe(sha(at('e.json')));
    expect(out.entities).toBeGreaterThan(0);
  });

  it('refuses the report with what is missing, then writes it once the item is verified and graded', async () => {
    const refused = await run(
      'report',
      '--case',
      caseId,
      '--out',
      at('r.pdf'),
      '--recipient',
      'Prosecutor',
    );
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`${itemId}: missing a verification record`);
    expect(refused.stderr).toContain(`vigil item grade ${itemId}`);
    expect(
      (
        await run(
          'item',
          'verify-record',
          itemId,
          '--source',
          's',
          '--content',
          'c',
          '--technical',
          't',
          '--confidence',
          'high',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await run(
          'item',
          'grade',
          itemId,
          '--reliability',
          'C',
          '--credibility',
          '3',
          '--reason',
          'single source',
        )
      ).code,
    ).toBe(0);
    const result = await run(
      'report',
      '--case',
      caseId,
      '--out',
      at('r.pdf'),
      '--recipient',
      'Prosecutor',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ sha256: string }>(result).sha256).toBe(sha(at('r.pdf')));
  }, 60_000);

  it('writes a preservation request and lists its deadline', async () => {
    const result = await run(
      'preservation-request',
      '--case',
      caseId,
      '--provider',
      'Example Social',
      '--out',
      at('pr.json'),
      '--offence',
      'terrorist financing',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const out = json<{ id: string; sha256: string; letter: { path: string } }>(result);
    expect(out.sha256).toBe(sha(at('pr.json')));
    expect(fs.readFileSync(out.letter.path, 'utf8')).toContain('(f)');
    const listed = json<{ requests: { id: string; daysLeft: number; state: string }[] }>(
      await run('preservation', 'list', '--case', caseId, '--json'),
    );
    expect(listed.requests).toEqual([expect.objectContaining({ id: out.id, state: 'active' })]);
    expect(listed.requests[0]!.daysLeft).toBeGreaterThanOrEqual(89);
  });
});
