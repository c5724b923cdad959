/**
 * @module generateCorpus: the whole fictional platform as data, a pure function of the seed and
 * the variant. Structure (who posts what, in which language and category, when) comes from the
 * seed's structure stream; identifiers, wallets, contacts and image serials come from the
 * variant stream, so two trainees see the same exercise with different answers (R24).
 */
import { ANCHORS } from './anchors.js';
import type { Channel, Corpus, MediaItem, Persona, Post, TruthEntity } from './corpus-model.js';
import type { MediaPool } from './corpus-media.js';
import { buildMediaPool } from './corpus-media.js';
import type { GroupPool } from './entities.js';
import { isFictionalPhone, isReservedEmail, makeGroupPool } from './entities.js';
import { integrityError } from '../../core/errors.js';
import type { FictionalGroup } from './fiction.js';
import { BENIGN_HASHTAGS, GROUPS } from './fiction.js';
import { buildPersonas, buildChannels } from './corpus-people.js';
import { Rng } from './prng.js';
import { BENIGN_REPLIES, BENIGN_TEMPLATES } from './templates-benign.js';
import { FLAGGED_TEMPLATES } from './templates-flagged.js';
import type { FillContext, OffPlatformRegistry } from './text-fill.js';
import { fillTemplate } from './text-fill.js';
import type { Category, Language, TruthCategory } from './vocab.js';

/** Posts on personal timelines and channels, before replies. */
export const TOP_LEVEL_POSTS = 2700;
export const REPLIES = 650;
/** The corpus clock starts here; no wall-clock time enters the corpus. */
export const CORPUS_EPOCH = Date.UTC(2025, 2, 1);
const SPAN_MINUTES = 60 * 24 * 60;
const ID_ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** Normalises the seed so `--seed 7` and `generateCorpus(7)` agree. */
export const seedKey = (seed: string | number): string => String(seed).trim();

/**
 * The corpus for `seed` and optional trainee `variant`. Same inputs, byte-identical output.
 *
 * @example
 * const corpus = generateCorpus(42, 'trainee-7'); corpus.posts.length // ≥ 3000
 */
