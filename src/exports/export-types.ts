/**
 * @module Vocabularies, records and the repository port of reports and sharing: Admiralty grading
 * (R10), provenance labels (R20), verification records (R19), fact/assessment assertions (R10),
 * confirmed indicators, redactions (R5, R13), MISP imports (R28) and preservation requests (R21).
 */
import type { Category } from '../triage/text/lexicon-schema.js';

/** UNODC 2012 Ch. I uses (R27) as exported, plus `none` for material a person judged benign. */
export const CONTENT_CATEGORIES = [
  'recruitment',
  'incitement',
  'propaganda',
  'financing',
  'training',
  'information_gathering',
  'none',
] as const satisfies readonly (Category | 'none')[];
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

/** Admiralty (NATO STANAG 2511) source reliability: A completely reliable … F cannot be judged. */
export const ADMIRALTY_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type AdmiraltyReliability = (typeof ADMIRALTY_RELIABILITY)[number];

/** Admiralty information credibility: 1 confirmed … 6 cannot be judged. */
export const ADMIRALTY_CREDIBILITY = ['1', '2', '3', '4', '5', '6'] as const;
export type AdmiraltyCredibility = (typeof ADMIRALTY_CREDIBILITY)[number];

/** What each grade means, for the report (STANAG 2511 wording). */
export const RELIABILITY_MEANING: Record<AdmiraltyReliability, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};
export const CREDIBILITY_MEANING: Record<AdmiraltyCredibility, string> = {
  '1': 'confirmed by other sources',
  '2': 'probably true',
  '3': 'possibly true',
  '4': 'doubtful',
  '5': 'improbable',
  '6': 'truth cannot be judged',
};

/**
 * How the material was reached (R20): `public` (Budapest Art. 32(a), publicly available),
 * `login` (behind an account, Art. 32(b) needs lawful consent or an order), `consent` (the
 * person with lawful authority consented, Art. 32(b)), `order` (a production or preservation
 * order, Arts 18/19).
 */
export const PROVENANCE_LABELS = ['public', 'login', 'consent', 'order'] as const;
export type ProvenanceLabel = (typeof PROVENANCE_LABELS)[number];

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** LED Art. 7(1): personal data based on facts are distinguished from personal assessments. */
export const ASSERTION_KINDS = ['fact', 'assessment'] as const;
export type AssertionKind = (typeof ASSERTION_KINDS)[number];

