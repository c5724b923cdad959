/**
 * @module Bench: a full Vigil capture (every exchange to WARC, both screenshots, DOM, MHTML,
 * text, profile data, provenance) of a fixture page against bare Chromium `goto` + full-page
 * screenshot of the same page, measured in the same run. Goal: ≤ 1.3×. Packaging, signature and
 * timestamp are added by the package bench once integrated.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { captureUrl } from '../src/capture/capture-url.js';
import { CAPTURE_EXTRA_ARGS, CHROMIUM_BASE_ARGS, findChromium } from '../src/capture/chromium.js';
import { startFixtureSite } from '../src/capture/fixture-site.test-support.js';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  goal?: string;
}

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', 'capture');
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function run(): Promise<BenchResult[]> {
  const chromiumPath = await findChromium([process.env.VIGIL_CHROMIUM, '/usr/bin/chromium']);
  const site = await startFixtureSite();
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const url = `${site.origin}/post/1`;
  const baseline: number[] = [];
  const full: number[] = [];
  try {
    // Alternate the two so machine load drifts hit both alike; round 0 warms the disk cache.
    for (let round = 0; round <= ROUNDS; round++) {
      let t = performance.now();
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [...CHROMIUM_BASE_ARGS, ...CAPTURE_EXTRA_ARGS],
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url, { waitUntil: 'load' });
      await page.screenshot({ fullPage: true, path: path.join(WORK, `baseline-${round}.png`) });
      await browser.close();
      if (round > 0) baseline.push(performance.now() - t);

      t = performance.now();
      await captureUrl(url, {
        outDir: path.join(WORK, `capture-${round}`),
        chromiumPath,
        collector: 'bench',
        legalBasisRef: 'BENCH',
        allowHosts: [`127.0.0.1:${site.port}`, `localhost:${site.port}`],
        clockSource: () =>
          Promise.resolve({ source: 'system clock', ntpSynchronized: 'unknown', detail: 'bench' }),
      });
      if (round > 0) full.push(performance.now() - t);
    }
  } finally {
    await site.close();
  }
  const b = median(baseline);
  const f = median(full);
  return [
    {
      name: 'capture: full capture (WARC + screenshots + DOM + MHTML) of a fixture page',
      value: Math.round(f),
      unit: 'ms',
      baseline: { name: 'bare Chromium goto + full-page screenshot', value: Math.round(b) },
      ratio: Number((f / b).toFixed(2)),
      goal: '≤ 1.3×',
    },
  ];
}
