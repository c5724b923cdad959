/**
 * Contract test between the capture engine and the training range: capturing a range post with
 * the bundled `training-range-post` profile yields the post's structured data, and a removed post
 * is reported gone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../training/range/corpus.js';
import { startRange, type RunningRange } from '../training/range/server.js';
import { captureUrl } from './capture-url.js';
import { findChromium } from './chromium.js';
import { compareCaptures } from './compare-captures.js';

let range: RunningRange;
let work: string;
let chromiumPath: string;
const corpus = generateCorpus(7);

beforeAll(async () => {
  chromiumPath = await findChromium(['/usr/bin/chromium']);
  work = await mkdtemp(path.join(tmpdir(), 'vigil-range-capture-'));
  range = await startRange({ seed: 7, cacheDir: path.join(work, 'cache'), corpus });
});
afterAll(async () => {
  await range?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('training range profile', () => {
  it('extracts a post and detects its removal', async () => {
    const post =
      corpus.posts.find((p) => p.replyTo === null && p.media.length > 0) ?? corpus.posts[0]!;
    const url = `${range.url}p/${post.id}`;
    const opts = (n: number) => ({
      outDir: path.join(work, `c${n}`),
      chromiumPath,
      collector: 'trainee.1',
      legalBasisRef: 'TRAINING',
      allowHosts: [`127.0.0.1:${range.port}`],
      limits: { scrollTimeMs: 3000 },
    });
    const first = await captureUrl(url, opts(1));
    expect(first.status).toBe(200);
    expect(first.structured?.profile.id).toBe('training-range-post');
    const fields = first.structured!.fields;
    expect(fields.postId).toBe(post.id);
    expect(fields.handle).toBe(corpus.personas.find((p) => p.id === post.authorId)?.handle);
    expect(Number.isNaN(Date.parse(fields.postedAt ?? ''))).toBe(false);
    expect(fields.timezoneShown).toBeTruthy();
    expect(fields.postedAtShown).toBeTruthy();
    expect(fields.text?.length).toBeGreaterThan(0);
    expect(first.structured!.counts.likes).toBe(post.reactions.like);
    expect(first.structured!.media.length).toBe(post.media.length);
    expect(first.removed).toBe(false);

    expect(range.removePost(post.id)).toBe(true);
    const second = await captureUrl(url, opts(2));
    const diff = compareCaptures(first, second);
    expect(diff).toMatchObject({ gone: true, statusAfter: 410 });
    expect(second.removed).toBe(true);
  });
});
