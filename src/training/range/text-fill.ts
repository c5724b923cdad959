/**
 * @module Fills a text template's slots, records every planted entity in the ground truth, and
 * creates the off-platform places (short links, pastes, donation pages, hosted files) a slot
 * points to.
 */
import type { FictionalGroup } from './fiction.js';
import { CODED, FILLERS, PLACES } from './fiction.js';
import type { GroupPool } from './entities.js';
import type { DonationPage, HostedFile, Paste, ShortLink, TruthEntity } from './corpus-model.js';
import { ORIGIN_MARKER } from './corpus-model.js';
import type { Rng } from './prng.js';
import type { Language } from './vocab.js';
import { walletEntityType } from './wallets.js';

/** What slot filling needs: the streams, the group, and the registries it may add to. */
export interface FillContext {
  /** Structure stream: which template, which pool member. */
  s: Rng;
  /** Variant stream: identifiers. */
  v: Rng;
  language: Language;
  group: FictionalGroup | null;
  pool: GroupPool | null;
  memberHandles: readonly string[];
  places: OffPlatformRegistry;
  createdAt: string;
}

/** Off-platform places created while filling; owned by the generator. */
export interface OffPlatformRegistry {
  shortlinks: ShortLink[];
  pastes: Paste[];
  donations: DonationPage[];
  files: HostedFile[];
  newId(length: number): string;
}

const PASTE_LABELS: Record<
  Language,
  { title: string; contact: string; phone: string; support: string; page: string }
> = {
  en: {
    title: 'Notes for new friends',
    contact: 'Contact',
    phone: 'Phone',
    support: 'Support',
    page: 'Page',
  },
  ar: {
    title: 'ملاحظات للأصدقاء الجدد',
    contact: 'للتواصل',
    phone: 'الهاتف',
    support: 'الدعم',
    page: 'الصفحة',
  },
  ur: {
    title: 'نئے دوستوں کے لیے نوٹس',
    contact: 'رابطہ',
    phone: 'فون',
    support: 'مدد',
    page: 'صفحہ',
  },
  id: {
    title: 'Catatan untuk kawan baru',
    contact: 'Kontak',
    phone: 'Telepon',
    support: 'Dukungan',
    page: 'Halaman',
  },
  ms: {
    title: 'Nota untuk kawan baharu',
    contact: 'Hubungi',
    phone: 'Telefon',
    support: 'Sokongan',
    page: 'Halaman',
  },
  tl: {
    title: 'Mga tala para sa bagong kaibigan',
    contact: 'Kontak',
    phone: 'Telepono',
    support: 'Suporta',
    page: 'Pahina',
  },
};

const onRange = (path: string) => `${ORIGIN_MARKER}${path}`;

/** The donation page of a group, created on first use. */
export function donationPageFor(ctx: FillContext): DonationPage | null {
  const { group, pool } = ctx;
  if (group === null || pool === null) return null;
  const existing = ctx.places.donations.find((page) => page.truth.group === group.slug);
  if (existing !== undefined) return existing;
  const page: DonationPage = {
    slug: `${group.slug}-${ctx.places.newId(5)}`,
    title: `${group.name.en} — Families Fund`,
    text: `${group.slogan.en}. Support the families. Every coin reaches them.`,
    wallets: pool.wallets.map((w) => ({ kind: walletEntityType(w.kind), address: w.address })),
    synthetic: true,
    truth: { group: group.slug },
  };
  ctx.places.donations.push(page);
  return page;
}

function makePaste(ctx: FillContext): Paste {
  const { s, pool, language } = ctx;
  const labels = PASTE_LABELS[language];
  const entities: TruthEntity[] = [];
  const lines = [`${labels.title} (${ctx.group?.name[language] ?? ''})`];
  if (pool !== null) {
    const email = s.pick(pool.emails);
    const phone = s.pick(pool.phones);
    const wallet = s.pick(pool.wallets);
    lines.push(
      `${labels.contact}: ${email}`,
      `${labels.phone}: ${phone}`,
      `${labels.support}: ${wallet.address}`,
    );
    entities.push(
      { type: 'email', value: email },
      { type: 'phone', value: phone },
      { type: walletEntityType(wallet.kind), value: wallet.address },
    );
    const page = donationPageFor(ctx);
    if (page !== null) {
      lines.push(`${labels.page}: ${onRange(`/donate/${page.slug}`)}`);
      entities.push({ type: 'url', value: `/donate/${page.slug}` });
    }
  }
  if (ctx.group !== null) lines.push(ctx.group.slogan[language]);
  const paste: Paste = {
    id: ctx.places.newId(8),
    title: labels.title,
    text: lines.join('\n'),
    language,
    createdAt: ctx.createdAt,
    synthetic: true,
    truth: { entities, group: ctx.group?.slug ?? null },
  };
  ctx.places.pastes.push(paste);
  return paste;
}

