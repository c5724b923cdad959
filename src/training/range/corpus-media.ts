/**
 * @module The media pool of a corpus: benign posters, the "known propaganda" set, near-duplicates
 * of it, short videos and the file host's magazines. Only specifications here; bytes are rendered
 * lazily by media-render.ts.
 */
import type { FictionalGroup } from './fiction.js';
import { GROUPS } from './fiction.js';
import type { MediaItem, Transform } from './corpus-model.js';
import { TRANSFORMS } from './corpus-model.js';
import type { Rng } from './prng.js';
import { BENIGN_POSTER_LINES, POSTER_LINES } from './templates-flagged.js';
import type { Language, MediaKind } from './vocab.js';
import { LANGUAGES } from './vocab.js';

export const BENIGN_POSTERS = 24;
/** Known propaganda posters per group, in GROUPS order. */
export const KNOWN_PER_GROUP = [3, 3, 2, 2] as const;
export const NEAR_DUPLICATES_PER_KNOWN = 3;

const EXT: Record<MediaKind, string> = { image: 'png', video: 'mp4', pdf: 'pdf' };

export interface MediaPool {
  all: MediaItem[];
  benignPosters: MediaItem[];
  benignVideos: MediaItem[];
  /** Group slug → its known posters, near-duplicates and videos. */
  byGroup: Map<
    string,
    { known: MediaItem[]; near: MediaItem[]; videos: MediaItem[]; magazine: MediaItem }
  >;
}

export function buildMediaPool(s: Rng, newId: (n: number) => string): MediaPool {
  const all: MediaItem[] = [];
  const make = (
    kind: MediaKind,
    language: Language,
    headline: string,
    subline: string,
    truth: MediaItem['truth'],
    ext = EXT[kind],
  ): MediaItem => {
    const id = newId(10);
    const item: MediaItem = {
      id,
      kind,
      url: `/cdn/m/${id}.${ext}`,
      alt: headline,
      poster: { headline, subline, language, palette: s.int(6), serial: newId(6) },
      synthetic: true,
      truth,
    };
    all.push(item);
    return item;
  };
  const plain = {
    knownPropaganda: false,
    group: null,
    derivedFrom: null,
    transforms: [] as Transform[],
  };

  const benignPosters: MediaItem[] = [];
  for (let i = 0; i < BENIGN_POSTERS; i += 1) {
    const language = LANGUAGES[i % LANGUAGES.length] ?? 'en';
    // Half the benign posters are JPEG too, so the file type never tells a near-duplicate apart.
    const ext = i % 2 === 0 ? 'png' : 'jpg';
    benignPosters.push(
      make('image', language, s.pick(BENIGN_POSTER_LINES[language]), 'Community board', plain, ext),
    );
  }
  const benignVideos = [0, 1].map((i) =>
    make(
      'video',
      i === 0 ? 'en' : 'ms',
      i === 0 ? 'CUP FINAL HIGHLIGHTS' : 'PASAR MALAM',
      'Community video',
      plain,
    ),
  );

  const byGroup: MediaPool['byGroup'] = new Map();
  GROUPS.forEach((group: FictionalGroup, index) => {
    const known: MediaItem[] = [];
    const near: MediaItem[] = [];
    for (let k = 0; k < (KNOWN_PER_GROUP[index] ?? 2); k += 1) {
      const language = group.languages[k % group.languages.length] ?? 'en';
      const original = make(
        'image',
        language,
        s.pick(POSTER_LINES[language]),
        `${group.name[language]} — ${group.slogan[language]}`,
        {
          knownPropaganda: true,
          group: group.slug,
          derivedFrom: null,
          transforms: [],
        },
      );
      known.push(original);
      for (let d = 0; d < NEAR_DUPLICATES_PER_KNOWN; d += 1) {
        // Each near-duplicate gets one or two transforms; the first cycles so every kind occurs.
        const first =
          TRANSFORMS[(k * NEAR_DUPLICATES_PER_KNOWN + d + index) % TRANSFORMS.length] ?? 'reencode';
        const transforms: Transform[] = [first];
        // A second, light transform sometimes; crop and overlay move PDQ the most, so they
        // never combine with another transform (near-duplicates stay within distance 31).
        const light: readonly Transform[] = ['reencode', 'resize', 'recolour'];
        const chained = s.chance(0.4);
        if (chained && light.includes(first))
          transforms.push(s.pick(light.filter((t) => t !== first)));
        const copy = make(
          'image',
          language,
          original.poster.headline,
          original.poster.subline,
          { knownPropaganda: false, group: group.slug, derivedFrom: original.id, transforms },
          'jpg',
        );
        // A near-duplicate is derived from the original's pixels; it shares its poster spec.
        copy.poster = { ...original.poster, serial: copy.poster.serial };
        near.push(copy);
      }
    }
    const videos =
      index < 2
        ? [
            make('video', group.languages[0] ?? 'en', POSTER_LINES.en[1] ?? '', group.name.en, {
              ...plain,
              group: group.slug,
            }),
          ]
        : [];
    const magazine = make('pdf', 'en', `${group.name.en} — Field Notebook`, group.slogan.en, {
      ...plain,
      group: group.slug,
    });
    byGroup.set(group.slug, { known, near, videos, magazine });
  });
  return { all, benignPosters, benignVideos, byGroup };
}
