/**
 * @module Hash-list vocabulary: signal types, content categories, entries, list provenance and
 * the persistence port.
 */

/** Kinds of signal a list can hold. */
export const SIGNAL_TYPES = ['pdq', 'md5', 'sha256', 'vpdq', 'url'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** The six terrorist uses of the internet (UNODC, "The use of the Internet for terrorist purposes", 2012). */
export const CONTENT_CATEGORIES = [
  'recruitment',
  'financing',
  'propaganda',
  'training',
  'incitement',
  'information_gathering',
] as const;
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

/**
 * Label prefixes with a meaning. A label is free text; `category:…` must name a content
 * category, `group:…` names a group or movement, `source:…` says where the entry came from.
 */
export const LABEL_KEYS = ['category', 'group', 'source'] as const;

/** Formats a list can be imported from. */
export const IMPORT_FORMATS = ['csv', 'json', 'threatexchange-csv', 'pytx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Formats a list can be exported to (the round-trip formats). */
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One known signal. `value` is normalised (lower-case hex, canonical URL). */
export interface HashListEntry {
  type: SignalType;
  value: string;
  labels: string[];
}

/** Where a list came from: shown with every match so an analyst can weigh it. */
export interface HashListProvenance {
  /** Who supplied the list (agency, GIFCT, TCAP, ThreatExchange collaboration…). */
  source?: string;
  description?: string;
  /** Format the file was read as. */
  format: ImportFormat;
  /** Name of the imported file, if it came from one. */
  fileName?: string;
  /** SHA-256 of the imported bytes: which exact file this list is. */
  fileSha256: string;
  /** ISO 8601 time of import. */
  importedAt: string;
}

/** A stored list's description. */
export interface HashListMeta {
  name: string;
  provenance: HashListProvenance;
  entryCount: number;
  /** Entries per signal type. */
  counts: Partial<Record<SignalType, number>>;
}

export interface HashList {
  meta: HashListMeta;
  entries: HashListEntry[];
}

/** A row that could not be read, with where and why. */
export interface RowError {
  /** 1-based line of the file where the row starts. */
  line: number;
  reason: string;
}

/**
 * Persistence port for hash lists. Adapters: `src/store/sqlite/hashlist-repository.ts`.
 * Async so that a network database can implement it too.
 */
export interface HashListRepository {
  /** Store a list under its name, replacing a list of the same name when `replace` is true. */
  save(list: HashList, options?: { replace?: boolean }): Promise<void>;
  /** The list, or undefined when there is none of that name. */
  get(name: string): Promise<HashList | undefined>;
  /** All lists' metadata, by name. */
  list(): Promise<HashListMeta[]>;
  /** Remove a list; false when it did not exist. */
  delete(name: string): Promise<boolean>;
  /** Increases whenever any list changes, so callers can cache a built index. */
  version(): Promise<number>;
}
