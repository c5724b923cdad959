/**
 * @module The capture engine's public types: options in, `CaptureResult` out, and the
 * provenance record (R3; Berkeley Protocol ¶155(g); SWGDE 21-F-001 §7.5).
 */
import type { Clock } from '../core/clock.js';
import type { HostResolver, PolicyRefusal } from './network-policy.js';
import type { SiteProfile, StructuredCapture } from './site-profile.js';

/** Progress stages; the capture emits the first three, the packager the last two. */
export const CAPTURE_STAGES = [
  'loading',
  'scrolling',
  'media',
  'packaging',
  'timestamping',
] as const;
export type CaptureStage = (typeof CAPTURE_STAGES)[number];

export interface CaptureProgress {
  stage: CaptureStage;
  detail: string;
}

/**
 * Why the lazy-loading auto-scroll stopped: at the bottom, at a budget, or `unscrollable` (the
 * window could not be scrolled any further although the bottom was not reached: the page scrolls
 * inside an element, forbids scrolling, or went away).
 */
export const SCROLL_STOPS = ['bottom', 'time', 'height', 'bytes', 'steps', 'unscrollable'] as const;
export type ScrollStop = (typeof SCROLL_STOPS)[number];

/** Which capture limit cut something. */
export const LIMITS = [
  'bytes',
  'resources',
  'time',
  'scroll_time',
  'scroll_height',
  'scroll_bytes',
] as const;
export type LimitHit = (typeof LIMITS)[number];

export interface CaptureLimits {
  /** Total payload bytes recorded across all exchanges (default 200 MiB). */
  maxBytes: number;
  /** Number of HTTP exchanges (default 2,000). */
  maxResources: number;
  /** Whole capture, launch to WARC close (default 120 s). */
  maxTimeMs: number;
  /** Auto-scroll budget: time (default 10 s) … */
  scrollTimeMs: number;
  /** … document height in CSS pixels (default 30,000) … */
  scrollMaxHeight: number;
  /** … and recorded bytes (default = maxBytes × 0.8), after which scrolling stops. */
  scrollMaxBytes?: number;
}

export const DEFAULT_LIMITS: CaptureLimits = {
  maxBytes: 200 * 1024 * 1024,
  maxResources: 2000,
  maxTimeMs: 120_000,
  scrollTimeMs: 10_000,
  scrollMaxHeight: 30_000,
};

export interface Viewport {
  width: number;
  height: number;
}

export interface CaptureOptions {
  /** Directory the capture writes into (created if missing); file names are fixed. */
  outDir: string;
  /** Chromium binary; use `findChromium()` to pick one. */
  chromiumPath: string;
  /** The acting user (Berkeley ¶155(g): the collector's name). */
  collector: string;
  /** The legal-basis reference of the case the capture belongs to. */
  legalBasisRef: string;
  /** Virtual identity in use (Berkeley ¶155(g)); `null` when none. */
  persona?: string | null;
  /** Egress proxy, e.g. `socks5://10.0.0.1:1080`; recorded in the provenance. */
  proxy?: string | null;
  /** Hosts (`host` or `host:port`) exempt from the private/loopback address rules. */
  allowHosts?: readonly string[];
  /**
   * Base64 SHA-256 hashes of SubjectPublicKeyInfos whose certificates Chromium accepts despite
   * certificate errors (Chromium's `--ignore-certificate-errors-spki-list`): an agency's internal
   * CA, a test server. Only errors for chains containing one of these keys are ignored, and the
   * provenance records the list (`tlsErrorsIgnoredForSpki`).
   */
  trustedSpki?: readonly string[];
  viewport?: Viewport;
  userAgent?: string;
  limits?: Partial<CaptureLimits>;
  /** Site profiles to choose from (default: the bundled ones). */
  profiles?: readonly SiteProfile[];
  onProgress?: (progress: CaptureProgress) => void;
  /** Injected for tests: clock, DNS, ids, and the environment probes. */
  clock?: Clock;
  resolve?: HostResolver;
  uuid?: () => string;
  vigilVersion?: string;
  clockSource?: () => Promise<ClockSource>;
}

