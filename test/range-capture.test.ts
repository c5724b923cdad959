/**
 * Issue 4 "works with capture": a range started by `vigil range serve` is allow-listed for
 * `vigil capture` while it runs, and capturing a permalink yields the structured post through the
 * range's site profile, matching the ground truth (R3 golden fields).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { CASE_ARGS, json, runVigil, spawnVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

describe('range + capture', () => {
  const home = tempDir('vigil-range-capture-');
  let range: ChildProcess | undefined;
  afterAll(() => {
    range?.kill('SIGTERM');
  });

  it('captures a range permalink without --allow-host and extracts the post', async () => {
    range = spawnVigil(['range', 'serve', '--port', '0', '--seed', '11', '--json'], { home });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      range?.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        try {
          resolve((JSON.parse(output) as { url: string }).url);
        } catch {
          // not a whole JSON object yet
        }
      });
      range?.once('exit', (code) =>
        reject(new Error(`range exited with ${code ?? '?'}: ${output}`)),
      );
    });
    const truthFile = path.join(home, 'truth.json');
    expect(
      (await runVigil(['range', 'truth', '--seed', '11', '--out', truthFile], { home })).code,
    ).toBe(0);
    const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as {
      posts: {
        id: string;
        url: string;
        author: string;
        category: string;
        language: string;
        loginRequired: boolean;
      }[];
    };
    // A public post: login-walled ones show the wall to a capture without a session, as on real platforms.
    const post = truth.posts.find(
      (p) => p.category === 'recruitment' && p.language === 'en' && !p.loginRequired,
    );
    if (!post) throw new Error('the range has no posts');
    const caseId = json<{ id: string }>(
      await runVigil(['case', 'create', ...CASE_ARGS, '--json'], { home }),
    ).id;
    expect(
      (
        await runVigil(
          ['persona', 'add', 'trainee-persona-1', '--platform', 'range', '--user', 'ana'],
          { home },
        )
      ).code,
    ).toBe(0);

    const captured = await runVigil(
      [
        'capture',
        new URL(post.url, url).toString(),
        '--case',
        caseId,
        '--reason',
        'range exercise',
        '--persona',
        'trainee-persona-1',
        '--json',
      ],
      { home },
    );
    expect(captured.code, captured.stderr).toBe(0);
    const { item } = json<{
      item: {
        metadata: {
          structured: { profile?: string; fields?: Record<string, unknown> } & Record<
            string,
            unknown
          >;
          provenance: Record<string, unknown>;
        };
      };
    }>(captured);
    const fields = item.metadata.structured.fields ?? {};
    expect(fields).toMatchObject({ postId: post.id });
    expect(fields.text).toBeTruthy();
    expect(fields.postedAtShown).toMatch(/UTC[+-]\d{2}:\d{2}/);
    expect(item.metadata.provenance).toMatchObject({
      persona: 'trainee-persona-1',
      collector: 'ana',
      legalBasisRef: 'WR-2026-0042',
      status: 200,
    });
    expect(item.metadata.provenance).toHaveProperty('timeZone');
    expect(item.metadata.provenance).toHaveProperty('browser.version');

    range.kill('SIGTERM');
    await new Promise((resolve) => range?.once('exit', resolve));
    const after = await runVigil(
      [
        'capture',
        new URL(post.url, url).toString(),
        '--case',
        caseId,
        '--reason',
        'range stopped',
        '--json',
      ],
      { home },
    );
    expect(after.code).toBe(4);
  });
});
