/**
 * @module How triage reads evidence: every byte re-verified against its SHA-256 on the way (R4),
 * a mismatch logged as `integrity_failure` before the error goes up; and OCR of images into
 * derived texts with their provenance.
 */
import { Readable } from 'node:stream';
import { isIntegrityError } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';
import type { Artifact, Item } from '../evidence/types.js';
import type { OcrEngine, RunResults, TriageBlobs } from './triage-ports.js';
import { structuredTexts } from './triage-sources.js';
import type { TextSource } from './triage-sources.js';
import type { ResultOrigin, TriageEngines } from './triage-types.js';

export const short = (sha256: string) => sha256.slice(0, 12);

/** What a run has gathered to analyse, and the OCR texts to keep as derived artifacts. */
export interface Gathered {
  readonly texts: TextSource[];
  readonly ocr: RunResults['ocr'][number][];
  readonly derived: Omit<Artifact, 'itemId'>[];
  ocrEngine: TriageEngines['ocr'];
}

export interface EvidenceReaderDeps {
  readonly store: MetadataStore;
  readonly blobs: TriageBlobs;
  readonly ledger: Ledger;
}

/** Reads one item's artifacts for `actor`, who is named in any integrity failure logged. */
export class EvidenceReader {
  readonly #deps: EvidenceReaderDeps;
  readonly #actor: string;
  readonly #item: Item;

  constructor(deps: EvidenceReaderDeps, actor: string, item: Item) {
    this.#deps = deps;
    this.#actor = actor;
    this.#item = item;
  }

  /** The blob's bytes, re-hashed on the way; a mismatch is logged and stops the run (R4). */
  async read(artifact: Artifact): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.#deps.blobs.read(artifact.sha256))
        chunks.push(chunk as Buffer);
    } catch (error) {
      if (isIntegrityError(error)) await this.integrityFailure(error.message, artifact.sha256);
      throw error;
    }
    return Buffer.concat(chunks);
  }

  async integrityFailure(detail: string, sha256: string): Promise<void> {
    await this.#deps.ledger.append({
      actor: this.#actor,
      action: 'integrity_failure',
      caseId: this.#item.caseId,
      itemId: this.#item.id,
      reason: `triage: ${detail}`,
      data: { sha256 },
    });
  }

  /** The text a result was read from (null once the item's content is erased, R12). */
  async originText(origin: ResultOrigin): Promise<string | null> {
    const item = this.#item;
    if (item.erasedAt) return null;
    const artifact = (await this.#deps.store.items.artifacts(item.id)).find(
      (a) => a.sha256 === origin.artifactSha256 && a.role === origin.role,
    );
    if (!artifact) return null;
    const text = (await this.read(artifact)).toString('utf8');
    if (origin.path === undefined) return text;
    return structuredTexts(artifact, text).find((t) => t.origin.path === origin.path)?.text ?? null;
  }

  /**
   * OCR of each image: the text is stored as a blob and queued as a `derived` artifact with
   * `derivedFrom` = the image, its provenance kept, and it joins the texts to analyse. An image
   * OCR cannot read is a note, not a failed run.
   */
  async ocrImages(
    images: readonly Artifact[],
    ocr: OcrEngine | null,
    gathered: Gathered,
    notes: string[],
  ): Promise<void> {
    if (images.length === 0) return;
    if (!ocr) {
      notes.push('OCR is turned off: text in images was not read');
      return;
    }
    for (const image of images) {
      const bytes = await this.read(image);
      let result;
      try {
        result = await ocr(bytes);
      } catch (error) {
        notes.push(
          `OCR of ${image.role} ${short(image.sha256)} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      gathered.ocrEngine ??= { ...result.engine, languages: [...result.engine.languages] };
      if (!result.text.trim()) {
        notes.push(`OCR found no text in ${image.role} ${short(image.sha256)}`);
        continue;
      }
      const ref = await this.#deps.blobs.put(Readable.from([Buffer.from(result.text, 'utf8')]));
      gathered.derived.push({
        role: 'derived',
        ...ref,
        mediaType: 'text/plain; charset=utf-8',
        name: `ocr-${short(image.sha256)}.txt`,
        derivedFrom: image.sha256,
      });
      gathered.ocr.push({
        sha256: ref.sha256,
        derivedFrom: image.sha256,
        engine: { ...result.engine, languages: [...result.engine.languages] },
        confidence: result.confidence,
        words: result.words.length,
      });
      gathered.texts.push({
        origin: { artifactSha256: ref.sha256, role: 'derived', derivedFrom: image.sha256 },
        text: result.text,
      });
    }
  }
}