/** How the capturing machine knows the time (SWGDE §7.5). */
export interface ClockSource {
  source: string;
  ntpSynchronized: boolean | 'unknown';
  detail: string;
}

/** One certificate of a server's chain, decoded (RFC 5280 §4.1). */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** notBefore / notAfter, ISO 8601 UTC. */
  validFrom: string;
  validTo: string;
  /** SHA-256 over the DER, colon-separated upper-case hex as `openssl x509 -fingerprint -sha256` prints it. */
  sha256Fingerprint: string;
  /** Base64 SHA-256 of the SubjectPublicKeyInfo (the pin Chromium's SPKI lists use). */
  spkiSha256: string;
  isCa: boolean;
}

export interface TlsCertificateInfo {
  origin: string;
  protocol?: string;
  cipher?: string;
  keyExchange?: string;
  keyExchangeGroup?: string;
  subjectName?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
  sanList?: string[];
  /** The chain as sent by the server, leaf first, base64 DER (CDP Network.getCertificate). */
  chainDer: string[];
  /** `chainDer` decoded, same order; empty entries are never invented for undecodable DER. */
  certificates: CertificateSummary[];
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string | null;
  ip: string | null;
}

/** The provenance record: everything a court expert asks about how the capture was made. */
export interface CaptureProvenance {
  schema: 'vigil.capture.provenance/1';
  requestedUrl: string;
  finalUrl: string;
  redirectChain: RedirectHop[];
  status: number | null;
  responseHeaders: Record<string, string>;
  serverIps: string[];
  tls: TlsCertificateInfo[] | null;
  tlsNote: string;
  /** `trustedSpki` of the capture: certificate errors were ignored for chains with these keys. */
  tlsErrorsIgnoredForSpki: string[];
  startedAt: string;
  endedAt: string;
  timeZone: string;
  utcOffsetMinutes: number;
  clock: ClockSource;
  collector: string;
  persona: string | null;
  proxy: string | null;
  userAgent: string;
  viewport: Viewport;
  browser: { name: 'chromium'; version: string; path: string; args: string[] };
  tool: { name: 'vigil'; version: string };
  host: { hostname: string; platform: string; addresses: string[] };
  legalBasisRef: string;
  allowHosts: string[];
  resources: { exchanges: number; bytes: number; byType: Record<string, number> };
  limits: CaptureLimits;
  limitsHit: LimitHit[];
  scroll: { stoppedBy: ScrollStop; steps: number; height: number; ms: number };
  refused: PolicyRefusal[];
  /** Responses that came from a forbidden address despite the check (DNS rebinding). */
  policyViolations: { url: string; address: string; class: string }[];
  failed: { url: string; error: string }[];
  profile: { id: string; version: number } | null;
  dnsPinning: string;
}

export const MEDIA_KINDS = ['image', 'video', 'audio', 'poster'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface CapturedMedia {
  kind: MediaKind;
  url: string;
  /** Whether a response for this URL is in the WARC, and its status. */
  inWarc: boolean;
  status: number | null;
  bytes: number | null;
  frameUrl: string;
}

export interface CaptureResult {
  warcPath: string;
  screenshots: { fullPage: string; viewport: string };
  domPath: string;
  mhtmlPath: string;
  textPath: string;
  /** The visible text (also in `textPath`), kept for recapture comparison. */
  text: string;
  title: string;
  status: number | null;
  structured: StructuredCapture | null;
  /** True when the page matched its profile's "removed" marker. */
  removed: boolean;
  provenance: CaptureProvenance;
  pages: { url: string; ts: string; title: string }[];
  media: CapturedMedia[];
  exchanges: number;
}
