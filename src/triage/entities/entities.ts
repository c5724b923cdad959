/**
 * @module Entity extraction with validation and offsets into the original text: URLs, Telegram
 * and WhatsApp invite/channel links, emails, phone numbers (libphonenumber-js, with region),
 * handles, hashtags, cryptocurrency addresses checked by checksum, and IBANs (MOD 97). Entities
 * link items across cases: the same wallet or invite link in two cases is worth knowing.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { checkBtcBase58, checkBtcSegwit, checkEth, checkTron } from './crypto-address.js';
import type { AddressCheck } from './crypto-address.js';
import {
  CUE_DIGITS,
  CUE_EMAIL,
  CUE_HANDLE,
  CUE_HASHTAG,
  CUE_IBAN,
  CUE_LONG_RUN,
  CUE_URL,
  scanEntityCues,
} from './entity-cues.js';
import type { EntityCues } from './entity-cues.js';
import { checkIban } from './iban.js';
import { sortSmall } from '../text/sort-small.js';
import { classifyUrl, trimUrl } from './url-entity.js';

export const ENTITY_TYPES = [
  'url',
  'telegram_channel',
  'telegram_invite',
  'whatsapp_group',
  'whatsapp_phone',
  'email',
  'phone',
  'handle',
  'hashtag',
  'btc_address',
  'eth_address',
  'tron_address',
  'iban',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** One entity; `start`/`end` are UTF-16 offsets into the original text. */
export interface Entity {
  readonly type: EntityType;
  /** Exactly as written in the text. */
  readonly value: string;
  readonly valid: boolean;
  readonly start: number;
  readonly end: number;
  /** Canonical form for linking across items (lower-case host, E.164, EIP-55, …). */
  readonly normalised: string;
  /** Phone numbers: ISO 3166-1 region; IBANs: country. */
  readonly region?: string;
  /** Address kind and network, or why validation failed. */
  readonly details?: Readonly<Record<string, string>>;
}

export interface EntityOptions {
  /** Region for phone numbers written without +country code (e.g. the case's country). */
  readonly defaultRegion?: CountryCode;
}

/**
 * The entities found so far and the ranges they claim: disjoint (an entity is only added where it
 * overlaps none) and kept in order, so a check is a binary search even over a whole file's
 * entities.
 */
class Claimed {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(private readonly out: Entity[]) {}

  /** Index of the first range ending after `offset`. */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(start: number, end: number): boolean {
    const k = this.firstEndingAfter(start);
    return k < this.starts.length && this.starts[k]! < end;
  }

  add(e: Entity): void {
    this.out.push(e);
    const k = this.firstEndingAfter(e.start);
    this.starts.splice(k, 0, e.start);
    this.ends.splice(k, 0, e.end);
  }
}

/** Every match of global `re` in `text` from offset `from` (no match may start before it). */
function matchesFrom(re: RegExp, text: string, from: number): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  if (from >= text.length) return found;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m);
  return found;
}

const URL_RE =
  /(?:\bhttps?:\/\/|\bwww\.|(?<![\p{L}\p{N}.@/])(?:t\.me|telegram\.me|telegram\.dog|chat\.whatsapp\.com|wa\.me)\/)[^\s<>"'«»“”]+/giu;
const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const BTC_BASE58_RE = /(?<![\p{L}\p{N}])[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}(?![\p{L}\p{N}])/gu;
const BECH32_RE = /(?<![\p{L}\p{N}])(?:bc|tb|bcrt|BC|TB|BCRT)1[0-9A-Za-z]{6,87}(?![\p{L}\p{N}])/gu;
const ETH_RE = /(?<![\p{L}\p{N}])0x[0-9a-fA-F]{40}(?![\p{L}\p{N}])/gu;
const TRON_RE = /(?<![\p{L}\p{N}])T[1-9A-HJ-NP-Za-km-z]{33}(?![\p{L}\p{N}])/gu;
const IBAN_RE =
  /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\p{L}\p{N}])/gu;
const HANDLE_RE = /(?<![\p{L}\p{N}_@./])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?)/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;

/**
 * Cryptocurrency address shapes, checked in this order. Failed checksums are reported only where
 * the shape is unmistakable; random 26–35 character words starting with 1 or 3 are too common to
 * call addresses without a checksum.
 */
const ADDRESS_KINDS: ReadonlyArray<{
  readonly re: RegExp;
  readonly type: EntityType;
  readonly check: (s: string) => AddressCheck;
  readonly reportInvalid: (s: string) => boolean;
}> = [
  { re: ETH_RE, type: 'eth_address', check: checkEth, reportInvalid: () => true },
  { re: BECH32_RE, type: 'btc_address', check: checkBtcSegwit, reportInvalid: () => true },
  {
    re: BTC_BASE58_RE,
    type: 'btc_address',
    check: checkBtcBase58,
    reportInvalid: (s) => /^[13]/.test(s) && /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s),
  },
  {
    re: TRON_RE,
    type: 'tron_address',
    check: checkTron,
    reportInvalid: (s) => /\d/.test(s) && /[a-z]/.test(s),
  },
];

const details = (check: AddressCheck): Record<string, string> => {
  const d: Record<string, string> = {};
  if (check.kind !== undefined) d.kind = check.kind;
  if (check.network !== undefined) d.network = check.network;
  if (check.reason !== undefined) d.reason = check.reason;
  return d;
};

