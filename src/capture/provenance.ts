/**
 * @module The capture's provenance record (R3; Berkeley Protocol ¶155(g); SWGDE 21-F-001 §7.5):
 * the TLS certificate chains the servers presented, decoded for a reader, and the record itself
 * assembled from what the recorder and the browser reported.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { CDPSession } from 'playwright-core';
import { factsFor, redirectChain } from './capture-assembly.js';
import type {
  CaptureLimits,
  CaptureProvenance,
  CertificateSummary,
  ClockSource,
  TlsCertificateInfo,
  Viewport,
} from './capture-types.js';
import { hostInfo, timeZoneInfo } from './environment.js';
import type { Exchange, ExchangeRecorder } from './exchange-recorder.js';
import type { ScrollOutcome } from './page-session.js';

const iso = (date: string) => new Date(date).toISOString();

/**
 * Decodes one DER certificate (RFC 5280 §4.1) for the provenance: subject, issuer, serial,
 * validity, the SHA-256 fingerprint an expert compares with `openssl x509 -fingerprint -sha256`,
 * and the SPKI hash. Returns `null` for bytes that are not a certificate.
 */
export function summarizeCertificate(derBase64: string): CertificateSummary | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(derBase64, 'base64'));
  } catch {
    return null;
  }
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    validFrom: iso(cert.validFrom),
    validTo: iso(cert.validTo),
    sha256Fingerprint: cert.fingerprint256,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    isCa: cert.ca,
  };
}

/**
 * TLS details and certificate chains for every https origin that answered: protocol, cipher and
 * key exchange from the response's `securityDetails`, the chain from CDP Network.getCertificate
 * (leaf first, as the server sent it). All origins are asked at once.
 */
export async function readCertificates(
  session: CDPSession,
  recorder: Pick<ExchangeRecorder, 'exchanges' | 'facts'>,
): Promise<TlsCertificateInfo[]> {
  const firstByOrigin = new Map<string, Exchange>();
  for (const ex of recorder.exchanges) {
    if (!factsFor(recorder.facts, ex).security) continue;
    const origin = new URL(ex.url).origin;
    if (!firstByOrigin.has(origin)) firstByOrigin.set(origin, ex);
  }
  return Promise.all(
    [...firstByOrigin].map(async ([origin, ex]) => {
      const chainDer = await session
        .send('Network.getCertificate', { origin })
        .then((r) => r.tableNames)
        .catch(() => [] as string[]);
      const s = factsFor(recorder.facts, ex).security!;
      const info: TlsCertificateInfo = {
        origin,
        protocol: s.protocol,
        cipher: s.cipher,
        keyExchange: s.keyExchange || undefined,
        keyExchangeGroup: s.keyExchangeGroup,
        subjectName: s.subjectName,
        issuer: s.issuer,
        validFrom:
          s.validFrom !== undefined ? new Date(s.validFrom * 1000).toISOString() : undefined,
        validTo: s.validTo !== undefined ? new Date(s.validTo * 1000).toISOString() : undefined,
        sanList: s.sanList,
        chainDer,
        certificates: chainDer
          .map(summarizeCertificate)
          .filter((c): c is CertificateSummary => c !== null),
      };
      return info;
    }),
  );
}

/** Everything `buildProvenance` needs that is not in the recorder. */
export interface ProvenanceInput {
  requestedUrl: string;
  finalUrl: string;
  navigationError: string | null;
  tls: TlsCertificateInfo[];
  trustedSpki: readonly string[];
  startedAt: Date;
  endedAt: Date;
  clock: ClockSource;
  collector: string;
  persona: string | null;
  proxy: string | null;
  userAgent: string;
  viewport: Viewport;
  browser: CaptureProvenance['browser'];
  vigilVersion: string;
  legalBasisRef: string;
  allowHosts: string[];
  limits: CaptureLimits & { scrollMaxBytes: number };
  scroll: ScrollOutcome;
  profile: { id: string; version: number } | null;
  dnsPinning: string;
}

/** Assembles the provenance record from the recorder's observations and the capture's facts. */
export function buildProvenance(
  recorder: Pick<
    ExchangeRecorder,
    'exchanges' | 'facts' | 'bytes' | 'limitsHit' | 'refused' | 'violations' | 'failed'
  >,
  input: ProvenanceInput,
): { provenance: CaptureProvenance; pageExchange: Exchange | null } {
  const { chain, final } = redirectChain(input.requestedUrl, recorder.exchanges, recorder.facts);
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
  if (input.navigationError)
    failed.unshift({ url: input.requestedUrl, error: input.navigationError });
  const ignored = [...input.trustedSpki];
  const tlsNote =
    input.tls.length > 0
      ? 'certificate chains as presented by the servers (CDP Network.getCertificate), leaf first' +
        (ignored.length > 0
          ? `; certificate errors were ignored for chains containing the SPKI hashes in tlsErrorsIgnoredForSpki`
          : '')
      : 'no TLS: every recorded exchange used plain HTTP, so there is no certificate chain';
  const provenance: CaptureProvenance = {
    schema: 'vigil.capture.provenance/1',
    requestedUrl: input.requestedUrl,
    finalUrl: input.finalUrl,
    redirectChain: chain,
    status: final?.status ?? null,
    responseHeaders: Object.fromEntries(
      (final?.responseHeaders ?? []).map((h) => [h.name.toLowerCase(), h.value]),
    ),
    serverIps,
    tls: input.tls.length > 0 ? input.tls : null,
    tlsNote,
    tlsErrorsIgnoredForSpki: ignored,
    startedAt: input.startedAt.toISOString(),
    endedAt: input.endedAt.toISOString(),
    ...timeZoneInfo(input.startedAt),
    clock: input.clock,
    collector: input.collector,
    persona: input.persona,
    proxy: input.proxy,
    userAgent: input.userAgent,
    viewport: input.viewport,
    browser: input.browser,
    tool: { name: 'vigil', version: input.vigilVersion },
    host: hostInfo(),
    legalBasisRef: input.legalBasisRef,
    allowHosts: input.allowHosts,
    resources: { exchanges: withResponse.length, bytes: recorder.bytes, byType },
    limits: input.limits,
    limitsHit: [...recorder.limitsHit],
    scroll: input.scroll,
    refused: [...recorder.refused],
    policyViolations: [...recorder.violations],
    failed,
    profile: input.profile,
    dnsPinning: input.dnsPinning,
  };
  return { provenance, pageExchange: final };
}
