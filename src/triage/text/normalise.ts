/**
 * @module Text normalisation for matching, with an offset map back to the original text.
 *
 * The matcher never sees the original text: it sees a folded copy in which Unicode
 * compatibility forms are unified (NFKC/NFKD), case is folded, Arabic diacritics (harakat) and
 * tatweel are removed, Arabic/Persian/Urdu letter variants are unified, Cyrillic and Greek
 * look-alikes become Latin, and emoji or zero-width characters hidden inside a word are dropped.
 * Every folded UTF-16 unit remembers the original range it came from, so a match in the folded
 * text is reported as offsets into the ORIGINAL string (JavaScript UTF-16 code-unit offsets).
 * Leetspeak is folded per token by the tokenizer (`tokenize.ts`), because "2024" must stay a
 * number while "j1h4d" must read "jihad".
 */
import { HOMOGLYPHS, LETTER_VARIANTS } from './fold-tables.js';
import { UnitLoader } from './unit-loader.js';

/** Folded text plus, for every folded UTF-16 unit, the original range `[origStart, origEnd)`. */
export interface NormalisedText {
  readonly original: string;
  readonly text: string;
  readonly origStart: Uint32Array;
  readonly origEnd: Uint32Array;
  /**
   * True when folded offsets equal original offsets (every unit folded to exactly one unit, as
   * for ASCII and for most Arabic-script text); the arrays are then empty.
   */
  readonly identity: boolean;
}

/** Arabic-Indic (U+0660–9) and Extended Arabic-Indic (U+06F0–9) digits become ASCII digits. */
const isArabicDigit = (cp: number) => (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6f0 && cp <= 0x6f9);

/** Invisible joiners and formatting marks used to split a word without a visible gap. */
const ZERO_WIDTH = new Set([
  0x00ad, 0x034f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0xfeff,
  // Bidirectional controls (LRM, RLM, embeddings, isolates) are invisible too.
  0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c,
]);
const TATWEEL = 0x0640;

const NONSPACING_MARK = /\p{Mn}/u;
const NONSPACING_MARKS = /\p{Mn}/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const EMOJI =
  /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{20E3}]/u;

/** How a code point takes part in folding; cached per code point. */
interface Folded {
  readonly out: string;
  /** `mark`: removed, belongs to the preceding base; `glue`: removed, invisible; `emoji`. */
  readonly kind: 'char' | 'mark' | 'glue' | 'emoji';
}

const cache = new Map<number, Folded>();

function foldCodePoint(cp: number): Folded {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  let folded: Folded;
  const ch = String.fromCodePoint(cp);
  if (ZERO_WIDTH.has(cp) || cp === TATWEEL) folded = { out: '', kind: 'glue' };
  else if (EMOJI.test(ch) && !WORD_CHAR.test(ch)) folded = { out: '', kind: 'emoji' };
  else if (NONSPACING_MARK.test(ch)) folded = { out: '', kind: 'mark' };
  else if (isArabicDigit(cp))
    folded = { out: String(cp >= 0x6f0 ? cp - 0x6f0 : cp - 0x660), kind: 'char' };
  else {
    // Unicode UAX #15: NFKD applies compatibility mappings (ligatures, presentation forms,
    // full-width letters) and splits diacritics off so they can be dropped as marks.
    const decomposed = ch
      .normalize('NFKD')
      .toLowerCase()
      .normalize('NFKD')
      .replace(NONSPACING_MARKS, '');
    let out = '';
    for (const c of decomposed) out += LETTER_VARIANTS[c] ?? HOMOGLYPHS[c] ?? c;
    folded = { out, kind: 'char' };
  }
  cache.set(cp, folded);
  return folded;
}

/** ASCII fast path: lower-case letters, everything else unchanged. */
const ASCII_FOLD: string[] = Array.from({ length: 128 }, (_, i) =>
  String.fromCharCode(i).toLowerCase(),
);

const EMPTY = new Uint32Array(0);

const isWordOut = (s: string) => s.length > 0 && WORD_CHAR.test(s);

