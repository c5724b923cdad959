/**
 * @module The shape of a generated range corpus. Records carry `synthetic: true` (R23). The
 * `truth` members hold the ground truth: the server never serialises them (see public-view.ts).
 */
import type { Category, EntityType, Language, MediaKind, TruthCategory } from './vocab.js';

/** A planted entity as it appears in the ground truth. */
export interface TruthEntity {
  type: EntityType;
  value: string;
  /** Set when the entity only appears in an earlier version of an edited post. */
  where?: 'edit_history';
}

export interface Persona {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  language: Language;
  location: string;
  joinedAt: string;
  /** Persona ids. */
  following: string[];
  followers: string[];
  synthetic: true;
  truth: { role: 'bystander' | 'member' | 'sympathiser'; group: string | null };
}

export interface Channel {
  name: string;
  title: string;
  description: string;
  kind: 'channel' | 'group';
  language: Language;
  ownerId: string;
  /** Content visible only to logged-in investigator personas. */
  private: boolean;
  subscribers: number;
  synthetic: true;
  truth: { group: string | null };
}

/** How a near-duplicate was derived from its known original. */
export const TRANSFORMS = ['reencode', 'resize', 'crop', 'recolour', 'overlay'] as const;
export type Transform = (typeof TRANSFORMS)[number];

export interface PosterSpec {
  headline: string;
  language: Language;
  subline: string;
  palette: number;
  /** Short serial printed on the image: differs per variant so hashes differ (R24). */
  serial: string;
}

export interface MediaItem {
  id: string;
  kind: MediaKind;
  /** Path under the range origin, e.g. /cdn/m/ab12.png. */
  url: string;
  alt: string;
  poster: PosterSpec;
  synthetic: true;
  truth: {
    knownPropaganda: boolean;
    group: string | null;
    /** The media id this one was derived from, with the transforms applied. */
    derivedFrom: string | null;
    transforms: Transform[];
  };
}

export type Deletion =
  { kind: 'scheduled'; afterMs: number } | { kind: 'after_first_view'; afterMs: number };

export interface PostVersion {
  text: string;
  at: string;
}

export interface Post {
  id: string;
  authorId: string;
  channel: string | null;
  replyTo: string | null;
  text: string;
  language: Language;
  createdAt: string;
  hashtags: string[];
  mentions: string[];
  media: string[];
  reactions: { like: number; love: number; angry: number };
  shares: number;
  /** Earlier versions, oldest first; `text` is the current one, written at `editedAt`. */
  edits: PostVersion[];
  editedAt: string | null;
  deletion: Deletion | null;
  loginRequired: boolean;
  synthetic: true;
  truth: {
    category: TruthCategory;
    entities: TruthEntity[];
    anchor: string | null;
    group: string | null;
  };
}

export interface ShortLink {
  code: string;
  target: string;
  synthetic: true;
}

export interface Paste {
  id: string;
  title: string;
  text: string;
  language: Language;
  createdAt: string;
  synthetic: true;
  truth: { entities: TruthEntity[]; group: string | null };
}

export interface HostedFile {
  id: string;
  title: string;
  fileName: string;
  mediaId: string;
  synthetic: true;
  truth: { group: string | null; category: Category };
}

export interface DonationPage {
  slug: string;
  title: string;
  text: string;
  wallets: { kind: 'btc' | 'eth' | 'trx'; address: string }[];
  synthetic: true;
  truth: { group: string | null };
}

/** Registered investigator personas that may log in (content behind a login). */
export interface InvestigatorAccount {
  handle: string;
  password: string;
  displayName: string;
}

export interface Corpus {
  seed: string;
  variant: string | null;
  personas: Persona[];
  channels: Channel[];
  posts: Post[];
  media: MediaItem[];
  shortlinks: ShortLink[];
  pastes: Paste[];
  files: HostedFile[];
  donations: DonationPage[];
  investigators: InvestigatorAccount[];
  /** Anchor key (variant-independent) → post id (variant-specific). */
  anchors: Record<string, string>;
}

/** Text of on-range links is stored with this marker; the server replaces it with its origin. */
export const ORIGIN_MARKER = '{{origin}}';
