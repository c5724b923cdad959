/** @module Tests: precision/recall arithmetic, split separation and corpus validation. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInvalidInput } from '../../core/errors.js';
import { defaultCorpusPath, evaluate, formatReport, loadCorpus } from './evaluate.js';
import type { LabelledItem } from './evaluate.js';
import { runEval } from './run-eval.js';

const items: LabelledItem[] = [
  { id: 'a', split: 'dev', language: 'en', labels: ['incitement'], text: 'Kill the infidels now.' },
  {
    id: 'b',
    split: 'dev',
    language: 'en',
    labels: ['financing'],
    text: 'A perfectly ordinary sentence about lunch.',
  },
  { id: 'c', split: 'dev', language: 'en', labels: [], text: 'Take up arms and hunt them down.' },
  { id: 'd', split: 'heldout', language: 'ar', labels: ['incitement'], text: 'اقتلوا المرتدين' },
];

describe('evaluate', () => {
  it('counts true/false positives and misses per category, per language and per split', () => {
    const r = evaluate(items);
    const dev = r.splits.dev;
    expect(dev.items).toBe(3);
    expect(dev.byCategory.incitement).toEqual({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(dev.byCategory.financing).toEqual({ tp: 0, fp: 0, fn: 1, precision: null, recall: 0 });
    expect(dev.byLanguage.en).toEqual({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
    expect(dev.falsePositiveItems).toEqual(['c']);
    expect(dev.misses).toEqual([{ id: 'b', category: 'financing' }]);
    expect(r.splits.heldout.byLanguage).toEqual({
      ar: { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 },
    });
    expect(formatReport(r)).toContain('== heldout (1 items) ==');
  });

  it('validates the corpus and names the bad row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-eval-'));
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify(items[0])}\n${JSON.stringify({ ...items[0], labels: ['spam'] })}\n`,
    );
    expect(() => loadCorpus(file)).toThrow(/bad\.jsonl: line 2\.labels\.0/);
    try {
      loadCorpus(file);
    } catch (error) {
      expect(isInvalidInput(error)).toBe(true);
    }
  });

  it('runs over the shipped fixture corpus with both splits in every supported language', () => {
    const corpus = loadCorpus(defaultCorpusPath());
    for (const split of ['dev', 'heldout'] as const) {
      const langs = new Set(corpus.filter((i) => i.split === split).map((i) => i.language));
      for (const l of ['en', 'ar', 'ur', 'id', 'ms', 'tl']) expect(langs).toContain(l);
    }
    const { report, output } = runEval(['--json']);
    expect(JSON.parse(output)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.splits.dev.items + report.splits.heldout.items).toBe(corpus.length);
  });
});
