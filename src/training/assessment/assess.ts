/**
 * @module `vigil assess` without a server: loads the scenario pack, regenerates the variant's
 * ground truth from seed and variant (the range is deterministic), reads and verifies the
 * packages, reads answers and the range's interaction log, and applies the rubric.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { invalidInput } from '../../core/errors.js';
import { generateCorpus } from '../range/corpus.js';
import { findScenario } from '../range/scenarios.js';
import { exportTruth } from '../range/truth.js';
import { readViolations } from '../range/violations.js';
import type { AssessmentResult, TraineeAnswers } from './assessment-types.js';
import { readSubmittedPackage } from './package-reader.js';
import { assessSubmission } from './rubric.js';

const answersSchema = z
  .object({
    categories: z.record(z.string(), z.string()).optional(),
    wallets: z.array(z.string()).optional(),
    handles: z.array(z.string()).optional(),
    entities: z.array(z.string()).optional(),
    tasks: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  })
  .strict();

/** Validates a trainee's answers document. */
export function parseAnswers(data: unknown, source = 'answers'): TraineeAnswers {
  const parsed = answersSchema.safeParse(data);
  if (!parsed.success)
    throw invalidInput(
      `${source} is not a valid answers document: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      {
        hint: 'expected {"categories": {"<task or post>": "<category>"}, "wallets": […], "handles": […], "entities": […], "tasks": {"<task>": "<answer>"}}',
      },
    );
  return parsed.data;
}

export interface AssessFilesRequest {
  readonly packages: readonly string[];
  readonly scenario: string;
  readonly seed: string;
  readonly variant: string;
  readonly answersFile?: string | undefined;
  readonly interactionsFile?: string | undefined;
  /** Variant ids of the other trainees of the cohort (R24 cross-check). */
  readonly otherVariants?: readonly string[] | undefined;
  readonly scenarioDir?: string | undefined;
  readonly answers?: TraineeAnswers | undefined;
}

/** Assesses files on disk. */
export async function assessFiles(request: AssessFilesRequest): Promise<AssessmentResult> {
  if (request.packages.length === 0)
    throw invalidInput('give at least one package (.wacz) to assess');
  const scenario = findScenario(request.scenario, request.scenarioDir);
  const truth = exportTruth(generateCorpus(request.seed, request.variant));
  let answers = request.answers;
  if (request.answersFile !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(request.answersFile, 'utf8')) as unknown;
    } catch (cause) {
      throw invalidInput(`${request.answersFile} cannot be read as JSON`, { cause });
    }
    answers = parseAnswers(data, request.answersFile);
  }
  const packages = [];
  for (const file of request.packages) packages.push(await readSubmittedPackage(file));
  const violations =
    request.interactionsFile === undefined ? [] : await readViolations(request.interactionsFile);
  const otherVariants = (request.otherVariants ?? [])
    .filter((v) => v !== request.variant)
    .map((v) => ({ label: `variant ${v}`, truth: exportTruth(generateCorpus(request.seed, v)) }));
  return assessSubmission({ scenario, truth, packages, answers, violations, otherVariants });
}
