/**
 * @module The court report: pre-flight (R19 verification record, R10 Admiralty grade and every
 * assertion flagged fact or assessment), the HTML rendered to PDF by real Chromium (which shapes
 * Arabic and Urdu with the system Noto/DejaVu fonts), and one `disclosure` with the PDF's
 * SHA-256 and recipient (R7, R22).
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_BASE_ARGS } from '../capture/chromium.js';
import { invalidInput, refused } from '../core/errors.js';
import type { Dossier } from './dossier.js';
import type { ExportResult, ExportService, Sink } from './export-service.js';
import { RECIPIENT_HINT } from './export-service.js';
import { renderReportHtml } from './report-html.js';
import type { ReportImage } from './report-html.js';

export interface ReportDeps {
  readonly exports: ExportService;
  readonly chromium: () => Promise<string>;
  readonly publicKeyPem: string;
}

/** What is missing before an item may go into a report. */
export interface PreflightProblem {
  readonly itemId: string;
  readonly missing: string;
  readonly fix: string;
}

/** R19 and R10 pre-flight over a dossier. Pure. */
export function reportPreflight(d: Dossier): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const { item, verification, grade, assertions } of d.items) {
    if (!verification)
      problems.push({
        itemId: item.id,
        missing: 'a verification record (source, content, technical, confidence)',
        fix: `vigil item verify-record ${item.id} --source … --content … --technical … --confidence high|medium|low`,
      });
    if (!grade)
      problems.push({
        itemId: item.id,
        missing: 'an Admiralty grading of source reliability and information credibility',
        fix: `vigil item grade ${item.id} --reliability A-F --credibility 1-6 --reason …`,
      });
    for (const a of assertions.filter((x) => x.kind === null))
      problems.push({
        itemId: item.id,
        missing: `assertion ${a.id} is not flagged as fact or assessment`,
        fix: `vigil item assert ${item.id} --id ${a.id} --kind fact|assessment`,
      });
  }
  return problems;
}

/** Renders HTML to an A4 PDF in a fresh headless Chromium (COMMON.md arguments), offline. */
export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'vigil-report-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_BASE_ARGS],
    offline: true,
    javaScriptEnabled: false,
  });
  try {
    const page = await context.newPage();
    // Nothing may load from anywhere: the document is self-contained (data: images only).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:7pt;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  } finally {
    await context.close();
    await fsp.rm(profile, { recursive: true, force: true });
  }
}

export class ReportService {
  readonly #deps: ReportDeps;

  constructor(deps: ReportDeps) {
    this.#deps = deps;
  }

  /**
   * The pre-flight alone (R19, R10): what is missing before these items may go into a report, so
   * a screen can say so before asking for the PDF. Discloses nothing and writes nothing.
   */
  async readiness(
    actor: string,
    caseId: string,
    itemIds?: readonly string[],
  ): Promise<{ ready: boolean; items: number; problems: PreflightProblem[] }> {
    const d = await this.#deps.exports.dossier(actor, caseId, itemIds);
    const problems = reportPreflight(d);
    return { ready: d.items.length > 0 && problems.length === 0, items: d.items.length, problems };
  }

  /**
   * Builds the report of a case (or chosen items), refusing with the list of what is missing
   * when the pre-flight fails. `workingCopies` uses the latest redacted screenshot where one exists.
   */
  async report(
    actor: string,
    request: {
      caseId: string;
      itemIds?: readonly string[] | undefined;
      recipient: string | undefined;
      reason?: string | undefined;
      workingCopies?: boolean | undefined;
    },
    sink: Sink,
  ): Promise<ExportResult & { workingCopies: string[] }> {
    const recipient = request.recipient?.trim();
    if (!recipient) throw invalidInput('--recipient is required', { hint: RECIPIENT_HINT });
    const exports = this.#deps.exports;
    const d = await exports.dossier(actor, request.caseId, request.itemIds);
    if (d.items.length === 0) throw invalidInput(`case ${d.case.id} has no items to report`);
    const problems = reportPreflight(d);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${p.itemId}: missing ${p.missing}\n    → ${p.fix}`);
      throw refused(
        `the report pre-flight failed: ${problems.length} problem(s) must be fixed before these items go into a report (R19, R10):\n${lines.join('\n')}`,
        { hint: 'fix each item as shown, or leave items out with --items', details: { problems } },
      );
    }
    const images = new Map<string, ReportImage>();
    const used: string[] = [];
    for (const entry of d.items) {
      if (entry.item.erasedAt) continue;
      const redaction = request.workingCopies
        ? [...entry.redactions].reverse().find((r) => r.rects.length > 0)
        : undefined;
      const source =
        redaction?.derivedSha256 ??
        (
          entry.artifacts.find((a) => a.role === 'screenshot-full') ??
          entry.artifacts.find(
            (a) => a.role === 'original' && /^image\/(png|jpeg|gif|webp)$/.test(a.mediaType),
          )
        )?.sha256;
      if (!source) continue;
      const artifact = entry.artifacts.find((a) => a.sha256 === source);
      images.set(entry.item.id, {
        sha256: source,
        mediaType: artifact?.mediaType ?? 'image/png',
        bytes: await exports.readVerified(actor, entry.item, source),
        workingCopy: redaction
          ? { reason: redaction.reason, derivedFrom: redaction.sourceSha256 }
          : null,
      });
      if (redaction) used.push(redaction.derivedSha256);
    }
    const html = renderReportHtml({
      dossier: d,
      recipient,
      images,
      publicKeyPem: this.#deps.publicKeyPem,
    });
    const pdf = await htmlToPdf(html, await this.#deps.chromium());
    const result = await exports.disclose(actor, {
      caseId: d.case.id,
      format: 'report',
      bytes: pdf,
      mediaType: 'application/pdf',
      recipient,
      reason: request.reason,
      items: d.items.map((x) => x.item.id),
      sink,
      data: { workingCopies: used },
    });
    return { ...result, workingCopies: used };
  }
}
