/**
 * @module Anchors: planted posts with variant-independent keys that scenario answer keys point
 * at. Each trainee's variant gives the same anchor different ids, wallets and hashes (R24).
 */
import type { Category, Language } from './vocab.js';

export interface AnchorSpec {
  key: string;
  category: Category;
  language: Language;
  group: string;
  /** Channel name the post appears in, or null for the member's own timeline. */
  channel: string | null;
  templateIndex: number;
  media?: 'known' | 'near_duplicate' | 'video';
  deletion?: { kind: 'scheduled' | 'after_first_view'; afterMinutes: number };
  /** Give the post an earlier version whose planted entities differ (edit history). */
  edited?: boolean;
}

export const ANCHORS: readonly AnchorSpec[] = [
  {
    key: 'recruitment-invite-en',
    category: 'recruitment',
    language: 'en',
    group: 'blackbannerfront',
    channel: 'blackbannerfront',
    templateIndex: 0,
  },
  {
    key: 'recruitment-whatsapp-ms',
    category: 'recruitment',
    language: 'ms',
    group: 'ashentide',
    channel: null,
    templateIndex: 1,
  },
  {
    key: 'recruitment-phone-ur',
    category: 'recruitment',
    language: 'ur',
    group: 'dawncolumn',
    channel: 'dawncolumn',
    templateIndex: 2,
  },
  {
    key: 'financing-wallets-en',
    category: 'financing',
    language: 'en',
    group: 'blackbannerfront',
    channel: 'blackbannerfront',
    templateIndex: 0,
  },
  {
    key: 'financing-donate-ar',
    category: 'financing',
    language: 'ar',
    group: 'dawncolumn',
    channel: 'dawncolumn',
    templateIndex: 2,
  },
  {
    key: 'financing-edited-id',
    category: 'financing',
    language: 'id',
    group: 'ashentide',
    channel: 'ashentide',
    templateIndex: 1,
    edited: true,
  },
  {
    key: 'propaganda-known-ur',
    category: 'propaganda',
    language: 'ur',
    group: 'dawncolumn',
    channel: 'dawncolumn',
    templateIndex: 0,
    media: 'known',
  },
  {
    key: 'propaganda-neardup-tl',
    category: 'propaganda',
    language: 'tl',
    group: 'veridanvanguard',
    channel: null,
    templateIndex: 1,
    media: 'near_duplicate',
  },
  {
    key: 'propaganda-video-en',
    category: 'propaganda',
    language: 'en',
    group: 'blackbannerfront',
    channel: 'blackbannerfront',
    templateIndex: 1,
    media: 'video',
  },
  {
    key: 'training-file-en',
    category: 'training',
    language: 'en',
    group: 'blackbannerfront',
    channel: 'bbf_circle',
    templateIndex: 0,
  },
  {
    key: 'training-lesson-ms',
    category: 'training',
    language: 'ms',
    group: 'ashentide',
    channel: 'tide_circle',
    templateIndex: 1,
  },
  {
    key: 'incitement-deleted-ar',
    category: 'incitement',
    language: 'ar',
    group: 'dawncolumn',
    channel: 'dawncolumn',
    templateIndex: 0,
    deletion: { kind: 'scheduled', afterMinutes: 30 },
  },
  {
    key: 'incitement-tl',
    category: 'incitement',
    language: 'tl',
    group: 'veridanvanguard',
    channel: 'veridanvanguard',
    templateIndex: 1,
  },
  {
    key: 'information-paste-id',
    category: 'information_gathering',
    language: 'id',
    group: 'ashentide',
    channel: 'ashentide',
    templateIndex: 1,
  },
  {
    key: 'information-handle-en',
    category: 'information_gathering',
    language: 'en',
    group: 'blackbannerfront',
    channel: null,
    templateIndex: 0,
  },
  {
    key: 'capstone-short-tl',
    category: 'propaganda',
    language: 'tl',
    group: 'veridanvanguard',
    channel: 'veridanvanguard',
    templateIndex: 2,
  },
  {
    key: 'capstone-donate-ur',
    category: 'financing',
    language: 'ur',
    group: 'veridanvanguard',
    channel: null,
    templateIndex: 2,
  },
  {
    key: 'capstone-vanishing-ar',
    category: 'recruitment',
    language: 'ar',
    group: 'blackbannerfront',
    channel: 'bbf_circle',
    templateIndex: 0,
    deletion: { kind: 'after_first_view', afterMinutes: 10 },
  },
];
