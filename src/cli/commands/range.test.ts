/** @module `vigil range …` through the built CLI (issue 4 interface contract). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, json, runVigil, spawnVigil } from '../../../test/support/cli.js';

let home: string;
const vigil = (...args: string[]) => runVigil(args, { home });

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'vigil-cli-range-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('vigil range', () => {
  it('serve prints its 127.0.0.1 URL, serves pages, logs refused interactions, and stops on SIGINT', async () => {
    const log = path.join(home, 'interactions.jsonl');
    const child = spawnVigil(
      ['range', 'serve', '--port', '0', '--seed', '5', '--variant', 'alice', '--violations', log],
      { home },
    );
    const done = collect(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('close', () => reject(new Error(`serve exited early: ${out}`)));
    });
    const home200 = await fetch(url);
    expect(home200.status).toBe(200);
    const refused = await fetch(new URL('/api/interact', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'follow', target: 'someone' }),
    });
    expect(refused.status).toBe(403);
    child.kill('SIGINT');
    const run = await done;
    expect(run.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('"outcome":"refused"');
  });

  it('truth writes the contract fields, byte-identically for the same seed and variant', async () => {
    const a = path.join(home, 'a.json');
    const b = path.join(home, 'b.json');
    const c = path.join(home, 'c.json');
    expect(
      (await vigil('range', 'truth', '--seed', '5', '--variant', 'alice', '--out', a)).code,
    ).toBe(0);
    expect(
      (await vigil('range', 'truth', '--seed', '5', '--variant', 'alice', '--out', b)).code,
    ).toBe(0);
    expect(
      (await vigil('range', 'truth', '--seed', '5', '--variant', 'bob', '--out', c)).code,
    ).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(readFileSync(a)).not.toEqual(readFileSync(c));
    const truth = JSON.parse(readFileSync(a, 'utf8')) as {
      personas: { id: string; url: string }[];
      posts: {
        id: string;
        url: string;
        author: string;
        category: string;
        language: string;
        entities: { type: string; value: string }[];
        media: { url: string; kind: string; nearDuplicateOf: string | null }[];
      }[];
    };
    expect(truth.personas[0]).toMatchObject({
      id: expect.any(String) as string,
      url: expect.stringMatching(/^\/u\//) as string,
    });
    const post = truth.posts.find((p) => p.media.some((m) => m.nearDuplicateOf !== null));
    expect(post).toMatchObject({
      url: `/p/${post?.id ?? ''}`,
      author: expect.any(String) as string,
      language: expect.stringMatching(/^(en|ar|ur|id|ms|tl)$/) as string,
    });
    expect([
      'recruitment',
      'financing',
      'propaganda',
      'training',
      'incitement',
      'information_gathering',
      'none',
    ]).toContain(post?.category);
  });

  it('scenarios --json lists name, title and categories; scenario show prints a briefing', async () => {
    const list = json<{ name: string; title: string; categories: string[] }[]>(
      await vigil('range', 'scenarios', '--json'),
    );
    expect(list.length).toBeGreaterThanOrEqual(7);
    expect(list.every((s) => s.name !== '' && s.title !== '' && s.categories.length > 0)).toBe(
      true,
    );
    const show = await vigil('range', 'scenario', 'show', 'financing-follow-the-money');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Legal basis (required)');
    const missing = await vigil('range', 'scenario', 'show', 'nope');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no scenario pack named "nope"');
  });
});
