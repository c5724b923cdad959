/**
 * @module Evidence items: file ingest (streamed, hashed, stored once), listing, consultation
 * (logged), retrieval of the original bytes (re-verified), and whole-store verification.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CaseService } from '../cases/case-service.js';
import type { Clock } from '../core/clock.js';
import {
  integrityError,
  invalidInput,
  isIntegrityError,
  isRefused,
  notFound,
} from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import type { Ledger } from '../custody/ledger.js';
import type { BlobStore, FileInspector, MetadataStore } from './ports.js';
import type { Artifact, BlobRef, Item, ItemView } from './types.js';

export interface EvidenceServiceDeps {
  readonly store: MetadataStore;
  readonly blobs: BlobStore;
  readonly inspector: FileInspector;
  readonly ledger: Ledger;
  readonly cases: CaseService;
  readonly clock: Clock;
  /** Where a blob is on disk, for tools that need a path (exiftool). */
  readonly blobPath: (sha256: string) => string;
  /** Called with the new items' ids once their collection has committed (queues triage). */
  readonly onCollected?: (itemIds: string[]) => Promise<void>;
}

export interface IngestRequest {
  readonly actor: string;
  readonly caseId: string;
  readonly files: readonly string[];
  readonly reason: string;
  readonly sourceUrl?: string | undefined;
  readonly acquiredAt?: string | undefined;
  /** Bytes streamed so far for the file being ingested. */
  readonly onProgress?: (file: string, bytes: number, total: number) => void;
}

interface CheckedFile {
  readonly path: string;
  readonly size: number;
  readonly modifiedAt: string;
}

export interface StoreVerification {
  readonly ok: boolean;
  readonly blobs: number;
  readonly items: number;
  readonly bad: readonly { sha256: string; items: string[]; problem: 'missing' | 'altered' }[];
}

async function checkFile(file: string): Promise<CheckedFile> {
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(file);
  } catch {
    throw notFound(`${file} does not exist`, { hint: 'check the path; nothing was ingested' });
  }
  if (stat.isDirectory()) {
    throw invalidInput(`${file} is a directory; ingest takes files`, {
      hint: `pass the files inside it, e.g. vigil ingest ${path.join(file, '*')} …`,
    });
  }
  if (!stat.isFile()) {
    throw invalidInput(`${file} is not a regular file`, {
      hint: 'copy the content to a regular file first',
    });
  }
  try {
    await fsp.access(file, fs.constants.R_OK);
  } catch {
    throw invalidInput(`${file} cannot be read (permission denied)`, {
      hint: 'fix its permissions or run Vigil as a user who can read it',
    });
  }
  return { path: path.resolve(file), size: stat.size, modifiedAt: stat.mtime.toISOString() };
}

export class EvidenceService {
  readonly #deps: EvidenceServiceDeps;
  readonly #recentlyVerified = new Map<string, number>();

