/**
 * @module HTML building blocks of the range: escaping, the page layout, time display with its
 * time zone, and post text rendering (links, hashtags, mentions, "show more" truncation).
 */
import { ORIGIN_MARKER } from './corpus-model.js';
import type { Language } from './vocab.js';
import { RTL_LANGUAGES, WATERMARK } from './vocab.js';

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** JSON inside <script>: `</` and U+2028/9 escaped so the block can never close early. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/<\//g, '<\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** `dir` for a text in `language`: explicit for right-to-left scripts, else auto. */
export const dirFor = (language: Language): 'rtl' | 'auto' =>
  RTL_LANGUAGES.includes(language) ? 'rtl' : 'auto';

/** Posts are shown truncated past this many characters, with a "Show more" control. */
export const TRUNCATE_AT = 220;

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface DisplayTime {
  iso: string;
  text: string;
  /** e.g. "+08:00". */
  offset: string;
  timeZone: string;
}

/**
 * How the platform shows a timestamp: local time in the display time zone with its UTC offset,
 * as investigators must record it (R3: displayed time + tz).
 */
export function displayTime(iso: string, timeZone: string): DisplayTime {
  const date = new Date(iso);
  const parts = formatterFor(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const zone = get('timeZoneName');
  const offset = zone === 'GMT' ? '+00:00' : zone.replace('GMT', '');
  return {
    iso: date.toISOString(),
    text: `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (UTC${offset})`,
    offset,
    timeZone,
  };
}

/** Replaces the corpus's origin marker with the server's origin. */
export const withOrigin = (text: string, origin: string): string =>
  text.replaceAll(ORIGIN_MARKER, origin);

/**
 * Escaped HTML of post text: on-range URLs become links, hashtags link to search, known
 * mentions link to profiles; off-range URLs stay inert text (the range never links outside).
 */
export function renderText(
  text: string,
  origin: string,
  knownHandles: ReadonlySet<string>,
): string {
  const tokens = text.split(/(\s+)/);
  return tokens
    .map((token) => {
      if (/^\s+$/.test(token) || token === '') return token;
      const trail = /[.,;:!?،۔)]+$/.exec(token)?.[0] ?? '';
      const core = trail === '' ? token : token.slice(0, -trail.length);
      const tail = escapeHtml(trail);
      if (core.startsWith(`${origin}/`)) {
        const pathPart = core.slice(origin.length);
        return `<a href="${escapeHtml(pathPart)}" data-entity="link" dir="ltr">${escapeHtml(core)}</a>${tail}`;
      }
      if (/^https?:\/\//.test(core)) {
        return `<span class="ext-link" data-entity="external-link" dir="ltr" title="External links are disabled on the training range">${escapeHtml(core)}</span>${tail}`;
      }
      if (/^#[\p{L}\p{N}_]+$/u.test(core)) {
        return `<a href="/search?q=${encodeURIComponent(core)}" data-entity="hashtag" dir="auto">${escapeHtml(core)}</a>${tail}`;
      }
      if (/^@[\w.]+$/.test(core) && knownHandles.has(core.slice(1))) {
        return `<a href="/u/${escapeHtml(core.slice(1))}" data-entity="mention">${escapeHtml(core)}</a>${tail}`;
      }
      return escapeHtml(token);
    })
    .join('');
}

/** Splits text for "show more" at a whitespace boundary near TRUNCATE_AT. */
export function splitForTruncation(text: string): [string, string] {
  if (text.length <= TRUNCATE_AT + 40) return [text, ''];
  const cut = text.lastIndexOf(' ', TRUNCATE_AT);
  const at = cut > TRUNCATE_AT / 2 ? cut : TRUNCATE_AT;
  return [text.slice(0, at), text.slice(at)];
}

export interface LayoutOptions {
  title: string;
  body: string;
  viewer: string | null;
  head?: string;
  lang?: string;
  /** The off-platform sites wear their own look. */
  site?: 'platform' | 'paste' | 'files' | 'donate' | 'short';
}

const SITE_NAMES = {
  platform: 'Murmur',
  paste: 'PasteNook',
  files: 'DropCrate',
  donate: 'GiveForward',
  short: 'lnk',
} as const;

/** The page shell: header with navigation and the visible synthetic-content banner (R23). */
export function layout(opts: LayoutOptions): string {
  const site = opts.site ?? 'platform';
  const nav =
    site === 'platform'
      ? `<nav class="top"><a class="brand" href="/">${SITE_NAMES.platform}</a><form action="/search" method="get" role="search"><input name="q" type="search" placeholder="Search" aria-label="Search"></form><a href="/notifications">Notifications</a>${
          opts.viewer === null
            ? '<a href="/login">Log in</a>'
            : `<span class="viewer" data-viewer="${escapeHtml(opts.viewer)}">@${escapeHtml(opts.viewer)}</span><form method="post" action="/logout"><button>Log out</button></form>`
        }</nav>`
      : `<nav class="top site-${site}"><span class="brand">${SITE_NAMES[site]}</span></nav>`;
  return `<!doctype html>
<html lang="${escapeHtml(opts.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} · ${SITE_NAMES[site]}</title>
<link rel="stylesheet" href="/static/app.css">
${opts.head ?? ''}
</head>
<body class="site-${site}">
<div class="synthetic-banner" role="note">${escapeHtml(WATERMARK)} — every account, post and place here is fictional.</div>
${nav}
<main id="main">
${opts.body}
</main>
<script src="/static/app.js" defer></script>
</body>
</html>
`;
}
