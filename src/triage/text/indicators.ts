/**
 * @module Explainable text indicators: compile a validated lexicon once, then find rule hits in a
 * text, attenuate hits covered by an exclusion (news reporting, counter-speech, quotation) and
 * report one flag per rule with its spans in the original text, weight, score and lexicon version.
 * A score ranks items for a person; a flag is a suggestion, never a verdict (R14).
 */
import { originalRange } from './normalise.js';
import { insideRange, quotedRanges } from './quotations.js';
import { sortSmall } from './sort-small.js';
import type { NormalisedText } from './normalise.js';
import { TermMatcher } from './term-matcher.js';
import type { Occurrence } from './term-matcher.js';
import type { TokenStream } from './tokenize.js';
import type { LexiconSource } from './lexicon-loader.js';
import type { Category, ExclusionKind, LanguageCode, SupportedLanguage } from './lexicon-schema.js';

interface CompiledRule {
  readonly id: string;
  readonly category: Category;
  readonly weight: number;
  readonly language: SupportedLanguage | 'any';
  readonly kind: 'terms' | 'near';
  readonly a: number;
  readonly b: number;
  readonly within: number;
}

interface CompiledExclusion {
  readonly id: string;
  readonly kind: ExclusionKind;
  readonly factor: number;
  readonly within: number | undefined;
  readonly set: number | undefined;
}

/** A lexicon ready to match: built once, used for every text. */
export interface CompiledLexicon {
  readonly id: string;
  readonly version: string;
  readonly threshold: number;
  readonly matcher: TermMatcher;
  readonly rules: readonly CompiledRule[];
  readonly exclusions: readonly CompiledExclusion[];
  /** `ruleSet[set]` is 1 when set `set` is some rule's `a`: a text without one has no flag. */
  readonly ruleSet: Uint8Array;
  /** `rulesOf[set]`: indices into `rules` of the rules whose `a` is `set`, ascending. */
  readonly rulesOf: readonly (readonly number[])[];
  /** Per-set occurrence lists of the text being matched; every entry is emptied after use. */
  readonly scratch: Occurrence[][];
}

/** Compile a validated lexicon into one token trie plus rule and exclusion tables. */
export function compileLexicon(source: LexiconSource): CompiledLexicon {
  const matcher = new TermMatcher();
  const rules: CompiledRule[] = [];
  const exclusions: CompiledExclusion[] = [];
  for (const { data } of source.files) {
    for (const set of data.sets) for (const t of set.terms) matcher.add(set.id, t);
  }
  for (const { data } of source.files) {
    for (const r of data.rules) {
      let a: number;
      let b = -1;
      let within = 0;
      if (r.terms !== undefined) {
        const own = `rule:${r.id}`;
        for (const t of r.terms) matcher.add(own, t);
        a = matcher.setNumber(own);
      } else if (r.set !== undefined) a = matcher.setNumber(r.set);
      else {
        const near = r.near!;
        a = matcher.setNumber(near.a);
        b = matcher.setNumber(near.b);
        within = near.within;
      }
      rules.push({
        id: r.id,
        category: r.category,
        weight: r.weight,
        language: data.language,
        kind: b < 0 ? 'terms' : 'near',
        a,
        b,
        within,
      });
    }
    for (const e of data.exclusions) {
      let set: number | undefined;
      if (e.terms !== undefined) {
        const own = `exclusion:${e.id}`;
        for (const t of e.terms) matcher.add(own, t);
        set = matcher.setNumber(own);
      } else if (e.set !== undefined) set = matcher.setNumber(e.set);
      exclusions.push({ id: e.id, kind: e.kind, factor: e.factor, within: e.within, set });
    }
  }
  const ruleSet = new Uint8Array(matcher.setIds.length);
  const rulesOf: number[][] = matcher.setIds.map(() => []);
  rules.forEach((r, i) => {
    ruleSet[r.a] = 1;
    rulesOf[r.a]!.push(i);
  });
  const scratch: Occurrence[][] = matcher.setIds.map(() => []);
  return {
    id: source.index.lexicon,
    version: source.index.version,
    threshold: source.index.threshold,
    matcher,
    rules,
    exclusions,
    ruleSet,
    rulesOf,
    scratch,
  };
}

