/**
 * @module Capture as evidence: checks the case's legal basis, runs the browser capture, stores
 * every artifact, records the collection, and seals the item in its own package (WACZ + Ed25519 +
 * RFC 3161). Also recapture (deletion and change detection) and packaging several items.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CaseService } from '../cases/case-service.js';
import type { LegalBasis } from '../cases/types.js';
import type { Clock } from '../core/clock.js';
import { conflict, integrityError, invalidInput, isRefused, notFound } from '../core/errors.js';
import { VIGIL_TOOL, VIGIL_VERSION } from '../core/version.js';
import type { Ledger } from '../custody/ledger.js';
import type { BlobStore, MetadataStore, Signer } from '../evidence/ports.js';
import type { Artifact, ArtifactRole, Item, ItemView } from '../evidence/types.js';
import type { WritePackageOptions, WritePackageResult } from '../package/index.js';
import type { CaptureComparison } from './compare-captures.js';
import { compareCaptures } from './compare-captures.js';
import type { CaptureOptions, CaptureProgress, CaptureResult } from './capture-types.js';

/** The browser engine, injected so tests and other deployments can supply their own. */
export type CaptureEngine = (url: string, options: CaptureOptions) => Promise<CaptureResult>;
export type Packager = (options: WritePackageOptions) => Promise<WritePackageResult>;

export interface CaptureServiceDeps {
  readonly store: MetadataStore;
  readonly blobs: BlobStore;
  readonly ledger: Ledger;
  readonly cases: CaseService;
  readonly clock: Clock;
  readonly signer: Signer;
  readonly engine: CaptureEngine;
  readonly packager: Packager;
  /** Finds the Chromium binary (config, VIGIL_CHROMIUM, usual paths). */
  readonly chromium: () => Promise<string>;
  /** Scratch space for captures in progress and packages being built. */
  readonly workDir: string;
  /** Where sealed packages are linked as `<item>.wacz` for people and players. */
  readonly packagesDir: string;
  /** Hosts exempt from the private-address rules: configured ones and ranges Vigil started. */
  readonly allowHosts: () => readonly string[];
  readonly tsaUrls: readonly string[];
  /** Called with the new item's id once the capture is sealed (queues triage). */
  readonly onCollected?: (itemIds: string[]) => Promise<void>;
  /** Refuses a persona that is not registered or that the person may not use (R17). */
  readonly authorisePersona: (actor: string, persona: string) => Promise<unknown>;
}

export interface CaptureRequest {
  readonly actor: string;
  readonly caseId: string;
  readonly url: string;
  readonly reason: string;
  readonly persona?: string | undefined;
  readonly proxy?: string | undefined;
  readonly allowHosts?: readonly string[];
  readonly tsaUrls?: readonly string[];
  readonly onProgress?: (progress: CaptureProgress) => void;
  /** The item this capture repeats, for recapture. */
  readonly recaptureOf?: string;
}

export interface SealedPackage {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly timestamped: boolean;
  readonly status: 'timestamped' | 'not timestamped';
  readonly timestampFailures: readonly { tsa: string; error: string }[];
}

export interface CaptureOutcome {
  readonly id: string;
  readonly item: ItemView;
  readonly package: string;
  readonly sealed: SealedPackage;
}

export interface RecaptureOutcome extends CaptureOutcome, CaptureComparison {
  readonly previous: string;
}

