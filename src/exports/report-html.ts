/**
 * @module The court report as HTML (pure): cover, method statement (Berkeley Protocol ¶156),
 * exhibit list, one section per exhibit (screenshot, structured data, verification, grading,
 * reviewed labels, assertions flagged fact or assessment, chain of custody) and how to verify.
 * Every string that came from captured content or a person is HTML-escaped; images are data
 * URIs; the page has a CSP that forbids scripts, so nothing in it can run.
 */
import { VIGIL_VERSION } from '../core/version.js';
import type { Dossier, DossierItem } from './dossier.js';
import { categoriesOf } from './dossier.js';
import { CREDIBILITY_MEANING, RELIABILITY_MEANING } from './export-types.js';

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A screenshot as it goes into the report: bytes, and whether it is a redacted working copy. */
export interface ReportImage {
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  /** Set when this is a redacted working copy (R5): the reason and the original's SHA-256. */
  readonly workingCopy: { readonly reason: string; readonly derivedFrom: string } | null;
}

export interface ReportInput {
  readonly dossier: Dossier;
  readonly recipient: string;
  readonly images: ReadonlyMap<string, ReportImage>;
  readonly publicKeyPem: string;
}

const e = escapeHtml;

/** UTC, and local time in the capture's zone (SWGDE 21-F-001 §7.5). */
function localTime(
  iso: string,
  offsetMinutes: number | undefined,
  zone: string | undefined,
): string {
  if (offsetMinutes === undefined) return '';
  const local = new Date(new Date(iso).getTime() + offsetMinutes * 60_000)
    .toISOString()
    .replace('Z', '');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.slice(0, 19)}${sign}${hh}:${mm}${zone ? ` (${zone})` : ''}`;
}

interface Provenance {
  startedAt?: string;
  timeZone?: string;
  utcOffsetMinutes?: number;
  clock?: { source?: string; ntpSynchronized?: boolean | string; detail?: string };
  browser?: { name?: string; version?: string; args?: string[] };
  tool?: { version?: string };
  host?: { platform?: string };
  persona?: string | null;
  userAgent?: string;
  finalUrl?: string;
  serverIps?: string[];
}

const provenanceOf = (entry: DossierItem): Provenance =>
  (entry.item.metadata.provenance as Provenance | undefined) ?? {};

function sealStatus(entry: DossierItem): string {
  const sealed = [...entry.custody].reverse().find((ev) => ev.action === 'sealed');
  if (!sealed) return 'not packaged';
  const timestamped = sealed.data.timestamped === true;
  return `signed (Ed25519); ${timestamped ? 'RFC 3161 timestamped' : 'NOT timestamped'}`;
}

const row = (key: string, value: string | number | null | undefined) =>
  value === null || value === undefined || value === ''
    ? ''
    : `<tr><th>${e(key)}</th><td>${e(value)}</td></tr>`;

function exhibitSection(input: ReportInput, entry: DossierItem, n: number): string {
  const { item } = entry;
  const p = provenanceOf(entry);
  const image = input.images.get(item.id);
  const pkg = entry.artifacts.find((a) => a.role === 'package');
  const parts = [
    `<section class="exhibit"><h2>Exhibit E${n}: ${e(item.id)} — ${e(item.name)}</h2>`,
  ];
  if (item.erasedAt)
    parts.push(
      `<p class="note">The content of this item was erased on ${e(item.erasedAt)} (retention); its hashes remain.</p>`,
    );
  parts.push(
    '<table class="kv">',
    row('Source URL', item.sourceUrl),
    row('Final URL', p.finalUrl),
    row('Captured (UTC)', p.startedAt ?? item.collectedAt),
    row(
      'Captured (local)',
      localTime(p.startedAt ?? item.collectedAt, p.utcOffsetMinutes, p.timeZone),
    ),
    row('Collected by', item.collectedBy),
    row('Reason', item.reason),
    row('Legal basis', item.legalBasisId),
    row('SHA-256 (item)', item.sha256),
    row('SHA-256 (package)', pkg?.sha256),
    row('Signature and timestamp', sealStatus(entry)),
    row(
      'Provenance label (R20)',
      entry.provenance
        ? `${entry.provenance.label}${entry.provenance.derived ? ' (derived from the capture)' : ''}${entry.provenance.authorisationRef ? `; authorisation ${entry.provenance.authorisationRef}` : ''}`
        : null,
    ),
    '</table>',
  );
  if (image) {
    const note = image.workingCopy
      ? `<p class="note">Redacted working copy (R5): ${e(image.workingCopy.reason)}. SHA-256 of the working copy ${e(image.sha256)}, derived from the evidentiary screenshot ${e(image.workingCopy.derivedFrom)}, which is unchanged.</p>`
      : `<p class="note">Screenshot SHA-256 ${e(image.sha256)}.</p>`;
    parts.push(
      `<figure><img alt="screenshot of ${e(item.id)}" src="data:${e(image.mediaType)};base64,${image.bytes.toString('base64')}">${note}</figure>`,
    );
  }
  if (entry.post && Object.keys(entry.post).length > 0) {
    parts.push('<h3>Structured data</h3><table class="kv">');
    for (const [key, value] of Object.entries(entry.post)) parts.push(row(key, value));
    parts.push('</table>');
  }
  parts.push('<h3>Verification (R19)</h3>');
  if (entry.verification) {
    const v = entry.verification;
    parts.push(
      '<table class="kv">',
      row('Source analysis', v.source),
      row('Content analysis', v.content),
      row('Technical analysis', v.technical),
      row('Confidence', v.confidence),
      row('Recorded', `${v.recordedAt} by ${v.recordedBy}`),
      '</table>',
    );
  }
  if (entry.grade)
    parts.push(
      `<p>Admiralty grading: <b>${e(entry.grade.reliability)}${e(entry.grade.credibility)}</b> — source ${e(RELIABILITY_MEANING[entry.grade.reliability])}, information ${e(CREDIBILITY_MEANING[entry.grade.credibility])} (graded by ${e(entry.grade.gradedBy)}: ${e(entry.grade.reason)}).</p>`,
    );
  const categories = categoriesOf(entry);
  parts.push(
    `<h3>Classification (reviewed labels only, R14)</h3><p>${categories.length > 0 ? categories.map((c) => e(c)).join(', ') : 'no reviewed label'}</p>`,
  );
  if (entry.labels.length > 0) {
    parts.push('<ul>');
    for (const l of entry.labels)
      parts.push(
        `<li>${e(l.category ?? l.list ?? l.rule)} — ${e(l.source)} ${e(l.rule)}, accepted by ${e(l.reviewedBy)} on ${e(l.reviewedAt)}${l.reviewReason ? `: ${e(l.reviewReason)}` : ''}</li>`,
      );
    parts.push('</ul>');
  }
  if (entry.assertions.length > 0) {
    parts.push('<h3>Findings</h3><ul>');
    for (const a of entry.assertions)
      parts.push(
        `<li><b>[${e(a.kind === 'fact' ? 'FACT' : 'ASSESSMENT')}]</b> ${e(a.text)} <i>(${e(a.author)}, ${e(a.createdAt)})</i></li>`,
      );
    parts.push('</ul>');
  }
  parts.push(
    '<h3>Chain of custody</h3><table class="grid"><tr><th>#</th><th>Time (UTC)</th><th>Action</th><th>By</th><th>Why</th><th>Event hash</th></tr>',
  );
  for (const ev of entry.custody)
    parts.push(
      `<tr><td>${ev.seq}</td><td>${e(ev.time)}</td><td>${e(ev.action)}</td><td>${e(ev.actor)}</td><td>${e(ev.reason ?? '')}</td><td class="hash">${e(ev.hash.slice(0, 16))}…</td></tr>`,
    );
  parts.push('</table></section>');
  return parts.join('\n');
}

/** The whole report as one self-contained HTML document. */
export function renderReportHtml(input: ReportInput): string {
  const d = input.dossier;
  const basis =
    d.case.legalBases.find((b) => b.id === d.case.activeBasisId) ?? d.case.legalBases[0];
  const captures = d.items.filter((x) => x.item.kind === 'capture');
  const browsers = [
    ...new Set(captures.map((x) => provenanceOf(x).browser?.version).filter(Boolean)),
  ];
  const clocks = [
    ...new Set(
      captures
        .map((x) => provenanceOf(x).clock)
        .filter(Boolean)
        .map(
          (c) =>
            `${c!.source ?? '?'} (NTP synchronised: ${String(c!.ntpSynchronized ?? 'unknown')})`,
        ),
    ),
  ];
  const personas = [...new Set(captures.map((x) => provenanceOf(x).persona ?? 'none'))];
  const platforms = [
    ...new Set(captures.map((x) => provenanceOf(x).host?.platform).filter(Boolean)),
  ];
  const anyWorkingCopy = [...input.images.values()].some((i) => i.workingCopy);
  const exhibits = d.items
    .map(
      (x, i) =>
        `<tr><td>E${i + 1}</td><td>${e(x.item.id)}</td><td class="url">${e(x.item.sourceUrl ?? x.item.name)}</td><td>${e(x.item.collectedAt)}</td><td class="hash">${e(x.item.sha256)}</td><td>${e(sealStatus(x))}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${e(d.case.id)} evidence report</title>
