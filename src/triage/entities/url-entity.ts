/**
 * @module URL entities: trimming a match, parsing it (by hand for plain addresses, WHATWG `URL`
 * otherwise) and classifying it as a web link, a Telegram channel or invite, or a WhatsApp group
 * or phone link, with the canonical form used to link items across cases.
 */
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { Entity } from './entities.js';
import { parseSimpleUrl } from './simple-url.js';
import type { UrlParts } from './simple-url.js';

const TRAILING_PUNCT = /[.,;:!?'"»”’)\]}>]+$/u;

/** A URL match without trailing punctuation (keeping a closing parenthesis it opened). */
export function trimUrl(raw: string): string {
  let s = raw.replace(TRAILING_PUNCT, '');
  // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia-style links).
  if (
    raw.length > s.length &&
    raw[s.length] === ')' &&
    (s.match(/\(/g)?.length ?? 0) > (s.match(/\)/g)?.length ?? 0)
  ) {
    s += ')';
  }
  return s;
}

const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog']);
const WHATSAPP_GROUP_HOSTS = new Set(['chat.whatsapp.com']);
const WHATSAPP_PHONE_HOSTS = new Set(['wa.me', 'api.whatsapp.com']);

/** `hostname`, `pathname` and `href` through the WHATWG parser, or undefined if it throws. */
function whatwgParts(value: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
  } catch {
    return undefined;
  }
}

const VALID_DOMAIN = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,}$/u;
const VALID_IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const TELEGRAM_INVITE_CODE = /^[A-Za-z0-9_-]{10,}$/;
const TELEGRAM_USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;
const WHATSAPP_GROUP_CODE = /^[A-Za-z0-9]{18,24}$/;

/** The non-empty segments of a URL path. */
function pathSegments(pathname: string): string[] {
  const segments: string[] = [];
  let from = 0;
  for (let i = 0; i <= pathname.length; i++) {
    if (i < pathname.length && pathname.charCodeAt(i) !== 0x2f) continue;
    if (i > from) segments.push(pathname.slice(from, i));
    from = i + 1;
  }
  return segments;
}

/**
 * The entity for URL `value` at `[start, end)`. Property order is part of the output (JSON): type,
 * valid, normalised, region, details, then value, start, end.
 */
export function classifyUrl(value: string, start: number, end: number): Entity {
  // Plain addresses are parsed by hand; the WHATWG parser handles everything else.
  const simple = parseSimpleUrl(value);
  let url: UrlParts | URL | undefined = simple;
  // The query of api.whatsapp.com links is read through `URLSearchParams`.
  if (
    simple === undefined ||
    simple.hostname === 'api.whatsapp.com' ||
    simple.hostname === 'www.api.whatsapp.com'
  )
    url = whatwgParts(value);
  if (url === undefined) {
    return {
      type: 'url',
      valid: false,
      normalised: value,
      details: { reason: 'not a parseable URL' },
      value,
      start,
      end,
    };
  }
  const hostname = url.hostname;
  const lower = hostname.toLowerCase();
  const host = lower.startsWith('www.') ? lower.slice(4) : lower;
  if (TELEGRAM_HOSTS.has(host)) {
    const [first, second] = pathSegments(url.pathname);
    if (first === 'joinchat' || (first !== undefined && first.startsWith('+'))) {
      const code = first === 'joinchat' ? second : first.slice(1);
      const valid = code !== undefined && TELEGRAM_INVITE_CODE.test(code);
      return {
        type: 'telegram_invite',
        valid,
        normalised: `https://t.me/+${code ?? ''}`,
        value,
        start,
        end,
      };
    }
    // t.me/s/<name> is the web preview of a public channel.
    const name = first === 's' ? second : first;
    // Telegram usernames: 5–32 characters, letters, digits and underscores, starting with a letter.
    const valid = name !== undefined && TELEGRAM_USERNAME.test(name);
    return {
      type: 'telegram_channel',
      valid,
      normalised: `https://t.me/${(name ?? '').toLowerCase()}`,
      value,
      start,
      end,
    };
  }
  if (WHATSAPP_GROUP_HOSTS.has(host)) {
    const code = pathSegments(url.pathname)[0] ?? '';
    return {
      type: 'whatsapp_group',
      valid: WHATSAPP_GROUP_CODE.test(code),
      normalised: `https://chat.whatsapp.com/${code}`,
      value,
      start,
      end,
    };
  }
  if (WHATSAPP_PHONE_HOSTS.has(host)) {
    const digits =
      host === 'wa.me'
        ? (pathSegments(url.pathname)[0] ?? '')
        : (('searchParams' in url ? url.searchParams.get('phone') : null) ?? '');
    const found = findPhoneNumbersInText(`+${digits.replace(/\D/g, '')}`);
    const phone = found[0]?.number;
    const entity: Entity = {
      type: 'whatsapp_phone',
      valid: phone !== undefined && phone.isValid(),
      normalised: phone?.number ?? `+${digits}`,
      ...(phone?.country !== undefined ? { region: phone.country } : {}),
      value,
      start,
      end,
    };
    return entity;
  }
  const validHost = VALID_DOMAIN.test(hostname) || VALID_IPV4.test(hostname);
  return { type: 'url', valid: validHost, normalised: url.href, value, start, end };
}
