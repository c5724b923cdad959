/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- the documents under test are untyped JSON read back from disk */
/**
 * Tests: the sharing formats on a real temporary Vigil. Each format is checked by an independent
 * reader: STIX against the OASIS JSON schemas (ajv), MISP against the MISP object templates and
 * the core-format MUST fields, GraphML and GEXF re-read by graphology, CSV by an RFC 4180 parse.
 * Every export writes exactly one disclosure; unreviewed labels never leave (R14).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DirectedGraph } from 'graphology';
import yauzl from 'yauzl';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../test/support/paths.js';
import { BASIS } from '../../test/support/vigil.js';
import { isInvalidInput } from '../core/errors.js';
import { pdqFromImage } from '../triage/hashing/image-hash.js';
import { csvField } from './csv.js';
import type { ExportResult } from './export-service.js';
import { ARABIC, WALLET, XSS, exportFixture } from './exports.test-support.js';
import type { ExportFixture } from './exports.test-support.js';
import { MISP_TEMPLATES, mispProblems } from './misp.js';

type Json = Record<string, any>;

function stixValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // ajv-formats has no idn-hostname (RFC 5890); Vigil writes none, so any non-blank value passes.
  ajv.addFormat('idn-hostname', /^\S+$/);
  const root = path.join(SHARED_DIR, 'stix2-schemas');
  let bundleId = '';
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const name of fs.readdirSync(path.join(root, dir))) {
      if (!name.endsWith('.json')) continue;
      const schema = JSON.parse(fs.readFileSync(path.join(root, dir, name), 'utf8')) as Json;
      ajv.addSchema(schema);
      if (dir === 'common' && name === 'bundle.json') bundleId = schema.$id as string;
    }
  }
  return ajv.getSchema(bundleId)!;
}

/** RFC 4180 parse (quotes, doubled quotes, CRLF) — independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('sharing exports', () => {
  let f: ExportFixture;
  const out = (name: string) => path.join(f.dir, name);
  const fileSink = (file: string) => (bytes: Buffer) => {
    fs.writeFileSync(file, bytes);
    return Promise.resolve(file);
  };
  const run = (format: string, file: string, extra: Json = {}): Promise<ExportResult> =>
    f.exports.service.exportCase(
      'ana',
      { caseId: f.caseId, format, recipient: 'Partner Unit, Fictional Police', ...extra },
      fileSink(out(file)),
    );
  const disclosures = async () =>
    (await f.vigil.ledger.events({ caseId: f.caseId })).filter((e) => e.action === 'disclosure');

  beforeAll(async () => {
    f = await exportFixture();
    expect(f.unreviewed.length).toBeGreaterThan(0);
    await f.exports.service.grade('ana', f.capture.id, {
      reliability: 'b',
      credibility: '2',
      reason: 'channel known to the unit',
    });
    await f.exports.service.confirmIndicator(
      'ana',
      f.note.id,
      'btc_address',
      WALLET,
      'donation wallet',
    );
    await f.exports.service.confirmIndicator(
      'ana',
      f.capture.id,
      'url',
      'https://t.me/caravan_media',
      'channel link',
    );
    return () => f.vigil.close();
  }, 120_000);

  it('refuses an export without a recipient and logs nothing', async () => {
    const before = (await disclosures()).length;
    const error = await run('misp', 'x.json', { recipient: ' ' }).catch((e: unknown) => e);
    expect(isInvalidInput(error)).toBe(true);
    expect((error as Error & { hint: string }).hint).toContain('--recipient');
    expect((await disclosures()).length).toBe(before);
  });

  it('writes a MISP event with the MUST fields, template-conformant objects, tags, and one disclosure', async () => {
    const before = (await disclosures()).length;
    const result = await run('misp', 'event.json');
    const after = await disclosures();
    expect(after.length).toBe(before + 1);
    const event = after.at(-1)!;
    expect(event.data).toMatchObject({
      recipient: 'Partner Unit, Fictional Police',
      sha256: result.sha256,
      format: 'misp',
    });
    const text = fs.readFileSync(out('event.json'), 'utf8');
    const doc = JSON.parse(text) as { Event: Json };
    expect(mispProblems(doc)).toEqual([]);
    const e = doc.Event;
    for (const key of [
      'uuid',
      'id',
      'published',
      'info',
      'threat_level_id',
      'analysis',
      'date',
      'timestamp',
      'publish_timestamp',
      'org_id',
      'orgc_id',
      'attribute_count',
      'distribution',
      'sharing_group_id',
    ])
      expect(e, key).toHaveProperty(key);
    expect(e.Orgc).toMatchObject({ id: '1', name: 'Vigil' });

    // Every object conforms to its template in MISP/misp-objects.
    const names = new Set<string>();
    for (const o of e.Object as Json[]) {
      names.add(o.name as string);
      const template = JSON.parse(
        fs.readFileSync(
          path.join(SHARED_DIR, 'misp-objects', o.name as string, 'definition.json'),
          'utf8',
        ),
      ) as Json;
      expect(o.template_uuid.toLowerCase()).toBe(template.uuid.toLowerCase());
      expect(o.template_version).toBe(String(template.version));
      const relations = (o.Attribute as Json[]).map((a) => a.object_relation as string);
      for (const a of o.Attribute as Json[]) {
        const def = template.attributes[a.object_relation];
        expect(def, `${o.name}.${a.object_relation}`).toBeDefined();
        expect(a.type).toBe(def['misp-attribute']);
        if (!def.multiple) expect(relations.filter((r) => r === a.object_relation)).toHaveLength(1);
      }
      for (const r of template.required ?? []) expect(relations).toContain(r);
      if (template.requiredOneOf)
        expect(relations.some((r) => (template.requiredOneOf as string[]).includes(r))).toBe(true);
    }
    expect([...names].sort()).toEqual(['btc-wallet', 'forensic-evidence', 'microblog']);
    expect(Object.keys(MISP_TEMPLATES)).toContain('coin-address');

    const all = [
      ...(e.Attribute as Json[]),
      ...(e.Object as Json[]).flatMap((o) => o.Attribute as Json[]),
    ];
    const types = new Set(all.map((a) => a.type));
    for (const t of ['sha256', 'url', 'btc', 'text']) expect(types).toContain(t);
    expect(all.find((a) => a.type === 'btc')?.value).toBe(WALLET);
    const tags = new Set(all.flatMap((a) => (a.Tag as Json[]).map((t) => t.name as string)));
    expect(tags).toContain(`vigil:category="${f.accepted}"`);
    expect(tags).toContain('admiralty-scale:source-reliability="b"');
    expect(tags).toContain('admiralty-scale:information-credibility="2"');
    expect(tags).toContain('vigil:provenance="public"');
    // R14: suggested labels never leave.
    for (const c of f.unreviewed) expect(text).not.toContain(`"${c}`);
    expect(Number(e.attribute_count)).toBe(all.length);
  });

  it('imports a MISP event into a case as entities and re-exports it identically but for timestamps (R28)', async () => {
    const original = fs.readFileSync(out('event.json'), 'utf8');
    const kase = await f.vigil.cases.create('ana', { title: 'Op Wren', basis: BASIS });
    f.clock.advance(3_600_000);
    const imported = await f.exports.service.importMisp('ana', kase.id, Buffer.from(original));
    const doc = JSON.parse(original) as { Event: Json };
    expect(imported.entities).toBe(
      (doc.Event.Object as Json[]).length + (doc.Event.Attribute as Json[]).length,
    );
    const entities = await f.exports.service.deps.repository.entities(kase.id);
    expect(entities.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['post', 'evidence', 'wallet', 'file-hash', 'url']),
    );
    expect(entities.find((x) => x.kind === 'wallet')?.value).toBe(WALLET);
    const collection = (await f.vigil.ledger.events({ caseId: kase.id })).filter(
      (x) => x.action === 'collection',
    );
    expect(collection).toHaveLength(1);
    expect(collection[0]!.data).toMatchObject({ method: 'misp-import', entities: entities.length });

    let second = '';
    const again = await f.exports.service.exportCase(
      'ana',
      { caseId: kase.id, format: 'misp', recipient: 'Partner Unit' },
      (bytes) => {
        second = bytes.toString('utf8');
        return Promise.resolve(null);
      },
    );
    const reexported = (await f.vigil.ledger.events({ caseId: kase.id })).find(
      (x) => x.seq === again.disclosure,
    )!;
    expect(reexported.action).toBe('disclosure');
    const body = original;
    expect(second).not.toBe(body); // the event timestamp moved an hour on …
    const strip = (s: string) => s.replace(/"(timestamp)": "\d+"/g, '"$1": "T"');
    expect(strip(second)).toBe(strip(body)); // … and nothing else changed.
  });

  it('rejects a file that is not a MISP event, naming the missing fields', async () => {
    const error = await f.exports.service
      .importMisp('ana', f.caseId, Buffer.from('{"Event":{"info":"x"}}'))
      .catch((e: unknown) => e);
    expect(isInvalidInput(error)).toBe(true);
    expect((error as Error).message).toMatch(/uuid is missing/);
  });

  it('writes a STIX 2.1 bundle valid against the OASIS schemas, with PDQ under hashes', async () => {
    const before = (await disclosures()).length;
    await run('stix', 'bundle.json');
    expect((await disclosures()).length).toBe(before + 1);
    const text = fs.readFileSync(out('bundle.json'), 'utf8');
    const bundle = JSON.parse(text) as Json;
    const validate = stixValidator();
    const valid = validate(bundle);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const objects = bundle.objects as Json[];
    const types = new Set(objects.map((o) => o.type));
    for (const t of ['identity', 'observed-data', 'indicator', 'relationship', 'file', 'url'])
      expect(types).toContain(t);
    const expectedPdq = (await pdqFromImage(fs.readFileSync(path.join(f.dir, 'poster.png')))).hash;
    const imageFile = objects.find(
      (o) => o.type === 'file' && o.hashes['SHA-256'] === f.image.sha256,
    )!;
    expect(imageFile.hashes.PDQ).toBe(expectedPdq);
    const wallet = objects.find(
      (o) => o.type === 'indicator' && String(o.pattern).includes(WALLET),
    )!;
    expect(wallet.pattern_type).toBe('stix');
    const rel = objects.find((o) => o.type === 'relationship' && o.source_ref === wallet.id)!;
    expect(rel.relationship_type).toBe('based-on');
    expect(objects.find((o) => o.id === rel.target_ref)?.type).toBe('observed-data');
    const observed = objects.find(
      (o) =>
        o.type === 'observed-data' && o.external_references[0].external_id.endsWith(f.capture.id),
    )!;
    expect(observed.labels).toEqual(['admiralty:B2', 'provenance:public']);
    const noteObserved = objects.find(
      (o) => o.type === 'observed-data' && o.external_references[0].external_id.endsWith(f.note.id),
    )!;
    expect(noteObserved.labels).toContain(f.accepted);
    for (const c of f.unreviewed) expect(text).not.toContain(`"${c}"`);
  });

  it('the STIX validator is not vacuous: a broken bundle fails', () => {
    const validate = stixValidator();
    expect(
      validate({
        type: 'bundle',
        id: 'bundle--x',
        objects: [{ type: 'indicator', spec_version: '2.1' }],
      }),
    ).toBe(false);
  });

  it('writes an MTGX that opens as a ZIP with Graphs/Graph1.graphml, which graphology reads (R22)', async () => {
    await run('mtgx', 'case.mtgx');
    const entries = await new Promise<Map<string, Buffer>>((resolve, reject) => {
      yauzl.open(out('case.mtgx'), { lazyEntries: true }, (error, zip) => {
        if (error || !zip) return reject(error ?? new Error('no zip'));
        const found = new Map<string, Buffer>();
        zip.on('entry', (entry: yauzl.Entry) =>
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return reject(err ?? new Error('no stream'));
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
              found.set(entry.fileName, Buffer.concat(chunks));
              zip.readEntry();
            });
          }),
        );
        zip.on('end', () => resolve(found));
        zip.readEntry();
      });
    });
    expect([...entries.keys()]).toEqual(['Graphs/Graph1.graphml']);
    const graph = parseGraphml(
      DirectedGraph,
      entries.get('Graphs/Graph1.graphml')?.toString('utf8') ?? '',
    );
    expect(graph.hasEdge('account:caravan_media', `item:${f.capture.id}`)).toBe(true);
  });

  it('writes GraphML and GEXF that graphology reads back with the same nodes and edges', async () => {
    await run('graphml', 'case.graphml');
    await run('gexf', 'case.gexf');
    const graphml = parseGraphml(DirectedGraph, fs.readFileSync(out('case.graphml'), 'utf8'));
    const gexf = parseGexf(DirectedGraph, fs.readFileSync(out('case.gexf'), 'utf8'));
    for (const g of [graphml, gexf]) {
      expect(g.hasNode(`item:${f.capture.id}`)).toBe(true);
      expect(g.hasNode('account:caravan_media')).toBe(true);
      expect(g.hasEdge('account:caravan_media', `item:${f.capture.id}`)).toBe(true);
      expect(g.hasEdge(`item:${f.note.id}`, `indicator:btc_address:${WALLET}`)).toBe(true);
      expect(g.getNodeAttribute(`item:${f.capture.id}`, 'label')).toContain(ARABIC);
      expect(g.getNodeAttribute(`item:${f.capture.id}`, 'admiralty')).toBe('B2');
      expect(g.getNodeAttribute(`item:${f.note.id}`, 'categories')).toBe(f.accepted);
    }
    expect(graphml.order).toBe(gexf.order);
    expect(graphml.size).toBe(gexf.size);
    const xml = fs.readFileSync(out('case.graphml'), 'utf8');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
  });

  it('writes a CSV exhibit list and hash list that an RFC 4180 reader parses back', async () => {
    await run('csv', 'exhibits.csv');
    await run('csv', 'hashes.csv', { list: 'hashes' });
    const exhibits = parseCsv(fs.readFileSync(out('exhibits.csv'), 'utf8'));
    expect(exhibits[0]).toContain('sha256');
    const captureRow = exhibits.find((r) => r[1] === f.capture.id)!;
    expect(captureRow[3]).toBe(`Post by ${ARABIC}`);
    expect(captureRow[exhibits[0]!.indexOf('admiralty')]).toBe('B2');
    expect(
      exhibits.find((r) => r[1] === f.note.id)![exhibits[0]!.indexOf('categories_reviewed')],
    ).toBe(f.accepted);
    const hashes = parseCsv(fs.readFileSync(out('hashes.csv'), 'utf8'));
    const artifacts = await f.vigil.store.items.artifacts(f.capture.id);
    for (const a of artifacts)
      expect(hashes.some((r) => r[0] === f.capture.id && r[5] === a.sha256)).toBe(true);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(XSS).toContain('<script>');
  });

  it('logged exactly one disclosure per export, each with its recipient and SHA-256 (R7)', async () => {
    const events = await disclosures();
    // misp, stix, mtgx, graphml, gexf, csv exhibits, csv hashes
    expect(events.map((e) => e.data.format)).toEqual([
      'misp',
      'stix',
      'mtgx',
      'graphml',
      'gexf',
      'csv-exhibits',
      'csv-hashes',
    ]);
    for (const e of events) {
      expect(e.data.recipient).toBe('Partner Unit, Fictional Police');
      const file = e.data.file as string;
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(e.data.sha256);
    }
  });
});