// Per BMP unit, how it folds, filled on first sight: 0 unknown; SINGLE: one output unit in
// `SINGLE_OUT`; otherwise look the code point up with `foldCodePoint`.
const UNIT_UNKNOWN = 0;
const UNIT_ASCII = 1;
const UNIT_SINGLE = 2;
const UNIT_OTHER = 3;
const UNIT_KIND = new Uint8Array(65536);
const SINGLE_OUT = new Uint16Array(65536);
for (let c = 0; c < 128; c++) {
  UNIT_KIND[c] = UNIT_ASCII;
  SINGLE_OUT[c] = ASCII_FOLD[c]!.charCodeAt(0);
}
// Surrogates: always go through the code-point path.
for (let c = 0xd800; c <= 0xdfff; c++) UNIT_KIND[c] = UNIT_OTHER;

function unitKind(code: number): number {
  const known = UNIT_KIND[code]!;
  if (known !== UNIT_UNKNOWN) return known;
  const f = foldCodePoint(code);
  let kind = UNIT_OTHER;
  if (f.kind === 'char' && f.out.length === 1) {
    kind = UNIT_SINGLE;
    SINGLE_OUT[code] = f.out.charCodeAt(0);
  }
  UNIT_KIND[code] = kind;
  return kind;
}

/** The units of the text being folded. */
const inputUnits = new UnitLoader();

// Reused output buffers: the folded units and their original ranges.
let outUnits = new Uint16Array(1024);
let outStart = new Uint32Array(1024);
let outEnd = new Uint32Array(1024);
/** Typed arrays use the platform's byte order; the decoder reads little-endian only. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** `outUnits` as bytes, for the decoder. */
let outBytes = new Uint8Array(outUnits.buffer);

function ensureCapacity(n: number): void {
  if (n <= outUnits.length) return;
  const size = Math.max(n, outUnits.length * 2);
  const u = new Uint16Array(size);
  u.set(outUnits);
  outUnits = u;
  outBytes = new Uint8Array(u.buffer);
  const s = new Uint32Array(size);
  s.set(outStart);
  outStart = s;
  const e = new Uint32Array(size);
  e.set(outEnd);
  outEnd = e;
}

// WHATWG Encoding §14.3 (UTF-16LE decoder): well-formed UTF-16 decodes to the same units.
const UTF16 = new TextDecoder('utf-16le');

/**
 * The output buffer as a string (chunked: `fromCharCode` takes a bounded argument list).
 * `surrogate`: whether the units hold a surrogate.
 */
function unitsToString(n: number, surrogate: boolean): string {
  // The decoder is the fastest copy, but would replace a lone surrogate with U+FFFD.
  if (LITTLE_ENDIAN && !surrogate) return UTF16.decode(outBytes.subarray(0, n * 2));
  let s = '';
  for (let from = 0; from < n; from += 8192) {
    s += String.fromCharCode.apply(
      null,
      outUnits.subarray(from, Math.min(n, from + 8192)) as unknown as number[],
    );
  }
  return s;
}

/** Whether the folded output of the code point at `i` (if any) is a word character. */
function nextIsWord(input: string, i: number): boolean {
  if (i >= input.length) return false;
  const cp = input.codePointAt(i)!;
  return isWordOut(cp < 128 ? ASCII_FOLD[cp]! : foldCodePoint(cp).out);
}

/** What one fold of a text into the buffers produced. */
interface FoldResult {
  /** Units written to `outUnits`, `outStart`, `outEnd`. */
  readonly n: number;
  /** Every input unit became exactly one output unit: offsets are the identity. */
  readonly identity: boolean;
  /** Some output unit differs from its input unit. */
  readonly changed: boolean;
  /** Some output unit is a surrogate (paired or not). */
  readonly surrogate: boolean;
}