/** A matched range of the original text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An exclusion that lowered a flag's score, and by how much. */
export interface AppliedExclusion {
  readonly id: string;
  readonly kind: ExclusionKind;
  readonly factor: number;
}

/** One rule's hits in a text, explained. */
export interface Flag {
  readonly category: Category;
  /** 0..1, for ranking: 1 − Π(1 − weight × attenuation) over the rule's hits. */
  readonly score: number;
  readonly rule: string;
  readonly spans: readonly Span[];
  readonly language: LanguageCode;
  readonly weight: number;
  readonly hits: number;
  readonly exclusions: readonly AppliedExclusion[];
  readonly lexicon: string;
  readonly lexiconVersion: string;
  /** Machine output is a suggestion until a person reviews it (R14). */
  readonly status: 'suggested';
}

/** What the indicator pass needs about a text: its folded form, tokens and segment languages. */
export interface IndicatorInput {
  readonly normalised: NormalisedText;
  /** Tokens of `normalised.text` (`scanTokens`). */
  readonly tokens: TokenStream;
  /** Language at an original offset (per segment). */
  readonly languageAt: (offset: number) => LanguageCode;
}

export interface IndicatorResult {
  readonly flags: Flag[];
  /** Flags whose score fell under the lexicon threshold because of exclusions. */
  readonly suppressed: Flag[];
}

interface Hit {
  tokenStart: number;
  tokenEnd: number;
  parts: Array<{ tokenStart: number; tokenEnd: number }>;
}

