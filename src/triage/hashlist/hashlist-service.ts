/**
 * @module Hash lists as the CLI and server use them: import, export, list and match. Functions
 * return data; printing is the caller's business. Persistence goes through the
 * `HashListRepository` port; the clock is injected.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { invalidInput, notFound } from '../../core/errors.js';
import { hashFiles as defaultHashFiles } from '../hashing/file-hash.js';
import type { FileHashes, HashFilesOptions } from '../hashing/file-hash.js';
import { PDQ_MATCH_DISTANCE, PDQ_MIN_MATCH_QUALITY, isPdqHex } from '../hashing/pdq-hash.js';
import { matchVideoFrames, parseVpdq } from '../hashing/video-match.js';
import type { VpdqFrame } from '../hashing/video-match.js';
import { detectFormat, formatHashList, parseHashList } from './hashlist-format.js';
import { EXPORT_FORMATS, IMPORT_FORMATS } from './hashlist.types.js';
import type {
  ExportFormat,
  HashList,
  HashListMeta,
  HashListProvenance,
  HashListRepository,
  ImportFormat,
  RowError,
  SignalType,
} from './hashlist.types.js';
import { PdqIndex } from './pdq-index.js';

/** List names: short, safe in file names and command lines. */
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface ImportHashListInput {
  /** The file's bytes or text (UTF-8). */
  content: string | Uint8Array;
  name: string;
  /** Format; detected from the content when omitted. */
  format?: ImportFormat;
  fileName?: string;
  /** Who supplied the list; shown with every match. */
  source?: string;
  description?: string;
  /** Replace an existing list of the same name. */
  replace?: boolean;
  /**
   * Import the valid rows even if some are malformed. The malformed ones are still returned in
   * `rejected`, line by line. Off by default: a list with bad rows is refused whole.
   */
  skipInvalid?: boolean;
}

export interface ImportHashListResult {
  list: HashListMeta;
  imported: number;
  /** Rows repeating an earlier (type, value), merged into it. */
  duplicates: number;
  /** Malformed rows (only non-empty with `skipInvalid`). */
  rejected: RowError[];
}

/** One list entry that matched the query. */
export interface HashMatch {
  /** Name of the list. */
  list: string;
  type: SignalType;
  /** The entry's value (a PDQ hash, a digest, a URL, a vPDQ value). */
  value: string;
  /** Hamming distance (0 for exact hashes and URLs). */
  distance: number;
  labels: string[];
  /** Where the list came from. */
  provenance: HashListProvenance;
  /** How it matched: the file's digest, its PDQ, a video frame's PDQ, or the vPDQ rule. */
  via: 'sha256' | 'md5' | 'url' | 'pdq' | 'frame' | 'vpdq';
  /** For `frame` matches: the first matching frame. */
  frame?: { frameNumber: number; timestamp: number };
  /** For `vpdq` matches: the percentages of the vPDQ rule. */
  queryMatchPercent?: number;
  targetMatchPercent?: number;
}

export interface MatchOptions {
  /** Only this list. */
  list?: string;
  /** Largest PDQ Hamming distance; default 31. */
  distance?: number;
  /** How to hash a file query (video sampling, ffmpeg). */
  hashing?: HashFilesOptions;
}

export interface MatchReport {
  query: { kind: 'pdq' | 'md5' | 'url'; value: string } | { kind: 'file'; file: FileHashes };
  distance: number;
  /** Matches, nearest first. Suggestions for a person to review, never verdicts. */
  matches: HashMatch[];
  /** Why something was not matched (e.g. low quality). */
  notes: string[];
}

export interface HashListServiceDeps {
  repository: HashListRepository;
  clock: Clock;
  /** Injected for tests; defaults to the real file hasher. */
  hashFiles?: (paths: readonly string[], options?: HashFilesOptions) => Promise<FileHashes[]>;
}

interface EntryRef {
  list: string;
  index: number;
}

/** Everything needed to answer queries, built from the stored lists. */
interface MatchIndex {
  lists: Map<string, HashList>;
  pdq: PdqIndex;
  pdqRefs: EntryRef[];
  exact: Map<string, EntryRef[]>;
  vpdq: { ref: EntryRef; frames: VpdqFrame[] }[];
}

function buildIndex(lists: HashList[]): MatchIndex {
  const pdqHex: string[] = [];
  const pdqRefs: EntryRef[] = [];
  const exact = new Map<string, EntryRef[]>();
  const vpdq: MatchIndex['vpdq'] = [];
  for (const l of lists) {
    l.entries.forEach((e, index) => {
      const ref = { list: l.meta.name, index };
      if (e.type === 'pdq') {
        pdqHex.push(e.value);
        pdqRefs.push(ref);
      } else if (e.type === 'vpdq') {
        vpdq.push({ ref, frames: parseVpdq(e.value) });
      } else {
        const key = `${e.type}\u0000${e.value}`;
        exact.set(key, [...(exact.get(key) ?? []), ref]);
      }
    });
  }
  return {
    lists: new Map(lists.map((l) => [l.meta.name, l])),
    pdq: PdqIndex.fromHex(pdqHex),
    pdqRefs,
    exact,
    vpdq,
  };
}

