/**
 * @module The printable certificate: an A4 page rendered by Chromium (`page.pdf()`) with the
 * recipient, the achievement, the issuer key and a QR code. The QR code carries the whole signed
 * credential (canonical JSON, byte mode, error correction L) when it fits one QR symbol (ISO/IEC
 * 18004 version 40-L holds 2,953 bytes); otherwise a compact reference: the credential id and
 * the SHA-256 of its canonical JSON, to match against the JSON file.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { CHROMIUM_BASE_ARGS } from '../../capture/chromium.js';
import { canonicalize } from '../../core/jcs.js';
import { credentialSha256 } from './certificate-service.js';
import { achievementOf, recipientOf } from './open-badge.js';

export type QrPayloadKind = 'credential' | 'reference';

/** What the QR code holds, and why. */
export function qrPayload(credential: Record<string, unknown>): {
  kind: QrPayloadKind;
  text: string;
} {
  const text = canonicalize(credential);
  // Measured in bytes: JSON with non-ASCII names takes more than one byte per character.
  if (Buffer.byteLength(text, 'utf8') <= 2953) {
    try {
      QRCode.create(text, { errorCorrectionLevel: 'L' });
      return { kind: 'credential', text };
    } catch {
      // Too large for one symbol after all (mode overheads): fall through to the reference.
    }
  }
  return {
    kind: 'reference',
    text: `vigil-certificate:${String(credential.id)};sha256=${credentialSha256(credential)}`,
  };
}

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The certificate page (self-contained HTML: system fonts, inline SVG, no network). */
export async function certificateHtml(
  credential: Record<string, unknown>,
): Promise<{ html: string; qr: QrPayloadKind }> {
  const payload = qrPayload(credential);
  const svg = await QRCode.toString(payload.text, {
    type: 'svg',
    errorCorrectionLevel: 'L',
    margin: 2,
  });
  const achievement = achievementOf(credential);
  const issuer = credential.issuer as { id?: string; name?: string } | string;
  const issuerName = typeof issuer === 'string' ? issuer : (issuer.name ?? issuer.id ?? '');
  const issuerId = typeof issuer === 'string' ? issuer : (issuer.id ?? '');
  const result = (credential.credentialSubject as { result?: { value?: string }[] }).result?.[0]
    ?.value;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Certificate</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; color: #1a1a1a; }
h1 { font-size: 30pt; margin: 0 0 6mm; letter-spacing: 0.02em; }
.name { font-size: 24pt; font-weight: bold; margin: 4mm 0; }
.achievement { font-size: 16pt; margin: 2mm 0 6mm; }
.meta { font-size: 8.5pt; color: #333; word-break: break-all; }
.qr { width: 120mm; margin-top: 6mm; }
.frame { border: 2px solid #2b4a6f; padding: 12mm; }
</style></head><body><div class="frame">
<h1>Certificate of Achievement</h1>
<p>This certifies that</p>
<p class="name">${escape(recipientOf(credential) ?? '')}</p>
<p>has achieved</p>
<p class="achievement">${escape(achievement?.name ?? '')}</p>
${result === undefined ? '' : `<p>Assessment result: ${escape(result)}</p>`}
<p>Issued by ${escape(issuerName)} · valid from ${escape(String(credential.validFrom))}${typeof credential.validUntil === 'string' ? ` until ${escape(credential.validUntil)}` : ''}</p>
<div class="meta">
<p>Credential: ${escape(String(credential.id))}</p>
<p>Issuer key: ${escape(issuerId)}</p>
<p>SHA-256 (RFC 8785 canonical JSON): ${credentialSha256(credential)}</p>
<p>Verify offline: vigil cert verify &lt;credential.json&gt; — an Open Badges 3.0 credential with an eddsa-rdfc-2022 proof. The QR code holds ${payload.kind === 'credential' ? 'the complete signed credential' : 'the credential id and its SHA-256'}.</p>
</div>
<div class="qr">${svg}</div>
</div></body></html>`;
  return { html, qr: payload.kind };
}

/**
 * Renders the PDF with headless Chromium (fresh profile, Vigil's hardened arguments, every
 * request refused: the page is self-contained).
 */
export async function renderCertificatePdf(
  credential: Record<string, unknown>,
  options: { out: string; chromiumPath: string },
): Promise<{ path: string; qr: QrPayloadKind; bytes: number }> {
  const { html, qr } = await certificateHtml(credential);
  const { chromium } = await import('playwright-core');
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'vigil-cert-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath,
    headless: true,
    args: [...CHROMIUM_BASE_ARGS],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await fs.writeFile(options.out, pdf);
    return { path: options.out, qr, bytes: pdf.length };
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  }
}
