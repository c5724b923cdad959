/**
 * @module `captureUrl`: one URL → one WARC/1.1 file with every exchange the browser made, plus
 * screenshots, DOM, MHTML, visible text, media list, structured profile data and the provenance
 * record, all from one browser session. Pure capture: storing and packaging belong to callers.
 */
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { systemClock } from '../core/clock.js';
import { invalidInput, refused, unavailable } from '../core/errors.js';
import { CaptureWarc, matchMedia, type ResourceArtifact } from './capture-assembly.js';
import {
  DEFAULT_LIMITS,
  type CaptureLimits,
  type CaptureOptions,
  type CaptureResult,
} from './capture-types.js';
import { CAPTURE_EXTRA_ARGS, CHROMIUM_BASE_ARGS } from './chromium.js';
import { probeClockSource, readVigilVersion } from './environment.js';
import { ExchangeRecorder } from './exchange-recorder.js';
import { checkUrl, hostOf, parseAllowHosts, type HostResolver } from './network-policy.js';
import { extractScript, SCROLL_TOP_SCRIPT } from './page-scripts.js';
import {
  autoScroll,
  fullPageScreenshot,
  IsolatedWorlds,
  readFrames,
  viewportScreenshot,
} from './page-session.js';
import { buildProvenance, readCertificates } from './provenance.js';
import { loadBundledProfiles, selectProfile, type StructuredCapture } from './site-profile.js';

/** File names inside the output directory. */
export const CAPTURE_FILES = {
  warc: 'capture.warc.gz',
  fullPage: 'screenshot-full.png',
  viewport: 'screenshot-viewport.png',
  dom: 'dom.html',
  mhtml: 'page.mhtml',
  text: 'text.txt',
  provenance: 'provenance.json',
  structured: 'structured.json',
} as const;

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/**
 * Network idle = nothing in flight and no request or response for this long (after a scroll
 * round: counted from the end of the round). It has to cover what a finished response sets off —
 * an image's `onload`, a fetch's `then` inserting more media — which starts within a frame or two
 * (16 ms each), plus the trip of the CDP event to us; 50 ms is three frames. A loader that waits
 * longer on purpose (a debounced scroll handler) is not waited for: see docs/capture.md.
 */
export const NETWORK_QUIET_MS = 50;

/** Base64 SHA-256 of a DER SubjectPublicKeyInfo: 44 characters ending in `=`. */
const SPKI_PIN = /^[A-Za-z0-9+/]{43}=$/;

const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * One answer per host for the whole capture, as Chromium's own host cache gives it one: the
 * policy decides every request of a host on the same addresses, and a page with a hundred
 * images on one CDN costs one lookup. (The server address each response actually came from is
 * still checked separately, see `ExchangeRecorder`.)
 */
const memoizeResolver = (resolve: HostResolver): HostResolver => {
  const answers = new Map<string, ReturnType<HostResolver>>();
  return (host) => {
    let answer = answers.get(host);
    if (!answer) {
      answer = resolve(host);
      answers.set(host, answer);
    }
    return answer;
  };
};

/**
 * Captures `url` in a fresh Chromium. Refuses (a `refused` VigilError naming the rule) when the
 * network policy forbids the URL itself; sub-resources it forbids are refused and listed in the
 * provenance.
 *
 * @example
 * const result = await captureUrl('https://example.org/post/1', {
 *   outDir, chromiumPath: await findChromium(), collector: 'analyst1', legalBasisRef: 'LB-7',
 * });
 */