export function generateCorpus(seed: string | number, variant: string | null = null): Corpus {
  const key = seedKey(seed);
  const s = Rng.from(`vigil-range/structure/${key}`);
  const v = Rng.from(`vigil-range/variant/${key}/${variant ?? ''}`);
  const used = new Set<string>();
  const newId = (length: number): string => {
    for (;;) {
      const id = v.token(length, ID_ALPHABET);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };

  const personas = buildPersonas(s.fork('personas'), v, newId, CORPUS_EPOCH);
  const channels = buildChannels(s.fork('channels'), personas);
  const media = buildMediaPool(s.fork('media'), newId);
  const pools = new Map<string, GroupPool>(GROUPS.map((g) => [g.slug, makeGroupPool(v, g.slug)]));
  const places: OffPlatformRegistry = {
    shortlinks: [],
    pastes: [],
    donations: [],
    files: [],
    newId,
  };
  for (const group of GROUPS) {
    const magazine = media.byGroup.get(group.slug)?.magazine;
    if (magazine === undefined) continue;
    places.files.push({
      id: newId(10),
      title: magazine.poster.headline,
      fileName: `${group.slug}-field-notebook.pdf`,
      mediaId: magazine.id,
      synthetic: true,
      truth: { group: group.slug, category: 'training' },
    });
  }

  const members = (slug: string) => personas.filter((p) => p.truth.group === slug);
  const posts: Post[] = [];
  const ps = s.fork('posts');
  const timeAt = (minutes: number) => new Date(CORPUS_EPOCH + minutes * 60_000).toISOString();

  const makePost = (opts: {
    author: Persona;
    channel: Channel | null;
    language: Language;
    category: TruthCategory;
    group: FictionalGroup | null;
    template?: string;
    createdAt: string;
    anchor?: string | null;
    edited?: boolean;
  }): Post => {
    const group = opts.group;
    const ctx: FillContext = {
      s: ps,
      v,
      language: opts.language,
      group,
      pool: group === null ? null : (pools.get(group.slug) ?? null),
      memberHandles: group === null ? [] : members(group.slug).map((p) => p.handle),
      places,
      createdAt: opts.createdAt,
    };
    const templates =
      opts.category === 'none'
        ? BENIGN_TEMPLATES[opts.language]
        : FLAGGED_TEMPLATES[opts.category][opts.language];
    const template = opts.template ?? ps.pick(templates);
    const edited = opts.edited ?? ps.chance(0.06);
    const filled = fillTemplate(template, ctx);
    // Some posts run long (threads pasted as one post), so pages truncate them behind "Show more".
    if (opts.template === undefined && ps.chance(0.07)) {
      for (let extra = 0; extra < 2; extra += 1) {
        const more = fillTemplate(ps.pick(templates), ctx);
        filled.text += `\n\n${more.text}`;
        filled.entities.push(
          ...more.entities.filter((e) => !filled.entities.some((f) => f.value === e.value)),
        );
      }
    }
    let earlier = edited ? fillTemplate(template, ctx) : null;
    // An anchor's edit must change a planted entity, so the edit history holds an answer.
    for (let tries = 0; opts.anchor != null && earlier !== null && tries < 20; tries += 1) {
      if (earlier.entities.some((old) => !filled.entities.some((e) => e.value === old.value)))
        break;
      earlier = fillTemplate(template, ctx);
    }
    const hashtags: string[] = [];
    if (group !== null && opts.category !== 'none' && ps.chance(0.6)) hashtags.push(group.hashtag);
    if (opts.category === 'none' && ps.chance(0.4))
      hashtags.push(ps.pick(BENIGN_HASHTAGS[opts.language]));
    const tagText = hashtags.map((t) => ` #${t}`).join('');
    const entities: TruthEntity[] = [...filled.entities];
    for (const tag of hashtags)
      if (group !== null && tag === group.hashtag)
        entities.push({ type: 'hashtag', value: `#${tag}` });
    for (const old of earlier?.entities ?? []) {
      if (!entities.some((e) => e.type === old.type && e.value === old.value))
        entities.push({ ...old, where: 'edit_history' });
    }
    const editedAt = new Date(Date.parse(opts.createdAt) + ps.range(5, 180) * 60_000).toISOString();
    const post: Post = {
      id: newId(11),
      authorId: opts.author.id,
      channel: opts.channel?.name ?? null,
      replyTo: null,
      text: filled.text + tagText,
      language: opts.language,
      createdAt: opts.createdAt,
      hashtags,
      mentions: filled.entities.filter((e) => e.type === 'handle').map((e) => e.value.slice(1)),
      media: [],
      reactions: {
        like: ps.int(group === null ? 40 : 300),
        love: ps.int(20),
        angry: ps.int(group === null ? 5 : 40),
      },
      shares: ps.int(group === null ? 10 : 120),
      edits: earlier === null ? [] : [{ text: earlier.text + tagText, at: opts.createdAt }],
      editedAt: earlier === null ? null : editedAt,
      deletion: null,
      loginRequired: opts.channel?.private ?? false,
      synthetic: true,
      truth: {
        category: opts.category,
        entities,
        anchor: opts.anchor ?? null,
        group: group?.slug ?? null,
      },
    };
    posts.push(post);
    return post;
  };

  const attachMedia = (post: Post, item: MediaItem | undefined) => {
    if (item !== undefined) post.media.push(item.id);
  };
  const groupMedia = (slug: string) => media.byGroup.get(slug);

  // Anchors first: scenario packs depend on them, and fixed times keep them near "now".
  const anchors: Record<string, string> = {};
  ANCHORS.forEach((spec, index) => {
    const group = GROUPS.find((g) => g.slug === spec.group);
    if (group === undefined) throw new Error(`anchor ${spec.key}: unknown group ${spec.group}`);
    const channel =
      spec.channel === null ? null : (channels.find((c) => c.name === spec.channel) ?? null);
    const author =
      channel?.ownerId !== undefined
        ? personas.find((p) => p.id === channel.ownerId)
        : members(group.slug)[1];
    if (author === undefined) throw new Error(`anchor ${spec.key}: no author`);
    const template = FLAGGED_TEMPLATES[spec.category][spec.language][spec.templateIndex];
    const post = makePost({
      author,
      channel,
      language: spec.language,
      category: spec.category,
      group,
      template,
      createdAt: timeAt(SPAN_MINUTES - 600 + index * 23),
      anchor: spec.key,
      edited: spec.edited ?? false,
    });
    const gm = groupMedia(group.slug);
    if (spec.media === 'known') attachMedia(post, gm?.known[0]);
    if (spec.media === 'near_duplicate') attachMedia(post, gm?.near[0]);
    if (spec.media === 'video') attachMedia(post, gm?.videos[0]);
    if (spec.deletion !== undefined)
      post.deletion = { kind: spec.deletion.kind, afterMs: spec.deletion.afterMinutes * 60_000 };
    anchors[spec.key] = post.id;
  });

  generateBulk(ps, { personas, channels, media, members, makePost, attachMedia, timeAt });
  generateReplies(ps, posts, personas, newId);

  posts.sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
  );
  assertFictionalContacts(posts);
  return {
    seed: key,
    variant,
    personas,
    channels,
    posts,
    media: media.all,
    shortlinks: places.shortlinks,
    pastes: places.pastes,
    files: places.files,
    donations: places.donations,
    investigators: [1, 2, 3].map((n) => ({
      handle: `investigator${n}`,
      password: `vigil-trainee-${n}`,
      displayName: `Investigator ${n} (training persona)`,
    })),
    anchors,
  };
}

