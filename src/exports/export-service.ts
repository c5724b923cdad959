/**
 * @module Reports and sharing as one service the CLI and the server both call: person-made
 * annotations that exports need (Admiralty grade and provenance label, verification record,
 * fact/assessment assertions, confirmed indicators), the file exports (MISP, STIX, GraphML,
 * GEXF, MTGX, ANB, CSV), MISP import, redacted working copies, the court report and preservation requests.
 * Every export is logged as exactly one `disclosure` event with its recipient and SHA-256 (R7).
 */
import yazl from 'yazl';
import { createHash } from 'node:crypto';
import type { CaseView } from '../cases/types.js';
import type { Clock } from '../core/clock.js';
import { invalidInput, isIntegrityError, notFound } from '../core/errors.js';
import type { LedgerEvent } from '../custody/event.js';
import type { Ledger } from '../custody/ledger.js';
import type { BlobStore, MetadataStore } from '../evidence/ports.js';
import type { Item } from '../evidence/types.js';
import { pdqFromImage } from '../triage/hashing/image-hash.js';
import { PDQ_MIN_MATCH_QUALITY } from '../triage/hashing/pdq-hash.js';
import { toAnbCsv } from './anb.js';
import { buildCsv } from './csv.js';
import type { CsvList } from './csv.js';
import { gatherDossier } from './dossier.js';
import type { Dossier, DossierItem, LabelSource } from './dossier.js';
import {
  ADMIRALTY_CREDIBILITY,
  ADMIRALTY_RELIABILITY,
  ASSERTION_KINDS,
  CONFIDENCE_LEVELS,
  EXPORT_FORMATS,
  INDICATOR_TYPES,
  PROVENANCE_LABELS,
} from './export-types.js';
import type {
  AdmiraltyCredibility,
  AdmiraltyReliability,
  Assertion,
  AssertionKind,
  ConfidenceLevel,
  ConfirmedIndicator,
  ExportFormat,
  ExportsRepository,
  IndicatorType,
  ItemGrade,
  MispImport,
  ProvenanceLabel,
  VerificationRecord,
} from './export-types.js';
import { buildCaseGraph, toGexf, toGraphml } from './graph.js';
import { buildMispEvent, parseMispEvent } from './misp.js';
import { buildStixBundle } from './stix.js';

export interface ExportServiceDeps {
  readonly store: MetadataStore;
  readonly blobs: Pick<BlobStore, 'read' | 'put'>;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly keyId: string;
  readonly labels: LabelSource;
  readonly repository: ExportsRepository;
  readonly showCase: (caseId: string) => Promise<CaseView>;
  /** The organisation named in MISP and STIX (default: "Vigil"). */
  readonly organisation?: string;
}

/** What an export wrote: the bytes' SHA-256 and the disclosure that records them. */
export interface ExportResult {
  readonly format: string;
  readonly caseId: string;
  readonly path: string | null;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly recipient: string;
  readonly items: readonly string[];
  /** The `disclosure` ledger event's sequence number. */
  readonly disclosure: number;
}

/** A ZIP with one member, built in memory (graph files are small), with a fixed time for repeatability. */
function zipOne(name: string, content: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(content, 'utf8'), name, { mtime: new Date('2000-01-01T00:00:00Z') });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Writes the bytes somewhere (a file, an HTTP body) and returns where, before they are logged. */
export type Sink = (bytes: Buffer) => Promise<string | null>;

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  misp: 'application/json',
  stix: 'application/stix+json;version=2.1',
  graphml: 'application/graphml+xml',
  gexf: 'application/gexf+xml',
  mtgx: 'application/zip',
  anb: 'text/csv; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const oneOf = <T extends string>(list: readonly T[], value: string, what: string): T => {
  if (!(list as readonly string[]).includes(value))
    throw invalidInput(`${what} must be one of ${list.join(', ')}, got "${value}"`);
  return value as T;
};

const required = (value: string | undefined, what: string, hint: string): string => {
  const text = value?.trim();
  if (!text) throw invalidInput(`${what} is required`, { hint });
  return text;
};

export const RECIPIENT_HINT =
  'name who receives it (LED Art. 25 logs every disclosure with its recipient), e.g. --recipient "Public Prosecutor, Fictional District"';

