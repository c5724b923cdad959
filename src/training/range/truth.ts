/**
 * @module The ground truth of a corpus, as `vigil range truth` writes it. Trainer data only: the
 * range server never serves any of it (tested by crawling every page).
 */
import { canonicalize } from '../../core/jcs.js';
import type { Corpus, TruthEntity } from './corpus-model.js';
import type { Language, MediaKind, TruthCategory } from './vocab.js';

export interface TruthMedia {
  url: string;
  kind: MediaKind;
  /** URL of the known-propaganda original this is a near-duplicate of, else null. */
  nearDuplicateOf: string | null;
  knownPropaganda: boolean;
  transforms: string[];
}

export interface TruthPost {
  id: string;
  /** Permalink path under the range origin. */
  url: string;
  /** Persona id of the author. */
  author: string;
  authorHandle: string;
  channel: string | null;
  replyTo: string | null;
  category: TruthCategory;
  language: Language;
  /** On-range URLs (short links, pastes, files, donation pages) are origin-relative paths. */
  entities: TruthEntity[];
  media: TruthMedia[];
  anchor: string | null;
  group: string | null;
  createdAt: string;
  loginRequired: boolean;
  deletion: { kind: string; afterMs: number } | null;
  edited: boolean;
  synthetic: true;
}

export interface RangeTruth {
  format: 'vigil-range-truth/1';
  seed: string;
  variant: string | null;
  synthetic: true;
  personas: {
    id: string;
    url: string;
    handle: string;
    displayName: string;
    language: Language;
    role: string;
    group: string | null;
    synthetic: true;
  }[];
  channels: {
    name: string;
    url: string;
    title: string;
    kind: string;
    private: boolean;
    group: string | null;
    synthetic: true;
  }[];
  posts: TruthPost[];
  media: (TruthMedia & { id: string; group: string | null })[];
  shortlinks: { code: string; url: string; target: string }[];
  pastes: {
    id: string;
    url: string;
    language: Language;
    entities: TruthEntity[];
    group: string | null;
  }[];
  files: { id: string; url: string; download: string; media: string; group: string | null }[];
  donations: {
    slug: string;
    url: string;
    wallets: { kind: string; address: string }[];
    group: string | null;
  }[];
  anchors: Record<string, string>;
  investigators: { handle: string; password: string }[];
}

/**
 * The ground truth of `corpus`: every persona and post with its category, language, planted
 * entities and media (with near-duplicate links).
 *
 * @example
 * const truth = exportTruth(generateCorpus(42)); truth.posts[0].category // 'none'
 */
export function exportTruth(corpus: Corpus): RangeTruth {
  const mediaById = new Map(corpus.media.map((m) => [m.id, m]));
  const personaById = new Map(corpus.personas.map((p) => [p.id, p]));
  const truthMedia = (id: string): TruthMedia => {
    const item = mediaById.get(id);
    if (item === undefined) throw new Error(`post media ${id} is not in the corpus`);
    const original =
      item.truth.derivedFrom === null ? undefined : mediaById.get(item.truth.derivedFrom);
    return {
      url: item.url,
      kind: item.kind,
      nearDuplicateOf: original?.url ?? null,
      knownPropaganda: item.truth.knownPropaganda,
      transforms: [...item.truth.transforms],
    };
  };
  return {
    format: 'vigil-range-truth/1',
    seed: corpus.seed,
    variant: corpus.variant,
    synthetic: true,
    personas: corpus.personas.map((p) => ({
      id: p.id,
      url: `/u/${p.handle}`,
      handle: p.handle,
      displayName: p.displayName,
      language: p.language,
      role: p.truth.role,
      group: p.truth.group,
      synthetic: true,
    })),
    channels: corpus.channels.map((c) => ({
      name: c.name,
      url: `/c/${c.name}`,
      title: c.title,
      kind: c.kind,
      private: c.private,
      group: c.truth.group,
      synthetic: true,
    })),
    posts: corpus.posts.map((post) => ({
      id: post.id,
      url: `/p/${post.id}`,
      author: post.authorId,
      authorHandle: personaById.get(post.authorId)?.handle ?? '',
      channel: post.channel,
      replyTo: post.replyTo,
      category: post.truth.category,
      language: post.language,
      entities: post.truth.entities.map((e) => ({ ...e })),
      media: post.media.map(truthMedia),
      anchor: post.truth.anchor,
      group: post.truth.group,
      createdAt: post.createdAt,
      loginRequired: post.loginRequired,
      deletion: post.deletion === null ? null : { ...post.deletion },
      edited: post.edits.length > 0,
      synthetic: true,
    })),
    media: corpus.media.map((m) => ({ id: m.id, group: m.truth.group, ...truthMedia(m.id) })),
    shortlinks: corpus.shortlinks.map((l) => ({
      code: l.code,
      url: `/s/${l.code}`,
      target: l.target,
    })),
    pastes: corpus.pastes.map((p) => ({
      id: p.id,
      url: `/paste/${p.id}`,
      language: p.language,
      entities: p.truth.entities.map((e) => ({ ...e })),
      group: p.truth.group,
    })),
    files: corpus.files.map((f) => ({
      id: f.id,
      url: `/files/${f.id}`,
      download: `/files/${f.id}/${f.fileName}`,
      media: mediaById.get(f.mediaId)?.url ?? '',
      group: f.truth.group,
    })),
    donations: corpus.donations.map((d) => ({
      slug: d.slug,
      url: `/donate/${d.slug}`,
      wallets: d.wallets.map((w) => ({ ...w })),
      group: d.truth.group,
    })),
    anchors: { ...corpus.anchors },
    investigators: corpus.investigators.map((i) => ({ handle: i.handle, password: i.password })),
  };
}

/** The canonical (RFC 8785) JSON of the truth: byte-identical for the same seed and variant. */
export const truthToJson = (truth: RangeTruth): string => canonicalize(truth);
