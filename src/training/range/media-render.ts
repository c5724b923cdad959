/**
 * @module Renders the corpus's media bytes on demand and caches them per seed and variant:
 * posters (SVG → PNG with sharp, system fonts), near-duplicates (JPEG re-encodes, resizes,
 * crops, recolours, overlays), short videos (ffmpeg) and the magazine PDFs. Every output is
 * deterministic (fixed encoder options, ffmpeg bitexact) and carries the watermark (R23).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { notFound, unavailable } from '../../core/errors.js';
import type { Corpus, MediaItem, Transform } from './corpus-model.js';
import { writePdf } from './pdf-writer.js';
import type { Language } from './vocab.js';
import { RTL_LANGUAGES, WATERMARK } from './vocab.js';

const run = promisify(execFile);

const PALETTES: readonly [string, string][] = [
  ['#1d2733', '#e8c547'],
  ['#3b0d11', '#f4efe6'],
  ['#0f3d3e', '#f1f1e6'],
  ['#2b2d42', '#ef233c'],
  ['#264653', '#e9c46a'],
  ['#1b1b1b', '#d9d9d9'],
];

const FONT: Record<Language, string> = {
  en: 'DejaVu Sans',
  id: 'DejaVu Sans',
  ms: 'DejaVu Sans',
  tl: 'DejaVu Sans',
  ar: 'Noto Naskh Arabic, Noto Sans Arabic, DejaVu Sans',
  ur: 'Noto Nastaliq Urdu, Noto Naskh Arabic, DejaVu Sans',
};

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SVG source of a poster: headline, subline, serial, and the watermark band. */
export function posterSvg(item: MediaItem, width = 640, height = 400): string {
  const [bg, fg] = PALETTES[item.poster.palette % PALETTES.length] ?? ['#000', '#fff'];
  const font = FONT[item.poster.language];
  const dir = RTL_LANGUAGES.includes(item.poster.language) ? ' direction="rtl"' : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="${fg}" stop-opacity="0.55"/></linearGradient></defs>
<rect width="100%" height="100%" fill="${bg}"/>
<rect width="100%" height="100%" fill="url(#g)"/>
<circle cx="${width * (0.2 + (item.poster.palette % 3) * 0.3)}" cy="${height * 0.45}" r="${height * 0.32}" fill="${fg}" opacity="0.35"/>
<rect x="0" y="${height * 0.62}" width="${width}" height="${height * 0.12}" fill="${bg}" opacity="0.7"/>
<text x="${width / 2}" y="150" font-family="${font}" font-size="40" font-weight="bold" fill="${fg}" text-anchor="middle"${dir}>${xml(item.poster.headline)}</text>
<text x="${width / 2}" y="215" font-family="${font}" font-size="20" fill="${fg}" text-anchor="middle"${dir}>${xml(item.poster.subline)}</text>
<text x="${width - 30}" y="${height - 80}" font-family="DejaVu Sans Mono" font-size="12" fill="${fg}" text-anchor="end">R-${xml(item.poster.serial)}</text>
<rect x="0" y="${height - 50}" width="${width}" height="50" fill="#ffffff" opacity="0.9"/>
<text x="${width / 2}" y="${height - 18}" font-family="DejaVu Sans" font-size="22" font-weight="bold" fill="#c00000" text-anchor="middle">${xml(WATERMARK)}</text>
</svg>`;
}

/** PNG options fixed so the same SVG always yields the same bytes. */
const png = (image: Sharp) =>
  image.png({ compressionLevel: 9, adaptiveFiltering: false, palette: false });
const jpeg = (image: Sharp, quality: number) =>
  image.jpeg({
    quality,
    mozjpeg: false,
    chromaSubsampling: '4:2:0',
    progressive: false,
    optimiseCoding: true,
  });

export async function renderPoster(item: MediaItem): Promise<Uint8Array> {
  const image = sharp(Buffer.from(posterSvg(item)), { density: 72 });
  return (item.url.endsWith('.jpg') ? jpeg(image, 82) : png(image)).toBuffer();
}

/** A near-duplicate: the original's pixels through the item's transforms, re-encoded as JPEG. */
export async function renderNearDuplicate(
  original: Uint8Array,
  transforms: readonly Transform[],
  serial: string,
): Promise<Uint8Array> {
  let image = sharp(original);
  let quality = 85;
  for (const transform of transforms) {
    // Materialise the previous step so this one sees its real size.
    image = sharp(await png(image).toBuffer());
    const meta = await image.metadata();
    const width = meta.width;
    const height = meta.height;
    switch (transform) {
      case 'reencode':
        quality = 55;
        break;
      case 'resize':
        image = image.resize({ width: Math.round(width * 0.6), kernel: 'lanczos3' });
        break;
      case 'crop': {
        // A screenshot-style trim of 0.5% a side: PDQ is crop-sensitive (a 2% crop already
        // moves a poster ~50 bits), and range near-duplicates are meant to stay within the
        // PDQ match distance of 31 (R6), so they are findable by hash-list matching.
        const dx = Math.max(1, Math.round(width * 0.005));
        const dy = Math.max(1, Math.round(height * 0.005));
        image = image.extract({
          left: dx,
          top: dy,
          width: width - 2 * dx,
          height: height - 2 * dy,
        });
        break;
      }
      case 'recolour':
        image = image.modulate({ hue: 35, saturation: 1.25, brightness: 1.05 });
        break;
      case 'overlay': {
        // A repost badge in the top-left corner, as re-uploaders' apps stamp them.
        const bw = Math.round(width * 0.3);
        const banner = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="0" y="0" width="${bw}" height="20" fill="#000" opacity="0.4"/><text x="6" y="15" font-family="DejaVu Sans" font-size="12" fill="#fff">repost ${xml(serial)}</text></svg>`;
        image = image.composite([{ input: Buffer.from(banner), top: 0, left: 0 }]);
        break;
      }
    }
  }
  return jpeg(image, quality).toBuffer();
}