/** Indicator types a person may confirm for sharing (a subset of triage's entity types). */
export const INDICATOR_TYPES = [
  'url',
  'btc_address',
  'eth_address',
  'tron_address',
  'telegram_channel',
  'telegram_invite',
  'whatsapp_group',
  'handle',
  'email',
  'phone',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** The file formats `vigil export` writes. */
export const EXPORT_FORMATS = ['misp', 'stix', 'graphml', 'gexf', 'mtgx', 'anb', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Per-item grading and provenance label, set by a person. */
export interface ItemGrade {
  readonly itemId: string;
  readonly reliability: AdmiraltyReliability;
  readonly credibility: AdmiraltyCredibility;
  readonly provenanceLabel: ProvenanceLabel | null;
  /** The order, warrant or consent reference behind a `login`, `consent` or `order` label. */
  readonly authorisationRef: string | null;
  readonly gradedBy: string;
  readonly gradedAt: string;
  readonly reason: string;
}

/** Berkeley Protocol verification (R19): source, content and technical analysis, and confidence. */
export interface VerificationRecord {
  readonly itemId: string;
  readonly source: string;
  readonly content: string;
  readonly technical: string;
  readonly confidence: ConfidenceLevel;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** A statement about an item for the report; `kind` null means not yet flagged (pre-flight fails). */
export interface Assertion {
  readonly id: number;
  readonly itemId: string;
  readonly text: string;
  readonly kind: AssertionKind | null;
  readonly author: string;
  readonly createdAt: string;
}

/** An indicator a person confirmed for sharing (R14 for entities). */
export interface ConfirmedIndicator {
  readonly itemId: string;
  readonly type: IndicatorType;
  readonly value: string;
  readonly confirmedBy: string;
  readonly confirmedAt: string;
  readonly reason: string;
}

/** A working copy with parts masked (R5, R13). */
export interface Redaction {
  readonly id: number;
  readonly itemId: string;
  /** The evidentiary artifact it was derived from. */
  readonly sourceSha256: string;
  readonly derivedSha256: string;
  readonly sourceRole: string;
  readonly rects: readonly { x: number; y: number; width: number; height: number }[];
  readonly spans: readonly { start: number; end: number }[];
  readonly reason: string;
  readonly actor: string;
  readonly createdAt: string;
}

/** A MISP event imported into a case (R28): its meta, kept to re-export the event unchanged. */
export interface MispImport {
  readonly id: number;
  readonly caseId: string;
  readonly eventUuid: string;
  /** The event without `Attribute` and `Object` (those are entities). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly fileSha256: string;
  readonly importedBy: string;
  readonly importedAt: string;
}

/** What an imported MISP attribute or object became in Vigil. */
export const ENTITY_KINDS = [
  'post',
  'evidence',
  'wallet',
  'url',
  'file-hash',
  'account',
  'other',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface CaseEntity {
  readonly id: number;
  readonly caseId: string;
  readonly importId: number;
  readonly kind: EntityKind;
  /** The main value (post URL or text, wallet address, hash). */
  readonly value: string;
  /** `Object` or `Attribute`: where it sits in the MISP event. */
  readonly mispSection: 'Object' | 'Attribute';
  readonly mispUuid: string;
  /** The MISP object or attribute as imported. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly position: number;
}

/** A Budapest Convention Art. 29 preservation request and its deadlines (R21). */
export interface PreservationRecord {
  readonly id: string;
  readonly caseId: string;
  readonly provider: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** End of the 90-day preservation (Art. 29(7)). */
  readonly expiresAt: string;
  /** End of the extension, once granted. */
  readonly extendedUntil: string | null;
  readonly sha256: string;
  readonly request: Readonly<Record<string, unknown>>;
}

/**
 * Persistence of everything above. Adapter: `src/store/sqlite/exports-repository.ts`. Writes are
 * called inside `MetadataStore.transaction` and join it, so a record and its ledger event commit
 * together.
 */
export interface ExportsRepository {
  setGrade(grade: ItemGrade): Promise<void>;
  grade(itemId: string): Promise<ItemGrade | undefined>;
  setVerification(record: VerificationRecord): Promise<void>;
  verification(itemId: string): Promise<VerificationRecord | undefined>;
  addAssertion(assertion: Omit<Assertion, 'id'>): Promise<Assertion>;
  flagAssertion(id: number, kind: AssertionKind): Promise<void>;
  assertion(id: number): Promise<Assertion | undefined>;
  assertions(itemId: string): Promise<Assertion[]>;
  addIndicator(indicator: ConfirmedIndicator): Promise<void>;
  indicators(itemId: string): Promise<ConfirmedIndicator[]>;
  addRedaction(redaction: Omit<Redaction, 'id'>): Promise<Redaction>;
  redactions(itemId: string): Promise<Redaction[]>;
  addImport(
    record: Omit<MispImport, 'id'>,
    entities: readonly Omit<CaseEntity, 'id' | 'importId' | 'caseId'>[],
  ): Promise<MispImport>;
  imports(caseId: string): Promise<MispImport[]>;
  entities(caseId: string): Promise<CaseEntity[]>;
  nextPreservationId(): Promise<string>;
  addPreservation(record: PreservationRecord): Promise<void>;
  extendPreservation(id: string, until: string): Promise<void>;
  preservation(id: string): Promise<PreservationRecord | undefined>;
  preservations(caseId?: string): Promise<PreservationRecord[]>;
}
