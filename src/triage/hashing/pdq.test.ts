/** @module PDQ against Meta's reference hashes in ../shared/pdq (see its README). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { IMAGE_DECODER } from './image-decode.js';
import { pdqDihedralFromImage, pdqFromImage } from './image-hash.js';
import { PDQ_DIHEDRAL_NAMES, pdqFromPixels, quotientByReciprocal } from './pdq.js';
import { pdqDistance } from './pdq-hash.js';

const PDQ_DIR = path.join(SHARED_DIR, 'pdq');

/**
 * JPEG decoders differ slightly (IDCT, chroma upsampling), so a JPEG may land a few bits from
 * the reference; upstream accepts ≤ 10 for quality ≥ 80 images. We hold JPEGs to 2 bits: with
 * sharp's libjpeg-turbo/mozjpeg they reproduce exactly, and a decoder change should show.
 */
const JPEG_TOLERANCE = 2;

interface Vector {
  file: string;
  size: string;
  pdq: string;
  quality: number;
  note: string;
}

function readVectors(): Vector[] {
  const lines = readFileSync(path.join(PDQ_DIR, 'expected.csv'), 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('file,size,pdq,quality,note');
  return lines.slice(1).map((line) => {
    const [file = '', size = '', pdq = '', quality = '', note = ''] = line.split(',');
    return { file, size, pdq, quality: Number(quality), note };
  });
}

const vectors = readVectors();
const isLossless = (file: string) => /\.png$/i.test(file);
const expectedOf = (file: string) => vectors.find((v) => v.file === file)!.pdq;

describe('PDQ against the reference vectors', () => {
  const results = new Map<string, { hash: string; quality: number }>();

  beforeAll(async () => {
    for (const v of vectors) results.set(v.file, await pdqFromImage(path.join(PDQ_DIR, v.file)));
    const table = vectors.map((v) => {
      const r = results.get(v.file)!;
      return {
        file: v.file,
        kind: isLossless(v.file) ? 'lossless' : 'jpeg',
        distance: pdqDistance(r.hash, v.pdq),
        quality: r.quality,
        expectedQuality: v.quality,
      };
    });
    console.log(`PDQ vs reference (decoder: ${IMAGE_DECODER})`);
    console.table(table);
  });

  it('has all 35 vectors', () => {
    expect(vectors).toHaveLength(35);
  });

  it('reproduces every lossless image exactly, hash and quality', () => {
    const lossless = vectors.filter((v) => isLossless(v.file));
    expect(lossless.map((v) => path.basename(v.file))).toEqual([
      'c.png',
      'pen-and-coaster.png',
      'LA.png',
    ]);
    for (const v of lossless) {
      expect({ file: v.file, ...results.get(v.file) }).toEqual({
        file: v.file,
        hash: v.pdq,
        quality: v.quality,
      });
    }
  });

  it(`keeps every JPEG within ${JPEG_TOLERANCE} bits and its quality within 1`, () => {
    for (const v of vectors.filter((x) => !isLossless(x.file))) {
      const r = results.get(v.file)!;
      expect(pdqDistance(r.hash, v.pdq), v.file).toBeLessThanOrEqual(JPEG_TOLERANCE);
      expect(Math.abs(r.quality - v.quality), v.file).toBeLessThanOrEqual(1);
    }
  });

  it('reproduces the README known distances', () => {
    const bridge = results.get('images/dih/bridge-1-original.jpg')!.hash;
    expect(pdqDistance(bridge, results.get('images/dih/bridge-2-rotate-90.jpg')!.hash)).toBe(120);
    expect(pdqDistance(bridge, results.get('images/pen-and-coaster.png')!.hash)).toBe(138);
    const sample = results.get('images/pytx/sample-b.jpg')!.hash;
    const letterboxed = results.get('images/pytx/letterboxed_sample-b.jpg')!.hash;
    expect(pdqDistance(sample, letterboxed)).toBeGreaterThan(31);
  });

  it('reports low quality for near-flat images', () => {
    expect(results.get('images/misc/small.jpg')!.quality).toBe(0);
    expect(results.get('images/labelme-subset/q0003.jpg')!.quality).toBeLessThan(50);
  });
});

describe('PDQ dihedral variants', () => {
  it('predicts the hash of each rotated or flipped file from the original alone', async () => {
    const { quality, hashes } = await pdqDihedralFromImage(
      path.join(PDQ_DIR, 'images/dih/bridge-1-original.jpg'),
    );
    expect(quality).toBe(100);
    const files = [
      'bridge-1-original.jpg',
      'bridge-2-rotate-90.jpg',
      'bridge-3-rotate-180.jpg',
      'bridge-4-rotate-270.jpg',
      'bridge-5-flipx.jpg',
      'bridge-6-flipy.jpg',
      'bridge-7-flip-plus-1.jpg',
      'bridge-8-flip-minus-1.jpg',
    ];
    const rows = PDQ_DIHEDRAL_NAMES.map((name, i) => {
      const expected = expectedOf(`images/dih/${files[i]}`);
      return { variant: name, file: files[i], distance: pdqDistance(hashes[name], expected) };
    });
    console.table(rows);
    // The original is the plain hash; the others are re-encoded JPEGs of the transformed
    // picture, so a few bits may differ; upstream's rule for quality ≥ 80 is ≤ 10 bits, far under the
    // 120 bits between the original and its rotation.
    expect(rows[0]!.distance).toBe(0);
    for (const row of rows) expect(row.distance, row.variant).toBeLessThanOrEqual(10);
  });
});

describe('PDQ box filter arithmetic', () => {
  it('divides by a window as float32 division does, via the reciprocal', () => {
    // The filter multiplies by 1/w; that must equal the reference's float32 s / w exactly.
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    let checked = 0;
    for (let w = 1; w <= 300; w++) {
      for (let i = 0; i < 2000; i++) {
        // Random float32 bit patterns over the positive normal range, plus sums of luma.
        bits[0] = i & 1 ? (next() % 0x7f000000) + 0x00800000 : 0;
        const s = i & 1 ? f32[0]! : Math.fround((next() % 1_000_000) * 0.25 + (next() % 97) / 7);
        expect(quotientByReciprocal(s, w)).toBe(Math.fround(s / w));
        checked++;
      }
    }
    expect(checked).toBe(600_000);
  });
});

describe('PDQ edge cases', () => {
  it('gives the zero hash and quality 0 below 5×5, as the reference', () => {
    const image = { data: new Uint8Array(4 * 4 * 3).fill(200), width: 4, height: 4, channels: 3 };
    expect(pdqFromPixels(image)).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('hashes grey and RGB pixels of the same grey levels alike', () => {
    const width = 97;
    const height = 61;
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = (i * 7 + ((i / width) | 0) * 13) & 0xff;
    const rgb = new Uint8Array(grey.length * 3);
    grey.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
    const a = pdqFromPixels({ data: grey, width, height, channels: 1 });
    const b = pdqFromPixels({ data: rgb, width, height, channels: 3 });
    expect(pdqDistance(a.hash, b.hash)).toBeLessThanOrEqual(2);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the alpha channel instead of compositing it', () => {
    const width = 80;
    const height = 50;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 31) & 0xff;
    const rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = p & 0xff;
    }
    expect(pdqFromPixels({ data: rgba, width, height, channels: 4 })).toEqual(
      pdqFromPixels({ data: rgb, width, height, channels: 3 }),
    );
  });
});