/**
 * Replaces each `{slot}` of `template`; returns the text and the entities it planted.
 *
 * @example
 * fillTemplate('Call {phone}', ctx) // { text: 'Call +44 7700 900123', entities: [{ type: 'phone', … }] }
 */
export function fillTemplate(
  template: string,
  ctx: FillContext,
): { text: string; entities: TruthEntity[] } {
  const { s, group, pool, language } = ctx;
  const entities: TruthEntity[] = [];
  const plant = (type: TruthEntity['type'], value: string, shown = value): string => {
    entities.push({ type, value });
    return shown;
  };
  const needPool = (slot: string): GroupPool => {
    if (pool === null) throw new Error(`template slot {${slot}} needs a group`);
    return pool;
  };
  const fillers = FILLERS[language];
  const text = template.replace(/\{(\w+)\}/g, (_match, slot: string) => {
    switch (slot) {
      case 'place':
        return s.pick(PLACES[language]);
      case 'team':
        return fillers.team[0] ?? '';
      case 'team2':
        return fillers.team[1 + s.int(fillers.team.length - 1)] ?? '';
      case 'score':
        return `${s.range(1, 5)}-${s.int(2)}`;
      case 'product':
        return s.pick(fillers.product);
      case 'dish':
        return s.pick(fillers.dish);
      case 'day':
        return s.pick(fillers.day);
      case 'price':
        return `${s.range(2, 90)}.${s.pick(['00', '50'])}`;
      case 'n':
        return String(s.range(1, 9));
      case 'code':
        return s.pick(CODED[language]);
      case 'group':
        return group?.name[language] ?? '';
      case 'slogan':
        return group?.slogan[language] ?? '';
      case 'invite':
        return plant('telegram', s.pick(needPool(slot).invites));
      case 'whatsapp':
        return plant('whatsapp', s.pick(needPool(slot).whatsapp));
      case 'phone':
        return plant('phone', s.pick(needPool(slot).phones));
      case 'email':
        return plant('email', s.pick(needPool(slot).emails));
      case 'wallet': {
        const wallets = needPool(slot).wallets.filter((w) => w.kind !== 'eth');
        const wallet = s.pick(wallets);
        return plant(walletEntityType(wallet.kind), wallet.address);
      }
      case 'wallet2': {
        const wallet = s.pick(needPool(slot).wallets.filter((w) => w.kind === 'eth'));
        return plant('eth', wallet.address);
      }
      case 'handle': {
        const handle = `@${s.pick(ctx.memberHandles)}`;
        return plant('handle', handle);
      }
      case 'donate': {
        const page = donationPageFor(ctx);
        if (page === null) throw new Error('template slot {donate} needs a group');
        return plant('url', `/donate/${page.slug}`, onRange(`/donate/${page.slug}`));
      }
      case 'paste': {
        const paste = makePaste(ctx);
        return plant('url', `/paste/${paste.id}`, onRange(`/paste/${paste.id}`));
      }
      case 'short': {
        const paste = makePaste(ctx);
        const link: ShortLink = {
          code: ctx.places.newId(6),
          target: `/paste/${paste.id}`,
          synthetic: true,
        };
        ctx.places.shortlinks.push(link);
        return plant('url', `/s/${link.code}`, onRange(`/s/${link.code}`));
      }
      case 'file': {
        const file = ctx.places.files.find((f) => f.truth.group === group?.slug);
        if (file === undefined)
          throw new Error('template slot {file} needs a group with a hosted file');
        return plant('url', `/files/${file.id}`, onRange(`/files/${file.id}`));
      }
      default:
        throw new Error(`unknown template slot {${slot}}`);
    }
  });
  return { text, entities };
}
