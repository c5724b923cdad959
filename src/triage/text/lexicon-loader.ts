/**
 * @module Loads a lexicon directory (index.yaml + the files it lists), validates every file and
 * every cross-reference, and reports each problem with the file, the path and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { lexiconFileSchema, lexiconIndexSchema } from './lexicon-schema.js';
import type { LexiconFile, LexiconIndex } from './lexicon-schema.js';

/** A validated lexicon as data, before compilation. */
export interface LexiconSource {
  readonly index: LexiconIndex;
  readonly files: ReadonlyArray<{ readonly name: string; readonly data: LexiconFile }>;
}

/**
 * The shipped lexicon directory. Under vitest the module runs from `src/triage/text/`; after
 * `tsc` it runs from `dist/triage/text/`, where the build copies `src/triage/lexicons/` beside
 * it. If that copy is missing, walk up to the folder holding package.json and use the source.
 */
export function defaultLexiconDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.resolve(here, '../lexicons');
  if (existsSync(path.join(sibling, 'index.yaml'))) return sibling;
  let dir = here;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'src/triage/lexicons');
    const up = path.dirname(dir);
    if (up === dir) return sibling;
    dir = up;
  }
}

const describeIssues = (file: string, error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
      return `${file}: ${where}: ${issue.message}`;
    })
    .join('\n');

function readYaml(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw invalidInput(`cannot read lexicon file ${file}`, {
      cause,
      hint: 'check that the lexicon directory holds index.yaml and every file it lists',
    });
  }
  try {
    return parseYaml(raw) as unknown;
  } catch (cause) {
    throw invalidInput(`${file}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
}

/** Validate already-parsed lexicon data (used by the loader and by tests). */
export function validateLexicon(
  index: unknown,
  files: ReadonlyArray<{ name: string; data: unknown }>,
  indexName = 'index.yaml',
): LexiconSource {
  const problems: string[] = [];
  const parsedIndex = lexiconIndexSchema.safeParse(index);
  if (!parsedIndex.success) problems.push(describeIssues(indexName, parsedIndex.error));
  const parsedFiles: Array<{ name: string; data: LexiconFile }> = [];
  for (const f of files) {
    const parsed = lexiconFileSchema.safeParse(f.data);
    if (parsed.success) parsedFiles.push({ name: f.name, data: parsed.data });
    else problems.push(describeIssues(f.name, parsed.error));
  }
  if (problems.length === 0) problems.push(...crossCheck(parsedFiles));
  if (problems.length > 0 || !parsedIndex.success) {
    throw invalidInput(`lexicon is invalid:\n${problems.join('\n')}`, {
      hint: 'fix the listed entries; see docs/triage.md for the lexicon format',
      details: { problems },
    });
  }
  return { index: parsedIndex.data, files: parsedFiles };
}

/** Ids are unique across the lexicon, and every set a rule or exclusion names exists. */
function crossCheck(files: ReadonlyArray<{ name: string; data: LexiconFile }>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const setIds = new Set<string>();
  const claim = (kind: string, value: string, where: string) => {
    const key = `${kind}:${value}`;
    const before = seen.get(key);
    if (before !== undefined)
      problems.push(`${where}: duplicate ${kind} id "${value}" (first defined at ${before})`);
    else seen.set(key, where);
  };
  for (const { name, data } of files) {
    data.sets.forEach((s, i) => {
      claim('set', s.id, `${name}: sets.${i}.id`);
      setIds.add(s.id);
    });
    data.rules.forEach((r, i) => claim('rule', r.id, `${name}: rules.${i}.id`));
    data.exclusions.forEach((e, i) => claim('exclusion', e.id, `${name}: exclusions.${i}.id`));
  }
  const known = () => [...setIds].sort().join(', ');
  const needSet = (value: string, where: string) => {
    if (!setIds.has(value))
      problems.push(`${where}: unknown set "${value}"; expected one of: ${known()}`);
  };
  for (const { name, data } of files) {
    data.rules.forEach((r, i) => {
      if (r.set !== undefined) needSet(r.set, `${name}: rules.${i}.set`);
      if (r.near !== undefined) {
        needSet(r.near.a, `${name}: rules.${i}.near.a`);
        needSet(r.near.b, `${name}: rules.${i}.near.b`);
      }
    });
    data.exclusions.forEach((e, i) => {
      if (e.set !== undefined) needSet(e.set, `${name}: exclusions.${i}.set`);
    });
  }
  return problems;
}

/**
 * Load and validate the lexicon in `dir` (default: the shipped one).
 *
 * @example
 * const source = loadLexicon(); // throws VigilError('invalid_input') naming file and path
 */
export function loadLexicon(dir: string = defaultLexiconDir()): LexiconSource {
  const indexFile = path.join(dir, 'index.yaml');
  if (!existsSync(indexFile)) {
    throw invalidInput(`no lexicon index at ${indexFile}`, {
      hint: 'a lexicon directory holds index.yaml listing its files (see docs/triage.md)',
    });
  }
  const index = readYaml(indexFile);
  const parsedIndex = lexiconIndexSchema.safeParse(index);
  if (!parsedIndex.success) {
    throw invalidInput(`lexicon is invalid:\n${describeIssues(indexFile, parsedIndex.error)}`, {
      hint: 'fix index.yaml; see docs/triage.md for the lexicon format',
    });
  }
  const files = parsedIndex.data.files.map((name) => ({
    name: path.join(dir, name),
    data: readYaml(path.join(dir, name)),
  }));
  return validateLexicon(index, files, indexFile);
}