/** A few seconds of 320×180 H.264 with the headline and the watermark, bit-exact. */
export async function renderVideo(item: MediaItem, workDir: string): Promise<Uint8Array> {
  const [bg, fg] = PALETTES[item.poster.palette % PALETTES.length] ?? ['#000000', '#ffffff'];
  const headline = path.join(workDir, `${item.id}.headline.txt`);
  const mark = path.join(workDir, `${item.id}.mark.txt`);
  await writeFile(headline, `${item.poster.headline} R-${item.poster.serial}`);
  await writeFile(mark, WATERMARK);
  const out = path.join(workDir, `${item.id}.mp4`);
  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
  const filter = [
    `drawtext=fontfile=${font}:textfile=${headline}:fontcolor=${fg}:fontsize=16:x=mod(t*80\\,w+tw)-tw:y=60`,
    `drawtext=fontfile=${font}:textfile=${mark}:fontcolor=red:fontsize=12:box=1:boxcolor=white:x=(w-tw)/2:y=h-24`,
  ].join(',');
  try {
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `color=c=${bg}:s=320x180:d=3:r=10`, '-vf', filter],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '30',
        '-threads',
        '1',
        '-pix_fmt',
        'yuv420p',
      ],
      ...[
        '-fflags',
        '+bitexact',
        '-flags:v',
        '+bitexact',
        '-map_metadata',
        '-1',
        '-movflags',
        '+faststart',
        out,
      ],
    ]);
  } catch (cause) {
    throw unavailable(`ffmpeg could not render range video ${item.id}`, {
      cause,
      hint: 'install ffmpeg with libx264 and drawtext (Debian: apt-get install ffmpeg)',
    });
  }
  return readFile(out);
}

