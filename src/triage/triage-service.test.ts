/**
 * @module Tests: triage as part of the evidence workflow, on a real temporary Vigil (SQLite, blob
 * store, tesseract, sharp): automatic triage jobs after ingest, OCR kept as a derived artifact,
 * hash-list matches raising flags, entity links across cases, review (R14) and the job queue's
 * recovery of interrupted jobs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { BASIS, testVigil } from '../../test/support/vigil.js';
import type { Vigil } from '../app/vigil.js';
import { openVigil } from '../app/vigil.js';
import type { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { isInvalidInput, isNotFound } from '../core/errors.js';
import type { ItemView } from '../evidence/types.js';
import { SqliteHashListRepository } from '../store/sqlite/hashlist-repository.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { hashFiles } from './hashing/file-hash.js';
import { createHashListService } from './hashlist/hashlist-service.js';

const WALLET = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

/** A textured synthetic "propaganda" image: shapes and gradients give PDQ quality ≥ 50. */
const knownSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#102040"/><stop offset="1" stop-color="#e0c080"/></linearGradient></defs>
  <rect width="640" height="480" fill="url(#g)"/>
  <circle cx="160" cy="150" r="90" fill="#f8f0e0"/><circle cx="470" cy="330" r="120" fill="#301010"/>
  <rect x="300" y="40" width="260" height="120" fill="#a03020"/>
  <polygon points="40,440 200,300 330,460" fill="#204020"/></svg>`;

const posterSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="400">
  <rect width="100%" height="100%" fill="white"/>
  <text x="450" y="170" text-anchor="middle" font-family="DejaVu Sans" font-size="56" fill="black">JOIN THE ISLAMIC STATE</text>
  <text x="450" y="260" text-anchor="middle" font-family="DejaVu Sans" font-size="44" fill="black">answer the call, brothers</text></svg>`;

