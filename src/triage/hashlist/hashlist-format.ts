/**
 * @module Reading and writing hash lists. Pure: text in, entries and row errors out.
 *
 * Formats read (docs/hash-matching.md has examples):
 * - `csv` — Vigil's own: header `type,value,labels`; labels separated by `;`.
 * - `json` — Vigil's own: `{"format":"vigil-hashlist","version":1,"entries":[{type,value,labels}]}`
 *   (a bare array of entries is accepted too).
 * - `threatexchange-csv` — ThreatExchange threat-descriptor CSV (as used by HMA-lite and the
 *   te-tag-query tools): columns `td_raw_indicator`, `td_indicator_type` (HASH_PDQ, HASH_MD5,
 *   HASH_SHA256, HASH_VIDEO_MD5, URI), tags from `td_subjective_tags`/`tags`/`td_tags`, and
 *   `id`, `td_description`, `td_owner`/`owner` kept as labels.
 * - `pytx` — python-threatexchange's local signal file: one `<signal_type> <value>` a line
 *   (`pdq`, `video_md5`/`photo_md5`/`md5`, `sha256`, `vpdq`, `url`).
 * Every bad row is reported with its line and reason; none is dropped silently.
 */
import { isPdqHex } from '../hashing/pdq-hash.js';
import { parseVpdq, formatVpdq } from '../hashing/video-match.js';
import { csvLine, parseCsv } from './csv.js';
import { CONTENT_CATEGORIES, SIGNAL_TYPES } from './hashlist.types.js';
import type { CsvRecord } from './csv.js';
import type {
  ExportFormat,
  HashListEntry,
  ImportFormat,
  RowError,
  SignalType,
} from './hashlist.types.js';

export interface ParsedList {
  entries: HashListEntry[];
  errors: RowError[];
  /** Rows that repeated an earlier (type, value); their labels were merged into it. */
  duplicates: number;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Check and normalise one signal value. Returns the normalised value or a reason.
 * pdq: 64 hex; md5: 32 hex; sha256: 64 hex; url: absolute http(s) URL (WHATWG-normalised);
 * vpdq: python-threatexchange JSON array of "pdq_hex,quality,timestamp".
 */
export function normaliseValue(
  type: SignalType,
  raw: string,
): { value: string } | { reason: string } {
  const v = raw.trim();
  switch (type) {
    case 'pdq':
      return isPdqHex(v)
        ? { value: v.toLowerCase() }
        : { reason: `pdq must be 64 hex digits, got "${clip(v)}"` };
    case 'md5':
      return HEX32.test(v.toLowerCase())
        ? { value: v.toLowerCase() }
        : { reason: `md5 must be 32 hex digits, got "${clip(v)}"` };
    case 'sha256':
      return HEX64.test(v.toLowerCase())
        ? { value: v.toLowerCase() }
        : { reason: `sha256 must be 64 hex digits, got "${clip(v)}"` };
    case 'url': {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        return { reason: `url is not an absolute URL: "${clip(v)}"` };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return { reason: `url must be http or https, got ${url.protocol}` };
      }
      return { value: url.href };
    }
    case 'vpdq':
      try {
        return { value: formatVpdq(parseVpdq(v)) };
      } catch (error) {
        return { reason: (error as Error).message };
      }
  }
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * Check labels: trimmed, non-empty, no `;` (the CSV separator); `category:` must name one of
 * the six content categories. Returns the labels or a reason.
 */
export function normaliseLabels(
  labels: readonly string[],
): { labels: string[] } | { reason: string } {
  const out: string[] = [];
  for (const raw of labels) {
    const label = raw.trim();
    if (label === '') continue;
    if (label.includes(';')) return { reason: `label "${clip(label)}" contains ";"` };
    const m = /^category:(.*)$/i.exec(label);
    if (m) {
      const category = m[1]!.trim().toLowerCase();
      if (!(CONTENT_CATEGORIES as readonly string[]).includes(category)) {
        return {
          reason: `unknown category "${category}" (expected one of ${CONTENT_CATEGORIES.join(', ')})`,
        };
      }
      out.push(`category:${category}`);
      continue;
    }
    out.push(label);
  }
  return { labels: [...new Set(out)] };
}

/** Collects entries, merging repeats of the same (type, value). */
class Collector {
  readonly entries: HashListEntry[] = [];
  readonly errors: RowError[] = [];
  duplicates = 0;
  private readonly byKey = new Map<string, HashListEntry>();

