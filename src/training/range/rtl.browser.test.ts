import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus.js';
import type { RunningRange } from './server.js';
import { startRange } from './server.js';

// COMMON.md: system Chromium, always these flags, a fresh profile (launch() uses one).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The few browser globals the page functions use (tsconfig has no DOM lib). */
interface Win {
  getComputedStyle(el: unknown): { direction: string; textAlign: string };
  document: {
    querySelectorAll(selector: string): { length: number };
    querySelector(selector: string): { naturalWidth: number } | null;
  };
}

const corpus = generateCorpus(11);
let dir: string;
let range: RunningRange;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-range-rtl-'));
  range = await startRange({
    seed: 11,
    corpus,
    cacheDir: dir,
    violationsFile: path.join(dir, 'v.jsonl'),
  });
  browser = await chromium.launch({
    executablePath: process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  await browser?.close();
  await range?.close();
  await rm(dir, { recursive: true, force: true });
});

/** True when the screenshot has real content: many distinct grey levels, not a flat fill. */
async function nonBlank(png: Buffer): Promise<boolean> {
  const stats = await sharp(png).greyscale().stats();
  const channel = stats.channels[0];
  return channel !== undefined && channel.stdev > 10 && channel.max - channel.min > 100;
}

describe('the range in real Chromium', () => {
  it('renders Arabic and Urdu posts right to left', async () => {
    const page = await browser.newPage();
    try {
      for (const key of ['financing-donate-ar', 'recruitment-phone-ur']) {
        await page.goto(new URL(`/p/${corpus.anchors[key] ?? ''}`, range.url).href);
        const text = page.locator('article.post[itemscope] [data-field="text"]').first();
        // tsconfig has no DOM lib: browser-side functions reach the window through a cast.
        expect(
          await text.evaluate(
            (el) => (globalThis as unknown as Win).getComputedStyle(el).direction,
          ),
          key,
        ).toBe('rtl');
        const box = await text.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(100);
        expect(await nonBlank(await text.screenshot()), key).toBe(true);
        // Right-aligned: the text's first line ends at the right edge of its box.
        const align = await text.evaluate(
          (el) => (globalThis as unknown as Win).getComputedStyle(el).textAlign,
        );
        expect(['start', 'right']).toContain(align);
      }
    } finally {
      await page.close();
    }
  });

  it('renders the feed client-side with infinite scroll, lazy images and refused interactions', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    try {
      await page.goto(range.url);
      await page.waitForSelector('.feed article.post');
      const first = await page.locator('.feed article.post').count();
      expect(first).toBe(20);
      await page.mouse.wheel(0, 20_000);
      await page.waitForFunction(
        (n) =>
          (globalThis as unknown as Win).document.querySelectorAll('.feed article.post').length > n,
        first,
      );
      // A channel with posters: lazy images load once scrolled into view.
      await page.goto(new URL('/c/dawncolumn', range.url).href);
      const img = page.locator('figure[data-media-kind="image"] img').first();
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as Win).document.querySelector(
            'figure[data-media-kind="image"] img',
          )?.naturalWidth === 640,
      );
      await page.locator('button[data-action="like"]').first().click();
      await page.waitForSelector('.toast');
      expect(await page.locator('.toast').textContent()).toMatch(/Passive mode/);
      expect(range.violations().map((v) => [v.action, v.outcome])).toEqual([['like', 'refused']]);
    } finally {
      await page.close();
    }
  });
});
