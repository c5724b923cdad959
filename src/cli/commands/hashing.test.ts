/** @module `vigil hash`, `vigil hashlist …` and `vigil match` through the built CLI (issue 5 contract). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runVigil } from '../../../test/support/cli.js';
import { SHARED_DIR } from '../../../test/support/paths.js';

const BRIDGE = path.join(SHARED_DIR, 'pdq/images/bridge-mods/aaa-orig.jpg');
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
let home: string;
const vigil = (...args: string[]) => runVigil(args, { home });

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'vigil-cli-hash-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('vigil hash / hashlist / match', () => {
  it('hash --json gives sha256, md5, pdq and quality per file', async () => {
    const run = await vigil('hash', BRIDGE, '--json');
    expect(run.code).toBe(0);
    const [file] = json<Record<string, unknown>[]>(run);
    expect(file).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      md5: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      pdq: BRIDGE_PDQ,
      quality: 100,
      kind: 'image',
    });
  });

  it('imports, lists, exports and matches with list, value, distance and labels', async () => {
    const listFile = path.join(home, 'known.csv');
    writeFileSync(
      listFile,
      `type,value,labels\npdq,${BRIDGE_PDQ},category:propaganda;group:Example\n`,
    );
    const imported = await vigil(
      'hashlist',
      'import',
      listFile,
      '--name',
      'known',
      '--source',
      'test agency',
      '--json',
    );
    expect(imported.code).toBe(0);
    expect(json(imported)).toMatchObject({ imported: 1 });
    const listed = json<{ lists: { name: string; provenance: { source: string } }[] }>(
      await vigil('hashlist', 'list', '--json'),
    );
    expect(listed.lists).toMatchObject([{ name: 'known', provenance: { source: 'test agency' } }]);
    const exported = await vigil('hashlist', 'export', 'known');
    expect(exported.stdout).toBe(
      `type,value,labels\npdq,${BRIDGE_PDQ},category:propaganda;group:Example\n`,
    );
    const matched = await vigil(
      'match',
      path.join(SHARED_DIR, 'pdq/images/bridge-mods/blur-a-lot.jpg'),
      '--json',
    );
    expect(matched.code).toBe(0);
    const report = json<{
      matches: { list: string; value: string; distance: number; labels: string[] }[];
    }>(matched);
    expect(report.matches).toHaveLength(1);
    expect(report.matches[0]).toMatchObject({
      list: 'known',
      value: BRIDGE_PDQ,
      labels: ['category:propaganda', 'group:Example'],
    });
    expect(report.matches[0]!.distance).toBeLessThanOrEqual(31);
    const byHex = json<{ matches: unknown[] }>(
      await vigil('match', BRIDGE_PDQ, '--list', 'known', '--distance', '0', '--json'),
    );
    expect(byHex.matches).toMatchObject([{ list: 'known', distance: 0 }]);
  });

  it('refuses a malformed list with the line numbers and exit code 2', async () => {
    const bad = path.join(home, 'bad.csv');
    writeFileSync(bad, `type,value,labels\npdq,${BRIDGE_PDQ},\nmd5,nothex,\n`);
    const run = await vigil('hashlist', 'import', bad, '--name', 'bad');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 3: md5 must be 32 hex digits/);
  });
});
