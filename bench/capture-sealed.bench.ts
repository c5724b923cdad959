/**
 * @module The whole of `vigil capture` as issue 3 defines the goal: WARC, screenshots, DOM, MHTML,
 * then the sealed package (WACZ + Ed25519 signature + RFC 3161 token from a local TSA) stored as
 * evidence with its ledger events — against bare Chromium `goto` + full-page screenshot of the
 * same fixture page, same run. Rounds alternate which side goes first; the headline is the median
 * of per-round ratios (goal ≤ 1.3×). Automatic triage (OCR) runs as a job afterwards and is not
 * part of the capture.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openVigil } from '../src/app/vigil.js';
import { CAPTURE_EXTRA_ARGS, CHROMIUM_BASE_ARGS, findChromium } from '../src/capture/chromium.js';
import { startFixtureSite } from '../src/capture/fixture-site.test-support.js';
import { loadConfig } from '../src/core/config.js';
import { startTsaServer, tsaInit } from '../src/package/index.js';
import type { BenchResult } from './types.js';

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', 'capture-sealed');
const ROUNDS = 7;
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export default async function run(): Promise<BenchResult[]> {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const chromiumPath = await findChromium(['/usr/bin/chromium']);
  const site = await startFixtureSite();
  await tsaInit(path.join(WORK, 'tsa'));
  const tsa = await startTsaServer({ dir: path.join(WORK, 'tsa'), port: 0 });
  const home = path.join(WORK, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(
    path.join(home, 'config.json'),
    JSON.stringify({ allowHosts: [new URL(site.origin).host], tsaUrls: [tsa.url] }),
  );
  const vigil = await openVigil(loadConfig({}, { home, as: 'bench' }));
  const url = `${site.origin}/post/1`;
  try {
    const kase = await vigil.cases.create('bench', {
      title: 'capture benchmark',
      basis: {
        authority: 'bench',
        reference: 'BENCH-1',
        purpose: 'measure',
        validFrom: '2000-01-01',
        validUntil: '2100-01-01',
      },
    });
    const bare = async (round: number) => {
      const started = performance.now();
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [...CHROMIUM_BASE_ARGS, ...CAPTURE_EXTRA_ARGS],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(url, { waitUntil: 'load' });
        await page.screenshot({ fullPage: true, path: path.join(WORK, `bare-${round}.png`) });
      } finally {
        await browser.close();
      }
      return performance.now() - started;
    };
    const sealed = async () => {
      const started = performance.now();
      const outcome = await vigil.capture.capture({
        actor: 'bench',
        caseId: kase.id,
        url,
        reason: 'benchmark',
      });
      if (!outcome.sealed.timestamped) throw new Error('the benchmark capture was not timestamped');
      return performance.now() - started;
    };
    await bare(-1);
    await sealed();
    const ratios: number[] = [];
    const bareTimes: number[] = [];
    const sealedTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const first = round % 2 === 0;
      const a = first ? await bare(round) : 0;
      const b = await sealed();
      const c = first ? a : await bare(round);
      bareTimes.push(c);
      sealedTimes.push(b);
      ratios.push(b / c);
    }
    const ratio = median(ratios);
    return [
      {
        name: `vigil capture, sealed (WARC + screenshots + DOM + MHTML + WACZ + Ed25519 + local RFC 3161 + store + ledger), median of ${ROUNDS} paired rounds`,
        value: median(sealedTimes),
        unit: 'ms',
        baseline: { name: 'bare Chromium goto + full-page screenshot', value: median(bareTimes) },
        ratio,
        goal: '≤ 1.3× the bare capture time',
        met: ratio <= 1.3,
      },
    ];
  } finally {
    await vigil.close();
    await tsa.close();
    await site.close();
  }
}
