/**
 * @module Site profiles: data files (JSON or YAML) that say how to read a post, profile or
 * channel on one platform as structured JSON. Agencies update the files when a platform changes;
 * no code changes. Validated on load with zod; chosen by URL pattern.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { invalidInput } from '../core/errors.js';

/** Fields a profile may fill, a fixed vocabulary so packages and exports agree on names. */
export const STRUCTURED_FIELDS = [
  'kind',
  'url',
  'title',
  'author',
  'authorId',
  'handle',
  'postId',
  'postedAt',
  'postedAtShown',
  'timezoneShown',
  'text',
  'language',
] as const;
export type StructuredField = (typeof STRUCTURED_FIELDS)[number];

/** Count names a profile may fill. */
export const COUNT_FIELDS = [
  'likes',
  'shares',
  'replies',
  'views',
  'followers',
  'following',
  'posts',
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

const path$ = z
  .string()
  .regex(/^[A-Za-z@_$][\w@$]*(\.[A-Za-z@_$][\w@$]*|\.\d+)*$/, 'a dotted path like author.name');

/** One way of finding a value; a field lists several and the first non-empty one wins. */
const ExtractorSchema = z.union([
  z.strictObject({ css: z.string().min(1), attr: z.string().min(1).optional() }),
  z.strictObject({ meta: z.string().min(1) }),
  z.strictObject({ jsonld: path$, type: z.string().min(1).optional() }),
  z.strictObject({ microdata: path$, itemtype: z.string().min(1).optional() }),
]);
export type Extractor = z.infer<typeof ExtractorSchema>;

const ExtractorList = z.array(ExtractorSchema).min(1);

const fieldsShape = Object.fromEntries(
  STRUCTURED_FIELDS.map((f) => [f, ExtractorList.optional()]),
) as Record<StructuredField, z.ZodOptional<typeof ExtractorList>>;
const countsShape = Object.fromEntries(
  COUNT_FIELDS.map((f) => [f, ExtractorList.optional()]),
) as Record<CountField, z.ZodOptional<typeof ExtractorList>>;

const RelativeCss = z.strictObject({ css: z.string().min(1), attr: z.string().min(1).optional() });

export const SiteProfileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id'),
  name: z.string().min(1),
  version: z.number().int().positive(),
  description: z.string().optional(),
  /** Regular expressions tested against the full URL; any match selects the profile. */
  match: z
    .array(z.string().min(1))
    .min(1)
    .refine(
      (patterns) => patterns.every(isRegExp),
      'every match pattern must be a valid regular expression',
    ),
  /** Higher wins when several profiles match (the generic profile has 0). */
  priority: z.number().int().default(0),
  fields: z.strictObject(fieldsShape).default({}),
  counts: z.strictObject(countsShape).default({}),
  /** Media URLs: every match of every extractor (img src, og:image, JSON-LD image, …). */
  media: z.array(ExtractorSchema).default([]),
  replies: z
    .strictObject({
      container: z.string().min(1),
      max: z.number().int().positive().default(200),
      fields: z.partialRecord(z.enum(STRUCTURED_FIELDS), z.array(RelativeCss).min(1)),
    })
    .optional(),
  /** Deletion detection: the page shows this element or this text when the content is gone. */
  removed: z
    .strictObject({ selector: z.string().min(1).optional(), text: z.string().min(1).optional() })
    .refine(
      (r) => r.selector !== undefined || r.text !== undefined,
      'removed needs a selector or a text',
    )
    .optional(),
});
export type SiteProfile = z.infer<typeof SiteProfileSchema>;

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** What a profile extracted from a page, with the extractor that produced each field. */
export interface StructuredCapture {
  profile: { id: string; version: number };
  fields: Partial<Record<StructuredField, string>>;
  counts: Partial<Record<CountField, number>>;
  media: string[];
  replies: Partial<Record<StructuredField, string>>[];
  removed: boolean;
  /** For each field, which extractor found it (e.g. `jsonld:author.name`): explainability. */
  sources: Record<string, string>;
}

/**
 * Validates a parsed profile document; the error names the file and the failing path.
 *
 * @example
 * parseSiteProfile(JSON.parse(text), 'profiles/generic.json');
 */
export function parseSiteProfile(data: unknown, origin: string): SiteProfile {
  const result = SiteProfileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw invalidInput(`site profile ${origin} is invalid: ${problems}`, {
      hint: 'fix the profile file (see docs/capture.md, "Site profiles") and try again',
      details: { origin, issues: result.error.issues },
    });
  }
  return result.data;
}

/** Reads and validates one `.json`, `.yaml` or `.yml` profile file. */
export async function loadSiteProfile(file: string): Promise<SiteProfile> {
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw invalidInput(
      `site profile ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}`,
      {
        cause,
        hint: 'check the syntax of the file',
      },
    );
  }
  return parseSiteProfile(data, file);
}

/** Loads every profile in a directory; duplicate ids are an error. */
export async function loadSiteProfiles(dir: string): Promise<SiteProfile[]> {
  const names = (await readdir(dir)).filter((n) => /\.(json|ya?ml)$/i.test(n)).sort();
  const profiles = await Promise.all(names.map((n) => loadSiteProfile(path.join(dir, n))));
  const seen = new Set<string>();
  for (const p of profiles) {
    if (seen.has(p.id)) throw invalidInput(`two site profiles in ${dir} share the id "${p.id}"`);
    seen.add(p.id);
  }
  return profiles;
}

/** The directory of profiles shipped with Vigil. */
export const BUNDLED_PROFILES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'profiles',
);

/** The profiles shipped with Vigil (generic + training range). */
export const loadBundledProfiles = (): Promise<SiteProfile[]> =>
  loadSiteProfiles(BUNDLED_PROFILES_DIR);

/** The highest-priority profile whose pattern matches `url`, or null. Ties go to the id order. */
export function selectProfile(url: string, profiles: readonly SiteProfile[]): SiteProfile | null {
  const matching = profiles.filter((p) => p.match.some((m) => new RegExp(m).test(url)));
  matching.sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  return matching[0] ?? null;
}