/** Fold `input` into the shared buffers (see the module comment for the rules). */
function fold(input: string): FoldResult {
  const len = input.length;
  // The input's units from a typed array (see `UnitLoader`); code points only off the fast path.
  const inUnits = inputUnits.load(input);
  // Most code points fold to at most one unit per input unit; grow when NFKD expands.
  ensureCapacity(len + 16);
  // The buffers in locals (module bindings cost a load per use); re-read after every growth.
  let units = outUnits;
  let starts = outStart;
  let ends = outEnd;
  let n = 0;
  let identity = true;
  let changed = false;
  let surrogate = false;
  // The last output unit written (-1: none yet), for the emoji rule below.
  let lastOut = -1;
  let i = 0;
  while (i < len) {
    const code = inUnits[i]!;
    let kind = UNIT_KIND[code]!;
    if (kind === UNIT_UNKNOWN) kind = unitKind(code);
    if (kind !== UNIT_OTHER) {
      // One unit in, one unit out (ASCII and most letters of every script).
      if (n === units.length) {
        ensureCapacity(n + 1);
        units = outUnits;
        starts = outStart;
        ends = outEnd;
      }
      const out = SINGLE_OUT[code]!;
      if (out !== code) changed = true;
      units[n] = out;
      // While the fold is the identity the map is implied; it is written out once it is not.
      if (!identity) {
        starts[n] = i;
        ends[n] = i + 1;
      }
      n++;
      lastOut = out;
      i++;
      continue;
    }
    // Anything else moves offsets (or may: a 1-to-1 astral fold still keeps them, but is rare).
    if (identity) {
      // Until now unit k came from unit k: write that part of the map.
      for (let k = 0; k < n; k++) {
        starts[k] = k;
        ends[k] = k + 1;
      }
      identity = false;
    }
    changed = true;
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    switch (f.kind) {
      case 'char':
        if (f.out.length > 0) {
          ensureCapacity(n + f.out.length);
          units = outUnits;
          starts = outStart;
          ends = outEnd;
          for (let k = 0; k < f.out.length; k++) {
            const u = f.out.charCodeAt(k);
            if (u >= 0xd800 && u <= 0xdfff) surrogate = true;
            units[n] = u;
            starts[n] = i;
            ends[n] = i + width;
            n++;
          }
          lastOut = f.out.charCodeAt(f.out.length - 1);
        }
        i += width;
        break;
      case 'mark':
        // A diacritic belongs to its base letter: widen the base's range so a span ending on
        // that letter also covers its harakat in the original.
        if (n > 0) ends[n - 1] = i + width;
        i += width;
        break;
      case 'glue':
        i += width;
        break;
      case 'emoji': {
        // Emoji splitting: a run of emoji inside a word ("re🔥cruit") is dropped so the word
        // reads whole; a run between words becomes one space.
        const runStart = i;
        i += width;
        while (i < len) {
          const next = input.codePointAt(i)!;
          if (next < 128) break;
          const k = foldCodePoint(next).kind;
          if (k !== 'emoji' && k !== 'glue') break;
          i += next > 0xffff ? 2 : 1;
        }
        const lastIsWord = lastOut >= 0 && isWordOut(String.fromCharCode(lastOut));
        if (!(lastIsWord && nextIsWord(input, i))) {
          ensureCapacity(n + 1);
          units = outUnits;
          starts = outStart;
          ends = outEnd;
          units[n] = 32;
          starts[n] = runStart;
          ends[n] = i;
          n++;
          lastOut = 32;
        }
        break;
      }
    }
  }
  return { n, identity, changed, surrogate };
}

/**
 * A folded text whose offset map is computed on first use: most texts match no term, so their
 * map is never read, and building it for every text would cost more than the folding itself.
 */
class FoldedText implements NormalisedText {
  readonly identity = false;
  #start: Uint32Array | undefined;
  #end: Uint32Array | undefined;

  constructor(
    readonly original: string,
    readonly text: string,
  ) {}

