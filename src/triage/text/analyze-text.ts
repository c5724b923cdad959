/**
 * @module `analyzeText`: indicators, entities and language for one text — the contract of
 * `vigil triage text [FILE|-] --json`. Pure apart from loading the lexicon once (cached).
 */
import { createRequire } from 'node:module';
import { extractEntitiesWithCues } from '../entities/entities.js';
import type { Entity, EntityOptions } from '../entities/entities.js';
import type { EntityCues } from '../entities/entity-cues.js';
import { ASCII_SCAN_LOWER, ASCII_SCAN_NOT_ASCII, scanAsciiSignals } from './ascii-scan.js';
import { compileLexicon, detectIndicators } from './indicators.js';
import type { CompiledLexicon, Flag } from './indicators.js';
import { identifyLanguage, languageSegments } from './language.js';
import type { LanguageGuess, LanguageSegment } from './language.js';
import { loadLexicon } from './lexicon-loader.js';
import type { Category, LanguageCode } from './lexicon-schema.js';
import { normaliseAscii, normaliseToUnits } from './normalise.js';
import type { NormalisedText } from './normalise.js';
import { TokenBuffer, scanTokenUnits } from './tokenize.js';
import type { TokenStream } from './tokenize.js';

/** Bumped whenever normalisation or scoring changes what a lexicon matches. */
export const TEXT_ENGINE_VERSION = '1.0.0';

const FRANC_VERSION = (createRequire(import.meta.url)('franc/package.json') as { version: string })
  .version;

/** Everything triage says about one text. Field names are a stable CLI contract. */
export interface TextAnalysis {
  readonly flags: Flag[];
  /** Rules that hit but whose score exclusions pushed under the threshold (kept for review). */
  readonly suppressed: Flag[];
  readonly entities: Entity[];
  /** Language of the whole text. */
  readonly language: LanguageCode;
  /** Close runner-ups for the whole text (typically `ms` for `id`, or the reverse). */
  readonly languageAlternatives: LanguageGuess['alternatives'];
  readonly segments: LanguageSegment[];
  /** Highest flag score per category (0 when none), for ranking items. */
  readonly categories: Record<Category, number>;
  readonly status: 'suggested';
  readonly engine: {
    readonly name: 'vigil-text';
    readonly version: string;
    readonly lexicon: string;
    readonly lexiconVersion: string;
    readonly languageIdentifier: string;
  };
}

export interface AnalyzeOptions extends EntityOptions {
  /** A compiled lexicon; default: the shipped one, loaded and compiled once. */
  readonly lexicon?: CompiledLexicon;
}

let shipped: CompiledLexicon | undefined;

/** The shipped lexicon, compiled on first use. */
export function defaultLexicon(): CompiledLexicon {
  shipped ??= compileLexicon(loadLexicon());
  return shipped;
}

/** Indicators and entities of one text: everything `analyzeText` reports except language. */
export interface TextSignals {
  readonly flags: Flag[];
  readonly suppressed: Flag[];
  readonly entities: Entity[];
  readonly categories: Record<Category, number>;
}

export interface SignalOptions extends AnalyzeOptions {
  /** Language at an original offset, for flags of language-neutral rules; default `und`. */
  readonly languageAt?: (offset: number) => LanguageCode;
}

const undetermined = (): LanguageCode => 'und';

/** Reused by every call: the token arrays live only until `detectIndicators` returns. */
const tokenBuffer = new TokenBuffer(1024);
/** Reused by every call: read by `extractEntitiesWithCues` before the call returns. */
const cueBuffer: EntityCues = { mask: 0, urlFrom: 0, emailFrom: 0, atFrom: 0, hashFrom: 0 };

const noCategories = (): Record<Category, number> => ({
  recruitment: 0,
  financing: 0,
  propaganda: 0,
  training: 0,
  incitement: 0,
  information_gathering: 0,
});

/**
 * Indicators and entities of one text, without language identification (which `analyzeText`
 * adds). The benchmark measures exactly this function.
 *
 * @example
 * detectTextSignals('send BTC to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4').entities[0]?.type;
 */
export function detectTextSignals(text: string, options: SignalOptions = {}): TextSignals {
  const lexicon = options.lexicon ?? defaultLexicon();
  let normalised: NormalisedText;
  let tokens: TokenStream;
  // One pass collects the entity cues and, for pure ASCII (most posts), the tokens too; it gives
  // up on tokens at the first unit outside ASCII, and the text is then folded and tokenized.
  const filter = lexicon.matcher.filter;
  const ascii = scanAsciiSignals(text, tokenBuffer, cueBuffer, filter);
  if (ascii !== ASCII_SCAN_NOT_ASCII) {
    normalised = normaliseAscii(text, ascii === ASCII_SCAN_LOWER);
    tokens = tokenBuffer;
  } else {
    // The tokenizer reads the folded units straight from the fold's buffer.
    const folded = normaliseToUnits(text);
    normalised = folded.normalised;
    tokens = scanTokenUnits(folded.units, folded.length, tokenBuffer, filter);
  }
  const { flags, suppressed } = detectIndicators(lexicon, {
    normalised,
    tokens,
    languageAt: options.languageAt ?? undetermined,
  });
  const categories = noCategories();
  for (const f of flags) categories[f.category] = Math.max(categories[f.category], f.score);
  return {
    flags,
    suppressed,
    entities: extractEntitiesWithCues(text, options, cueBuffer),
    categories,
  };
}

/**
 * Analyse one text.
 *
 * @example
 * const r = analyzeText('Join the caravan, brothers: t.me/+AbCdEfGhIjKlMn');
 * r.flags[0]?.category; // 'recruitment' (a suggestion for a person to review)
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): TextAnalysis {
  const lexicon = options.lexicon ?? defaultLexicon();
  const whole = identifyLanguage(text);
  const segments = languageSegments(text);
  const languageAt = (offset: number): LanguageCode => {
    const seg = segments.find((s) => s.start <= offset && offset < s.end);
    return seg !== undefined && seg.language !== 'und' ? seg.language : whole.language;
  };
  const { flags, suppressed, entities, categories } = detectTextSignals(text, {
    ...options,
    lexicon,
    languageAt,
  });
  return {
    flags,
    suppressed,
    entities,
    language: whole.language,
    languageAlternatives: whole.alternatives,
    segments,
    categories,
    status: 'suggested',
    engine: {
      name: 'vigil-text',
      version: TEXT_ENGINE_VERSION,
      lexicon: lexicon.id,
      lexiconVersion: lexicon.version,
      languageIdentifier: `franc@${FRANC_VERSION}`,
    },
  };
}
