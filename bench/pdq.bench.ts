/**
 * @module PDQ throughput (issue 5): images/s for decode + PDQ, against decoding alone with sharp
 * measured in the same run (the ratio is the share of time left after adding PDQ, so ≤ 1), on
 * the shared reference vectors and on generated 1600×1004 JPEG photos. The absolute rate is
 * compared with the reference C++ core's ~29 images/s at 1600×1004 on this kind of machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../src/triage/hashing/image-decode.js';
import { pdqFromPixels } from '../src/triage/hashing/pdq.js';
import type { BenchResult } from './types.js';

const WORK = path.resolve(import.meta.dirname, '.work', 'pdq');
const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared', 'pdq');
const REFERENCE_CPP_IMAGES_PER_SECOND = 29;

function sharedVectors(): string[] {
  const lines = fs.readFileSync(path.join(SHARED, 'expected.csv'), 'utf8').trim().split(/\r?\n/);
  return lines.slice(1).map((l) => path.join(SHARED, l.split(',')[0]!));
}

/** 1600×1004 photo-like JPEGs made from the shared pictures (resized, re-encoded at q90). */
async function largePhotos(): Promise<string[]> {
  fs.mkdirSync(WORK, { recursive: true });
  const sources = [
    'pen-and-coaster.png',
    'misc/c.png',
    'pytx/rgb.jpeg',
    'labelme-subset/q1050.jpg',
    'labelme-subset/q2821.jpg',
    'pytx/letterboxed_sample-b.jpg',
    'bridge-mods/high-contrast.jpg',
    'pytx/LA.png',
  ];
  const out: string[] = [];
  for (const [i, source] of sources.entries()) {
    const file = path.join(WORK, `photo-${i}.jpg`);
    if (!fs.existsSync(file)) {
      await sharp(path.join(SHARED, 'images', source))
        .removeAlpha()
        .resize(1600, 1004, { fit: 'fill' })
        .jpeg({ quality: 90 })
        .toFile(file);
    }
    out.push(file);
  }
  return out;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Images/s of `work` over `files`, repeated until at least `minSeconds` have passed. */
async function rate(files: string[], work: (file: string) => Promise<unknown>, minSeconds = 3) {
  for (const f of files) await work(f); // warm-up: JIT, page cache
  let done = 0;
  const start = process.hrtime.bigint();
  while (seconds(start) < minSeconds) {
    for (const f of files) await work(f);
    done += files.length;
  }
  return done / seconds(start);
}

export default async function run(): Promise<BenchResult[]> {
  const decodeOnly = (f: string) => decodeImage(f);
  const decodeAndHash = async (f: string) => pdqFromPixels(await decodeImage(f));
  const results: BenchResult[] = [];

  for (const [label, files] of [
    ['shared vectors (35 images, 34×42 to 2000×1404)', sharedVectors()],
    ['1600×1004 JPEG photos', await largePhotos()],
  ] as const) {
    const baseline = await rate(files, decodeOnly);
    const value = await rate(files, decodeAndHash);
    const isLarge = label.startsWith('1600');
    results.push({
      name: `PDQ decode+hash, ${label}`,
      value,
      unit: 'images/s',
      baseline: { name: 'sharp decode alone', value: baseline },
      ratio: value / baseline,
      ...(isLarge
        ? {
            goal: `near the reference C++ core's ${REFERENCE_CPP_IMAGES_PER_SECOND} images/s (absolute)`,
            met: value >= REFERENCE_CPP_IMAGES_PER_SECOND,
          }
        : {}),
    });
  }

  // The hash alone on decoded pixels (what the reference core's timing covers).
  const pixels = await decodeImage(path.join(SHARED, 'images/bridge-mods/aaa-orig.jpg'));
  for (let i = 0; i < 10; i++) pdqFromPixels(pixels);
  let n = 0;
  const start = process.hrtime.bigint();
  while (seconds(start) < 3) {
    pdqFromPixels(pixels);
    n++;
  }
  const hashOnly = n / seconds(start);
  results.push({
    name: 'PDQ hash only, 1600×1004 pixels in memory',
    value: hashOnly,
    unit: 'images/s',
    baseline: {
      name: 'reference C++ core (stated, not measured here)',
      value: REFERENCE_CPP_IMAGES_PER_SECOND,
    },
    ratio: hashOnly / REFERENCE_CPP_IMAGES_PER_SECOND,
  });
  return results;
}