const byPosition = (a: Entity, b: Entity) => a.start - b.start || a.end - b.end;

/** Reused by every call (read at once into locals, so re-entry could not corrupt it). */
const cueScratch: EntityCues = { mask: 0, urlFrom: 0, emailFrom: 0, atFrom: 0, hashFrom: 0 };

/**
 * Extract every entity from `text`, in order of position.
 *
 * @example
 * extractEntities('join t.me/+AbCdEfGhIjKl or pay 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
 */
export function extractEntities(text: string, options: EntityOptions = {}): Entity[] {
  return extractEntitiesWithCues(text, options, scanEntityCues(text, cueScratch));
}

/**
 * `extractEntities` for a caller that has already scanned `text` for its cues (the text signal
 * pass scans tokens and cues of ASCII text in one loop). `cues` must be `text`'s own.
 */
export function extractEntitiesWithCues(
  text: string,
  options: EntityOptions,
  cues: EntityCues,
): Entity[] {
  const out: Entity[] = [];
  const { mask, urlFrom, emailFrom, atFrom, hashFrom } = cues;
  if (mask === 0) return out;
  const claimed = new Claimed(out);

  if ((mask & CUE_URL) !== 0) {
    for (const m of matchesFrom(URL_RE, text, urlFrom)) {
      const value = trimUrl(m[0]);
      if (value.length < 4) continue;
      claimed.add(classifyUrl(value, m.index, m.index + value.length));
    }
  }
  if ((mask & CUE_EMAIL) !== 0) {
    for (const m of matchesFrom(EMAIL_RE, text, emailFrom)) {
      const end = m.index + m[0].length;
      if (claimed.overlaps(m.index, end)) continue;
      const [local = '', domain = ''] = m[0].split('@');
      const valid =
        local.length <= 64 &&
        !local.startsWith('.') &&
        !local.endsWith('.') &&
        !local.includes('..');
      claimed.add({
        type: 'email',
        value: m[0],
        valid,
        start: m.index,
        end,
        normalised: `${local}@${domain.toLowerCase()}`,
      });
    }
  }
  if ((mask & CUE_LONG_RUN) !== 0) {
    for (const kind of ADDRESS_KINDS) {
      for (const m of matchesFrom(kind.re, text, 0)) {
        const end = m.index + m[0].length;
        if (claimed.overlaps(m.index, end)) continue;
        const result = kind.check(m[0]);
        if (!result.valid && !kind.reportInvalid(m[0])) continue;
        claimed.add({
          type: kind.type,
          value: m[0],
          valid: result.valid,
          start: m.index,
          end,
          normalised: result.normalised ?? m[0],
          details: details(result),
        });
      }
    }
  }

  for (const m of (mask & CUE_IBAN) !== 0 ? matchesFrom(IBAN_RE, text, 0) : []) {
    if (claimed.overlaps(m.index, m.index + m[0].length)) continue;
    // The pattern may swallow a following capitalised word; drop trailing groups until it checks.
    let candidate = m[0];
    let check = checkIban(candidate);
    while (!check.valid && candidate.includes(' ')) {
      candidate = candidate.slice(0, candidate.lastIndexOf(' '));
      const shorter = checkIban(candidate);
      if (shorter.valid) check = shorter;
    }
    if (!check.valid) candidate = m[0];
    claimed.add({
      type: 'iban',
      value: candidate,
      valid: check.valid,
      start: m.index,
      end: m.index + candidate.length,
      normalised: check.normalised,
      region: check.country,
      ...(check.reason !== undefined ? { details: { reason: check.reason } } : {}),
    });
  }
  // ITU-T E.164 numbers in use have at least 7 digits; without such a run skip libphonenumber.
  const maybePhone = (mask & CUE_DIGITS) !== 0 && /\d(?:[\s().\-/]{0,3}\d){6}/.test(text);
  const phones = !maybePhone
    ? []
    : options.defaultRegion === undefined
      ? findPhoneNumbersInText(text)
      : findPhoneNumbersInText(text, options.defaultRegion);
  for (const p of phones) {
    if (claimed.overlaps(p.startsAt, p.endsAt)) continue;
    claimed.add({
      type: 'phone',
      value: text.slice(p.startsAt, p.endsAt),
      valid: p.number.isValid(),
      start: p.startsAt,
      end: p.endsAt,
      normalised: p.number.number,
      ...(p.number.country !== undefined ? { region: p.number.country } : {}),
    });
  }
  for (const m of (mask & CUE_HANDLE) !== 0 ? matchesFrom(HANDLE_RE, text, atFrom) : []) {
    const end = m.index + m[0].length;
    if (claimed.overlaps(m.index, end)) continue;
    claimed.add({
      type: 'handle',
      value: m[0],
      valid: true,
      start: m.index,
      end,
      normalised: m[0].toLowerCase(),
    });
  }
  for (const m of (mask & CUE_HASHTAG) !== 0 ? matchesFrom(HASHTAG_RE, text, hashFrom) : []) {
    const end = m.index + m[0].length;
    if (claimed.overlaps(m.index, end)) continue;
    claimed.add({
      type: 'hashtag',
      value: m[0],
      valid: true,
      start: m.index,
      end,
      normalised: m[0].normalize('NFKC').toLowerCase(),
    });
  }
  return sortSmall(out, byPosition);
}
