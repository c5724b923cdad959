/**
 * @module Tokens over folded text: word runs with their leetspeak reading and, for Arabic-script
 * words, the forms without attached proclitics (و ف ب ل ك and the article ال), because Arabic
 * writes "and the State" as one word (والدولة) and a lexicon cannot list every combination.
 *
 * The hot path (`scanTokens`) allocates no object and no string per token: it records token
 * boundaries in typed arrays plus one flag byte per token saying which extra readings exist; the
 * term matcher then reads the characters from the folded text's units, which the scan leaves in
 * a typed array (`TokenStream.units`). `tokenize` builds the
 * same tokens as objects with their forms spelled out, for lexicon compilation and for people.
 */
import { UnitLoader } from './unit-loader.js';

/** A token of the folded text: `[start, end)` in folded offsets and the forms it can match as. */
export interface Token {
  readonly start: number;
  readonly end: number;
  /** The first form is the surface form; later ones are de-leeted or clitic-stripped readings. */
  readonly forms: readonly string[];
}

/** The tokens of one folded text as parallel typed arrays (`[start[i], end[i])`, `flags[i]`). */
export interface TokenStream {
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** `TOKEN_LEET` and/or `TOKEN_ARABIC` per token. */
  readonly flags: Uint8Array;
  /** FNV-1a (`wordHash`) of each token's surface units, for the term matcher's word table. */
  readonly hash: Int32Array;
  /**
   * When the scan was given a `TokenFilter` (`filter`), the indices of the tokens that pass it,
   * ascending, in `candidates[0, candidateCount)`; otherwise `candidateCount` is -1.
   */
  readonly candidateCount?: number;
  readonly candidates?: Int32Array;
  readonly filter?: TokenFilter | null;
  /** When set, `units[0, text length)` holds the scanned (folded) text's UTF-16 units. */
  readonly units?: Uint16Array | null;
}

/**
 * What a term matcher can rule out from a token's hash and first unit alone, so the scan that
 * computes them lists only the tokens worth looking up (a few in most texts). A token passes when
 * it has extra readings (leetspeak, Arabic), when some whole lexicon word's hash shares its low
 * 16 bits, or when some prefix word starts with its first unit.
 */
export interface TokenFilter {
  /**
   * A 65,536-bit set: bit `h & 0xffff` (byte `(h >> 3) & 0x1fff`, bit `h & 7`) is set when some
   * lexicon word that can start a term has `wordHash` `h` (8 KB, so it stays in the cache).
   */
  readonly exact: Uint8Array;
  /** `prefixFirst[c]` is 1 when some prefix word starts with (folded) unit `c`. */
  readonly prefixFirst: Uint8Array;
}

/** FNV-1a (32-bit) offset basis and prime; the tokenizer and the word table must agree. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 units of `word`, as `scanTokens` hashes token surfaces. */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
  return h;
}

/**
 * Reusable storage for `scanTokens`: a caller that tokenizes many texts one after the other
 * passes the same buffer and allocates nothing per text. Its contents are replaced on each scan.
 */
export class TokenBuffer implements TokenStream {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  hash: Int32Array;
  candidateCount = -1;
  candidates: Int32Array;
  filter: TokenFilter | null = null;
  units: Uint16Array | null = null;
  readonly #loader = new UnitLoader();

  /**
   * Copy the UTF-16 units of `text` into this buffer's unit array and return it (see
   * `UnitLoader`: hot loops read the typed array rather than the string).
   */
  loadUnits(text: string): Uint16Array {
    return this.#loader.load(text);
  }

  constructor(capacity = 256) {
    const size = Math.max(1, capacity);
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.flags = new Uint8Array(size);
    this.hash = new Int32Array(size);
    this.candidates = new Int32Array(size);
  }

  /** Make room for `n` tokens, keeping the first `count`. */
  reserve(n: number): void {
    if (n <= this.start.length) return;
    const size = Math.max(n, this.start.length * 2);
    const start = new Int32Array(size);
    start.set(this.start.subarray(0, this.count));
    this.start = start;
    const end = new Int32Array(size);
    end.set(this.end.subarray(0, this.count));
    this.end = end;
    const flags = new Uint8Array(size);
    flags.set(this.flags.subarray(0, this.count));
    this.flags = flags;
    const hash = new Int32Array(size);
    hash.set(this.hash.subarray(0, this.count));
    this.hash = hash;
    // Candidates are only ever listed by the scan that reserved the room: nothing to keep.
    this.candidates = new Int32Array(size);
  }
}

