/**
 * @module Loading scenario packs from the top-level `scenarios/` folder, printing a briefing,
 * and resolving a pack's answer key against one variant's ground truth.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { invalidInput, notFound } from '../../core/errors.js';
import type { Scenario, ScenarioTask } from './scenario-schema.js';
import { scenarioSchema } from './scenario-schema.js';
import type { RangeTruth } from './truth.js';

/**
 * The folder holding package.json, found by walking up from this module: the same answer from
 * src/ under vitest and from dist/ after tsc.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw notFound(`no package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

export const defaultScenarioDir = (): string => path.join(packageRoot(), 'scenarios');

/** Parses and validates one pack; errors name the file and the failing field. */
export function parseScenario(text: string, source: string): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw invalidInput(`${source} is not valid YAML`, {
      cause,
      hint: 'check indentation and quoting',
    });
  }
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const where = issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      return `  ${where === '' ? '(root)' : where}: ${issue.message}`;
    });
    throw invalidInput(`scenario pack ${source} is invalid:\n${lines.join('\n')}`, {
      details: { issues: result.error.issues },
      hint: 'see docs/training-range.md, "Scenario pack schema"',
    });
  }
  if (path.basename(source, path.extname(source)) !== result.data.name) {
    throw invalidInput(
      `scenario pack ${source} declares name "${result.data.name}"; the file must be named ${result.data.name}.yaml`,
    );
  }
  return result.data;
}

/**
 * Every pack in `dir` (default: the package's `scenarios/`), sorted by name.
 *
 * @example
 * loadScenarios().map((s) => s.name) // ['capstone-…', 'financing-…', …]
 */
export function loadScenarios(dir: string = defaultScenarioDir()): Scenario[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const scenarios = files.map((f) =>
    parseScenario(readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)),
  );
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw invalidInput(`two scenario packs in ${dir} are named "${s.name}"`);
    names.add(s.name);
  }
  return scenarios.sort((a, b) => a.name.localeCompare(b.name));
}

export function findScenario(name: string, dir?: string): Scenario {
  const all = loadScenarios(dir);
  const found = all.find((s) => s.name === name);
  if (found === undefined) {
    throw notFound(`no scenario pack named "${name}"`, {
      hint: `available: ${all.map((s) => s.name).join(', ')}`,
    });
  }
  return found;
}

/** The briefing a trainee reads before starting (no answers in it). */
export function formatBriefing(s: Scenario): string {
  const tasks = s.tasks.map(
    (t, i) =>
      `  ${i + 1}. [${t.id}] ${t.prompt}${t.timeLimitMinutes === undefined ? '' : ` (within ${t.timeLimitMinutes} min)`} — ${t.points} points`,
  );
  return [
    `${s.title}  (${s.name} v${s.version}, ${s.difficulty})`,
    `Categories: ${s.categories.join(', ')} · Languages: ${s.languages.join(', ')} · Time limit: ${s.timeLimitMinutes} min`,
    '',
    s.briefing.trim(),
    '',
    `Legal basis (required). Record: ${s.legalBasis.mustRecord.join(', ')}.`,
    s.legalBasis.guidance.trim(),
    ...(s.loginPersona === undefined
      ? []
      : [
          '',
          `Log in as the registered investigator persona ${s.loginPersona} where content is members-only.`,
        ]),
    '',
    'Tasks:',
    ...tasks,
    '',
    'Conduct: the range runs in passive mode. Do not like, follow, message, share, reply or join; every attempt is recorded.',
  ].join('\n');
}

export interface ResolvedAnswer {
  taskId: string;
  kind: ScenarioTask['kind'];
  postId: string;
  postUrl: string;
  /** Accepted values: entity values, a category, or on-range URLs. */
  accept: string[];
}

/** The concrete answers of a pack for one variant's truth (trainer/assessment side only). */
export function resolveAnswerKey(scenario: Scenario, truth: RangeTruth): ResolvedAnswer[] {
  return scenario.tasks.map((task) => {
    const postId = truth.anchors[task.answer.anchor];
    const post = truth.posts.find((p) => p.id === postId);
    if (postId === undefined || post === undefined) {
      throw notFound(
        `anchor "${task.answer.anchor}" of ${scenario.name}/${task.id} is not in this corpus`,
      );
    }
    const source = task.answer.source;
    const entities = post.entities.filter((e) =>
      source === 'any'
        ? true
        : source === 'edit_history'
          ? e.where === 'edit_history'
          : e.where === undefined,
    );
    let accept: string[];
    switch (task.kind) {
      case 'identify_entity':
        accept = entities
          .filter((e) =>
            task.answer.entityType === 'wallet'
              ? ['btc', 'eth', 'trx'].includes(e.type)
              : e.type === task.answer.entityType,
          )
          .map((e) => e.value);
        break;
      case 'classify':
        accept = [task.answer.category ?? post.category];
        break;
      case 'follow_link': {
        const prefix = {
          shortlink: '/s/',
          paste: '/paste/',
          donation: '/donate/',
          file: '/files/',
        }[task.answer.place ?? 'paste'];
        const urls = entities
          .filter((e) => e.type === 'url' && e.value.startsWith(prefix))
          .map((e) => e.value);
        const targets = urls.flatMap((u) =>
          truth.shortlinks.filter((l) => l.url === u).map((l) => l.target),
        );
        accept = [...urls, ...targets];
        break;
      }
      case 'match_known_media':
        accept = post.media.flatMap((m) =>
          m.nearDuplicateOf === null ? (m.knownPropaganda ? [m.url] : []) : [m.nearDuplicateOf],
        );
        break;
      case 'find_and_preserve':
      case 'capture_before_removal':
        accept = [post.url];
        break;
    }
    if (accept.length === 0) {
      throw invalidInput(
        `task ${scenario.name}/${task.id} resolves to no accepted answer in this corpus`,
      );
    }
    return { taskId: task.id, kind: task.kind, postId: post.id, postUrl: post.url, accept };
  });
}