/** Artifacts a capture produces, by the file the engine writes. */
const CAPTURE_ARTIFACTS: readonly {
  role: ArtifactRole;
  pick: (r: CaptureResult) => string;
  mediaType: string;
}[] = [
  { role: 'warc', pick: (r) => r.warcPath, mediaType: 'application/warc' },
  { role: 'screenshot-full', pick: (r) => r.screenshots.fullPage, mediaType: 'image/png' },
  { role: 'screenshot-viewport', pick: (r) => r.screenshots.viewport, mediaType: 'image/png' },
  { role: 'dom', pick: (r) => r.domPath, mediaType: 'text/html' },
  { role: 'mhtml', pick: (r) => r.mhtmlPath, mediaType: 'multipart/related' },
  { role: 'text', pick: (r) => r.textPath, mediaType: 'text/plain; charset=utf-8' },
];

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(`"${value}" is not a URL`, {
      hint: 'give a full URL, e.g. https://example.org/post/1',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidInput(`capture takes http and https URLs, not ${url.protocol}`, {
      hint: 'files are collected with `vigil ingest FILE --case ID`',
    });
  }
  return url.toString();
}

export class CaptureService {
  readonly #deps: CaptureServiceDeps;

  constructor(deps: CaptureServiceDeps) {
    this.#deps = deps;
  }

