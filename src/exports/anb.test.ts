/**
 * Tests: the i2 Analyst's Notebook CSV on a real temporary Vigil, read back by a strict RFC 4180
 * reader written here (independent of the writer): the header is the documented column list,
 * the rows are the case graph (cross-checked against the GraphML export re-read by graphology),
 * formula-looking cells are defused, unreviewed labels never appear, one disclosure per export.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANB_COLUMNS } from './anb.js';
import { WALLET, exportFixture } from './exports.test-support.js';
import type { ExportFixture } from './exports.test-support.js';

/**
 * A strict RFC 4180 §2 reader: CRLF record ends, fields either wholly quoted (quotes doubled
 * inside) or free of quotes, CR and LF; every record as wide as the header. Throws otherwise.
 */
function readRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i];
          i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
          field += text[i];
          i++;
        }
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') {
        i += 2;
        break;
      }
      throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
    }
    if (rows.length > 0 && row.length !== rows[0]!.length)
      throw new Error(
        `record ${rows.length} has ${row.length} fields, the header ${rows[0]!.length}`,
      );
    rows.push(row);
  }
  return rows;
}

describe('ANB (i2 Analyst’s Notebook) CSV export', () => {
  let f: ExportFixture;
  const FORMULA = '=HYPERLINK("http://evil.example","open")';
  const sink = (file: string) => (bytes: Buffer) => {
    fs.writeFileSync(file, bytes);
    return Promise.resolve(file);
  };
  const exportAs = (format: string, file: string) =>
    f.exports.service.exportCase(
      'ana',
      { caseId: f.caseId, format, recipient: 'Analysis Cell, Fictional Police' },
      sink(path.join(f.dir, file)),
    );

  beforeAll(async () => {
    f = await exportFixture();
    await f.exports.service.grade('ana', f.capture.id, {
      reliability: 'B',
      credibility: '2',
      provenance: 'public',
      reason: 'channel known to the unit',
    });
    await f.exports.service.confirmIndicator('ana', f.note.id, 'btc_address', WALLET, 'wallet');
    await f.exports.service.confirmIndicator('ana', f.capture.id, 'handle', FORMULA, 'as posted');
    return () => f.vigil.close();
  }, 120_000);

  it('the strict reader rejects what RFC 4180 forbids', () => {
    expect(() => readRfc4180('a,b\r\n1,"2\r\n')).toThrow(/unterminated/);
    expect(() => readRfc4180('a,b\n1,2\n')).toThrow(/CRLF/);
    expect(() => readRfc4180('a,b\r\n1,2"x\r\n')).toThrow(/bare quote/);
    expect(() => readRfc4180('a,b\r\n1\r\n')).toThrow(/1 fields/);
    expect(readRfc4180('a,b\r\n"x,""y""",\r\n')).toEqual([
      ['a', 'b'],
      ['x,"y"', ''],
    ]);
  });

  it('writes the documented columns and one row per link of the case graph, plus lone entities', async () => {
    const before = (await f.vigil.ledger.events({ caseId: f.caseId })).filter(
      (e) => e.action === 'disclosure',
    ).length;
    const result = await exportAs('anb', 'case.anb.csv');
    expect(result.mediaType).toMatch(/^text\/csv/);
    const bytes = fs.readFileSync(path.join(f.dir, 'case.anb.csv'));
    const rows = readRfc4180(bytes.toString('utf8'));
    const header = rows[0]!;
    expect(header).toEqual([
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
    ]);
    expect(header).toEqual([...ANB_COLUMNS]);
    const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));

    // The same case as GraphML, re-read by graphology: every edge is one ANB row, every node with
    // no edge is one row of its own, and nothing else is in the file.
    await exportAs('graphml', 'case.graphml');
    const graph = parseGraphml(
      DirectedGraph,
      fs.readFileSync(path.join(f.dir, 'case.graphml'), 'utf8'),
    );
    // The writer prefixes formula-looking cells with an apostrophe; undo that to compare.
    const plain = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, '');
    const links = records.filter((r) => r['Entity 2 Identity'] !== '');
    const lone = records.filter((r) => r['Entity 2 Identity'] === '');
    expect(links).toHaveLength(graph.size);
    for (const r of links) {
      expect(graph.hasEdge(r['Entity 1 Identity']!, r['Entity 2 Identity']!)).toBe(true);
      const edge = graph.edge(r['Entity 1 Identity']!, r['Entity 2 Identity']!)!;
      expect(r['Link Type']).toBe(graph.getEdgeAttribute(edge, 'relation'));
      expect(r['Entity 1 Type']).toBe(graph.getNodeAttribute(r['Entity 1 Identity']!, 'type'));
      expect(plain(r['Entity 2 Label']!)).toBe(
        graph.getNodeAttribute(r['Entity 2 Identity']!, 'label'),
      );
    }
    expect(lone.map((r) => r['Entity 1 Identity']).sort()).toEqual(
      graph.filterNodes((n) => graph.degree(n) === 0).sort(),
    );
    expect(lone.map((r) => r['Entity 1 Identity'])).toContain(`item:${f.image.id}`);

    // The post: dated by the site's own time, graded and labelled as a person set it.
    const posted = links.find((r) => r['Entity 2 Identity'] === `item:${f.capture.id}`)!;
    expect(posted).toMatchObject({
      'Entity 1 Identity': 'account:caravan_media',
      'Entity 1 Type': 'account',
      'Link Type': 'posted',
      Date: '2026-11-20',
      Time: '08:30:00',
      'Source Type': 'Vigil post (public)',
      'Source Reference': `${f.capture.id} sha256:${f.capture.sha256}`,
      'Grade 1': 'B',
      'Grade 2': '2',
    });
    const wallet = links.find((r) => r['Entity 2 Identity'] === `indicator:btc_address:${WALLET}`)!;
    expect(wallet['Entity 1 Identity']).toBe(`item:${f.note.id}`);
    expect(wallet['Entity 2 Label']).toBe(WALLET);
    expect(wallet.Description).toContain(`reviewed categories: ${f.accepted}`);
    expect(wallet['Grade 1']).toBe('');

    // A cell a spreadsheet would run as a formula is kept as text (leading apostrophe).
    const handle = links.find((r) => r['Entity 2 Type'] === 'handle')!;
    expect(handle['Entity 2 Label']).toBe(`'${FORMULA}`);
    expect(records.flatMap((r) => Object.values(r)).some((v) => /^[=+\-@]/.test(v))).toBe(false);

    // R14: categories only suggested by triage never leave.
    const text = bytes.toString('utf8');
    for (const category of f.unreviewed) expect(text).not.toContain(category);

    // Exactly one disclosure for the ANB file, with its SHA-256 and recipient (R7, R22).
    const disclosures = (await f.vigil.ledger.events({ caseId: f.caseId })).filter(
      (e) => e.action === 'disclosure',
    );
    expect(disclosures).toHaveLength(before + 2);
    const anb = disclosures.filter((e) => e.data.format === 'anb');
    expect(anb).toHaveLength(1);
    expect(anb[0]!.data).toMatchObject({
      recipient: 'Analysis Cell, Fictional Police',
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });
});