describe('TriageService in the evidence workflow', () => {
  let vigil: Vigil;
  let clock: ManualClock;
  let home: string;
  const files = tempDir('vigil-triage-files-');
  const file = (name: string) => path.join(files, name);
  let caseA: string;
  let caseB: string;
  let note: ItemView;
  let poster: ItemView;
  let variant: ItemView;
  let flat: ItemView;
  let other: ItemView;
  let knownPdq: string;

  const ingest = async (caseId: string, name: string) =>
    (
      await vigil.evidence.ingest({
        actor: 'ana',
        caseId,
        files: [file(name)],
        reason: 'shared in channel',
      })
    )[0]!;

  beforeAll(async () => {
    ({ vigil, clock, home } = await testVigil());
    fs.writeFileSync(
      file('note.txt'),
      `Brothers, join the Islamic State today! Send BTC to ${WALLET} to support the mujahideen.\n`,
    );
    fs.writeFileSync(file('other.txt'), `Invoice paid. Wallet on file: ${WALLET}\n`);
    await sharp(Buffer.from(posterSvg)).png().toFile(file('poster.png'));
    await sharp(Buffer.from(knownSvg)).png().toFile(file('known.png'));
    // A near-duplicate: the known image re-encoded as a lossy JPEG, resized.
    await sharp(file('known.png')).resize(600).jpeg({ quality: 70 }).toFile(file('variant.jpg'));
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toFile(file('flat.png'));

    const [known, flatHash] = await hashFiles([file('known.png'), file('flat.png')]);
    knownPdq = known!.pdq!;
    expect(known!.quality).toBeGreaterThanOrEqual(50);
    expect(flatHash!.quality).toBeLessThan(50);
    const lists = createHashListService({
      repository: new SqliteHashListRepository((vigil.store as SqliteStore).db),
      clock,
    });
    await lists.importHashList({
      name: 'known-propaganda',
      source: 'Fictional Referral Unit',
      fileName: 'known.csv',
      content: `type,value,labels\npdq,${knownPdq},category:propaganda;group:Lantern Circle\n`,
    });
    await lists.importHashList({
      name: 'flat-images',
      content: `type,value,labels\npdq,${flatHash!.pdq},category:propaganda\n`,
    });

    caseA = (await vigil.cases.create('ana', { title: 'Op Heron', basis: BASIS })).id;
    caseB = (await vigil.cases.create('ana', { title: 'Op Wren', basis: BASIS })).id;
    note = await ingest(caseA, 'note.txt');
    poster = await ingest(caseA, 'poster.png');
    variant = await ingest(caseA, 'variant.jpg');
    flat = await ingest(caseA, 'flat.png');
    other = await ingest(caseB, 'other.txt');
    return () => vigil.close();
  });

  it('queues a triage job for every collected item and runs them on drain', async () => {
    const pending = (await vigil.jobs.pending()).filter((j) => j.kind === 'triage');
    expect(pending.map((j) => [j.kind, j.payload.itemId, j.status])).toEqual(
      [note, poster, variant, flat, other].map((i) => ['triage', i.id, 'queued']),
    );
    const outcomes = await vigil.jobs.drain({ kinds: ['triage'] });
    expect(outcomes.map((o) => [o.status, o.result?.itemId])).toEqual(
      [note, poster, variant, flat, other].map((i) => ['done', i.id]),
    );
    expect((await vigil.jobs.pending()).filter((j) => j.kind === 'triage')).toEqual([]);
    const triaged = (await vigil.ledger.events({ caseId: caseA })).filter(
      (e) => e.action === 'triaged',
    );
    expect(triaged.map((e) => [e.itemId, e.actor, e.reason])).toEqual(
      [note, poster, variant, flat].map((i) => [i.id, 'ana', 'automatic triage after collection']),
    );
    expect((await vigil.ledger.verify()).ok).toBe(true);
  });

  it('flags the text with explanations and engine versions, all suggested', async () => {
    const report = await vigil.triage.report(note.id);
    const rules = report.flags.map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['en.recruitment.cta-near-group', 'en.financing.phrases']),
    );
    const recruitment = report.flags.find((f) => f.rule === 'en.recruitment.cta-near-group')!;
    expect(recruitment).toMatchObject({
      source: 'text',
      category: 'recruitment',
      language: 'en',
      status: 'suggested',
      reviewedBy: null,
      origin: { artifactSha256: note.sha256, role: 'original' },
    });
    expect(recruitment.lexiconVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const text = fs.readFileSync(file('note.txt'), 'utf8');
    for (const span of recruitment.spans) expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(report.run?.engines.text.lexiconVersion).toBe(recruitment.lexiconVersion);
    expect(report.run?.engines.lists.map((l) => l.name)).toEqual([
      'flat-images',
      'known-propaganda',
    ]);
    expect(report.entities).toContainEqual(
      expect.objectContaining({
        type: 'btc_address',
        value: WALLET,
        valid: true,
        status: 'suggested',
      }),
    );
  });

  it('reads the poster by OCR into a derived artifact with its provenance, and flags that text', async () => {
    const artifacts = await vigil.store.items.artifacts(poster.id);
    const derived = artifacts.filter((a) => a.role === 'derived');
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({
      derivedFrom: poster.sha256,
      mediaType: 'text/plain; charset=utf-8',
    });
    const ocrText = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      vigil.blobs
        .read(derived[0]!.sha256)
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        .on('error', reject);
    });
    expect(ocrText).toContain('JOIN THE ISLAMIC STATE');
    const report = await vigil.triage.report(poster.id);
    expect(report.ocr).toEqual([
      expect.objectContaining({
        sha256: derived[0]!.sha256,
        derivedFrom: poster.sha256,
        engine: expect.objectContaining({ name: 'tesseract' }),
      }),
    ]);
    expect(report.ocr[0]!.confidence).toBeGreaterThan(60);
    const flag = report.flags.find((f) => f.rule === 'en.recruitment.cta-near-group');
    expect(flag?.origin).toEqual({
      artifactSha256: derived[0]!.sha256,
      role: 'derived',
      derivedFrom: poster.sha256,
    });
    const event = (await vigil.ledger.events({ itemId: poster.id })).find(
      (e) => e.action === 'triaged',
    )!;
    expect(event.data.derived).toEqual([
      expect.objectContaining({ sha256: derived[0]!.sha256, derivedFrom: poster.sha256 }),
    ]);
    expect((event.data.engines as { ocr: { version: string } }).ocr.version).toMatch(/^\d+\.\d+/);
  });

  it('matches the re-encoded near-duplicate against the imported list and raises a flag', async () => {
    const report = await vigil.triage.report(variant.id);
    expect(report.matches).toHaveLength(1);
    const match = report.matches[0]!;
    expect(match).toMatchObject({
      list: 'known-propaganda',
      type: 'pdq',
      value: knownPdq,
      via: 'pdq',
      labels: ['category:propaganda', 'group:Lantern Circle'],
      provenance: expect.objectContaining({
        source: 'Fictional Referral Unit',
        fileName: 'known.csv',
      }),
      status: 'suggested',
    });
    expect(match.distance).toBeGreaterThan(0);
    expect(match.distance).toBeLessThanOrEqual(31);
    expect(match.quality).toBeGreaterThanOrEqual(50);
    const flag = report.flags.find((f) => f.id === match.flagId)!;
    expect(flag).toMatchObject({
      source: 'hashlist',
      category: 'propaganda',
      rule: 'hashlist:known-propaganda',
      list: 'known-propaganda',
      status: 'suggested',
    });
  });

  it('never matches an image of PDQ quality < 50, and says why', async () => {
    const report = await vigil.triage.report(flat.id);
    expect(report.matches).toEqual([]);
    expect(report.flags.filter((f) => f.source === 'hashlist')).toEqual([]);
    expect(report.run?.notes.join('\n')).toMatch(/quality \d+ < 50: not matched/);
  });

  it('links the same wallet across two cases', async () => {
    const links = await vigil.triage.entityLinks(WALLET);
    expect(links.map((l) => [l.caseId, l.itemId, l.type])).toEqual([
      [caseA, note.id, 'btc_address'],
      [caseB, other.id, 'btc_address'],
    ]);
    const report = await vigil.triage.report(other.id);
    const wallet = report.entities.find((e) => e.type === 'btc_address')!;
    expect(wallet.links.map((l) => [l.caseId, l.itemId])).toEqual([[caseA, note.id]]);
  });

  it('exports only reviewed, accepted labels, and logs every review (R14)', async () => {
    const flags = (await vigil.triage.report(note.id)).flags;
    const [first, second] = flags;
    expect(await vigil.triage.exportableLabels(note.id)).toEqual([]);

    clock.advance(60_000);
    const accepted = await vigil.triage.reviewFlag(
      'ben',
      first!.id,
      'accepted',
      'call to join a named group',
    );
    expect(accepted).toMatchObject({
      status: 'accepted',
      reviewedBy: 'ben',
      reviewedAt: clock.now().toISOString(),
    });
    await vigil.triage.reviewFlag('ben', second!.id, 'rejected', 'quoted in a news report');

    const labels = await vigil.triage.exportableLabels(note.id);
    expect(labels).toEqual([
      expect.objectContaining({
        flagId: first!.id,
        category: first!.category,
        rule: first!.rule,
        reviewedBy: 'ben',
        reviewReason: 'call to join a named group',
      }),
    ]);
    const reviews = (await vigil.ledger.events({ itemId: note.id })).filter(
      (e) => e.action === 'reviewed',
    );
    expect(
      reviews.map((e) => [e.actor, e.reason, e.data.flag, e.data.decision, e.data.previous]),
    ).toEqual([
      ['ben', 'call to join a named group', first!.id, 'accepted', 'suggested'],
      ['ben', 'quoted in a news report', second!.id, 'rejected', 'suggested'],
    ]);

    // Running triage again replaces the suggestions but never undoes a review.
    await vigil.triage.triageItem(note.id, { actor: 'ana' });
    const again = (await vigil.triage.report(note.id)).flags;
    expect(again.filter((f) => f.rule === first!.rule)).toEqual([
      expect.objectContaining({ id: first!.id, status: 'accepted' }),
    ]);
    expect(again.filter((f) => f.rule === second!.rule)).toEqual([
      expect.objectContaining({ id: second!.id, status: 'rejected' }),
    ]);
    expect(again.length).toBe(flags.length);
    expect((await vigil.triage.exportableLabels(note.id)).map((l) => l.flagId)).toEqual([
      first!.id,
    ]);
    expect((await vigil.ledger.verify()).ok).toBe(true);
  });

  it('refuses a review without a reason, an unknown decision or flag', async () => {
    const [flag] = (await vigil.triage.report(variant.id)).flags;
    await expect(vigil.triage.reviewFlag('ben', flag!.id, 'accepted', '  ')).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(vigil.triage.reviewFlag('ben', flag!.id, 'maybe' as never, 'x')).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(vigil.triage.reviewFlag('ben', 'F-999999', 'accepted', 'x')).rejects.toSatisfy(
      isNotFound,
    );
    expect((await vigil.triage.report(variant.id)).flags[0]?.status).toBe('suggested');
  });

  it('never loses a job: one interrupted mid-run is retried on reopen, one out of attempts is failed', async () => {
    const db = (vigil.store as SqliteStore).db;
    const retried = await vigil.jobs.enqueue('triage', { itemId: note.id });
    const exhausted = await vigil.jobs.enqueue('triage', { itemId: other.id });
    const foreign = await vigil.jobs.enqueue('triage', { itemId: other.id });
    // A worker (pid that cannot exist) died while running the first two; a worker on another
    // host is running the third and must not lose it.
    const dead = `${os.hostname()}/4194305999/dead`;
    db.prepare("UPDATE jobs SET status = 'running', owner = ?, attempts = 1 WHERE id = ?").run(
      dead,
      retried.id,
    );
    db.prepare("UPDATE jobs SET status = 'running', owner = ?, attempts = 3 WHERE id = ?").run(
      dead,
      exhausted.id,
    );
    db.prepare(
      "UPDATE jobs SET status = 'running', owner = 'elsewhere/1/x', attempts = 1 WHERE id = ?",
    ).run(foreign.id);
    await vigil.close();

    vigil = await openVigil(loadConfig({}, { home, as: 'ana' }), { clock });
    const pending = (await vigil.jobs.pending()).filter((j) => j.kind === 'triage');
    expect(pending.map((j) => [j.id, j.status])).toEqual([
      [retried.id, 'queued'],
      [foreign.id, 'running'],
    ]);
    expect(pending[0]?.error).toMatch(/interrupted/);
    const failed = await vigil.jobs.get(exhausted.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/interrupted 3 time/),
    });

    const outcomes = await vigil.jobs.drain({ kinds: ['triage'] });
    expect(outcomes.map((o) => [o.job.id, o.status])).toEqual([[retried.id, 'done']]);
    expect(await vigil.jobs.get(retried.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails a job for an item that does not exist at once: no retry can change that', async () => {
    const job = await vigil.jobs.enqueue('triage', { itemId: 'I-404' });
    const outcomes = (await vigil.jobs.drain()).filter((o) => o.job.id === job.id);
    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    expect(await vigil.jobs.get(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: expect.stringMatching(/I-404 does not exist/),
    });
  });
});