interface BulkDeps {
  personas: Persona[];
  channels: Channel[];
  media: MediaPool;
  members: (slug: string) => Persona[];
  makePost: (opts: {
    author: Persona;
    channel: Channel | null;
    language: Language;
    category: TruthCategory;
    group: FictionalGroup | null;
    createdAt: string;
  }) => Post;
  attachMedia: (post: Post, item: MediaItem | undefined) => void;
  timeAt: (minutes: number) => string;
}

const FLAGGED_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['recruitment', 2],
  ['financing', 2],
  ['propaganda', 3],
  ['training', 1],
  ['incitement', 1],
  ['information_gathering', 1],
];

function generateBulk(s: Rng, deps: BulkDeps): void {
  const { personas, channels, media, members, makePost, attachMedia, timeAt } = deps;
  const bystanders = personas.filter((p) => p.truth.role === 'bystander');
  const sympathisers = personas.filter((p) => p.truth.role === 'sympathiser');
  const flaggedMedia = (post: Post, group: FictionalGroup, category: Category) => {
    const gm = media.byGroup.get(group.slug);
    if (gm === undefined) return;
    if (category === 'propaganda' && s.chance(0.65))
      attachMedia(post, s.chance(0.5) ? s.pick(gm.known) : s.pick(gm.near));
    else if (s.chance(0.1)) attachMedia(post, s.pick(gm.known));
    if (category === 'propaganda' && gm.videos.length > 0 && s.chance(0.08))
      attachMedia(post, s.pick(gm.videos));
  };

  for (let i = 0; i < TOP_LEVEL_POSTS - ANCHORS.length; i += 1) {
    const createdAt = timeAt(s.int(SPAN_MINUTES - 720));
    const roll = s.next();
    if (roll < 0.1) {
      // A fictional group's channel or private group.
      const channel = s.pick(channels.filter((c) => c.truth.group !== null));
      const group = GROUPS.find((g) => g.slug === channel.truth.group);
      const owner = personas.find((p) => p.id === channel.ownerId);
      if (group === undefined || owner === undefined) continue;
      const category = s.chance(0.1) ? 'none' : s.weighted(FLAGGED_WEIGHTS);
      const language = category === 'none' ? channel.language : s.pick(group.languages);
      const post = makePost({ author: owner, channel, language, category, group, createdAt });
      if (category !== 'none') flaggedMedia(post, group, category);
    } else if (roll < 0.17) {
      // A member or sympathiser on their own timeline: mostly ordinary life, sometimes not.
      const author = s.pick([
        ...members('blackbannerfront'),
        ...members('ashentide'),
        ...members('veridanvanguard'),
        ...members('dawncolumn'),
        ...sympathisers,
      ]);
      const group = GROUPS.find((g) => g.slug === author.truth.group) ?? s.pick(GROUPS);
      const category = s.chance(0.45) ? s.weighted(FLAGGED_WEIGHTS) : 'none';
      const language =
        category === 'none'
          ? author.language
          : s.chance(0.7)
            ? author.language
            : s.pick(group.languages);
      const post = makePost({
        author,
        channel: null,
        language,
        category,
        group: category === 'none' ? null : group,
        createdAt,
      });
      if (category !== 'none') flaggedMedia(post, group, category);
    } else {
      // The benign majority: bystanders on timelines and in community channels.
      const benignChannels = channels.filter((c) => c.truth.group === null);
      const inChannel = s.chance(0.3);
      const channel = inChannel ? s.pick(benignChannels) : null;
      const author =
        channel !== null
          ? (personas.find((p) => p.id === channel.ownerId) ?? s.pick(bystanders))
          : s.pick(bystanders);
      const language = channel?.language ?? author.language;
      const post = makePost({
        author,
        channel,
        language,
        category: 'none',
        group: null,
        createdAt,
      });
      if (s.chance(0.1)) attachMedia(post, s.pick(media.benignPosters));
      if (s.chance(0.015)) attachMedia(post, s.pick(media.benignVideos));
      if (s.chance(0.012))
        post.deletion = { kind: 'scheduled', afterMs: s.range(20, 180) * 60_000 };
    }
  }
}

