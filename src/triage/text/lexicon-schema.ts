/**
 * @module The shape of lexicon files (YAML data an agency can edit), validated with zod so a bad
 * edit fails on load with the file, the path inside it and what was expected.
 */
import { z } from 'zod';

/** The six UNODC uses of the Internet for terrorist purposes (UNODC 2012, Ch. I; R27). */
export const CATEGORIES = [
  'recruitment',
  'financing',
  'propaganda',
  'training',
  'incitement',
  'information_gathering',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Languages the shipped lexicons and the language identifier cover (ISO 639-1). */
export const SUPPORTED_LANGUAGES = ['en', 'ar', 'ur', 'id', 'ms', 'tl'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
/** `und`: undetermined (too short, or none of the supported languages). */
export type LanguageCode = SupportedLanguage | 'und';

/** Ways text can be about terrorism without being terrorist content. */
export const EXCLUSION_KINDS = ['news_reporting', 'counter_speech', 'quotation'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected an id of lower-case letters, digits, "_", "." or "-"');
const term = z.string().trim().min(1, 'expected a non-empty term');
const terms = z.array(term).min(1, 'expected at least one term');
const fileLanguage = z.enum([...SUPPORTED_LANGUAGES, 'any']);

/** `lexicons/index.yaml`: the lexicon's identity, version and the files it is made of. */
export const lexiconIndexSchema = z
  .object({
    lexicon: id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a semantic version such as 1.2.0'),
    description: z.string().optional(),
    /** Flags whose score falls below this after exclusions are reported as suppressed. */
    threshold: z.number().min(0).max(1).default(0.2),
    files: z.array(z.string().regex(/^[\w.-]+\.ya?ml$/, 'expected a .yaml file name')).min(1),
  })
  .strict();
export type LexiconIndex = z.infer<typeof lexiconIndexSchema>;

const termSetSchema = z.object({ id, description: z.string().optional(), terms }).strict();

const ruleSchema = z
  .object({
    id,
    category: z.enum(CATEGORIES),
    weight: z.number().gt(0).max(1),
    description: z.string().optional(),
    /** Inline terms: phrases of whole words; a word ending in `*` matches as a prefix. */
    terms: terms.optional(),
    /** Or a named term set. */
    set: id.optional(),
    /** Or proximity: a term of set `a` within `within` tokens of a term of set `b`. */
    near: z
      .object({ a: id, b: id, within: z.number().int().min(0).max(50) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((r) => [r.terms, r.set, r.near].filter((x) => x !== undefined).length === 1, {
    message: 'expected exactly one of `terms`, `set` or `near`',
  });
export type RuleSpec = z.infer<typeof ruleSchema>;

const exclusionSchema = z
  .object({
    id,
    kind: z.enum(EXCLUSION_KINDS),
    /** Multiplies the weight of every hit the exclusion covers (0 removes it). */
    factor: z.number().min(0).max(1),
    /** Cue within this many tokens of the hit; absent: anywhere in the text. */
    within: z.number().int().min(0).max(200).optional(),
    description: z.string().optional(),
    terms: terms.optional(),
    set: id.optional(),
  })
  .strict()
  .refine((e) => e.kind === 'quotation' || (e.terms === undefined) !== (e.set === undefined), {
    message: 'expected exactly one of `terms` or `set` (only `quotation` may have neither)',
  });
export type ExclusionSpec = z.infer<typeof exclusionSchema>;

/** One lexicon file: term sets, rules and exclusions for one language (or `any`). */
export const lexiconFileSchema = z
  .object({
    language: fileLanguage,
    sets: z.array(termSetSchema).default([]),
    rules: z.array(ruleSchema).default([]),
    exclusions: z.array(exclusionSchema).default([]),
  })
  .strict();
export type LexiconFile = z.infer<typeof lexiconFileSchema>;
