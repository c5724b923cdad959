/**
 * @module `captureUrl`: one URL → one WARC/1.1 file with every exchange the browser made, plus
 * screenshots, DOM, MHTML, visible text, media list, structured profile data and the provenance
 * record, all from one browser session. Pure capture: storing and packaging belong to callers.
 */
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { systemClock } from '../core/clock.js';
import { refused, unavailable } from '../core/errors.js';
import {
  matchMedia,
  redirectChain,
  writeCaptureWarc,
  factsFor,
  type ResourceArtifact,
} from './capture-assembly.js';
import {
  DEFAULT_LIMITS,
  type CaptureLimits,
  type CaptureOptions,
  type CaptureProvenance,
  type CaptureResult,
  type MediaKind,
  type ScrollStop,
  type TlsCertificateInfo,
} from './capture-types.js';
import { CAPTURE_EXTRA_ARGS, CHROMIUM_BASE_ARGS } from './chromium.js';
import { hostInfo, probeClockSource, readVigilVersion, timeZoneInfo } from './environment.js';
import { ExchangeRecorder } from './exchange-recorder.js';
import { checkUrl, hostOf, parseAllowHosts, type HostResolver } from './network-policy.js';
import {
  extractScript,
  LIST_MEDIA_SCRIPT,
  READ_PAGE_SCRIPT,
  SCROLL_STEP_SCRIPT,
  SCROLL_TOP_SCRIPT,
} from './page-scripts.js';
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

const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Geometry {
  scrollY: number;
  innerHeight: number;
  scrollHeight: number;
}

interface FrameNode {
  frame: { id: string; url: string };
  childFrames?: FrameNode[];
}