  get origStart(): Uint32Array {
    if (this.#start === undefined) this.#map();
    return this.#start!;
  }

  get origEnd(): Uint32Array {
    if (this.#end === undefined) this.#map();
    return this.#end!;
  }

  #map(): void {
    // Folding is a pure function of the input: folding again yields the same units and ranges.
    const { n } = fold(this.original);
    this.#start = outStart.slice(0, n);
    this.#end = outEnd.slice(0, n);
  }
}

const NON_ASCII = /[^\0-\x7f]/;

/** An ASCII text: lower-casing is the whole fold (done on first read) and offsets are the identity. */
class AsciiFoldedText implements NormalisedText {
  readonly identity = true;
  readonly origStart = EMPTY;
  readonly origEnd = EMPTY;
  #text: string | undefined;

  constructor(
    readonly original: string,
    private readonly lowerCase: boolean,
  ) {}

  get text(): string {
    this.#text ??= this.lowerCase ? this.original : this.original.toLowerCase();
    return this.#text;
  }
}

/**
 * `normalise` of a text known to be pure ASCII: lower-casing is the whole fold and offsets are the
 * identity. The caller vouches for the ASCII (and, with `lowerCase`, for having no upper-case
 * letter, so the text is its own fold); nothing here checks it.
 */
export function normaliseAscii(input: string, lowerCase = false): NormalisedText {
  return new AsciiFoldedText(input, lowerCase);
}

/**
 * Fold `input` for matching and keep the offset map.
 *
 * @example
 * const n = normalise('Jо1n 🔥 ʀecruit');
 * n.text; // 'jo1n   ʀecruit' with the Cyrillic о folded to 'o'
 */
export function normalise(input: string): NormalisedText {
  // Fast path: ASCII folds one unit to one unit, so the offset map is the identity.
  if (!NON_ASCII.test(input)) return normaliseAscii(input);
  const { n, identity, changed, surrogate } = fold(input);
  const text = changed ? unitsToString(n, surrogate) : input;
  if (identity) return { original: input, text, origStart: EMPTY, origEnd: EMPTY, identity };
  return new FoldedText(input, text);
}

/**
 * A folded text whose string is built on first read (the matcher reads the folded units instead),
 * and whose offset map, when not the identity, is also computed on first use.
 */
class LazyFoldedText implements NormalisedText {
  #text: string | undefined;
  #start: Uint32Array | undefined;
  #end: Uint32Array | undefined;

  constructor(
    readonly original: string,
    readonly identity: boolean,
    private readonly changed: boolean,
  ) {}

  get text(): string {
    if (this.#text === undefined) {
      if (!this.changed) this.#text = this.original;
      else {
        // Folding is a pure function of the input: folding again yields the same units.
        const { n, surrogate } = fold(this.original);
        this.#text = unitsToString(n, surrogate);
      }
    }
    return this.#text;
  }

  get origStart(): Uint32Array {
    if (this.#start === undefined) this.#map();
    return this.#start!;
  }

  get origEnd(): Uint32Array {
    if (this.#end === undefined) this.#map();
    return this.#end!;
  }

  #map(): void {
    if (this.identity) {
      this.#start = EMPTY;
      this.#end = EMPTY;
      return;
    }
    const { n } = fold(this.original);
    this.#start = outStart.slice(0, n);
    this.#end = outEnd.slice(0, n);
  }
}

/**
 * `normalise` for the triage hot path: the same folded text and offset map, plus the folded
 * units, `units[0, length)`, in a buffer shared by every fold — valid until the next call of
 * `normalise`, `normaliseToUnits` or a read of a folded text's string or map. The string itself
 * is only built if read.
 */
export function normaliseToUnits(input: string): {
  normalised: NormalisedText;
  units: Uint16Array;
  length: number;
} {
  const { n, identity, changed } = fold(input);
  return { normalised: new LazyFoldedText(input, identity, changed), units: outUnits, length: n };
}

/** Map a range of the folded text back to the original text. */
export function originalRange(
  n: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  if (n.identity) return { start, end: Math.max(start, end) };
  if (end <= start) {
    const at = start < n.origStart.length ? n.origStart[start]! : n.original.length;
    return { start: at, end: at };
  }
  return { start: n.origStart[start]!, end: n.origEnd[end - 1]! };
}

/** Fold a lexicon term exactly as text is folded, so both sides meet in the same form. */
export const foldTerm = (term: string): string => normalise(term).text;
