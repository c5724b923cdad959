/**
 * @module Language identification per text segment with franc (trigram profiles), restricted to
 * the languages Vigil supports, with `und` for text too short to call. Malay and Indonesian share
 * most of their vocabulary and franc often scores them within a few percent of each other, so a
 * close runner-up is reported in `alternatives` rather than hidden.
 */
import { francAll } from 'franc';
import { SUPPORTED_LANGUAGES } from './lexicon-schema.js';
import type { LanguageCode, SupportedLanguage } from './lexicon-schema.js';

/** ISO 639-3 (as franc reports) → ISO 639-1 (as Vigil reports). */
export const ISO639_3_TO_1: Readonly<Record<string, SupportedLanguage>> = {
  eng: 'en',
  arb: 'ar',
  ara: 'ar',
  urd: 'ur',
  ind: 'id',
  zlm: 'ms',
  msa: 'ms',
  zsm: 'ms',
  tgl: 'tl',
  fil: 'tl',
};

/** The franc codes to consider: one per supported language (franc's own code for it). */
const FRANC_ONLY = ['eng', 'arb', 'urd', 'ind', 'zlm', 'tgl'];

/** Shorter text than this (in letters) is `und`: trigram statistics need material. */
export const MIN_LETTERS = 12;
/** A runner-up scoring at least this fraction of the best is reported as an alternative. */
export const ALTERNATIVE_RATIO = 0.92;
/** Malay and Indonesian are close kin: the other one is reported from this lower ratio. */
export const MALAY_INDONESIAN_RATIO = 0.8;
const isMalayIndonesianPair = (a: string, b: string) =>
  (a === 'id' && b === 'ms') || (a === 'ms' && b === 'id');

export interface LanguageGuess {
  readonly language: LanguageCode;
  /** Margin over the runner-up: 1 − runner-up's relative franc score (0 = tie, `und` → 0). */
  readonly confidence: number;
  /** Close candidates, e.g. `ms` when `id` wins narrowly. */
  readonly alternatives: ReadonlyArray<{ language: SupportedLanguage; score: number }>;
}

export interface LanguageSegment extends LanguageGuess {
  readonly start: number;
  readonly end: number;
}

const UND: LanguageGuess = { language: 'und', confidence: 0, alternatives: [] };

const countLetters = (text: string) => text.match(/\p{L}/gu)?.length ?? 0;

/**
 * Identify the language of `text` among the supported languages.
 *
 * @example
 * identifyLanguage('The meeting is on Tuesday at the library.').language; // 'en'
 */
export function identifyLanguage(text: string): LanguageGuess {
  if (countLetters(text) < MIN_LETTERS) return UND;
  const ranked = francAll(text, { only: FRANC_ONLY, minLength: 1 });
  const first = ranked[0];
  if (first === undefined || first[0] === 'und') return UND;
  const language = ISO639_3_TO_1[first[0]];
  if (language === undefined) return UND;
  const alternatives: Array<{ language: SupportedLanguage; score: number }> = [];
  for (const [code, score] of ranked.slice(1)) {
    const lang = ISO639_3_TO_1[code];
    const ratio = isMalayIndonesianPair(language, lang ?? '')
      ? MALAY_INDONESIAN_RATIO
      : ALTERNATIVE_RATIO;
    if (lang !== undefined && lang !== language && score >= ratio) {
      alternatives.push({ language: lang, score: Math.round(score * 1000) / 1000 });
    }
  }
  const second = ranked[1]?.[1] ?? 0;
  return { language, confidence: Math.round((1 - second) * 1000) / 1000, alternatives };
}

/**
 * Split text into segments (lines, and sentences within long lines) and identify each. Segments
 * too short to call inherit nothing here; `analyzeText` falls back to the whole-text language.
 */
export function languageSegments(text: string): LanguageSegment[] {
  const segments: LanguageSegment[] = [];
  // Lines first; then sentence ends (. ! ? Arabic ؟ Urdu ۔) inside lines longer than ~200 chars.
  const lineRe = /[^\n]+/gu;
  for (const line of text.matchAll(lineRe)) {
    const lineStart = line.index;
    const body = line[0];
    const pieces: Array<[number, number]> = [];
    if (body.length <= 200) pieces.push([0, body.length]);
    else {
      let from = 0;
      for (const m of body.matchAll(/[.!?؟۔]+\s+/gu)) {
        const to = m.index + m[0].length;
        if (to - from >= 40) {
          pieces.push([from, to]);
          from = to;
        }
      }
      if (from < body.length) pieces.push([from, body.length]);
    }
    for (const [s, e] of pieces) {
      segments.push({
        start: lineStart + s,
        end: lineStart + e,
        ...identifyLanguage(body.slice(s, e)),
      });
    }
  }
  return segments;
}

/** Whether a code is one Vigil supports. */
export const isSupportedLanguage = (code: string): code is SupportedLanguage =>
  (SUPPORTED_LANGUAGES as readonly string[]).includes(code);
