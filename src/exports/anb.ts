/**
 * @module i2 Analyst's Notebook (ANB) import file: the case graph as an RFC 4180 CSV in the
 * "link" layout (one row per link: entity 1, entity 2, the link between them), plus one row per
 * entity that has no link, so nothing in the graph is lost on import.
 */
import type { DirectedGraph } from 'graphology';
import { csvField } from './csv.js';
import type { Dossier } from './dossier.js';
import type { EdgeAttributes, NodeAttributes } from './graph.js';

/**
 * The columns, in order. Analyst's Notebook has no fixed CSV header: an import specification maps
 * columns to the properties of a design, and the default classic design is two entities joined
 * by one link (docs.i2group.com/anb/10.0.1/setting_types_in_the_import_design.html). The names
 * follow the properties that design documents:
 * - each entity's Identity (unique on the chart, case-sensitive, used to merge repeated
 *   entities), its Type and its Label (docs.i2group.com/anb/9.4.1/identities.html);
 * - the link's Type and Label (links have only a label: .../anb/10.0.2/showing_item_properties.html);
 * - Date and Time, and a Description (.../anb/10.0.2/showing_item_properties.html);
 * - Source Type, Source Reference and the grades of the chart's grading system
 *   (docs.i2group.com/ibridge/9.4.0/defining_the_source_grades_of_a_type.html). Grade 1 carries the
 *   Admiralty source reliability and Grade 2 the information credibility (R10): source before
 *   information, as the Admiralty code writes them ("B2"); the chart's grading system should
 *   list A–F and 1–6.
 */
export const ANB_COLUMNS = [
  'Entity 1 Identity',
  'Entity 1 Type',
  'Entity 1 Label',
  'Entity 2 Identity',
  'Entity 2 Type',
  'Entity 2 Label',
  'Link Type',
  'Link Label',
  'Date',
  'Time',
  'Description',
  'Source Type',
  'Source Reference',
  'Grade 1',
  'Grade 2',
] as const;
export type AnbColumn = (typeof ANB_COLUMNS)[number];
export type AnbRow = Record<AnbColumn, string>;

/** What each graph relation reads as on a chart. */
const LINK_LABELS: Record<string, string> = {
  posted: 'posted',
  contains: 'contains',
};

/** `2026-11-20T08:30:00.000Z` → date and time in UTC (ANB keeps no zone; the doc says UTC). */
function splitUtc(iso: string | undefined): { date: string; time: string } {
  const when = iso ? new Date(iso) : null;
  if (!when || Number.isNaN(when.getTime())) return { date: '', time: '' };
  const text = when.toISOString();
  return { date: text.slice(0, 10), time: text.slice(11, 19) };
}

/** What a row says about the evidence item behind it: its name, URL, reviewed categories, hash. */
function describe(attrs: NodeAttributes): string {
  const parts = [attrs.label ?? ''];
  if (attrs.url) parts.push(`URL ${attrs.url}`);
  // R14: `categories` holds reviewed and accepted labels only (dossier `categoriesOf`).
  if (attrs.categories) parts.push(`reviewed categories: ${attrs.categories}`);
  if (attrs.sha256) parts.push(`SHA-256 ${attrs.sha256}`);
  return parts.filter(Boolean).join('; ');
}

/** The provenance, source and grading of an evidence item node, for the row that involves it. */
function sourceCells(key: string, attrs: NodeAttributes | undefined): Partial<AnbRow> {
  if (!attrs || !key.startsWith('item:')) return {};
  const grade = attrs.admiralty ?? '';
  return {
    Description: describe(attrs),
    'Source Type': attrs.provenance
      ? `Vigil ${attrs.type} (${attrs.provenance})`
      : `Vigil ${attrs.type}`,
    'Source Reference': `${key.slice('item:'.length)} sha256:${attrs.sha256 ?? ''}`,
    'Grade 1': grade.slice(0, 1),
    'Grade 2': grade.slice(1),
  };
}

const empty = (): AnbRow => Object.fromEntries(ANB_COLUMNS.map((c) => [c, ''])) as AnbRow;

/**
 * The rows of the ANB file: one per graph edge (entity 1 = source, entity 2 = target), then one
 * per node with no edge (entity 2 and the link left empty: a lone entity, so no
 * item is dropped).
 * Link dates: a post's own time for `posted` when the site showed it, otherwise when Vigil
 * collected the item.
 */
export function anbRows(
  graph: DirectedGraph<NodeAttributes, EdgeAttributes>,
  d: Dossier,
): AnbRow[] {
  const postedAt = new Map(d.items.map((e) => [`item:${e.item.id}`, e.post?.postedAt]));
  const rows: AnbRow[] = [];
  graph.forEachEdge((_edge, attrs, source, target, sourceAttrs, targetAttrs) => {
    const itemEnd = source.startsWith('item:') ? source : target;
    const itemAttrs = graph.getNodeAttributes(itemEnd);
    const when = splitUtc(
      (attrs.relation === 'posted' ? postedAt.get(itemEnd) : undefined) ?? itemAttrs.collectedAt,
    );
    rows.push({
      ...empty(),
      'Entity 1 Identity': source,
      'Entity 1 Type': sourceAttrs.type ?? '',
      'Entity 1 Label': sourceAttrs.label ?? source,
      'Entity 2 Identity': target,
      'Entity 2 Type': targetAttrs.type ?? '',
      'Entity 2 Label': targetAttrs.label ?? target,
      'Link Type': attrs.relation,
      'Link Label': LINK_LABELS[attrs.relation] ?? attrs.relation,
      Date: when.date,
      Time: when.time,
      ...sourceCells(itemEnd, itemAttrs),
    });
  });
  graph.forEachNode((node, attrs) => {
    if (graph.degree(node) > 0) return;
    const when = splitUtc(attrs.collectedAt);
    rows.push({
      ...empty(),
      'Entity 1 Identity': node,
      'Entity 1 Type': attrs.type ?? '',
      'Entity 1 Label': attrs.label ?? node,
      Date: when.date,
      Time: when.time,
      Description: attrs.type ?? '',
      ...sourceCells(node, attrs),
    });
  });
  return rows;
}

/**
 * The ANB file: RFC 4180 (CRLF, quoted fields), a header of `ANB_COLUMNS`, and every cell defused
 * against spreadsheet formula injection by `csvField` (a label such as `=HYPERLINK(…)` from a
 * captured post must stay text when the file is opened in a spreadsheet before import).
 */
export function toAnbCsv(graph: DirectedGraph<NodeAttributes, EdgeAttributes>, d: Dossier): string {
  const lines = [
    ANB_COLUMNS.map(csvField).join(','),
    ...anbRows(graph, d).map((row) => ANB_COLUMNS.map((c) => csvField(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
