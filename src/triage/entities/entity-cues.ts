/**
 * @module One cheap pass over a text deciding which entity extractors can possibly match, and
 * where the first possible match can start. Each cue is necessary for its pattern (never
 * sufficient), so skipping an extractor without its cue, or starting it at the cue, never loses
 * an entity; the regular expressions and libphonenumber, which cost far more per character than
 * this loop, then run only on the few texts (and the parts of them) that may hold something.
 */

/** `://`, `www.`, `.me/` or `whatsapp.com/` (any case): the guard for URL extraction. */
export const CUE_URL = 1;
/** An `@` preceded by an e-mail local-part character (`[\p{L}\p{N}._%+-]`). */
export const CUE_EMAIL = 2;
/** An `@` followed by `[A-Za-z0-9_]`. */
export const CUE_HANDLE = 4;
/** A `#`. */
export const CUE_HASHTAG = 8;
/** A run of 14 ASCII letters and digits (`[0-9A-Za-z]{14}`). */
export const CUE_LONG_RUN = 16;
/** Two upper-case ASCII letters then two ASCII digits (`[A-Z]{2}\d{2}`). */
export const CUE_IBAN = 32;
/** At least 7 ASCII digits: ITU-T E.164 numbers in use have at least 7. */
export const CUE_DIGITS = 64;

/** The cues of one text. */
export interface EntityCues {
  /** Bit set of `CUE_*`. */
  mask: number;
  /** No URL pattern can match before this offset (the first `/` or `www.`, less 20 units). */
  urlFrom: number;
  /** No e-mail can match before this offset (the local part before the first `@`). */
  emailFrom: number;
  /** The first `@` (handles start there), or the text length. */
  atFrom: number;
  /** The first `#` (hashtags start there), or the text length. */
  hashFrom: number;
}

// ASCII classes for the scan.
const ALNUM = 1;
const DIGIT = 2;
const UPPER = 4;
/** `[._%+-]`, the ASCII non-alphanumerics allowed in an e-mail local part. */
const LOCAL_PUNCT = 8;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = ALNUM | DIGIT;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = ALNUM | UPPER;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = ALNUM;
for (const c of '._%+-') ASCII_CLASS[c.charCodeAt(0)] = LOCAL_PUNCT;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** `/ . # @`: the units that may start or complete a cue other than a run of letters/digits. */
const SPECIAL = 16;
/** Per UTF-16 unit: `ASCII_CLASS` bits below 128, `SPECIAL` for `/ . # @`, 0 for the rest. */
const SCAN_CLASS = new Uint8Array(65536);
SCAN_CLASS.set(ASCII_CLASS);
for (const c of '/.#@') SCAN_CLASS[c.charCodeAt(0)] = SPECIAL;

const isAsciiClass = (c: number, cls: number) => c < 128 && (ASCII_CLASS[c]! & cls) !== 0;

/** `[\p{L}\p{N}._%+-]` for one UTF-16 unit (a surrogate half may belong to an astral letter). */
function isLocalPartUnit(c: number): boolean {
  if (c < 128) return (ASCII_CLASS[c]! & (ALNUM | LOCAL_PUNCT)) !== 0;
  return (c >= 0xd800 && c <= 0xdfff) || LETTER_OR_NUMBER.test(String.fromCharCode(c));
}

/** Whether `text` spells `word` (lower-case ASCII) at `at`, ignoring ASCII case. */
function spellsAt(text: string, at: number, word: string): boolean {
  if (at < 0) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(at + k);
    const w = word.charCodeAt(k);
    // Setting bit 5 lower-cases A–Z only; non-letters in `word` must match exactly.
    if (c !== w && !(w >= 0x61 && w <= 0x7a && (c | 0x20) === w && c >= 0x41)) return false;
  }
  return true;
}

/** Whether the digit at `i` ends `[A-Z]{2}\d{2}` (an IBAN's country and check digits). */
export function ibanCueAt(text: string, i: number): boolean {
  return (
    i >= 3 &&
    isAsciiClass(text.charCodeAt(i - 1), DIGIT) &&
    isAsciiClass(text.charCodeAt(i - 2), UPPER) &&
    isAsciiClass(text.charCodeAt(i - 3), UPPER)
  );
}

