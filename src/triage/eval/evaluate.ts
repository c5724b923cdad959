/**
 * @module Evaluation of text indicators against a labelled corpus: precision and recall per
 * category and per language, with the held-out split reported apart from the development split.
 * The corpus is Vigil's fixture corpus until the training range provides ground truth
 * (`vigil range truth`), which uses the same item shape.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { analyzeText } from '../text/analyze-text.js';
import type { AnalyzeOptions } from '../text/analyze-text.js';
import { CATEGORIES } from '../text/lexicon-schema.js';
import type { Category } from '../text/lexicon-schema.js';

export const SPLITS = ['dev', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

const itemSchema = z
  .object({
    id: z.string().min(1),
    split: z.enum(SPLITS),
    language: z.string().min(2),
    labels: z.array(z.enum(CATEGORIES)),
    text: z.string(),
  })
  .strict();
export type LabelledItem = z.infer<typeof itemSchema>;

/** Counts and ratios for one slice; precision/recall are null when undefined (0/0). */
export interface Score {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number | null;
  readonly recall: number | null;
}

export interface SplitReport {
  readonly items: number;
  readonly overall: Score;
  readonly byCategory: Record<Category, Score>;
  readonly byLanguage: Record<string, Score>;
  /** Benign items (no label) that received any flag. */
  readonly falsePositiveItems: string[];
  /** (item, category) pairs the indicators missed. */
  readonly misses: Array<{ id: string; category: Category }>;
}

export interface EvaluationReport {
  readonly corpus: string;
  readonly engine: { lexicon: string; lexiconVersion: string; version: string };
  readonly splits: Record<Split, SplitReport>;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const score = (c: { tp: number; fp: number; fn: number }): Score => ({
  ...c,
  precision: ratio(c.tp, c.tp + c.fp),
  recall: ratio(c.tp, c.tp + c.fn),
});

/** The fixture corpus shipped with Vigil (resolved from the repository root). */
export function defaultCorpusPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')))
      return path.join(dir, 'src/triage/eval/fixtures/corpus.yaml');
    const up = path.dirname(dir);
    if (up === dir)
      throw invalidInput('cannot find the repository root to locate the fixture corpus');
    dir = up;
  }
}

/** Load a corpus: YAML `{items: [...]}` or JSON Lines of items. Invalid items are named by id or line. */
export function loadCorpus(file: string): LabelledItem[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw invalidInput(`cannot read corpus ${file}`, { cause });
  }
  const rows: Array<{ where: string; value: unknown }> = [];
  if (file.endsWith('.jsonl')) {
    raw.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        rows.push({ where: `line ${i + 1}`, value: JSON.parse(line) as unknown });
      } catch {
        throw invalidInput(`${file}: line ${i + 1}: not valid JSON`);
      }
    });
  } else {
    const doc = parseYaml(raw) as { items?: unknown };
    if (!Array.isArray(doc?.items))
      throw invalidInput(`${file}: expected a top-level "items" list`);
    doc.items.forEach((value: unknown, i: number) => rows.push({ where: `items.${i}`, value }));
  }
  const problems: string[] = [];
  const items: LabelledItem[] = [];
  for (const row of rows) {
    const parsed = itemSchema.safeParse(row.value);
    if (parsed.success) items.push(parsed.data);
    else
      problems.push(
        ...parsed.error.issues.map(
          (i) => `${file}: ${row.where}.${i.path.join('.')}: ${i.message}`,
        ),
      );
  }
  if (problems.length > 0) throw invalidInput(`corpus is invalid:\n${problems.join('\n')}`);
  return items;
}

/**
 * Score the indicators on labelled items. An item is predicted positive for a category when
 * at least one flag of that category survives exclusions and the lexicon threshold.
 */
export function evaluate(
  items: readonly LabelledItem[],
  options: AnalyzeOptions & { corpus?: string } = {},
): EvaluationReport {
  let engine = { lexicon: '', lexiconVersion: '', version: '' };
  const build = (split: Split): SplitReport => {
    const chosen = items.filter((i) => i.split === split);
    const cat = Object.fromEntries(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }])) as Record<
      Category,
      { tp: number; fp: number; fn: number }
    >;
    const lang: Record<string, { tp: number; fp: number; fn: number }> = {};
    const all = { tp: 0, fp: 0, fn: 0 };
    const falsePositiveItems: string[] = [];
    const misses: Array<{ id: string; category: Category }> = [];
    for (const item of chosen) {
      const result = analyzeText(item.text, options);
      engine = {
        lexicon: result.engine.lexicon,
        lexiconVersion: result.engine.lexiconVersion,
        version: result.engine.version,
      };
      const predicted = new Set(result.flags.map((f) => f.category));
      const truth = new Set(item.labels);
      const l = (lang[item.language] ??= { tp: 0, fp: 0, fn: 0 });
      if (truth.size === 0 && predicted.size > 0) falsePositiveItems.push(item.id);
      for (const c of CATEGORIES) {
        const kind = predicted.has(c)
          ? truth.has(c)
            ? 'tp'
            : 'fp'
          : truth.has(c)
            ? 'fn'
            : undefined;
        if (kind === undefined) continue;
        cat[c][kind]++;
        l[kind]++;
        all[kind]++;
        if (kind === 'fn') misses.push({ id: item.id, category: c });
      }
    }
    return {
      items: chosen.length,
      overall: score(all),
      byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, score(cat[c])])) as Record<
        Category,
        Score
      >,
      byLanguage: Object.fromEntries(
        Object.entries(lang)
          .sort()
          .map(([k, v]) => [k, score(v)]),
      ),
      falsePositiveItems,
      misses,
    };
  };
  const splits = { dev: build('dev'), heldout: build('heldout') };
  return { corpus: options.corpus ?? '(in memory)', engine, splits };
}

const pct = (v: number | null) => (v === null ? '   n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** A plain-text table of the report for a terminal. */
export function formatReport(report: EvaluationReport): string {
  const lines: string[] = [
    `Text indicators — ${report.engine.lexicon} ${report.engine.lexiconVersion} (engine ${report.engine.version})`,
    `corpus: ${report.corpus}`,
  ];
  for (const split of SPLITS) {
    const r = report.splits[split];
    lines.push(
      '',
      `== ${split} (${r.items} items) ==  precision ${pct(r.overall.precision)}  recall ${pct(r.overall.recall)}`,
    );
    lines.push('  category                precision  recall   tp  fp  fn');
    for (const [name, s] of Object.entries(r.byCategory)) {
      lines.push(
        `  ${name.padEnd(22)}  ${pct(s.precision)}   ${pct(s.recall)}  ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`,
      );
    }
    lines.push('  language                precision  recall   tp  fp  fn');
    for (const [name, s] of Object.entries(r.byLanguage)) {
      lines.push(
        `  ${name.padEnd(22)}  ${pct(s.precision)}   ${pct(s.recall)}  ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`,
      );
    }
    if (r.falsePositiveItems.length > 0)
      lines.push(`  benign items flagged: ${r.falsePositiveItems.join(', ')}`);
    if (r.misses.length > 0)
      lines.push(`  missed: ${r.misses.map((m) => `${m.id}/${m.category}`).join(', ')}`);
  }
  return lines.join('\n');
}
