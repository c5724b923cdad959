/**
 * @module Planted contact entities from reserved or fictional ranges only (R23): phone numbers
 * from the Ofcom drama ranges and the North American 555-01XX fiction block, e-mail addresses
 * at RFC 2606 domains, invented invite codes. Values come from the variant stream, so each
 * trainee sees different ones (R24).
 */
import type { Rng } from './prng.js';
import type { WalletKind } from './wallets.js';
import { makeWallet } from './wallets.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A phone number no real subscriber can hold: Ofcom reserves 07700 900000–900999 and
 * 020 7946 0000–0999 for drama; NANP reserves 555-0100–0199 for fiction in every area code.
 */
export function fictionalPhone(rng: Rng): string {
  const block = rng.int(3);
  const n3 = String(rng.int(1000)).padStart(3, '0');
  if (block === 0) return `+44 7700 900${n3}`;
  if (block === 1) return `+44 20 7946 0${n3}`;
  const area = rng.pick(['202', '312', '415', '617', '808']);
  return `+1 ${area} 555 01${String(rng.int(100)).padStart(2, '0')}`;
}

/** True when `phone` lies in one of the reserved fiction ranges above. */
export function isFictionalPhone(phone: string): boolean {
  const digits = phone.replace(/[^\d]/g, '');
  return (
    /^447700900\d{3}$/.test(digits) ||
    /^442079460\d{3}$/.test(digits) ||
    /^1\d{3}55501\d{2}$/.test(digits)
  );
}

/** RFC 2606 reserves example.org/.net/.com and the .test TLD. */
export const RESERVED_EMAIL_DOMAINS = [
  'example.org',
  'example.net',
  'example.com',
  'range.test',
  'mail.test',
];

export function fictionalEmail(rng: Rng, localBase: string): string {
  return `${localBase}.${rng.token(4)}@${rng.pick(RESERVED_EMAIL_DOMAINS)}`;
}

export function isReservedEmail(email: string): boolean {
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  return (
    RESERVED_EMAIL_DOMAINS.includes(domain) ||
    domain.endsWith('.test') ||
    domain.endsWith('.example')
  );
}

export const telegramInvite = (rng: Rng): string => `https://t.me/+${rng.token(16, ALNUM + '_-')}`;
export const whatsappInvite = (rng: Rng): string =>
  `https://chat.whatsapp.com/${rng.token(22, ALNUM)}`;

/** The contact details a fictional group reuses across posts, so posts can be linked. */
export interface GroupPool {
  wallets: { kind: WalletKind; address: string }[];
  phones: string[];
  emails: string[];
  invites: string[];
  whatsapp: string[];
}

export function makeGroupPool(rng: Rng, slug: string): GroupPool {
  const kinds: WalletKind[] = ['btc-legacy', 'btc-legacy', 'btc-bech32', 'eth', 'eth', 'trx'];
  return {
    wallets: kinds.map((kind) => ({ kind, address: makeWallet(rng, kind) })),
    phones: [fictionalPhone(rng), fictionalPhone(rng)],
    emails: [fictionalEmail(rng, `${slug}-media`), fictionalEmail(rng, `${slug}-support`)],
    invites: [telegramInvite(rng), telegramInvite(rng)],
    whatsapp: [whatsappInvite(rng)],
  };
}
