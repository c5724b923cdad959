/**
 * @module End-to-end harness for the web UI: builds it with Vite's JS API into a temp folder,
 * serves it from `buildServer` on a temporary Vigil (one account per role, see
 * src/server/test-support.ts), and drives Debian's Chromium through playwright-core with the
 * project's offline launch arguments. Collects console errors, page errors and dialogs so every
 * test can assert none happened.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { buildServer } from '../../src/server/app.js';
import { startReplayServer } from '../../src/server/replay-server.js';
import { PASSWORD, testServer } from '../../src/server/test-support.js';
import type { TestServer } from '../../src/server/test-support.js';
import { generateCorpus } from '../../src/training/range/corpus.js';
import { startRange } from '../../src/training/range/server.js';
import { exportTruth } from '../../src/training/range/truth.js';
import type { RangeTruth } from '../../src/training/range/truth.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

/** COMMON.md: always these arguments, and a fresh profile (launch() uses one). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'web');

/** Builds web/ with its own config into a temporary folder; returns that folder. */
export async function buildUi(): Promise<string> {
  const outDir = tempDir('vigil-web-');
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which makes Vite bundle React's development build: test what
  // ships. Only this worker's environment changes, and only while it builds.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Workbench {
  readonly t: TestServer;
  /** The fictional training range, allow-listed for capture while the test runs. */
  readonly range: {
    readonly url: string;
    readonly truth: RangeTruth;
    /** The trainer's trigger: the post's permalink answers 410 from now on. */
    removePost(postId: string): boolean;
  };
  readonly app: FastifyInstance;
  readonly url: string;
  readonly browser: Browser;
  /** Everything that went wrong in any page: console errors, uncaught errors, dialogs. */
  readonly problems: string[];
  /** Console messages from the replay origin (captured content and the viewer), kept apart. */
  readonly replayNoise: string[];
  newPage(
    viewport?: { width: number; height: number },
    options?: { acceptDownloads?: boolean },
  ): Promise<Page>;
  close(): Promise<void>;
}

