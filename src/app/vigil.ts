/**
 * @module The composition root: builds Vigil's services on the embedded default adapters (SQLite
 * + filesystem) under `$VIGIL_HOME`. The CLI and the server call this, then one service method.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CaptureService } from '../capture/capture-service.js';
import type { CaptureEngine, CaptureRequest } from '../capture/capture-service.js';
import { DEFAULT_CHROMIUM_CANDIDATES, findChromium } from '../capture/chromium.js';
import { AccessService } from '../cases/access-service.js';
import { CaseService } from '../cases/case-service.js';
import { AnnotationService } from '../cases/annotations.js';
import { ExposureService } from '../cases/exposure.js';
import { RetentionService } from '../cases/retention.js';
import { ProgressHub } from '../core/progress-hub.js';
import { SearchService } from '../search/search.js';
import { SqliteAnnotationRepository } from '../store/sqlite/annotation-repository.js';
import { SqliteSearchIndex } from '../store/sqlite/search-index.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { JobQueue } from '../core/jobs.js';
import { VIGIL_VERSION } from '../core/version.js';
import { Ledger } from '../custody/ledger.js';
import { EvidenceService } from '../evidence/evidence-service.js';
import type { ExportsRepository } from '../exports/export-types.js';
import type { FileInspector, MetadataStore, Signer } from '../evidence/ports.js';
import { argon2Hasher } from '../store/argon2-hasher.js';
import { ExiftoolInspector } from '../store/file-inspector.js';
import { FsBlobStore } from '../store/fs-blob-store.js';
import { ensureSigningKey } from '../store/key-file.js';
import { SqliteAccessRepository } from '../store/sqlite/access-repository.js';
import { SqliteExportsRepository } from '../store/sqlite/exports-repository.js';
import { SqliteExposureRepository } from '../store/sqlite/exposure-repository.js';
import { SqliteHashListRepository } from '../store/sqlite/hashlist-repository.js';
import { SqliteJobRepository } from '../store/sqlite/job-repository.js';
import { SqliteTriageRepository } from '../store/sqlite/triage-repository.js';
import { RunRegistry } from '../store/run-registry.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { createHashListService } from '../triage/hashlist/hashlist-service.js';
import type { HashListService } from '../triage/hashlist/hashlist-service.js';
import { TriageService } from '../triage/triage-service.js';

export interface Vigil {
  readonly config: Config;
  readonly clock: Clock;
  readonly store: MetadataStore;
  readonly blobs: FsBlobStore;
  readonly signer: Signer;
  readonly ledger: Ledger;
  readonly cases: CaseService;
  readonly evidence: EvidenceService;
  readonly access: AccessService;
  readonly capture: CaptureService;
  readonly retention: RetentionService;
  /** Known-content hash lists and matching (issue 5). */
  readonly hashlists: HashListService;
  /** Live progress of running jobs (captures), for server-sent events. */
  readonly progress: ProgressHub;
  readonly annotations: AnnotationService;
  /** Exposure to graphic media per person, stored (R18). */
  readonly exposure: ExposureService;
  readonly search: SearchService;
  /** Triage of items: runs, results, reviews (R14). */
  readonly triage: TriageService;
  /** Persisted background jobs (automatic triage); `drain()` runs what is queued. */
  readonly jobs: JobQueue;
  /** Services this installation started (the training range), found by other processes. */
  readonly runs: RunRegistry;
  /** Storage of reports and sharing (grades, assertions, redactions, imports); see `exportsFor`. */
  readonly exportsRepository: ExportsRepository;
  /** True when this open created the installation (first use). */
  readonly initialised: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly clock?: Clock;
  readonly inspector?: FileInspector;
  readonly captureEngine?: CaptureEngine;
}

/** What a queued capture carries (no callbacks: it is stored as JSON). */
export type CaptureJobPayload = Omit<CaptureRequest, 'onProgress'>;

export interface Layout {
  readonly database: string;
  readonly blobs: string;
  readonly keys: string;
  /** Scratch space (captures in progress, uploads, packages being built). */
  readonly work: string;
  /** Sealed packages, linked as `<item>.wacz`. */
  readonly packages: string;
}

export const layoutOf = (home: string): Layout => ({
  database: path.join(home, 'vigil.db'),
  blobs: path.join(home, 'blobs'),
  keys: path.join(home, 'keys'),
  work: path.join(home, 'tmp'),
  packages: path.join(home, 'packages'),
});

/**
 * Opens the installation at `config.home`, creating it on first use (`vigil init` does the same
 * explicitly): directories (mode 0700), the database, the blob store and the Ed25519 key.
 */