/** The token mixes letters with leetspeak characters: it also reads de-leeted. */
export const TOKEN_LEET = 1;
/** The token starts with an Arabic-block letter: it may also read without proclitics. */
export const TOKEN_ARABIC = 2;

// Leetspeak readings, one character for one so offsets stay aligned.
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/** `LEET_CODE[c]`: the de-leeted code of ASCII code `c` (itself when not leetspeak). */
export const LEET_CODE: Uint16Array = (() => {
  const table = new Uint16Array(128);
  for (let c = 0; c < 128; c++) table[c] = c;
  for (const [k, v] of Object.entries(LEET)) table[k.charCodeAt(0)] = v.charCodeAt(0);
  return table;
})();

/** Symbols that are letters only inside a word ("j!h@d"). */
const IS_LEET_SYMBOL = new Uint8Array(128);
for (const c of '@$!|') IS_LEET_SYMBOL[c.charCodeAt(0)] = 1;

/** Proclitic combinations, longest first; a stripped form must keep at least 3 letters. */
export const ARABIC_PROCLITICS: readonly string[] = [
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'ال',
  'و',
  'ف',
  'ب',
  'ل',
];

// Character classes per UTF-16 unit, filled lazily outside ASCII: 0 unknown, then bits below.
/** A unit of a word (letter, digit or spacing mark). */
export const WORD_BIT = 1;
/** A letter (a word unit that is no digit). */
export const LETTER_BIT = 2;
const KNOWN_BIT = 4;
/** An ASCII word unit with a leetspeak reading (0 1 3 4 5 7 8 9). */
export const LEET_BIT = 8;
/** `@ $ ! |`: a letter only between two word units. */
export const SYMBOL_BIT = 16;
const UNIT_CLASS = new Uint8Array(65536);
const WORD = /[\p{L}\p{N}\p{Mc}]/u;
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  const leet = LEET_CODE[c] !== c;
  UNIT_CLASS[c] =
    KNOWN_BIT |
    (digit || letter ? WORD_BIT : 0) |
    (letter ? LETTER_BIT : 0) |
    ((digit || letter) && leet ? LEET_BIT : 0) |
    (IS_LEET_SYMBOL[c] === 1 ? SYMBOL_BIT : 0);
}
// Astral letters arrive as surrogate pairs; treat both halves as part of the word.
for (let c = 0xd800; c <= 0xdfff; c++) UNIT_CLASS[c] = KNOWN_BIT | WORD_BIT | LETTER_BIT;

/** Classify a unit seen for the first time (outside ASCII and the surrogates). */
function classify(code: number): number {
  const word = WORD.test(String.fromCharCode(code));
  const cls = KNOWN_BIT | (word ? WORD_BIT | LETTER_BIT : 0);
  UNIT_CLASS[code] = cls;
  return cls;
}

function unitClass(code: number): number {
  const known = UNIT_CLASS[code]!;
  return known !== 0 ? known : classify(code);
}

/** The class bits (`WORD_BIT`, `LETTER_BIT`, `LEET_BIT`, `SYMBOL_BIT`) of a UTF-16 unit. */
export const tokenClassOf = (code: number): number => unitClass(code);

/** Filter tables that rule nothing out (for a scan without a filter). */
const ALL_PASS = new Uint8Array(65536).fill(1);
const ALL_PASS_BITS = new Uint8Array(8192).fill(0xff);

/** Whether a UTF-16 unit is part of a word (letter, digit or spacing mark). */
export const isWordUnit = (code: number): boolean => (unitClass(code) & WORD_BIT) !== 0;

/**
 * Split folded text into tokens. `@ $ ! |` count as letters only between two word characters
 * ("j!h@d"), so handles, prices and punctuation keep their meaning. A token has a leetspeak
 * reading when it mixes letters with leetspeak characters (a token of digits only, "2024", is a
 * number), and an Arabic reading when its first unit is in the Arabic block (U+0600–U+06FF).
 */