  add(line: number, type: string, value: string, labels: readonly string[]): void {
    const t = type.trim().toLowerCase();
    if (!(SIGNAL_TYPES as readonly string[]).includes(t)) {
      this.errors.push({
        line,
        reason: `unknown signal type "${clip(type)}" (expected one of ${SIGNAL_TYPES.join(', ')})`,
      });
      return;
    }
    const checked = normaliseValue(t as SignalType, value);
    if ('reason' in checked) {
      this.errors.push({ line, reason: checked.reason });
      return;
    }
    const l = normaliseLabels(labels);
    if ('reason' in l) {
      this.errors.push({ line, reason: l.reason });
      return;
    }
    const key = `${t}\u0000${checked.value}`;
    const existing = this.byKey.get(key);
    if (existing) {
      this.duplicates++;
      existing.labels = [...new Set([...existing.labels, ...l.labels])];
      return;
    }
    const entry = { type: t as SignalType, value: checked.value, labels: l.labels };
    this.byKey.set(key, entry);
    this.entries.push(entry);
  }

  error(line: number, reason: string): void {
    this.errors.push({ line, reason });
  }

  result(): ParsedList {
    return { entries: this.entries, errors: this.errors, duplicates: this.duplicates };
  }
}

const splitLabels = (s: string | undefined) => (s ?? '').split(';');

function readVigilCsv(records: CsvRecord[], out: Collector): void {
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (names.join(',') !== 'type,value,labels') {
    out.error(
      header?.line ?? 1,
      `header must be "type,value,labels", got "${clip(names.join(','))}"`,
    );
    return;
  }
  for (const r of rows) {
    if (r.fields.length !== 3) {
      out.error(r.line, `expected 3 fields (type,value,labels), got ${r.fields.length}`);
      continue;
    }
    out.add(r.line, r.fields[0]!, r.fields[1]!, splitLabels(r.fields[2]));
  }
}

/** ThreatExchange IndicatorType → our signal type. */
const TE_TYPES: Record<string, SignalType> = {
  HASH_PDQ: 'pdq',
  HASH_MD5: 'md5',
  HASH_VIDEO_MD5: 'md5',
  HASH_SHA256: 'sha256',
  URI: 'url',
};

function readThreatExchangeCsv(records: CsvRecord[], out: Collector): void {
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const col = (...candidates: string[]) => {
    for (const c of candidates) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  const iValue = col('td_raw_indicator', 'raw_indicator', 'indicator');
  const iType = col('td_indicator_type', 'indicator_type', 'type');
  if (iValue < 0 || iType < 0) {
    out.error(
      header?.line ?? 1,
      'ThreatExchange CSV needs columns td_raw_indicator and td_indicator_type',
    );
    return;
  }
  const iTags = col('td_subjective_tags', 'tags', 'td_tags');
  const iId = col('id', 'td_id');
  const iDesc = col('td_description', 'description');
  const iOwner = col('td_owner', 'owner', 'owner_app_id');
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      out.error(r.line, `expected ${names.length} fields as in the header, got ${r.fields.length}`);
      continue;
    }
    const teType = r.fields[iType]!.trim().toUpperCase();
    const type = TE_TYPES[teType];
    if (!type) {
      out.error(
        r.line,
        `unsupported ThreatExchange indicator type "${clip(teType)}" (supported: ${Object.keys(TE_TYPES).join(', ')})`,
      );
      continue;
    }
    const field = (i: number) => (i >= 0 ? r.fields[i]!.trim() : '');
    // ThreatExchange tags are comma- or space-separated words.
    const labels = field(iTags)
      .split(/[\s,;]+/)
      .filter(Boolean);
    if (field(iId)) labels.push(`source:threatexchange/${field(iId)}`);
    if (field(iOwner)) labels.push(`owner:${field(iOwner).replace(/;/g, ',')}`);
    if (field(iDesc)) labels.push(`description:${field(iDesc).replace(/;/g, ',')}`);
    out.add(r.line, type, field(iValue), labels);
  }
}

/** python-threatexchange signal type names → ours. */
const PYTX_TYPES: Record<string, SignalType> = {
  pdq: 'pdq',
  video_md5: 'md5',
  photo_md5: 'md5',
  md5: 'md5',
  sha256: 'sha256',
  vpdq: 'vpdq',
  url: 'url',
};

