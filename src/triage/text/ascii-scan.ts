/**
 * @module One pass over a pure-ASCII text that does the work of three: it notices the text is
 * ASCII (so folding is plain lower-casing with identical offsets), splits it into tokens exactly as
 * `scanTokens` splits the lower-cased text (hashing each token's lower-cased units for the term
 * matcher), and collects the entity cues exactly as `scanEntityCues` does. Most posts are ASCII,
 * and reading every character three times was the larger part of the cost of triaging them.
 *
 * The first non-ASCII unit ends the tokenizing (`ASCII_SCAN_NOT_ASCII`); the cue scan runs on
 * to the end, and the caller folds the text and runs the general tokenizer, so the two
 * tokenizers never have to agree on anything but ASCII. The units are read from a typed array
 * (see `UnitLoader`), lower-cased in place, and left there for the term matcher.
 */
import {
  CUE_IBAN,
  CUE_LONG_RUN,
  beginCues,
  finishCues,
  ibanCueAt,
  specialCue,
} from '../entities/entity-cues.js';
import type { EntityCues } from '../entities/entity-cues.js';
import {
  FNV_OFFSET,
  FNV_PRIME,
  LEET_BIT,
  LETTER_BIT,
  SYMBOL_BIT,
  TOKEN_LEET,
  WORD_BIT,
  tokenClassOf,
} from './tokenize.js';
import type { TokenBuffer, TokenFilter } from './tokenize.js';

// Per ASCII unit: the tokenizer's class bits (1, 2, 8, 16) plus the entity-cue bits below.
/** `[0-9A-Za-z]`: continues a run for `CUE_LONG_RUN`. */
const C_ALNUM = 32;
const C_DIGIT = 64;
/** `/ . # @`: see `specialCue`. */
const C_SPECIAL = 128;
/** `[A-Z]`: lower-casing changes the unit. */
const C_UPPER = 256;
const CLASS = new Uint16Array(128);
/** The unit as the folded text has it: ASCII folds by lower-casing alone. */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const alnum = digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const lower = String.fromCharCode(c).toLowerCase().charCodeAt(0);
  LOWER[c] = lower;
  CLASS[c] =
    (tokenClassOf(lower) & (WORD_BIT | LETTER_BIT | LEET_BIT | SYMBOL_BIT)) |
    (alnum ? C_ALNUM : 0) |
    (digit ? C_DIGIT : 0) |
    (lower !== c ? C_UPPER : 0) |
    ('/.#@'.includes(String.fromCharCode(c)) ? C_SPECIAL : 0);
}
// The loop below treats a word unit and an alphanumeric unit alike; both tables must agree.
for (let c = 0; c < 128; c++) {
  if (((CLASS[c]! & WORD_BIT) !== 0) !== ((CLASS[c]! & C_ALNUM) !== 0))
    throw new Error(`ascii-scan: word and alphanumeric classes disagree on U+${c.toString(16)}`);
}

/** What `scanAsciiSignals` found besides tokens and cues. */
export const ASCII_SCAN_NOT_ASCII = 0;
/** Pure ASCII with some upper-case letter: the folded text is `text.toLowerCase()`. */
export const ASCII_SCAN_UPPER = 1;
/** Pure ASCII without upper-case letters: the folded text is `text` itself. */
export const ASCII_SCAN_LOWER = 2;

/**
 * Entity cues of `text` (as `scanEntityCues(text)` finds them) into `cues`, and, when `text` is
 * pure ASCII, its tokens in the same pass: fills `tokens` as
 * `scanTokens(text.toLowerCase(), tokens, filter)` would and says
 * whether lower-casing changes the text (`ASCII_SCAN_UPPER`) or not (`ASCII_SCAN_LOWER`).
 * Returns `ASCII_SCAN_NOT_ASCII` for any other text: its cues are complete, its tokens are not.
 */