/**
 * Start a scan into `cues`: while scanning, `urlFrom`, `atFrom` and `hashFrom` hold the first `/`
 * or `www.`, `@` and `#` (-1: none yet) until `finishCues` turns them into start offsets.
 */
export function beginCues(cues: EntityCues): EntityCues {
  cues.mask = 0;
  cues.urlFrom = -1;
  cues.emailFrom = 0;
  cues.atFrom = -1;
  cues.hashFrom = -1;
  return cues;
}

/**
 * The cues of `/ . # @` (code `c`) at `i`, recording first positions in `cues` (see
 * `beginCues`). A scanner calls it for every such unit and or-s the result into its mask.
 */
export function specialCue(text: string, i: number, c: number, cues: EntityCues): number {
  let mask = 0;
  switch (c) {
    case 0x2f: // '/'
      if (cues.urlFrom < 0) cues.urlFrom = i;
      if (
        (text.charCodeAt(i - 1) === 0x2f && text.charCodeAt(i - 2) === 0x3a) ||
        spellsAt(text, i - 3, '.me') ||
        spellsAt(text, i - 12, 'whatsapp.com')
      )
        mask |= CUE_URL;
      break;
    case 0x2e: // '.'
      if (spellsAt(text, i - 3, 'www')) {
        mask |= CUE_URL;
        if (cues.urlFrom < 0) cues.urlFrom = i - 3;
      }
      break;
    case 0x23: // '#'
      mask |= CUE_HASHTAG;
      if (cues.hashFrom < 0) cues.hashFrom = i;
      break;
    case 0x40: // '@'
      if (cues.atFrom < 0) cues.atFrom = i;
      if (i > 0 && isLocalPartUnit(text.charCodeAt(i - 1))) mask |= CUE_EMAIL;
      if (i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next === 0x5f || isAsciiClass(next, ALNUM)) mask |= CUE_HANDLE;
      }
      break;
  }
  return mask;
}

/**
 * End a scan begun with `beginCues`: `mask` is what the scan found, `digits` the number of ASCII
 * digits seen.
 */
export function finishCues(
  text: string,
  mask: number,
  digits: number,
  cues: EntityCues,
): EntityCues {
  const len = text.length;
  if (digits >= 7) mask |= CUE_DIGITS;
  cues.mask = mask;
  // URL prefixes end in '/' or are "www.": the longest host before '/' is chat.whatsapp.com (17),
  // and "https://" starts 6 units before its second '/'; 20 covers both.
  cues.urlFrom = cues.urlFrom < 0 ? len : Math.max(0, cues.urlFrom - 20);
  // An e-mail's local part is a run of local-part units ending at its '@' and cannot cross an
  // earlier '@', so none starts before the run that ends at the first '@' (none at all without).
  if (cues.atFrom < 0) {
    cues.emailFrom = len;
    cues.atFrom = len;
  } else {
    let emailFrom = cues.atFrom;
    while (emailFrom > 0 && isLocalPartUnit(text.charCodeAt(emailFrom - 1))) emailFrom--;
    cues.emailFrom = emailFrom;
  }
  if (cues.hashFrom < 0) cues.hashFrom = len;
  return cues;
}

/**
 * Scan `text` once for the cues of every extractor, into `into` when given (a caller scanning
 * many texts reuses one object instead of allocating one per text).
 */
export function scanEntityCues(text: string, into?: EntityCues): EntityCues {
  const cues = beginCues(into ?? { mask: 0, urlFrom: 0, emailFrom: 0, atFrom: 0, hashFrom: 0 });
  const len = text.length;
  let mask = 0;
  let run = 0;
  let digits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const cls = SCAN_CLASS[c]!;
    if (cls === 0 || cls === LOCAL_PUNCT) {
      // Spaces, most punctuation and every non-ASCII unit end a run and cue nothing.
      run = 0;
      continue;
    }
    if ((cls & ALNUM) !== 0) {
      if (++run >= 14) mask |= CUE_LONG_RUN;
      if ((cls & DIGIT) !== 0) {
        digits++;
        if (ibanCueAt(text, i)) mask |= CUE_IBAN;
      }
      continue;
    }
    run = 0;
    mask |= specialCue(text, i, c, cues);
  }
  return finishCues(text, mask, digits, cues);
}