export function renderMagazine(item: MediaItem): Uint8Array {
  const pages = [
    {
      title: item.poster.headline,
      lines: [
        'A fictional magazine of an invented group.',
        item.poster.subline,
        '',
        'Issue contents:',
        '[PLACEHOLDER — no instructions are shown on the Vigil training range]',
      ],
    },
    {
      title: 'Part 2',
      lines: [
        '[PLACEHOLDER — training content withheld by the range]',
        '',
        'Fiction for training investigators. Any resemblance is coincidental.',
      ],
    },
  ];
  return writePdf(pages, WATERMARK);
}

export const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
};

/**
 * Lazily renders and caches a corpus's media under `cacheDir/<seed>-<variant hash>/`. Files are
 * written to a temporary name and renamed, so a crash never leaves a half file in the cache.
 */
export class MediaStore {
  readonly dir: string;
  readonly #corpus: Corpus;
  readonly #byId: Map<string, MediaItem>;
  readonly #inFlight = new Map<string, Promise<Uint8Array>>();

  constructor(corpus: Corpus, cacheDir: string) {
    this.#corpus = corpus;
    this.#byId = new Map(corpus.media.map((m) => [m.id, m]));
    const tag = createHash('sha256')
      .update(corpus.variant ?? '')
      .digest('hex')
      .slice(0, 12);
    this.dir = path.join(
      cacheDir,
      `${corpus.seed.replace(/[^\w.-]/g, '_')}-${corpus.variant === null ? 'base' : tag}`,
    );
  }

  item(id: string): MediaItem | undefined {
    return this.#byId.get(id);
  }

  /** The bytes of media `id`, rendered once and then served from the cache. */
  bytes(id: string): Promise<Uint8Array> {
    const item = this.#byId.get(id);
    if (item === undefined) return Promise.reject(notFound(`range media ${id} does not exist`));
    const pending = this.#inFlight.get(id);
    if (pending !== undefined) return pending;
    const job = this.#load(item);
    this.#inFlight.set(id, job);
    job.catch(() => this.#inFlight.delete(id));
    return job;
  }

  async #load(item: MediaItem): Promise<Uint8Array> {
    const file = path.join(this.dir, path.basename(item.url));
    try {
      return await readFile(file);
    } catch {
      // Not cached yet: render below.
    }
    const bytes = await this.#render(item);
    await mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    return bytes;
  }

  async #render(item: MediaItem): Promise<Uint8Array> {
    switch (item.kind) {
      case 'pdf':
        return renderMagazine(item);
      case 'video': {
        const work = await mkdtemp(path.join(os.tmpdir(), 'vigil-range-video-'));
        try {
          return await renderVideo(item, work);
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      }
      case 'image': {
        if (item.truth.derivedFrom === null) return renderPoster(item);
        const original = await this.bytes(item.truth.derivedFrom);
        return renderNearDuplicate(original, item.truth.transforms, item.poster.serial);
      }
    }
  }

  get corpus(): Corpus {
    return this.#corpus;
  }
}

/** A persona's avatar: a deterministic identicon-like SVG from its id (cheap, not cached). */
export function avatarSvg(personaId: string, initials: string): string {
  const hash = createHash('sha256').update(personaId).digest();
  const hue = (hash[0] ?? 0) * 1.4;
  const cells: string[] = [];
  for (let i = 0; i < 15; i += 1) {
    if (((hash[1 + i] ?? 0) & 1) === 1) {
      const x = i % 3;
      const y = Math.floor(i / 3);
      for (const cx of x === 2 ? [2] : [x, 4 - x])
        cells.push(`<rect x="${cx * 12 + 2}" y="${y * 12 + 2}" width="12" height="12"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="hsl(${hue.toFixed(0)},45%,88%)"/><g fill="hsl(${hue.toFixed(0)},55%,45%)" opacity="0.5">${cells.join('')}</g><text x="32" y="40" font-family="DejaVu Sans" font-size="20" text-anchor="middle" fill="#222">${xml(initials)}</text></svg>`;
}