<style>
body { font-family: 'DejaVu Sans', 'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Arabic', sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; border-bottom: 1px solid #444; page-break-after: avoid; }
h3 { font-size: 11pt; margin-bottom: 2pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { text-align: start; vertical-align: top; padding: 2pt 4pt; border: 1px solid #bbb; unicode-bidi: plaintext; }
table.kv th { width: 28%; background: #f2f2f2; }
.hash, .url { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; word-break: break-all; }
.note { font-size: 9pt; color: #333; }
.exhibit { page-break-before: always; }
figure { margin: 4pt 0; } img { max-width: 100%; max-height: 150mm; border: 1px solid #999; }
.cover { page-break-after: always; }
</style></head><body>
<section class="cover">
<h1>Evidence report — case ${e(d.case.id)}</h1>
<table class="kv">
${row('Case', d.case.title)}
${row('Legal basis', basis ? `${basis.authority}, ${basis.reference}` : 'none recorded')}
${row('Purpose', basis?.purpose)}
${row('Valid', basis ? `${basis.validFrom} – ${basis.validUntil}` : null)}
${row('Author', d.generatedBy)}
${row('Date (UTC)', d.generatedAt)}
${row('Recipient', input.recipient)}
${row('Exhibits', String(d.items.length))}
</table>
${anyWorkingCopy ? '<p class="note">This report shows redacted working copies where marked; the evidentiary copies are unchanged and available on lawful request.</p>' : ''}
</section>
<section>
<h2>Method statement</h2>
<p>Material was collected with Vigil ${e(VIGIL_VERSION)}. Web pages were captured by a real browser (${e(browsers.length ? `Chromium ${browsers.join(', ')}` : 'no browser capture in this report')}) driven over the Chrome DevTools Protocol, recording every HTTP exchange into a WARC/1.1 archive with full-page and viewport screenshots, the DOM, an MHTML snapshot and the visible text. Files were ingested by streaming them into a content-addressed store. Each artifact's SHA-256 is computed at collection, re-verified on every read, and recorded in a hash-chained, signed custody ledger. Captures are sealed in a WACZ package signed with the installation's Ed25519 key and, where available, an RFC 3161 timestamp.</p>
<table class="kv">
${row('Tool', `Vigil ${VIGIL_VERSION}`)}
${row('Browser', browsers.join(', ') || null)}
${row('Environment', platforms.join(', ') || null)}
${row('Time source', clocks.join('; ') || null)}
${row('Persona policy', `passive collection; personas used: ${personas.join(', ') || 'none'}`)}
</table>
<p class="note">Assertions in this report are marked FACT (established from the material) or ASSESSMENT (the analyst's judgement), as LED Art. 7 requires. Classification labels appear only when a person reviewed and accepted them.</p>
<h2>Exhibit list</h2>
<table class="grid"><tr><th>Exhibit</th><th>Item</th><th>URL / name</th><th>Collected (UTC)</th><th>SHA-256</th><th>Seal</th></tr>
${exhibits}
</table>
</section>
${d.items.map((x, i) => exhibitSection(input, x, i + 1)).join('\n')}
<section class="exhibit">
<h2>How to verify</h2>
<p>Each capture's package verifies offline, without Vigil's server:</p>
<pre>vigil verify ITEM.wacz --tsa-cert tsa-chain.pem
openssl ts -verify -in 1.tsr -data datapackage.json -CAfile tsa-chain.pem</pre>
<p>Compare each file's SHA-256 (<code>sha256sum FILE</code>) with the exhibit list. The packages and the custody ledger are signed with the installation key:</p>
<table class="kv">${row('Key fingerprint', d.keyId)}</table>
<pre class="hash">${e(input.publicKeyPem)}</pre>
<p class="note">The SHA-256 of this PDF is recorded in the custody ledger as a disclosure to ${e(input.recipient)}.</p>
</section>
</body></html>
`;
}
