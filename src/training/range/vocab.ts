/**
 * @module Fixed vocabularies of the training range: content categories (UNODC 2012 Ch. I, the
 * seeds' list), languages, entity types, media kinds and interactions.
 */

/** Content categories of the ground truth; `none` marks benign content. */
export const CATEGORIES = [
  'recruitment',
  'financing',
  'propaganda',
  'training',
  'incitement',
  'information_gathering',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const TRUTH_CATEGORIES = [...CATEGORIES, 'none'] as const;
export type TruthCategory = (typeof TRUTH_CATEGORIES)[number];

/** ISO 639-1 codes of the range's languages. */
export const LANGUAGES = ['en', 'ar', 'ur', 'id', 'ms', 'tl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages written right to left; pages mark them with `dir="rtl"`. */
export const RTL_LANGUAGES: readonly Language[] = ['ar', 'ur'];

export const ENTITY_TYPES = [
  'btc',
  'eth',
  'trx',
  'phone',
  'email',
  'url',
  'telegram',
  'whatsapp',
  'handle',
  'hashtag',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const MEDIA_KINDS = ['image', 'video', 'pdf'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** What a visitor can do to other accounts; refused in passive mode (R17). */
export const INTERACTIONS = ['like', 'follow', 'message', 'share', 'reply', 'join'] as const;
export type Interaction = (typeof INTERACTIONS)[number];

/** The visible watermark on every generated image, video and PDF (R23). */
export const WATERMARK = 'SYNTHETIC — VIGIL TRAINING RANGE';
