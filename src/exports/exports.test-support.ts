/**
 * @module A case for export tests on a real temporary Vigil: a text note triaged for real (one
 * flag accepted, the others left suggested), an image file, and a capture item (screenshot,
 * text, structured post with Arabic and an XSS-looking string) recorded as capture would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { tempDir } from '../../test/support/temp.js';
import { BASIS, testVigil } from '../../test/support/vigil.js';
import type { Vigil } from '../app/vigil.js';
import type { ManualClock } from '../core/clock.js';
import type { Artifact, Item } from '../evidence/types.js';
import { exportsFor } from './index.js';
import type { Exports } from './index.js';

export const WALLET = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
export const XSS = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
export const ARABIC = 'انضموا إلى القافلة';
export const URDU = 'قافلے میں شامل ہو جاؤ';

/** A textured image (PDQ quality ≥ 50). */
const texturedSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#102040"/><stop offset="1" stop-color="#e0c080"/></linearGradient></defs>
  <rect width="640" height="480" fill="url(#g)"/>
  <circle cx="160" cy="150" r="90" fill="#f8f0e0"/><circle cx="470" cy="330" r="120" fill="#301010"/>
  <rect x="300" y="40" width="260" height="120" fill="#a03020"/>
  <polygon points="40,440 200,300 330,460" fill="#204020"/></svg>`;

export interface ExportFixture {
  readonly vigil: Vigil;
  readonly clock: ManualClock;
  readonly exports: Exports;
  readonly caseId: string;
  readonly note: Item;
  readonly image: Item;
  readonly capture: Item;
  /** Category of the accepted flag on the note. */
  readonly accepted: string;
  /** Categories only suggested (never reviewed) on the note. */
  readonly unreviewed: string[];
  readonly dir: string;
}

async function addCapture(vigil: Vigil, caseId: string, basisId: string): Promise<Item> {
  const screenshot = await sharp(Buffer.from(texturedSvg))
    .resize(400, 300, { fit: 'fill' })
    .png()
    .toBuffer();
  const text = `${ARABIC} — ${URDU} — @bystander_handle said hello. ${XSS}`;
  const put = (bytes: Buffer) => vigil.blobs.put(Readable.from([bytes]));
  const warc = await put(Buffer.from('WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n'));
  const shot = await put(screenshot);
  const txt = await put(Buffer.from(text, 'utf8'));
  const now = vigil.clock.now().toISOString();
  return vigil.store.transaction(async (tx) => {
    const id = await tx.items.nextId();
    const item: Item = {
      id,
      caseId,
      kind: 'capture',
      sha256: warc.sha256,
      md5: warc.md5,
      size: warc.size,
      mediaType: 'application/warc',
      name: `Post by ${ARABIC}`,
      sourceUrl: 'https://range.example/p/42',
      acquiredAt: null,
      collectedAt: now,
      collectedBy: 'ana',
      reason: 'propaganda post',
      legalBasisId: basisId,
      metadata: {
        persona: null,
        structured: {
          profile: { id: 'training-range-post', version: 1 },
          fields: {
            author: `${ARABIC} ${XSS}`,
            handle: '@caravan_media',
            postId: '42',
            postedAt: '2026-11-20T08:30:00Z',
            text,
            language: 'ar',
          },
          counts: {},
          media: [],
          replies: [],
          removed: false,
          sources: {},
        },
        provenance: {
          startedAt: now,
          timeZone: 'Asia/Karachi',
          utcOffsetMinutes: 300,
          clock: { source: 'system', ntpSynchronized: true, detail: 'test' },
          browser: { name: 'chromium', version: '140.0.0.0' },
          host: { platform: 'linux' },
          persona: null,
          finalUrl: 'https://range.example/p/42',
        },
      },
      erasedAt: null,
    };
    const artifacts: Artifact[] = [
      {
        itemId: id,
        role: 'warc',
        ...warc,
        mediaType: 'application/warc',
        name: 'capture.warc',
        derivedFrom: null,
      },
      {
        itemId: id,
        role: 'screenshot-full',
        ...shot,
        mediaType: 'image/png',
        name: 'full.png',
        derivedFrom: null,
      },
      {
        itemId: id,
        role: 'text',
        ...txt,
        mediaType: 'text/plain; charset=utf-8',
        name: 'text.txt',
        derivedFrom: null,
      },
    ];
    await tx.items.insert(item, artifacts);
    await vigil.ledger.appendIn(tx, {
      actor: 'ana',
      action: 'collection',
      caseId,
      itemId: id,
      reason: 'propaganda post',
      data: { method: 'browser-capture', url: item.sourceUrl },
    });
    return item;
  });
}

/** Builds the fixture case. */
export async function exportFixture(): Promise<ExportFixture> {
  const { vigil, clock } = await testVigil();
  const dir = tempDir('vigil-exports-');
  const kase = await vigil.cases.create('ana', { title: 'Op Heron', basis: BASIS });
  fs.writeFileSync(
    path.join(dir, 'note.txt'),
    `Brothers, join the Islamic State today! Send BTC to ${WALLET} to support the mujahideen.\n`,
  );
  await sharp(Buffer.from(texturedSvg)).png().toFile(path.join(dir, 'poster.png'));
  const [note, image] = await vigil.evidence.ingest({
    actor: 'ana',
    caseId: kase.id,
    files: [path.join(dir, 'note.txt'), path.join(dir, 'poster.png')],
    reason: 'shared in channel',
  });
  await vigil.triage.triageItem(note!.id);
  const flags = (await vigil.triage.report(note!.id)).flags.filter((f) => f.category);
  const first = flags[0];
  if (!first) throw new Error('the note raised no categorised flag: the fixture is broken');
  await vigil.triage.reviewFlag('ben', first.id, 'accepted', 'checked against the original post');
  const unreviewed = [
    ...new Set(flags.filter((f) => f.category !== first.category).map((f) => f.category!)),
  ];
  const capture = await addCapture(vigil, kase.id, kase.legalBases[0]!.id);
  return {
    vigil,
    clock,
    exports: exportsFor(vigil),
    caseId: kase.id,
    note: note!,
    image: image!,
    capture,
    accepted: first.category!,
    unreviewed,
    dir,
  };
}

/** Grades, verifies and flags every item so the report pre-flight passes. */
export async function makeReportable(f: ExportFixture): Promise<void> {
  for (const item of [f.note, f.image, f.capture]) {
    await f.exports.service.grade('ana', item.id, {
      reliability: 'B',
      credibility: '2',
      reason: 'channel known to the unit',
    });
    await f.exports.service.recordVerification('ana', item.id, {
      source: 'account active since 2024, same handle on two platforms',
      content: 'poster matches the group’s known style',
      technical: 'hashes recorded at capture; no edits visible in metadata',
      confidence: 'medium',
    });
  }
}
