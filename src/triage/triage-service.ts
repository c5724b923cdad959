/**
 * @module Triage as part of the evidence workflow: `triageItem` reads an item's artifacts
 * (verified), runs OCR, the text indicators, entity extraction and hash-list matching, keeps OCR
 * text as a derived artifact with its provenance, stores every result as `suggested`, and logs
 * the run; `reviewFlag` records a person's decision (R14); `exportableLabels` is the only door
 * through which a label may leave Vigil.
 */
import type { Clock } from '../core/clock.js';
import { integrityError, invalidInput, notFound } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';
import type { Artifact, Item } from '../evidence/types.js';
import { extractEntities } from './entities/entities.js';
import { PDQ_MATCH_DISTANCE, PDQ_MIN_MATCH_QUALITY } from './hashing/pdq-hash.js';
import type { HashMatch } from './hashlist/hashlist-service.js';
import { ocrImage } from './ocr/ocr.js';
import { analyzeText } from './text/analyze-text.js';
import type {
  HashMatcher,
  OcrEngine,
  RunResults,
  TextAnalyzer,
  TriageBlobs,
  TriageRepository,
} from './triage-ports.js';
import { matchDrafts, spanContext, textDrafts } from './triage-drafts.js';
import { planTriage, structuredTexts } from './triage-sources.js';
import { EvidenceReader, short } from './triage-reader.js';
import type { Gathered } from './triage-reader.js';
import { REVIEW_DECISIONS } from './triage-types.js';
import type {
  EntityLink,
  ExportableLabel,
  FlagDraft,
  ResultOrigin,
  ReviewDecision,
  TriageEngines,
  TriageEntity,
  TriageFlag,
  TriageReport,
  TriageRun,
  TriageTrigger,
} from './triage-types.js';

export interface TriageServiceDeps {
  readonly store: MetadataStore;
  readonly blobs: TriageBlobs;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly repository: TriageRepository;
  readonly hashes: HashMatcher;
  /** Default: `analyzeText` with the shipped lexicon. */
  readonly text?: TextAnalyzer;
  /** Default: tesseract with every installed language; null turns OCR off. */
  readonly ocr?: OcrEngine | null;
}

export interface TriageOptions {
  /** Who the run is recorded for; default: the item's collector (automatic runs). */
  readonly actor?: string;
  readonly trigger?: TriageTrigger;
  readonly reason?: string;
}

/** The shipped analyser: `analyzeText` and its engine identity. */
export const defaultTextAnalyzer: TextAnalyzer = {
  analyze: (text) => analyzeText(text),
  engine: () => analyzeText('').engine,
};

/** Texts larger than this are analysed up to this many characters, and the run says so. */
const MAX_TEXT_CHARS = 16 * 1024 * 1024;

export class TriageService {
  readonly #deps: TriageServiceDeps;
  readonly #text: TextAnalyzer;
  readonly #ocr: OcrEngine | null;

  constructor(deps: TriageServiceDeps) {
    this.#deps = deps;
    this.#text = deps.text ?? defaultTextAnalyzer;
    this.#ocr = deps.ocr === undefined ? (image) => ocrImage(image) : deps.ocr;
  }