export function scanAsciiSignals(
  text: string,
  tokens: TokenBuffer,
  cues: EntityCues,
  filter: TokenFilter,
): number {
  const len = text.length;
  tokens.count = 0;
  tokens.reserve((len + 1) >> 1);
  const { start: starts, end: ends, flags, hash, candidates } = tokens;
  // Read the units from a typed array (see `TokenBuffer.loadUnits`); they are lower-cased in
  // place as the scan goes, leaving the folded text there for the term matcher.
  const units = tokens.loadUnits(text);
  const { exact, prefixFirst } = filter;
  let candidateCount = 0;
  // The current token's first unit, folded (the prefix filter is keyed by it).
  let first = 0;
  beginCues(cues);
  let count = 0;
  let mask = 0;
  // Start of the current run of alphanumerics (a long run is 14 or more), or -1.
  let runStart = -1;
  let digits = 0;
  let tokenStart = -1;
  let h = 0;
  // Class bits of the current token's units: a leetspeak unit (digit or admitted symbol) is
  // never a letter, so "has a leetspeak unit" and "has a letter" are two bits of the union.
  let seen = 0;
  let all = 0;
  for (let i = 0; i < len; i++) {
    const c = units[i]!;
    if (c >= 128) {
      finishCuesPastAscii(text, units, i, mask, runStart, digits, cues);
      return ASCII_SCAN_NOT_ASCII;
    }
    const cls = CLASS[c]!;
    all |= cls;
    if ((cls & C_ALNUM) !== 0) {
      if (runStart < 0) runStart = i;
      if ((cls & C_DIGIT) !== 0) {
        digits++;
        // Only a digit after a digit can end "[A-Z]{2}\d{2}" (the check reads the original).
        if (i >= 3 && (CLASS[units[i - 1]!]! & C_DIGIT) !== 0 && ibanCueAt(text, i))
          mask |= CUE_IBAN;
      } else if ((cls & C_UPPER) !== 0) units[i] = LOWER[c]!;
      if (tokenStart < 0) {
        tokenStart = i;
        h = FNV_OFFSET;
        seen = 0;
        first = LOWER[c]!;
      }
      // Setting bit 5 lower-cases A–Z and leaves a–z and 0–9 as they are.
      h = Math.imul(h ^ (c | 0x20), FNV_PRIME);
      seen |= cls;
      continue;
    }
    if (runStart >= 0) {
      if (i - runStart >= 14) mask |= CUE_LONG_RUN;
      runStart = -1;
    }
    if ((cls & C_SPECIAL) !== 0) mask |= specialCue(text, i, c, cues);
    if (tokenStart < 0) continue;
    // `@ $ ! |` between two word units belong to the word ("j!h@d"); a unit past ASCII here
    // abandons the pass on the next step, so its class does not matter.
    if ((cls & SYMBOL_BIT) !== 0 && i + 1 < len) {
      const next = units[i + 1]!;
      if (next < 128 && (CLASS[next]! & WORD_BIT) !== 0) {
        h = Math.imul(h ^ c, FNV_PRIME);
        seen |= cls;
        continue;
      }
    }
    starts[count] = tokenStart;
    ends[count] = i;
    hash[count] = h;
    const f = leetFlag(seen);
    flags[count] = f;
    if (f !== 0 || (exact[(h >> 3) & 0x1fff]! & (1 << (h & 7))) !== 0 || prefixFirst[first] === 1)
      candidates[candidateCount++] = count;
    count++;
    tokenStart = -1;
  }
  if (runStart >= 0 && len - runStart >= 14) mask |= CUE_LONG_RUN;
  if (tokenStart >= 0) {
    starts[count] = tokenStart;
    ends[count] = len;
    hash[count] = h;
    const f = leetFlag(seen);
    flags[count] = f;
    if (f !== 0 || (exact[(h >> 3) & 0x1fff]! & (1 << (h & 7))) !== 0 || prefixFirst[first] === 1)
      candidates[candidateCount++] = count;
    count++;
  }
  tokens.count = count;
  tokens.candidateCount = candidateCount;
  tokens.filter = filter;
  tokens.units = units;
  finishCues(text, mask, digits, cues);
  return (all & C_UPPER) !== 0 ? ASCII_SCAN_UPPER : ASCII_SCAN_LOWER;
}

/**
 * Finish the entity cues of a text found not to be ASCII at `from` (the tokens are abandoned):
 * the same cues as `scanEntityCues`, continuing from the scan's state.
 */
function finishCuesPastAscii(
  text: string,
  units: Uint16Array,
  from: number,
  mask: number,
  runStart: number,
  digits: number,
  cues: EntityCues,
): void {
  const len = text.length;
  for (let i = from; i < len; i++) {
    const c = units[i]!;
    // A unit outside ASCII ends a run of alphanumerics and cues nothing.
    const cls = c < 128 ? CLASS[c]! : 0;
    if ((cls & C_ALNUM) !== 0) {
      if (runStart < 0) runStart = i;
      if ((cls & C_DIGIT) !== 0) {
        digits++;
        if (ibanCueAt(text, i)) mask |= CUE_IBAN;
      }
      continue;
    }
    if (runStart >= 0) {
      if (i - runStart >= 14) mask |= CUE_LONG_RUN;
      runStart = -1;
    }
    if ((cls & C_SPECIAL) !== 0) mask |= specialCue(text, i, c, cues);
  }
  if (runStart >= 0 && len - runStart >= 14) mask |= CUE_LONG_RUN;
  finishCues(text, mask, digits, cues);
}

/** `TOKEN_LEET` when a token mixes leetspeak units (digits, symbols) with letters. */
const leetFlag = (seen: number): number =>
  (seen & (LEET_BIT | SYMBOL_BIT)) !== 0 && (seen & LETTER_BIT) !== 0 ? TOKEN_LEET : 0;
