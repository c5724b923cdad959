/**
 * @module The ports the triage service works through: its result repository, the blob store,
 * and the engines (text analysis, OCR, hash-list matching), injected so tests can replace the
 * slow or external ones and an agency can run other adapters.
 */
import type { Readable } from 'node:stream';
import type { BlobRef } from '../evidence/types.js';
import type { HashListMeta } from './hashlist/hashlist.types.js';
import type { MatchReport } from './hashlist/hashlist-service.js';
import type { OcrResult } from './ocr/ocr.js';
import type { TextAnalysis } from './text/analyze-text.js';
import type {
  EntityDraft,
  EntityLink,
  FlagDraft,
  MatchDraft,
  OcrDerivation,
  Review,
  TriageEntity,
  TriageFlag,
  TriageMatch,
  TriageRun,
} from './triage-types.js';

/** A run's results as the service hands them over; `flagIndex` ties a match to its flag. */
export interface RunResults {
  readonly flags: readonly FlagDraft[];
  readonly matches: readonly (MatchDraft & { readonly flagIndex: number })[];
  readonly entities: readonly EntityDraft[];
  readonly ocr: readonly Omit<OcrDerivation, 'runId' | 'itemId' | 'createdAt'>[];
}

/**
 * Persistence of triage results. Adapter: `src/store/sqlite/triage-repository.ts`. The write
 * methods are called inside `MetadataStore.transaction` and join it (the SQLite adapter shares
 * the store's connection; a PostgreSQL adapter takes the transaction's client), so results, the
 * derived artifacts and the ledger event commit together or not at all.
 */
export interface TriageRepository {
  /**
   * Stores a run and its results. The item's earlier results still `suggested` are replaced;
   * reviewed flags (and their matches) are kept, and a new flag with the same `key` as a reviewed
   * one is dropped (with its match), so a review is never undone by running triage again.
   */
  saveRun(run: Omit<TriageRun, 'id'>, results: RunResults): Promise<TriageRun>;
  latestRun(itemId: string): Promise<TriageRun | undefined>;
  flags(itemId: string): Promise<TriageFlag[]>;
  flag(id: string): Promise<TriageFlag | undefined>;
  /** Records a person's decision on a flag (inside the transaction that logs it). */
  review(id: string, review: Review): Promise<void>;
  matches(itemId: string): Promise<TriageMatch[]>;
  entities(itemId: string): Promise<TriageEntity[]>;
  ocr(itemId: string): Promise<OcrDerivation[]>;
  /** Items holding an entity with this normalised form (or exact value), in any case. */
  entityLinks(normalised: string): Promise<EntityLink[]>;
  /**
   * After retention erased an item (R12): drops its entities and OCR records and the matched text
   * inside its flags; the flags and their reviews stay as the record of a person's decision.
   */
  forgetContent(itemId: string): Promise<void>;
}

/** The blob store as triage uses it: verified reads, a local path for tools, and writes. */
export interface TriageBlobs {
  /** Re-hashes while reading; fails with an `integrity` error at the end on a mismatch (R4). */
  read(sha256: string): Readable;
  put(source: Readable | AsyncIterable<Uint8Array>): Promise<BlobRef>;
  /** Where the blob is on disk, for tools that need a path (the hasher, ffmpeg). */
  pathOf(sha256: string): string;
}

/** Text indicators, entities and language (default: `analyzeText`). */
export interface TextAnalyzer {
  analyze(text: string): TextAnalysis;
  /** The engine and lexicon identity, also when there is no text to analyse. */
  engine(): TextAnalysis['engine'];
}

/** OCR of one image's bytes (default: tesseract through `ocrImage`). */
export type OcrEngine = (image: Buffer) => Promise<OcrResult>;

/** Known-content matching of a local file (default: the hash-list service). */
export interface HashMatcher {
  match(path: string): Promise<MatchReport>;
  listHashLists(): Promise<HashListMeta[]>;
}