function readPytx(text: string, out: Collector): void {
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const space = line.search(/\s/);
    if (space < 0) {
      out.error(i + 1, 'expected "<signal_type> <value>"');
      return;
    }
    const name = line.slice(0, space).toLowerCase();
    const type = PYTX_TYPES[name];
    if (!type) {
      out.error(
        i + 1,
        `unsupported signal type "${clip(name)}" (supported: ${Object.keys(PYTX_TYPES).join(', ')})`,
      );
      return;
    }
    out.add(i + 1, type, line.slice(space + 1), []);
  });
}

function readJson(text: string, out: Collector): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : 1;
    out.error(line, `not valid JSON: ${(error as Error).message}`);
    return;
  }
  const entries = Array.isArray(parsed)
    ? parsed
    : parsed &&
        typeof parsed === 'object' &&
        Array.isArray((parsed as { entries?: unknown }).entries)
      ? (parsed as { entries: unknown[] }).entries
      : undefined;
  if (!entries) {
    out.error(1, 'expected {"format":"vigil-hashlist","entries":[…]} or an array of entries');
    return;
  }
  // JSON has no row lines of its own; we report the entry's line in the file when the entries
  // are one per line (as `exportHashList` writes them), else the entry index.
  const lines = text.split('\n');
  const lineOf = (index: number, value: unknown) => {
    const needle = typeof value === 'string' ? JSON.stringify(value) : undefined;
    if (needle) {
      const at = lines.findIndex((l) => l.includes(needle));
      if (at >= 0) return at + 1;
    }
    return index + 1;
  };
  entries.forEach((e, index) => {
    const obj = e as { type?: unknown; value?: unknown; labels?: unknown };
    const line = lineOf(index, obj?.value);
    if (
      !e ||
      typeof e !== 'object' ||
      typeof obj.type !== 'string' ||
      typeof obj.value !== 'string'
    ) {
      out.error(line, `entry ${index}: needs string "type" and "value"`);
      return;
    }
    const labels = obj.labels ?? [];
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
      out.error(line, `entry ${index}: "labels" must be an array of strings`);
      return;
    }
    out.add(line, obj.type, obj.value, labels);
  });
}

/** Guess a file's format from its content: JSON, ThreatExchange CSV, Vigil CSV or pytx lines. */
export function detectFormat(text: string): ImportFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const firstLine = (start.split(/\r?\n/)[0] ?? '').toLowerCase();
  if (firstLine.includes('td_raw_indicator') || firstLine.includes('td_indicator_type')) {
    return 'threatexchange-csv';
  }
  if (firstLine.includes(',')) return 'csv';
  return 'pytx';
}

/**
 * Parse a hash list. Never throws on content: every problem is a `RowError` with a line.
 *
 * @example
 * parseHashList('type,value,labels\npdq,f8f8…,category:propaganda;group:X', 'csv');
 */
export function parseHashList(text: string, format: ImportFormat = detectFormat(text)): ParsedList {
  const out = new Collector();
  if (format === 'json') {
    readJson(text.replace(/^\uFEFF/, ''), out);
  } else if (format === 'pytx') {
    readPytx(text.replace(/^\uFEFF/, ''), out);
  } else {
    const { records, faults } = parseCsv(text);
    for (const f of faults) out.error(f.line, f.reason);
    if (records.length === 0 && faults.length === 0) out.error(1, 'the file is empty');
    else if (format === 'csv') readVigilCsv(records, out);
    else readThreatExchangeCsv(records, out);
  }
  out.errors.sort((a, b) => a.line - b.line);
  return out.result();
}

/** Write entries as Vigil CSV or JSON; parsing the output gives back the same entries. */
export function formatHashList(
  entries: readonly HashListEntry[],
  format: ExportFormat,
  meta?: Record<string, unknown>,
): string {
  if (format === 'csv') {
    const lines = ['type,value,labels'];
    for (const e of entries) lines.push(csvLine([e.type, e.value, e.labels.join(';')]));
    return lines.join('\n') + '\n';
  }
  // One entry per line keeps exported lists diffable and lets errors point at lines.
  const head = JSON.stringify({ format: 'vigil-hashlist', version: 1, ...(meta ?? {}) }).slice(
    0,
    -1,
  );
  const body = entries.map(
    (e) => '  ' + JSON.stringify({ type: e.type, value: e.value, labels: e.labels }),
  );
  return `${head},"entries":[\n${body.join(',\n')}\n]}\n`;
}