export async function captureUrl(url: string, options: CaptureOptions): Promise<CaptureResult> {
  const clock = options.clock ?? systemClock;
  const resolve = memoizeResolver(options.resolve ?? systemResolver);
  const uuid = options.uuid ?? randomUUID;
  const limits: CaptureLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const scrollMaxBytes = limits.scrollMaxBytes ?? Math.floor(limits.maxBytes * 0.8);
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const allowHosts = [...(options.allowHosts ?? [])];
  const allow = parseAllowHosts(allowHosts);
  const trustedSpki = [...(options.trustedSpki ?? [])];
  const viaProxy = Boolean(options.proxy);
  const progress = options.onProgress ?? (() => undefined);

  const badPin = trustedSpki.find((pin) => !SPKI_PIN.test(pin));
  if (badPin !== undefined) {
    throw invalidInput(`trusted SPKI hash ${JSON.stringify(badPin)} is not a base64 SHA-256`, {
      hint: 'compute it with `openssl x509 -pubkey -noout -in CERT.pem | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`',
    });
  }
  const top = await checkUrl(url, { allow, resolve, level: 'top-level', viaProxy });
  if (!top.allowed) {
    throw refused(`capture of ${url} refused by the network policy: ${top.detail}`, {
      hint: 'only public http(s) URLs are captured; allow-list a trusted internal host with --allow-host HOST[:PORT]',
      details: { url, reason: top.reason, address: top.address },
    });
  }
  const requestedUrl = new URL(url).href;
  const topHost = hostOf(new URL(requestedUrl));

  // DNS rebinding: the top-level host is pinned to the address we checked (Chromium resolves
  // it through this rule instead of asking DNS again); sub-resource hosts are checked at request
  // time and their actual server address is re-checked after the fact (see docs/capture.md).
  const pinned = top.addresses[0];
  const pinArgs =
    !viaProxy && pinned && pinned !== topHost
      ? [`--host-resolver-rules=MAP ${topHost} ${pinned.includes(':') ? `[${pinned}]` : pinned}`]
      : [];
  const spkiArgs =
    trustedSpki.length > 0
      ? [`--ignore-certificate-errors-spki-list=${trustedSpki.join(',')}`]
      : [];
  const args = [...CHROMIUM_BASE_ARGS, ...CAPTURE_EXTRA_ARGS, ...pinArgs, ...spkiArgs];

  // Profiles load (and validate) before the browser starts: a broken profile fails fast.
  const profiles = options.profiles ?? (await loadBundledProfiles());
  await mkdir(options.outDir, { recursive: true });
  const out = (name: string) => path.join(options.outDir, name);
  const startedAt = clock.now();
  const deadlineAt = Date.now() + limits.maxTimeMs;
  // The environment probes run while Chromium starts; nothing waits on them until the end.
  const facts = Promise.all([
    options.vigilVersion ?? readVigilVersion(),
    (options.clockSource ?? probeClockSource)(),
  ]);

  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: options.chromiumPath,
      args,
      ignoreDefaultArgs: ['--enable-automation'],
      ...(options.proxy ? { proxy: { server: options.proxy } } : {}),
    });
  } catch (cause) {
    await facts.catch(() => undefined);
    throw unavailable(`Chromium at ${options.chromiumPath} did not start`, {
      cause,
      hint: 'check that the path is a working Chromium (`chromium --version`) or set VIGIL_CHROMIUM',
    });
  }
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  let warc: CaptureWarc | undefined;
  let warcClosed = false;
  try {
    const browserSession = await browser.newBrowserCDPSession();
    const version = await browserSession.send('Browser.getVersion');
    const chromiumVersion = browser.version();
    const [vigilVersion, clockInfo] = await facts;
    warc = await CaptureWarc.open({
      path: out(CAPTURE_FILES.warc),
      filename: CAPTURE_FILES.warc,
      software: `Vigil ${vigilVersion} (Chromium ${chromiumVersion}, warcio.js)`,
      date: clock.now(),
      uuid,
    });
    const userAgent = options.userAgent ?? version.userAgent.replace('HeadlessChrome/', 'Chrome/');
    const context = await browser.newContext({
      viewport,
      userAgent,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    const worlds = new IsolatedWorlds(session);
    const recorder = new ExchangeRecorder(session, {
      allow,
      resolve,
      viaProxy,
      maxBytes: limits.maxBytes,
      maxResources: limits.maxResources,
      clock,
    });
    // The main frame's id is the page target's and survives navigations: ask for it now, while
    // the renderer is idle, rather than after the document arrives.
    const [[mainFrame]] = await Promise.all([worlds.frames(), recorder.start()]);
    const mainFrameId = mainFrame!.id;
    let timedOut = false;
    timer = setTimeout(() => {
      timedOut = true;
      void recorder.finish('time_limit');
    }, limits.maxTimeMs);
    const remaining = () => Math.max(0, deadlineAt - Date.now());

    progress({ stage: 'loading', detail: requestedUrl });
    let navigationError: string | null = null;
    const failed = (error: unknown) =>
      (error as Error).message.split('\n')[0] ?? 'navigation failed';
    try {
      await page.goto(requestedUrl, {
        waitUntil: 'domcontentloaded',
        timeout: Math.max(1, remaining()),
      });
    } catch (error) {
      navigationError = failed(error);
    }
    // The `load` event is awaited alongside the scroll, not before it: a visitor can scroll as
    // soon as the document is there, and lazy content then loads in parallel with the rest of the
    // page instead of after it. Every scroll round ends at network idle, which covers both.
    const loaded = navigationError
      ? Promise.resolve()
      : page
          .waitForLoadState('load', { timeout: Math.max(1, remaining()) })
          .catch((error: unknown) => {
            navigationError = `load event not reached: ${failed(error)}`;
          });

    progress({ stage: 'scrolling', detail: 'auto-scroll for lazy-loaded content' });
    const [scroll] = await Promise.all([
      autoScroll(worlds, mainFrameId, recorder, {
        limits,
        scrollMaxBytes,
        quietMs: NETWORK_QUIET_MS,
        remaining,
        timedOut: () => timedOut,
      }),
      loaded,
    ]);
    if (scroll.stoppedBy === 'time') recorder.limitsHit.add('scroll_time');
    if (scroll.stoppedBy === 'height') recorder.limitsHit.add('scroll_height');
    if (scroll.stoppedBy === 'bytes') recorder.limitsHit.add('scroll_bytes');

    progress({ stage: 'media', detail: 'screenshots, DOM, MHTML, text and media' });
    await worlds.evaluate(mainFrameId, SCROLL_TOP_SCRIPT).catch(() => undefined);
    await recorder.waitForIdle(NETWORK_QUIET_MS, Math.min(1000, remaining()));
    // What is complete goes into the WARC now, while the browser takes the screenshots.
    warc.writeCompleted(recorder.exchanges, recorder.facts, recorder.wireHeaders);
    const finalUrl = page.url();
    const profile = selectProfile(finalUrl, profiles);
    // Independent reads go out together: the renderer answers the DOM, MHTML and in-frame reads
    // while the browser encodes the screenshots.
    const [[viewportPng, fullPng], dom, { data: mhtml }, read, structured] = await Promise.all([
      // One after the other: the full-page capture resizes the rendering beyond the viewport.
      viewportScreenshot(session).then(
        async (view) => [view, await fullPageScreenshot(session)] as const,
      ),
      page.content(),
      session.send('Page.captureSnapshot', { format: 'mhtml' }),
      worlds.frames().then((frames) => readFrames(worlds, frames, mainFrameId)),
      profile
        ? worlds.evaluate<StructuredCapture>(mainFrameId, extractScript(profile))
        : Promise.resolve(null),
    ]);
    const { title, text } = read;

    // Requests the page made while we read it are recorded too, then recording stops.
    await recorder.waitForIdle(NETWORK_QUIET_MS, Math.min(500, remaining()));
    clearTimeout(timer);
    const tls = await readCertificates(session, recorder);
    await recorder.finish(timedOut ? 'time_limit' : 'ended');
    const endedAt = clock.now();
    // Recording is over: Chromium shuts down while the records are written.
    closing = browser.close().catch(() => undefined);

    const { provenance, pageExchange } = buildProvenance(recorder, {
      requestedUrl,
      finalUrl,
      navigationError,
      tls,
      trustedSpki,
      startedAt,
      endedAt,
      clock: clockInfo,
      collector: options.collector,
      persona: options.persona ?? null,
      proxy: options.proxy ?? null,
      userAgent,
      viewport,
      browser: { name: 'chromium', version: chromiumVersion, path: options.chromiumPath, args },
      vigilVersion,
      legalBasisRef: options.legalBasisRef,
      allowHosts,
      limits: { ...limits, scrollMaxBytes },
      scroll,
      profile: structured?.profile ?? null,
      dnsPinning: pinArgs.length
        ? `top-level host ${topHost} pinned to ${pinned} via --host-resolver-rules; sub-resource hosts checked per request`
        : 'no pinning needed (IP literal or proxy); sub-resource hosts checked per request',
    });

    const encoder = new TextEncoder();
    const pageKey = finalUrl;
    const resources: ResourceArtifact[] = [
      { uri: `urn:view:${pageKey}`, contentType: 'image/png', body: viewportPng },
      { uri: `urn:fullPage:${pageKey}`, contentType: 'image/png', body: fullPng },
      {
        uri: `urn:dom:${pageKey}`,
        contentType: 'text/html; charset=utf-8',
        body: encoder.encode(dom),
      },
      {
        uri: `urn:mhtml:${pageKey}`,
        contentType: 'multipart/related',
        body: encoder.encode(mhtml),
      },
      {
        uri: `urn:text:${pageKey}`,
        contentType: 'text/plain; charset=utf-8',
        body: encoder.encode(text),
      },
    ];
    if (structured) {
      resources.push({
        uri: `urn:vigil:structured:${pageKey}`,
        contentType: 'application/json',
        body: encoder.encode(JSON.stringify(structured, null, 2)),
      });
    }
    warcClosed = true;
    const [written] = await Promise.all([
      warc.finish({
        exchanges: recorder.exchanges,
        facts: recorder.facts,
        wireHeaders: recorder.wireHeaders,
        resources,
        provenanceUri: `urn:vigil:provenance:${pageKey}`,
        provenance,
        pageExchange,
        date: endedAt,
      }),
      writeFile(out(CAPTURE_FILES.viewport), viewportPng),
      writeFile(out(CAPTURE_FILES.fullPage), fullPng),
      writeFile(out(CAPTURE_FILES.dom), dom),
      writeFile(out(CAPTURE_FILES.mhtml), mhtml),
      writeFile(out(CAPTURE_FILES.text), text),
      writeFile(out(CAPTURE_FILES.provenance), JSON.stringify(provenance, null, 2)),
      structured
        ? writeFile(out(CAPTURE_FILES.structured), JSON.stringify(structured, null, 2))
        : undefined,
      closing,
    ]);

    return {
      warcPath: out(CAPTURE_FILES.warc),
      screenshots: { fullPage: out(CAPTURE_FILES.fullPage), viewport: out(CAPTURE_FILES.viewport) },
      domPath: out(CAPTURE_FILES.dom),
      mhtmlPath: out(CAPTURE_FILES.mhtml),
      textPath: out(CAPTURE_FILES.text),
      text,
      title,
      status: provenance.status,
      structured,
      removed: structured?.removed ?? false,
      provenance,
      pages: [{ url: finalUrl, ts: startedAt.toISOString(), title }],
      media: matchMedia(read.media, recorder.exchanges),
      exchanges: written.exchanges,
    };
  } finally {
    clearTimeout(timer);
    await (closing ?? browser.close().catch(() => undefined));
    await facts.catch(() => undefined);
    // A capture that failed half-way leaves no WARC behind (`finish` cleans up after itself).
    if (warc && !warcClosed) await warc.abort();
  }
}