  /** Captures a URL into a case and seals it (R1, R3, R4). */
  async capture(request: CaptureRequest): Promise<CaptureOutcome> {
    const url = checkUrl(request.url);
    const reason = request.reason.trim();
    if (!reason) throw invalidInput('--reason is required: say why this page is collected');
    const attempt = { url, reason, method: 'browser-capture' };
    const { basis } = await this.#authorised(request, attempt, async () => {
      if (request.persona) await this.#deps.authorisePersona(request.actor, request.persona);
      return this.#deps.store.transaction((tx) => this.#deps.cases.authoriseIn(tx, request.caseId));
    });
    const outDir = path.join(this.#deps.workDir, `capture-${randomBytes(8).toString('hex')}`);
    try {
      let result: CaptureResult;
      try {
        result = await this.#deps.engine(url, {
          outDir,
          chromiumPath: await this.#deps.chromium(),
          collector: request.actor,
          legalBasisRef: basis.reference,
          persona: request.persona ?? null,
          proxy: request.proxy ?? null,
          allowHosts: [...this.#deps.allowHosts(), ...(request.allowHosts ?? [])],
          onProgress: request.onProgress,
          clock: this.#deps.clock,
          vigilVersion: VIGIL_VERSION,
        });
      } catch (error) {
        // A page the network policy refuses (SSRF guard) is a refused collection too.
        if (isRefused(error))
          await this.#deps.cases.recordRefusal(
            request.actor,
            request.caseId,
            attempt,
            error.message,
          );
        throw error;
      }
      const artifacts = await this.#storeArtifacts(result);
      const item = await this.#authorised(request, attempt, () =>
        this.#commit(request, url, reason, result, artifacts),
      );
      request.onProgress?.({ stage: 'packaging', detail: 'writing the evidence package' });
      const sealed = await this.seal(request.actor, item.id, request.tsaUrls, request.onProgress);
      const view = await this.#view(item.id);
      await this.#deps.onCollected?.([item.id]);
      return { id: item.id, item: view, package: sealed.path, sealed };
    } finally {
      await fsp.rm(outDir, { recursive: true, force: true });
    }
  }

  /**
   * The checks a capture makes before any browser starts (URL, reason, persona, legal basis), for
   * callers that queue the capture: a refusal is answered and logged at once (R1), not later.
   */
  async preflight(request: CaptureRequest): Promise<void> {
    const url = checkUrl(request.url);
    if (!request.reason.trim())
      throw invalidInput('a reason is required: say why this page is collected');
    await this.#authorised(
      request,
      { url, reason: request.reason.trim(), method: 'browser-capture' },
      async () => {
        if (request.persona) await this.#deps.authorisePersona(request.actor, request.persona);
        return this.#deps.store.transaction((tx) =>
          this.#deps.cases.authoriseIn(tx, request.caseId),
        );
      },
    );
  }

  /**
   * Captures an item's URL again into the same case, links the two, and reports what changed and
   * whether the content is gone (SWGDE 21-F-001 §4.2: repeat acquisitions of volatile content).
   */
  async recapture(
    actor: string,
    itemId: string,
    reason?: string,
    options: Omit<CaptureRequest, 'actor' | 'caseId' | 'url' | 'reason'> = {},
  ): Promise<RecaptureOutcome> {
    const previous = await this.#deps.store.items.get(itemId);
    if (!previous) throw notFound(`item ${itemId} does not exist`);
    if (previous.kind !== 'capture' || !previous.sourceUrl) {
      throw invalidInput(`item ${itemId} is not a capture, so there is no URL to capture again`);
    }
    const before = await this.#comparable(previous);
    const outcome = await this.capture({
      ...options,
      actor,
      caseId: previous.caseId,
      url: previous.sourceUrl,
      reason: reason?.trim() || `recapture of ${itemId}: check for change or deletion`,
      recaptureOf: itemId,
    });
    const comparison = compareCaptures(before, await this.#comparable(outcome.item));
    await this.#deps.ledger.append({
      actor,
      action: 'combination',
      caseId: previous.caseId,
      itemId: outcome.id,
      reason: `compared with ${itemId}`,
      data: {
        previous: itemId,
        changed: comparison.changed,
        gone: comparison.gone,
        goneReason: comparison.goneReason,
      },
    });
    return { ...outcome, ...comparison, previous: itemId };
  }

  /**
   * Writes the sealed package of one item (its WARC, structured data, provenance and ledger
   * segment), stores it as the item's `package` artifact, and records the seal.
   */
  async seal(
    actor: string,
    itemId: string,
    tsaUrls?: readonly string[],
    onProgress?: (p: CaptureProgress) => void,
  ): Promise<SealedPackage> {
    const view = await this.#view(itemId);
    const result = await this.buildPackage(
      actor,
      [view],
      path.join(this.#deps.workDir, `seal-${randomBytes(8).toString('hex')}.wacz`),
      tsaUrls,
      onProgress,
    );
    try {
      const ref = await this.#deps.blobs.adoptFile(result.path);
      const artifact: Artifact = {
        itemId,
        role: 'package',
        ...ref,
        mediaType: 'application/wacz',
        name: `${itemId}.wacz`,
        derivedFrom: null,
      };
      await this.#deps.store.transaction(async (tx) => {
        await tx.items.addArtifacts([artifact]);
        await this.#deps.ledger.appendIn(tx, {
          actor,
          action: 'sealed',
          caseId: view.caseId,
          itemId,
          reason: 'evidence package written at capture',
          data: {
            sha256: ref.sha256,
            size: ref.size,
            timestamped: result.timestamped,
            timestampFailures: result.timestampFailures,
          },
        });
      });
      const linked = await this.#linkPackage(itemId, ref.sha256);
      return {
        path: linked,
        sha256: ref.sha256,
        size: ref.size,
        timestamped: result.timestamped,
        status: result.status,
        timestampFailures: result.timestampFailures,
      };
    } finally {
      await fsp.rm(result.path, { force: true });
    }
  }

  /** Builds a package of several capture items at `out` (no ledger event: callers record why). */
  async buildPackage(
    actor: string,
    items: readonly ItemView[],
    out: string,
    tsaUrls?: readonly string[],
    onProgress?: (p: CaptureProgress) => void,
  ): Promise<WritePackageResult> {
    const first = items[0];
    if (!first) throw invalidInput('nothing to package');
    const caseIds = new Set(items.map((item) => item.caseId));
    if (caseIds.size > 1)
      throw invalidInput(`a package holds one case's items; these span ${[...caseIds].join(', ')}`);
    const scratch = await fsp.mkdtemp(path.join(this.#deps.workDir, 'package-'));
    try {
      const warcFiles: string[] = [];
      const extraFiles: { path: string; file?: string; data?: string }[] = [];
      const expected = new Map<string, { item: ItemView; sha256: string }>();
      for (const item of items) {
        const warc = item.artifacts.find((artifact) => artifact.role === 'warc');
        if (!warc)
          throw invalidInput(`item ${item.id} has no web archive; only captures can be packaged`, {
            hint: 'retrieve a file item with `vigil item get`',
          });
        // Linked, not copied: the package writer hashes every byte it packs, and the check after
        // it refuses a package whose WARC is not the one recorded (a tampered blob).
        const file = path.join(scratch, `${item.id}.warc.gz`);
        await this.#linkOrCopy(warc.sha256, file);
        warcFiles.push(file);
        expected.set(`archive/${item.id}.warc.gz`, { item, sha256: warc.sha256 });
        extraFiles.push({
          path: `vigil/items/${item.id}.json`,
          data: JSON.stringify(item, null, 2),
        });
      }
      const kase = await this.#deps.cases.show(first.caseId);
      const bases = kase.legalBases.filter((basis) =>
        items.some((item) => item.legalBasisId === basis.id),
      );
      onProgress?.({
        stage: 'timestamping',
        detail: `asking ${(tsaUrls ?? this.#deps.tsaUrls).length} TSA(s)`,
      });
      const written = await this.#deps.packager({
        out,
        warcFiles,
        pages: items.flatMap(
          (item) =>
            (item.metadata.pages as { url: string; ts: string; title: string }[] | undefined) ?? [],
        ),
        extraFiles,
        vigilMetadata: {
          case: { id: kase.id, title: kase.title, workspace: kase.workspace },
          legalBasis: bases.map((basis: LegalBasis) => ({
            id: basis.id,
            authority: basis.authority,
            reference: basis.reference,
            purpose: basis.purpose,
            validFrom: basis.validFrom,
            validUntil: basis.validUntil,
          })),
          items: items.map((item) => ({
            id: item.id,
            sha256: item.sha256,
            url: item.sourceUrl,
            collectedAt: item.collectedAt,
            collectedBy: item.collectedBy,
            artifacts: item.artifacts.map(({ role, sha256, size }) => ({ role, sha256, size })),
          })),
          provenance: items.map((item) => item.metadata.provenance ?? null),
          packagedBy: actor,
          tool: VIGIL_TOOL,
        },
        ledgerSegment: await this.#deps.ledger.exportSegment(actor, {
          caseId: first.caseId,
          itemIds: items.map((item) => item.id),
        }),
        signer: this.#deps.signer,
        tsaUrls: tsaUrls ?? this.#deps.tsaUrls,
        clock: this.#deps.clock,
        software: `Vigil ${VIGIL_VERSION}`,
        title:
          items.length === 1 ? `${first.id}: ${first.name}` : `${kase.id}: ${items.length} items`,
      });
      for (const resource of written.resources) {
        const wanted = expected.get(resource.path);
        if (wanted && resource.hash !== `sha256:${wanted.sha256}`) {
          await fsp.rm(written.path, { force: true });
          const detail = `the stored web archive of ${wanted.item.id} no longer matches its SHA-256 (${wanted.sha256}); the package was not kept`;
          await this.#deps.ledger.append({
            actor,
            action: 'integrity_failure',
            caseId: wanted.item.caseId,
            itemId: wanted.item.id,
            reason: detail,
            data: { sha256: wanted.sha256, packaged: resource.hash },
          });
          throw integrityError(detail, {
            hint: 'restore the store from backup; run `vigil store verify`',
          });
        }
      }
      return written;
    } finally {
      await fsp.rm(scratch, { recursive: true, force: true });
    }
  }

  /**
   * Packages several items of one case into a new file: a `combination` event when it joins
   * several items, a `disclosure` event (with the recipient, R7) when it is made for someone.
   */
  async packageItems(request: {
    actor: string;
    itemIds: readonly string[];
    caseId?: string | undefined;
    out: string;
    recipient?: string | undefined;
    reason?: string | undefined;
    tsaUrls?: readonly string[] | undefined;
    /**
     * What the ledger records as the package (default: the path written). A server streaming the
     * package from scratch space names the delivered file, not a path that is gone afterwards.
     */
    label?: string | undefined;
  }): Promise<SealedPackage & { items: string[]; events: string[] }> {
    const ids = request.caseId
      ? (await this.#deps.store.items.listByCase(request.caseId))
          .filter((item) => item.kind === 'capture')
          .map((item) => item.id)
      : [...request.itemIds];
    if (request.caseId) await this.#deps.cases.show(request.caseId);
    if (ids.length === 0)
      throw invalidInput(`case ${request.caseId ?? '?'} has no captures to package`);
    const items = await Promise.all(ids.map((id) => this.#view(id)));
    // R12: an erased item is a tombstone; its bytes are gone and cannot be disclosed.
    const erased = items.filter((item) => item.erasedAt !== null);
    if (erased.length > 0)
      throw conflict(
        `the content of ${erased.map((item) => `${item.id} (erased ${item.erasedAt ?? ''})`).join(', ')} was erased under the case's retention; only the record and hashes remain, so it cannot be packaged`,
        {
          hint: 'package the other items; the erasure is in the case ledger',
          details: { erased: erased.map((item) => item.id) },
        },
      );
    const out = path.resolve(request.out);
    const result = await this.buildPackage(request.actor, items, out, request.tsaUrls);
    const caseId = items[0]?.caseId ?? null;
    const events: string[] = [];
    const data = {
      package: request.label ?? out,
      sha256: result.sha256,
      items: ids,
      timestamped: result.timestamped,
    };
    await this.#deps.store.transaction(async (tx) => {
      if (ids.length > 1) {
        events.push('combination');
        await this.#deps.ledger.appendIn(tx, {
          actor: request.actor,
          action: 'combination',
          caseId,
          reason: request.reason ?? `packaged ${ids.length} items together`,
          data,
        });
      }
      if (request.recipient) {
        events.push('disclosure');
        await this.#deps.ledger.appendIn(tx, {
          actor: request.actor,
          action: 'disclosure',
          caseId,
          reason: request.reason ?? `package for ${request.recipient}`,
          data: { ...data, recipient: request.recipient },
        });
      }
    });
    return {
      path: out,
      sha256: result.sha256,
      size: result.size,
      timestamped: result.timestamped,
      status: result.status,
      timestampFailures: result.timestampFailures,
      items: ids,
      events,
    };
  }

  async #storeArtifacts(result: CaptureResult): Promise<Omit<Artifact, 'itemId'>[]> {
    // The capture's own files: moved into the store, not copied (the outDir is scratch space),
    // all at once so their syncs overlap.
    const stored: Omit<Artifact, 'itemId'>[] = await Promise.all(
      CAPTURE_ARTIFACTS.map(async ({ role, pick, mediaType }) => {
        const file = pick(result);
        const ref = await this.#deps.blobs.adoptFile(file);
        return { role, ...ref, mediaType, name: path.basename(file), derivedFrom: null };
      }),
    );
    const json = (role: ArtifactRole, name: string, value: unknown) =>
      this.#deps.blobs
        .put(Readable.from([Buffer.from(JSON.stringify(value, null, 2))]))
        .then((ref) => ({ role, ...ref, mediaType: 'application/json', name, derivedFrom: null }));
    stored.push(await json('provenance', 'provenance.json', result.provenance));
    if (result.structured)
      stored.push(await json('structured', 'structured.json', result.structured));
    return stored;
  }

  async #commit(
    request: CaptureRequest,
    url: string,
    reason: string,
    result: CaptureResult,
    artifacts: Omit<Artifact, 'itemId'>[],
  ): Promise<Item> {
    return this.#deps.store.transaction(async (tx) => {
      // Re-checked under the write lock: the basis may have expired while the page loaded.
      const { basis } = await this.#deps.cases.authoriseIn(tx, request.caseId);
      const id = await tx.items.nextId();
      const warc = artifacts.find((artifact) => artifact.role === 'warc');
      if (!warc) throw new Error('the capture produced no WARC');
      const item: Item = {
        id,
        caseId: request.caseId,
        kind: 'capture',
        sha256: warc.sha256,
        md5: warc.md5,
        size: warc.size,
        mediaType: 'application/warc',
        name: result.title.trim() || result.provenance.finalUrl,
        sourceUrl: url,
        acquiredAt: null,
        collectedAt: this.#deps.clock.now().toISOString(),
        collectedBy: request.actor,
        reason,
        legalBasisId: basis.id,
        metadata: {
          status: result.status,
          title: result.title,
          finalUrl: result.provenance.finalUrl,
          persona: request.persona ?? null,
          removed: result.removed,
          structured: result.structured,
          media: result.media,
          pages: result.pages,
          exchanges: result.exchanges,
          provenance: result.provenance,
          recaptureOf: request.recaptureOf ?? null,
        },
        erasedAt: null,
      };
      await tx.items.insert(
        item,
        artifacts.map((artifact) => ({ ...artifact, itemId: id })),
      );
      await this.#deps.ledger.appendIn(tx, {
        actor: request.actor,
        action: 'collection',
        caseId: request.caseId,
        itemId: id,
        reason,
        data: {
          method: 'browser-capture',
          legalBasis: basis.reference,
          url,
          finalUrl: result.provenance.finalUrl,
          status: result.status,
          persona: request.persona ?? null,
          recaptureOf: request.recaptureOf ?? null,
          artifacts: artifacts.map(({ role, sha256 }) => ({ role, sha256 })),
        },
      });
      return item;
    });
  }

  async #authorised<T>(
    request: CaptureRequest,
    attempt: Record<string, unknown>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isRefused(error))
        await this.#deps.cases.recordRefusal(request.actor, request.caseId, attempt, error.message);
      throw error;
    }
  }

  async #view(itemId: string): Promise<ItemView> {
    const item = await this.#deps.store.items.get(itemId);
    if (!item) throw notFound(`item ${itemId} does not exist`);
    return { ...item, artifacts: await this.#deps.store.items.artifacts(itemId) };
  }

  async #comparable(item: Item) {
    const text = (await this.#deps.store.items.artifacts(item.id)).find(
      (artifact) => artifact.role === 'text',
    );
    const chunks: Buffer[] = [];
    if (text)
      for await (const chunk of this.#deps.blobs.read(text.sha256)) chunks.push(chunk as Buffer);
    const metadata = item.metadata as {
      status?: number | null;
      media?: { url: string }[];
      removed?: boolean;
    };
    return {
      status: metadata.status ?? null,
      text: Buffer.concat(chunks).toString('utf8'),
      media: metadata.media ?? [],
      removed: metadata.removed ?? false,
    };
  }

  async #copyVerified(sha256: string, target: string): Promise<void> {
    await pipeline(this.#deps.blobs.read(sha256), fs.createWriteStream(target, { flags: 'wx' }));
  }

  async #linkOrCopy(sha256: string, target: string): Promise<void> {
    const source = (this.#deps.blobs as BlobStore & { pathOf?: (sha: string) => string }).pathOf?.(
      sha256,
    );
    if (source) {
      try {
        await fsp.link(source, target);
        return;
      } catch {
        // another filesystem: copy through the verifying reader below
      }
    }
    await this.#copyVerified(sha256, target);
  }

  /** `<packagesDir>/<item>.wacz`, a hard link to the read-only blob: same bytes, no copy. */
  async #linkPackage(itemId: string, sha256: string): Promise<string> {
    await fsp.mkdir(this.#deps.packagesDir, { recursive: true, mode: 0o700 });
    const target = path.join(this.#deps.packagesDir, `${itemId}.wacz`);
    const source = (this.#deps.blobs as BlobStore & { pathOf?: (sha: string) => string }).pathOf?.(
      sha256,
    );
    await fsp.rm(target, { force: true });
    if (source) await fsp.link(source, target);
    else await this.#copyVerified(sha256, target);
    return target;
  }
}
