/**
 * @module Finding and launching Debian's Chromium for capture, always with the same hardened
 * arguments (no background traffic, no QUIC, no component updates) and a fresh profile.
 */
import { access, constants } from 'node:fs/promises';
import { unavailable } from '../core/errors.js';

/** The arguments every Vigil Chromium runs with (COMMON.md), before per-capture additions. */
export const CHROMIUM_BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * Capture additions. Site isolation off keeps cross-site iframes in the page's renderer, so the
 * one CDP session that records the exchanges (and enforces the network policy) sees their
 * traffic too; the capture browser only ever shows one page, so the isolation it would give
 * between sites has nothing to protect.
 */
export const CAPTURE_EXTRA_ARGS = [
  '--disable-site-isolation-trials',
  '--disable-features=IsolateOrigins,site-per-process',
  '--autoplay-policy=no-user-gesture-required',
  '--mute-audio',
  '--hide-scrollbars',
] as const;

/** Usual places Debian, Ubuntu and others install Chromium. */
export const DEFAULT_CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
] as const;

/**
 * The first executable among `candidates` (put the configured or `VIGIL_CHROMIUM` path first).
 *
 * @example
 * const chromiumPath = await findChromium([config.chromium, ...DEFAULT_CHROMIUM_CANDIDATES]);
 */
export async function findChromium(
  candidates: readonly (string | undefined | null)[] = DEFAULT_CHROMIUM_CANDIDATES,
): Promise<string> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    if (!candidate) continue;
    tried.push(candidate);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  throw unavailable(`no Chromium executable found (tried ${tried.join(', ') || 'nothing'})`, {
    hint: 'install the Debian package with `apt-get install chromium`, or set VIGIL_CHROMIUM to its path',
  });
}
