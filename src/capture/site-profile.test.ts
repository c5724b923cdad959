import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidInput } from '../core/errors.js';
import {
  loadBundledProfiles,
  loadSiteProfile,
  loadSiteProfiles,
  parseSiteProfile,
  selectProfile,
} from './site-profile.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigil-profiles-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundled profiles', () => {
  it('load, validate and are chosen by URL pattern and priority', async () => {
    const profiles = await loadBundledProfiles();
    expect(profiles.map((p) => p.id).sort()).toEqual([
      'generic',
      'training-range-persona',
      'training-range-post',
    ]);
    expect(selectProfile('http://127.0.0.1:4100/p/P-0042', profiles)?.id).toBe(
      'training-range-post',
    );
    expect(selectProfile('http://127.0.0.1:4100/u/some_handle', profiles)?.id).toBe(
      'training-range-persona',
    );
    // A /p/ path on any other host is not the range (Instagram uses /p/ too).
    expect(selectProfile('https://www.instagram.com/p/abc/', profiles)?.id).toBe('generic');
    expect(selectProfile('ftp://example.org/', profiles)).toBeNull();
  });
});

describe('validation', () => {
  const valid = { id: 'x', name: 'X', version: 1, match: ['^https://x\\.example/'] };

  it('accepts a minimal profile and fills defaults', () => {
    expect(parseSiteProfile(valid, 'inline')).toMatchObject({
      priority: 0,
      fields: {},
      counts: {},
      media: [],
    });
  });

  it.each([
    [
      { ...valid, match: ['(unclosed'] },
      /match: every match pattern must be a valid regular expression/,
    ],
    [{ ...valid, fields: { author: [{ css: 'a', xpath: '//a' }] } }, /fields\.author\.0/],
    [{ ...valid, fields: { nickname: [{ css: 'a' }] } }, /fields: Unrecognized key/],
    [{ ...valid, fields: { author: [{ jsonld: 'author..name' }] } }, /dotted path/],
    [{ ...valid, removed: {} }, /removed: removed needs a selector or a text/],
    [{ ...valid, id: 'Has Spaces' }, /id: kebab-case id/],
    [{ name: 'no id' }, /id: /],
  ])('rejects an invalid profile with a message naming the path (%#)', (data, message) => {
    let error: unknown;
    try {
      parseSiteProfile(data, 'profiles/bad.json');
    } catch (e) {
      error = e;
    }
    expect(isInvalidInput(error)).toBe(true);
    expect((error as Error).message).toMatch(/^site profile profiles\/bad\.json is invalid: /);
    expect((error as Error).message).toMatch(message);
  });

  it('loads YAML, reports syntax errors and duplicate ids', async () => {
    const yamlFile = path.join(dir, 'a.yaml');
    await writeFile(
      yamlFile,
      'id: yaml-one\nname: Y\nversion: 2\nmatch: ["^https://y/"]\nremoved:\n  text: gone\n',
    );
    expect(await loadSiteProfile(yamlFile)).toMatchObject({
      id: 'yaml-one',
      version: 2,
      removed: { text: 'gone' },
    });
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{"id": ');
    await expect(loadSiteProfile(broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    const dupDir = await mkdtemp(path.join(dir, 'dup-'));
    await writeFile(path.join(dupDir, '1.json'), JSON.stringify(valid));
    await writeFile(path.join(dupDir, '2.yml'), 'id: x\nname: X2\nversion: 1\nmatch: ["."]\n');
    await expect(loadSiteProfiles(dupDir)).rejects.toThrow(/share the id "x"/);
  });
});
