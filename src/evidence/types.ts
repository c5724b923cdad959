/**
 * @module Items of evidence and the artifacts (content-addressed blobs) that make them up.
 */

/** How an item came into Vigil. */
export const ITEM_KINDS = ['file', 'capture'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What an artifact is to its item. `original` is the evidentiary copy of an ingested file. */
export const ARTIFACT_ROLES = [
  'original',
  'warc',
  'screenshot-full',
  'screenshot-viewport',
  'dom',
  'mhtml',
  'text',
  'structured',
  'provenance',
  'package',
  'derived',
] as const;
export type ArtifactRole = (typeof ARTIFACT_ROLES)[number];

/** The digest and size of a stored blob. */
export interface BlobRef {
  readonly sha256: string;
  readonly md5: string;
  readonly size: number;
}

export interface Artifact extends BlobRef {
  readonly itemId: string;
  readonly role: ArtifactRole;
  readonly mediaType: string;
  readonly name: string;
  /** The artifact this one was derived from (a working copy, R5), if any. */
  readonly derivedFrom: string | null;
}

export interface Item {
  readonly id: string;
  readonly caseId: string;
  readonly kind: ItemKind;
  /** SHA-256 of the primary artifact (the original file, or the capture's package). */
  readonly sha256: string;
  readonly md5: string;
  readonly size: number;
  readonly mediaType: string;
  /** The file name or page title a person recognises the item by. */
  readonly name: string;
  readonly sourceUrl: string | null;
  /** When the material was acquired, if that predates its entry into Vigil. */
  readonly acquiredAt: string | null;
  readonly collectedAt: string;
  readonly collectedBy: string;
  readonly reason: string;
  /** The legal basis under which it was collected (R1). */
  readonly legalBasisId: string;
  /** Facts about the item: EXIF/XMP, source file facts, capture provenance. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * Set when retention erased the content (R12): the record stays as a tombstone with its
   * hashes, the blobs are gone.
   */
  readonly erasedAt: string | null;
}

export interface ItemView extends Item {
  readonly artifacts: readonly Artifact[];
}
