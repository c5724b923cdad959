/** @module Tests: lexicon validation names the file, the path and what was expected. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInvalidInput } from '../../core/errors.js';
import { loadLexicon, validateLexicon } from './lexicon-loader.js';

const index = { lexicon: 'test', version: '1.0.0', files: ['a.yaml'] };
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(isInvalidInput(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the lexicon to be rejected');
};

describe('lexicon loader', () => {
  it('loads and validates the shipped lexicon with its version', () => {
    const source = loadLexicon();
    expect(source.index.lexicon).toBe('vigil-core');
    expect(source.index.version).toMatch(/^\d+\.\d+\.\d+$/);
    const languages = new Set(source.files.map((f) => f.data.language));
    for (const l of ['en', 'ar', 'ur', 'tl', 'any']) expect(languages).toContain(l);
  });

  it('reports a bad field with file, path and the expectation', () => {
    const message = failure(() =>
      validateLexicon(index, [
        {
          name: 'a.yaml',
          data: {
            language: 'en',
            rules: [{ id: 'r1', category: 'spam', weight: 2, terms: ['x'] }],
          },
        },
      ]),
    );
    expect(message).toContain('a.yaml: rules.0.category');
    expect(message).toMatch(/expected one of .*recruitment/);
    expect(message).toContain('a.yaml: rules.0.weight');
  });

  it('rejects a rule with both terms and near, unknown sets and duplicate ids', () => {
    const both = failure(() =>
      validateLexicon(index, [
        {
          name: 'a.yaml',
          data: {
            language: 'en',
            rules: [{ id: 'r', category: 'financing', weight: 0.5, terms: ['x'], set: 's' }],
          },
        },
      ]),
    );
    expect(both).toContain('expected exactly one of `terms`, `set` or `near`');
    const refs = failure(() =>
      validateLexicon(index, [
        {
          name: 'a.yaml',
          data: {
            language: 'en',
            sets: [
              { id: 's', terms: ['a'] },
              { id: 's', terms: ['b'] },
            ],
            rules: [
              {
                id: 'r',
                category: 'financing',
                weight: 0.5,
                near: { a: 's', b: 'nope', within: 3 },
              },
            ],
          },
        },
      ]),
    );
    expect(refs).toContain('a.yaml: rules.0.near.b: unknown set "nope"; expected one of: s');
    expect(refs).toContain('a.yaml: sets.1.id: duplicate set id "s"');
  });

  it('names the file when YAML does not parse or the index is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-lex-'));
    expect(failure(() => loadLexicon(dir))).toContain('no lexicon index');
    writeFileSync(path.join(dir, 'index.yaml'), 'lexicon: t\nversion: 1.0.0\nfiles: [a.yaml]\n');
    writeFileSync(path.join(dir, 'a.yaml'), 'language: en\nrules: [unclosed\n');
    expect(failure(() => loadLexicon(dir))).toContain(
      `${path.join(dir, 'a.yaml')}: not valid YAML`,
    );
  });
});