function generateReplies(
  s: Rng,
  posts: Post[],
  personas: Persona[],
  newId: (n: number) => string,
): void {
  const parents = posts.filter((p) => p.replyTo === null);
  const byId = new Map(personas.map((p) => [p.id, p]));
  for (let i = 0; i < REPLIES; i += 1) {
    const parent = s.pick(parents);
    const parentAuthor = byId.get(parent.authorId);
    const author = s.pick(personas);
    if (parentAuthor === undefined || author.id === parentAuthor.id) continue;
    const language = s.chance(0.7) ? parent.language : author.language;
    const text = `@${parentAuthor.handle} ${s.pick(BENIGN_REPLIES[language])}`;
    posts.push({
      id: newId(11),
      authorId: author.id,
      channel: parent.channel,
      replyTo: parent.id,
      text,
      language,
      createdAt: new Date(Date.parse(parent.createdAt) + s.range(1, 600) * 60_000).toISOString(),
      hashtags: [],
      mentions: [parentAuthor.handle],
      media: [],
      reactions: { like: s.int(15), love: s.int(4), angry: 0 },
      shares: 0,
      edits: [],
      editedAt: null,
      deletion: null,
      loginRequired: parent.loginRequired,
      synthetic: true,
      truth: {
        category: 'none',
        entities: [{ type: 'handle', value: `@${parentAuthor.handle}` }],
        anchor: null,
        group: null,
      },
    });
  }
}

/** R23, fail closed: a phone or e-mail outside the reserved ranges must never reach a corpus. */
function assertFictionalContacts(posts: readonly Post[]): void {
  for (const post of posts) {
    for (const e of post.truth.entities) {
      if (
        (e.type === 'phone' && !isFictionalPhone(e.value)) ||
        (e.type === 'email' && !isReservedEmail(e.value))
      ) {
        throw integrityError(
          `range post ${post.id} plants ${e.type} ${e.value}, outside the reserved fiction ranges`,
        );
      }
    }
  }
}
