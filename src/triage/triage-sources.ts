/**
 * @module Which artifacts of an item triage reads, and how: pure decisions, no I/O. Texts are
 * the capture's page text, the post text of its structured record, and an original of type
 * text/*; images for OCR are image originals and the full-page screenshot; every original is
 * matched against the hash lists (digests for any file, PDQ for images, frames for videos).
 */
import type { Artifact } from '../evidence/types.js';
import type { ResultOrigin } from './triage-types.js';

export interface TriagePlan {
  /** Artifacts read as UTF-8 text. */
  readonly texts: readonly Artifact[];
  /** Structured capture records whose post and reply texts are read. */
  readonly structured: readonly Artifact[];
  /** Images read by OCR. */
  readonly images: readonly Artifact[];
  /** Files matched against the hash lists. */
  readonly files: readonly Artifact[];
}

const isText = (mediaType: string) => mediaType.toLowerCase().startsWith('text/');
const isImage = (mediaType: string) => mediaType.toLowerCase().startsWith('image/');

/**
 * Decides what to read. Derived artifacts are never inputs: OCR text is produced afresh by the
 * run that reads it, so a re-run does not count it twice.
 *
 * @example
 * planTriage(artifacts).images.map((a) => a.role); // ['original'] for an ingested poster
 */
export function planTriage(artifacts: readonly Artifact[]): TriagePlan {
  const texts: Artifact[] = [];
  const structured: Artifact[] = [];
  const images: Artifact[] = [];
  const files: Artifact[] = [];
  const seen = new Set<string>();
  for (const a of artifacts) {
    // The same bytes under two roles are read once.
    const key = `${a.role === 'original' ? 'original' : 'other'}:${a.sha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (a.role) {
      case 'text':
        texts.push(a);
        break;
      case 'structured':
        structured.push(a);
        break;
      case 'screenshot-full':
        images.push(a);
        break;
      case 'original':
        files.push(a);
        if (isText(a.mediaType)) texts.push(a);
        else if (isImage(a.mediaType)) images.push(a);
        break;
      case 'warc':
      case 'screenshot-viewport':
      case 'dom':
      case 'mhtml':
      case 'provenance':
      case 'package':
      case 'derived':
        // The viewport shot is a crop of the full-page one; the DOM, MHTML and WARC hold the
        // same text as `text`; provenance and packages are Vigil's own records.
        break;
    }
  }
  return { texts, structured, images, files };
}

/** One text to analyse and where it came from. */
export interface TextSource {
  readonly origin: ResultOrigin;
  readonly text: string;
}

/**
 * The post text and reply texts of a structured capture record (`structured.json`, see
 * src/capture/site-profile.ts `StructuredCapture`). Unknown shapes yield nothing.
 */
export function structuredTexts(artifact: Artifact, json: string): TextSource[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const record = data as { fields?: { text?: unknown }; replies?: unknown };
  const out: TextSource[] = [];
  const origin = (path: string): ResultOrigin => ({
    artifactSha256: artifact.sha256,
    role: artifact.role,
    path,
  });
  if (typeof record.fields?.text === 'string' && record.fields.text.trim())
    out.push({ origin: origin('fields.text'), text: record.fields.text });
  if (Array.isArray(record.replies)) {
    record.replies.forEach((reply: unknown, index) => {
      const text = (reply as { text?: unknown } | null)?.text;
      if (typeof text === 'string' && text.trim())
        out.push({ origin: origin(`replies[${index}].text`), text });
    });
  }
  return out;
}
