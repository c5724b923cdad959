/**
 * @module What a triage run of an item produces and keeps: flags (text indicators and hash-list
 * hits), matches, entities, derived OCR text, and the run itself with every engine, lexicon and
 * list version. Every result is `suggested` until a person reviews it (R14).
 */
import type { ArtifactRole } from '../evidence/types.js';
import type { EntityType } from './entities/entities.js';
import type { HashListProvenance, SignalType } from './hashlist/hashlist.types.js';
import type { AppliedExclusion, Span } from './text/indicators.js';
import type { Category, LanguageCode } from './text/lexicon-schema.js';

/** A machine result is `suggested` until a person `accepted` or `rejected` it (R14). */
export const REVIEW_STATUSES = ['suggested', 'accepted', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What a reviewer may decide. */
export const REVIEW_DECISIONS = ['accepted', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Where a flag comes from: the text indicators, or a hit in a known-content hash list. */
export const FLAG_SOURCES = ['text', 'hashlist'] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];

/** Why a run happened. */
export const TRIAGE_TRIGGERS = ['automatic', 'on-demand'] as const;
export type TriageTrigger = (typeof TRIAGE_TRIGGERS)[number];

/** The exact bytes a result was read from: an artifact of the item, and where inside it. */
export interface ResultOrigin {
  readonly artifactSha256: string;
  readonly role: ArtifactRole;
  /** Inside a structured capture: the JSON path of the text (`fields.text`, `replies[0].text`). */
  readonly path?: string;
  /** For OCR text: the image it was read from. */
  readonly derivedFrom?: string;
}

export interface Review {
  readonly status: ReviewStatus;
  readonly reviewedBy: string | null;
  readonly reviewedAt: string | null;
  readonly reviewReason: string | null;
}

/** A flag as triage proposes it, before it is stored. */
export interface FlagDraft {
  /** Identity across runs (source, rule, origin, list entry): a re-run never duplicates a reviewed flag. */
  readonly key: string;
  readonly source: FlagSource;
  /** The UNODC use (R27); null for a list hit whose entry carries no `category:` label. */
  readonly category: Category | null;
  /** 0..1, ranks items; never a probability or a verdict. */
  readonly score: number;
  /** Lexicon rule id, or `hashlist:<list>` for a list hit. */
  readonly rule: string;
  /** Matched ranges of the origin text (UTF-16 offsets); empty for list hits. */
  readonly spans: readonly Span[];
  readonly language: LanguageCode | null;
  readonly weight: number | null;
  readonly hits: number;
  readonly exclusions: readonly AppliedExclusion[];
  readonly lexicon: string | null;
  readonly lexiconVersion: string | null;
  /** For list hits: the list's name. */
  readonly list: string | null;
  readonly origin: ResultOrigin;
  readonly engine: { readonly name: string; readonly version: string };
}

export interface TriageFlag extends FlagDraft, Review {
  readonly id: string;
  readonly itemId: string;
  readonly caseId: string;
  readonly runId: string;
  readonly createdAt: string;
}

/** A hash-list entry an item's file matched; it raises a flag (`flagId`) that carries the review. */
export interface MatchDraft {
  readonly list: string;
  readonly type: SignalType;
  readonly value: string;
  /** Hamming distance (0 for exact digests). */
  readonly distance: number;
  readonly labels: readonly string[];
  /** Where the list came from; shown with every match. */
  readonly provenance: HashListProvenance;
  readonly via: 'sha256' | 'md5' | 'url' | 'pdq' | 'frame' | 'vpdq';
  readonly frame?: { readonly frameNumber: number; readonly timestamp: number };
  /** PDQ quality of the item's image (matches need ≥ 50). */
  readonly quality?: number;
  readonly origin: ResultOrigin;
}

export interface TriageMatch extends MatchDraft {
  readonly id: string;
  readonly itemId: string;
  readonly caseId: string;
  readonly runId: string;
  readonly flagId: string;
  /** The review of the flag the match raised. */
  readonly status: ReviewStatus;
}

export interface EntityDraft {
  readonly type: EntityType;
  readonly value: string;
  /** Canonical form used to link items across cases. */
  readonly normalised: string;
  readonly valid: boolean;
  readonly start: number;
  readonly end: number;
  readonly region?: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly origin: ResultOrigin;
}

export interface TriageEntity extends EntityDraft {
  readonly id: string;
  readonly itemId: string;
  readonly caseId: string;
  readonly runId: string;
  readonly status: ReviewStatus;
}

/** Another item holding the same entity. */
export interface EntityLink {
  readonly itemId: string;
  readonly caseId: string;
  readonly type: EntityType;
  readonly normalised: string;
  /** Occurrences in that item. */
  readonly occurrences: number;
}

/** Provenance of an OCR text kept as a `derived` artifact. */
export interface OcrDerivation {
  readonly itemId: string;
  /** SHA-256 of the OCR text artifact. */
  readonly sha256: string;
  /** SHA-256 of the image it was read from. */
  readonly derivedFrom: string;
  readonly engine: {
    readonly name: string;
    readonly version: string;
    readonly languages: readonly string[];
  };
  /** Mean word confidence, 0–100. */
  readonly confidence: number;
  readonly words: number;
  readonly runId: string;
  readonly createdAt: string;
}

/** Every engine, lexicon and list a run used: what a reviewer or a court expert needs to redo it. */
export interface TriageEngines {
  readonly text: {
    readonly name: string;
    readonly version: string;
    readonly lexicon: string;
    readonly lexiconVersion: string;
    readonly languageIdentifier: string;
  };
  readonly ocr: {
    readonly name: string;
    readonly version: string;
    readonly languages: readonly string[];
  } | null;
  readonly lists: readonly {
    readonly name: string;
    readonly fileSha256: string;
    readonly importedAt: string;
    readonly entries: number;
  }[];
  readonly pdq: { readonly distance: number; readonly minQuality: number };
}

export interface TriageCounts {
  readonly flags: number;
  readonly matches: number;
  readonly entities: number;
  readonly ocr: number;
  readonly texts: number;
  readonly files: number;
}

export interface TriageRun {
  readonly id: string;
  readonly itemId: string;
  readonly caseId: string;
  readonly actor: string;
  readonly trigger: TriageTrigger;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly engines: TriageEngines;
  readonly counts: TriageCounts;
  /** Language of each text read. */
  readonly languages: readonly { readonly origin: ResultOrigin; readonly language: LanguageCode }[];
  /** What could not be done and why (OCR unavailable, an undecodable image, a low PDQ quality). */
  readonly notes: readonly string[];
}

/** Everything triage knows about an item. */
export interface TriageReport {
  readonly itemId: string;
  readonly caseId: string;
  readonly run: TriageRun | null;
  /** Flags, each span shown in its context (`…before [match] after…`). */
  readonly flags: readonly (TriageFlag & { readonly context: readonly string[] })[];
  readonly matches: readonly TriageMatch[];
  /** Entities, each with the other items (in any case) that hold it. */
  readonly entities: readonly (TriageEntity & { readonly links: readonly EntityLink[] })[];
  readonly ocr: readonly OcrDerivation[];
}

/** A label a person accepted: the only kind that may leave Vigil (R14). */
export interface ExportableLabel {
  readonly itemId: string;
  readonly caseId: string;
  readonly flagId: string;
  readonly source: FlagSource;
  readonly category: Category | null;
  readonly rule: string;
  readonly list: string | null;
  readonly score: number;
  readonly lexiconVersion: string | null;
  readonly reviewedBy: string;
  readonly reviewedAt: string;
  readonly reviewReason: string | null;
}
