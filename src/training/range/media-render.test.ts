import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdqFromImage } from '../../triage/hashing/image-hash.js';
import { pdqDistance } from '../../triage/hashing/pdq-hash.js';
import { generateCorpus } from './corpus.js';
import { hashListCsv, knownHashRows } from './hash-list.js';
import { MediaStore } from './media-render.js';

const run = promisify(execFile);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-range-media-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const corpus = generateCorpus(42);
const known = corpus.media.filter((m) => m.truth.knownPropaganda);
const near = corpus.media.filter((m) => m.truth.derivedFrom !== null);

describe('range media', () => {
  it('renders byte-identical posters, near-duplicates, videos and PDFs in fresh caches', async () => {
    const picks = [
      known[0],
      near[0],
      near[1],
      corpus.media.find((m) => m.kind === 'video'),
      corpus.media.find((m) => m.kind === 'pdf'),
    ];
    const first = new MediaStore(corpus, path.join(dir, 'a'));
    const second = new MediaStore(generateCorpus(42), path.join(dir, 'b'));
    for (const item of picks) {
      if (item === undefined) throw new Error('missing media kind');
      expect(sha(await second.bytes(item.id)), item.url).toBe(sha(await first.bytes(item.id)));
    }
    // Cached: the file exists under the per-seed directory and is served again unchanged.
    expect((await readdir(first.dir)).length).toBeGreaterThanOrEqual(picks.length);
    const again = new MediaStore(corpus, path.join(dir, 'a'));
    expect(sha(await again.bytes(known[0]?.id ?? ''))).toBe(
      sha(await first.bytes(known[0]?.id ?? '')),
    );
  });

  it('gives each trainee variant different media hashes (R24)', async () => {
    const a = generateCorpus(42, 'trainee-a');
    const b = generateCorpus(42, 'trainee-b');
    const ka = a.media.find((m) => m.truth.knownPropaganda);
    const kb = b.media.find((m) => m.truth.knownPropaganda);
    const sa = new MediaStore(a, dir);
    const sb = new MediaStore(b, dir);
    expect(sa.dir).not.toBe(sb.dir);
    expect(sha(await sa.bytes(ka?.id ?? ''))).not.toBe(sha(await sb.bytes(kb?.id ?? '')));
  });

  it('makes near-duplicates that PDQ matches to their original (distance ≤ 31) but SHA-256 does not', async () => {
    const variant = generateCorpus(99, 'trainee-3');
    const pairs = [
      ...near.map((copy) => ({ copy, store: new MediaStore(corpus, dir) })),
      ...variant.media
        .filter((m) => m.truth.derivedFrom !== null)
        .map((copy) => ({ copy, store: new MediaStore(variant, dir) })),
    ];
    const store = new MediaStore(corpus, dir);
    for (const { copy, store } of pairs) {
      const original = await store.bytes(copy.truth.derivedFrom ?? '');
      const bytes = await store.bytes(copy.id);
      expect(sha(bytes)).not.toBe(sha(original));
      const [p, q] = await Promise.all([pdqFromImage(original), pdqFromImage(bytes)]);
      expect(
        pdqDistance(p.hash, q.hash),
        `${copy.url} ${copy.truth.transforms.join('+')}`,
      ).toBeLessThanOrEqual(31);
    }
    // And unrelated posters are far apart.
    const [x, y] = await Promise.all([
      pdqFromImage(await store.bytes(known[0]?.id ?? '')),
      pdqFromImage(await store.bytes(known[3]?.id ?? '')),
    ]);
    expect(pdqDistance(x.hash, y.hash)).toBeGreaterThan(31);
  });

  it('carries the visible watermark: OCR of a poster, text of the PDF (R23)', async () => {
    const store = new MediaStore(corpus, dir);
    const poster = path.join(dir, 'poster.png');
    // OCR the bottom band, enlarged: the watermark is a line of text any reader sees.
    const band = await sharp(await store.bytes(known[0]?.id ?? ''))
      .extract({ left: 0, top: 340, width: 640, height: 60 })
      .resize({ width: 1280 })
      .grayscale()
      .png()
      .toBuffer();
    await writeFile(poster, band);
    const { stdout } = await run('tesseract', [poster, '-', '-l', 'eng', '--psm', '7']);
    expect(stdout.trim()).toBe('SYNTHETIC — VIGIL TRAINING RANGE');
    const pdf = path.join(dir, 'magazine.pdf');
    await writeFile(pdf, await store.bytes(corpus.media.find((m) => m.kind === 'pdf')?.id ?? ''));
    const text = (await run('pdftotext', [pdf, '-'])).stdout;
    expect(text).toContain('SYNTHETIC — VIGIL TRAINING RANGE');
    expect(text).toContain('PLACEHOLDER');
    await run('qpdf', ['--check', pdf]);
  });

  it('keeps videos short and small', async () => {
    const store = new MediaStore(corpus, dir);
    const video = corpus.media.find((m) => m.kind === 'video');
    const file = path.join(dir, 'clip.mp4');
    const bytes = await store.bytes(video?.id ?? '');
    await writeFile(file, bytes);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_name',
      '-of',
      'json',
      file,
    ]);
    const info = JSON.parse(stdout) as {
      format: { duration: string };
      streams: { codec_name: string }[];
    };
    expect(Number(info.format.duration)).toBeLessThanOrEqual(5);
    expect(info.streams[0]?.codec_name).toBe('h264');
    expect(bytes.byteLength).toBeLessThan(200_000);
  });

  it('exports the known set as a sha256 + pdq hash list that matches the served bytes', async () => {
    const store = new MediaStore(corpus, dir);
    const csv = hashListCsv(await knownHashRows(store));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('type,value,labels');
    expect(lines).toHaveLength(1 + known.length * 2);
    for (const item of known) {
      expect(csv).toContain(`sha256,${sha(await store.bytes(item.id))},`);
    }
    expect(
      lines
        .filter((l) => l.startsWith('pdq,'))
        .every((l) => /^pdq,[0-9a-f]{64},vigil-range;/.test(l)),
    ).toBe(true);
    expect(
      lines.slice(1).every((l) => l.split(',').length === 3 && l.includes(';propaganda;')),
    ).toBe(true);
  });
});