export async function startWorkbench(webRoot: string): Promise<Workbench> {
  const t = await testServer();
  // The range runs in this process and is registered the way `vigil serve --range-port` does,
  // so captures of it are allowed while (and only while) it runs.
  const corpus = generateCorpus(11);
  const range = await startRange({
    seed: 11,
    corpus,
    cacheDir: tempDir('vigil-range-cache-'),
    violationsFile: null,
  });
  const unregister = t.vigil.runs.register({
    kind: 'range',
    url: range.url,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    details: { seed: 11 },
  });
  // Captures requested over HTTP run as jobs, as under `vigil serve`.
  t.vigil.jobs.start(200);
  // Sessions and cookies expire 8 h after sign-in by the server's clock; the browser judges
  // them by the real one, so the fixed test clock moves to now.
  t.clock.set(new Date());
  // The replay origin, as `vigil serve` starts it beside the workbench.
  const replay = await startReplayServer({ blobs: t.vigil.blobs });
  const app = await buildServer({ vigil: t.vigil, webRoot, replay });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  replay.allowEmbedder(url);
  const browser = await chromium.launch({
    executablePath: process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const problems: string[] = [];
  const replayNoise: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    t,
    range: {
      url: range.url,
      truth: exportTruth(corpus),
      removePost: (postId) => range.removePost(postId),
    },
    app,
    url,
    browser,
    problems,
    replayNoise,
    async newPage(viewport = { width: 1280, height: 800 }, options = {}) {
      const context = await browser.newContext({
        viewport,
        acceptDownloads: options.acceptDownloads ?? false,
      });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      // Nothing may leave the machine: a request to anything but the workbench or its replay
      // origin is a bug.
      await context.route(
        (target) =>
          !target.href.startsWith(url) &&
          !target.href.startsWith(replay.origin) &&
          !target.href.startsWith('blob:'),
        (route) => {
          problems.push(`request outside the workbench: ${route.request().url()}`);
          return route.abort();
        },
      );
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error' && message.type() !== 'warning') return;
        const source = message.location().url;
        // The replayed page and ReplayWeb.page run on the replay origin, isolated from the
        // workbench; what captured content logs there (its own missing resources) is not ours.
        if (source.startsWith(replay.origin)) {
          replayNoise.push(`${message.type()}: ${message.text()} (${source})`);
          return;
        }
        problems.push(`console ${message.type()}: ${message.text()} (${source})`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await replay.close();
      await t.app.close();
      await t.vigil.close();
      unregister();
      await range.close();
    },
  };
}

/** Signs in through the form and waits for the shell. */
export async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/**
 * Saves a screenshot under test-artifacts/web/ and checks it is not blank: more than one colour,
 * with real variation (sharp's per-channel statistics).
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const stats = await sharp(file).stats();
  const varied = stats.channels.slice(0, 3).some((channel) => channel.max - channel.min > 64);
  const spread = Math.max(...stats.channels.slice(0, 3).map((channel) => channel.stdev));
  if (!varied || spread < 8) throw new Error(`screenshot ${name} looks blank (stdev ${spread})`);
  return file;
}

// Functions passed to `evaluate` run in the page, not in Node. The Node program's lib has no DOM,
// so they reach the browser's globals through this small declared shape instead of pretending
// `document` exists here.
interface PageGlobals {
  getComputedStyle(element: unknown): Record<string, string>;
  document: {
    activeElement: {
      tagName: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
    } | null;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
  atob(data: string): string;
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
}

/** A computed CSS property of the located element. */
export const computedStyle = (locator: Locator, property: string): Promise<string> =>
  locator.evaluate(
    (element: unknown, name: string) =>
      (globalThis as unknown as PageGlobals).getComputedStyle(element)[name] ?? '',
    property,
  );

/** The rendered width of the located element, in CSS pixels. */
export const renderedWidth = (locator: Locator): Promise<number> =>
  locator.evaluate(
    (element: unknown) =>
      (element as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width,
  );

/** `TAG:name-or-text` of the focused element. */
export const focusedElement = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const element = (globalThis as unknown as PageGlobals).document.activeElement;
    return element
      ? `${element.tagName}:${element.getAttribute('name') ?? element.textContent ?? ''}`
      : '';
  });

/** True when nothing is wider than the viewport (no horizontal scrolling). */
export const noHorizontalOverflow = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const browser = globalThis as unknown as PageGlobals;
    return browser.document.documentElement.scrollWidth <= browser.innerWidth;
  });

/** A DataTransfer in the page holding one file, for dispatching a `drop`. */
export const dataTransferWith = (page: Page, name: string, type: string, bytes: Buffer) =>
  page.evaluateHandle(
    ([fileName, mediaType, base64]) => {
      const browser = globalThis as unknown as PageGlobals;
      const data = new browser.DataTransfer();
      const raw = Uint8Array.from(browser.atob(base64), (char) => char.charCodeAt(0));
      data.items.add(new browser.File([raw], fileName, { type: mediaType }));
      return data;
    },
    [name, type, bytes.toString('base64')] as const,
  );

/** Selects characters [start, end) of the located element's single text node, as a drag would. */
export const selectText = (locator: Locator, start: number, end: number): Promise<void> =>
  locator.evaluate(
    (element: unknown, [from, to]: readonly [number, number]) => {
      interface Selecting {
        document: {
          createRange(): {
            setStart(n: unknown, o: number): void;
            setEnd(n: unknown, o: number): void;
          };
        };
        getSelection(): { removeAllRanges(): void; addRange(range: unknown): void } | null;
      }
      const browser = globalThis as unknown as Selecting;
      const node = (element as { firstChild: unknown }).firstChild;
      if (!node) throw new Error('the element has no text to select');
      const range = browser.document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      browser.getSelection()?.removeAllRanges();
      browser.getSelection()?.addRange(range);
    },
    [start, end] as const,
  );
