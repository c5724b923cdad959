/**
 * Issue 3 end to end through the CLI: capture a fixture page with real Chromium into a case,
 * get a sealed, timestamped package that `vigil verify` and `openssl ts -verify` accept,
 * recapture a changed and a deleted post, package a case for a recipient, and refuse what the
 * law or the network policy forbids.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../src/capture/fixture-site.test-support.js';
import type { FixtureSite } from '../src/capture/fixture-site.test-support.js';
import { startTsaServer, tsaInit } from '../src/package/index.js';
import type { TsaServer } from '../src/package/index.js';
import { CASE_ARGS, json, runVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

describe('capture → package → verify (CLI, real Chromium, local TSA)', () => {
  const home = tempDir('vigil-capture-');
  const out = tempDir('vigil-capture-out-');
  let site: FixtureSite;
  let tsa: TsaServer;
  let caseId: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => runVigil(args, { home, env });
  const host = () => new URL(site.origin).host;

  beforeAll(async () => {
    site = await startFixtureSite();
    const tsaDir = path.join(home, 'test-tsa');
    await tsaInit(tsaDir);
    tsa = await startTsaServer({ dir: tsaDir, port: 0 });
    env = { VIGIL_TSA_URL: tsa.url };
    caseId = json<{ id: string }>(await run('case', 'create', ...CASE_ARGS, '--json')).id;
    expect(
      (await run('persona', 'add', 'analyst-7', '--platform', 'fixture-site', '--user', 'ana'))
        .code,
    ).toBe(0);
    expect((await run('persona', 'add', 'someone-else', '--user', 'bo')).code).toBe(0);
  });
  afterAll(async () => {
    await site.close();
    await tsa.close();
  });

  let firstItem: string;
  let firstPackage: string;

  it('captures a page into a sealed, timestamped package that verifies offline', async () => {
    const result = await run(
      'capture',
      `${site.origin}/post/2`,
      '--case',
      caseId,
      '--reason',
      'volatile post',
      '--allow-host',
      host(),
      '--persona',
      'analyst-7',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const body = json<{
      id: string;
      package: string;
      sealed: { timestamped: boolean };
      item: { metadata: { provenance: Record<string, unknown> } };
    }>(result);
    expect(body.id).toMatch(/^I-\d+$/);
    expect(body.package).toMatch(/\.wacz$/);
    expect(body.sealed.timestamped).toBe(true);
    expect(body.item.metadata.provenance).toMatchObject({
      requestedUrl: `${site.origin}/post/2`,
      persona: 'analyst-7',
      collector: 'ana',
      legalBasisRef: 'WR-2026-0042',
    });
    firstItem = body.id;
    firstPackage = body.package;

    const tsr = path.join(out, 'tsr');
    const verified = await run('verify', firstPackage, '--export-tsr', tsr, '--json');
    expect(verified.code, verified.stdout).toBe(0);
    expect(json(verified)).toMatchObject({ ok: true, timestamped: true });
    // The independent check the interface contract promises.
    const openssl = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        path.join(tsr, 'datapackage.json'),
        '-in',
        path.join(tsr, '1.tsr'),
        '-CAfile',
        path.join(tsr, '1-chain.pem'),
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    );
    expect(openssl).toMatch(/Verification: OK/);
  });

  it('records the collection and the seal in the ledger, and the item carries every artifact', async () => {
    const item = json<{ artifacts: { role: string }[]; kind: string }>(
      await run('item', 'show', firstItem, '--json'),
    );
    expect(item.kind).toBe('capture');
    expect(item.artifacts.map((a) => a.role)).toEqual(
      expect.arrayContaining([
        'warc',
        'screenshot-full',
        'screenshot-viewport',
        'dom',
        'mhtml',
        'text',
        'provenance',
        'package',
      ]),
    );
    const events = json<{ events: { action: string }[] }>(
      await run('ledger', 'list', '--item', firstItem, '--json'),
    ).events.map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['collection', 'sealed', 'consultation']));
  });

  it('detects a changed post and a deleted post on recapture', async () => {
    site.post2.version = 2;
    const changed = json<{ id: string; changed: boolean; gone: boolean; previous: string }>(
      await run('recapture', firstItem, '--allow-host', host(), '--json'),
    );
    expect(changed).toMatchObject({ changed: true, gone: false, previous: firstItem });
    site.post2.state = 'deleted';
    const gone = json<{ gone: boolean; goneReason: string }>(
      await run('recapture', firstItem, '--allow-host', host(), '--json'),
    );
    expect(gone).toMatchObject({ gone: true });
    expect(gone.goneReason).toMatch(/404/);
  });

  it('packages the whole case for a recipient as one disclosure and one combination', async () => {
    const file = path.join(out, 'case.wacz');
    const result = await run(
      'package',
      '--case',
      caseId,
      '--out',
      file,
      '--recipient',
      'Public Prosecutor',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(json(result)).toMatchObject({
      events: ['combination', 'disclosure'],
      timestamped: true,
    });
    expect((await run('verify', file)).code).toBe(0);
    const disclosures = json<{ events: { action: string; data: { recipient?: string } }[] }>(
      await run('ledger', 'list', '--case', caseId, '--json'),
    ).events.filter((e) => e.action === 'disclosure');
    expect(disclosures.map((e) => e.data.recipient)).toEqual(['Public Prosecutor']);
    const again = await run('package', '--case', caseId, '--out', file);
    expect(again.code).toBe(6);
  });

  it('fails verification naming the member when one byte of the package changes', async () => {
    const copy = path.join(out, 'tampered.wacz');
    const bytes = fs.readFileSync(firstPackage);
    const at = bytes.indexOf(Buffer.from('"vigil"'));
    bytes[at + 2] = 'V'.charCodeAt(0);
    fs.writeFileSync(copy, bytes);
    const result = await run('verify', copy, '--json');
    expect(result.code).toBe(5);
    expect(json<{ ok: boolean }>(result).ok).toBe(false);
  });

  it('refuses a persona that is unregistered or not the investigator’s (R17), before launching a browser', async () => {
    const foreign = await run(
      'capture',
      `${site.origin}/post/1`,
      '--case',
      caseId,
      '--reason',
      'r',
      '--allow-host',
      host(),
      '--persona',
      'someone-else',
      '--json',
    );
    expect(foreign.code).toBe(4);
    expect(json<{ error: { message: string } }>(foreign).error.message).toMatch(
      /not allowed to use persona someone-else/,
    );
    const unknown = await run(
      'capture',
      `${site.origin}/post/1`,
      '--case',
      caseId,
      '--reason',
      'r',
      '--allow-host',
      host(),
      '--persona',
      'ghost',
      '--json',
    );
    expect(unknown.code).toBe(4);
    const refusals = json<{ events: { action: string; reason: string }[] }>(
      await run('ledger', 'list', '--case', caseId, '--json'),
    ).events.filter((e) => e.action === 'refused');
    expect(refusals.map((e) => e.reason)).toEqual([
      expect.stringMatching(/someone-else/),
      expect.stringMatching(/ghost/),
    ]);
  });

  it('refuses loopback targets without the allow-list, and collection without a valid basis, logging both', async () => {
    const ssrf = await run(
      'capture',
      `${site.origin}/post/1`,
      '--case',
      caseId,
      '--reason',
      'r',
      '--json',
    );
    expect(ssrf.code).toBe(4);
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
    ).id;
    const late = await run(
      'capture',
      `${site.origin}/post/1`,
      '--case',
      expired,
      '--reason',
      'r',
      '--allow-host',
      host(),
      '--json',
    );
    expect(late.code).toBe(4);
    expect(json<{ error: { message: string } }>(late).error.message).toMatch(/expired/);
    const refusals = json<{ events: { action: string; caseId: string }[] }>(
      await run('ledger', 'list', '--json'),
    ).events.filter((e) => e.action === 'refused');
    expect(refusals.map((e) => e.caseId)).toEqual([caseId, caseId, caseId, expired]);
  });
});