/** Index of the first occurrence in `list` (ordered by start token) starting at or after `t`. */
function firstStartingAt(list: readonly Occurrence[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.tokenStart < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether some cue in `cues` (ordered by start token) is within `within` tokens of `hit`. */
function cueNear(
  maxTermTokens: number,
  cues: readonly Occurrence[],
  hit: { tokenStart: number; tokenEnd: number },
  within: number | undefined,
): boolean {
  if (within === undefined) return cues.length > 0;
  // A cue within reach starts no earlier than hit.start − within − (its own length).
  for (
    let k = firstStartingAt(cues, hit.tokenStart - within - maxTermTokens);
    k < cues.length;
    k++
  ) {
    const c = cues[k]!;
    if (c.tokenStart > hit.tokenEnd + within) break;
    if (gap(c, hit) <= within) return true;
  }
  return false;
}

const gap = (
  a: { tokenStart: number; tokenEnd: number },
  b: { tokenStart: number; tokenEnd: number },
) => Math.max(0, Math.max(a.tokenStart, b.tokenStart) - Math.min(a.tokenEnd, b.tokenEnd));

/**
 * Overlapping hits of one rule are one hit ("ayo bergabung" and "bergabung dengan" are the same
 * call to action): merge them so repetition, not overlap, raises the score.
 */
const byStartLongestFirst = (x: Hit, y: Hit) =>
  x.tokenStart - y.tokenStart || y.tokenEnd - x.tokenEnd;

function mergeOverlapping(hits: Hit[]): Hit[] {
  const sorted = sortSmall(hits.slice(), byStartLongestFirst);
  const out: Hit[] = [];
  for (const h of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && h.tokenStart < last.tokenEnd) {
      last.tokenEnd = Math.max(last.tokenEnd, h.tokenEnd);
      last.parts.push(...h.parts);
    } else out.push({ tokenStart: h.tokenStart, tokenEnd: h.tokenEnd, parts: [...h.parts] });
  }
  return out;
}

/** The original range of tokens `[tokenStart, tokenEnd)`. */
const toOriginal = (
  normalised: NormalisedText,
  tokens: TokenStream,
  tokenStart: number,
  tokenEnd: number,
) => originalRange(normalised, tokens.start[tokenStart]!, tokens.end[tokenEnd - 1]!);

const ascending = (x: number, y: number) => x - y;
const spanOrder = (x: Span, y: Span) => x.start - y.start || y.end - x.end;
const flagOrder = (x: Flag, y: Flag) => y.score - x.score || x.rule.localeCompare(y.rule);

/**
 * Whether `spans` holds `[start, end)`. A short list is searched; a long one (a whole file as one
 * text) is indexed in `keys`, which the caller keeps with the list and passes back each time.
 */
function hasSpan(spans: readonly Span[], keys: Set<string>, start: number, end: number): boolean {
  if (spans.length < 32) {
    for (const sp of spans) if (sp.start === start && sp.end === end) return true;
    return false;
  }
  if (keys.size === 0) for (const sp of spans) keys.add(`${sp.start}:${sp.end}`);
  const key = `${start}:${end}`;
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
}

/** Evaluate the rules whose sets occur (`present`) into `flags` and `suppressed`. */
function collectFlags(
  lexicon: CompiledLexicon,
  input: IndicatorInput,
  bySet: readonly Occurrence[][],
  present: readonly number[],
  flags: Flag[],
  suppressed: Flag[],
): void {
  // Only rules whose first set occurs can hit; visit them in lexicon order.
  const candidates: number[] = [];
  for (const set of present) for (const r of lexicon.rulesOf[set]!) candidates.push(r);
  sortSmall(candidates, ascending);
  let quotes: Array<[number, number]> | null = null;
  const { maxTermTokens } = lexicon.matcher;
  const { normalised, tokens } = input;

  for (const r of candidates) {
    const rule = lexicon.rules[r]!;
    const as = bySet[rule.a]!;
    const hits: Hit[] = [];
    if (rule.kind === 'terms') {
      for (const o of as) hits.push({ tokenStart: o.tokenStart, tokenEnd: o.tokenEnd, parts: [o] });
    } else {
      const bs = bySet[rule.b]!;
      if (bs.length === 0) continue;
      for (const a of as) {
        // The nearest partner explains the hit best; one hit per call-to-action occurrence.
        let best: Occurrence | undefined;
        // Only partners starting within reach can be within `within` tokens (list order kept).
        const from = firstStartingAt(bs, a.tokenStart - rule.within - maxTermTokens);
        for (let k = from; k < bs.length; k++) {
          const b = bs[k]!;
          if (b.tokenStart > a.tokenEnd + rule.within) break;
          if (b.tokenStart === a.tokenStart && b.tokenEnd === a.tokenEnd) continue;
          if (gap(a, b) > rule.within) continue;
          // Nearest partner first; among equally near ones the longest ("daulah islamiyah").
          if (
            best === undefined ||
            gap(a, b) < gap(a, best) ||
            (gap(a, b) === gap(a, best) &&
              b.tokenEnd - b.tokenStart > best.tokenEnd - best.tokenStart)
          ) {
            best = b;
          }
        }
        if (best !== undefined) {
          const parts = a.tokenStart <= best.tokenStart ? [a, best] : [best, a];
          hits.push({
            tokenStart: Math.min(a.tokenStart, best.tokenStart),
            tokenEnd: Math.max(a.tokenEnd, best.tokenEnd),
            parts,
          });
        }
      }
    }
    if (hits.length === 0) continue;
    const merged = mergeOverlapping(hits);

    // Exclusions in order of first application, each once.
    const applied: AppliedExclusion[] = [];
    let keep = 1;
    const spans: Span[] = [];
    const spanKeys = new Set<string>();
    for (const hit of merged) {
      let factor = 1;
      const range = toOriginal(normalised, tokens, hit.tokenStart, hit.tokenEnd);
      for (const ex of lexicon.exclusions) {
        let covers = false;
        if (ex.kind === 'quotation' && ex.set === undefined) {
          quotes ??= quotedRanges(normalised.original);
          covers = insideRange(quotes, range.start, range.end);
        } else {
          const cues = ex.set === undefined ? undefined : bySet[ex.set]!;
          if (cues !== undefined && cues.length > 0) {
            const near = cueNear(maxTermTokens, cues, hit, ex.within);
            if (ex.kind === 'quotation') {
              // A quotation with attribution cues: the hit must be quoted AND attributed nearby.
              quotes ??= quotedRanges(normalised.original);
              covers = near && insideRange(quotes, range.start, range.end);
            } else covers = near;
          }
        }
        if (covers) {
          factor *= ex.factor;
          if (!applied.some((a) => a.id === ex.id))
            applied.push({ id: ex.id, kind: ex.kind, factor: ex.factor });
        }
      }
      keep *= 1 - rule.weight * factor;
      for (const part of hit.parts) {
        const r = toOriginal(normalised, tokens, part.tokenStart, part.tokenEnd);
        // Each distinct range once (a hit's parts may repeat another hit's): a short list is
        // searched, a long one (a whole file as one text) indexed.
        if (!hasSpan(spans, spanKeys, r.start, r.end)) {
          spans.push({
            start: r.start,
            end: r.end,
            text: normalised.original.slice(r.start, r.end),
          });
        }
      }
    }
    // A span inside another ("join" inside "join the") adds nothing for the reader. Sorted by
    // start, longest first, a span lies inside another exactly when an earlier one reaches as
    // far (spans are distinct, so a later one starting at the same offset is shorter).
    sortSmall(spans, spanOrder);
    const shown: Span[] = [];
    let reach = -1;
    for (const sp of spans) {
      if (sp.end > reach) shown.push(sp);
      reach = Math.max(reach, sp.end);
    }
    const score = Math.round((1 - keep) * 1000) / 1000;
    const flag: Flag = {
      category: rule.category,
      score,
      rule: rule.id,
      spans: shown,
      language: rule.language === 'any' ? input.languageAt(shown[0]!.start) : rule.language,
      weight: rule.weight,
      hits: merged.length,
      exclusions: applied,
      lexicon: lexicon.id,
      lexiconVersion: lexicon.version,
      status: 'suggested',
    };
    if (score >= lexicon.threshold) flags.push(flag);
    else suppressed.push(flag);
  }
}

/**
 * Run every rule of `lexicon` over one text.
 *
 * @example
 * const { flags } = detectIndicators(compiled, { normalised, tokens, languageAt });
 */
export function detectIndicators(lexicon: CompiledLexicon, input: IndicatorInput): IndicatorResult {
  // The scan usually left the folded units with the tokens: then the folded string is not needed.
  const { tokens } = input;
  const occurrences =
    tokens.units !== undefined && tokens.units !== null
      ? lexicon.matcher.findInUnits(tokens.units, tokens)
      : lexicon.matcher.find(input.normalised.text, tokens);
  const flags: Flag[] = [];
  const suppressed: Flag[] = [];
  // Most texts hold no term at all, or only exclusion cues: no rule can fire.
  let anyRule = false;
  for (const o of occurrences) if (lexicon.ruleSet[o.set] === 1) anyRule = true;
  if (!anyRule) return { flags, suppressed };
  // Per set, its occurrences in order of start token (the matcher's order), in the lexicon's
  // reusable per-set lists (emptied again below, whatever happens).
  const bySet = lexicon.scratch;
  const present: number[] = [];
  for (const o of occurrences) {
    const list = bySet[o.set]!;
    if (list.length === 0) present.push(o.set);
    list.push(o);
  }
  try {
    collectFlags(lexicon, input, bySet, present, flags, suppressed);
  } finally {
    for (const set of present) bySet[set]!.length = 0;
  }
  return { flags: sortSmall(flags, flagOrder), suppressed: sortSmall(suppressed, flagOrder) };
}