/** Evaluates `expression` in a fresh isolated world of `frameId`, returning its JSON value. */
async function evalIsolated<T>(
  session: CDPSession,
  frameId: string,
  expression: string,
): Promise<T> {
  const { executionContextId } = await session.send('Page.createIsolatedWorld', {
    frameId,
    worldName: 'vigil-capture',
  });
  const r = await session.send('Runtime.evaluate', {
    expression,
    contextId: executionContextId,
    returnByValue: true,
    awaitPromise: true,
  });
  if (r.exceptionDetails) {
    throw new Error(
      `in-page script failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
    );
  }
  return r.result.value as T;
}

const flattenFrames = (node: FrameNode): FrameNode['frame'][] => [
  node.frame,
  ...(node.childFrames ?? []).flatMap(flattenFrames),
];

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
  const resolve = options.resolve ?? systemResolver;
  const uuid = options.uuid ?? randomUUID;
  const limits: CaptureLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const scrollMaxBytes = limits.scrollMaxBytes ?? Math.floor(limits.maxBytes * 0.8);
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const allowHosts = [...(options.allowHosts ?? [])];
  const allow = parseAllowHosts(allowHosts);
  const viaProxy = Boolean(options.proxy);
  const progress = options.onProgress ?? (() => undefined);

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
  const args = [...CHROMIUM_BASE_ARGS, ...CAPTURE_EXTRA_ARGS, ...pinArgs];

  // Profiles load (and validate) before the browser starts: a broken profile fails fast.
  const profiles = options.profiles ?? (await loadBundledProfiles());
  await mkdir(options.outDir, { recursive: true });
  const out = (name: string) => path.join(options.outDir, name);
  const startedAt = clock.now();
  const deadlineAt = Date.now() + limits.maxTimeMs;
  const [vigilVersion, clockInfo] = await Promise.all([
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
    throw unavailable(`Chromium at ${options.chromiumPath} did not start`, {
      cause,
      hint: 'check that the path is a working Chromium (`chromium --version`) or set VIGIL_CHROMIUM',
    });
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const browserSession = await browser.newBrowserCDPSession();
    const version = await browserSession.send('Browser.getVersion');
    const userAgent = options.userAgent ?? version.userAgent.replace('HeadlessChrome/', 'Chrome/');
    const context = await browser.newContext({
      viewport,
      userAgent,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    const recorder = new ExchangeRecorder(session, {
      allow,
      resolve,
      viaProxy,
      maxBytes: limits.maxBytes,
      maxResources: limits.maxResources,
      clock,
    });
    await recorder.start();
    let timedOut = false;
    timer = setTimeout(() => {
      timedOut = true;
      void recorder.finish('time_limit');
    }, limits.maxTimeMs);
    const remaining = () => Math.max(0, deadlineAt - Date.now());
    const waitQuiet = async (maxMs: number) => {
      const until = Date.now() + Math.min(maxMs, remaining());
      while (Date.now() < until) {
        if (recorder.inFlight === 0 && recorder.idleFor(Date.now()) >= 100) return;
        await sleep(50);
      }
    };

    progress({ stage: 'loading', detail: requestedUrl });
    let navigationError: string | null = null;
    try {
      await page.goto(requestedUrl, { waitUntil: 'load', timeout: Math.max(1, remaining()) });
    } catch (error) {
      navigationError = (error as Error).message.split('\n')[0] ?? 'navigation failed';
    }
    await waitQuiet(3000);
    const { frameTree } = (await session.send('Page.getFrameTree')) as unknown as {
      frameTree: FrameNode;
    };
    const mainFrameId = frameTree.frame.id;

    // Lazy loading: scroll a viewport at a time until the bottom, or a budget runs out.
    progress({ stage: 'scrolling', detail: 'auto-scroll for lazy-loaded content' });
    const scrollStart = Date.now();
    let steps = 0;
    let stoppedBy: ScrollStop = 'bottom';
    let geometry = await evalIsolated<Geometry>(session, mainFrameId, READ_PAGE_SCRIPT).catch(
      () => null,
    );
    while (geometry) {
      if (geometry.scrollY + geometry.innerHeight >= geometry.scrollHeight - 2) {
        await waitQuiet(2000);
        const again = await evalIsolated<Geometry>(session, mainFrameId, READ_PAGE_SCRIPT);
        if (again.scrollY + again.innerHeight >= again.scrollHeight - 2) {
          stoppedBy = 'bottom';
          geometry = again;
          break;
        }
      }
      if (timedOut || Date.now() - scrollStart >= Math.min(limits.scrollTimeMs, remaining())) {
        stoppedBy = 'time';
        break;
      }
      if (geometry.scrollY + geometry.innerHeight >= limits.scrollMaxHeight) {
        stoppedBy = 'height';
        break;
      }
      if (recorder.bytes >= scrollMaxBytes) {
        stoppedBy = 'bytes';
        break;
      }
      if (steps >= 1000) {
        stoppedBy = 'steps';
        break;
      }
      geometry = await evalIsolated<Geometry>(session, mainFrameId, SCROLL_STEP_SCRIPT);
      steps++;
      // Give IntersectionObserver callbacks a frame or two to start their requests, then let
      // those requests finish before the next step.
      await sleep(40);
      await waitQuiet(1000);
    }
    if (stoppedBy === 'time') recorder.limitsHit.add('scroll_time');
    if (stoppedBy === 'height') recorder.limitsHit.add('scroll_height');
    if (stoppedBy === 'bytes') recorder.limitsHit.add('scroll_bytes');
    const scrollInfo = {
      stoppedBy,
      steps,
      height: geometry?.scrollHeight ?? 0,
      ms: Date.now() - scrollStart,
    };

    progress({ stage: 'media', detail: 'screenshots, DOM, MHTML, text and media' });
    await evalIsolated(session, mainFrameId, SCROLL_TOP_SCRIPT).catch(() => undefined);
    await waitQuiet(1000);
    const frames = flattenFrames(
      ((await session.send('Page.getFrameTree')) as unknown as { frameTree: FrameNode }).frameTree,
    );
    const found: { kind: MediaKind; url: string; frameUrl: string }[] = [];
    const texts: string[] = [];
    let title = '';
    for (const frame of frames) {
      const media = await evalIsolated<{ kind: MediaKind; url: string }[]>(
        session,
        frame.id,
        LIST_MEDIA_SCRIPT,
      ).catch(() => []);
      found.push(...media.map((m) => ({ ...m, frameUrl: frame.url })));
      const read = await evalIsolated<{ title: string; text: string }>(
        session,
        frame.id,
        READ_PAGE_SCRIPT,
      ).catch(() => null);
      if (frame.id === mainFrameId) {
        title = read?.title ?? '';
        texts.push(read?.text ?? '');
      } else if (read?.text) {
        texts.push(`\n--- frame ${frame.url} ---\n${read.text}`);
      }
    }
    const text = texts.join('\n');
    const viewportPng = await page.screenshot({ type: 'png' });
    const fullPng = await page.screenshot({ type: 'png', fullPage: true });
    const dom = await page.content();
    const { data: mhtml } = await session.send('Page.captureSnapshot', { format: 'mhtml' });
    const finalUrl = page.url();
    const profile = selectProfile(finalUrl, profiles);
    const structured = profile
      ? await evalIsolated<StructuredCapture>(session, mainFrameId, extractScript(profile))
      : null;

    await waitQuiet(500);
    clearTimeout(timer);
    const tls = await readCertificates(session, recorder);
    await recorder.finish(timedOut ? 'time_limit' : 'ended');
    await browser.close();
    const endedAt = clock.now();

    const { chain, final } = redirectChain(requestedUrl, recorder.exchanges, recorder.facts);
    const withResponse = recorder.exchanges.filter((e) => e.status !== undefined);
    const byType: Record<string, number> = {};
    for (const e of withResponse) byType[e.resourceType] = (byType[e.resourceType] ?? 0) + 1;
    const serverIps = [
      ...new Set(
        recorder.exchanges
          .map((e) => factsFor(recorder.facts, e).ip)
          .filter((ip): ip is string => !!ip),
      ),
    ];
    const failed = [...recorder.failed];
    if (navigationError) failed.unshift({ url: requestedUrl, error: navigationError });
    const provenance: CaptureProvenance = {
      schema: 'vigil.capture.provenance/1',
      requestedUrl,
      finalUrl,
      redirectChain: chain,
      status: final?.status ?? null,
      responseHeaders: Object.fromEntries(
        (final?.responseHeaders ?? []).map((h) => [h.name.toLowerCase(), h.value]),
      ),
      serverIps,
      tls: tls.length > 0 ? tls : null,
      tlsNote:
        tls.length > 0
          ? 'certificate chains as presented by the servers (CDP Network.getCertificate), leaf first'
          : 'no TLS: every recorded exchange used plain HTTP, so there is no certificate chain',
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      ...timeZoneInfo(startedAt),
      clock: clockInfo,
      collector: options.collector,
      persona: options.persona ?? null,
      proxy: options.proxy ?? null,
      userAgent,
      viewport,
      browser: { name: 'chromium', version: browser.version(), path: options.chromiumPath, args },
      tool: { name: 'vigil', version: vigilVersion },
      host: hostInfo(),
      legalBasisRef: options.legalBasisRef,
      allowHosts,
      resources: { exchanges: withResponse.length, bytes: recorder.bytes, byType },
      limits: { ...limits, scrollMaxBytes },
      limitsHit: [...recorder.limitsHit],
      scroll: scrollInfo,
      refused: [...recorder.refused],
      policyViolations: [...recorder.violations],
      failed,
      profile: structured?.profile ?? null,
      dnsPinning: pinArgs.length
        ? `top-level host ${topHost} pinned to ${pinned} via --host-resolver-rules; sub-resource hosts checked per request`
        : 'no pinning needed (IP literal or proxy); sub-resource hosts checked per request',
    };

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
    await Promise.all([
      writeFile(out(CAPTURE_FILES.viewport), viewportPng),
      writeFile(out(CAPTURE_FILES.fullPage), fullPng),
      writeFile(out(CAPTURE_FILES.dom), dom),
      writeFile(out(CAPTURE_FILES.mhtml), mhtml),
      writeFile(out(CAPTURE_FILES.text), text),
      writeFile(out(CAPTURE_FILES.provenance), JSON.stringify(provenance, null, 2)),
      structured
        ? writeFile(out(CAPTURE_FILES.structured), JSON.stringify(structured, null, 2))
        : undefined,
    ]);
    const written = await writeCaptureWarc({
      path: out(CAPTURE_FILES.warc),
      filename: CAPTURE_FILES.warc,
      exchanges: recorder.exchanges,
      facts: recorder.facts,
      wireHeaders: recorder.wireHeaders,
      resources,
      provenanceUri: `urn:vigil:provenance:${pageKey}`,
      provenance,
      pageExchange: final,
      software: `Vigil ${vigilVersion} (Chromium ${browser.version()}, warcio.js)`,
      date: endedAt,
      uuid,
    });

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
      media: matchMedia(found, recorder.exchanges),
      exchanges: written.exchanges,
    };
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
  }
}

/** TLS details and certificate chains for every https origin that answered (CDP Network). */
async function readCertificates(
  session: CDPSession,
  recorder: ExchangeRecorder,
): Promise<TlsCertificateInfo[]> {
  const out: TlsCertificateInfo[] = [];
  const seen = new Set<string>();
  for (const ex of recorder.exchanges) {
    const facts = factsFor(recorder.facts, ex);
    if (!facts.security) continue;
    const origin = new URL(ex.url).origin;
    if (seen.has(origin)) continue;
    seen.add(origin);
    const chain = await session
      .send('Network.getCertificate', { origin })
      .then((r) => r.tableNames)
      .catch(() => []);
    const s = facts.security;
    out.push({
      origin,
      protocol: s.protocol,
      cipher: s.cipher,
      subjectName: s.subjectName,
      issuer: s.issuer,
      validFrom: s.validFrom !== undefined ? new Date(s.validFrom * 1000).toISOString() : undefined,
      validTo: s.validTo !== undefined ? new Date(s.validTo * 1000).toISOString() : undefined,
      sanList: s.sanList,
      chainDer: chain,
    });
  }
  return out;
}