export class ExportService {
  readonly #deps: ExportServiceDeps;

  constructor(deps: ExportServiceDeps) {
    this.#deps = deps;
  }

  get deps(): ExportServiceDeps {
    return this.#deps;
  }

  /** Admiralty grading of the source and information (R10) and, optionally, the provenance label (R20). */
  async grade(
    actor: string,
    itemId: string,
    input: {
      reliability: string;
      credibility: string;
      provenance?: string | undefined;
      authorisationRef?: string | undefined;
      reason: string;
    },
  ): Promise<ItemGrade> {
    const item = await this.#item(itemId);
    const label = input.provenance
      ? oneOf<ProvenanceLabel>(PROVENANCE_LABELS, input.provenance, 'the provenance label')
      : null;
    const authorisationRef = input.authorisationRef?.trim() || null;
    if ((label === 'order' || label === 'consent') && !authorisationRef)
      throw invalidInput(`a "${label}" provenance label needs the reference of the ${label}`, {
        hint: '--authorisation "PO-2026-17 (Fictional District Court)"',
      });
    const grade: ItemGrade = {
      itemId,
      reliability: oneOf<AdmiraltyReliability>(
        ADMIRALTY_RELIABILITY,
        input.reliability.toUpperCase(),
        'reliability',
      ),
      credibility: oneOf<AdmiraltyCredibility>(
        ADMIRALTY_CREDIBILITY,
        input.credibility,
        'credibility',
      ),
      provenanceLabel: label,
      authorisationRef,
      gradedBy: actor,
      gradedAt: this.#now(),
      reason: required(
        input.reason,
        'a reason',
        '--reason "source posted verified content before"',
      ),
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.setGrade(grade);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId,
        reason: grade.reason,
        data: {
          grade: `${grade.reliability}${grade.credibility}`,
          provenanceLabel: label,
          authorisationRef,
        },
      });
    });
    return grade;
  }

  /** A verification record (R19; Berkeley Protocol verification: source, content, technical). */
  async recordVerification(
    actor: string,
    itemId: string,
    input: { source: string; content: string; technical: string; confidence: string },
  ): Promise<VerificationRecord> {
    const item = await this.#item(itemId);
    const record: VerificationRecord = {
      itemId,
      source: required(
        input.source,
        '--source (source analysis)',
        'who published it and how you know',
      ),
      content: required(
        input.content,
        '--content (content analysis)',
        'what it shows and how that was checked',
      ),
      technical: required(
        input.technical,
        '--technical (technical analysis)',
        'hashes, metadata, reverse image search',
      ),
      confidence: oneOf<ConfidenceLevel>(CONFIDENCE_LEVELS, input.confidence, 'confidence'),
      recordedBy: actor,
      recordedAt: this.#now(),
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.setVerification(record);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId,
        reason: 'verification record',
        data: { verification: record.confidence },
      });
    });
    return record;
  }

  /** An assertion for the report; unflagged ones (kind null) block the report (R10, LED Art. 7). */
  async addAssertion(
    actor: string,
    itemId: string,
    text: string,
    kind?: string,
  ): Promise<Assertion> {
    const item = await this.#item(itemId);
    const body = required(
      text,
      'the assertion text',
      '--text "the account posted the same poster on 3 May"',
    );
    const flag = kind ? oneOf<AssertionKind>(ASSERTION_KINDS, kind, 'the kind') : null;
    return this.#deps.store.transaction(async (tx) => {
      const saved = await this.#deps.repository.addAssertion({
        itemId,
        text: body,
        kind: flag,
        author: actor,
        createdAt: this.#now(),
      });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId,
        reason: 'assertion added',
        data: { assertion: saved.id, kind: flag },
      });
      return saved;
    });
  }

  /** Flags an existing assertion as fact or assessment. */
  async flagAssertion(actor: string, id: number, kind: string): Promise<Assertion> {
    const existing = await this.#deps.repository.assertion(id);
    if (!existing) throw notFound(`assertion ${id} does not exist`);
    const item = await this.#item(existing.itemId);
    const flag = oneOf<AssertionKind>(ASSERTION_KINDS, kind, 'the kind');
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.flagAssertion(id, flag);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: item.caseId,
        itemId: item.id,
        reason: `assertion ${id} flagged as ${flag}`,
        data: { assertion: id, kind: flag, previous: existing.kind },
      });
    });
    return { ...existing, kind: flag };
  }

  /** A person confirms an indicator for sharing (R14 for entities: nothing machine-found leaves unconfirmed). */
  async confirmIndicator(
    actor: string,
    itemId: string,
    type: string,
    value: string,
    reason: string,
  ): Promise<ConfirmedIndicator> {
    const item = await this.#item(itemId);
    const indicator: ConfirmedIndicator = {
      itemId,
      type: oneOf<IndicatorType>(INDICATOR_TYPES, type, 'the indicator type'),
      value: required(value, 'the value', 'the address, URL or handle as found'),
      confirmedBy: actor,
      confirmedAt: this.#now(),
      reason: required(reason, 'a reason', '--reason "wallet named in the donation appeal"'),
    };
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.addIndicator(indicator);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'reviewed',
        caseId: item.caseId,
        itemId,
        reason: indicator.reason,
        data: { indicator: indicator.type, value: indicator.value, decision: 'accepted' },
      });
    });
    return indicator;
  }

  /** The dossier of a case (items in `itemIds` order when given). */
  dossier(actor: string, caseId: string, itemIds?: readonly string[]): Promise<Dossier> {
    return gatherDossier(
      {
        store: this.#deps.store,
        ledger: this.#deps.ledger,
        clock: this.#deps.clock,
        labels: this.#deps.labels,
        repository: this.#deps.repository,
        keyId: this.#deps.keyId,
        showCase: this.#deps.showCase,
      },
      actor,
      caseId,
      itemIds,
    );
  }

  /** Renders a case in a sharing format, hands the bytes to `sink`, and logs one disclosure. */
  async exportCase(
    actor: string,
    request: {
      caseId: string;
      format: string;
      recipient: string | undefined;
      reason?: string | undefined;
      list?: CsvList | undefined;
      itemIds?: readonly string[] | undefined;
    },
    sink: Sink,
  ): Promise<ExportResult> {
    const format = oneOf<ExportFormat>(EXPORT_FORMATS, request.format, 'the export format');
    const recipient = required(request.recipient, '--recipient', RECIPIENT_HINT);
    const d = await this.dossier(actor, request.caseId, request.itemIds);
    const organisation = this.#deps.organisation ?? 'Vigil';
    let text = '';
    let binary: Buffer | null = null;
    switch (format) {
      case 'misp':
        text = `${JSON.stringify(buildMispEvent(d, { organisation }), null, 2)}\n`;
        break;
      case 'stix': {
        const pdq = await this.#pdqs(actor, d);
        text = `${JSON.stringify(buildStixBundle(d, { organisation, pdq: (e) => pdq.get(e.item.id) ?? null }), null, 2)}\n`;
        break;
      }
      case 'graphml':
        text = toGraphml(buildCaseGraph(d), d.case.id);
        break;
      case 'gexf':
        text = toGexf(buildCaseGraph(d));
        break;
      case 'mtgx':
        // Maltego's graph file: a ZIP holding the graph as Graphs/Graph1.graphml (R22).
        binary = await zipOne('Graphs/Graph1.graphml', toGraphml(buildCaseGraph(d), d.case.id));
        break;
      case 'anb':
        text = toAnbCsv(buildCaseGraph(d), d);
        break;
      case 'csv':
        text = buildCsv(d, request.list ?? 'exhibits');
        break;
    }
    return this.disclose(actor, {
      caseId: d.case.id,
      format: format === 'csv' ? `csv-${request.list ?? 'exhibits'}` : format,
      bytes: binary ?? Buffer.from(text, 'utf8'),
      mediaType: MEDIA_TYPES[format],
      recipient,
      reason: request.reason,
      items: d.items.map((e) => e.item.id),
      sink,
    });
  }

  /**
   * Hands `bytes` to the sink, then logs exactly one `disclosure` with the recipient and the
   * SHA-256 of what left (R7, R22). The ledger never claims a disclosure the sink refused.
   */
  async disclose(
    actor: string,
    request: {
      caseId: string;
      format: string;
      bytes: Buffer;
      mediaType: string;
      recipient: string;
      reason?: string | undefined;
      items: readonly string[];
      sink: Sink;
      data?: Record<string, unknown>;
    },
  ): Promise<ExportResult> {
    const sha256 = createHash('sha256').update(request.bytes).digest('hex');
    const where = await request.sink(request.bytes);
    const event: LedgerEvent = await this.#deps.ledger.append({
      actor,
      action: 'disclosure',
      caseId: request.caseId,
      reason: request.reason?.trim() || `${request.format} export for ${request.recipient}`,
      data: {
        recipient: request.recipient,
        format: request.format,
        sha256,
        size: request.bytes.length,
        file: where,
        items: [...request.items],
        ...request.data,
      },
    });
    return {
      format: request.format,
      caseId: request.caseId,
      path: where,
      sha256,
      size: request.bytes.length,
      mediaType: request.mediaType,
      recipient: request.recipient,
      items: [...request.items],
      disclosure: event.seq,
    };
  }

  /**
   * Imports a MISP event into a case (R28): its objects and attributes become case entities, kept
   * as they came, and the import is logged as a `collection` with the file's SHA-256.
   */
  async importMisp(
    actor: string,
    caseId: string,
    bytes: Buffer,
    reason?: string,
  ): Promise<MispImport & { entities: number }> {
    await this.#deps.showCase(caseId);
    const parsed = parseMispEvent(bytes.toString('utf8'));
    const fileSha256 = createHash('sha256').update(bytes).digest('hex');
    return this.#deps.store.transaction(async (tx) => {
      const saved = await this.#deps.repository.addImport(
        {
          caseId,
          eventUuid: parsed.eventUuid,
          event: parsed.meta,
          fileSha256,
          importedBy: actor,
          importedAt: this.#now(),
        },
        parsed.entities,
      );
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'collection',
        caseId,
        reason: reason?.trim() || `MISP event ${parsed.eventUuid} imported`,
        data: {
          method: 'misp-import',
          eventUuid: parsed.eventUuid,
          sha256: fileSha256,
          entities: parsed.entities.length,
        },
      });
      return { ...saved, entities: parsed.entities.length };
    });
  }

  /** Reads a blob, re-verified; a mismatch is logged as `integrity_failure` and stops (R4). */
  async readVerified(actor: string, item: Item, sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.#deps.blobs.read(sha256)) chunks.push(chunk as Buffer);
    } catch (error) {
      if (isIntegrityError(error))
        await this.#deps.ledger.append({
          actor,
          action: 'integrity_failure',
          caseId: item.caseId,
          itemId: item.id,
          reason: `export: ${error.message}`,
          data: { sha256 },
        });
      throw error;
    }
    return Buffer.concat(chunks);
  }

  /** PDQ of each image file item (quality ≥ 50 only: below it PDQ is not meaningful). */
  async #pdqs(actor: string, d: Dossier): Promise<Map<string, { hash: string; quality: number }>> {
    const out = new Map<string, { hash: string; quality: number }>();
    for (const entry of d.items) {
      const original = imageOriginal(entry);
      if (!original) continue;
      const bytes = await this.readVerified(actor, entry.item, original);
      try {
        const pdq = await pdqFromImage(bytes);
        if (pdq.quality >= PDQ_MIN_MATCH_QUALITY) out.set(entry.item.id, pdq);
      } catch {
        // An image sharp cannot decode has no PDQ; the SHA-256 still identifies it.
      }
    }
    return out;
  }

  async item(itemId: string): Promise<Item> {
    return this.#item(itemId);
  }

  async #item(itemId: string): Promise<Item> {
    const item = await this.#deps.store.items.get(itemId);
    if (!item)
      throw notFound(`item ${itemId} does not exist`, {
        hint: 'list items with `vigil item list --case ID`',
      });
    return item;
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }
}

/** The SHA-256 of an item's original image, if it is an image file not erased. */
function imageOriginal(entry: DossierItem): string | null {
  if (entry.item.erasedAt || entry.item.kind !== 'file') return null;
  const original = entry.artifacts.find((a) => a.role === 'original');
  return original && original.mediaType.startsWith('image/') ? original.sha256 : null;
}
