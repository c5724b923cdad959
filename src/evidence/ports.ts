/**
 * @module The ports the domain reads and writes through. Adapters live in `src/store/`: SQLite +
 * filesystem by default, PostgreSQL + S3 for agencies; both pass the same contract test suite.
 */
import type { Readable } from 'node:stream';
import type { Case, LegalBasis } from '../cases/types.js';
import type { LedgerEvent } from '../custody/event.js';
import type { SignedHead } from '../custody/verify.js';
import type { Artifact, BlobRef, Item } from './types.js';

export interface CaseRepository {
  /** Allocates the next case id (`C-1`, `C-2`, …) inside the current transaction. */
  nextId(): Promise<string>;
  insert(record: Case): Promise<void>;
  update(record: Case): Promise<void>;
  get(id: string): Promise<Case | undefined>;
  list(): Promise<Case[]>;
  nextBasisId(): Promise<string>;
  addBasis(basis: LegalBasis): Promise<void>;
  approveBasis(id: string, approvedBy: string, approvedAt: string): Promise<void>;
  bases(caseId: string): Promise<LegalBasis[]>;
}

export interface ItemRepository {
  nextId(): Promise<string>;
  /** Inserts an item with its artifacts; both or neither. */
  insert(item: Item, artifacts: readonly Artifact[]): Promise<void>;
  addArtifacts(artifacts: readonly Artifact[]): Promise<void>;
  /** Turns an item into a tombstone (R12): the record and hashes stay, `erasedAt` is set. */
  markErased(id: string, erasedAt: string): Promise<void>;
  /** How many artifacts of items not erased point at a blob (content is shared across items). */
  liveReferences(sha256: string): Promise<number>;
  get(id: string): Promise<Item | undefined>;
  listByCase(caseId: string): Promise<Item[]>;
  /** One page of a case's items in collection order, after the item `after` (keyset paging). */
  pageByCase(caseId: string, page: { after?: string | undefined; limit: number }): Promise<Item[]>;
  /**
   * The same page as `pageByCase`, each item already serialised as the JSON text of its `Item`
   * record (what `JSON.stringify(item)` denotes). A list endpoint streams these as they are: the
   * store builds the text once instead of rows becoming objects and objects becoming text again.
   */
  pageByCaseJson(
    caseId: string,
    page: { after?: string | undefined; limit: number },
  ): Promise<{ id: string; json: string }[]>;
  artifacts(itemId: string): Promise<Artifact[]>;
  /** Every artifact of every item, for whole-store verification. */
  allArtifacts(): Promise<Artifact[]>;
  /** Artifacts of items whose content was not erased (R12): what the store must still hold. */
  liveArtifacts(): Promise<Artifact[]>;
}

export interface LedgerRepository {
  /** The last event, or undefined for an empty ledger. */
  last(): Promise<LedgerEvent | undefined>;
  /** Appends an event and replaces the signed head, atomically with the enclosing transaction. */
  append(event: LedgerEvent, head: SignedHead): Promise<void>;
  /** Events in storage order (by `seq`), optionally from a seq on. */
  list(options?: { fromSeq?: number; limit?: number }): Promise<LedgerEvent[]>;
  /** Events that name a case or item, in seq order. */
  listFor(filter: { caseId?: string; itemId?: string }): Promise<LedgerEvent[]>;
  signedHead(): Promise<SignedHead | null>;
}

export interface Repositories {
  readonly cases: CaseRepository;
  readonly items: ItemRepository;
  readonly ledger: LedgerRepository;
}

/** Metadata storage. Every write goes through `transaction`. */
export interface MetadataStore extends Repositories {
  /**
   * Runs `work` in one write transaction that excludes every other writer, in this process and
   * in any other process on the same store, so the ledger never forks or gaps.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface BlobWriteOptions {
  /** Called with the bytes written so far (progress bars). */
  onProgress?: (bytes: number) => void;
}

/** Content-addressed, write-once blob storage (R5). */
export interface BlobStore {
  /**
   * Streams `source` into the store and returns its digests. Atomic: a crash leaves either the
   * whole blob or nothing visible. An existing blob with the same SHA-256 is kept, never rewritten.
   */
  put(source: Readable | AsyncIterable<Uint8Array>, options?: BlobWriteOptions): Promise<BlobRef>;
  /** Stores a local file (the ingest path); same guarantees as `put`, digests of the stored copy. */
  putFile(path: string, options?: BlobWriteOptions): Promise<BlobRef>;
  /**
   * Stores a file Vigil itself just made (a capture's artifacts, a package) by moving it into the
   * store: the file is synced, hashed where it lies and linked into place, so it is not copied.
   * The source is gone afterwards. Falls back to a copy across filesystems.
   */
  adoptFile(path: string): Promise<BlobRef>;
  has(sha256: string): Promise<boolean>;
  /**
   * A stream of the blob's bytes that re-hashes them and fails with an `integrity` error at the
   * end if they no longer match (R4). Consumers must not treat the bytes as good until it ends.
   */
  read(sha256: string): Readable;
  /** Raw bytes `start`..`end` inclusive, NOT re-hashed: callers verify the whole blob first. */
  readRange(sha256: string, start: number, end: number): Readable;
  /** Removes a blob (retention erasure only, R12); absent blobs are not an error. */
  delete(sha256: string): Promise<void>;
  /** Re-hashes a blob; `actual` is null when the blob is missing. */
  check(sha256: string): Promise<{ ok: boolean; actual: string | null; size: number | null }>;
  /** Every blob digest in the store. */
  list(): AsyncIterable<string>;
}

/** The installation's Ed25519 key (issue 2: created by `vigil init`, private key mode 0600). */
export interface Signer {
  /** `sha256:` + hex of the public key's SPKI DER. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(data: Uint8Array): Uint8Array;
}

/** Facts read from a file's content: media type and embedded metadata (EXIF, XMP, IPTC). */
export interface FileInspection {
  readonly mediaType: string;
  readonly metadata: Record<string, unknown> | null;
  /** Which tool read the metadata, and why it could not if it could not. */
  readonly metadataTool: { name: string; version: string | null; error: string | null };
}

export interface FileInspector {
  inspect(path: string): Promise<FileInspection>;
}
