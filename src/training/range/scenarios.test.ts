import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/paths.js';
import { generateCorpus } from './corpus.js';
import {
  defaultScenarioDir,
  formatBriefing,
  loadScenarios,
  packageRoot,
  parseScenario,
  resolveAnswerKey,
} from './scenarios.js';
import { exportTruth } from './truth.js';
import { CATEGORIES } from './vocab.js';

describe('scenario packs', () => {
  const scenarios = loadScenarios();

  it('finds scenarios/ beside package.json by walking up from the module', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
    expect(defaultScenarioDir()).toBe(path.join(REPO_ROOT, 'scenarios'));
  });

  it('ships at least seven valid packs: one per category and a cross-platform, multilingual capstone', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
    for (const category of CATEGORIES) {
      expect(
        scenarios.some((s) => s.categories.length === 1 && s.categories[0] === category),
        category,
      ).toBe(true);
    }
    const capstone = scenarios.find((s) => s.name.startsWith('capstone'));
    expect(capstone?.languages.length).toBeGreaterThanOrEqual(3);
    expect(new Set(capstone?.tasks.map((t) => t.kind))).toContain('follow_link');
    expect(new Set(capstone?.tasks.map((t) => t.kind))).toContain('capture_before_removal');
  });

  it('resolves every answer key against each variant, with different answers per trainee (R24)', () => {
    const a = exportTruth(generateCorpus(42, 'trainee-a'));
    const b = exportTruth(generateCorpus(42, 'trainee-b'));
    for (const scenario of scenarios) {
      const ka = resolveAnswerKey(scenario, a);
      const kb = resolveAnswerKey(scenario, b);
      expect(ka.map((k) => k.taskId)).toEqual(scenario.tasks.map((t) => t.id));
      for (const [i, answer] of ka.entries()) {
        expect(answer.accept.length, `${scenario.name}/${answer.taskId}`).toBeGreaterThan(0);
        const other = kb[i];
        if (answer.kind !== 'classify')
          expect(answer.accept, `${scenario.name}/${answer.taskId}`).not.toEqual(other?.accept);
      }
    }
    const financing = scenarios.find((s) => s.name === 'financing-follow-the-money');
    const edited = resolveAnswerKey(financing ?? scenarios[0]!, a).find(
      (k) => k.taskId === 'edited-wallet',
    );
    const post = a.posts.find((p) => p.id === edited?.postId);
    expect(
      edited?.accept.every((w) =>
        post?.entities.some((e) => e.value === w && e.where === 'edit_history'),
      ),
    ).toBe(true);
  });

  it('prints a briefing with the legal basis and tasks but no answers', () => {
    const truth = exportTruth(generateCorpus(42));
    for (const scenario of scenarios) {
      const text = formatBriefing(scenario);
      expect(text).toContain(scenario.title);
      expect(text).toContain('Legal basis (required)');
      for (const task of scenario.tasks) expect(text).toContain(task.prompt);
      // A pack's categories are public (listed by `vigil range scenarios`); entity and URL answers are not.
      for (const answer of resolveAnswerKey(scenario, truth)) {
        if (answer.kind === 'classify') continue;
        for (const value of answer.accept) expect(text).not.toContain(value);
      }
      expect(text).not.toMatch(/anchor/);
    }
  });

  it('rejects invalid packs with errors that name the file and the field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-scenarios-'));
    try {
      const good = scenarios[0];
      expect(good).toBeDefined();
      const yaml = (await import('yaml')).stringify({
        ...good,
        tasks: [{ ...good?.tasks[0], answer: { anchor: 'no-such-post' } }],
      });
      const file = path.join(dir, `${good?.name ?? 'x'}.yaml`);
      await writeFile(file, yaml);
      expect(() => loadScenarios(dir)).toThrow(
        /invalid:\n\s+tasks\[0\]\.answer\.anchor: unknown anchor "no-such-post"/,
      );
      expect(() => parseScenario('name: x\n', 'x.yaml')).toThrow(/x\.yaml is invalid/);
      expect(() => parseScenario(': : :\n  - [', 'broken.yaml')).toThrow(
        /broken\.yaml is not valid YAML/,
      );
      const weights = (await import('yaml')).stringify({
        ...good,
        rubric: { ...good?.rubric, weights: { preservation: 0.9, conduct: 0.3 } },
      });
      expect(() => parseScenario(weights, `${good?.name ?? ''}.yaml`)).toThrow(
        /rubric\.weights: rubric weights must add up to 1/,
      );
      const renamed = (await import('yaml')).stringify(good);
      expect(() => parseScenario(renamed, 'other-name.yaml')).toThrow(/must be named/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
