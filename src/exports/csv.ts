/**
 * @module CSV exhibit list (one row per item) and hash list (one row per artifact), RFC 4180:
 * CRLF line ends, fields quoted when they hold a comma, quote or line break. Cells that a
 * spreadsheet would run as a formula are prefixed with `'` (OWASP CSV injection).
 */
import type { Dossier } from './dossier.js';
import { categoriesOf } from './dossier.js';

export const CSV_LISTS = ['exhibits', 'hashes'] as const;
export type CsvList = (typeof CSV_LISTS)[number];

/** One RFC 4180 field, defused against formula injection. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Cell = string | number | null | undefined;
const csv = (rows: readonly (readonly Cell[])[]) =>
  rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

export const EXHIBIT_COLUMNS = [
  'exhibit',
  'item',
  'kind',
  'name',
  'source_url',
  'collected_at_utc',
  'collected_by',
  'legal_basis',
  'sha256',
  'md5',
  'size',
  'package_sha256',
  'categories_reviewed',
  'admiralty',
  'provenance',
  'verification_confidence',
  'erased_at',
] as const;

export const HASH_COLUMNS = [
  'item',
  'role',
  'name',
  'media_type',
  'size',
  'sha256',
  'md5',
  'derived_from',
] as const;

/** The exhibit list or the hash list of a dossier. */
export function buildCsv(d: Dossier, list: CsvList): string {
  if (list === 'hashes') {
    return csv([
      HASH_COLUMNS,
      ...d.items.flatMap(({ item, artifacts }) =>
        artifacts.map((a) => [
          item.id,
          a.role,
          a.name,
          a.mediaType,
          a.size,
          a.sha256,
          a.md5,
          a.derivedFrom,
        ]),
      ),
    ]);
  }
  return csv([
    EXHIBIT_COLUMNS,
    ...d.items.map((entry, index) => [
      `E${index + 1}`,
      entry.item.id,
      entry.item.kind,
      entry.item.name,
      entry.item.sourceUrl,
      entry.item.collectedAt,
      entry.item.collectedBy,
      entry.item.legalBasisId,
      entry.item.sha256,
      entry.item.md5,
      entry.item.size,
      entry.artifacts.find((a) => a.role === 'package')?.sha256 ?? '',
      categoriesOf(entry).join(' '),
      entry.grade ? `${entry.grade.reliability}${entry.grade.credibility}` : '',
      entry.provenance?.label ?? '',
      entry.verification?.confidence ?? '',
      entry.item.erasedAt,
    ]),
  ]);
}
