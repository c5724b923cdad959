/**
 * @module Bench: a full Vigil capture of a fixture page against bare Chromium on the same page,
 * in the same run (issue 3, goal ≤ 1.3×).
 *
 * Vigil side: `captureUrl` as the `vigil capture` command calls it: launch Chromium, record every
 * exchange through CDP Fetch/Network (network policy on each request), load, auto-scroll for lazy
 * content, viewport + full-page screenshots, DOM, MHTML, text and media of every frame, site
 * profile extraction, provenance (with the real clock-source probe), WARC/1.1 with sha256
 * digests (fsynced), the loose files, browser shut down.
 * Baseline side: launch the same Chromium with the same arguments, new page with the same
 * viewport, `goto` until `load`, full-page PNG screenshot written to disk, browser shut down.
 *
 * Both sides load `/post/1` of the fixture site (lazy and IntersectionObserver images, fetch and
 * XHR, a video, a cross-site iframe, Arabic and Urdu text). Warm-up rounds are discarded, then the
 * two sides run back to back in each round (each goes first every other round). The figure is the
 * median over rounds of capture ÷ bare within the round: a paired comparison, so the load other
 * processes put on the machine, which drifts over seconds, hits both sides of a pair alike. The
 * medians of each side are reported beside it. Packaging, signature and RFC 3161 timestamp are measured by the package
 * bench.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { captureUrl } from '../src/capture/capture-url.js';
import { CAPTURE_EXTRA_ARGS, CHROMIUM_BASE_ARGS, findChromium } from '../src/capture/chromium.js';
import { startFixtureSite } from '../src/capture/fixture-site.test-support.js';
import type { BenchResult } from './types.js';

const WORK = path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', 'capture');
const WARM_UP = 2;
const ROUNDS = 11;
const GOAL = 1.3;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function run(): Promise<BenchResult[]> {
  const chromiumPath = await findChromium([process.env.VIGIL_CHROMIUM, '/usr/bin/chromium']);
  const site = await startFixtureSite();
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const url = `${site.origin}/post/1`;
  const viewport = { width: 1280, height: 800 };

  const bare = async (round: number) => {
    const t = performance.now();
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [...CHROMIUM_BASE_ARGS, ...CAPTURE_EXTRA_ARGS],
    });
    try {
      const page = await browser.newPage({ viewport });
      await page.goto(url, { waitUntil: 'load' });
      await page.screenshot({ fullPage: true, path: path.join(WORK, `baseline-${round}.png`) });
    } finally {
      await browser.close();
    }
    return performance.now() - t;
  };

  const stages = { load: [] as number[], scroll: [] as number[], record: [] as number[] };
  const full = async (round: number, keep: boolean) => {
    const t = performance.now();
    const at: Record<string, number> = {};
    const result = await captureUrl(url, {
      outDir: path.join(WORK, `capture-${round}`),
      chromiumPath,
      viewport,
      collector: 'bench',
      legalBasisRef: 'BENCH',
      allowHosts: [`127.0.0.1:${site.port}`, `localhost:${site.port}`],
      onProgress: (p) => {
        at[p.stage] = performance.now() - t;
      },
    });
    const total = performance.now() - t;
    // A capture that silently skipped work would be fast for the wrong reason.
    const missing = ['/img/lazy.png', '/img/io.png', '/media/clip.webm', '/img/frame.png'].filter(
      (p) => !result.media.some((m) => m.inWarc && new URL(m.url).pathname === p),
    );
    if (result.provenance.scroll.stoppedBy !== 'bottom' || missing.length > 0) {
      throw new Error(
        `bench capture incomplete: scroll ${result.provenance.scroll.stoppedBy}, missing ${missing.join(', ')}`,
      );
    }
    if (keep) {
      stages.load.push(at.scrolling!);
      stages.scroll.push(at.media! - at.scrolling!);
      stages.record.push(total - at.media!);
    }
    return total;
  };

  const baseline: number[] = [];
  const vigil: number[] = [];
  try {
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const keep = round >= WARM_UP;
      const order = round % 2 === 0 ? ['bare', 'full'] : ['full', 'bare'];
      for (const side of order) {
        if (side === 'bare') {
          const ms = await bare(round);
          if (keep) baseline.push(ms);
        } else {
          const ms = await full(round, keep);
          if (keep) vigil.push(ms);
        }
      }
    }
  } finally {
    await site.close();
  }
  const b = median(baseline);
  const f = median(vigil);
  const ratio = median(vigil.map((ms, i) => ms / baseline[i]!));
  const stage = (name: string, xs: number[]): BenchResult => ({
    name: `capture stage (median): ${name}`,
    value: Math.round(median(xs)),
    unit: 'ms',
  });
  return [
    {
      name: `capture: full capture of a fixture page (WARC + both screenshots + DOM + MHTML + text + provenance), median of ${ROUNDS} (ratio: median of paired ratios; ratio of medians ${(f / b).toFixed(2)})`,
      value: Math.round(f),
      unit: 'ms',
      baseline: {
        name: 'bare Chromium launch + goto + full-page screenshot + close',
        value: Math.round(b),
      },
      ratio: Number(ratio.toFixed(2)),
      goal: `≤ ${GOAL}× (capture time ÷ bare Chromium time)`,
      met: ratio <= GOAL,
    },
    stage('launch, recorder, load', stages.load),
    stage('auto-scroll and lazy loads', stages.scroll),
    stage('screenshots, DOM, MHTML, text, provenance, WARC, close', stages.record),
  ];
}