const decode = (content: string | Uint8Array) =>
  typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);

/**
 * The hash-list service.
 *
 * @example
 * const svc = createHashListService({ repository, clock: systemClock });
 * await svc.importHashList({ content: csv, name: 'gifct-sample' });
 * const { matches } = await svc.match('poster.jpg');
 */
export function createHashListService(deps: HashListServiceDeps) {
  const { repository, clock } = deps;
  const hashFiles = deps.hashFiles ?? defaultHashFiles;
  let cache: { version: number; index: MatchIndex } | undefined;

  async function index(): Promise<MatchIndex> {
    const version = await repository.version();
    if (cache?.version !== version) {
      const metas = await repository.list();
      const lists = await Promise.all(metas.map((m) => repository.get(m.name)));
      cache = { version, index: buildIndex(lists.filter((l): l is HashList => l !== undefined)) };
    }
    return cache.index;
  }

  /**
   * Read, validate and store a hash list with its provenance.
   *
   * @throws VigilError `invalid_input` listing malformed rows by line (unless `skipInvalid`),
   *   `conflict` when the name is taken and `replace` is not set.
   */
  async function importHashList(input: ImportHashListInput): Promise<ImportHashListResult> {
    if (!LIST_NAME.test(input.name)) {
      throw invalidInput(`invalid list name "${input.name}"`, {
        hint: 'use letters, digits, dot, dash or underscore (up to 64), starting with a letter or digit',
      });
    }
    if (input.format && !(IMPORT_FORMATS as readonly string[]).includes(input.format)) {
      throw invalidInput(
        `unknown format "${input.format}" (expected ${IMPORT_FORMATS.join(', ')})`,
      );
    }
    const text = decode(input.content);
    const format = input.format ?? detectFormat(text);
    const parsed = parseHashList(text, format);
    const where = input.fileName ?? 'the list';
    if (parsed.errors.length > 0 && !input.skipInvalid) {
      const shown = parsed.errors.slice(0, 20).map((e) => `line ${e.line}: ${e.reason}`);
      const more = parsed.errors.length > 20 ? `\n… and ${parsed.errors.length - 20} more` : '';
      throw invalidInput(
        `${parsed.errors.length} malformed row(s) in ${where} (read as ${format}); nothing imported:\n${shown.join('\n')}${more}`,
        {
          hint: 'fix the rows, or import only the valid ones with --skip-invalid (the rejected rows are listed)',
          details: { errors: parsed.errors, format },
        },
      );
    }
    if (parsed.entries.length === 0) {
      throw invalidInput(`${where} holds no valid entries (read as ${format})`, {
        hint: 'a Vigil CSV starts with the header "type,value,labels"',
        details: { errors: parsed.errors, format },
      });
    }
    const bytes =
      typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
    const provenance: HashListProvenance = {
      format,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      importedAt: clock.now().toISOString(),
      ...(input.fileName ? { fileName: input.fileName } : {}),
      ...(input.source ? { source: input.source } : {}),
      ...(input.description ? { description: input.description } : {}),
    };
    const counts: HashListMeta['counts'] = {};
    for (const e of parsed.entries) counts[e.type] = (counts[e.type] ?? 0) + 1;
    const meta: HashListMeta = {
      name: input.name,
      provenance,
      entryCount: parsed.entries.length,
      counts,
    };
    await repository.save({ meta, entries: parsed.entries }, { replace: input.replace ?? false });
    return {
      list: meta,
      imported: parsed.entries.length,
      duplicates: parsed.duplicates,
      rejected: parsed.errors,
    };
  }

  /** A stored list as Vigil CSV (default) or JSON; importing the output gives the same entries. */
  async function exportHashList(name: string, format: ExportFormat = 'csv'): Promise<string> {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw invalidInput(
        `unknown export format "${format}" (expected ${EXPORT_FORMATS.join(', ')})`,
      );
    }
    const list = await repository.get(name);
    if (!list)
      throw notFound(`no hash list named "${name}"`, { hint: 'see `vigil hashlist list`' });
    return formatHashList(list.entries, format, { name, provenance: list.meta.provenance });
  }

  /** Every stored list with its provenance and counts. */
  function listHashLists(): Promise<HashListMeta[]> {
    return repository.list();
  }

  /**
   * Match a file, a PDQ hash (64 hex), an MD5 (32 hex) or a URL against the stored lists.
   * A 64-hex query is also looked up as a SHA-256. Images of PDQ quality < 50 are hashed but
   * not PDQ-matched (their digests still are).
   */
  async function match(query: string, options: MatchOptions = {}): Promise<MatchReport> {
    const distance = options.distance ?? PDQ_MATCH_DISTANCE;
    if (!Number.isInteger(distance) || distance < 0 || distance > 256) {
      throw invalidInput(`distance must be an integer 0–256, got ${distance}`);
    }
    const idx = await index();
    if (options.list !== undefined && !idx.lists.has(options.list)) {
      throw notFound(`no hash list named "${options.list}"`, { hint: 'see `vigil hashlist list`' });
    }
    const inScope = (ref: EntryRef) => options.list === undefined || ref.list === options.list;
    const matches: HashMatch[] = [];
    const notes: string[] = [];
    const emit = (
      ref: EntryRef,
      d: number,
      via: HashMatch['via'],
      extra: Partial<HashMatch> = {},
    ) => {
      const list = idx.lists.get(ref.list)!;
      const e = list.entries[ref.index]!;
      matches.push({
        list: ref.list,
        type: e.type,
        value: e.value,
        distance: d,
        labels: e.labels,
        provenance: list.meta.provenance,
        via,
        ...extra,
      });
    };
    const exact = (type: SignalType, value: string, via: HashMatch['via']) => {
      for (const ref of idx.exact.get(`${type}\u0000${value}`) ?? [])
        if (inScope(ref)) emit(ref, 0, via);
    };
    const nearPdq = (hex: string) =>
      idx.pdq.query(hex, distance).map((n) => ({ ref: idx.pdqRefs[n.id]!, distance: n.distance }));

    const trimmed = query.trim();
    let reportQuery: MatchReport['query'];
    if (isPdqHex(trimmed)) {
      const hex = trimmed.toLowerCase();
      reportQuery = { kind: 'pdq', value: hex };
      notes.push('a bare PDQ hash carries no quality; it is matched as given');
      for (const n of nearPdq(hex)) if (inScope(n.ref)) emit(n.ref, n.distance, 'pdq');
      exact('sha256', hex, 'sha256');
    } else if (/^[0-9a-f]{32}$/i.test(trimmed)) {
      reportQuery = { kind: 'md5', value: trimmed.toLowerCase() };
      exact('md5', trimmed.toLowerCase(), 'md5');
    } else if (/^https?:\/\//i.test(trimmed)) {
      let href: string;
      try {
        href = new URL(trimmed).href;
      } catch {
        throw invalidInput(`not a valid URL: ${trimmed}`);
      }
      reportQuery = { kind: 'url', value: href };
      exact('url', href, 'url');
    } else {
      const [file] = await hashFiles([query], options.hashing);
      reportQuery = { kind: 'file', file: file! };
      exact('sha256', file!.sha256, 'sha256');
      exact('md5', file!.md5, 'md5');
      if (file!.perceptualError) notes.push(`no perceptual hash: ${file!.perceptualError}`);
      if (file!.pdq !== undefined) {
        if ((file!.quality ?? 0) < PDQ_MIN_MATCH_QUALITY) {
          notes.push(
            `PDQ quality ${file!.quality} < ${PDQ_MIN_MATCH_QUALITY}: not matched (too flat or small to be reliable)`,
          );
        } else {
          for (const n of nearPdq(file!.pdq)) if (inScope(n.ref)) emit(n.ref, n.distance, 'pdq');
        }
      }
      if (file!.frames) matchVideo(file!.frames);
    }

    function matchVideo(frames: NonNullable<FileHashes['frames']>) {
      // Frames against known images: vPDQ "allows for matching individual frames against
      // known bad images". Keep the nearest frame per entry.
      const best = new Map<
        string,
        { ref: EntryRef; distance: number; frame: VpdqFrame & { frameNumber: number } }
      >();
      for (const f of frames) {
        if (f.quality < PDQ_MIN_MATCH_QUALITY) continue;
        for (const n of nearPdq(f.pdq)) {
          if (!inScope(n.ref)) continue;
          const key = `${n.ref.list}\u0000${n.ref.index}`;
          const seen = best.get(key);
          if (!seen || n.distance < seen.distance)
            best.set(key, { ref: n.ref, distance: n.distance, frame: f });
        }
      }
      for (const b of best.values()) {
        emit(b.ref, b.distance, 'frame', {
          frame: { frameNumber: b.frame.frameNumber, timestamp: b.frame.timestamp },
        });
      }
      if (frames.every((f) => f.quality < PDQ_MIN_MATCH_QUALITY)) {
        notes.push(
          `every sampled frame has PDQ quality < ${PDQ_MIN_MATCH_QUALITY}: video not matched`,
        );
      }
      for (const v of idx.vpdq) {
        if (!inScope(v.ref)) continue;
        const r = matchVideoFrames(frames, v.frames, { distance });
        if (r.matched) {
          emit(v.ref, r.bestDistance, 'vpdq', {
            queryMatchPercent: r.queryMatchPercent,
            targetMatchPercent: r.targetMatchPercent,
          });
        }
      }
    }

    matches.sort(
      (a, b) =>
        a.distance - b.distance || a.list.localeCompare(b.list) || a.value.localeCompare(b.value),
    );
    return { query: reportQuery, distance, matches, notes };
  }

  return { importHashList, exportHashList, listHashLists, match };
}

export type HashListService = ReturnType<typeof createHashListService>;