  constructor(deps: EvidenceServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Ingests files into a case as one batch: all become items with their `collection` events, or
   * none does. Blobs are streamed first (constant memory); the metadata commits in one short
   * transaction, so a crash at any point leaves no half item.
   */
  async ingest(request: IngestRequest): Promise<ItemView[]> {
    const reason = request.reason.trim();
    if (reason.length === 0) {
      throw invalidInput('--reason is required: say why this material is collected', {
        hint: 'e.g. --reason "poster shared in channel X, referred by unit Y"',
      });
    }
    if (request.files.length === 0)
      throw invalidInput('no file to ingest', { hint: 'vigil ingest FILE… --case ID' });
    const sourceUrl = request.sourceUrl ? this.#checkUrl(request.sourceUrl) : null;
    const acquiredAt = request.acquiredAt
      ? parseInstant(request.acquiredAt, '--acquired-at').toISOString()
      : null;
    const files = [];
    for (const file of request.files) files.push(await checkFile(file));

    const attempt = { files: files.map((file) => path.basename(file.path)), reason };
    await this.#authorise(request.actor, request.caseId, attempt, () =>
      this.#deps.store.transaction((tx) => this.#deps.cases.authoriseIn(tx, request.caseId)),
    );

    const stored: { file: CheckedFile; ref: BlobRef }[] = [];
    for (const file of files) {
      const ref = await this.#deps.blobs.putFile(file.path, {
        onProgress: (bytes) => request.onProgress?.(file.path, bytes, file.size),
      });
      stored.push({ file, ref });
    }
    const inspections = await Promise.all(
      stored.map(({ ref }) => this.#deps.inspector.inspect(this.#deps.blobPath(ref.sha256))),
    );

    const views = await this.#authorise(request.actor, request.caseId, attempt, () =>
      this.#deps.store.transaction(async (tx) => {
        // Re-checked under the write lock: the basis may have expired while the files streamed.
        const { basis } = await this.#deps.cases.authoriseIn(tx, request.caseId);
        const collectedAt = this.#deps.clock.now().toISOString();
        const views: ItemView[] = [];
        for (const [index, { file, ref }] of stored.entries()) {
          const inspection = inspections[index];
          if (!inspection) throw new Error('inspection missing for a stored file');
          const item: Item = {
            id: await tx.items.nextId(),
            caseId: request.caseId,
            kind: 'file',
            ...ref,
            mediaType: inspection.mediaType,
            name: path.basename(file.path),
            sourceUrl,
            acquiredAt,
            collectedAt,
            collectedBy: request.actor,
            reason,
            legalBasisId: basis.id,
            metadata: {
              source: { path: file.path, size: file.size, modifiedAt: file.modifiedAt },
              embedded: inspection.metadata,
              metadataTool: inspection.metadataTool,
            },
            erasedAt: null,
          };
          const artifact: Artifact = {
            itemId: item.id,
            role: 'original',
            ...ref,
            mediaType: inspection.mediaType,
            name: item.name,
            derivedFrom: null,
          };
          await tx.items.insert(item, [artifact]);
          await this.#deps.ledger.appendIn(tx, {
            actor: request.actor,
            action: 'collection',
            caseId: request.caseId,
            itemId: item.id,
            reason,
            data: {
              method: 'file-ingest',
              legalBasis: basis.reference,
              sha256: ref.sha256,
              md5: ref.md5,
              size: ref.size,
              name: item.name,
              sourceUrl,
              acquiredAt,
            },
          });
          views.push({ ...item, artifacts: [artifact] });
        }
        return views;
      }),
    );
    await this.#deps.onCollected?.(views.map((view) => view.id));
    return views;
  }

  async listItems(caseId: string): Promise<Item[]> {
    await this.#deps.cases.show(caseId);
    return this.#deps.store.items.listByCase(caseId);
  }

  /** A page of a case's items (the server lists large cases this way). */
  async pageItems(
    caseId: string,
    page: { after?: string | undefined; limit: number },
  ): Promise<Item[]> {
    if (!(await this.#deps.store.cases.get(caseId)))
      throw notFound(`case ${caseId} does not exist`);
    return this.#deps.store.items.pageByCase(caseId, page);
  }

  /** `pageItems` with each item as the JSON text of its record, for list endpoints. */
  async pageItemsJson(
    caseId: string,
    page: { after?: string | undefined; limit: number },
  ): Promise<{ id: string; json: string }[]> {
    if (!(await this.#deps.store.cases.get(caseId)))
      throw notFound(`case ${caseId} does not exist`);
    return this.#deps.store.items.pageByCaseJson(caseId, page);
  }

  /** Shows an item; a consultation of evidence, so it is logged (LED Art. 25). */
  async showItem(actor: string, itemId: string, reason?: string): Promise<ItemView> {
    const item = await this.#requireItem(itemId);
    await this.#deps.ledger.append({
      actor,
      action: 'consultation',
      caseId: item.caseId,
      itemId,
      reason: await this.#consultationReason(item, reason),
      data: { what: 'item record' },
    });
    return { ...item, artifacts: await this.#deps.store.items.artifacts(itemId) };
  }

  /**
   * Writes the original bytes to `out`, re-verified on the way: the file appears only if every
   * byte matches the recorded SHA-256; otherwise an `integrity_failure` is logged (R4).
   */
  async getOriginal(
    actor: string,
    itemId: string,
    out: string,
    reason?: string,
  ): Promise<{ path: string; sha256: string; size: number }> {
    const item = await this.#requireLiveItem(itemId);
    const target = path.resolve(out);
    const existing = await fsp.stat(target).catch(() => null);
    if (existing?.isDirectory()) {
      throw invalidInput(`${out} is a directory`, {
        hint: `give a file name, e.g. --out ${path.join(out, item.name)}`,
      });
    }
    const temp = `${target}.vigil-${process.pid}.part`;
    try {
      await pipeline(
        this.#deps.blobs.read(item.sha256),
        fs.createWriteStream(temp, { flags: 'wx' }),
      );
    } catch (error) {
      await fsp.rm(temp, { force: true });
      if (isIntegrityError(error)) await this.recordIntegrityFailure(actor, item, error.message);
      throw error;
    }
    await fsp.rename(temp, target);
    await this.#deps.ledger.append({
      actor,
      action: 'consultation',
      caseId: item.caseId,
      itemId,
      reason: await this.#consultationReason(item, reason),
      data: { what: 'original bytes', sha256: item.sha256, writtenTo: target },
    });
    return { path: target, sha256: item.sha256, size: item.size };
  }

  /**
   * Opens one artifact of an item for a person (a logged consultation), after re-hashing the
   * stored bytes (R4). A recent successful check is reused for a minute so that a player seeking
   * through a video with range requests does not re-hash it on every request.
   */
  async consultArtifact(
    actor: string,
    itemId: string,
    sha256: string,
    reason?: string,
  ): Promise<Artifact> {
    const item = await this.#requireLiveItem(itemId);
    const artifact = (await this.#deps.store.items.artifacts(itemId)).find(
      (a) => a.sha256 === sha256,
    );
    if (!artifact)
      throw notFound(`item ${itemId} has no artifact ${sha256}`, {
        hint: "see the item's artifacts list",
      });
    const checkedAt = this.#recentlyVerified.get(sha256);
    const now = this.#deps.clock.now().getTime();
    if (checkedAt === undefined || now - checkedAt > 60_000) {
      const check = await this.#deps.blobs.check(sha256);
      if (!check.ok) {
        this.#recentlyVerified.delete(sha256);
        const detail = `artifact ${sha256} of item ${itemId} is ${check.actual === null ? 'missing' : 'altered'}`;
        await this.recordIntegrityFailure(actor, item, detail);
        throw integrityError(detail, {
          hint: 'restore the store from backup; run `vigil store verify`',
        });
      }
      this.#recentlyVerified.set(sha256, now);
    }
    await this.#deps.ledger.append({
      actor,
      action: 'consultation',
      caseId: item.caseId,
      itemId,
      reason: await this.#consultationReason(item, reason),
      data: { what: artifact.role, sha256, name: artifact.name },
    });
    return artifact;
  }

  /**
   * Erases an item's content under retention (R12; LED Art. 5): the item becomes a tombstone that
   * keeps its record and hashes, its blobs go unless another live item shares them, and the
   * erasure is a ledger event. Safe to repeat: a crash between the record and the deletion is
   * finished by the next call.
   */
  async eraseItem(
    actor: string,
    itemId: string,
    reason: string,
  ): Promise<{ itemId: string; deleted: string[] }> {
    const item = await this.#requireItem(itemId);
    const artifacts = await this.#deps.store.items.artifacts(itemId);
    if (!item.erasedAt) {
      await this.#deps.store.transaction(async (tx) => {
        await tx.items.markErased(itemId, this.#deps.clock.now().toISOString());
        await this.#deps.ledger.appendIn(tx, {
          actor,
          action: 'erasure',
          caseId: item.caseId,
          itemId,
          reason,
          data: {
            tombstone: { sha256: item.sha256, md5: item.md5, size: item.size },
            artifacts: artifacts.map(({ role, sha256, size }) => ({ role, sha256, size })),
          },
        });
      });
    }
    const deleted: string[] = [];
    for (const sha256 of new Set(artifacts.map((artifact) => artifact.sha256))) {
      if ((await this.#deps.store.items.liveReferences(sha256)) > 0) continue;
      if (await this.#deps.blobs.has(sha256)) {
        await this.#deps.blobs.delete(sha256);
        deleted.push(sha256);
      }
    }
    return { itemId, deleted };
  }

  /** Re-hashes every blob and checks every artifact against it; failures are logged. */
  async verifyStore(actor: string): Promise<StoreVerification> {
    // Erased items keep their records but not their bytes (R12): only live items are checked.
    const artifacts = await this.#deps.store.items.liveArtifacts();
    const owners = new Map<string, Set<string>>();
    for (const artifact of artifacts) {
      const set = owners.get(artifact.sha256) ?? new Set<string>();
      set.add(artifact.itemId);
      owners.set(artifact.sha256, set);
    }
    const digests = new Set(owners.keys());
    for await (const sha256 of this.#deps.blobs.list()) digests.add(sha256);
    const bad: { sha256: string; items: string[]; problem: 'missing' | 'altered' }[] = [];
    for (const sha256 of [...digests].sort()) {
      const result = await this.#deps.blobs.check(sha256);
      if (result.ok) continue;
      const items = [...(owners.get(sha256) ?? [])].sort();
      const problem = result.actual === null ? 'missing' : 'altered';
      bad.push({ sha256, items, problem });
      await this.#deps.ledger.append({
        actor,
        action: 'integrity_failure',
        itemId: items[0] ?? null,
        reason: `store verification: blob ${sha256} is ${problem}`,
        data: { sha256, actual: result.actual, items },
      });
    }
    return {
      ok: bad.length === 0,
      blobs: digests.size,
      items: new Set(artifacts.map((a) => a.itemId)).size,
      bad,
    };
  }

  async recordIntegrityFailure(actor: string, item: Item, detail: string): Promise<void> {
    await this.#deps.ledger.append({
      actor,
      action: 'integrity_failure',
      caseId: item.caseId,
      itemId: item.id,
      reason: detail,
      data: { sha256: item.sha256 },
    });
  }

  async #authorise<T>(
    actor: string,
    caseId: string,
    attempt: Record<string, unknown>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isRefused(error))
        await this.#deps.cases.recordRefusal(actor, caseId, attempt, error.message);
      throw error;
    }
  }

  async #consultationReason(item: Item, reason: string | undefined): Promise<string> {
    if (reason?.trim()) return reason.trim();
    // Without a stated purpose the consultation falls under the purpose of the basis the item
    // was collected under, and the ledger says so.
    const basis = (await this.#deps.store.cases.bases(item.caseId)).find(
      (b) => b.id === item.legalBasisId,
    );
    return `within the purpose of ${basis?.reference ?? item.legalBasisId}: ${basis?.purpose ?? 'not recorded'}`;
  }

  async #requireLiveItem(itemId: string): Promise<Item> {
    const item = await this.#requireItem(itemId);
    if (item.erasedAt) {
      throw notFound(
        `the content of item ${itemId} was erased on ${item.erasedAt} under the case's retention; only its record and hashes remain`,
        {
          hint: `see the erasure in \`vigil ledger list --item ${itemId}\``,
        },
      );
    }
    return item;
  }

  async #requireItem(itemId: string): Promise<Item> {
    const item = await this.#deps.store.items.get(itemId);
    if (!item)
      throw notFound(`item ${itemId} does not exist`, {
        hint: 'list items with `vigil item list --case ID`',
      });
    return item;
  }

  #checkUrl(value: string): string {
    try {
      return new URL(value).toString();
    } catch {
      throw invalidInput(`--source-url "${value}" is not a URL`, {
        hint: 'e.g. --source-url https://example.org/post/1',
      });
    }
  }
}
