/**
 * @module Turns engine output into the results triage stores: a text analysis into flags and
 * entities, a file's hash-list matches into matches that each raise a flag. Pure.
 */
import { VIGIL_VERSION } from '../core/version.js';
import type { Artifact } from '../evidence/types.js';
import type { HashMatch } from './hashlist/hashlist-service.js';
import type { TextAnalysis } from './text/analyze-text.js';
import { CATEGORIES } from './text/lexicon-schema.js';
import type { Category } from './text/lexicon-schema.js';
import type { RunResults } from './triage-ports.js';
import type { FlagDraft, ResultOrigin } from './triage-types.js';
import type { Span } from './text/indicators.js';

/** The UNODC use a list entry names with a `category:` label (R27), if any. */
export function categoryOf(labels: readonly string[]): Category | null {
  for (const label of labels) {
    const [key, value] = label.split(':', 2);
    if (key === 'category' && (CATEGORIES as readonly string[]).includes(value ?? ''))
      return value as Category;
  }
  return null;
}

/** Flags and entities of one analysed text, each pointing at the text it was read from. */
export function textDrafts(
  origin: ResultOrigin,
  analysis: TextAnalysis,
): { flags: FlagDraft[]; entities: RunResults['entities'][number][] } {
  const where = `${origin.artifactSha256}|${origin.path ?? ''}`;
  const flags = analysis.flags.map((f): FlagDraft => ({
    key: `text|${f.rule}|${where}`,
    source: 'text',
    category: f.category,
    score: f.score,
    rule: f.rule,
    spans: f.spans,
    language: f.language,
    weight: f.weight,
    hits: f.hits,
    exclusions: f.exclusions,
    lexicon: f.lexicon,
    lexiconVersion: f.lexiconVersion,
    list: null,
    origin,
    engine: { name: analysis.engine.name, version: analysis.engine.version },
  }));
  const entities = analysis.entities.map((e) => ({
    type: e.type,
    value: e.value,
    normalised: e.normalised,
    valid: e.valid,
    start: e.start,
    end: e.end,
    ...(e.region === undefined ? {} : { region: e.region }),
    ...(e.details === undefined ? {} : { details: e.details }),
    origin,
  }));
  return { flags, entities };
}

/**
 * One flag per list entry a file matched ("matches from a list raise a suggested flag on the
 * item with the list, label and distance"), and the match tied to it. `firstFlag` is the index
 * the first of these flags will have in the run's flag list.
 */
export function matchDrafts(
  artifact: Artifact,
  found: readonly (HashMatch & { quality?: number })[],
  firstFlag: number,
): { flags: FlagDraft[]; matches: RunResults['matches'][number][] } {
  const origin: ResultOrigin = { artifactSha256: artifact.sha256, role: artifact.role };
  const flags: FlagDraft[] = [];
  const matches: RunResults['matches'][number][] = [];
  for (const m of found) {
    const exact = m.via === 'sha256' || m.via === 'md5' || m.via === 'url';
    flags.push({
      key: `hashlist|${m.list}|${m.type}|${m.value}|${artifact.sha256}`,
      source: 'hashlist',
      category: categoryOf(m.labels),
      // The share of the 256 PDQ bits that agree (1 for an exact digest): ranks, never decides.
      score: Math.round((1 - m.distance / 256) * 1000) / 1000,
      rule: `hashlist:${m.list}`,
      spans: [],
      language: null,
      weight: null,
      hits: 1,
      exclusions: [],
      lexicon: null,
      lexiconVersion: null,
      list: m.list,
      origin,
      engine: { name: exact ? `vigil-${m.via}` : 'vigil-pdq', version: VIGIL_VERSION },
    });
    matches.push({
      flagIndex: firstFlag + flags.length - 1,
      list: m.list,
      type: m.type,
      value: m.value,
      distance: m.distance,
      labels: m.labels,
      provenance: m.provenance,
      via: m.via,
      ...(m.frame ? { frame: m.frame } : {}),
      ...(m.quality === undefined ? {} : { quality: m.quality }),
      origin,
    });
  }
  return { flags, matches };
}

/**
 * A span in its context for a reader: up to `width` characters either side, the match in
 * brackets, line breaks shown as spaces.
 *
 * @example
 * spanContext('Brothers, join us', { start: 10, end: 14, text: 'join' }); // 'Brothers, [join] us'
 */
export function spanContext(text: string, span: Span, width = 40): string {
  const from = Math.max(0, span.start - width);
  const to = Math.min(text.length, span.end + width);
  const flat = (part: string) => part.replace(/\s+/gu, ' ');
  const before = flat(text.slice(from, span.start)).trimStart();
  const after = flat(text.slice(span.end, to)).trimEnd();
  return `${from > 0 ? '…' : ''}${before}[${flat(text.slice(span.start, span.end))}]${after}${to < text.length && after.length > 0 ? '…' : ''}`;
}
