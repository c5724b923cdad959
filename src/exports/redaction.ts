/**
 * @module Redacted working copies (Berkeley Protocol evidentiary vs working copy; R5, R13):
 * rectangles painted opaque on a screenshot (sharp composite) and character spans of a text
 * replaced by █. The evidentiary copy is never touched: the working copy is a new blob stored as
 * a `derived` artifact with `derivedFrom` = the original's SHA-256, logged as an `alteration`.
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Clock } from '../core/clock.js';
import { invalidInput, notFound } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { BlobStore, MetadataStore } from '../evidence/ports.js';
import type { Artifact } from '../evidence/types.js';
import type { ExportService } from './export-service.js';
import type { ExportsRepository, Redaction } from './export-types.js';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `x,y,w,h` → a rectangle (pixels). */
export function parseRect(text: string): Rect {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isInteger(n) || n < 0) ||
    parts[2] === 0 ||
    parts[3] === 0
  )
    throw invalidInput(`"${text}" is not a rectangle`, {
      hint: 'give x,y,width,height in pixels, e.g. --rect 10,20,200,40',
    });
  const [x, y, width, height] = parts as [number, number, number, number];
  return { x, y, width, height };
}

/** `start-end` → a span of characters (end exclusive). */
export function parseSpan(text: string): Span {
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!match || Number(match[2]) <= Number(match[1]))
    throw invalidInput(`"${text}" is not a span`, {
      hint: 'give start-end character offsets, end after start, e.g. --span 12-30',
    });
  return { start: Number(match[1]), end: Number(match[2]) };
}

/** Paints each rectangle opaque black (clipped to the image); returns PNG bytes. */
export async function maskImage(image: Buffer, rects: readonly Rect[]): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const boxes = rects
    .map((r) => ({
      left: Math.min(r.x, width),
      top: Math.min(r.y, height),
      width: Math.min(r.width, width - Math.min(r.x, width)),
      height: Math.min(r.height, height - Math.min(r.y, height)),
    }))
    .filter((b) => b.width > 0 && b.height > 0);
  if (boxes.length === 0)
    throw invalidInput(`every rectangle lies outside the ${width}×${height} image`);
  const overlays = await Promise.all(
    boxes.map(async (b) => ({
      input: await sharp({
        create: {
          width: b.width,
          height: b.height,
          channels: 4,
          background: { r: 0, g: 0, b: 0, alpha: 1 },
        },
      })
        .png()
        .toBuffer(),
      left: b.left,
      top: b.top,
    })),
  );
  return sharp(image).composite(overlays).png().toBuffer();
}

/**
 * Replaces each span's characters with █, one per UTF-16 code unit, so offsets into the text
 * (triage spans, other redactions) stay valid.
 */
export function maskText(text: string, spans: readonly Span[]): string {
  const chars = text.split('');
  for (const { start, end } of spans) {
    if (end > chars.length)
      throw invalidInput(
        `span ${start}-${end} goes past the end of the ${chars.length}-character text`,
      );
    for (let i = start; i < end; i++) chars[i] = '█';
  }
  return chars.join('');
}

export interface RedactionDeps {
  readonly store: MetadataStore;
  readonly blobs: Pick<BlobStore, 'read' | 'put'>;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly repository: ExportsRepository;
  readonly exports: ExportService;
}

export class RedactionService {
  readonly #deps: RedactionDeps;

  constructor(deps: RedactionDeps) {
    this.#deps = deps;
  }

