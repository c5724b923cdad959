/**
 * @module The schema of a scenario pack (YAML under `scenarios/`), validated with zod. A pack
 * is a briefing, the legal basis the trainee must record, tasks with time limits, an answer key
 * that points into the ground truth by anchor (so it holds for every variant, R24), and the
 * rubric weights the assessment applies (R25).
 */
import { z } from 'zod';
import { ANCHORS } from './anchors.js';
import { CATEGORIES, ENTITY_TYPES, LANGUAGES, TRUTH_CATEGORIES } from './vocab.js';

export const TASK_KINDS = [
  /** Find a post and preserve it as evidence. */
  'find_and_preserve',
  /** Name an entity (wallet, phone, invite link…) planted in a post. */
  'identify_entity',
  /** Preserve a post before it is removed (scheduled or after first view). */
  'capture_before_removal',
  /** Assign the content category to a post. */
  'classify',
  /** Preserve an off-platform place a post leads to (short link, paste, file, donation page). */
  'follow_link',
  /** Find the known-propaganda original a re-upload is a near-duplicate of. */
  'match_known_media',
] as const;

export const RUBRIC_CRITERIA = [
  'preservation',
  'identification',
  'classification',
  'legal_basis',
  'metadata',
  'conduct',
] as const;

const anchorKeys = ANCHORS.map((a) => a.key);

const answerSchema = z
  .object({
    anchor: z.string().refine((key) => anchorKeys.includes(key), {
      error: (issue) =>
        `unknown anchor "${String(issue.input)}"; expected one of: ${anchorKeys.join(', ')}`,
    }),
    /** `wallet` accepts any of btc, eth and trx. */
    entityType: z.union([z.enum(ENTITY_TYPES), z.literal('wallet')]).optional(),
    category: z.enum(TRUTH_CATEGORIES).optional(),
    /** For follow_link: the off-platform place the post leads to. */
    place: z.enum(['shortlink', 'paste', 'donation', 'file']).optional(),
    /** Where the entity must come from: the current text, only an earlier version, or either. */
    source: z.enum(['current', 'edit_history', 'any']).default('current'),
  })
  .strict();

export const taskSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'task ids are lower-case letters, digits and dashes'),
    kind: z.enum(TASK_KINDS),
    prompt: z.string().min(10),
    timeLimitMinutes: z.number().int().positive().optional(),
    points: z.number().int().positive(),
    answer: answerSchema,
  })
  .strict()
  .superRefine((task, ctx) => {
    if (task.kind === 'identify_entity' && task.answer.entityType === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer', 'entityType'],
        message: 'identify_entity tasks need answer.entityType',
      });
    }
    if (task.kind === 'classify' && task.answer.category === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer', 'category'],
        message: 'classify tasks need answer.category',
      });
    }
    if (task.kind === 'follow_link' && task.answer.place === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer', 'place'],
        message: 'follow_link tasks need answer.place',
      });
    }
    if (task.kind === 'capture_before_removal') {
      const anchor = ANCHORS.find((a) => a.key === task.answer.anchor);
      if (anchor !== undefined && anchor.deletion === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['answer', 'anchor'],
          message: `anchor "${anchor.key}" is never removed; capture_before_removal needs one that is`,
        });
      }
    }
  });

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'scenario names are lower-case letters, digits and dashes'),
    title: z.string().min(3),
    version: z.number().int().positive(),
    categories: z.array(z.enum(CATEGORIES)).min(1),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
    timeLimitMinutes: z.number().int().positive(),
    briefing: z.string().min(40),
    legalBasis: z
      .object({
        required: z.literal(true),
        mustRecord: z
          .array(
            z.enum([
              'authority',
              'reference',
              'purpose',
              'scope',
              'valid_from',
              'valid_until',
              'provenance',
            ]),
          )
          .min(3),
        guidance: z.string().min(10),
      })
      .strict(),
    loginPersona: z.string().optional(),
    tasks: z.array(taskSchema).min(1),
    rubric: z
      .object({
        weights: z.partialRecord(z.enum(RUBRIC_CRITERIA), z.number().min(0).max(1)),
        penalties: z
          .object({
            interactionViolation: z.number().nonnegative(),
            lateCapture: z.number().nonnegative(),
          })
          .strict(),
      })
      .strict()
      .refine(
        (r) => Math.abs(Object.values(r.weights).reduce((s, w) => s + (w ?? 0), 0) - 1) < 1e-6,
        {
          message: 'rubric weights must add up to 1',
          path: ['weights'],
        },
      ),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const ids = new Set<string>();
    scenario.tasks.forEach((task, i) => {
      if (ids.has(task.id))
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', i, 'id'],
          message: `duplicate task id "${task.id}"`,
        });
      ids.add(task.id);
    });
    const sum = scenario.tasks.reduce((s, t) => s + (t.timeLimitMinutes ?? 0), 0);
    if (sum > scenario.timeLimitMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeLimitMinutes'],
        message: `task time limits (${sum} min) exceed the scenario's ${scenario.timeLimitMinutes} min`,
      });
    }
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioTask = z.infer<typeof taskSchema>;
