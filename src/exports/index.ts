/**
 * @module Wiring of reports and sharing on an opened Vigil, through the ports the composition
 * root wired (`vigil.store`, `vigil.exportsRepository`): one `ExportService` per Vigil, shared by
 * the CLI and the server. The composition root may take
 * this over (`vigil.exports`); until then `exportsFor(vigil)` is the one entry point.
 */
import type { Vigil } from '../app/vigil.js';
import { findChromium, DEFAULT_CHROMIUM_CANDIDATES } from '../capture/chromium.js';
import { ExportService } from './export-service.js';
import { ReportService } from './report-service.js';
import { PreservationService } from './preservation.js';
import { RedactionService } from './redaction.js';

export interface Exports {
  readonly service: ExportService;
  readonly reports: ReportService;
  readonly preservation: PreservationService;
  readonly redaction: RedactionService;
}

const cache = new WeakMap<Vigil, Exports>();

/** The reports-and-sharing services of an opened Vigil (created once per Vigil). */
export function exportsFor(vigil: Vigil): Exports {
  const cached = cache.get(vigil);
  if (cached) return cached;
  // The composition root wires the adapter (SQLite on the embedded default).
  const repository = vigil.exportsRepository;
  const service = new ExportService({
    store: vigil.store,
    blobs: vigil.blobs,
    ledger: vigil.ledger,
    clock: vigil.clock,
    keyId: vigil.signer.keyId,
    labels: vigil.triage,
    repository,
    showCase: (caseId) => vigil.cases.show(caseId),
  });
  const exports: Exports = {
    service,
    reports: new ReportService({
      exports: service,
      chromium: () => findChromium([vigil.config.chromium, ...DEFAULT_CHROMIUM_CANDIDATES]),
      publicKeyPem: vigil.signer.publicKeyPem,
    }),
    preservation: new PreservationService({
      store: vigil.store,
      ledger: vigil.ledger,
      clock: vigil.clock,
      repository,
      exports: service,
    }),
    redaction: new RedactionService({
      store: vigil.store,
      blobs: vigil.blobs,
      ledger: vigil.ledger,
      clock: vigil.clock,
      repository,
      exports: service,
    }),
  };
  cache.set(vigil, exports);
  return exports;
}

export { ExportService } from './export-service.js';
export type { ExportResult, Sink } from './export-service.js';