export function scanTokens(text: string, into?: TokenBuffer, filter?: TokenFilter): TokenStream {
  const out = into ?? new TokenBuffer((text.length + 1) >> 1);
  return scanTokenUnits(out.loadUnits(text), text.length, out, filter);
}

/**
 * `scanTokens` over a text given as its units `units[0, len)` (for a caller that has them in a
 * typed array already). The stream refers to `units`, which must not change while it is used.
 */
export function scanTokenUnits(
  units: Uint16Array,
  len: number,
  out: TokenBuffer,
  filter?: TokenFilter,
): TokenStream {
  // A token takes at least one unit and is followed by a separator: at most ⌈len / 2⌉ tokens.
  out.count = 0;
  out.reserve((len + 1) >> 1);
  const { start: starts, end: ends, flags, hash, candidates } = out;
  // Without a filter every token is a candidate; the list is then not published.
  const exact = filter === undefined ? ALL_PASS_BITS : filter.exact;
  const prefixFirst = filter === undefined ? ALL_PASS : filter.prefixFirst;
  let count = 0;
  let candidateCount = 0;
  let i = 0;
  while (i < len) {
    const first = units[i]!;
    let cls = UNIT_CLASS[first]!;
    if (cls === 0) cls = classify(first);
    if ((cls & WORD_BIT) === 0) {
      i++;
      continue;
    }
    const start = i;
    // Class bits of the token's units: a leetspeak unit (digit or admitted symbol) is never a
    // letter, so "has a leetspeak unit" and "has a letter" are two bits of the union.
    let seen = 0;
    let h = FNV_OFFSET;
    let c = first;
    for (;;) {
      h = Math.imul(h ^ c, FNV_PRIME);
      seen |= cls;
      i++;
      if (i >= len) break;
      c = units[i]!;
      cls = UNIT_CLASS[c]!;
      if (cls === 0) cls = classify(c);
      if ((cls & WORD_BIT) !== 0) continue;
      if ((cls & SYMBOL_BIT) !== 0 && i + 1 < len) {
        const next = units[i + 1]!;
        let nextCls = UNIT_CLASS[next]!;
        if (nextCls === 0) nextCls = classify(next);
        if ((nextCls & WORD_BIT) !== 0) continue;
      }
      break;
    }
    starts[count] = start;
    ends[count] = i;
    hash[count] = h;
    const f =
      ((seen & (LEET_BIT | SYMBOL_BIT)) !== 0 && (seen & LETTER_BIT) !== 0 ? TOKEN_LEET : 0) |
      (first >= 0x600 && first <= 0x6ff ? TOKEN_ARABIC : 0);
    flags[count] = f;
    if (f !== 0 || (exact[(h >> 3) & 0x1fff]! & (1 << (h & 7))) !== 0 || prefixFirst[first] === 1)
      candidates[candidateCount++] = count;
    count++;
  }
  out.count = count;
  out.candidateCount = filter === undefined ? -1 : candidateCount;
  out.filter = filter ?? null;
  out.units = units;
  return out;
}

/** The readings of token `i` of `stream` over `text`: surface, de-leeted, clitic-stripped. */
export function tokenForms(text: string, stream: TokenStream, i: number): string[] {
  const surface = text.slice(stream.start[i], stream.end[i]);
  const forms = [surface];
  const flags = stream.flags[i]!;
  if ((flags & TOKEN_LEET) !== 0) {
    let de = '';
    for (let k = 0; k < surface.length; k++) {
      const c = surface.charCodeAt(k);
      de += String.fromCharCode(c < 128 ? LEET_CODE[c]! : c);
    }
    forms.push(de);
  }
  if ((flags & TOKEN_ARABIC) !== 0) {
    for (const p of ARABIC_PROCLITICS) {
      if (surface.startsWith(p) && surface.length - p.length >= 3)
        forms.push(surface.slice(p.length));
    }
  }
  return forms;
}

/** Split folded text into tokens with their forms spelled out (see `scanTokens`). */
export function tokenize(text: string): Token[] {
  const stream = scanTokens(text);
  const tokens: Token[] = [];
  for (let i = 0; i < stream.count; i++) {
    tokens.push({
      start: stream.start[i]!,
      end: stream.end[i]!,
      forms: tokenForms(text, stream, i),
    });
  }
  return tokens;
}