export async function openVigil(config: Config, options: OpenOptions = {}): Promise<Vigil> {
  const layout = layoutOf(config.home);
  fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
  const { created, signer } = ensureSigningKey(layout.keys);
  const store = openSqliteStore(layout.database);
  const blobs = new FsBlobStore(layout.blobs);
  const clock = options.clock ?? systemClock;
  const ledger = new Ledger({ store, signer, clock });
  const cases = new CaseService({ store, ledger, clock });
  const jobs = new JobQueue({ repository: new SqliteJobRepository(store), clock });
  const hashlists = createHashListService({
    repository: new SqliteHashListRepository(store.db),
    clock,
  });
  const triage = new TriageService({
    store,
    blobs,
    ledger,
    clock,
    repository: new SqliteTriageRepository(store.db),
    hashes: hashlists,
  });
  // Search reads annotations; annotations ask search to re-index: the late binding breaks the cycle.
  let reindex: (itemId: string) => Promise<void> = () => Promise.resolve();
  const annotations: AnnotationService = new AnnotationService({
    repository: new SqliteAnnotationRepository(store.db),
    store,
    ledger,
    clock,
    onChange: (itemId: string) => reindex(itemId),
  });
  const search = new SearchService({
    index: new SqliteSearchIndex(store.db),
    store,
    blobs,
    annotations,
  });
  reindex = (itemId) => search.reindexItem(itemId);
  jobs.handle('index', async (payload) => {
    await search.reindexItem(String(payload.itemId));
    return { indexed: payload.itemId };
  });
  jobs.handle('triage', async (payload) => {
    const result = await triage.runJob(payload);
    // Triage may add OCR text: index it too.
    await search.reindexItem(String(payload.itemId));
    return result;
  });
  // Every collected item is indexed and triaged as jobs (issues 5, 6), queued once the
  // collection commits, so a failure there never undoes or hides a collection.
  const onCollected = async (itemIds: string[]) => {
    for (const itemId of itemIds) {
      await jobs.enqueue('index', { itemId });
      await jobs.enqueue('triage', { itemId });
    }
  };
  const evidence = new EvidenceService({
    store,
    blobs,
    inspector: options.inspector ?? new ExiftoolInspector(),
    ledger,
    cases,
    clock,
    blobPath: (sha256) => blobs.pathOf(sha256),
    onCollected,
  });
  const access = new AccessService({
    repository: new SqliteAccessRepository(store.db),
    hasher: argon2Hasher,
    store,
    ledger,
    clock,
  });
  fs.mkdirSync(layout.work, { recursive: true, mode: 0o700 });
  const runs = new RunRegistry(config.home);
  const retention = new RetentionService({
    store,
    ledger,
    evidence,
    clock,
    onErased: async (itemId) => {
      await triage.forgetItem(itemId);
      await search.reindexItem(itemId);
    },
  });
  const capture = new CaptureService({
    store,
    blobs,
    ledger,
    cases,
    clock,
    signer,
    // Loaded on first use: the browser driver and the packager are heavy, and most commands
    // never need them.
    engine:
      options.captureEngine ??
      (async (url, opts) => (await import('../capture/capture-url.js')).captureUrl(url, opts)),
    packager: async (opts) => (await import('../package/index.js')).writePackage(opts),
    chromium: () => findChromium([config.chromium, ...DEFAULT_CHROMIUM_CANDIDATES]),
    workDir: layout.work,
    packagesDir: layout.packages,
    allowHosts: () => [...config.allowHosts, ...runs.rangeHosts()],
    tsaUrls: config.tsaUrls,
    authorisePersona: (actor, persona) => access.authorisePersona(actor, persona),
    onCollected,
  });
  const progress = new ProgressHub();
  // Captures requested over HTTP run as jobs; their stages stream to the client (issue 6).
  jobs.handle('capture', async (payload, job) => {
    const request = payload as unknown as CaptureJobPayload;
    const outcome = await capture.capture({
      ...request,
      onProgress: (event) => progress.publish(job.id, { ...event, at: clock.now().toISOString() }),
    });
    return {
      itemId: outcome.id,
      package: outcome.package,
      sealed: outcome.sealed.sha256,
      timestamped: outcome.sealed.timestamped,
    };
  });
  jobs.handle('recapture', async (payload, job) => {
    const request = payload as { actor: string; itemId: string; reason?: string; persona?: string };
    const outcome = await capture.recapture(request.actor, request.itemId, request.reason, {
      persona: request.persona,
      onProgress: (event) => progress.publish(job.id, { ...event, at: clock.now().toISOString() }),
    });
    return {
      itemId: outcome.id,
      previous: outcome.previous,
      changed: outcome.changed,
      gone: outcome.gone,
      goneReason: outcome.goneReason,
      package: outcome.package,
    };
  });
  // The first process to reach an empty ledger records the installation's birth and its key.
  const initialised = await store.transaction(async (tx) => {
    if (await tx.ledger.last()) return false;
    await ledger.appendIn(tx, {
      actor: config.user,
      action: 'store_initialised',
      reason: 'first use of this Vigil home',
      data: { home: config.home, version: VIGIL_VERSION },
    });
    await ledger.appendIn(tx, {
      actor: config.user,
      action: 'key_created',
      reason: created ? 'installation signing key created' : 'installation signing key adopted',
      data: { keyId: signer.keyId, algorithm: 'Ed25519', publicKey: signer.publicKeyPem },
    });
    return true;
  });
  return {
    config,
    clock,
    store,
    blobs,
    signer,
    ledger,
    cases,
    evidence,
    access,
    capture,
    retention,
    hashlists,
    progress,
    annotations,
    exposure: new ExposureService({ repository: new SqliteExposureRepository(store.db), clock }),
    search,
    triage,
    jobs,
    runs,
    exportsRepository: new SqliteExportsRepository(store.db),
    initialised,
    close: async () => {
      await jobs.stop();
      await store.close();
    },
  };
}