  /**
   * Triages one item and stores the results as suggestions. Evidence is only read (re-verified);
   * OCR text becomes a new `derived` artifact with `derivedFrom` = the image.
   *
   * Ledger: a `triaged` event, not `alteration` or `combination`. LED Art. 25 `alteration` is a
   * change to the data; nothing held is changed (the evidentiary copies stay byte-identical and
   * the OCR text is a new working copy beside them, R5). `combination` is the joining of
   * different data sets; a run reads one item only (cross-case entity links are computed when a
   * person asks for them, not here). The event records every engine, lexicon and list version
   * and the counts, so the run can be explained and repeated.
   */
  async triageItem(itemId: string, options: TriageOptions = {}): Promise<TriageRun> {
    const item = await this.#requireItem(itemId);
    if (item.erasedAt) {
      throw notFound(
        `the content of item ${itemId} was erased on ${item.erasedAt}; there is nothing to triage`,
      );
    }
    const actor = options.actor ?? item.collectedBy;
    const reader = new EvidenceReader(this.#deps, actor, item);
    const trigger = options.trigger ?? 'on-demand';
    const startedAt = this.#now();
    const plan = planTriage(await this.#deps.store.items.artifacts(itemId));
    const notes: string[] = [];

    const gathered: Gathered = { texts: [], ocr: [], derived: [], ocrEngine: null };
    for (const artifact of plan.texts) {
      let text = (await reader.read(artifact)).toString('utf8');
      if (text.length > MAX_TEXT_CHARS) {
        notes.push(
          `${artifact.role} ${short(artifact.sha256)}: analysed the first ${MAX_TEXT_CHARS} characters only`,
        );
        text = text.slice(0, MAX_TEXT_CHARS);
      }
      gathered.texts.push({
        origin: { artifactSha256: artifact.sha256, role: artifact.role },
        text,
      });
    }
    for (const artifact of plan.structured) {
      const json = (await reader.read(artifact)).toString('utf8');
      gathered.texts.push(...structuredTexts(artifact, json));
    }
    await reader.ocrImages(plan.images, this.#ocr, gathered, notes);

    const textEngine = this.#text.engine();
    const flags: FlagDraft[] = [];
    const entities: RunResults['entities'][number][] = [];
    const languages: TriageRun['languages'][number][] = [];
    for (const source of gathered.texts) {
      const analysis = this.#text.analyze(source.text);
      languages.push({ origin: source.origin, language: analysis.language });
      const drafts = textDrafts(source.origin, analysis);
      flags.push(...drafts.flags);
      entities.push(...drafts.entities);
    }

    const lists = await this.#deps.hashes.listHashLists();
    const matches: RunResults['matches'][number][] = [];
    if (lists.length === 0 && plan.files.length > 0)
      notes.push('no hash list imported: nothing to match the files against');
    else {
      for (const artifact of plan.files) {
        const drafts = matchDrafts(
          artifact,
          await this.#matchFile(reader, item, artifact, notes),
          flags.length,
        );
        flags.push(...drafts.flags);
        matches.push(...drafts.matches);
      }
    }

    const engines: TriageEngines = {
      text: textEngine,
      ocr: gathered.ocrEngine,
      lists: lists.map((l) => ({
        name: l.name,
        fileSha256: l.provenance.fileSha256,
        importedAt: l.provenance.importedAt,
        entries: l.entryCount,
      })),
      pdq: { distance: PDQ_MATCH_DISTANCE, minQuality: PDQ_MIN_MATCH_QUALITY },
    };
    const counts = {
      flags: flags.length,
      matches: matches.length,
      entities: entities.length,
      ocr: gathered.ocr.length,
      texts: gathered.texts.length,
      files: plan.files.length,
    };
    return this.#deps.store.transaction(async (tx) => {
      const present = new Set(
        (await tx.items.artifacts(itemId)).map((a) => `${a.role}:${a.sha256}`),
      );
      const fresh = gathered.derived.filter((a) => !present.has(`${a.role}:${a.sha256}`));
      if (fresh.length > 0) await tx.items.addArtifacts(fresh.map((a) => ({ ...a, itemId })));
      const run = await this.#deps.repository.saveRun(
        {
          itemId,
          caseId: item.caseId,
          actor,
          trigger,
          startedAt,
          finishedAt: this.#now(),
          engines,
          counts,
          languages,
          notes,
        },
        { flags, matches, entities, ocr: gathered.ocr },
      );
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'triaged',
        caseId: item.caseId,
        itemId,
        reason:
          options.reason?.trim() ||
          (trigger === 'automatic' ? 'automatic triage after collection' : 'triage requested'),
        data: {
          run: run.id,
          trigger,
          engines,
          counts,
          derived: gathered.ocr.map((o) => ({
            sha256: o.sha256,
            derivedFrom: o.derivedFrom,
            engine: o.engine,
            confidence: o.confidence,
          })),
          notes,
        },
      });
      return run;
    });
  }

  /** Triages every item of a case, one after another. */
  async triageCase(caseId: string, options: TriageOptions = {}): Promise<TriageRun[]> {
    const runs: TriageRun[] = [];
    for (const item of await this.#deps.store.items.listByCase(caseId))
      runs.push(await this.triageItem(item.id, options));
    return runs;
  }

  /** The job handler for automatic triage (`jobs.handle('triage', …)`). */
  async runJob(payload: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const { itemId, actor } = payload;
    if (typeof itemId !== 'string') throw invalidInput('a triage job needs an itemId');
    const run = await this.triageItem(itemId, {
      trigger: 'automatic',
      ...(typeof actor === 'string' ? { actor } : {}),
    });
    return { itemId, runId: run.id, counts: run.counts };
  }

  /**
   * A person's decision on a flag (R14): sets `reviewedBy`, `reviewedAt` and the status, and
   * logs a `reviewed` event with the reason. A later decision replaces the earlier one and is
   * logged too, so the ledger keeps the history.
   */
  async reviewFlag(
    actor: string,
    flagId: string,
    decision: ReviewDecision,
    reason: string,
    options: { itemId?: string } = {},
  ): Promise<TriageFlag> {
    if (!(REVIEW_DECISIONS as readonly string[]).includes(decision))
      throw invalidInput(
        `decision must be one of ${REVIEW_DECISIONS.join(', ')}, got "${decision}"`,
      );
    const why = reason.trim();
    if (!why)
      throw invalidInput('a review needs a reason', {
        hint: 'e.g. --reason "known propaganda poster, checked against the original"',
      });
    const flag = await this.#deps.repository.flag(flagId);
    if (!flag)
      throw notFound(`flag ${flagId} does not exist`, {
        hint: 'see the flags with `vigil triage show ITEM`',
      });
    if (options.itemId !== undefined && flag.itemId !== options.itemId) {
      throw invalidInput(`flag ${flagId} belongs to item ${flag.itemId}, not ${options.itemId}`, {
        hint: `see the flags with \`vigil triage show ${options.itemId}\``,
      });
    }
    const reviewedAt = this.#now();
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.review(flagId, {
        status: decision,
        reviewedBy: actor,
        reviewedAt,
        reviewReason: why,
      });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'reviewed',
        caseId: flag.caseId,
        itemId: flag.itemId,
        reason: why,
        data: {
          flag: flag.id,
          decision,
          previous: flag.status,
          source: flag.source,
          category: flag.category,
          rule: flag.rule,
          list: flag.list,
          score: flag.score,
          lexiconVersion: flag.lexiconVersion,
        },
      });
    });
    return { ...flag, status: decision, reviewedBy: actor, reviewedAt, reviewReason: why };
  }

  /**
   * The labels of an item that may leave Vigil (reports, MISP, STIX, referrals): only flags a
   * person reviewed and accepted (R14). Suggested and rejected ones never appear.
   */
  async exportableLabels(itemId: string): Promise<ExportableLabel[]> {
    await this.#requireItem(itemId);
    const labels: ExportableLabel[] = [];
    for (const f of await this.#deps.repository.flags(itemId)) {
      if (f.status !== 'accepted' || f.reviewedBy === null || f.reviewedAt === null) continue;
      labels.push({
        itemId: f.itemId,
        caseId: f.caseId,
        flagId: f.id,
        source: f.source,
        category: f.category,
        rule: f.rule,
        list: f.list,
        score: f.score,
        lexiconVersion: f.lexiconVersion,
        reviewedBy: f.reviewedBy,
        reviewedAt: f.reviewedAt,
        reviewReason: f.reviewReason,
      });
    }
    return labels;
  }

  /** Everything triage holds on an item, entities with the other items that contain them. */
  async report(itemId: string, options: { actor?: string } = {}): Promise<TriageReport> {
    const item = await this.#requireItem(itemId);
    const actor = options.actor ?? item.collectedBy;
    const reader = new EvidenceReader(this.#deps, actor, item);
    const repo = this.#deps.repository;
    const texts = new Map<string, Promise<string | null>>();
    const textOf = (origin: ResultOrigin): Promise<string | null> => {
      const key = `${origin.artifactSha256}|${origin.path ?? ''}`;
      let text = texts.get(key);
      if (!text) {
        text = reader.originText(origin);
        texts.set(key, text);
      }
      return text;
    };
    const flags = [];
    for (const f of await repo.flags(itemId)) {
      const text = f.spans.length > 0 ? await textOf(f.origin) : null;
      flags.push({
        ...f,
        context: text === null ? [] : f.spans.map((span) => spanContext(text, span)),
      });
    }
    const links = new Map<string, EntityLink[]>();
    const entities = [];
    for (const e of await repo.entities(itemId)) {
      let found = links.get(e.normalised);
      if (!found) {
        found = (await repo.entityLinks(e.normalised)).filter((l) => l.itemId !== itemId);
        links.set(e.normalised, found);
      }
      entities.push({ ...e, links: found });
    }
    return {
      itemId,
      caseId: item.caseId,
      run: (await repo.latestRun(itemId)) ?? null,
      flags,
      matches: await repo.matches(itemId),
      entities,
      ocr: await repo.ocr(itemId),
    };
  }

  /**
   * Items in any case that hold an entity: a wallet, a phone number, an invite link. The value
   * is normalised as extraction would (`0x…` to EIP-55, phones to E.164) before the lookup.
   */
  /** Forgets what triage read from an erased item's content (R12); reviews stay. */
  forgetItem(itemId: string): Promise<void> {
    return this.#deps.repository.forgetContent(itemId);
  }

  /** The entities triage found in an item (no content read, so no consultation). */
  itemEntities(itemId: string): Promise<TriageEntity[]> {
    return this.#deps.repository.entities(itemId);
  }

  /** Flags awaiting review in these cases, highest score first: the analyst's triage queue. */
  async suggestedFlags(
    caseIds: readonly string[],
    hidden: ReadonlySet<string> = new Set(),
  ): Promise<TriageFlag[]> {
    const flags: TriageFlag[] = [];
    for (const caseId of caseIds) {
      for (const item of await this.#deps.store.items.listByCase(caseId)) {
        if (item.erasedAt || hidden.has(item.id)) continue;
        flags.push(
          ...(await this.#deps.repository.flags(item.id)).filter(
            (flag) => flag.status === 'suggested',
          ),
        );
      }
    }
    return flags.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  entityLinks(value: string): Promise<EntityLink[]> {
    const trimmed = value.trim();
    const [only, ...rest] = extractEntities(trimmed);
    const key =
      only && rest.length === 0 && only.start === 0 && only.end === trimmed.length
        ? only.normalised
        : trimmed;
    return this.#deps.repository.entityLinks(key);
  }

  async #matchFile(
    reader: EvidenceReader,
    item: Item,
    artifact: Artifact,
    notes: string[],
  ): Promise<(HashMatch & { quality?: number })[]> {
    const report = await this.#deps.hashes.match(this.#deps.blobs.pathOf(artifact.sha256));
    if (report.query.kind !== 'file') return [];
    const file = report.query.file;
    // The hasher read the file from its path: its digest proves it read the evidence (R4).
    if (file.sha256 !== artifact.sha256) {
      const detail = `artifact ${artifact.sha256} of item ${item.id} is altered (now ${file.sha256})`;
      await reader.integrityFailure(detail, artifact.sha256);
      throw integrityError(detail, {
        hint: 'restore the store from backup; run `vigil store verify`',
      });
    }
    for (const note of report.notes)
      notes.push(`${artifact.role} ${short(artifact.sha256)}: ${note}`);
    return report.matches.map((m) =>
      file.quality === undefined ? m : { ...m, quality: file.quality },
    );
  }

  async #requireItem(itemId: string): Promise<Item> {
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