  /**
   * Makes working copies of an item: with `rects`, of its full-page screenshot (or an image
   * original); with `spans`, of its text. Each is a new `derived` artifact and one `alteration`.
   */
  async redact(
    actor: string,
    itemId: string,
    request: { rects?: readonly Rect[]; spans?: readonly Span[]; reason: string },
  ): Promise<Redaction[]> {
    const item = await this.#deps.exports.item(itemId);
    if (item.erasedAt)
      throw notFound(`the content of item ${itemId} was erased on ${item.erasedAt}`);
    const reason = request.reason?.trim();
    if (!reason)
      throw invalidInput('a redaction needs a reason', {
        hint: '--reason "bystander faces and handles (R13)"',
      });
    const rects = request.rects ?? [];
    const spans = request.spans ?? [];
    // The HTTP body arrives as numbers, not through `parseRect`/`parseSpan`: check them here too,
    // so no door can record a "redaction" that masks nothing.
    for (const r of rects)
      if (
        ![r.x, r.y, r.width, r.height].every((n) => Number.isInteger(n) && n >= 0) ||
        r.width === 0 ||
        r.height === 0
      )
        throw invalidInput(
          `rectangle ${JSON.stringify(r)} is not x,y,width,height in whole pixels with a size`,
        );
    for (const s of spans)
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end <= s.start)
        throw invalidInput(
          `span ${s.start}-${s.end} is not a character range with its end after its start`,
        );
    if (rects.length === 0 && spans.length === 0)
      throw invalidInput('nothing to redact', {
        hint: 'give --rect x,y,w,h and/or --span start-end',
      });
    const artifacts = await this.#deps.store.items.artifacts(itemId);
    const jobs: {
      source: Artifact;
      bytes: Buffer;
      mediaType: string;
      name: string;
      rects: Rect[];
      spans: Span[];
    }[] = [];
    if (rects.length > 0) {
      const source =
        artifacts.find((a) => a.role === 'screenshot-full') ??
        artifacts.find((a) => a.role === 'original' && a.mediaType.startsWith('image/'));
      if (!source)
        throw invalidInput(`item ${itemId} has no screenshot or image to mask`, {
          hint: 'use --span for text',
        });
      const image = await this.#deps.exports.readVerified(actor, item, source.sha256);
      jobs.push({
        source,
        bytes: await maskImage(image, rects),
        mediaType: 'image/png',
        name: `redacted-${source.role}.png`,
        rects: [...rects],
        spans: [],
      });
    }
    if (spans.length > 0) {
      const source =
        artifacts.find((a) => a.role === 'text') ??
        artifacts.find((a) => a.role === 'original' && a.mediaType.startsWith('text/'));
      if (!source)
        throw invalidInput(`item ${itemId} has no text to mask`, { hint: 'use --rect for images' });
      const text = (await this.#deps.exports.readVerified(actor, item, source.sha256)).toString(
        'utf8',
      );
      jobs.push({
        source,
        bytes: Buffer.from(maskText(text, spans), 'utf8'),
        mediaType: 'text/plain; charset=utf-8',
        name: `redacted-${source.role}.txt`,
        rects: [],
        spans: [...spans],
      });
    }
    const stored: {
      job: (typeof jobs)[number];
      ref: Awaited<ReturnType<RedactionDeps['blobs']['put']>>;
    }[] = [];
    for (const job of jobs)
      stored.push({ job, ref: await this.#deps.blobs.put(Readable.from([job.bytes])) });
    const now = this.#deps.clock.now().toISOString();
    return this.#deps.store.transaction(async (tx) => {
      const out: Redaction[] = [];
      for (const { job, ref } of stored) {
        await tx.items.addArtifacts([
          {
            itemId,
            role: 'derived',
            ...ref,
            mediaType: job.mediaType,
            name: job.name,
            derivedFrom: job.source.sha256,
          },
        ]);
        const redaction = await this.#deps.repository.addRedaction({
          itemId,
          sourceSha256: job.source.sha256,
          derivedSha256: ref.sha256,
          sourceRole: job.source.role,
          rects: job.rects,
          spans: job.spans,
          reason,
          actor,
          createdAt: now,
        });
        await this.#deps.ledger.appendIn(tx, {
          actor,
          action: 'alteration',
          caseId: item.caseId,
          itemId,
          reason,
          data: {
            workingCopy: ref.sha256,
            derivedFrom: job.source.sha256,
            role: job.source.role,
            rects: job.rects,
            spans: job.spans,
            evidentiaryCopyUnchanged: true,
          },
        });
        out.push(redaction);
      }
      return out;
    });
  }
}
